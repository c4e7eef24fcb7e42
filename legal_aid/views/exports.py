"""CSV / Excel exports of the legal-aid lists (identifiable data: only for those allowed)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from directory.exports import Column
from directory.privacy import can_export_identifiable, mask_id_number
from jobs.exports import export

from ..forms import CaseFilter, HearingFilter, OrderFilter, WarningFilter
from ..models import AssessorHearing, LegalAidCase, PoliceWarning, ProtectionOrder
from .common import _units

CASE_COLUMNS = [
    Column(gettext_lazy("Reference number"), lambda c: c.reference),
    Column(gettext_lazy("Unit"), lambda c: c.org_unit.name),
    Column(gettext_lazy("Client"), lambda c: c.client.full_name),
    Column(gettext_lazy("ID number"), lambda c: mask_id_number(c.client.id_number)),
    Column(gettext_lazy("Aid form"), lambda c: c.get_aid_form_display()),
    Column(gettext_lazy("Cause"), lambda c: c.get_cause_display()),
    Column(gettext_lazy("Represented by"), lambda c: c.get_provider_display()),
    Column(gettext_lazy("Eligibility basis"), lambda c: c.get_eligibility_display()),
    Column(gettext_lazy("Lawyer or volunteer"), lambda c: c.lawyer_display),
    Column(gettext_lazy("Court"), lambda c: c.court),
    Column(gettext_lazy("Court case number"), lambda c: c.court_case_number),
    Column(gettext_lazy("Applied on"), lambda c: c.applied_on),
    Column(gettext_lazy("Decision due"), lambda c: c.decision_due_on),
    Column(gettext_lazy("Decided on"), lambda c: c.decided_on),
    Column(gettext_lazy("Lawyer assigned on"), lambda c: c.lawyer_assigned_on),
    Column(gettext_lazy("Closed on"), lambda c: c.closed_on),
    Column(gettext_lazy("Status"), lambda c: c.get_status_display()),
    Column(gettext_lazy("Outcome"), lambda c: c.get_outcome_display()),
    Column(gettext_lazy("Money recovered (yuan)"), lambda c: float(c.money_recovered)),
]


@require_GET
def cases_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if not can_export_identifiable(request.user):
        raise PermissionDenied
    rows = LegalAidCase.objects.visible_to(request.user).active().for_list()
    filterset = CaseFilter(request.GET or None, queryset=rows, today=localdate(), units=_units(request.user))
    return export(request=request, queryset=filterset.qs, columns=CASE_COLUMNS, fmt=fmt, basename="legal-aid-cases")


ORDER_COLUMNS = [
    Column(gettext_lazy("Victim"), lambda o: o.victim.full_name),
    Column(gettext_lazy("ID number"), lambda o: mask_id_number(o.victim.id_number)),
    Column(gettext_lazy("Unit"), lambda o: o.org_unit.name),
    Column(gettext_lazy("Applicant"), lambda o: o.get_applicant_display()),
    Column(gettext_lazy("Court"), lambda o: o.court),
    Column(gettext_lazy("Court case number"), lambda o: o.court_case_number),
    Column(gettext_lazy("Filed at"), lambda o: localtime(o.filed_at).strftime("%Y-%m-%d %H:%M")),
    Column(gettext_lazy("Decision"), lambda o: o.get_decision_display()),
    Column(gettext_lazy("Decided on"), lambda o: o.decided_on),
    Column(gettext_lazy("In force from"), lambda o: o.effective_from),
    Column(gettext_lazy("Expires on"), lambda o: o.expires_on),
    Column(gettext_lazy("Extensions"), lambda o: o.extensions),
]

WARNING_COLUMNS = [
    Column(gettext_lazy("Issued on"), lambda w: w.issued_on),
    Column(gettext_lazy("Victim"), lambda w: w.victim.full_name),
    Column(gettext_lazy("ID number"), lambda w: mask_id_number(w.victim.id_number)),
    Column(gettext_lazy("Abuser"), lambda w: w.abuser_name),
    Column(gettext_lazy("Police station"), lambda w: w.police_station.name if w.police_station else ""),
    Column(gettext_lazy("The federation helped obtain it"), lambda w: "✓" if w.federation_helped else ""),
    Column(gettext_lazy("Follow-up visits"), lambda w: w.n_visits),
    Column(gettext_lazy("Unit"), lambda w: w.org_unit.name),
]


def orders_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if not can_export_identifiable(request.user):
        raise PermissionDenied
    rows = ProtectionOrder.objects.visible_to(request.user).active().for_list()
    filterset = OrderFilter(request.GET or None, queryset=rows, today=localdate(), units=_units(request.user))
    return export(request=request, queryset=filterset.qs, columns=ORDER_COLUMNS, fmt=fmt, basename="protection-orders")


def warnings_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if not can_export_identifiable(request.user):
        raise PermissionDenied
    rows = PoliceWarning.objects.visible_to(request.user).active().for_list()
    filterset = WarningFilter(request.GET or None, queryset=rows, units=_units(request.user))
    return export(request=request, queryset=filterset.qs, columns=WARNING_COLUMNS, fmt=fmt, basename="police-warnings")


HEARING_COLUMNS = [
    Column(gettext_lazy("Assessor"), lambda h: h.assessor.full_name),
    Column(gettext_lazy("Unit"), lambda h: h.assessor.org_unit.name),
    Column(gettext_lazy("Court"), lambda h: h.court),
    Column(gettext_lazy("Court case number"), lambda h: h.court_case_number),
    Column(gettext_lazy("Case type"), lambda h: h.get_case_type_display()),
    Column(gettext_lazy("Cause"), lambda h: h.cause),
    Column(gettext_lazy("Heard on"), lambda h: h.heard_on),
    Column(gettext_lazy("Women's rights involved"), lambda h: _("yes") if h.women_involved else _("no")),
    Column(gettext_lazy("Children's rights involved"), lambda h: _("yes") if h.children_involved else _("no")),
    Column(gettext_lazy("Panel size"), lambda h: h.panel_size),
    Column(gettext_lazy("Outcome"), lambda h: h.outcome),
]


@require_GET
def hearings_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if not can_export_identifiable(request.user):
        raise PermissionDenied
    rows = AssessorHearing.objects.visible_to(request.user).active().for_list()
    filterset = HearingFilter(request.GET or None, queryset=rows, units=_units(request.user))
    return export(request=request, queryset=filterset.qs, columns=HEARING_COLUMNS, fmt=fmt, basename="hearings")
