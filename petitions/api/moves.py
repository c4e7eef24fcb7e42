"""The workflow moves over the API. Field names are those the page forms use, so the move's own `run`
(`petitions.moves.MOVES`) calls the same service."""

from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from directory.models import Agency, OrgUnit

from ..deadlines import MAX_EXTENSION_DAYS
from ..models import (
    Action,
    Petition,
    Referral,
)
from ..moves import REFERRAL_MOVES
from ..views import _page_agencies


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
    if move_name in REFERRAL_MOVES and not getattr(petition, "_open_referrals", False):
        return str(_("No referral is waiting for a reply."))
    if move_name == "review" and petition.status == Petition.Status.CONCLUDED:
        return str(_("The time to ask for review has passed, or review was already asked for."))
    if move_name == "conclude" and petition.status == Petition.Status.AWAITING_APPROVAL:
        return str(_("The conclusion awaits a manager's approval."))
    return str(
        _("This move is not possible while the petition is “%(status)s”.") % {"status": petition.get_status_display()}
    )
