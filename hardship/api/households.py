"""Households over the API (one per head, duplicate-checked)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError

from directory.api import ERRORS, expected_version
from directory.api_support import (
    MOVE_ERRORS,
    PersonBriefSerializer,
    ScopedFieldsMixin,
    VoidActionMixin,
)
from directory.models import OrgUnit, Person
from directory.rest import ModelSerializer

from .. import services
from ..filters import HouseholdFilter
from ..models import (
    Household,
)
from ..views.common import EDITORS
from .common import IF_MATCH, HardshipViewSet, VoidSerializer, _pick, _refused, _visible_people, _visible_units


class HouseholdSerializer(ScopedFieldsMixin, ModelSerializer):
    head = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), help_text=_("The head's id in People; one household per head.")
    )
    head_person = PersonBriefSerializer(source="head", read_only=True)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    size = serializers.IntegerField(min_value=1, max_value=99, required=False, help_text=_("household size"))
    circumstances = serializers.SerializerMethodField()
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))
    scoped_fields = {"head": _visible_people, "org_unit": _visible_units}

    class Meta:
        model = Household
        fields = [
            "id",
            "head",
            "head_person",
            *services.HOUSEHOLD_FIELDS,
            "circumstances",
            "version",
            "created_at",
            "voided_at",
            "void_reason",
        ]

    def get_circumstances(self, household) -> list[str]:
        return [str(label) for label in household.circumstance_labels()]

    def validate_head(self, value):
        return self.unchanged("head", value)


@extend_schema_view(
    list=extend_schema(responses={200: HouseholdSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: HouseholdSerializer, **ERRORS}),
    create=extend_schema(responses={201: HouseholdSerializer, **ERRORS}),
    update=extend_schema(responses={200: HouseholdSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    partial_update=extend_schema(responses={200: HouseholdSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    void=extend_schema(request=VoidSerializer, responses={200: HouseholdSerializer, **MOVE_ERRORS}),
)
class HouseholdViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    HardshipViewSet,
):
    """Households helped, under a head registered in People. The head's numbers are masked in lists."""

    queryset = Household.objects.for_list()
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter
    ordering_fields = ["created_at", "size", "head__name_pinyin"]
    ordering = ["-created_at", "-pk"]
    write_roles = EDITORS
    log_reads = True

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            household = services.register_household(
                by=self.request.user, head=data["head"], **_pick(data, services.HOUSEHOLD_FIELDS)
            )
        except services.HouseholdExists as error:
            raise ValidationError({"head": [error.message]}) from error
        serializer.instance = self.reread(household)

    def perform_update(self, serializer):
        try:
            household = services.update_household(
                household=serializer.instance,
                by=self.request.user,
                expected_version=expected_version(self.request, self.request.data),
                **_pick(serializer.validated_data, services.HOUSEHOLD_FIELDS),
            )
        except services.HardshipError as error:
            raise _refused(error) from error
        serializer.instance = self.reread(household)
