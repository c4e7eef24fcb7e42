"""Pieces every hardship resource of the API shares: the base viewset, caller-scoped choices and filters, money fields."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from directory.api import ScopedViewSetMixin
from directory.api_support import (
    ActionRolePermission,
)
from directory.api_support import (
    VoidSerializer as BaseVoidSerializer,
)
from directory.models import OrgUnit, Person
from directory.privacy import can_view_identifiers, log_access
from directory.rest import Conflict

from .. import services
from ..filters import AssistanceFilter, HousingUnitFilter
from ..models import (
    FundingSource,
    Household,
    Programme,
)
from ..views.common import PLANNERS


class VoidSerializer(BaseVoidSerializer):
    """A component of this app's own (other apps declare theirs)."""

    class Meta:
        ref_name = "HardshipVoid"


IF_MATCH = [OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER)]
MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


def _refused(error: services.HardshipError, field: str = "non_field_errors"):
    """A service's refusal as an answer: a move the state forbids is 409, anything else 400."""
    if isinstance(error, services.InvalidTransition | services.VoidedRecord | services.ClassFull):
        return Conflict(detail=error.message)
    return ValidationError({field: [error.message]})


def _pick(data, names):
    return {name: data[name] for name in names if name in data}


def _visible_units(user):
    return OrgUnit.objects.visible_to(user)


def _visible_people(user):
    return Person.objects.visible_to(user)


class CallerUnitsMixin:
    """A page's filters with `unit` choosing among the caller's units."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        units = _visible_units(request.user) if request is not None else None
        super().__init__(data, queryset, request=request, prefix=prefix, units=units)


class AssistanceApiFilter(CallerUnitsMixin, AssistanceFilter):
    pass


class HousingUnitApiFilter(CallerUnitsMixin, HousingUnitFilter):
    pass


def _open_programmes(user):
    return Programme.objects.visible_to(user).active()


def _open_households(user):
    return Household.objects.visible_to(user).active()


class HardshipViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, ActionRolePermission]
    action_roles = {"void": PLANNERS}
    log_reads = False

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.active() if self.action == "list" else queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = getattr(self.request, "user", None)
        context["show_identifiers"] = self.action != "list" and user is not None and can_view_identifiers(user)
        return context

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        if self.log_reads:
            log_access(user=request.user, action="view", target=record, request=request)
        return Response(self.get_serializer(record).data)

    def reread(self, record):
        """The saved record as a list row (with its annotations)."""
        return self.get_queryset().get(pk=record.pk)


class FundingSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=FundingSource.choices)
    amount = serializers.DecimalField(**MONEY)


class FundingField(serializers.ListField):
    """Where the money comes from: `[{"source": …, "amount": …}]`, each source once."""

    child = FundingSerializer()

    def to_representation(self, manager):
        return [{"source": row.source, "amount": f"{row.amount:.2f}"} for row in manager.all() if row.amount > 0]

    def to_internal_value(self, data):
        rows = super().to_internal_value(data)
        # Under PATCH the rows are validated as partial too: a row still needs both its fields.
        missing = {
            index: {name: [self.error_messages["required"]] for name in ("source", "amount") if name not in row}
            for index, row in enumerate(rows)
        }
        if any(missing.values()):
            raise ValidationError({index: errors for index, errors in missing.items() if errors})
        sources = [row["source"] for row in rows]
        if len(set(sources)) != len(sources):
            raise ValidationError(_("Give each funding source once."))
        return {row["source"]: row["amount"] for row in rows}
