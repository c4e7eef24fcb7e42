"""The service-point network: coverage per unit, opening and closing points."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory.models import OrgUnit, ServicePoint
from directory.roles import role_required

from ..figures import point_coverage
from ..forms import ClosePointForm, DayForm, OpenPointForm
from ..services import PointRefused, close_service_point, open_service_point
from .common import NETWORK_EDITORS, _can, _default_unit, _sees, _units


def network(request, pk=None, open_form=None):
    """The coverage page; `open_form` is a refused opening, shown again with its errors and what was typed."""
    units = _units(request.user)
    if pk is None:
        unit = OrgUnit.objects.filter(pk=_default_unit(request.user)).first() or units.order_by("path").first()
        if unit is None:
            raise Http404
    else:
        unit = get_object_or_404(units.select_related("parent"), pk=pk)
    day = DayForm(request.GET or None).day()
    day_form = DayForm(initial={"on": day})
    subtree = OrgUnit.objects.within(unit)
    coverage = point_coverage(subtree, day)
    villages = [u for u in coverage.units if u.level == OrgUnit.Level.VILLAGE]
    points: dict[int, list] = {}
    for point in ServicePoint.objects.within(unit).open_on(day).order_by("kind", "name"):
        points.setdefault(point.org_unit_id, []).append(point)
    names = {u.unit_id: u.name for u in coverage.units}
    village_rows = [
        {
            "unit": v,
            "parent": names.get(v.parent_id, ""),
            "dv": [p for p in points.get(v.unit_id, []) if p.kind == ServicePoint.Kind.DV_COMPLAINT],
            "other": [p for p in points.get(v.unit_id, []) if p.kind != ServicePoint.Kind.DV_COMPLAINT],
        }
        for v in villages
    ]
    can_edit = _can(request.user, NETWORK_EDITORS)
    return render(
        request,
        "outreach/network.html",
        {
            "unit": unit,
            "parent_visible": unit.parent is not None and _sees(request.user, unit.parent),
            "day": day,
            "day_form": day_form,
            "coverage": coverage,
            "tree": [
                {"row": u, "indent": min(u.depth - unit.depth + 1, 4), "width": int(u.villages.percent or 0)}
                for u in coverage.units
                if u.level != OrgUnit.Level.VILLAGE
            ],
            "villages": village_rows,
            "upper_points": [p for uid, ps in points.items() if uid not in {v.unit_id for v in villages} for p in ps],
            "unit_names": names,
            "can_edit": can_edit,
            "open_form": open_form
            or (OpenPointForm(units=subtree, initial={"opened_on": date.today()}) if can_edit else None),
            "close_form": ClosePointForm(initial={"closed_on": date.today()}) if can_edit else None,
        },
    )


@require_POST
@role_required(*NETWORK_EDITORS)
def point_open(request):
    form = OpenPointForm(request.POST, units=_units(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            open_service_point(
                org_unit=data["org_unit"],
                kind=data["kind"],
                name=data["name"],
                opened_on=data["opened_on"],
                by=request.user,
            )
        except PointRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s was recorded as opened.") % {"name": data["name"]})
        return redirect("outreach:network_unit", pk=data["org_unit"].parent_id or data["org_unit"].pk)
    return network(request, open_form=form)


@require_POST
@role_required(*NETWORK_EDITORS)
def point_close(request, pk):
    point = get_object_or_404(ServicePoint.objects.visible_to(request.user).select_related("org_unit"), pk=pk)
    form = ClosePointForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the point closed."))
    else:
        try:
            close_service_point(
                point=point,
                closed_on=form.cleaned_data["closed_on"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except PointRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s was recorded as closed.") % {"name": point.name})
    return redirect("outreach:network_unit", pk=point.org_unit.parent_id or point.org_unit_id)
