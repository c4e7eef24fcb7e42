"""Hardship programmes over the API, with their budget and funding."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError

from directory.api import ERRORS, expected_version
from directory.api_support import (
    MOVE_ERRORS,
    ScopedFieldsMixin,
    VoidActionMixin,
)
from directory.models import OrgUnit
from directory.rest import ChoiceLabelField, ModelSerializer

from .. import services
from ..filters import ProgrammeFilter
from ..models import (
    Programme,
)
from ..views.common import PLANNERS
from .common import IF_MATCH, MONEY, FundingField, HardshipViewSet, VoidSerializer, _pick, _refused, _visible_units


class ProgrammeSerializer(ScopedFieldsMixin, ModelSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    kind_display = ChoiceLabelField(source="kind")
    budget = serializers.DecimalField(**MONEY)
    funding = FundingField(required=False, help_text=_("When funding sources are given, the budget must be their sum."))
    committed = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    remaining = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))
    scoped_fields = {"org_unit": _visible_units}

    class Meta:
        model = Programme
        fields = [
            "id",
            *services.PROGRAMME_FIELDS,
            "kind_display",
            "funding",
            "committed",
            "spent",
            "remaining",
            "version",
            "created_at",
            "voided_at",
            "void_reason",
        ]

    def validate(self, data):
        current = self.instance
        budget = data.get("budget", current.budget if current else None)
        if "funding" in data:
            funded = sum(data["funding"].values())
        else:
            funded = sum(row.amount for row in current.funding.all()) if current else 0
        if funded and budget is not None and funded != budget:
            raise ValidationError(
                {
                    "budget": [
                        _("The funding sources add up to %(sum)s yuan; the budget must be the same.") % {"sum": funded}
                    ]
                }
            )
        starts = data.get("starts_on", current.starts_on if current else None)
        ends = data.get("ends_on", current.ends_on if current else None)
        if starts and ends and ends < starts:
            raise ValidationError({"ends_on": [_("The end date is before the start date.")]})
        return data


@extend_schema_view(
    list=extend_schema(responses={200: ProgrammeSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: ProgrammeSerializer, **ERRORS}),
    create=extend_schema(responses={201: ProgrammeSerializer, **ERRORS}),
    update=extend_schema(responses={200: ProgrammeSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    partial_update=extend_schema(responses={200: ProgrammeSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    void=extend_schema(request=VoidSerializer, responses={200: ProgrammeSerializer, **MOVE_ERRORS}),
)
class ProgrammeViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    HardshipViewSet,
):
    """Support programmes with their budget and where the money went (committed, spent, remaining)."""

    queryset = Programme.objects.for_list().prefetch_related("funding")
    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter
    ordering_fields = ["year", "name", "budget", "remaining", "spent"]
    ordering = ["-year", "name", "pk"]
    write_roles = PLANNERS

    def perform_create(self, serializer):
        data = serializer.validated_data
        fields = _pick(data, services.PROGRAMME_FIELDS)
        programme = services.create_programme(by=self.request.user, funding=data.get("funding"), **fields)
        serializer.instance = self.reread(programme)

    def perform_update(self, serializer):
        data = serializer.validated_data
        try:
            programme = services.update_programme(
                programme=serializer.instance,
                by=self.request.user,
                expected_version=expected_version(self.request, self.request.data),
                funding=data.get("funding"),
                **_pick(data, services.PROGRAMME_FIELDS),
            )
        except services.HardshipError as error:
            raise _refused(error) from error
        serializer.instance = self.reread(programme)
