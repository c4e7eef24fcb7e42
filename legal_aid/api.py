"""Legal-aid resources of the API: cases and their steps, protection orders, police warnings, assessors.

Same rules as the pages in `views.py`: scoped querysets, the same roles per step,
every write through `services`, masking of the client's / victim's ID number,
the access log on reading a record, optimistic locking (`If-Match` or `version`).
"""

from decimal import Decimal

from django.db import transaction
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from directory.api import ERRORS, WRITE_ERRORS, ScopedViewSetMixin, expected_version
from directory.locking import lock_for_update
from directory.models import Agency, OrgUnit, Person, Volunteer
from directory.privacy import can_view_identifiers, log_access, mask_id_number
from directory.roles import Role
from directory.voiding import AlreadyVoided, void_record
from petitions.models import Petition
from petitions.services import InvalidTransition as PetitionInvalidTransition
from rights_office.rest import Conflict, router

from . import services
from .forms import CaseFilter, HearingFilter, OrderFilter, parse_hearing_dates
from .models import Assessor, AssessorHearing, FollowUpVisit, LegalAidCase, PoliceWarning, ProtectionOrder

INTAKE = (Role.CLERK, Role.HANDLER, Role.MANAGER)
CASEWORK = (Role.HANDLER, Role.MANAGER)

CONFLICT = {
    409: OpenApiResponse(description=gettext_lazy("Not possible in the record's current state (reason given)."))
}
STEP_ERRORS = {**WRITE_ERRORS, **CONFLICT}
IF_MATCH = [
    OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description=gettext_lazy('The version you read, e.g. "3"; a stale one is refused with 412.'),
    )
]
VERSION_HELP = gettext_lazy("The version you read; a stale one is refused.")


def _refuse_if_voided(record) -> None:
    if record.is_voided:
        raise Conflict(detail=_("This record was voided; nothing more can be done with it."))


def _masked_id(serializer, person) -> str:
    if person is None:
        return ""
    if serializer.context.get("show_identifiers"):
        return person.id_number
    return mask_id_number(person.id_number)


# --- shared pieces -----------------------------------------------------------------


class ScopedChoicesSerializer(serializers.ModelSerializer):
    """Limits every related-record input to records the user may see (another unit's id → 400)."""

    def scoped_querysets(self, user) -> dict:
        return {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            for name, queryset in self.scoped_querysets(request.user).items():
                if name in self.fields and not self.fields[name].read_only:
                    self.fields[name].queryset = queryset


class ViewSetBase(ScopedViewSetMixin):
    """Roles per action (`action_roles`), the active records in lists, the access log on reads."""

    action_roles: dict = {}
    log_reads = True

    @property
    def write_roles(self):
        return self.action_roles.get(self.action, ())

    def check_permissions(self, request):
        if self.action is None and request.user.is_authenticated:
            return  # a method the resource does not have: 405 follows, not 403
        super().check_permissions(request)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.active() if self.action == "list" else queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_identifiers"] = self.action != "list" and can_view_identifiers(self.request.user)
        return context

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        if self.log_reads:
            log_access(user=request.user, action="view", target=record, request=request)
        return Response(self.get_serializer(record).data)

    def answer(self, record, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(record).data, status=status_code)

    def read_step(self, serializer_class):
        """The record (not voided) and the step's validated input."""
        record = self.get_object()
        _refuse_if_voided(record)
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return record, serializer.validated_data

    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void a record entered by mistake, with a reason; it then counts nowhere (nothing is deleted)."""
        record, data = self.read_step(LegalAidVoidSerializer)
        version = expected_version(request, data)
        try:
            with transaction.atomic():
                if hasattr(record, "version"):
                    lock_for_update(record, version)
                void_record(record=record, by=request.user, reason=data["reason"])
        except AlreadyVoided:
            raise Conflict(detail=_("This record was already voided.")) from None
        return self.answer(self.get_queryset().get(pk=record.pk))


class LegalAidVoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=gettext_lazy("Why the record is voided."))
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)


class LegalAidStepSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=gettext_lazy("The day of the step; today if left out."))
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)


def _on(data):
    return data.get("on") or localdate()


# --- legal-aid cases ---------------------------------------------------------------


class LegalAidCaseSerializer(ScopedChoicesSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    client = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    client_id_number = serializers.SerializerMethodField(
        help_text=gettext_lazy("Masked unless your role needs whole ID numbers (never whole in lists).")
    )
    lawyer = serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.none(), required=False, allow_null=True)
    partner_agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.none(), required=False, allow_null=True)
    source_petition = serializers.PrimaryKeyRelatedField(
        queryset=Petition.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "The petition the case comes from (on creation only): the referral is logged on its timeline; "
            "the petition must be accepted or in progress."
        ),
    )
    clock_state = serializers.SerializerMethodField(
        help_text=gettext_lazy("The current time limit: on_track, due_soon, overdue, or null when none runs.")
    )
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)
    is_voided = serializers.BooleanField(read_only=True)

    class Meta:
        model = LegalAidCase
        fields = [
            "id",
            "reference",
            *services.CASE_FIELDS,
            "client_name",
            "client_id_number",
            "source_petition",
            "status",
            "decision_due_on",
            "decided_on",
            "refusal_reason",
            "assignment_due_on",
            "lawyer_assigned_on",
            "closed_on",
            "outcome",
            "money_recovered",
            "clock_state",
            "version",
            "is_voided",
            "voided_at",
            "void_reason",
            "created_at",
        ]
        read_only_fields = [
            "reference",
            "status",
            "decision_due_on",
            "decided_on",
            "refusal_reason",
            "assignment_due_on",
            "lawyer_assigned_on",
            "closed_on",
            "outcome",
            "money_recovered",
            "voided_at",
            "void_reason",
            "created_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and "source_petition" in self.fields:
            self.fields["source_petition"].read_only = True

    def scoped_querysets(self, user):
        return {
            "org_unit": OrgUnit.objects.visible_to(user),
            "client": Person.objects.visible_to(user),
            "lawyer": Volunteer.objects.visible_to(user).filter(is_active=True),
            "partner_agency": Agency.objects.visible_to(user),
            "source_petition": Petition.objects.visible_to(user).active(),
        }

    def validate_hearing_dates(self, value):
        return parse_hearing_dates(value)

    def get_client_id_number(self, case) -> str:
        return _masked_id(self, case.client)

    def get_clock_state(self, case) -> str | None:
        state = case.clock(localdate())
        return str(state) if state else None


def _filter_units(request):
    """The caller's units, for a list filter's `unit` (the unit and everything under it)."""
    return OrgUnit.objects.visible_to(request.user) if request is not None else None


class CaseApiFilter(CaseFilter):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, today=None):
        super().__init__(
            data, queryset, request=request, prefix=prefix, today=today or localdate(), units=_filter_units(request)
        )


class LegalAidAcceptSerializer(LegalAidStepSerializer):
    pass


class LegalAidRefuseSerializer(LegalAidStepSerializer):
    reasons = serializers.CharField(help_text=gettext_lazy("The reasons for refusing legal aid."))


class LegalAidAssignLawyerSerializer(LegalAidStepSerializer):
    lawyer = serializers.PrimaryKeyRelatedField(
        queryset=Volunteer.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("A volunteer lawyer of your units."),
    )
    lawyer_name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=50,
        default="",
        help_text=gettext_lazy("Or another lawyer: name and firm."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["lawyer"].queryset = Volunteer.objects.visible_to(request.user).filter(is_active=True)


class LegalAidCloseSerializer(LegalAidStepSerializer):
    outcome = serializers.ChoiceField(choices=[c for c in LegalAidCase.Outcome.choices if c[0] != "withdrawn"])
    money_recovered = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal(0), required=False, default=Decimal(0)
    )


class LegalAidWithdrawSerializer(LegalAidStepSerializer):
    reason = serializers.CharField(help_text=gettext_lazy("Why the client withdrew."))


def _case_step_schema(request_serializer, description):
    return extend_schema(
        request=request_serializer,
        responses={200: LegalAidCaseSerializer, **STEP_ERRORS},
        parameters=IF_MATCH,
        description=description,
    )


@extend_schema_view(
    list=extend_schema(responses={200: LegalAidCaseSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: LegalAidCaseSerializer, **ERRORS}),
    create=extend_schema(responses={201: LegalAidCaseSerializer, **ERRORS, **CONFLICT}),
    update=extend_schema(responses={200: LegalAidCaseSerializer, **STEP_ERRORS}, parameters=IF_MATCH),
    partial_update=extend_schema(responses={200: LegalAidCaseSerializer, **STEP_ERRORS}, parameters=IF_MATCH),
    void=extend_schema(
        request=LegalAidVoidSerializer, responses={200: LegalAidCaseSerializer, **STEP_ERRORS}, parameters=IF_MATCH
    ),
)
class LegalAidCaseViewSet(
    ViewSetBase,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Applications for legal aid: decision within 7 days, a lawyer within 3 days of accepting."""

    queryset = LegalAidCase.objects.select_related("client")
    serializer_class = LegalAidCaseSerializer
    filterset_class = CaseApiFilter
    ordering_fields = ["applied_on", "decision_due_on", "reference", "status", "created_at"]
    ordering = ["-applied_on", "-pk"]
    action_roles = {
        "create": INTAKE,
        "update": INTAKE,
        "partial_update": INTAKE,
        "accept": CASEWORK,
        "refuse": CASEWORK,
        "assign_lawyer": CASEWORK,
        "close": CASEWORK,
        "withdraw": CASEWORK,
        "void": CASEWORK,
    }

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        petition = data.get("source_petition")
        fields = {f: data[f] for f in services.CASE_FIELDS if f in data}
        try:
            case = services.create_case(by=request.user, source_petition=petition, **fields)
        except PetitionInvalidTransition:
            raise Conflict(
                detail=_("Petition %(ref)s cannot be referred to legal aid now: it must be accepted first.")
                % {"ref": petition.reference}
            ) from None
        return self.answer(case, status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        _refuse_if_voided(serializer.instance)
        data = serializer.validated_data
        serializer.instance = services.update_case(
            case=serializer.instance,
            by=self.request.user,
            expected_version=expected_version(self.request, data),
            **{f: data[f] for f in services.CASE_FIELDS if f in data},
        )

    def _step(self, serializer_class, run):
        case, data = self.read_step(serializer_class)
        try:
            updated = run(case, data, expected_version(self.request, data))
        except services.InvalidTransition:
            raise Conflict(
                detail=_("This step is not possible for a case that is %(status)s.")
                % {"status": case.get_status_display()}
            ) from None
        return self.answer(self.get_queryset().get(pk=updated.pk))

    @_case_step_schema(LegalAidAcceptSerializer, gettext_lazy("Accept the application; the 3-day lawyer clock starts."))
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(
            LegalAidAcceptSerializer,
            lambda case, data, version: services.decide_case(
                case=case, by=request.user, on=_on(data), accept=True, expected_version=version
            ),
        )

    @_case_step_schema(LegalAidRefuseSerializer, gettext_lazy("Refuse legal aid, with the reasons."))
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._step(
            LegalAidRefuseSerializer,
            lambda case, data, version: services.decide_case(
                case=case,
                by=request.user,
                on=_on(data),
                accept=False,
                reasons=data["reasons"],
                expected_version=version,
            ),
        )

    @_case_step_schema(
        LegalAidAssignLawyerSerializer,
        gettext_lazy("Assign a volunteer or another lawyer; the case is then in progress."),
    )
    @action(detail=True, methods=["post"], url_path="assign-lawyer")
    def assign_lawyer(self, request, pk=None):
        return self._step(
            LegalAidAssignLawyerSerializer,
            lambda case, data, version: services.assign_lawyer(
                case=case,
                by=request.user,
                on=_on(data),
                lawyer=data.get("lawyer"),
                lawyer_name=data.get("lawyer_name", ""),
                expected_version=version,
            ),
        )

    @_case_step_schema(
        LegalAidCloseSerializer, gettext_lazy("Close a case in progress with its outcome and the money recovered.")
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._step(
            LegalAidCloseSerializer,
            lambda case, data, version: services.close_case(
                case=case,
                by=request.user,
                on=_on(data),
                outcome=data["outcome"],
                money_recovered=data["money_recovered"],
                expected_version=version,
            ),
        )

    @_case_step_schema(LegalAidWithdrawSerializer, gettext_lazy("The client withdrew the application or the case."))
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(
            LegalAidWithdrawSerializer,
            lambda case, data, version: services.withdraw_case(
                case=case, by=request.user, on=_on(data), reason=data["reason"], expected_version=version
            ),
        )


# --- protection orders -------------------------------------------------------------


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
            data, queryset, request=request, prefix=prefix, today=today or localdate(), units=_filter_units(request)
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


# --- police warnings ---------------------------------------------------------------


class FollowUpVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUpVisit
        fields = ["id", "visited_on", "by", "notes", "recorded_by"]
        read_only_fields = ["recorded_by"]


class PoliceWarningSerializer(ScopedChoicesSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    victim = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    victim_name = serializers.CharField(source="victim.full_name", read_only=True)
    victim_id_number = serializers.SerializerMethodField(
        help_text=gettext_lazy("Masked unless your role needs whole ID numbers (never whole in lists).")
    )
    police_station = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.none(), required=False, allow_null=True)
    legal_aid_case = serializers.PrimaryKeyRelatedField(
        queryset=LegalAidCase.objects.none(), required=False, allow_null=True
    )
    visits = FollowUpVisitSerializer(many=True, read_only=True)
    version = serializers.IntegerField(read_only=True)
    is_voided = serializers.BooleanField(read_only=True)

    class Meta:
        model = PoliceWarning
        fields = [
            "id",
            "org_unit",
            "victim",
            "victim_name",
            "victim_id_number",
            "abuser_name",
            "police_station",
            "issued_on",
            "federation_helped",
            "legal_aid_case",
            "notes",
            "visits",
            "version",
            "is_voided",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = ["voided_at", "void_reason"]

    def scoped_querysets(self, user):
        return {
            "org_unit": OrgUnit.objects.visible_to(user),
            "victim": Person.objects.visible_to(user),
            "police_station": Agency.objects.visible_to(user).filter(kind=Agency.Kind.POLICE),
            "legal_aid_case": LegalAidCase.objects.visible_to(user).active(),
        }

    def get_victim_id_number(self, warning) -> str:
        return _masked_id(self, warning.victim)


WARNING_INPUT = [
    "org_unit",
    "victim",
    "abuser_name",
    "police_station",
    "issued_on",
    "federation_helped",
    "legal_aid_case",
    "notes",
]


@extend_schema_view(
    list=extend_schema(responses={200: PoliceWarningSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: PoliceWarningSerializer, **ERRORS}),
    create=extend_schema(responses={201: PoliceWarningSerializer, **ERRORS}),
    void=extend_schema(
        request=LegalAidVoidSerializer, responses={200: PoliceWarningSerializer, **STEP_ERRORS}, parameters=IF_MATCH
    ),
)
class PoliceWarningViewSet(
    ViewSetBase, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Police warnings (告诫书) with the follow-up visits to the victim."""

    queryset = PoliceWarning.objects.select_related("victim").prefetch_related("visits")
    serializer_class = PoliceWarningSerializer
    filterset_fields = ["federation_helped"]
    ordering_fields = ["issued_on"]
    ordering = ["-issued_on", "-pk"]
    action_roles = {"create": INTAKE, "visits": INTAKE, "void": CASEWORK}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        warning = services.record_police_warning(by=request.user, **{f: data[f] for f in WARNING_INPUT if f in data})
        return self.answer(self.get_queryset().get(pk=warning.pk), status.HTTP_201_CREATED)

    @extend_schema(
        request=FollowUpVisitSerializer,
        responses={201: FollowUpVisitSerializer, **ERRORS, **CONFLICT},
        description=gettext_lazy("Record a follow-up visit to the victim."),
    )
    @action(detail=True, methods=["post"])
    def visits(self, request, pk=None):
        warning, data = self.read_step(FollowUpVisitSerializer)
        visit = services.record_follow_up_visit(
            warning=warning,
            by=request.user,
            visited_on=data["visited_on"],
            visitor=data["by"],
            notes=data.get("notes", ""),
        )
        return Response(FollowUpVisitSerializer(visit).data, status=status.HTTP_201_CREATED)


# --- assessors and hearings --------------------------------------------------------


class AssessorSerializer(ScopedChoicesSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    full_name = serializers.CharField(
        max_length=50,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Taken from the person if left empty."),
    )
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False, allow_null=True)
    term_ends_on = serializers.DateField(
        required=False, help_text=gettext_lazy("Five years after appointment if left out.")
    )
    hearings_this_year = serializers.IntegerField(read_only=True)
    hearings_total = serializers.IntegerField(read_only=True)
    alerts = serializers.SerializerMethodField(
        help_text=gettext_lazy("Term ended, or the yearly limit of hearings reached.")
    )
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)
    is_voided = serializers.BooleanField(read_only=True)

    class Meta:
        model = Assessor
        fields = [
            "id",
            *services.ASSESSOR_FIELDS,
            "staff_user",
            "hearings_this_year",
            "hearings_total",
            "alerts",
            "version",
            "is_voided",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = ["staff_user", "voided_at", "void_reason"]

    def scoped_querysets(self, user):
        return {"org_unit": OrgUnit.objects.visible_to(user), "person": Person.objects.visible_to(user)}

    def get_alerts(self, assessor) -> list[str]:
        return [str(a) for a in assessor.warnings(localdate(), assessor.hearings_this_year)]


@extend_schema_view(
    list=extend_schema(responses={200: AssessorSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: AssessorSerializer, **ERRORS}),
    create=extend_schema(responses={201: AssessorSerializer, **ERRORS}),
    update=extend_schema(responses={200: AssessorSerializer, **STEP_ERRORS}, parameters=IF_MATCH),
    partial_update=extend_schema(responses={200: AssessorSerializer, **STEP_ERRORS}, parameters=IF_MATCH),
    void=extend_schema(
        request=LegalAidVoidSerializer, responses={200: AssessorSerializer, **STEP_ERRORS}, parameters=IF_MATCH
    ),
)
class AssessorViewSet(
    ViewSetBase,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The register of people's assessors, with their hearings this year and in all."""

    queryset = Assessor.objects.all()
    serializer_class = AssessorSerializer
    filterset_fields = ["court"]
    ordering_fields = ["full_name", "appointed_on", "term_ends_on"]
    ordering = ["full_name", "pk"]
    action_roles = {"create": CASEWORK, "update": CASEWORK, "partial_update": CASEWORK, "void": CASEWORK}
    log_reads = False  # as the page: an assessor's entry holds no personal identifiers

    def get_queryset(self):
        return super().get_queryset().for_register(localdate().year)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        fields = {f: data[f] for f in services.ASSESSOR_FIELDS if f in data}
        assessor = services.appoint_assessor(by=request.user, **fields)
        return self.answer(self.get_queryset().get(pk=assessor.pk), status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        _refuse_if_voided(serializer.instance)
        data = serializer.validated_data
        updated = services.update_assessor(
            assessor=serializer.instance,
            by=self.request.user,
            expected_version=expected_version(self.request, data),
            **{f: data[f] for f in services.ASSESSOR_FIELDS if f in data},
        )
        serializer.instance = self.get_queryset().get(pk=updated.pk)


class AssessorHearingSerializer(ScopedChoicesSerializer):
    assessor = serializers.PrimaryKeyRelatedField(queryset=Assessor.objects.none())
    assessor_name = serializers.CharField(source="assessor.full_name", read_only=True)
    court = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text=gettext_lazy("The assessor's court if left empty.")
    )
    is_voided = serializers.BooleanField(read_only=True)

    class Meta:
        model = AssessorHearing
        fields = [
            "id",
            "assessor",
            "assessor_name",
            "court",
            "court_case_number",
            "case_type",
            "cause",
            "heard_on",
            "women_involved",
            "children_involved",
            "panel_size",
            "outcome",
            "recorded_by",
            "is_voided",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = ["recorded_by", "voided_at", "void_reason"]
        extra_kwargs = {"panel_size": {"min_value": 3}}
        validators = []  # the one-hearing-per-day rule is checked by the service

    def scoped_querysets(self, user):
        return {"assessor": Assessor.objects.visible_to(user).active()}


HEARING_INPUT = [
    "court",
    "court_case_number",
    "case_type",
    "cause",
    "heard_on",
    "women_involved",
    "children_involved",
    "panel_size",
    "outcome",
]


class HearingApiFilter(HearingFilter):
    class Meta(HearingFilter.Meta):
        fields = ["case_type", "assessor"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix, units=_filter_units(request))


@extend_schema_view(
    list=extend_schema(responses={200: AssessorHearingSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: AssessorHearingSerializer, **ERRORS}),
    create=extend_schema(responses={201: AssessorHearingSerializer, **ERRORS}),
    void=extend_schema(
        request=LegalAidVoidSerializer, responses={200: AssessorHearingSerializer, **ERRORS, **CONFLICT}
    ),
)
class AssessorHearingViewSet(
    ViewSetBase, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Hearings federation assessors sat in (陪审)."""

    queryset = AssessorHearing.objects.select_related("assessor")
    serializer_class = AssessorHearingSerializer
    filterset_class = HearingApiFilter
    ordering_fields = ["heard_on", "court_case_number"]
    ordering = ["-heard_on", "-pk"]
    action_roles = {"create": INTAKE, "void": CASEWORK}
    log_reads = False  # as the page

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        hearing = services.record_hearing(
            assessor=data["assessor"], by=request.user, **{f: data[f] for f in HEARING_INPUT if f in data}
        )
        return self.answer(hearing, status.HTTP_201_CREATED)


router.register("legal-aid-cases", LegalAidCaseViewSet, basename="legal-aid-case")
router.register("protection-orders", ProtectionOrderViewSet, basename="protection-order")
router.register("police-warnings", PoliceWarningViewSet, basename="police-warning")
router.register("assessors", AssessorViewSet, basename="assessor")
router.register("assessor-hearings", AssessorHearingViewSet, basename="assessor-hearing")
