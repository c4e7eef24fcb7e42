"""Outreach resources of the API: campaigns, publicity events, cadre training sessions.

Lists hold active records; a voided record can still be read by its id. Every write
goes through `outreach.services`. Partners, campaigns and volunteers may belong to a
unit above the user's (the city's justice bureau …): those may be chosen, as on the
pages, while reading them stays limited to the user's units.
"""

from decimal import Decimal

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from directory.api import ERRORS, ScopedViewSetMixin, expected_version
from directory.api_support import CONFLICT, MOVE_ERRORS, ActionRolePermission, ScopedFieldsMixin, VoidActionMixin
from directory.api_support import VoidSerializer as BaseVoidSerializer
from directory.filters import UnitFilter
from directory.models import OrgUnit
from directory.rest import ChoiceLabelField, Conflict, ModelSerializer, router

from .forms import EventFilter, TrainingFilter, agencies_for, campaigns_for, volunteers_for
from .models import Campaign, Event, Law, Trainee, TrainingSession
from .services import (
    CAMPAIGN_FIELDS,
    EVENT_FIELDS,
    EVENT_M2M,
    TRAINING_FIELDS,
    TraineeRefused,
    add_trainees,
    create_campaign,
    record_event,
    record_training,
    remove_trainee,
    update_campaign,
    update_event,
    update_training,
)
from .views.common import EDITORS, VOIDERS


class VoidSerializer(BaseVoidSerializer):
    """A component of this app's own (other apps declare theirs)."""

    class Meta:
        ref_name = "OutreachVoid"


IF_MATCH = [OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER)]
VOIDED = _("This record has been voided.")


def _pick(data, names):
    return {name: data[name] for name in names if name in data}


def _units(user):
    return OrgUnit.objects.visible_to(user)


def _units_above_villages(user):
    return _units(user).exclude(level=OrgUnit.Level.VILLAGE)


def _active_laws(user):
    return Law.objects.filter(is_active=True)


def _dates_in_order(data, instance, first, last, message):
    starts = data.get(first, getattr(instance, first, None))
    ends = data.get(last, getattr(instance, last, None))
    if starts and ends and ends < starts:
        raise ValidationError({last: [message]})


class OutreachViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, ActionRolePermission]
    write_roles = EDITORS
    action_roles = {"void": VOIDERS}

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.active() if self.action == "list" else queryset

    def get_object(self):
        record = super().get_object()
        if record.is_voided and self.request.method not in permissions.SAFE_METHODS and self.action != "void":
            raise Conflict(detail=VOIDED)
        return record

    def reread(self, record):
        return self.get_queryset().get(pk=record.pk)


# Campaigns -----------------------------------------------------------------------


class CampaignSerializer(ScopedFieldsMixin, ModelSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    kind_display = ChoiceLabelField(source="kind")
    n_events = serializers.IntegerField(read_only=True, help_text=_("Active events of the campaign."))
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))
    scoped_fields = {"org_unit": _units_above_villages}

    class Meta:
        model = Campaign
        fields = [
            "id",
            *CAMPAIGN_FIELDS,
            "kind_display",
            "n_events",
            "version",
            "created_at",
            "voided_at",
            "void_reason",
        ]


class CampaignApiFilter(django_filters.FilterSet):
    org_unit = UnitFilter()

    class Meta:
        model = Campaign
        fields = ["year", "kind", "org_unit"]


@extend_schema_view(
    list=extend_schema(responses={200: CampaignSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: CampaignSerializer, **ERRORS}),
    create=extend_schema(responses={201: CampaignSerializer, **ERRORS}),
    update=extend_schema(responses={200: CampaignSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    partial_update=extend_schema(responses={200: CampaignSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    void=extend_schema(request=VoidSerializer, responses={200: CampaignSerializer, **MOVE_ERRORS}),
)
class CampaignViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OutreachViewSet,
):
    """Publicity campaigns of a unit in a year (三八维权周 …), with the number of their events."""

    queryset = Campaign.objects.for_list()
    serializer_class = CampaignSerializer
    filterset_class = CampaignApiFilter
    ordering_fields = ["year", "name", "kind"]
    ordering = ["-year", "kind", "name", "pk"]

    def perform_create(self, serializer):
        campaign = create_campaign(by=self.request.user, **_pick(serializer.validated_data, CAMPAIGN_FIELDS))
        serializer.instance = self.reread(campaign)

    def perform_update(self, serializer):
        campaign = update_campaign(
            campaign=serializer.instance,
            by=self.request.user,
            expected_version=expected_version(self.request, self.request.data),
            **_pick(serializer.validated_data, CAMPAIGN_FIELDS),
        )
        serializer.instance = self.reread(campaign)


# Events --------------------------------------------------------------------------


def _ids_field(model, label):
    return serializers.PrimaryKeyRelatedField(queryset=model.objects.none(), many=True, required=False, help_text=label)


class EventSerializer(ScopedFieldsMixin, ModelSerializer):
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.none(), required=False, allow_null=True)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    covered_units = _ids_field(OrgUnit, _("Ids of the units the event covered (townships or villages)."))
    partners = _ids_field(Event.partners.field.related_model, _("Ids of partner agencies."))
    laws = _ids_field(Law, _("Ids of the laws promoted."))
    volunteers = _ids_field(Event.volunteers.field.related_model, _("Ids of the volunteers who took part."))
    kind_display = ChoiceLabelField(source="kind")
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))
    scoped_fields = {
        "campaign": campaigns_for,
        "org_unit": _units,
        "covered_units": lambda user: _units(user).exclude(level=OrgUnit.Level.CITY),
        "partners": agencies_for,
        "laws": _active_laws,
        "volunteers": volunteers_for,
    }

    class Meta:
        model = Event
        fields = ["id", *EVENT_FIELDS, *EVENT_M2M, "kind_display", "version", "created_at", "voided_at", "void_reason"]

    def validate(self, data):
        campaign = data.get("campaign", getattr(self.instance, "campaign", None))
        held_on = data.get("held_on", getattr(self.instance, "held_on", None))
        if campaign and held_on and campaign.year != held_on.year:
            raise ValidationError(
                {"held_on": [_("The date is not in the campaign's year (%(year)s).") % {"year": campaign.year}]}
            )
        return data


class EventApiFilter(EventFilter):
    """The events page's filters; their choices are limited to what the user may choose."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        user = request.user if request is not None else None
        super().__init__(data, queryset, request=request, prefix=prefix, user=user, units=_units(user))


@extend_schema_view(
    list=extend_schema(responses={200: EventSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: EventSerializer, **ERRORS}),
    create=extend_schema(responses={201: EventSerializer, **ERRORS}),
    update=extend_schema(responses={200: EventSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    partial_update=extend_schema(responses={200: EventSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    void=extend_schema(request=VoidSerializer, responses={200: EventSerializer, **MOVE_ERRORS}),
)
class EventViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OutreachViewSet,
):
    """Publicity events with their partner agencies, laws, covered units and volunteers (as id lists)."""

    queryset = Event.objects.for_list().prefetch_related("covered_units", "volunteers")
    serializer_class = EventSerializer
    filterset_class = EventApiFilter
    ordering_fields = ["held_on", "audience", "title"]
    ordering = ["-held_on", "-pk"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        event = record_event(by=self.request.user, **_pick(data, EVENT_FIELDS), **_pick(data, EVENT_M2M))
        serializer.instance = self.reread(event)

    def perform_update(self, serializer):
        data = serializer.validated_data
        event = update_event(
            event=serializer.instance,
            by=self.request.user,
            expected_version=expected_version(self.request, self.request.data),
            **_pick(data, EVENT_FIELDS),
            **_pick(data, EVENT_M2M),
        )
        serializer.instance = self.reread(event)


# Cadre training --------------------------------------------------------------------


class TraineeSerializer(ModelSerializer):
    class Meta:
        model = Trainee
        fields = ["id", "full_name", "user", "org_unit", "title"]


class TrainingSerializer(ScopedFieldsMixin, ModelSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=Decimal("0.5"))
    laws = _ids_field(Law, _("Ids of the laws taught."))
    trainees = TraineeSerializer(many=True, read_only=True)
    n_trainees = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))
    scoped_fields = {"org_unit": _units_above_villages, "laws": _active_laws}

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            *TRAINING_FIELDS,
            "laws",
            "trainees",
            "n_trainees",
            "version",
            "created_at",
            "voided_at",
            "void_reason",
        ]

    def validate(self, data):
        _dates_in_order(data, self.instance, "starts_on", "ends_on", _("The last day is before the first day."))
        return data


def _staff_users(user):
    return (
        get_user_model()
        .objects.filter(staff__org_unit__in=_units(user), is_active=True)
        .select_related("staff__org_unit")
    )


class AddTraineesSerializer(ScopedFieldsMixin, serializers.Serializer):
    users = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.none(), many=True, required=False, help_text=_("Ids of staff users.")
    )
    names = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, help_text=_("Other cadres, by name.")
    )
    org_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.none(), required=False, allow_null=True, help_text=_("The named cadres' unit.")
    )
    scoped_fields = {"users": _staff_users, "org_unit": _units}

    def validate(self, data):
        if not data.get("users") and not data.get("names"):
            raise ValidationError({"non_field_errors": [_("Choose staff members or type at least one name.")]})
        return data


class TrainingApiFilter(TrainingFilter):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        user = request.user if request is not None else None
        super().__init__(data, queryset, request=request, prefix=prefix, units=_units(user))


class RemoveTraineeSerializer(serializers.Serializer):
    trainee = serializers.PrimaryKeyRelatedField(queryset=Trainee.objects.none(), help_text=_("A trainee's id."))


@extend_schema_view(
    list=extend_schema(responses={200: TrainingSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: TrainingSerializer, **ERRORS}),
    create=extend_schema(responses={201: TrainingSerializer, **ERRORS}),
    update=extend_schema(responses={200: TrainingSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    partial_update=extend_schema(responses={200: TrainingSerializer, **MOVE_ERRORS}, parameters=IF_MATCH),
    void=extend_schema(request=VoidSerializer, responses={200: TrainingSerializer, **MOVE_ERRORS}),
    trainees=extend_schema(request=AddTraineesSerializer, responses={200: TrainingSerializer, **ERRORS, **CONFLICT}),
    remove_trainee=extend_schema(
        request=RemoveTraineeSerializer, responses={200: TrainingSerializer, **ERRORS, **CONFLICT}
    ),
)
class TrainingViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    OutreachViewSet,
):
    """Training sessions for federation cadres, with their trainees."""

    queryset = TrainingSession.objects.for_list().prefetch_related(
        "laws", Prefetch("trainees", queryset=Trainee.objects.order_by("pk"))
    )
    serializer_class = TrainingSerializer
    filterset_class = TrainingApiFilter
    ordering_fields = ["starts_on", "hours", "title"]
    ordering = ["-starts_on", "-pk"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        session = record_training(by=self.request.user, laws=data.get("laws", []), **_pick(data, TRAINING_FIELDS))
        serializer.instance = self.reread(session)

    def perform_update(self, serializer):
        data = serializer.validated_data
        session = update_training(
            session=serializer.instance,
            by=self.request.user,
            expected_version=expected_version(self.request, self.request.data),
            laws=data.get("laws"),
            **_pick(data, TRAINING_FIELDS),
        )
        serializer.instance = self.reread(session)

    @action(detail=True, methods=["post"])
    def trainees(self, request, pk=None):
        """Add staff users (each once per session) and named cadres to the session."""
        session = self.get_object()
        body = AddTraineesSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            add_trainees(
                session=session,
                by=request.user,
                users=data.get("users", []),
                names=data.get("names", []),
                org_unit=data.get("org_unit"),
            )
        except TraineeRefused as error:
            raise Conflict(detail=str(error)) from error
        return Response(self.get_serializer(self.reread(session)).data)

    @action(detail=True, methods=["post"], url_path="remove-trainee")
    def remove_trainee(self, request, pk=None):
        """Take a trainee entered by mistake off the session (the history keeps the row)."""
        session = self.get_object()
        body = RemoveTraineeSerializer(data=request.data)
        body.fields["trainee"].queryset = session.trainees.all()
        body.is_valid(raise_exception=True)
        remove_trainee(trainee=body.validated_data["trainee"], by=request.user)
        return Response(self.get_serializer(self.reread(session)).data)


router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("outreach-events", EventViewSet, basename="outreach-event")
router.register("trainings", TrainingViewSet, basename="training")
