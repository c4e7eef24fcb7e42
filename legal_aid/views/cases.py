"""Legal-aid cases: the list, the record page, registration, editing and each step of the case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.history import history_rows
from directory.listing import list_period, paginate, period_line
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.models import staff_of
from directory.privacy import can_export_identifiable, can_view_identifiers, log_access
from directory.record_panels import panels_for_record
from directory.roles import role_required
from petitions.services import InvalidTransition as PetitionInvalidTransition

from .. import services
from ..figures import case_figures
from ..forms import AssignForm, CaseFilter, CaseForm, CloseForm, DecideForm, WithdrawForm
from ..models import LegalAidCase
from ..referral import initial_from_petition, petition_url, petitions_for_referral
from .common import CASEWORK, INTAKE, _add_errors, _unit_initial, _units, _void


def cases(request):
    rows = LegalAidCase.objects.visible_to(request.user).active().for_list()
    filterset = CaseFilter(request.GET or None, queryset=rows, today=localdate(), units=_units(request.user))
    page, query = paginate(request, filterset.qs)
    today = localdate()
    for case in page:
        case.clock_state = case.clock(today)
    period = list_period(filterset, "applied_from", "applied_to")
    figures = case_figures(filterset.qs, period) if period else None
    line = period_line(
        period,
        ("cases", _("Cases given legal aid"), figures and figures.aided),
        ("women", _("Women given legal aid"), figures and figures.women_aided),
    )
    return render(
        request,
        "legal_aid/cases.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "line": line,
            "can_export": can_export_identifiable(request.user),
        },
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
        "panels": panels_for_record(request, case),
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
