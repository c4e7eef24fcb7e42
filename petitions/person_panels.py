"""A person's petitions, on her page (`directory.person_records`)."""

from django.db.models import F
from django.utils.translation import gettext as _

from directory.person_records import RecordRow, latest, records_panel
from directory.record_panels import record_panel

from .models import Petition, PetitionParty


@record_panel("directory.person")
def her_petitions(request, person):
    petitions = (
        Petition.objects.visible_to(request.user)
        .active()
        .filter(parties__person=person)
        .annotate(party_role=F("parties__role"))
        .select_related("category", "subcategory")
        .order_by("-received_on", "-pk")
    )
    shown, more = latest(petitions)
    roles = dict(PetitionParty.Role.choices)
    rows = [
        RecordRow(
            on=p.received_on,
            kind=str(roles.get(p.party_role, p.party_role)),
            label=p.reference,
            url=p.get_absolute_url(),
            detail=" · ".join(str(c) for c in (p.category, p.subcategory) if c),
            status=p.get_status_display(),
        )
        for p in shown
    ]
    return records_panel(
        anchor="her-petitions", title=_("Petitions"), rows=rows, more=more, empty=_("No petitions in your units.")
    )
