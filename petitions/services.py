"""Every write to a petition goes through here.

Each move re-reads the petition under a row lock, checks the transition map
(`models.TRANSITIONS`), changes it, and writes the timeline action and the
history row in the same transaction.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import transaction
from django.db.models import Max, Q

from directory.attachments import attach
from directory.encryption import blind_index
from directory.locking import lock_for_update, save_new_version
from directory.models import Agency, OrgUnit, Person, staff_of
from directory.roles import Role, has_role
from directory.voiding import void_record

from . import deadlines
from .models import (
    TRANSITIONS,
    Action,
    Category,
    Petition,
    PetitionAttachment,
    PetitionParty,
    ReceptionDay,
    Referral,
    calendar_from_db,
)

S = Petition.Status
K = Action.Kind
REPEAT_WINDOW = timedelta(days=365)


class InvalidTransition(Exception):
    """The move is not allowed from the petition's current status."""

    def __init__(self, status, move):
        super().__init__(f"{move} is not allowed from {status}")
        self.status, self.move = status, move


class NotAllowed(Exception):
    """The user may not make this move (for example approve their own request)."""


@dataclass(frozen=True)
class Party:
    person: Person
    role: str = PetitionParty.Role.PETITIONER


# ---------------------------------------------------------------------------
# Registering


def reference_prefix(unit: OrgUnit) -> str:
    """The unit's division code without its empty lower levels (440282000000 → 440282)."""
    code = unit.code
    if not code:
        return f"U{unit.pk}"
    if code[6:] == "000000":
        return code[:6]
    if code[9:] == "000":
        return code[:9]
    return code


def find_earlier_petition(*, people, category, received_on: date, exclude_pk=None) -> Petition | None:
    """The latest active petition in `category` within a year before `received_on` by the
    same person (the same directory record, or the same ID number or phone)."""
    people = [p for p in people if p is not None]
    if not people or category is None:
        return None
    same = Q(pk__in=[p.pk for p in people])
    # Encrypted: compared through their blind indexes (directory.encryption).
    ids = [blind_index("id_number", p.id_number) for p in people if p.id_number]
    phones = [blind_index("phone", p.phone) for p in people if p.phone]
    if ids:
        same |= Q(id_number_hash__in=ids)
    if phones:
        same |= Q(phone_hash__in=phones)
    earlier = (
        Petition.objects.active()
        .filter(
            category=category,
            received_on__gte=received_on - REPEAT_WINDOW,
            received_on__lte=received_on,
            parties__person__in=Person.objects.filter(same),
        )
        .exclude(pk=exclude_pk)
        .order_by("-received_on", "-pk")
    )
    return earlier.first()


def _refresh_due(petition: Petition, cal: deadlines.WorkingCalendar | None = None) -> None:
    """Set `due_on` to the deadline the petition's status is running against.

    Only a review's deadline is computed here; without `cal` the calendar is read then."""
    estimated = False
    due = None
    if petition.status == S.REGISTERED:
        due = petition.decision_due_on
    elif petition.status in (S.ACCEPTED, S.IN_PROGRESS, S.AWAITING_APPROVAL):
        due = petition.conclusion_due_on
    elif petition.status in (S.REVIEW, S.RE_REVIEW):
        asked = petition.review_requested_on if petition.status == S.REVIEW else petition.re_review_requested_on
        deadline = deadlines.add_days(asked, deadlines.REVIEW_DECISION_DAYS, cal or calendar_from_db())
        due, estimated = deadline.on, deadline.estimated
    petition.due_on = due
    petition.deadline_estimated = petition.deadline_estimated or estimated


@transaction.atomic
def register_petition(
    *,
    by,
    org_unit: OrgUnit,
    channel: str,
    received_on: date,
    parties: list[Party],
    nature: str,
    category: Category,
    facts: str,
    received_time: time | None = None,
    headcount: int = 1,
    is_collective: bool = False,
    subcategory: Category | None = None,
    request: str = "",
    risk_level: str = Petition.Risk.LOW,
    risk_reason: str = "",
    is_major: bool = False,
    is_litigation: bool = False,
    handler=None,
    reception_day: ReceptionDay | None = None,
    link_repeat: bool = True,
) -> Petition:
    """Log a new petition with its petitioners; numbers it and starts the 15-day decision clock."""
    if not parties:
        raise ValueError("A petition has at least one petitioner.")
    # Lock the unit so that two clerks never draw the same serial number.
    OrgUnit.objects.select_for_update().filter(pk=org_unit.pk).first()
    year = received_on.year
    last = Petition.objects.filter(org_unit=org_unit, year=year).aggregate(n=Max("serial"))["n"] or 0
    serial = last + 1
    cal = calendar_from_db()
    decision = deadlines.add_days(received_on, deadlines.DECISION_DAYS, cal)
    petition = Petition(
        reference=f"{reference_prefix(org_unit)}-{year}-{serial:04d}",
        year=year,
        serial=serial,
        org_unit=org_unit,
        channel=channel,
        received_on=received_on,
        received_time=received_time,
        headcount=headcount,
        is_collective=is_collective,
        nature=nature,
        category=category,
        subcategory=subcategory,
        facts=facts,
        request=request,
        risk_level=risk_level,
        risk_reason=risk_reason,
        is_major=is_major,
        is_litigation=is_litigation,
        first_contact=by,
        handler=handler,
        reception_day=reception_day,
        decision_due_on=decision.on,
        deadline_estimated=decision.estimated,
        created_by=by,
    )
    if channel == Petition.Channel.ASSIGNED:
        objection = deadlines.add_working_days(received_on, deadlines.OBJECTION_WORKING_DAYS, cal)
        petition.objection_due_on = objection.on
        petition.deadline_estimated |= objection.estimated
    if link_repeat:
        petition.repeat_of = find_earlier_petition(
            people=[p.person for p in parties], category=category, received_on=received_on
        )
    _refresh_due(petition, cal)
    petition._history_user = by
    petition.save()
    seen = set()
    for party in parties:
        if (party.person.pk, party.role) in seen:
            continue
        seen.add((party.person.pk, party.role))
        PetitionParty.objects.create(petition=petition, person=party.person, role=party.role)
    petition.actions.create(kind=K.REGISTER, by=by, on=received_on, text=facts[:200])
    return petition


EDITABLE_FIELDS = [
    "channel",
    "received_on",
    "received_time",
    "headcount",
    "is_collective",
    "nature",
    "category",
    "subcategory",
    "facts",
    "request",
    "risk_level",
    "risk_reason",
    "is_major",
    "is_litigation",
    "handler",
    "reception_day",
]


@transaction.atomic
def update_petition(*, petition: Petition, by, expected_version: int | None, **changes) -> Petition:
    """Correct a petition's intake fields, refusing a form based on an older version."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    locked = lock_for_update(petition, expected_version)
    if locked.is_voided:
        raise InvalidTransition(locked.status, "edit")
    for name, value in changes.items():
        setattr(locked, name, value)
    if "received_on" in changes and locked.status == S.REGISTERED:
        cal = calendar_from_db()
        decision = deadlines.add_days(locked.received_on, deadlines.DECISION_DAYS, cal)
        locked.decision_due_on, locked.deadline_estimated = decision.on, decision.estimated
        _refresh_due(locked, cal)
    locked._history_user = by
    return save_new_version(locked)


@transaction.atomic
def void_petition(*, petition: Petition, by, reason: str) -> Petition:
    """Void a petition entered by mistake: it then counts nowhere and leaves the lists."""
    voided = void_record(record=petition, by=by, reason=reason)
    voided.actions.create(kind=K.VOID, by=by, on=voided.voided_at.date(), text=reason.strip())
    return voided


def attach_file(*, petition: Petition, by, upload, description: str = "") -> PetitionAttachment:
    """Store a scanned letter, photo, recording or document on a petition (checked by content)."""
    return attach(model=PetitionAttachment, by=by, upload=upload, description=description, petition=petition)


@transaction.atomic
def schedule_reception_day(
    *, by, org_unit: OrgUnit, on: date, leader: str, place: str, leader_title: str = "", note: str = ""
) -> ReceptionDay:
    """Schedule a leader reception day (领导接访)."""
    day = ReceptionDay(
        org_unit=org_unit, on=on, leader=leader, leader_title=leader_title, place=place, note=note, created_by=by
    )
    day._history_user = by
    day.full_clean()
    day.save()
    return day


# ---------------------------------------------------------------------------
# The workflow: one service per move.


def _move(petition: Petition, kind: str, *, by, expected_version: int | None = None) -> Petition:
    """Re-read under lock and check the move is allowed; returns the locked row."""
    return _allow(lock_for_update(petition, expected_version), kind, by=by)


def _allow(locked: Petition, kind: str, *, by) -> Petition:
    """Check the move is allowed from the locked row's status; note who moves it and how it was."""
    sources, _to = TRANSITIONS[kind]
    if locked.is_voided or locked.status not in sources:
        raise InvalidTransition(locked.status, kind)
    locked._history_user = by
    locked._as_read = _state(locked)
    return locked


def _state(petition: Petition) -> dict:
    return {f.attname: getattr(petition, f.attname) for f in petition._meta.concrete_fields}


def _finish(locked: Petition, kind: str, *, by, on: date, cal=None, text: str = "", **action) -> Action:
    """Apply the move's status, recompute the deadline, save a new version, write the action."""
    to = TRANSITIONS[kind][1]
    if to is not None:
        locked.status = to
    _refresh_due(locked, cal)
    # A move that changes nothing on the petition itself (a second referral, a
    # mediation step) is only a timeline action: no new version, no empty history row.
    if _state(locked) != locked._as_read:
        save_new_version(locked)
    return locked.actions.create(kind=kind, by=by, on=on, text=text, **action)


def _is_unit_manager(user, petition: Petition) -> bool:
    if user.is_superuser:
        return True
    staff = staff_of(user)
    return bool(staff and staff.role == Role.MANAGER and petition.org_unit.path.startswith(staff.org_unit.path))


@transaction.atomic
def accept_petition(*, petition: Petition, by, on: date, note: str = "") -> Petition:
    """Accept a registered petition; starts the 60-day handling clock."""
    locked = _move(petition, K.ACCEPT, by=by)
    cal = calendar_from_db()
    due = deadlines.add_days(on, deadlines.HANDLING_DAYS, cal)
    locked.accepted_on, locked.conclusion_due_on = on, due.on
    locked.deadline_estimated = locked.deadline_estimated or due.estimated
    if locked.handler_id is None:
        locked.handler = by
    _finish(locked, K.ACCEPT, by=by, on=on, cal=cal, text=note)
    return locked


@transaction.atomic
def not_accept_petition(*, petition: Petition, by, on: date, reason: str) -> Petition:
    """Turn a petition away in writing, saying where to apply instead (a written notice)."""
    if not reason.strip():
        raise ValueError("Say why, and where to apply instead.")
    locked = _move(petition, K.NOT_ACCEPT, by=by)
    locked.not_accepted_reason = reason.strip()
    locked.replied_on = locked.replied_on or on
    _finish(locked, K.NOT_ACCEPT, by=by, on=on, text=reason.strip())
    return locked


@transaction.atomic
def forward_petition(*, petition: Petition, by, on: date, to_unit: OrgUnit, note: str = "") -> Petition:
    """Forward or assign the petition to the unit that should handle it."""
    locked = _move(petition, K.FORWARD, by=by)
    locked.forwarded_to = to_unit
    _finish(locked, K.FORWARD, by=by, on=on, text=note, detail={"to_unit": to_unit.pk, "to_unit_name": to_unit.name})
    return locked


@transaction.atomic
def start_handling(*, petition: Petition, by, on: date, note: str = "") -> Petition:
    locked = _move(petition, K.START, by=by)
    if locked.handler_id is None:
        locked.handler = by
    _finish(locked, K.START, by=by, on=on, text=note)
    return locked


@transaction.atomic
def record_step(*, petition: Petition, by, on: date, kind: str, text: str) -> Action:
    """Log a mediation or an investigation step."""
    if kind not in (K.MEDIATE, K.INVESTIGATE):
        raise ValueError(kind)
    locked = _move(petition, kind, by=by)
    return _finish(locked, kind, by=by, on=on, text=text)


@transaction.atomic
def escalate_petition(*, petition: Petition, by, on: date, text: str) -> Action:
    """Report the petition upward (a major petition must be reported at once)."""
    locked = _move(petition, K.ESCALATE, by=by)
    return locked.actions.create(kind=K.ESCALATE, by=by, on=on, text=text)


@transaction.atomic
def add_note(*, petition: Petition, by, on: date, text: str) -> Action:
    locked = _move(petition, K.NOTE, by=by)
    return locked.actions.create(kind=K.NOTE, by=by, on=on, text=text)


@transaction.atomic
def refer_to_agency(
    *, petition: Petition, by, on: date, agency: Agency, asked: str, reply_due_on: date | None = None
) -> Referral:
    """Refer the matter to a partner agency, with what was asked and when its reply is due (督办)."""
    if reply_due_on is not None and reply_due_on < on:
        raise ValueError("The reply cannot be due before the referral.")
    locked = _move(petition, K.REFER, by=by)
    referral = Referral.objects.create(
        petition=locked, agency=agency, referred_on=on, asked=asked, reply_due_on=reply_due_on
    )
    _finish(
        locked,
        K.REFER,
        by=by,
        on=on,
        text=asked,
        agency=agency,
        detail={"referral": referral.pk, "reply_due_on": reply_due_on.isoformat() if reply_due_on else None},
    )
    return referral


@transaction.atomic
def refer_to_legal_aid(*, petition: Petition, by, on: date, note: str = "") -> Action:
    """Log on the petition's timeline that it was referred to legal aid (called by `legal_aid`).

    Allowed while the petition is accepted or in progress (it then is in
    progress); raises `InvalidTransition` otherwise.
    """
    locked = _move(petition, K.REFER_LEGAL_AID, by=by)
    return _finish(locked, K.REFER_LEGAL_AID, by=by, on=on, text=note)


@transaction.atomic
def record_agency_reply(*, referral: Referral, by, on: date, text: str, adequate: bool) -> Referral:
    """Log the agency's reply and whether it answered what was asked."""
    locked = _move(referral.petition, K.AGENCY_REPLY, by=by)
    ref = Referral.objects.select_for_update().get(pk=referral.pk)
    if ref.replied_on is not None:
        raise InvalidTransition("replied", K.AGENCY_REPLY)
    ref.replied_on, ref.reply_text, ref.adequate = on, text, adequate
    ref._history_user = by
    ref.save()
    locked.actions.create(
        kind=K.AGENCY_REPLY,
        by=by,
        on=on,
        text=text,
        agency=ref.agency,
        detail={"referral": ref.pk, "adequate": adequate},
    )
    return ref


@transaction.atomic
def remind_agency(*, referral: Referral, by, on: date, note: str = "") -> Referral:
    """Record a reminder (督促) to an agency that has not replied."""
    locked = _move(referral.petition, K.REMIND, by=by)
    ref = Referral.objects.select_for_update().get(pk=referral.pk)
    if ref.replied_on is not None:
        raise InvalidTransition("replied", K.REMIND)
    ref.reminders += 1
    ref.last_reminded_on = on
    ref._history_user = by
    ref.save()
    locked.actions.create(kind=K.REMIND, by=by, on=on, text=note, agency=ref.agency, detail={"referral": ref.pk})
    return ref


@transaction.atomic
def reply_to_petitioner(*, petition: Petition, by, on: date, method: str, text: str) -> Action:
    """Record the written reply or notice to the petitioner and how it was delivered."""
    if method not in Petition.ReplyMethod.values:
        raise ValueError(method)
    locked = _move(petition, K.REPLY, by=by)
    locked.replied_on = locked.replied_on or on
    locked.reply_method = method
    return _finish(locked, K.REPLY, by=by, on=on, text=text, detail={"method": method})


@transaction.atomic
def request_extension(*, petition: Petition, by, on: date, days: int, reason: str) -> Petition:
    """Ask the unit head for the one extension the law allows (at most 30 days)."""
    if not 1 <= days <= deadlines.MAX_EXTENSION_DAYS:
        raise ValueError("An extension is 1 to 30 days.")
    if not reason.strip():
        raise ValueError("A reason is required.")
    locked = _move(petition, K.REQUEST_EXTENSION, by=by)
    if locked.extension_requested_on is not None:
        raise InvalidTransition(locked.status, K.REQUEST_EXTENSION)
    locked.extension_requested_on, locked.extension_days = on, days
    locked.extension_reason, locked.extension_requested_by = reason.strip(), by
    _finish(locked, K.REQUEST_EXTENSION, by=by, on=on, text=reason.strip(), detail={"days": days})
    return locked


@transaction.atomic
def decide_extension(*, petition: Petition, by, on: date, approve: bool, note: str = "") -> Petition:
    """A manager of the unit approves or refuses the pending extension; never their own request."""
    kind = K.APPROVE_EXTENSION if approve else K.REFUSE_EXTENSION
    locked = _move(petition, kind, by=by)
    if not locked.extension_pending:
        raise InvalidTransition(locked.status, kind)
    if not _is_unit_manager(by, locked) or locked.extension_requested_by_id == by.pk:
        raise NotAllowed
    cal = calendar_from_db()
    if approve:
        extended = deadlines.add_days(locked.conclusion_due_on, locked.extension_days, cal)
        locked.conclusion_due_on, locked.extension_approved_on = extended.on, on
        locked.deadline_estimated = locked.deadline_estimated or extended.estimated
    else:
        # A refused request leaves the deadline as it was; the one extension is not used up.
        locked.extension_requested_on = locked.extension_days = locked.extension_requested_by = None
        locked.extension_reason = ""
    _finish(locked, kind, by=by, on=on, cal=cal, text=note)
    return locked


def needs_conclusion_approval(petition: Petition) -> bool:
    return petition.is_major or petition.risk_level == Petition.Risk.HIGH


@transaction.atomic
def conclude_petition(
    *, petition: Petition, by, on: date, outcome: str, settled_level: str, text: str = ""
) -> Petition:
    """Conclude with an outcome; a major or high-risk petition waits for a manager's approval.

    A registered petition (a consultation answered on the spot) is concluded directly.
    """
    if outcome not in Petition.Outcome.values or settled_level not in Petition.Level.values:
        raise ValueError("outcome / level")
    locked = lock_for_update(petition, None)
    kind = K.SUBMIT_CONCLUSION if (locked.status != S.REGISTERED and needs_conclusion_approval(locked)) else K.CONCLUDE
    _allow(locked, kind, by=by)
    locked.outcome, locked.settled_level = outcome, settled_level
    if kind == K.CONCLUDE:
        locked.concluded_on, locked.concluded_by = on, by
        if locked.handler_id is None:
            locked.handler = by
    _finish(locked, kind, by=by, on=on, text=text, detail={"outcome": outcome, "level": settled_level})
    return locked


@transaction.atomic
def decide_conclusion(*, petition: Petition, by, on: date, approve: bool, note: str = "") -> Petition:
    """A manager approves the conclusion of a major or high-risk petition, or sends it back."""
    kind = K.APPROVE_CONCLUSION if approve else K.RETURN_CONCLUSION
    locked = _move(petition, kind, by=by)
    submitted = locked.actions.filter(kind=K.SUBMIT_CONCLUSION).order_by("-at", "-pk").first()
    if not _is_unit_manager(by, locked) or (submitted and submitted.by_id == by.pk):
        raise NotAllowed
    if approve:
        locked.concluded_on, locked.concluded_by = on, by
    else:
        locked.outcome = locked.settled_level = ""
    _finish(locked, kind, by=by, on=on, text=note)
    return locked


@transaction.atomic
def record_satisfaction(*, petition: Petition, by, on: date, satisfaction: str) -> Petition:
    if satisfaction not in Petition.Satisfaction.values:
        raise ValueError(satisfaction)
    locked = _move(petition, K.RATE, by=by)
    locked.satisfaction = satisfaction
    _finish(locked, K.RATE, by=by, on=on, detail={"satisfaction": satisfaction})
    return locked


@transaction.atomic
def request_review(*, petition: Petition, by, on: date, note: str = "") -> Petition:
    """The petitioner asks for review (复查) within 30 days of the reply, or re-review (复核)
    within 30 days of the review decision. After re-review the same facts are barred."""
    locked = lock_for_update(petition, None)
    kind = K.RE_REVIEW_REQUEST if locked.review_decided_on else K.REVIEW_REQUEST
    _allow(locked, kind, by=by)
    if kind == K.REVIEW_REQUEST:
        if locked.review_requested_on is not None:
            raise InvalidTransition(locked.status, kind)
        start = locked.replied_on or locked.concluded_on
        locked.review_requested_on = on
    else:
        if locked.re_review_requested_on is not None:
            raise InvalidTransition(locked.status, kind)
        start = locked.review_decided_on
        locked.re_review_requested_on = on
    cal = calendar_from_db()
    window = deadlines.add_days(start, deadlines.REVIEW_REQUEST_DAYS, cal)
    if on > window.on:
        raise InvalidTransition(locked.status, kind)
    _finish(locked, kind, by=by, on=on, cal=cal, text=note)
    return locked


@transaction.atomic
def decide_review(*, petition: Petition, by, on: date, text: str) -> Petition:
    """Record the review or re-review decision; the petition is concluded again."""
    locked = lock_for_update(petition, None)
    kind = K.RE_REVIEW_DECISION if locked.status == S.RE_REVIEW else K.REVIEW_DECISION
    _allow(locked, kind, by=by)
    if kind == K.REVIEW_DECISION:
        locked.review_decided_on = on
    else:
        locked.re_review_decided_on = on
    _finish(locked, kind, by=by, on=on, text=text)
    return locked


def review_window_ends(petition: Petition, cal=None) -> date | None:
    """The last day the petitioner may ask for review or re-review, if one is still open."""
    if petition.status != S.CONCLUDED or petition.re_review_requested_on:
        return None
    cal = cal or calendar_from_db()
    if petition.review_decided_on:
        return deadlines.add_days(petition.review_decided_on, deadlines.REVIEW_REQUEST_DAYS, cal).on
    if petition.review_requested_on:
        return None
    start = petition.replied_on or petition.concluded_on
    return deadlines.add_days(start, deadlines.REVIEW_REQUEST_DAYS, cal).on if start else None


def acknowledgement_limits(petition: Petition) -> dict:
    """The time limits printed on the acknowledgement (回执)."""
    return {
        "decision_due_on": petition.decision_due_on,
        "decision_days": deadlines.DECISION_DAYS,
        "handling_days": deadlines.HANDLING_DAYS,
        "extension_days": deadlines.MAX_EXTENSION_DAYS,
        "review_days": deadlines.REVIEW_REQUEST_DAYS,
        "objection_due_on": petition.objection_due_on,
    }


def can_approve(user, petition: Petition) -> bool:
    return has_role(user, Role.MANAGER) and _is_unit_manager(user, petition)
