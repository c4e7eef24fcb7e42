"""Personal-safety protection orders over the API: application, decision, extension."""

from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from directory.api import ERRORS, expected_version
from directory.models import OrgUnit, Person
from directory.rest import Conflict

from .. import services
from ..forms import OrderFilter
from ..models import LegalAidCase, ProtectionOrder
from .common import (
    CASEWORK,
    IF_MATCH,
    INTAKE,
    STEP_ERRORS,
    VERSION_HELP,
    LegalAidStepSerializer,
    LegalAidVoidSerializer,
    ScopedChoicesSerializer,
    ViewSetBase,
    _masked_id,
    _on,
    filter_units,
)


class ProtectionOrderSerializer(ScopedChoicesSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    victim = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    victim_name = serializers.CharField(source="victim.full_name", read_only=True)
    victim_id_number = serializers.SerializerMethodField(
        help_text=gettext_lazy("Masked unless your role needs whole ID numbers (never whole in lists).")
    )
    legal_aid_case = serializers.PrimaryKeyRelatedField(
        queryset=LegalAidCase.objects.none(), required=False, allow_null=True
    )
    version = serializers.IntegerField(read_only=True)
    is_voided = serializers.BooleanField(read_only=True)

    class Meta:
        model = ProtectionOrder
        fields = [
            "id",
            "org_unit",
            "victim",
            "victim_name",
            "victim_id_number",
            "respondent_name",
            "applicant",
            "court",
            "court_case_number",
            "filed_at",
            "urgent",
            "decision_due_at",
            "legal_aid_case",
            "source_petition",
            "notes",
            "decision",
            "decided_on",
            "ban_violence",
            "ban_contact",
            "move_out",
            "other_measures",
            "effective_from",
            "expires_on",
            "reminder_on",
            "extensions",
            "version",
            "is_voided",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = [
            "decision_due_at",
            "source_petition",
            "decision",
            "decided_on",
            "ban_violence",
            "ban_contact",
            "move_out",
            "other_measures",
            "effective_from",
            "expires_on",
            "reminder_on",
            "extensions",
            "voided_at",
            "void_reason",
        ]

    def scoped_querysets(self, user):
        return {
            "org_unit": OrgUnit.objects.visible_to(user),
            "victim": Person.objects.visible_to(user),
            "legal_aid_case": LegalAidCase.objects.visible_to(user).active(),
        }

    def get_victim_id_number(self, order) -> str:
        return _masked_id(self, order.victim)


ORDER_INPUT = [
    "org_unit",
    "victim",
    "respondent_name",
    "applicant",
    "court",
    "court_case_number",
    "filed_at",
    "urgent",
    "legal_aid_case",
    "notes",
]


class OrderApiFilter(OrderFilter):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, today=None):
        super().__init__(
            data, queryset, request=request, prefix=prefix, today=today or localdate(), units=filter_units(request)
        )


class ProtectionOrderDecisionSerializer(LegalAidStepSerializer):
    decision = serializers.ChoiceField(
        choices=[("granted", gettext_lazy("Granted")), ("refused", gettext_lazy("Refused"))]
    )
    ban_violence = serializers.BooleanField(required=False, default=False)
    ban_contact = serializers.BooleanField(required=False, default=False)
    move_out = serializers.BooleanField(required=False, default=False)
    other_measures = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    effective_from = serializers.DateField(
        required=False, allow_null=True, help_text=gettext_lazy("The decision day if left out.")
    )
    expires_on = serializers.DateField(required=False, allow_null=True)


class ProtectionOrderExtendSerializer(serializers.Serializer):
    new_expiry = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)


@extend_schema_view(
    list=extend_schema(responses={200: ProtectionOrderSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: ProtectionOrderSerializer, **ERRORS}),
    create=extend_schema(responses={201: ProtectionOrderSerializer, **ERRORS}),
    void=extend_schema(
        request=LegalAidVoidSerializer, responses={200: ProtectionOrderSerializer, **STEP_ERRORS}, parameters=IF_MATCH
    ),
)
class ProtectionOrderViewSet(
    ViewSetBase, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Applications for personal-safety protection orders; the court decides within 72 (urgent: 24) hours."""

    queryset = ProtectionOrder.objects.select_related("victim")
    serializer_class = ProtectionOrderSerializer
    filterset_class = OrderApiFilter
    ordering_fields = ["filed_at", "expires_on", "decision_due_at"]
    ordering = ["-filed_at", "-pk"]
    action_roles = {"create": INTAKE, "decide": CASEWORK, "extend": CASEWORK, "void": CASEWORK}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order = services.apply_for_protection_order(by=request.user, **{f: data[f] for f in ORDER_INPUT if f in data})
        return self.answer(order, status.HTTP_201_CREATED)

    @extend_schema(
        request=ProtectionOrderDecisionSerializer,
        responses={200: ProtectionOrderSerializer, **STEP_ERRORS},
        parameters=IF_MATCH,
        description=gettext_lazy("Record the court's decision; a granted order needs its measures and term."),
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        order, data = self.read_step(ProtectionOrderDecisionSerializer)
        try:
            services.decide_protection_order(
                order=order,
                by=request.user,
                on=_on(data),
                granted=data["decision"] == "granted",
                ban_violence=data["ban_violence"],
                ban_contact=data["ban_contact"],
                move_out=data["move_out"],
                other_measures=data["other_measures"],
                effective_from=data.get("effective_from"),
                expires_on=data.get("expires_on"),
                expected_version=expected_version(request, data),
            )
        except services.InvalidTransition:
            raise Conflict(detail=_("The court's decision on this order is already recorded.")) from None
        return self.answer(self.get_queryset().get(pk=order.pk))

    @extend_schema(
        request=ProtectionOrderExtendSerializer,
        responses={200: ProtectionOrderSerializer, **STEP_ERRORS},
        parameters=IF_MATCH,
        description=gettext_lazy("The court extended an order in force (at most six months past its expiry)."),
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        order, data = self.read_step(ProtectionOrderExtendSerializer)
        try:
            services.extend_protection_order(
                order=order,
                by=request.user,
                new_expiry=data["new_expiry"],
                note=data["note"],
                expected_version=expected_version(request, data),
            )
        except services.InvalidTransition:
            raise Conflict(detail=_("Only a granted order can be extended.")) from None
        return self.answer(self.get_queryset().get(pk=order.pk))
