"""List filters shared by every app: "this unit and everything under it"."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField
from drf_spectacular.utils import extend_schema_field

from .forms import ResolvesUnit, unit_label
from .models import OrgUnit

UNIT_SCHEMA = {
    "type": "string",
    "description": "A unit's id, its division code (440282, 440282100 or all 12 digits) or its exact name.",
}


class UnitFilterField(ResolvesUnit, ModelChoiceField):
    pass


def visible_units(request):
    """The units the caller may choose: a filter's queryset, for a code or name outside them is not found."""
    if request is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.visible_to(request.user)


@extend_schema_field(UNIT_SCHEMA)
class UnitFilter(django_filters.ModelChoiceFilter):
    """Records of exactly the chosen unit, given by id, code or name (`OrgUnit.objects.resolve`)."""

    field_class = UnitFilterField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault("queryset", visible_units)
        super().__init__(*args, **kwargs)


class SubtreeFilter(UnitFilter):
    """Records of the chosen unit and every unit under it (`ScopedQuerySet.within`).

    Its choices are the user's own units, set per request with `offer_units`.
    """

    def filter(self, qs, value):
        return qs.within(value) if value else qs


def offer_units(filterset: django_filters.FilterSet, units, name: str = "unit") -> None:
    """Let `filterset`'s unit filter choose among `units` (already scoped to the user).

    The select box lists units above village level, to stay short; a village
    is still accepted, so that a dashboard can link to a village's records.
    A code or name in the query string (`?unit=440282100`) chooses its unit too.
    """
    units = units.order_by("path")
    filterset.filters[name].queryset = units
    field = filterset.form.fields[name]
    field.label_from_instance = unit_label
    raw = filterset.data.get(name, "") if filterset.data else ""

    # The villages are left out by the query (a city has well over a thousand), read once however
    # often the select box is drawn.
    chosen = str(field.prepare_value(raw))
    shown = units.filter(~Q(level=OrgUnit.Level.VILLAGE) | (Q(pk=int(chosen)) if chosen.isdigit() else Q(pk__in=[])))

    def choices():
        yield "", field.empty_label
        for unit in shown:
            yield unit.pk, unit_label(unit)

    field.widget.choices = choices
