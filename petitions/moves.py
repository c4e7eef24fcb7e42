"""The workflow moves a petition page offers: each move's form, roles and service call, and which are offered now.

The page (`views`), the move views (`workflow_views`) and the API (`api/`) all read `MOVES`.
"""

from dataclasses import dataclass

from django import forms
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy

from directory.roles import Role, has_role

from . import services
from .forms import (
    AgencyReplyForm,
    ConcludeForm,
    DecisionForm,
    ExtensionForm,
    ForwardForm,
    NotAcceptForm,
    NoteForm,
    ReferForm,
    ReplyForm,
    SatisfactionForm,
    StepForm,
    TextForm,
)
from .models import Action, Petition, Referral, allowed_moves

K = Action.Kind
REFERRAL_MOVES = frozenset({"agency_reply", "remind"})  # offered only while a referral awaits its reply
HANDLERS = (Role.HANDLER, Role.MANAGER)
MANAGERS = (Role.MANAGER,)


class ReferralChoiceForm(forms.Form):
    referral = forms.ModelChoiceField(label=gettext_lazy("Referral"), queryset=Referral.objects.none())


class AgencyReplyMoveForm(ReferralChoiceForm, AgencyReplyForm):
    pass


class RemindForm(ReferralChoiceForm, NoteForm):
    pass


@dataclass(frozen=True)
class Move:
    name: str
    kind: str  # the transition-map key that decides whether the move is offered
    title: str
    form: type
    roles: tuple
    run: object  # (petition, user, cleaned_data) -> None
    done: str


MOVES = [
    Move(
        "accept",
        K.ACCEPT,
        gettext_lazy("Accept"),
        NoteForm,
        HANDLERS,
        lambda p, u, d: services.accept_petition(petition=p, by=u, on=d["on"], note=d["note"]),
        gettext_lazy("Petition accepted: it is due to be concluded within 60 days."),
    ),
    Move(
        "not_accept",
        K.NOT_ACCEPT,
        gettext_lazy("Not accept"),
        NotAcceptForm,
        HANDLERS,
        lambda p, u, d: services.not_accept_petition(petition=p, by=u, on=d["on"], reason=d["reason"]),
        gettext_lazy("Petition not accepted; the notice is recorded."),
    ),
    Move(
        "forward",
        K.FORWARD,
        gettext_lazy("Forward to another unit"),
        ForwardForm,
        HANDLERS,
        lambda p, u, d: services.forward_petition(petition=p, by=u, on=d["on"], to_unit=d["to_unit"], note=d["note"]),
        gettext_lazy("Petition forwarded."),
    ),
    Move(
        "start",
        K.START,
        gettext_lazy("Start handling"),
        NoteForm,
        HANDLERS,
        lambda p, u, d: services.start_handling(petition=p, by=u, on=d["on"], note=d["note"]),
        gettext_lazy("Handling started."),
    ),
    Move(
        "refer",
        K.REFER,
        gettext_lazy("Refer to an agency"),
        ReferForm,
        HANDLERS,
        lambda p, u, d: services.refer_to_agency(
            petition=p, by=u, on=d["on"], agency=d["agency"], asked=d["asked"], reply_due_on=d["reply_due_on"]
        ),
        gettext_lazy("Referral recorded."),
    ),
    Move(
        "agency_reply",
        K.AGENCY_REPLY,
        gettext_lazy("Record an agency's reply"),
        AgencyReplyMoveForm,
        HANDLERS,
        lambda p, u, d: services.record_agency_reply(
            referral=d["referral"], by=u, on=d["on"], text=d["text"], adequate=d["adequate"]
        ),
        gettext_lazy("The agency's reply was recorded."),
    ),
    Move(
        "remind",
        K.REMIND,
        gettext_lazy("Remind an agency"),
        RemindForm,
        HANDLERS,
        lambda p, u, d: services.remind_agency(referral=d["referral"], by=u, on=d["on"], note=d["note"]),
        gettext_lazy("Reminder recorded."),
    ),
    Move(
        "step",
        K.MEDIATE,
        gettext_lazy("Mediation or investigation"),
        StepForm,
        HANDLERS,
        lambda p, u, d: services.record_step(petition=p, by=u, on=d["on"], kind=d["kind"], text=d["text"]),
        gettext_lazy("Step recorded."),
    ),
    Move(
        "reply",
        K.REPLY,
        gettext_lazy("Reply to the petitioner"),
        ReplyForm,
        HANDLERS,
        lambda p, u, d: services.reply_to_petitioner(petition=p, by=u, on=d["on"], method=d["method"], text=d["text"]),
        gettext_lazy("Reply recorded."),
    ),
    Move(
        "extension",
        K.REQUEST_EXTENSION,
        gettext_lazy("Request an extension"),
        ExtensionForm,
        HANDLERS,
        lambda p, u, d: services.request_extension(petition=p, by=u, on=d["on"], days=d["days"], reason=d["reason"]),
        gettext_lazy("Extension requested; a manager must approve it."),
    ),
    Move(
        "decide_extension",
        K.APPROVE_EXTENSION,
        gettext_lazy("Decide the extension"),
        DecisionForm,
        MANAGERS,
        lambda p, u, d: services.decide_extension(petition=p, by=u, on=d["on"], approve=d["approve"], note=d["note"]),
        gettext_lazy("Extension decided."),
    ),
    Move(
        "conclude",
        K.CONCLUDE,
        gettext_lazy("Conclude"),
        ConcludeForm,
        HANDLERS,
        lambda p, u, d: services.conclude_petition(
            petition=p, by=u, on=d["on"], outcome=d["outcome"], settled_level=d["settled_level"], text=d["text"]
        ),
        gettext_lazy("Conclusion recorded."),
    ),
    Move(
        "decide_conclusion",
        K.APPROVE_CONCLUSION,
        gettext_lazy("Decide the conclusion"),
        DecisionForm,
        MANAGERS,
        lambda p, u, d: services.decide_conclusion(petition=p, by=u, on=d["on"], approve=d["approve"], note=d["note"]),
        gettext_lazy("Conclusion decided."),
    ),
    Move(
        "rate",
        K.RATE,
        gettext_lazy("Record satisfaction"),
        SatisfactionForm,
        HANDLERS,
        lambda p, u, d: services.record_satisfaction(petition=p, by=u, on=d["on"], satisfaction=d["satisfaction"]),
        gettext_lazy("Satisfaction recorded."),
    ),
    Move(
        "review",
        K.REVIEW_REQUEST,
        gettext_lazy("Review or re-review requested"),
        NoteForm,
        HANDLERS,
        lambda p, u, d: services.request_review(petition=p, by=u, on=d["on"], note=d["note"]),
        gettext_lazy("Request recorded: it must be decided within 30 days."),
    ),
    Move(
        "decide_review",
        K.REVIEW_DECISION,
        gettext_lazy("Decide the review"),
        TextForm,
        HANDLERS,
        lambda p, u, d: services.decide_review(petition=p, by=u, on=d["on"], text=d["text"]),
        gettext_lazy("Decision recorded."),
    ),
    Move(
        "escalate",
        K.ESCALATE,
        gettext_lazy("Report upward"),
        TextForm,
        HANDLERS,
        lambda p, u, d: services.escalate_petition(petition=p, by=u, on=d["on"], text=d["text"]),
        gettext_lazy("Reported upward."),
    ),
    Move(
        "note",
        K.NOTE,
        gettext_lazy("Add a note"),
        TextForm,
        (Role.CLERK, *HANDLERS),
        lambda p, u, d: services.add_note(petition=p, by=u, on=d["on"], text=d["text"]),
        gettext_lazy("Note added."),
    ),
]
MOVES_BY_NAME = {m.name: m for m in MOVES}


def _offered(move: Move, petition: Petition, allowed: set) -> bool:
    if petition.is_voided:
        return False
    if move.name == "decide_review":
        return petition.status in (Petition.Status.REVIEW, Petition.Status.RE_REVIEW)
    if move.name == "review":
        window = services.review_window_ends(petition)
        return window is not None and window >= localdate()
    if move.name == "rate":
        return move.kind in allowed and not petition.satisfaction
    if move.name in REFERRAL_MOVES:
        return move.kind in allowed and getattr(petition, "_open_referrals", None) is not None
    if move.name == "extension":
        return move.kind in allowed and petition.extension_requested_on is None
    if move.name == "decide_extension":
        return move.kind in allowed and petition.extension_pending
    if move.name == "conclude" and petition.status == Petition.Status.AWAITING_APPROVAL:
        return False
    return move.kind in allowed


def _bind(move: Move, petition, data=None, *, agencies=None):
    kwargs = {"prefix": move.name}
    if move.form is ReferForm:
        kwargs["agencies"] = agencies
    form = move.form(data, **kwargs)
    if "referral" in form.fields:
        form.fields["referral"].queryset = petition.referrals.unanswered().select_related("agency")
        form.fields["referral"].empty_label = None  # the oldest open referral is preselected
    return form


def move_forms(request, petition, *, agencies, bound=None):
    """The moves this user may make on the petition now, each with its form."""
    allowed = allowed_moves(petition.status)
    if petition.referrals.unanswered().exists():
        petition._open_referrals = True
    result = []
    for move in MOVES:
        if not has_role(request.user, *move.roles) or not _offered(move, petition, allowed):
            continue
        form = bound if bound is not None and bound.prefix == move.name else _bind(move, petition, agencies=agencies)
        result.append(
            {
                "name": move.name,
                "title": move.title,
                "form": form,
                "url": reverse("petitions:move", args=[petition.pk, move.name]),
            }
        )
    return result
