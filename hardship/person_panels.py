"""The support a person and her household had, on her page (`directory.person_records`)."""

from django.db.models import Q
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from directory.person_records import RecordRow, latest_visible, records_panel
from directory.record_panels import record_panel

from .models import Enrolment, Household, HouseholdMember


@record_panel("directory.person")
def her_support(request, person):
    user = request.user
    # Her households as a member first, by their ids: an OR of the head and a join on the
    # members could use neither index and would read every household in scope.
    member_of = list(HouseholdMember.objects.filter(person=person).values_list("household_id", flat=True)[:100])
    households, more_households = latest_visible(
        Household, user, Q(head=person) | Q(pk__in=member_of), related=("head",), order_by=("-pk",)
    )
    enrolments, more_enrolments = latest_visible(
        Enrolment, user, student=person, related=("training_class",), order_by=("-enrolled_on", "-pk")
    )
    rows = [
        RecordRow(
            on=localdate(household.created_at),
            kind=_("Household"),
            label=str(household),
            url=household.get_absolute_url(),
            detail=_("head of household") if household.head_id == person.pk else _("member"),
            status="",
        )
        for household in households
    ]
    rows += [
        RecordRow(
            on=enrolment.enrolled_on,
            kind=_("Training class"),
            label=enrolment.training_class.name,
            url=enrolment.training_class.get_absolute_url(),
            detail="",
            status=enrolment.get_status_display(),
        )
        for enrolment in enrolments
    ]
    return records_panel(
        anchor="her-support",
        title=_("Hardship support"),
        rows=rows,
        more=more_households or more_enrolments,
        empty=_("No household or training class in your units."),
    )
