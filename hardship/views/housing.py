"""Housing units of a programme and their progress."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.exports import Column
from directory.history import history_rows
from directory.listing import list_period, paginate, period_line
from directory.locking import STALE_MESSAGE, StaleEdit
from directory.roles import has_role, role_required

from .. import services
from ..figures import housing_figures
from ..filters import HousingUnitFilter
from ..forms import AdvanceHousingForm, HousingUnitForm
from ..models import HousingUnit, Programme
from .common import PLANNERS, _export, _households, _units


def housing_units(request):
    rows = HousingUnit.objects.visible_to(request.user).active().for_list()
    filterset = HousingUnitFilter(request.GET or None, queryset=rows, units=_units(request.user))
    rows = filterset.qs
    columns = lambda: [  # noqa: E731
        Column(_("Programme"), lambda u: str(u.programme)),
        Column(_("Head of household"), lambda u: u.household.head.full_name),
        Column(_("Address"), lambda u: str(u)),
        Column(_("Status"), lambda u: u.get_status_display()),
        Column(_("Planned cost"), lambda u: u.planned_cost),
        Column(_("Actual cost"), lambda u: u.actual_cost),
        Column(_("Completed on"), lambda u: u.completed_on.isoformat() if u.completed_on else ""),
        Column(_("Handed over on"), lambda u: u.handed_over_on.isoformat() if u.handed_over_on else ""),
    ]
    if exported := _export(request, rows, columns, "housing-units"):
        return exported
    page, query = paginate(request, rows)
    period = list_period(filterset, "completed_from", "completed_to")
    line = period_line(period, ("units", _("Homes built"), period and housing_figures(rows, period).completed))
    context = {"filter": filterset, "page": page, "query": query, "line": line}
    return render(request, "hardship/housing_units.html", context)


def housing_unit(request, pk):
    unit = get_object_or_404(HousingUnit.objects.visible_to(request.user).for_list(), pk=pk)
    step = services.HOUSING_NEXT.get(unit.status)
    return render(
        request,
        "hardship/housing_unit.html",
        {
            "unit": unit,
            "funding": list(unit.funding.filter(amount__gt=0)),
            "next_status": HousingUnit.Status(step[0]) if step and not unit.is_voided else None,
            "advance_form": AdvanceHousingForm(initial={"seen_version": unit.version}),
            "history": history_rows(unit.history.all()),
            "can_plan": has_role(request.user, *PLANNERS),
        },
    )


@role_required(*PLANNERS)
def housing_unit_form(request, programme_pk=None, pk=None):
    unit = get_object_or_404(HousingUnit.objects.visible_to(request.user).active(), pk=pk) if pk else None
    if unit:
        programme = unit.programme
    else:
        programme = get_object_or_404(
            Programme.objects.visible_to(request.user).active(), pk=programme_pk, kind=Programme.Kind.HOUSING
        )
    form = HousingUnitForm(request.POST or None, instance=unit, households=_households(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {f: data[f] for f in services.HOUSING_FIELDS}
        try:
            if unit:
                saved = services.update_housing_unit(
                    unit=unit, by=request.user, expected_version=data["seen_version"], funding=form.funding(), **fields
                )
            else:
                saved = services.create_housing_unit(
                    by=request.user, programme=programme, household=data["household"], funding=form.funding(), **fields
                )
        except StaleEdit:
            form.add_error(None, STALE_MESSAGE)
        except services.HardshipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Housing unit saved."))
            return redirect(saved)
    return render(
        request, "hardship/form.html", {"form": form, "title": _("Housing unit"), "cancel": unit or programme}
    )


@require_POST
@role_required(*PLANNERS)
def housing_unit_advance(request, pk):
    unit = get_object_or_404(HousingUnit.objects.visible_to(request.user), pk=pk)
    form = AdvanceHousingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of this step."))
        return redirect(unit)
    try:
        services.advance_housing_unit(
            unit=unit,
            by=request.user,
            to=request.POST.get("to", ""),
            on=form.cleaned_data["on"],
            actual_cost=form.cleaned_data["actual_cost"],
            expected_version=form.cleaned_data["seen_version"],
        )
    except StaleEdit:
        messages.error(request, STALE_MESSAGE)
    except services.HardshipError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Status changed."))
    return redirect(unit)
