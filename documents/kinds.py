"""The kinds of official documents, what each is filled from, and when each may be issued.

A kind names the record it is issued on, the placeholders its template may
use (each with a description shown on the template page), a function that
reads those values from the record, and the states in which issuing makes
sense. The values are computed here, in code, as plain strings: a template
can only place them. Documents are Chinese official texts whatever language
the person issuing them reads the site in, so every value is written in Chinese.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from directory.privacy import can_view_identifiers, mask_id_number, mask_phone
from directory.roles import Role
from legal_aid.models import LegalAidCase
from outreach.models import Event
from petitions.models import Action, Petition, PetitionParty

from .document import Sheet
from .placeholders import chinese_date

HANDLING_ROLES = (Role.CLERK, Role.HANDLER, Role.MANAGER)

# Every kind offers these; the service fills them.
COMMON = {
    "发文机关": _("The issuing authority (e.g. 南雄市妇联)"),
    "文号": _("The document number (e.g. 〔2025〕受字第12号)"),
    "成文日期": _("The date of the document, in Chinese (二〇二五年三月八日)"),
    "经办人": _("The staff member issuing the document"),
}


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # the button's words, translated
    model: type
    placeholders: dict  # name -> description, besides COMMON
    values: object  # (record, user) -> {name: str}
    applies: object  # (record) -> bool: whether issuing makes sense in the record's state
    roles: tuple = HANDLING_ROLES
    sheet: object = None  # (record, user) -> Sheet | None
    related: tuple = field(default_factory=tuple)  # select_related for filling

    @property
    def allowed(self) -> dict:
        return {**COMMON, **self.placeholders}


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.code] = kind
    return kind


def kinds_for(model) -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.model is model]


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def _text(value) -> str:
    return str(value).strip() if value else "—"


# --- Petitions -------------------------------------------------------------

PETITION = {
    "信访人": _("The petitioners' names (victim and petitioners, not respondents)"),
    "信访编号": _("The petition's reference number"),
    "来信来访日期": _("The date the petition was received, in Chinese"),
    "信访形式": _("The channel (来信, 来访 …)"),
    "信访事项": _("The facts as registered"),
    "信访诉求": _("What she asks for"),
    "承办人": _("The petition's handler"),
    "受理单位": _("The receiving unit's name"),
}


def _petition_values(petition: Petition, user) -> dict:
    parties = petition.parties.select_related("person").exclude(role=PetitionParty.Role.RESPONDENT).order_by("pk")
    return {
        "信访人": "、".join(p.person.full_name for p in parties) or "—",
        "信访编号": petition.reference,
        "来信来访日期": chinese_date(petition.received_on),
        "信访形式": petition.get_channel_display(),
        "信访事项": _text(petition.facts),
        "信访诉求": _text(petition.request),
        "承办人": _name(petition.handler) if petition.handler_id else "—",
        "受理单位": petition.org_unit.name,
    }


def _last_action_text(petition: Petition, *kinds) -> tuple[str, object]:
    action = petition.actions.filter(kind__in=kinds).exclude(text="").order_by("-on", "-at", "-pk").first()
    return (action.text.strip(), action.on) if action else ("—", None)


def _acceptance(petition, user):
    return {
        **_petition_values(petition, user),
        "受理日期": chinese_date(petition.accepted_on),
        "办结期限": chinese_date(petition.conclusion_due_on),
    }


def _non_acceptance(petition, user):
    return {**_petition_values(petition, user), "不予受理理由": _text(petition.not_accepted_reason)}


def _transfer(petition, user):
    referral = petition.referrals.select_related("agency").order_by("-referred_on", "-pk").first()
    if petition.forwarded_to_id:
        to = petition.forwarded_to.name
        forwarded = petition.actions.filter(kind=Action.Kind.FORWARD).order_by("-on", "-pk").first()
        on, due = (forwarded.on if forwarded else None), petition.objection_due_on
    else:
        to, on, due = referral.agency.name, referral.referred_on, referral.reply_due_on
    return {
        **_petition_values(petition, user),
        "接收单位": to,
        "转送日期": chinese_date(on),
        "回复期限": chinese_date(due) if due else "收到本单之日起十五日内",
    }


def _opinion(petition, user):
    text, _on = _last_action_text(
        petition, Action.Kind.REPLY, Action.Kind.CONCLUDE, Action.Kind.SUBMIT_CONCLUSION, Action.Kind.APPROVE_CONCLUSION
    )
    return {
        **_petition_values(petition, user),
        "受理日期": chinese_date(petition.accepted_on),
        "办结日期": chinese_date(petition.concluded_on),
        "处理结果": petition.get_outcome_display() or "—",
        "处理意见": text,
    }


def _review(petition, user):
    text, _on = _last_action_text(petition, Action.Kind.REVIEW_DECISION, Action.Kind.RE_REVIEW_DECISION)
    return {
        **_petition_values(petition, user),
        "复查申请日期": chinese_date(petition.review_requested_on),
        "复查决定日期": chinese_date(petition.review_decided_on),
        "复查意见": text,
    }


S = Petition.Status
PETITION_RELATED = ("org_unit", "handler", "forwarded_to")

register(
    Kind(
        code="petition_acceptance",
        label=_("Acceptance notice"),
        model=Petition,
        placeholders={
            **PETITION,
            "受理日期": _("The date the petition was accepted"),
            "办结期限": _("The legal deadline for concluding and replying (60 days, extended if approved)"),
        },
        values=_acceptance,
        applies=lambda p: p.accepted_on is not None and p.status != S.FORWARDED,
        related=PETITION_RELATED,
    )
)
register(
    Kind(
        code="petition_non_acceptance",
        label=_("Non-acceptance notice"),
        model=Petition,
        placeholders={**PETITION, "不予受理理由": _("Why it was not accepted, and where to apply instead")},
        values=_non_acceptance,
        applies=lambda p: p.status == S.NOT_ACCEPTED,
        related=PETITION_RELATED,
    )
)
register(
    Kind(
        code="petition_transfer",
        label=_("Transfer slip"),
        model=Petition,
        placeholders={
            **PETITION,
            "接收单位": _("The unit or agency it is forwarded or referred to"),
            "转送日期": _("The date it was forwarded or referred"),
            "回复期限": _("When the receiving unit is to report back"),
        },
        values=_transfer,
        applies=lambda p: p.status == S.FORWARDED or p.referrals.exists(),
        related=PETITION_RELATED,
    )
)
register(
    Kind(
        code="petition_opinion",
        label=_("Handling opinion"),
        model=Petition,
        placeholders={
            **PETITION,
            "受理日期": _("The date the petition was accepted"),
            "办结日期": _("The date it was concluded"),
            "处理结果": _("The outcome (支持, 解释说明 …)"),
            "处理意见": _("The reply or conclusion text recorded on the timeline"),
        },
        values=_opinion,
        applies=lambda p: p.concluded_on is not None,
        related=PETITION_RELATED,
    )
)
register(
    Kind(
        code="petition_review",
        label=_("Review opinion"),
        model=Petition,
        placeholders={
            **PETITION,
            "复查申请日期": _("The date review was asked for"),
            "复查决定日期": _("The date the review was decided"),
            "复查意见": _("The review decision recorded on the timeline"),
        },
        values=_review,
        applies=lambda p: p.review_decided_on is not None,
        related=PETITION_RELATED,
    )
)


# --- Legal aid -------------------------------------------------------------


def _legal_aid_values(case: LegalAidCase, user) -> dict:
    return {
        "申请人": case.client.full_name,
        "案件编号": case.reference,
        "申请日期": chinese_date(case.applied_on),
        "决定期限": chinese_date(case.decision_due_on),
        "案由": case.get_cause_display(),
        "援助形式": case.get_aid_form_display(),
    }


def _legal_aid_sheet(case: LegalAidCase, user) -> Sheet:
    client = case.client
    whole = can_view_identifiers(user)
    rows = [
        ["申请人", client.full_name],
        ["性别", client.get_gender_display()],
        ["身份证号码", (client.id_number if whole else mask_id_number(client.id_number)) or "—"],
        ["联系电话", (client.phone if whole else mask_phone(client.phone)) or "—"],
        ["住址", _text(client.address)],
        ["案件编号", case.reference],
        ["申请日期", chinese_date(case.applied_on)],
        ["案由", case.get_cause_display()],
        ["援助形式", case.get_aid_form_display()],
        ["经济困难条件", case.get_eligibility_display()],
        ["来源信访件", case.source_petition.reference if case.source_petition_id else "—"],
        ["案情及申请事项", _text(case.facts)],
        ["决定期限", chinese_date(case.decision_due_on)],
        ["承办律师（志愿者）", _text(case.lawyer_name or (case.lawyer.full_name if case.lawyer_id else ""))],
    ]
    return Sheet(columns=["项目", "内容"], rows=rows, widths=[1, 3])


register(
    Kind(
        code="legal_aid_application",
        label=_("Application form summary"),
        model=LegalAidCase,
        placeholders={
            "申请人": _("The applicant's name"),
            "案件编号": _("The case's reference number"),
            "申请日期": _("The date of the application, in Chinese"),
            "决定期限": _("The deadline for deciding (7 days)"),
            "案由": _("The cause"),
            "援助形式": _("The form of aid"),
        },
        values=_legal_aid_values,
        applies=lambda case: not case.is_voided,
        sheet=_legal_aid_sheet,
        related=("org_unit", "client", "source_petition", "lawyer"),
    )
)


# --- Outreach --------------------------------------------------------------

SIGN_IN_ROWS = 20  # the sheet has at least this many rows, blank ones to sign by hand


def _event_values(event: Event, user) -> dict:
    return {
        "活动名称": event.title,
        "活动日期": chinese_date(event.held_on),
        "活动地点": _text(event.place),
        "主办单位": event.org_unit.name,
    }


def _sign_in_sheet(event: Event, user) -> Sheet:
    people = sorted(event.volunteers.all(), key=lambda v: v.pk)
    rows = [[str(i), v.full_name, _text(v.employer), "", ""] for i, v in enumerate(people, 1)]
    rows += [[str(i), "", "", "", ""] for i in range(len(rows) + 1, max(SIGN_IN_ROWS, len(rows) + 5) + 1)]
    return Sheet(
        columns=["序号", "姓名", "单位/村（社区）", "联系电话", "签名"],
        rows=rows,
        widths=[1, 2, 4, 3, 2],
        row_height_mm=9,
    )


register(
    Kind(
        code="outreach_sign_in",
        label=_("Sign-in sheet"),
        model=Event,
        placeholders={
            "活动名称": _("The event's title"),
            "活动日期": _("The date of the event, in Chinese"),
            "活动地点": _("Where it is held"),
            "主办单位": _("The organising unit"),
        },
        values=_event_values,
        applies=lambda event: not event.is_voided,
        sheet=_sign_in_sheet,
        related=("org_unit",),
    )
)


def applicable(kind: Kind, record) -> bool:
    """Whether `kind` may be issued on `record` now: never on a voided record."""
    return not getattr(record, "is_voided", False) and kind.applies(record)


def fill_values(kind: Kind, record, user) -> dict:
    """The kind's own values for `record`, in Chinese whatever the request's language."""
    with translation.override("zh-hans"):
        return {name: str(value) for name, value in kind.values(record, user).items()}


def fill_sheet(kind: Kind, record, user):
    if kind.sheet is None:
        return None
    with translation.override("zh-hans"):
        return kind.sheet(record, user)
