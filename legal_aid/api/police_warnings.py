"""Police domestic-violence warnings over the API, with their follow-up visits."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from directory.api import ERRORS
from directory.models import Agency, OrgUnit, Person
from directory.rest import ModelSerializer

from .. import services
from ..models import FollowUpVisit, LegalAidCase, PoliceWarning
from .common import (
    CASEWORK,
    CONFLICT,
    IF_MATCH,
    INTAKE,
    STEP_ERRORS,
    LegalAidVoidSerializer,
    ScopedChoicesSerializer,
    ViewSetBase,
    _masked_id,
)


class FollowUpVisitSerializer(ModelSerializer):
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
