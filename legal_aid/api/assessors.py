"""People's assessors and the hearings they sit over the API."""

from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets

from directory.api import ERRORS, expected_version
from directory.models import OrgUnit, Person

from .. import services
from ..forms import HearingFilter
from ..models import Assessor, AssessorHearing
from .common import (
    CASEWORK,
    CONFLICT,
    IF_MATCH,
    INTAKE,
    STEP_ERRORS,
    VERSION_HELP,
    LegalAidVoidSerializer,
    ScopedChoicesSerializer,
    ViewSetBase,
    _refuse_if_voided,
    filter_units,
)


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
        super().__init__(data, queryset, request=request, prefix=prefix, units=filter_units(request))


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
