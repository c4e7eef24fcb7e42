"""Hardship resources of the API: programmes and their money, households, assistance,
housing units and their steps, training classes, enrolments and their steps.

Lists hold active records; a voided record can still be read by its id. Every write
goes through `hardship.services`; a move the record's state forbids is 409.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from directory.api import ERRORS, ScopedViewSetMixin, expected_version
from directory.api_support import (
    CONFLICT,
    MOVE_ERRORS,
    ActionRolePermission,
    PersonBriefSerializer,
    ScopedFieldsMixin,
    VoidActionMixin,
)
from directory.api_support import (
    VoidSerializer as BaseVoidSerializer,
)
from directory.attachments import attachment_response
from directory.models import OrgUnit, Person
from directory.privacy import can_view_identifiers, log_access
from rights_office.rest import Conflict, router

from . import services
from .filters import AssistanceFilter, EnrolmentFilter, HouseholdFilter, HousingUnitFilter, ProgrammeFilter
from .models import (
    Assistance,
    Enrolment,
    FundingSource,
    Household,
    HousingUnit,
    Programme,
    Receipt,
    TrainingClass,
)
from .views import EDITORS, PLANNERS


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


# Money ----------------------------------------------------------------------


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
        sources = [row["source"] for row in rows]
        if len(set(sources)) != len(sources):
            raise ValidationError(_("Give each funding source once."))
        return {row["source"]: row["amount"] for row in rows}


# Programmes -------------------------------------------------------------------


class ProgrammeSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
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


# Households -------------------------------------------------------------------


class HouseholdSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
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


# Assistance -------------------------------------------------------------------


class AssistanceSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    head = PersonBriefSerializer(source="household.head", read_only=True)
    cash = serializers.DecimalField(**MONEY, required=False)
    goods_value = serializers.DecimalField(**MONEY, required=False)
    total_value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    confirm_repeat = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Set to true to record a further assistance to a household already helped in the programme."),
    )
    scoped_fields = {"programme": _open_programmes, "household": _open_households}

    class Meta:
        model = Assistance
        fields = [
            "id",
            "programme",
            "programme_name",
            "household",
            "head",
            *services.ASSISTANCE_FIELDS,
            "total_value",
            "confirm_repeat",
            "version",
            "created_at",
            "voided_at",
            "void_reason",
        ]

    def validate(self, data):
        cash, goods_value = data.get("cash", 0), data.get("goods_value", 0)
        if not cash and not goods_value and not data.get("goods"):
            raise ValidationError({"cash": [_("Record the cash or the goods given.")]})
        if goods_value and not data.get("goods"):
            raise ValidationError({"goods": [_("Say what goods were given.")]})
        return data


class PreviousAssistanceSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Assistance
        fields = ["id", "kind", "given_on", "cash", "goods", "goods_value"]


class RepeatRefusedSerializer(serializers.Serializer):
    """A 400 body: field errors, or (for a repeat visit) the two keys below."""

    confirm_repeat = serializers.ListField(child=serializers.CharField(), required=False)
    previous = PreviousAssistanceSerializer(many=True, required=False)


class ReceiptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Receipt
        fields = ["id", "original_name", "content_type", "size", "description", "uploaded_by", "uploaded_at"]


class ReceiptUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The scanned signed receipt: a PDF or an image."))
    description = serializers.CharField(max_length=200, required=False, default="")


RECEIPT_PK = [OpenApiParameter("receipt_pk", OpenApiTypes.INT, OpenApiParameter.PATH)]


@extend_schema_view(
    list=extend_schema(responses={200: AssistanceSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: AssistanceSerializer, **ERRORS}),
    create=extend_schema(
        responses={
            201: AssistanceSerializer,
            **ERRORS,
            400: OpenApiResponse(
                RepeatRefusedSerializer,
                description=_(
                    "Invalid input; or the household was already assisted in this programme "
                    "(send confirm_repeat=true after checking `previous`)."
                ),
            ),
        }
    ),
    void=extend_schema(request=VoidSerializer, responses={200: AssistanceSerializer, **MOVE_ERRORS}),
    receipt=extend_schema(
        parameters=RECEIPT_PK,
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
    ),
)
class AssistanceViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    HardshipViewSet,
):
    """Condolence visits and disbursements; a second one to a household in the same programme needs confirming."""

    queryset = Assistance.objects.for_list()
    serializer_class = AssistanceSerializer
    filterset_class = AssistanceApiFilter
    ordering_fields = ["given_on", "cash", "created_at"]
    ordering = ["-given_on", "-pk"]
    write_roles = EDITORS
    log_reads = True

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            record = services.record_assistance(
                by=request.user,
                programme=data["programme"],
                household=data["household"],
                confirm_repeat=data["confirm_repeat"],
                **_pick(data, services.ASSISTANCE_FIELDS),
            )
        except services.RepeatAssistance as error:
            body = {
                "confirm_repeat": [str(error.message)],
                "previous": PreviousAssistanceSerializer(error.previous, many=True).data,
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        except services.HardshipError as error:
            raise _refused(error) from error
        return Response(self.get_serializer(self.reread(record)).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: ReceiptSerializer(many=True), **ERRORS})
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": ReceiptUploadSerializer},
        responses={201: ReceiptSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def receipts(self, request, pk=None):
        """The signed receipts of the record; POST attaches a scan (checked by content and size)."""
        record = self.get_object()
        if request.method == "GET":
            return Response(ReceiptSerializer(record.receipts.all(), many=True).data)
        if record.is_voided:
            raise Conflict(detail=services.VoidedRecord.message)
        body = ReceiptUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            receipt = services.add_receipt(
                assistance=record,
                by=request.user,
                upload=body.validated_data["file"],
                description=body.validated_data["description"],
            )
        except DjangoValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        return Response(ReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], url_path=r"receipts/(?P<receipt_pk>[0-9]+)")
    def receipt(self, request, pk=None, receipt_pk=None):
        """Download one receipt (the download is logged)."""
        record = self.get_object()
        return attachment_response(request, get_object_or_404(record.receipts, pk=receipt_pk))


# Housing ----------------------------------------------------------------------


class HousingUnitSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.none(), help_text=_("A housing programme.")
    )
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    head = PersonBriefSerializer(source="household.head", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
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


# Training classes ---------------------------------------------------------------

SEATED = Q(enrolments__voided_at__isnull=True) & ~Q(enrolments__status=Enrolment.Status.DROPPED)


class TrainingClassSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.none(), help_text=_("A women's talent class or other training programme.")
    )
    cost = serializers.DecimalField(**MONEY, required=False)
    seats_taken = serializers.IntegerField(read_only=True, help_text=_("Students holding a place."))
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))
    scoped_fields = {"programme": _open_programmes}

    class Meta:
        model = TrainingClass
        fields = ["id", "programme", *services.CLASS_FIELDS, "seats_taken", "version", "voided_at", "void_reason"]

    def validate_programme(self, value):
        return self.unchanged("programme", value)

    def validate(self, data):
        current = self.instance
        starts = data.get("starts_on", current.starts_on if current else None)
        ends = data.get("ends_on", current.ends_on if current else None)
        if starts and ends and ends < starts:
            raise ValidationError({"ends_on": [_("The end date is before the start date.")]})
        return data


@extend_schema_view(
    list=extend_schema(responses={200: TrainingClassSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: TrainingClassSerializer, **ERRORS}),
    create=extend_schema(responses={201: TrainingClassSerializer, **ERRORS}),
    update=extend_schema(responses={200: TrainingClassSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    partial_update=extend_schema(responses={200: TrainingClassSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    void=extend_schema(request=VoidSerializer, responses={200: TrainingClassSerializer, **MOVE_ERRORS}),
)
class TrainingClassViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    HardshipViewSet,
):
    """Classes of training programmes; the capacity is never exceeded nor lowered below the places taken."""

    queryset = TrainingClass.objects.select_related("programme").annotate(
        seats_taken=Count("enrolments", filter=SEATED)
    )
    serializer_class = TrainingClassSerializer
    filterset_fields = ["programme", "programme__year"]
    ordering_fields = ["starts_on", "name", "capacity"]
    ordering = ["-starts_on", "pk"]
    write_roles = PLANNERS

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            klass = services.create_training_class(
                by=self.request.user, programme=data["programme"], **_pick(data, services.CLASS_FIELDS)
            )
        except services.HardshipError as error:
            raise _refused(error, "programme") from error
        serializer.instance = self.reread(klass)

    def perform_update(self, serializer):
        try:
            klass = services.update_training_class(
                training_class=serializer.instance,
                by=self.request.user,
                expected_version=expected_version(self.request, self.request.data),
                **_pick(serializer.validated_data, services.CLASS_FIELDS),
            )
        except services.HardshipError as error:
            raise _refused(error, "capacity") from error
        serializer.instance = self.reread(klass)


# Enrolments ---------------------------------------------------------------------


class EnrolmentSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    training_class = serializers.PrimaryKeyRelatedField(queryset=TrainingClass.objects.none())
    class_name = serializers.CharField(source="training_class.name", read_only=True)
    student = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), help_text=_("The student's id in People.")
    )
    student_person = PersonBriefSerializer(source="student", read_only=True)
    household = serializers.PrimaryKeyRelatedField(
        queryset=Household.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("The student's household; when left out, the household she heads, if registered."),
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    scoped_fields = {
        "training_class": lambda user: TrainingClass.objects.visible_to(user).active(),
        "student": _visible_people,
        "household": _open_households,
    }

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "training_class",
            "class_name",
            "student",
            "student_person",
            "household",
            "status",
            "status_display",
            "enrolled_on",
            "graduated_on",
            "dropped_on",
            "employer",
            "employed_on",
            "lifted_out_on",
            "notes",
            "version",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = [
            "status",
            "graduated_on",
            "dropped_on",
            "employer",
            "employed_on",
            "lifted_out_on",
            "notes",
        ]


class EnrolmentStepSerializer(serializers.Serializer):
    on = serializers.DateField(help_text=_("The date of this step."))
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))


class EmploymentSerializer(EnrolmentStepSerializer):
    employer = serializers.CharField(max_length=100)


class EnrolmentApiFilter(CallerUnitsMixin, EnrolmentFilter):
    class Meta(EnrolmentFilter.Meta):
        fields = [*EnrolmentFilter.Meta.fields, "training_class"]


def _enrolment_step(name, service, doc, body_class=EnrolmentStepSerializer):
    def step(self, request, pk=None):
        enrolment = self.get_object()
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        extra = {"employer": body.validated_data["employer"]} if "employer" in body.validated_data else {}
        try:
            enrolment = service(
                enrolment=enrolment,
                by=request.user,
                on=body.validated_data["on"],
                expected_version=expected_version(request, request.data),
                **extra,
            )
        except services.HardshipError as error:
            raise _refused(error, "on") from error
        return Response(self.get_serializer(self.reread(enrolment)).data)

    step.__name__, step.__doc__ = name, doc
    return step


def _step_schema(body_class=EnrolmentStepSerializer):
    return extend_schema(request=body_class, responses={200: EnrolmentSerializer, **MOVE_ERRORS})


@extend_schema_view(
    list=extend_schema(responses={200: EnrolmentSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: EnrolmentSerializer, **ERRORS}),
    create=extend_schema(responses={201: EnrolmentSerializer, **ERRORS, **CONFLICT}),
    void=extend_schema(request=VoidSerializer, responses={200: EnrolmentSerializer, **MOVE_ERRORS}),
    graduate=_step_schema(),
    drop_out=_step_schema(),
    employment=_step_schema(EmploymentSerializer),
    lifted_out=_step_schema(),
)
class EnrolmentViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    HardshipViewSet,
):
    """Students in classes: enrolled → graduated (then employed, then her household left poverty) or dropped out."""

    queryset = Enrolment.objects.for_list()
    serializer_class = EnrolmentSerializer
    filterset_class = EnrolmentApiFilter
    ordering_fields = ["enrolled_on", "student__name_pinyin", "graduated_on"]
    ordering = ["student__name_pinyin", "pk"]
    write_roles = PLANNERS
    log_reads = True

    graduate = action(detail=True, methods=["post"])(
        _enrolment_step("graduate", services.graduate, "The student graduated (from enrolled).")
    )
    drop_out = action(detail=True, methods=["post"], url_path="drop-out")(
        _enrolment_step("drop_out", services.drop_out, "The student dropped out (from enrolled); her place is free.")
    )
    employment = action(detail=True, methods=["post"])(
        _enrolment_step("employment", services.record_employment, "The graduate found work.", EmploymentSerializer)
    )
    lifted_out = action(detail=True, methods=["post"], url_path="lifted-out")(
        _enrolment_step("lifted_out", services.mark_lifted_out, "The employed graduate's household left poverty.")
    )

    def perform_create(self, serializer):
        data = serializer.validated_data
        household = data.get("household")
        if household is None:
            household = _open_households(self.request.user).filter(head=data["student"]).first()
        try:
            enrolment = services.enrol_student(
                by=self.request.user,
                training_class=data["training_class"],
                student=data["student"],
                household=household,
                enrolled_on=data["enrolled_on"],
            )
        except services.HardshipError as error:
            raise _refused(error, "student") from error
        serializer.instance = self.reread(enrolment)


router.register("hardship-programmes", ProgrammeViewSet, basename="hardship-programme")
router.register("households", HouseholdViewSet, basename="household")
router.register("assistance", AssistanceViewSet, basename="assistance")
router.register("housing-units", HousingUnitViewSet, basename="housing-unit")
router.register("training-classes", TrainingClassViewSet, basename="training-class")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
