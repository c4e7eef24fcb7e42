"""Every write to legal-aid records goes through here (atomic, locked, with history)."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.locking import lock_for_update, save_new_version
from petitions.models import Petition
from petitions.services import refer_to_legal_aid

from . import deadlines
from .models import Assessor, AssessorHearing, FollowUpVisit, LegalAidCase, PoliceWarning, ProtectionOrder

Status = LegalAidCase.Status

ALLOWED = {
    Status.APPLIED: {Status.ACCEPTED, Status.REFUSED, Status.WITHDRAWN},
    Status.ACCEPTED: {Status.IN_PROGRESS, Status.WITHDRAWN},
    Status.IN_PROGRESS: {Status.CLOSED, Status.WITHDRAWN},
    Status.REFUSED: set(),
    Status.CLOSED: set(),
    Status.WITHDRAWN: set(),
}

CASE_FIELDS = [
    "org_unit",
    "client",
    "aid_form",
    "cause",
    "provider",
    "eligibility",
    "hardship_proof",
    "lawyer",
    "lawyer_name",
    "partner_agency",
    "court",
    "court_case_number",
    "facts",
    "applied_on",
    "filed_on",
    "hearing_dates",
]


class InvalidTransition(Exception):
    def __init__(self, current, wanted):
        super().__init__(f"{current} → {wanted}")
        self.current, self.wanted = current, wanted


def _check(case: LegalAidCase, wanted: str) -> None:
    if wanted not in ALLOWED[case.status]:
        raise InvalidTransition(case.status, wanted)


def _check_eligibility(case: LegalAidCase) -> None:
    # Victims of abuse, abandonment or domestic violence are exempt from the
    # means test (法律援助法 §32); everyone else needs the proof seen.
    if case.eligibility == LegalAidCase.Eligibility.HARDSHIP and not case.hardship_proof.strip():
        raise ValidationError({"hardship_proof": _("Say which proof of financial hardship was seen.")})


def next_reference(year: int) -> str:
    prefix = f"FY{year}-"
    last = (
        LegalAidCase.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def create_case(*, by, source_petition: Petition | None = None, **fields) -> LegalAidCase:
    """Register an application for legal aid; starts the 7-day decision clock.

    With a source petition, the referral is logged on the petition's timeline
    in the same transaction (petitions' `refer_to_legal_aid` raises
    `InvalidTransition` when the petition cannot be referred now).
    """
    case = LegalAidCase(**fields, source_petition=source_petition, created_by=by)
    _check_eligibility(case)
    case.reference = next_reference(case.applied_on.year)
    case.decision_due_on = deadlines.decision_due(case.applied_on)
    case._history_user = by
    case.full_clean(exclude=["reference"])
    case.save()
    if source_petition is not None:
        refer_to_legal_aid(
            petition=source_petition,
            by=by,
            on=case.applied_on,
            note=_("Legal-aid case %(ref)s opened.") % {"ref": case.reference},
        )
    return case


@transaction.atomic
def update_case(*, case: LegalAidCase, by, expected_version: int | None, **changes) -> LegalAidCase:
    """Change a case's details, refusing a form based on an older version."""
    locked = lock_for_update(case, expected_version)
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_eligibility(locked)
    if "applied_on" in changes:
        locked.decision_due_on = deadlines.decision_due(locked.applied_on)
    locked._history_user = by
    locked.full_clean()
    return save_new_version(locked)


@transaction.atomic
def decide_case(
    *, case: LegalAidCase, by, on: date, accept: bool, reasons: str = "", expected_version: int | None = None
) -> LegalAidCase:
    """Accept (starting the 3-day lawyer clock) or refuse with reasons."""
    locked = lock_for_update(case, expected_version)
    wanted = Status.ACCEPTED if accept else Status.REFUSED
    _check(locked, wanted)
    if on < locked.applied_on:
        raise ValidationError({"on": _("The decision cannot come before the application.")})
    if not accept and not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for refusing legal aid.")})
    locked.status, locked.decided_on = wanted, on
    if accept:
        locked.assignment_due_on = deadlines.assignment_due(on)
    else:
        locked.refusal_reason = reasons.strip()
    locked._history_user = by
    locked._change_reason = reasons.strip()
    return save_new_version(locked)


@transaction.atomic
def assign_lawyer(
    *, case: LegalAidCase, by, on: date, lawyer=None, lawyer_name: str = "", expected_version: int | None = None
) -> LegalAidCase:
    """Record the lawyer or volunteer assigned; the case is then in progress."""
    locked = lock_for_update(case, expected_version)
    _check(locked, Status.IN_PROGRESS)
    if lawyer is None and not lawyer_name.strip():
        raise ValidationError({"lawyer": _("Choose a volunteer or type the lawyer's name.")})
    if on < locked.decided_on:
        raise ValidationError({"on": _("The lawyer cannot be assigned before the decision.")})
    locked.lawyer, locked.lawyer_name = lawyer, lawyer_name.strip()
    locked.lawyer_assigned_on, locked.status = on, Status.IN_PROGRESS
    locked._history_user = by
    return save_new_version(locked)


@transaction.atomic
def close_case(
    *,
    case: LegalAidCase,
    by,
    on: date,
    outcome: str,
    money_recovered: Decimal = Decimal(0),
    expected_version: int | None = None,
) -> LegalAidCase:
    """Close a case with its outcome and the money recovered for the client."""
    locked = lock_for_update(case, expected_version)
    _check(locked, Status.CLOSED)
    if on < locked.applied_on:
        raise ValidationError({"on": _("A case cannot close before it was applied for.")})
    if money_recovered < 0:
        raise ValidationError({"money_recovered": _("Money recovered cannot be negative.")})
    locked.status, locked.closed_on = Status.CLOSED, on
    locked.outcome, locked.money_recovered = outcome, money_recovered
    locked._history_user = by
    return save_new_version(locked)


@transaction.atomic
def withdraw_case(
    *, case: LegalAidCase, by, on: date, reason: str, expected_version: int | None = None
) -> LegalAidCase:
    """The client withdrew the application or the case."""
    locked = lock_for_update(case, expected_version)
    _check(locked, Status.WITHDRAWN)
    locked.status, locked.closed_on, locked.outcome = Status.WITHDRAWN, on, LegalAidCase.Outcome.WITHDRAWN
    locked._history_user = by
    locked._change_reason = reason.strip()
    return save_new_version(locked)


# --- police warnings ---------------------------------------------------------


@transaction.atomic
def record_police_warning(*, by, **fields) -> PoliceWarning:
    """Record a police warning (告诫书) the federation learned of or helped with."""
    warning = PoliceWarning(**fields, created_by=by)
    warning._history_user = by
    warning.full_clean()
    warning.save()
    return warning


@transaction.atomic
def record_follow_up_visit(*, warning: PoliceWarning, by, visited_on: date, visitor: str, notes: str = ""):
    """Record a follow-up visit to the victim after a police warning."""
    locked = PoliceWarning.objects.select_for_update().get(pk=warning.pk)
    if visited_on < locked.issued_on:
        raise ValidationError({"visited_on": _("A follow-up visit comes after the warning was issued.")})
    visit = FollowUpVisit(warning=locked, visited_on=visited_on, by=visitor, notes=notes, recorded_by=by)
    visit._history_user = by
    visit.save()
    return visit


# --- protection orders -------------------------------------------------------


@transaction.atomic
def apply_for_protection_order(*, by, filed_at: datetime, urgent: bool = False, **fields) -> ProtectionOrder:
    """Record an application for a protection order; the court must decide within 72 (urgent: 24) hours."""
    order = ProtectionOrder(**fields, filed_at=filed_at, urgent=urgent, created_by=by)
    if order.legal_aid_case_id and not order.source_petition_id:
        order.source_petition_id = order.legal_aid_case.source_petition_id
    order.decision_due_at = deadlines.order_decision_due(filed_at, urgent=urgent)
    order._history_user = by
    order.full_clean()
    order.save()
    return order


def _check_term(effective_from: date, expires_on: date) -> None:
    if expires_on < effective_from:
        raise ValidationError({"expires_on": _("An order expires after it comes into force.")})
    if expires_on > deadlines.latest_order_expiry(effective_from):
        raise ValidationError({"expires_on": _("A protection order lasts at most six months.")})


@transaction.atomic
def decide_protection_order(
    *,
    order: ProtectionOrder,
    by,
    on: date,
    granted: bool,
    ban_violence: bool = False,
    ban_contact: bool = False,
    move_out: bool = False,
    other_measures: str = "",
    effective_from: date | None = None,
    expires_on: date | None = None,
    expected_version: int | None = None,
) -> ProtectionOrder:
    """Record the court's decision; a granted order gets its measures, term and follow-up date."""
    locked = lock_for_update(order, expected_version)
    if locked.decision != ProtectionOrder.Decision.PENDING:
        raise InvalidTransition(locked.decision, "decided")
    if on < locked.filed_at.date():
        raise ValidationError({"on": _("The decision cannot come before the application.")})
    locked.decided_on = on
    if granted:
        if not (ban_violence or ban_contact or move_out or other_measures.strip()):
            raise ValidationError({"ban_violence": _("Tick at least one measure the court granted.")})
        effective_from = effective_from or on
        if expires_on is None:
            raise ValidationError({"expires_on": _("Give the date the order expires.")})
        _check_term(effective_from, expires_on)
        locked.decision = ProtectionOrder.Decision.GRANTED
        locked.ban_violence, locked.ban_contact, locked.move_out = ban_violence, ban_contact, move_out
        locked.other_measures = other_measures.strip()
        locked.effective_from, locked.expires_on = effective_from, expires_on
        locked.reminder_on = deadlines.order_reminder_on(expires_on)
    else:
        locked.decision = ProtectionOrder.Decision.REFUSED
    locked._history_user = by
    return save_new_version(locked)


@transaction.atomic
def extend_protection_order(
    *, order: ProtectionOrder, by, new_expiry: date, note: str = "", expected_version: int | None = None
) -> ProtectionOrder:
    """The court extended an order in force (at most six months past its previous expiry)."""
    locked = lock_for_update(order, expected_version)
    if locked.decision != ProtectionOrder.Decision.GRANTED:
        raise InvalidTransition(locked.decision, "extended")
    if new_expiry <= locked.expires_on:
        raise ValidationError({"new_expiry": _("The new expiry date must be after the current one.")})
    if new_expiry > deadlines.add_months(locked.expires_on, deadlines.PROTECTION_ORDER_MAX_MONTHS):
        raise ValidationError({"new_expiry": _("An extension lasts at most six months.")})
    locked.expires_on = new_expiry
    locked.reminder_on = deadlines.order_reminder_on(new_expiry)
    locked.extensions += 1
    locked._history_user = by
    locked._change_reason = note.strip()
    return save_new_version(locked)


# --- assessors ----------------------------------------------------------------


@transaction.atomic
def appoint_assessor(*, by, appointed_on: date, term_ends_on: date | None = None, **fields) -> Assessor:
    """Add a people's assessor to the register (a 5-year term unless given)."""
    assessor = Assessor(
        **fields, appointed_on=appointed_on, term_ends_on=term_ends_on or deadlines.assessor_term_end(appointed_on)
    )
    if not assessor.full_name:
        if assessor.person_id:
            assessor.full_name = assessor.person.full_name
        elif assessor.staff_user_id:
            assessor.full_name = assessor.staff_user.get_full_name() or assessor.staff_user.get_username()
    _check_assessor_term(assessor)
    assessor._history_user = by
    assessor.full_clean()
    assessor.save()
    return assessor


ASSESSOR_FIELDS = ["org_unit", "full_name", "person", "court", "appointed_on", "term_ends_on"]


def _check_assessor_term(assessor: Assessor) -> None:
    if assessor.term_ends_on <= assessor.appointed_on:
        raise ValidationError({"term_ends_on": _("The term ends after the appointment.")})


@transaction.atomic
def update_assessor(*, assessor: Assessor, by, expected_version: int | None, **changes) -> Assessor:
    """Correct an assessor's register entry, refusing a change based on an older version."""
    locked = lock_for_update(assessor, expected_version)
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_assessor_term(locked)
    locked._history_user = by
    locked.full_clean()
    return save_new_version(locked)


@transaction.atomic
def record_hearing(*, assessor: Assessor, by, **fields) -> AssessorHearing:
    """Record a hearing an assessor sat in."""
    locked = Assessor.objects.select_for_update().get(pk=assessor.pk)
    hearing = AssessorHearing(assessor=locked, recorded_by=by, **fields)
    if not hearing.court:
        hearing.court = locked.court
    hearing._history_user = by
    hearing.full_clean()
    hearing.save()
    return hearing
