"""Legal-aid pages: fetch (scoped) → service → message → redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from directory.exports import Column, export_response
from directory.history import history_rows
from directory.listing import paginate
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.models import OrgUnit, staff_of
from directory.privacy import can_export_identifiable, can_view_identifiers, log_access, mask_id_number
from directory.roles import Role, role_required
from directory.voiding import AlreadyVoided, void_record
from petitions.services import InvalidTransition as PetitionInvalidTransition

from . import services
from .forms import (
    AssessorForm,
    AssignForm,
    CaseFilter,
    CaseForm,
    CloseForm,
    DecideForm,
    ExtendForm,
    HearingFilter,
    HearingForm,
    OrderDecisionForm,
    OrderFilter,
    PoliceWarningForm,
    ProtectionOrderForm,
    VisitForm,
    WarningFilter,
    WithdrawForm,
)
from .models import Assessor, AssessorHearing, LegalAidCase, PoliceWarning, ProtectionOrder
from .referral import initial_from_petition, petition_url, petitions_for_referral

INTAKE = (Role.CLERK, Role.HANDLER, Role.MANAGER)
CASEWORK = (Role.HANDLER, Role.MANAGER)


def _units(user):
    return OrgUnit.objects.visible_to(user)


def _unit_initial(user):
    staff = staff_of(user)
    return {"org_unit": staff.org_unit_id} if staff else {}


def _add_errors(form, error: ValidationError):
    """Put a service's ValidationError on the form's fields (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def _void(request, record, success_url):
    reason = request.POST.get("reason", "")
    if not reason.strip():
        messages.error(request, _("Give a reason for voiding."))
        return redirect(record)
    try:
        void_record(record=record, by=request.user, reason=reason)
    except AlreadyVoided:
        messages.error(request, _("This record was already voided."))
        return redirect(record)
    messages.success(request, _("Record voided."))
    return redirect(success_url)


# --- cases ----------------------------------------------------------------------


def cases(request):
    rows = LegalAidCase.objects.visible_to(request.user).active().for_list()
    filterset = CaseFilter(request.GET or None, queryset=rows, today=localdate(), units=_units(request.user))
    page, query = paginate(request, filterset.qs)
    today = localdate()
    for case in page:
        case.clock_state = case.clock(today)
    return render(
        request,
        "legal_aid/cases.html",
        {"filter": filterset, "page": page, "query": query, "can_export": can_export_identifiable(request.user)},
    )


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
    return export_response(
        request=request, queryset=filterset.qs, columns=CASE_COLUMNS, fmt=fmt, basename="legal-aid-cases"
    )


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
    return export_response(
        request=request, queryset=filterset.qs, columns=ORDER_COLUMNS, fmt=fmt, basename="protection-orders"
    )


def warnings_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if not can_export_identifiable(request.user):
        raise PermissionDenied
    rows = PoliceWarning.objects.visible_to(request.user).active().for_list()
    filterset = WarningFilter(request.GET or None, queryset=rows, units=_units(request.user))
    return export_response(
        request=request, queryset=filterset.qs, columns=WARNING_COLUMNS, fmt=fmt, basename="police-warnings"
    )


def _case_page(request, case, status=200, **forms):
    today = localdate()
    show = can_view_identifiers(request.user)
    context = {
        "case": case,
        "today": today,
        "clock_state": case.clock(today),
        "show_identifiers": show,
        "history": history_rows(case.history.all(), show_identifiers=show),
        "petition_url": petition_url(case.source_petition),
        "orders": list(case.protection_orders.active()),
        "warnings": list(case.police_warnings.active()),
        "can_work": request.user.is_superuser or staff_of(request.user).role in CASEWORK,
        "decide_form": forms.get("decide_form") or DecideForm(initial={"on": today, "seen_version": case.version}),
        "assign_form": forms.get("assign_form")
        or AssignForm(user=request.user, initial={"on": today, "seen_version": case.version}),
        "close_form": forms.get("close_form") or CloseForm(initial={"on": today, "seen_version": case.version}),
        "withdraw_form": forms.get("withdraw_form")
        or WithdrawForm(initial={"on": today, "seen_version": case.version}),
    }
    return render(request, "legal_aid/case.html", context, status=status)


def _get_case(request, pk):
    return get_object_or_404(
        LegalAidCase.objects.visible_to(request.user).select_related(
            "org_unit", "client", "lawyer", "partner_agency", "created_by", "voided_by", "source_petition"
        ),
        pk=pk,
    )


def case(request, pk):
    case = _get_case(request, pk)
    log_access(user=request.user, action="view", target=case, request=request)
    return _case_page(request, case)


@role_required(*INTAKE)
def case_create(request):
    """A new application; with ?petition=<id>, pre-filled from that petition and logged on its timeline."""
    petition = None
    initial = {**_unit_initial(request.user), "applied_on": localdate()}
    if "petition" in request.GET:
        pk = request.GET["petition"]
        if not pk.isdigit():
            raise Http404
        petition = get_object_or_404(petitions_for_referral(request.user), pk=pk)
        initial.update(initial_from_petition(petition))
    form = CaseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.CASE_FIELDS}
        try:
            case = services.create_case(by=request.user, source_petition=petition, **data)
        except ValidationError as error:
            _add_errors(form, error)
        except PetitionInvalidTransition:
            form.add_error(
                None,
                _("Petition %(ref)s cannot be referred to legal aid now: it must be accepted first.")
                % {"ref": petition.reference},
            )
        else:
            messages.success(request, _("Case %(ref)s registered.") % {"ref": case.reference})
            return redirect(case)
    return render(request, "legal_aid/case_form.html", {"form": form, "petition": petition})


@role_required(*INTAKE)
def case_edit(request, pk):
    case = _get_case(request, pk)
    form = CaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.CASE_FIELDS}
        try:
            services.update_case(case=case, by=request.user, expected_version=form.cleaned_data["seen_version"], **data)
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(case)
    return render(request, "legal_aid/case_form.html", {"form": form, "case": case})


def _case_step(request, pk, form_class, form_key, run, success, **form_kwargs):
    case = _get_case(request, pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            run(case, form.cleaned_data)
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.InvalidTransition:
            messages.error(
                request,
                _("This step is not possible for a case that is %(status)s.") % {"status": case.get_status_display()},
            )
            return redirect(case)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(case)
    return _case_page(request, case, status=200, **{form_key: form})


@require_POST
@role_required(*CASEWORK)
def case_decide(request, pk):
    def run(case, data):
        services.decide_case(
            case=case,
            by=request.user,
            on=data["on"],
            accept=data["decision"] == "accept",
            reasons=data["reasons"],
            expected_version=data["seen_version"],
        )

    return _case_step(request, pk, DecideForm, "decide_form", run, _("Decision recorded."))


@require_POST
@role_required(*CASEWORK)
def case_assign(request, pk):
    def run(case, data):
        services.assign_lawyer(
            case=case,
            by=request.user,
            on=data["on"],
            lawyer=data["lawyer"],
            lawyer_name=data["lawyer_name"],
            expected_version=data["seen_version"],
        )

    return _case_step(request, pk, AssignForm, "assign_form", run, _("Lawyer assigned."), user=request.user)


@require_POST
@role_required(*CASEWORK)
def case_close(request, pk):
    def run(case, data):
        services.close_case(
            case=case,
            by=request.user,
            on=data["on"],
            outcome=data["outcome"],
            money_recovered=data["money_recovered"],
            expected_version=data["seen_version"],
        )

    return _case_step(request, pk, CloseForm, "close_form", run, _("Case closed."))


@require_POST
@role_required(*CASEWORK)
def case_withdraw(request, pk):
    def run(case, data):
        services.withdraw_case(
            case=case, by=request.user, on=data["on"], reason=data["reason"], expected_version=data["seen_version"]
        )

    return _case_step(request, pk, WithdrawForm, "withdraw_form", run, _("Case marked as withdrawn."))


@require_POST
@role_required(*CASEWORK)
def case_void(request, pk):
    return _void(request, _get_case(request, pk), "legal_aid:cases")


# --- protection orders ---------------------------------------------------------------


def orders(request):
    today = localdate()
    rows = ProtectionOrder.objects.visible_to(request.user).active().for_list()
    filterset = OrderFilter(request.GET or None, queryset=rows, today=today, units=_units(request.user))
    page, query = paginate(request, filterset.qs)
    reminders = list(
        ProtectionOrder.objects.visible_to(request.user)
        .active()
        .reminders_due_on(today)
        .for_list()
        .order_by("expires_on")[:20]
    )
    return render(
        request,
        "legal_aid/orders.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "today": today,
            "reminders": reminders,
            "can_export": can_export_identifiable(request.user),
        },
    )


def _get_order(request, pk):
    return get_object_or_404(
        ProtectionOrder.objects.visible_to(request.user).select_related(
            "org_unit", "victim", "legal_aid_case", "voided_by"
        ),
        pk=pk,
    )


def _order_page(request, order, **forms):
    today = localdate()
    show = can_view_identifiers(request.user)
    return render(
        request,
        "legal_aid/order.html",
        {
            "order": order,
            "today": today,
            "in_force": order.is_in_force(today),
            "reminder_due": order.reminder_on is not None and order.reminder_on <= today and order.is_in_force(today),
            "show_identifiers": show,
            "history": history_rows(order.history.all(), show_identifiers=show),
            "decision_form": forms.get("decision_form")
            or OrderDecisionForm(initial={"on": today, "effective_from": today, "seen_version": order.version}),
            "extend_form": forms.get("extend_form") or ExtendForm(initial={"seen_version": order.version}),
        },
    )


def order(request, pk):
    order = _get_order(request, pk)
    log_access(user=request.user, action="view", target=order, request=request)
    return _order_page(request, order)


@role_required(*INTAKE)
def order_create(request):
    initial = _unit_initial(request.user)
    if request.GET.get("case"):
        case = LegalAidCase.objects.visible_to(request.user).filter(pk=request.GET["case"]).first()
        if case:
            initial.update(legal_aid_case=case.pk, victim=case.client_id, org_unit=case.org_unit_id, court=case.court)
    form = ProtectionOrderForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.apply_for_protection_order(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Protection-order application recorded."))
            return redirect(order)
    return render(request, "legal_aid/order_form.html", {"form": form})


@require_POST
@role_required(*CASEWORK)
def order_decide(request, pk):
    order = _get_order(request, pk)
    form = OrderDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_protection_order(
                order=order,
                by=request.user,
                on=data["on"],
                granted=data["decision"] == "granted",
                ban_violence=data["ban_violence"],
                ban_contact=data["ban_contact"],
                move_out=data["move_out"],
                other_measures=data["other_measures"],
                effective_from=data["effective_from"],
                expires_on=data["expires_on"],
                expected_version=data["seen_version"],
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.InvalidTransition:
            messages.error(request, _("The court's decision on this order is already recorded."))
            return redirect(order)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(order)
    return _order_page(request, order, decision_form=form)


@require_POST
@role_required(*CASEWORK)
def order_extend(request, pk):
    order = _get_order(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.extend_protection_order(
                order=order,
                by=request.user,
                new_expiry=data["new_expiry"],
                note=data["note"],
                expected_version=data["seen_version"],
            )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.InvalidTransition:
            messages.error(request, _("Only a granted order can be extended."))
            return redirect(order)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Order extended."))
            return redirect(order)
    return _order_page(request, order, extend_form=form)


@require_POST
@role_required(*CASEWORK)
def order_void(request, pk):
    return _void(request, _get_order(request, pk), "legal_aid:orders")


# --- police warnings ------------------------------------------------------------------


def warnings(request):
    rows = PoliceWarning.objects.visible_to(request.user).active().for_list()
    filterset = WarningFilter(request.GET or None, queryset=rows, units=_units(request.user))
    page, query = paginate(request, filterset.qs)
    return render(
        request,
        "legal_aid/warnings.html",
        {"filter": filterset, "page": page, "query": query, "can_export": can_export_identifiable(request.user)},
    )


def _get_warning(request, pk):
    return get_object_or_404(
        PoliceWarning.objects.visible_to(request.user).select_related(
            "org_unit", "victim", "police_station", "legal_aid_case", "voided_by"
        ),
        pk=pk,
    )


def _warning_page(request, warning, visit_form=None):
    show = can_view_identifiers(request.user)
    return render(
        request,
        "legal_aid/warning.html",
        {
            "warning": warning,
            "visits": list(warning.visits.select_related("recorded_by")),
            "visit_form": visit_form or VisitForm(initial={"visited_on": localdate()}),
            "show_identifiers": show,
            "history": history_rows(warning.history.all(), show_identifiers=show),
        },
    )


def warning(request, pk):
    warning = _get_warning(request, pk)
    log_access(user=request.user, action="view", target=warning, request=request)
    return _warning_page(request, warning)


@role_required(*INTAKE)
def warning_create(request):
    form = PoliceWarningForm(request.POST or None, user=request.user, initial=_unit_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            warning = services.record_police_warning(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Police warning recorded."))
            return redirect(warning)
    return render(request, "legal_aid/warning_form.html", {"form": form})


@require_POST
@role_required(*INTAKE)
def warning_visit(request, pk):
    warning = _get_warning(request, pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_follow_up_visit(
                warning=warning, by=request.user, visited_on=data["visited_on"], visitor=data["by"], notes=data["notes"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Follow-up visit recorded."))
            return redirect(warning)
    return _warning_page(request, warning, visit_form=form)


@require_POST
@role_required(*CASEWORK)
def warning_void(request, pk):
    return _void(request, _get_warning(request, pk), "legal_aid:warnings")


# --- assessors and hearings -----------------------------------------------------------


def assessors(request):
    today = localdate()
    rows = list(Assessor.objects.visible_to(request.user).active().for_register(today.year))
    for a in rows:
        a.alerts = a.warnings(today, a.hearings_this_year)
    return render(request, "legal_aid/assessors.html", {"assessors": rows, "today": today})


def _get_assessor(request, pk):
    return get_object_or_404(
        Assessor.objects.visible_to(request.user).select_related("org_unit", "person", "staff_user", "voided_by"),
        pk=pk,
    )


def _assessor_page(request, assessor, hearing_form=None):
    today = localdate()
    hearings = list(assessor.hearings.active().order_by("-heard_on", "-pk"))
    this_year = sum(1 for h in hearings if h.heard_on.year == today.year)
    return render(
        request,
        "legal_aid/assessor.html",
        {
            "assessor": assessor,
            "hearings": hearings,
            "this_year": this_year,
            "alerts": assessor.warnings(today, this_year),
            "hearing_form": hearing_form or HearingForm(initial={"heard_on": today, "panel_size": 3}),
            "history": history_rows(assessor.history.all()),
        },
    )


def assessor(request, pk):
    return _assessor_page(request, _get_assessor(request, pk))


@role_required(*CASEWORK)
def assessor_create(request):
    form = AssessorForm(request.POST or None, user=request.user, initial=_unit_initial(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            assessor = services.appoint_assessor(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Assessor added to the register."))
            return redirect(assessor)
    return render(request, "legal_aid/assessor_form.html", {"form": form})


@require_POST
@role_required(*INTAKE)
def hearing_create(request, pk):
    assessor = _get_assessor(request, pk)
    form = HearingForm(request.POST)
    if form.is_valid():
        try:
            services.record_hearing(assessor=assessor, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Hearing recorded."))
            return redirect(assessor)
    return _assessor_page(request, assessor, hearing_form=form)


@require_POST
@role_required(*CASEWORK)
def assessor_void(request, pk):
    return _void(request, _get_assessor(request, pk), "legal_aid:assessors")


def hearings(request):
    rows = AssessorHearing.objects.visible_to(request.user).active().for_list()
    filterset = HearingFilter(request.GET or None, queryset=rows, units=_units(request.user))
    page, query = paginate(request, filterset.qs)
    return render(
        request,
        "legal_aid/hearings.html",
        {"filter": filterset, "page": page, "query": query, "can_export": can_export_identifiable(request.user)},
    )


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
    return export_response(
        request=request, queryset=filterset.qs, columns=HEARING_COLUMNS, fmt=fmt, basename="hearings"
    )
