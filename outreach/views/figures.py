"""The outreach figures of a unit for a year."""

from django.http import Http404
from django.shortcuts import render

from directory.models import OrgUnit
from directory.periods import Period

from ..figures import outreach_figures
from ..models import Event, TrainingSession
from .common import _default_unit, _units, _year


def figures(request):
    units = _units(request.user)
    year = _year(request)
    unit_id = request.GET.get("unit") or _default_unit(request.user)
    unit = units.filter(pk=unit_id).first() if str(unit_id or "").isdigit() else None
    if unit is None:
        unit = units.order_by("path").first()
    if unit is None:
        raise Http404
    period = Period.year(year)
    result = outreach_figures(
        Event.objects.within(unit), TrainingSession.objects.within(unit), OrgUnit.objects.within(unit), period
    )
    return render(
        request,
        "outreach/figures.html",
        {
            "unit": unit,
            "year": year,
            "figures": result,
            "unit_choices": units.exclude(level=OrgUnit.Level.VILLAGE).only("pk", "name", "depth"),
        },
    )
