"""List filters shared by every app: "this unit and everything under it"."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .forms import unit_label
from .models import OrgUnit


@extend_schema_field(OpenApiTypes.INT)  # in the API, a unit's id
class SubtreeFilter(django_filters.ModelChoiceFilter):
    """Records of the chosen unit and every unit under it (`ScopedQuerySet.within`).

    Its choices are the user's own units, set per request with `offer_units`.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault("queryset", OrgUnit.objects.none())
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.within(value) if value else qs


def offer_units(filterset: django_filters.FilterSet, units, name: str = "unit") -> None:
    """Let `filterset`'s unit filter choose among `units` (already scoped to the user).

    The select box lists units above village level, to stay short; a village
    is still accepted, so that a dashboard can link to a village's records.
    """
    units = units.order_by("path")
    filterset.filters[name].queryset = units
    field = filterset.form.fields[name]
    field.label_from_instance = unit_label
    chosen = str(filterset.data.get(name, "")) if filterset.data else ""

    def choices():
        yield "", field.empty_label
        for unit in units:
            if unit.level != OrgUnit.Level.VILLAGE or str(unit.pk) == chosen:
                yield unit.pk, unit_label(unit)

    field.widget.choices = choices
