"""A person's legal aid, protection orders and police warnings, on her page (`directory.person_records`)."""

from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from directory.person_records import RecordRow, latest_visible, records_panel
from directory.record_panels import record_panel

from .models import LegalAidCase, PoliceWarning, ProtectionOrder


@record_panel("directory.person")
def her_legal_aid(request, person):
    user = request.user
    cases, more_cases = latest_visible(LegalAidCase, user, client=person, order_by=("-applied_on", "-pk"))
    orders, more_orders = latest_visible(ProtectionOrder, user, victim=person, order_by=("-filed_at", "-pk"))
    warnings, more_warnings = latest_visible(
        PoliceWarning, user, victim=person, related=("police_station",), order_by=("-issued_on", "-pk")
    )
    rows = [
        RecordRow(
            on=case.applied_on,
            kind=_("Legal aid case"),
            label=case.reference,
            url=case.get_absolute_url(),
            detail=f"{case.get_aid_form_display()} · {case.get_cause_display()}",
            status=case.get_status_display(),
        )
        for case in cases
    ]
    rows += [
        RecordRow(
            on=localdate(order.filed_at),  # the day in China, not in UTC
            kind=_("Protection order"),
            label=order.court_case_number or order.court,
            url=order.get_absolute_url(),
            detail=", ".join(order.measures()),
            status=order.get_decision_display(),
        )
        for order in orders
    ]
    rows += [
        RecordRow(
            on=warning.issued_on,
            kind=_("Police warning"),
            label=str(warning.police_station or _("Police warning")),
            url=warning.get_absolute_url(),
            detail=warning.abuser_name,
            status="",
        )
        for warning in warnings
    ]
    return records_panel(
        anchor="her-legal-aid",
        title=_("Legal aid and protection"),
        rows=rows,
        more=more_cases or more_orders or more_warnings,
        empty=_("No legal aid, protection order or police warning in your units."),
    )
