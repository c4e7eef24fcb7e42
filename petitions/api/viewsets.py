"""The petitions and reception-day viewsets: every workflow move a POST action on a petition."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from directory.api import ERRORS, ScopedViewSetMixin, expected_version
from directory.attachments import attachment_response
from directory.filters import UnitFilter
from directory.locking import check_version, holding
from directory.models import OrgUnit
from directory.privacy import can_view_identifiers, log_access
from directory.rest import Conflict, ModelSerializer
from directory.roles import has_role
from directory.voiding import AlreadyVoided

from .. import services
from ..filters import PetitionFilter
from ..models import (
    Petition,
    PetitionAttachment,
    ReceptionDay,
    Referral,
    allowed_moves,
)
from ..moves import MOVES_BY_NAME, REFERRAL_MOVES, _offered
from ..views import INTAKE, _handler_choices
from .common import IF_MATCH, MOVE_ERRORS
from .intake import AttachmentUploadSerializer, PetitionCreateSerializer, PetitionUpdateSerializer, VoidSerializer
from .moves import MOVE_ENDPOINTS, refusal
from .reading import PetitionAttachmentSerializer, PetitionDetailSerializer, PetitionListSerializer

DETAIL_RELATED = ("org_unit", "category", "subcategory", "handler", "first_contact", "repeat_of")
MOVE_ACTIONS = frozenset(path.replace("-", "_") for path, *_rest in MOVE_ENDPOINTS)


def _move_endpoint(path: str, name: str, serializer_class, summary):
    def endpoint(self, request, pk=None):
        return self.make_move(request, name, serializer_class)

    endpoint.__name__ = path.replace("-", "_")
    endpoint.__doc__ = str(summary)
    endpoint = action(detail=True, methods=["post"], url_path=path)(endpoint)
    return extend_schema(
        summary=str(summary),
        request=serializer_class,
        responses={200: PetitionDetailSerializer, **MOVE_ERRORS},
        parameters=[IF_MATCH],
    )(endpoint)


class PetitionApiFilter(PetitionFilter):
    """The register page's filters, with the unit and handler choices of the caller."""

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if request is not None:
            kwargs.setdefault("units", OrgUnit.objects.visible_to(request.user))
            kwargs.setdefault("handlers", _handler_choices(request))
        super().__init__(data, queryset, request=request, **kwargs)


def _with_moves(cls):
    for path, name, serializer_class, summary in MOVE_ENDPOINTS:
        setattr(cls, path.replace("-", "_"), _move_endpoint(path, name, serializer_class, summary))
    return cls


@extend_schema_view(
    list=extend_schema(
        summary=str(_("The register: filters and search as on the list page; names masked.")),
        responses={200: PetitionListSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary=str(_("One petition in full, with its timeline; the read is logged.")),
        responses={200: PetitionDetailSerializer, **ERRORS},
    ),
    create=extend_schema(
        summary=str(_("Register a petition (numbers it and starts the decision clock).")),
        request=PetitionCreateSerializer,
        responses={201: PetitionDetailSerializer, **ERRORS},
    ),
    update=extend_schema(
        request=PetitionUpdateSerializer,
        responses={200: PetitionDetailSerializer, **MOVE_ERRORS},
        parameters=[IF_MATCH],
    ),
    partial_update=extend_schema(
        request=PetitionUpdateSerializer,
        responses={200: PetitionDetailSerializer, **MOVE_ERRORS},
        parameters=[IF_MATCH],
    ),
)
@_with_moves
class PetitionViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Petitions (信访). There is no DELETE: a petition entered by mistake is voided with a reason."""

    queryset = Petition.objects.all()
    filterset_class = PetitionApiFilter
    ordering_fields = ["received_on", "due_on", "reference", "status", "created_at"]
    ordering = ["-received_on", "-serial", "-pk"]
    write_roles = INTAKE

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset.for_list()
        queryset = queryset.select_related(*DETAIL_RELATED)
        if self.action in MOVE_ACTIONS:
            # read once, locked, in make_move's transaction: the service takes this row (`holding`)
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def filter_queryset(self, queryset):
        # The list page's filters (which leave voided petitions out) apply to the list only:
        # a voided petition is still found by its id.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_class(self):
        if self.action == "list":
            return PetitionListSerializer
        if self.action == "create":
            return PetitionCreateSerializer
        if self.action in ("update", "partial_update"):
            return PetitionUpdateSerializer
        return PetitionDetailSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        show = can_view_identifiers(self.request.user)
        context["show_identifiers"] = show and self.action != "list"
        context["mask_names"] = self.action == "list" and not show
        context["today"] = localdate()
        return context

    def _detail(self, petition, status_code=status.HTTP_200_OK):
        """The answer to a read or a move: `petition` (read with DETAIL_RELATED) with its parties, timeline, files."""
        petition.party_list = list(petition.parties.select_related("person").order_by("pk"))
        petition.action_list = list(petition.actions.select_related("by", "agency").order_by("on", "at", "pk"))
        petition.referral_list = list(petition.referrals.select_related("agency").order_by("referred_on", "pk"))
        petition.attachment_list = list(petition.attachments.select_related("uploaded_by"))
        context = self.get_serializer_context()
        context["show_identifiers"] = can_view_identifiers(self.request.user)
        context["mask_names"] = False
        return Response(PetitionDetailSerializer(petition, context=context).data, status=status_code)

    def _reread(self, pk):
        return Petition.objects.visible_to(self.request.user).select_related(*DETAIL_RELATED).get(pk=pk)

    def retrieve(self, request, *args, **kwargs):
        petition = self.get_object()
        response = self._detail(petition)
        log_access(user=request.user, action="view", target=petition, request=request)
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parties = [services.Party(p["person"], p["role"]) for p in data.pop("parties")]
        org_unit = data.pop("org_unit")
        if data.get("reception_day") is None and data["channel"] == Petition.Channel.RECEPTION_DAY:
            data["reception_day"] = (
                ReceptionDay.objects.filter(org_unit=org_unit, on=data["received_on"]).order_by("pk").first()
            )
        petition = services.register_petition(by=request.user, org_unit=org_unit, parties=parties, **data)
        return self._detail(self._reread(petition.pk), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        petition = self.get_object()
        serializer = self.get_serializer(
            petition, data=request.data, partial=kwargs.get("partial", False) or request.method == "PATCH"
        )
        serializer.is_valid(raise_exception=True)
        changes = {f: v for f, v in serializer.validated_data.items() if f in services.EDITABLE_FIELDS}
        try:
            services.update_petition(
                petition=petition,
                by=request.user,
                expected_version=expected_version(request, request.data),
                **changes,
            )
        except services.InvalidTransition:
            raise Conflict(detail=_("A voided petition cannot be changed.")) from None
        return self._detail(self._reread(petition.pk))

    @extend_schema(
        summary=str(_("Void a petition entered by mistake, with a reason (there is no DELETE).")),
        request=VoidSerializer,
        responses={200: PetitionDetailSerializer, **MOVE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        petition = self.get_object()
        serializer = VoidSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.void_petition(petition=petition, by=request.user, reason=serializer.validated_data["reason"])
        except AlreadyVoided:
            raise Conflict(detail=_("This petition was already voided.")) from None
        return self._detail(self._reread(petition.pk))

    def make_move(self, request, name: str, serializer_class):
        move = MOVES_BY_NAME[name]
        if not has_role(request.user, *move.roles):
            raise PermissionDenied
        try:
            with transaction.atomic():
                petition = self.get_object()  # locked, with what the answer shows
                serializer = serializer_class(data=request.data, context={"request": request, "petition": petition})
                serializer.is_valid(raise_exception=True)
                check_version(petition, expected_version(request, request.data))  # 412 when stale
                if name in REFERRAL_MOVES and Referral.objects.filter(petition=petition).unanswered().exists():
                    petition._open_referrals = True
                if not _offered(move, petition, allowed_moves(petition.status)):
                    raise Conflict(detail=refusal(name, petition))
                with holding(petition):
                    move.run(petition, request.user, serializer.validated_data)
        except services.InvalidTransition:
            raise Conflict(detail=refusal(name, Petition.objects.get(pk=self.kwargs["pk"]))) from None
        except services.NotAllowed:
            raise Conflict(
                detail=_("You may not decide this: a manager of the unit, not the requester, decides.")
            ) from None
        except ValueError as error:
            raise ValidationError({"non_field_errors": [str(error)]}) from None
        # The service moved the very row read above (status, dates, version): it is the record as it now stands.
        return self._detail(petition)

    @extend_schema(
        methods=["GET"],
        summary=str(_("The petition's files.")),
        request=None,
        responses={200: PetitionAttachmentSerializer(many=True), **ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        summary=str(_("Attach a file (checked by its content, not its name).")),
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: PetitionAttachmentSerializer, **ERRORS, 415: OpenApiResponse(description=_("Not multipart."))},
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser], pagination_class=None)
    def attachments(self, request, pk=None):
        petition = self.get_object()
        if request.method == "GET":
            rows = PetitionAttachment.objects.visible_to(request.user).filter(petition=petition)
            rows = rows.select_related("uploaded_by").order_by("uploaded_at", "pk")
            return Response(PetitionAttachmentSerializer(rows, many=True).data)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            attachment = services.attach_file(
                petition=petition,
                by=request.user,
                upload=serializer.validated_data["file"],
                description=serializer.validated_data["description"],
            )
        except DjangoValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        return Response(PetitionAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=str(_("Download a file of the petition; the download is logged.")),
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
    )
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<attachment_id>[0-9]+)")
    def attachment(self, request, pk=None, attachment_id=None):
        petition = self.get_object()
        attachment = get_object_or_404(
            PetitionAttachment.objects.visible_to(request.user), pk=attachment_id, petition_id=petition.pk
        )
        return attachment_response(request, attachment)


class ReceptionDaySerializer(ModelSerializer):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    n_petitions = serializers.IntegerField(read_only=True, default=0)
    n_people = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = ReceptionDay
        fields = [
            "id",
            "org_unit",
            "org_unit_name",
            "on",
            "leader",
            "leader_title",
            "place",
            "note",
            "n_petitions",
            "n_people",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(request.user).exclude(
                level=OrgUnit.Level.VILLAGE
            )


class ReceptionDayFilter(django_filters.FilterSet):
    org_unit = UnitFilter()

    class Meta:
        model = ReceptionDay
        fields = ["org_unit", "on"]


@extend_schema_view(
    list=extend_schema(responses={200: ReceptionDaySerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: ReceptionDaySerializer, **ERRORS}),
    create=extend_schema(responses={201: ReceptionDaySerializer, **ERRORS}),
)
class ReceptionDayViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Leader reception days (领导接访) with how many petitions and people came."""

    queryset = ReceptionDay.objects.all()
    serializer_class = ReceptionDaySerializer
    filterset_class = ReceptionDayFilter
    ordering_fields = ["on", "leader"]
    ordering = ["-on", "pk"]
    write_roles = INTAKE

    def get_queryset(self):
        return super().get_queryset().select_related("org_unit").with_counts()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        day = services.schedule_reception_day(by=request.user, **serializer.validated_data)
        day = self.get_queryset().get(pk=day.pk)
        return Response(self.get_serializer(day).data, status=status.HTTP_201_CREATED)
