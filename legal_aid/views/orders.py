"""Personal-safety protection orders: the list with expiry reminders, the record, the court's decision, extension."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.history import history_rows
from directory.listing import list_period, paginate, period_line
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.privacy import can_export_identifiable, can_view_identifiers, log_access
from directory.roles import role_required

from .. import services
from ..figures import protection_order_figures
from ..forms import ExtendForm, OrderDecisionForm, OrderFilter, ProtectionOrderForm
from ..models import LegalAidCase, ProtectionOrder
from .common import CASEWORK, INTAKE, _add_errors, _unit_initial, _units, _void


def orders(request):
    today = localdate()
    rows = ProtectionOrder.objects.visible_to(request.user).active().for_list()
    filterset = OrderFilter(request.GET or None, queryset=rows, today=today, units=_units(request.user))
    page, query = paginate(request, filterset.qs)
    # Orders granted in the period were often filed before it: count them over the list's other filters.
    period = list_period(filterset, "filed_from", "filed_to")
    undated = request.GET.copy()
    for key in ("filed_from", "filed_to"):
        undated.pop(key, None)
    figures = (
        protection_order_figures(
            OrderFilter(undated, queryset=rows, today=today, units=_units(request.user)).qs, period
        )
        if period
        else None
    )
    line = period_line(
        period,
        ("applied", _("Applied for in the period"), figures and figures.applied),
        ("granted", _("Granted in the period"), figures and figures.granted),
    )
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
            "line": line,
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
