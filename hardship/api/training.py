"""Training classes and enrolments over the API, with the enrolment steps."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from directory.api import ERRORS, expected_version
from directory.api_support import (
    CONFLICT,
    MOVE_ERRORS,
    PersonBriefSerializer,
    ScopedFieldsMixin,
    VoidActionMixin,
)
from directory.models import Person
from directory.rest import ChoiceLabelField, ModelSerializer

from .. import services
from ..filters import EnrolmentFilter
from ..models import (
    Enrolment,
    Household,
    Programme,
    TrainingClass,
)
from ..views.common import PLANNERS
from .common import (
    IF_MATCH,
    MONEY,
    CallerUnitsMixin,
    HardshipViewSet,
    VoidSerializer,
    _open_households,
    _open_programmes,
    _pick,
    _refused,
    _visible_people,
)

SEATED = Q(enrolments__voided_at__isnull=True) & ~Q(enrolments__status=Enrolment.Status.DROPPED)


class TrainingClassSerializer(ScopedFieldsMixin, ModelSerializer):
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


class EnrolmentSerializer(ScopedFieldsMixin, ModelSerializer):
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
    status_display = ChoiceLabelField(source="status")
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
