"""Housing units over the API, and their steps planned → building → completed → handed over."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from directory.api import ERRORS, expected_version
from directory.api_support import (
    MOVE_ERRORS,
    PersonBriefSerializer,
    ScopedFieldsMixin,
    VoidActionMixin,
)
from directory.rest import ChoiceLabelField, ModelSerializer

from .. import services
from ..models import (
    Household,
    HousingUnit,
    Programme,
)
from ..views.common import PLANNERS
from .common import (
    IF_MATCH,
    MONEY,
    FundingField,
    HardshipViewSet,
    HousingUnitApiFilter,
    VoidSerializer,
    _open_households,
    _open_programmes,
    _pick,
    _refused,
)


class HousingUnitSerializer(ScopedFieldsMixin, ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.none(), help_text=_("A housing programme.")
    )
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    head = PersonBriefSerializer(source="household.head", read_only=True)
    status_display = ChoiceLabelField(source="status")
    planned_cost = serializers.DecimalField(**MONEY, required=False)
    funding = FundingField(required=False)
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))
    scoped_fields = {"programme": _open_programmes, "household": _open_households}

    class Meta:
        model = HousingUnit
        fields = [
            "id",
            "programme",
            "household",
            "head",
            *services.HOUSING_FIELDS,
            "status",
            "status_display",
            "started_on",
            "completed_on",
            "handed_over_on",
            "actual_cost",
            "funding",
            "version",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = ["status", "started_on", "completed_on", "handed_over_on", "actual_cost"]

    def validate_programme(self, value):
        return self.unchanged("programme", value)

    def validate_household(self, value):
        return self.unchanged("household", value)


class HousingStepSerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The date of this step."))
    actual_cost = serializers.DecimalField(**MONEY, required=False, allow_null=True)
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))


def _housing_step(name, to, doc):
    def step(self, request, pk=None):
        unit = self.get_object()
        body = HousingStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            unit = services.advance_housing_unit(
                unit=unit,
                by=request.user,
                to=to,
                on=body.validated_data["on"],
                actual_cost=body.validated_data.get("actual_cost"),
                expected_version=expected_version(request, request.data),
            )
        except services.HardshipError as error:
            raise _refused(error, "on") from error
        return Response(self.get_serializer(self.reread(unit)).data)

    step.__name__, step.__doc__ = name, doc
    return step


STEP_SCHEMA = {"request": HousingStepSerializer, "responses": {200: HousingUnitSerializer, **MOVE_ERRORS}}


@extend_schema_view(
    list=extend_schema(responses={200: HousingUnitSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: HousingUnitSerializer, **ERRORS}),
    create=extend_schema(responses={201: HousingUnitSerializer, **ERRORS}),
    update=extend_schema(responses={200: HousingUnitSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    partial_update=extend_schema(responses={200: HousingUnitSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    void=extend_schema(request=VoidSerializer, responses={200: HousingUnitSerializer, **MOVE_ERRORS}),
    start=extend_schema(**STEP_SCHEMA),
    complete=extend_schema(**STEP_SCHEMA),
    hand_over=extend_schema(**STEP_SCHEMA),
)
class HousingUnitViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    HardshipViewSet,
):
    """Homes built or repaired: planned → under construction → completed → handed over, one step at a time."""

    queryset = HousingUnit.objects.for_list().prefetch_related("funding")
    serializer_class = HousingUnitSerializer
    filterset_class = HousingUnitApiFilter
    ordering_fields = ["planned_on", "status", "planned_cost"]
    ordering = ["-planned_on", "-pk"]
    write_roles = PLANNERS
    log_reads = True

    start = action(detail=True, methods=["post"])(
        _housing_step("start", HousingUnit.Status.BUILDING, "Construction started (from planned).")
    )
    complete = action(detail=True, methods=["post"])(
        _housing_step("complete", HousingUnit.Status.COMPLETED, "Construction completed (from under construction).")
    )
    hand_over = action(detail=True, methods=["post"], url_path="hand-over")(
        _housing_step("hand_over", HousingUnit.Status.HANDED_OVER, "Handed over to the household (from completed).")
    )

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            unit = services.create_housing_unit(
                by=self.request.user,
                programme=data["programme"],
                household=data["household"],
                funding=data.get("funding"),
                **_pick(data, services.HOUSING_FIELDS),
            )
        except services.HardshipError as error:
            raise _refused(error, "programme") from error
        serializer.instance = self.reread(unit)

    def perform_update(self, serializer):
        data = serializer.validated_data
        try:
            unit = services.update_housing_unit(
                unit=serializer.instance,
                by=self.request.user,
                expected_version=expected_version(self.request, self.request.data),
                funding=data.get("funding"),
                **_pick(data, services.HOUSING_FIELDS),
            )
        except services.HardshipError as error:
            raise _refused(error) from error
        serializer.instance = self.reread(unit)
