"""How the API shows petitions: the list, the record with its timeline, parties (masked), attachments."""

from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from directory.privacy import mask_id_number, mask_name, mask_phone
from directory.rest import ChoiceLabelField, ModelSerializer
from directory.roles import has_role

from .. import services
from ..deadlines import ClockState
from ..models import (
    Action,
    Petition,
    PetitionAttachment,
    PetitionParty,
    Referral,
    allowed_moves,
)
from ..moves import MOVES_BY_NAME, _offered
from .common import _user_name
from .moves import MOVE_PATHS


class PartySerializer(ModelSerializer):
    """A person on a petition. Names are masked in lists, ID and phone numbers unless your role needs them."""

    role_display = ChoiceLabelField(source="role")
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


class PetitionListSerializer(ModelSerializer):
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    channel_display = ChoiceLabelField(source="channel")
    nature_display = ChoiceLabelField(source="nature")
    status_display = ChoiceLabelField(source="status")
    category_name = serializers.CharField(
        source="category.local_name", read_only=True, help_text=_("In the language of the request (Accept-Language).")
    )
    subcategory_name = serializers.CharField(
        source="subcategory.local_name",
        read_only=True,
        default="",
        help_text=_("In the language of the request (Accept-Language)."),
    )
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


class ActionSerializer(ModelSerializer):
    kind_display = ChoiceLabelField(source="kind")
    by_name = serializers.SerializerMethodField()
    agency_name = serializers.CharField(source="agency.name", read_only=True, default="")

    class Meta:
        model = Action
        fields = ["id", "kind", "kind_display", "on", "at", "by", "by_name", "agency", "agency_name", "text", "detail"]

    def get_by_name(self, act) -> str:
        return _user_name(act.by)


class ReferralSerializer(ModelSerializer):
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


class PetitionAttachmentSerializer(ModelSerializer):
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
