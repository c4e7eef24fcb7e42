"""Legal-aid cases over the API: the record, and each step (accept, refuse, assign a lawyer, close, withdraw) as an action."""

from decimal import Decimal

from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action

from directory.api import ERRORS, expected_version
from directory.models import Agency, OrgUnit, Person, Volunteer
from directory.rest import Conflict
from petitions.models import Petition
from petitions.services import InvalidTransition as PetitionInvalidTransition

from .. import services
from ..forms import CaseFilter, parse_hearing_dates
from ..models import LegalAidCase
from .common import (
    CASEWORK,
    CONFLICT,
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
    _refuse_if_voided,
    filter_units,
)


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


class CaseApiFilter(CaseFilter):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, today=None):
        super().__init__(
            data, queryset, request=request, prefix=prefix, today=today or localdate(), units=filter_units(request)
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
