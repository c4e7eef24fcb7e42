"""Petition resources of the API: the register, one petition's timeline and files, every
workflow move as a POST action, and leader reception days.

Same rules as the pages by construction: querysets through `visible_to(user)`, the
roles of the page views (`views.INTAKE`, each `workflow_views.Move`'s roles), the moves
the page offers (`workflow_views._offered`), the page's filters (`PetitionFilter`), the
intake rules (`forms.check_petition_fields`) and every write through `services`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from directory.api import ERRORS, WRITE_ERRORS, ScopedViewSetMixin, expected_version
from directory.attachments import attachment_response
from directory.locking import lock_for_update
from directory.models import Agency, OrgUnit, Person
from directory.privacy import can_view_identifiers, log_access, mask_id_number, mask_name, mask_phone
from directory.roles import has_role
from directory.voiding import AlreadyVoided
from rights_office.rest import Conflict, router

from . import services
from .deadlines import MAX_EXTENSION_DAYS, ClockState
from .filters import PetitionFilter
from .forms import check_petition_fields
from .models import (
    Action,
    Category,
    Petition,
    PetitionAttachment,
    PetitionParty,
    ReceptionDay,
    Referral,
    allowed_moves,
)
from .views import INTAKE, _page_agencies, _reception_days, _staff_users
from .workflow_views import MOVES_BY_NAME, _offered

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_('The version you read, e.g. "3"; a stale one is refused with 412.'),
)
MOVE_ERRORS = {
    **WRITE_ERRORS,
    409: OpenApiResponse(description=_("The move is not possible in the petition's current state (the reason).")),
}


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# ---------------------------------------------------------------------------
# Reading


class PartySerializer(serializers.ModelSerializer):
    """A person on a petition. Names are masked in lists, ID and phone numbers unless your role needs them."""

    role_display = serializers.CharField(source="get_role_display", read_only=True)
    full_name = serializers.SerializerMethodField()
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = PetitionParty
        fields = ["person", "role", "role_display", "full_name", "id_number", "phone"]

    def get_full_name(self, party) -> str:
        name = party.person.full_name
        return mask_name(name) if self.context.get("mask_names") else name

    def get_id_number(self, party) -> str:
        value = party.person.id_number
        return value if self.context.get("show_identifiers") else mask_id_number(value)

    def get_phone(self, party) -> str:
        value = party.person.phone
        return value if self.context.get("show_identifiers") else mask_phone(value)


class PetitionListSerializer(serializers.ModelSerializer):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    nature_display = serializers.CharField(source="get_nature_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    subcategory_name = serializers.CharField(source="subcategory.name", read_only=True, default="")
    handler_name = serializers.SerializerMethodField()
    petitioners = serializers.SerializerMethodField()
    clock = serializers.SerializerMethodField()
    is_voided = serializers.BooleanField(read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id",
            "reference",
            "org_unit",
            "org_unit_name",
            "received_on",
            "channel",
            "channel_display",
            "nature",
            "nature_display",
            "category",
            "category_name",
            "subcategory",
            "subcategory_name",
            "petitioners",
            "headcount",
            "is_collective",
            "is_major",
            "risk_level",
            "status",
            "status_display",
            "due_on",
            "clock",
            "handler",
            "handler_name",
            "repeat_of",
            "is_voided",
            "version",
        ]

    def get_handler_name(self, petition) -> str:
        return _user_name(petition.handler)

    @extend_schema_field(PartySerializer(many=True))
    def get_petitioners(self, petition):
        parties = getattr(petition, "party_list", None)
        if parties is None:
            parties = list(petition.parties.select_related("person").order_by("pk"))
        return PartySerializer(parties, many=True, context=self.context).data

    @extend_schema_field(serializers.ChoiceField(choices=ClockState.choices, allow_null=True))
    def get_clock(self, petition):
        state = petition.clock(self.context.get("today") or localdate())
        return str(state) if state else None


class ActionSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    by_name = serializers.SerializerMethodField()
    agency_name = serializers.CharField(source="agency.name", read_only=True, default="")

    class Meta:
        model = Action
        fields = ["id", "kind", "kind_display", "on", "at", "by", "by_name", "agency", "agency_name", "text", "detail"]

    def get_by_name(self, act) -> str:
        return _user_name(act.by)


class ReferralSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "agency",
            "agency_name",
            "referred_on",
            "asked",
            "reply_due_on",
            "replied_on",
            "reply_text",
            "adequate",
            "reminders",
            "last_reminded_on",
        ]


class PetitionAttachmentSerializer(serializers.ModelSerializer):
    uploaded_by_name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = PetitionAttachment
        fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "description",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "download_url",
        ]

    def get_uploaded_by_name(self, attachment) -> str:
        return _user_name(attachment.uploaded_by)

    def get_download_url(self, attachment) -> str:
        return reverse("petition-attachment", args=[attachment.petition_id, attachment.pk])


class PetitionDetailSerializer(PetitionListSerializer):
    """The whole record: intake fields, workflow dates, parties, timeline, referrals, files and the moves open to you."""

    received_time = serializers.SerializerMethodField()
    parties = serializers.SerializerMethodField()
    actions = ActionSerializer(many=True, read_only=True, source="action_list")
    referrals = ReferralSerializer(many=True, read_only=True, source="referral_list")
    attachments = PetitionAttachmentSerializer(many=True, read_only=True, source="attachment_list")
    repeat_of_reference = serializers.CharField(source="repeat_of.reference", read_only=True, default="")
    first_contact_name = serializers.SerializerMethodField()
    moves = serializers.SerializerMethodField()
    review_window_ends = serializers.SerializerMethodField()

    class Meta(PetitionListSerializer.Meta):
        fields = [
            *PetitionListSerializer.Meta.fields,
            "received_time",
            "facts",
            "request",
            "risk_reason",
            "is_litigation",
            "first_contact",
            "first_contact_name",
            "repeat_of_reference",
            "reception_day",
            "parties",
            "decision_due_on",
            "objection_due_on",
            "accepted_on",
            "conclusion_due_on",
            "deadline_estimated",
            "not_accepted_reason",
            "forwarded_to",
            "extension_requested_on",
            "extension_days",
            "extension_reason",
            "extension_approved_on",
            "replied_on",
            "reply_method",
            "concluded_on",
            "outcome",
            "settled_level",
            "satisfaction",
            "review_requested_on",
            "review_decided_on",
            "re_review_requested_on",
            "re_review_decided_on",
            "review_window_ends",
            "voided_at",
            "void_reason",
            "created_at",
            "updated_at",
            "actions",
            "referrals",
            "attachments",
            "moves",
        ]

    @extend_schema_field(PartySerializer(many=True))
    def get_parties(self, petition):
        return PartySerializer(petition.party_list, many=True, context=self.context).data

    def get_first_contact_name(self, petition) -> str:
        return _user_name(petition.first_contact)

    def get_moves(self, petition) -> list[str]:
        """The moves (action paths) this user may make on the petition now, as the page offers them."""
        request = self.context["request"]
        allowed = allowed_moves(petition.status)
        if any(r.replied_on is None for r in petition.referral_list):
            petition._open_referrals = True
        return [
            path
            for path, name in MOVE_PATHS.items()
            if has_role(request.user, *MOVES_BY_NAME[name].roles) and _offered(MOVES_BY_NAME[name], petition, allowed)
        ]

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="HH:MM"))
    def get_received_time(self, petition):
        return petition.received_time.strftime("%H:%M") if petition.received_time else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_review_window_ends(self, petition):
        ends = services.review_window_ends(petition) if petition.status == Petition.Status.CONCLUDED else None
        return ends.isoformat() if ends else None


# ---------------------------------------------------------------------------
# Writing: intake and correction


class PartyInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), help_text=_("A person of your units (add new people at /api/v1/people/).")
    )
    role = serializers.ChoiceField(choices=PetitionParty.Role.choices, default=PetitionParty.Role.PETITIONER)


PETITION_INPUT_FIELDS = ["org_unit", *services.EDITABLE_FIELDS]


class PetitionInputSerializer(serializers.ModelSerializer):
    """Intake fields; choices limited to what the intake page offers you."""

    class Meta:
        model = Petition
        fields = PETITION_INPUT_FIELDS
        extra_kwargs = {
            "headcount": {"min_value": 1, "max_value": 999},
            "category": {"required": False, "allow_null": True},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        fields = self.fields
        fields["category"].queryset = Category.objects.filter(parent__isnull=True, is_active=True)
        fields["subcategory"].queryset = Category.objects.filter(parent__isnull=False, is_active=True)
        if request is not None:
            if "org_unit" in fields:
                fields["org_unit"].queryset = OrgUnit.objects.visible_to(request.user).exclude(
                    level=OrgUnit.Level.VILLAGE
                )
            fields["handler"].queryset = _staff_users(request)
            fields["reception_day"].queryset = _reception_days(request)

    def validate(self, attrs):
        merged = {f: getattr(self.instance, f) for f in PETITION_INPUT_FIELDS} if self.instance else {}
        merged.update(attrs)
        errors = check_petition_fields(merged)
        if errors:
            raise ValidationError({field: [message] for field, message in errors.items()})
        if "subcategory" in attrs or "category" in attrs:
            attrs["category"] = merged["category"]
        return attrs


class PetitionCreateSerializer(PetitionInputSerializer):
    parties = PartyInputSerializer(
        many=True,
        allow_empty=False,
        help_text=_("The people on the petition; at least one petitioner or victim."),
    )

    class Meta(PetitionInputSerializer.Meta):
        fields = [*PETITION_INPUT_FIELDS, "parties"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["parties"].child.fields["person"].queryset = Person.objects.visible_to(request.user)

    def validate_parties(self, parties):
        if not any(p["role"] in (PetitionParty.Role.PETITIONER, PetitionParty.Role.VICTIM) for p in parties):
            raise ValidationError(_("Name at least one petitioner or victim."))
        return parties


class PetitionUpdateSerializer(PetitionInputSerializer):
    version = serializers.IntegerField(
        required=False, write_only=True, help_text=_("The version you read; a stale one is refused.")
    )

    class Meta(PetitionInputSerializer.Meta):
        fields = [*services.EDITABLE_FIELDS, "version"]


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text=_("Why the petition is voided."))


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A PDF, an image, an audio recording or an office document."))
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# ---------------------------------------------------------------------------
# Writing: the workflow moves. Field names are those the page forms use, so the
# move's own `run` (workflow_views.MOVES) calls the same service.


class DatedSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("The date of the move; today if left out."))

    def validate_on(self, on):
        if on > localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return on

    def validate(self, attrs):
        attrs.setdefault("on", localdate())
        return attrs


class MoveNoteSerializer(DatedSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class MoveTextSerializer(DatedSerializer):
    text = serializers.CharField(max_length=5000)


class NotAcceptSerializer(DatedSerializer):
    reason = serializers.CharField(max_length=5000, help_text=_("Why not accepted, and where to apply instead"))


class ForwardSerializer(MoveNoteSerializer):
    to_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.exclude(level=OrgUnit.Level.VILLAGE), help_text=_("The unit that should handle it.")
    )


class StepSerializer(MoveTextSerializer):
    kind = serializers.ChoiceField(
        choices=[(Action.Kind.MEDIATE, _("Mediation")), (Action.Kind.INVESTIGATE, _("Investigation"))]
    )


class ReferSerializer(DatedSerializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.none())
    asked = serializers.CharField(max_length=5000)
    reply_due_on = serializers.DateField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["agency"].queryset = _page_agencies(request)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("reply_due_on") and attrs["reply_due_on"] < attrs["on"]:
            raise ValidationError({"reply_due_on": [_("The reply cannot be due before the referral.")]})
        return attrs


class ReferralChoiceMixin(serializers.Serializer):
    referral = serializers.PrimaryKeyRelatedField(
        queryset=Referral.objects.none(),
        required=False,
        help_text=_("An unanswered referral of this petition; the oldest if left out."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        petition = self.context.get("petition")
        if petition is not None:
            self.fields["referral"].queryset = Referral.objects.filter(petition=petition).unanswered()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("referral") is None:
            attrs["referral"] = (
                Referral.objects.filter(petition=self.context["petition"])
                .unanswered()
                .order_by("referred_on", "pk")
                .first()
            )
        return attrs


class AgencyReplySerializer(ReferralChoiceMixin, MoveTextSerializer):
    adequate = serializers.BooleanField(help_text=_("Did the reply answer what was asked?"))


class RemindSerializer(ReferralChoiceMixin, MoveNoteSerializer):
    pass


class ReplySerializer(MoveTextSerializer):
    reply_method = serializers.ChoiceField(choices=Petition.ReplyMethod.choices, help_text=_("How it was delivered."))

    def validate(self, attrs):
        attrs = super().validate(attrs)
        attrs["method"] = attrs.pop("reply_method")  # the page form's name
        return attrs


class ExtensionSerializer(DatedSerializer):
    days = serializers.IntegerField(min_value=1, max_value=MAX_EXTENSION_DAYS)
    reason = serializers.CharField(max_length=5000)


class DecisionSerializer(MoveNoteSerializer):
    approve = serializers.BooleanField(help_text=_("true approves, false refuses (or sends back)."))


class ConcludeSerializer(DatedSerializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    outcome = serializers.ChoiceField(choices=Petition.Outcome.choices)
    settled_level = serializers.ChoiceField(choices=Petition.Level.choices)


class SatisfactionSerializer(DatedSerializer):
    satisfaction = serializers.ChoiceField(choices=Petition.Satisfaction.choices)


# Action path → (the page's move name, input, what the move does).
MOVE_ENDPOINTS = [
    ("accept", "accept", MoveNoteSerializer, _("Accept a registered petition (starts the 60-day clock).")),
    ("not-accept", "not_accept", NotAcceptSerializer, _("Turn a registered petition away, saying where to apply.")),
    ("forward", "forward", ForwardSerializer, _("Forward or assign the petition to another unit.")),
    ("start", "start", MoveNoteSerializer, _("Start handling an accepted petition.")),
    ("refer", "refer", ReferSerializer, _("Refer the matter to a partner agency (督办).")),
    ("agency-reply", "agency_reply", AgencyReplySerializer, _("Record an agency's reply to a referral.")),
    ("remind", "remind", RemindSerializer, _("Record a reminder to an agency that has not replied.")),
    ("step", "step", StepSerializer, _("Record a mediation or investigation step.")),
    ("reply", "reply", ReplySerializer, _("Record the reply to the petitioner and how it was delivered.")),
    ("request-extension", "extension", ExtensionSerializer, _("Ask a manager for the one extension (≤ 30 days).")),
    ("decide-extension", "decide_extension", DecisionSerializer, _("A manager approves or refuses the extension.")),
    (
        "conclude",
        "conclude",
        ConcludeSerializer,
        _("Conclude; a major or high-risk petition then awaits a manager's approval."),
    ),
    (
        "decide-conclusion",
        "decide_conclusion",
        DecisionSerializer,
        _("A manager approves the conclusion or sends it back."),
    ),
    ("satisfaction", "rate", SatisfactionSerializer, _("Record the petitioner's satisfaction.")),
    ("request-review", "review", MoveNoteSerializer, _("Record a request for review or re-review.")),
    ("decide-review", "decide_review", MoveTextSerializer, _("Record the review or re-review decision.")),
    ("escalate", "escalate", MoveTextSerializer, _("Report the petition upward.")),
    ("note", "note", MoveTextSerializer, _("Add a note to the timeline.")),
]
MOVE_PATHS = {path: name for path, name, _serializer, _summary in MOVE_ENDPOINTS}


def refusal(move_name: str, petition: Petition) -> str:
    """Why the page would not offer this move now."""
    if petition.is_voided:
        return str(_("The petition is voided."))
    if move_name == "rate" and petition.satisfaction:
        return str(_("Satisfaction is already recorded."))
    if move_name == "extension" and petition.extension_requested_on is not None:
        return str(_("The one extension was already requested."))
    if move_name == "decide_extension" and not petition.extension_pending:
        return str(_("No extension is waiting for a decision."))
    if move_name in ("agency_reply", "remind") and not getattr(petition, "_open_referrals", False):
        return str(_("No referral is waiting for a reply."))
    if move_name == "review" and petition.status == Petition.Status.CONCLUDED:
        return str(_("The time to ask for review has passed, or review was already asked for."))
    if move_name == "conclude" and petition.status == Petition.Status.AWAITING_APPROVAL:
        return str(_("The conclusion awaits a manager's approval."))
    return str(
        _("This move is not possible while the petition is “%(status)s”.") % {"status": petition.get_status_display()}
    )


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


# ---------------------------------------------------------------------------
# The viewsets


class PetitionApiFilter(PetitionFilter):
    """The register page's filters, with the unit and handler choices of the caller."""

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        if request is not None:
            kwargs.setdefault("units", OrgUnit.objects.visible_to(request.user))
            kwargs.setdefault("handlers", _staff_users(request))
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
        return queryset.select_related("org_unit")

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

    def _detail(self, pk, status_code=status.HTTP_200_OK):
        petition = (
            Petition.objects.visible_to(self.request.user)
            .select_related("org_unit", "category", "subcategory", "handler", "first_contact", "repeat_of")
            .get(pk=pk)
        )
        petition.party_list = list(petition.parties.select_related("person").order_by("pk"))
        petition.action_list = list(petition.actions.select_related("by", "agency").order_by("on", "at", "pk"))
        petition.referral_list = list(petition.referrals.select_related("agency").order_by("referred_on", "pk"))
        petition.attachment_list = list(petition.attachments.select_related("uploaded_by"))
        context = self.get_serializer_context()
        context["show_identifiers"] = can_view_identifiers(self.request.user)
        context["mask_names"] = False
        return petition, Response(PetitionDetailSerializer(petition, context=context).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        petition = self.get_object()
        petition, response = self._detail(petition.pk)
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
        return self._detail(petition.pk, status.HTTP_201_CREATED)[1]

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
        return self._detail(petition.pk)[1]

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
        return self._detail(petition.pk)[1]

    def make_move(self, request, name: str, serializer_class):
        move = MOVES_BY_NAME[name]
        if not has_role(request.user, *move.roles):
            raise PermissionDenied
        petition = self.get_object()
        serializer = serializer_class(data=request.data, context={"request": request, "petition": petition})
        serializer.is_valid(raise_exception=True)
        version = expected_version(request, request.data)
        try:
            with transaction.atomic():
                locked = lock_for_update(petition, version)  # 412 when stale
                if Referral.objects.filter(petition=locked).unanswered().exists():
                    locked._open_referrals = True
                if not _offered(move, locked, allowed_moves(locked.status)):
                    raise Conflict(detail=refusal(name, locked))
                move.run(locked, request.user, serializer.validated_data)
        except services.InvalidTransition:
            raise Conflict(detail=refusal(name, Petition.objects.get(pk=petition.pk))) from None
        except services.NotAllowed:
            raise Conflict(
                detail=_("You may not decide this: a manager of the unit, not the requester, decides.")
            ) from None
        except ValueError as error:
            raise ValidationError({"non_field_errors": [str(error)]}) from None
        return self._detail(petition.pk)[1]

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


class ReceptionDaySerializer(serializers.ModelSerializer):
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
    filterset_fields = ["org_unit", "on"]
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


router.register("petitions", PetitionViewSet, basename="petition")
router.register("reception-days", ReceptionDayViewSet, basename="reception-day")
