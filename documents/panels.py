"""The documents panel on a petition's, a legal-aid case's and an event's page."""

from django.urls import reverse

from directory.record_panels import record_panel
from directory.roles import has_role

from .kinds import KINDS, applicable
from .models import IssuedDocument


def documents_panel(request, record):
    issued = list(IssuedDocument.objects.visible_to(request.user).for_record(record))
    kinds = [kind for kind in KINDS.values() if kind.model is type(record)]
    done = {doc.kind for doc in issued}
    offers = [
        {
            "kind": kind,
            "url": reverse("documents:issue", args=[kind.code, record.pk]),
            "issued_before": kind.code in done,
        }
        for kind in kinds
        if has_role(request.user, *kind.roles) and applicable(kind, record)
    ]
    labels = {kind.code: kind.label for kind in kinds}
    for doc in issued:
        doc.kind_label = labels.get(doc.kind, doc.kind)
    return {"template": "documents/_panel.html", "issued": issued, "offers": offers}


for label in ("petitions.petition", "legal_aid.legalaidcase", "outreach.event"):
    record_panel(label)(documents_panel)
