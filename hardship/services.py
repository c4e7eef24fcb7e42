"""Every write to hardship records goes through here: atomic, locked, with history."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from directory.attachments import attach
from directory.locking import lock_for_update, save_new_version
from directory.models import Person
from directory.services import create_person

from .models import (
    Assistance,
    Enrolment,
    FundingSource,
    Household,
    HouseholdMember,
    HousingFunding,
    HousingUnit,
    Programme,
    ProgrammeFunding,
    Receipt,
    TrainingClass,
)


class HardshipError(Exception):
    """A write refused for a reason the user can act on; `message` says which."""

    message = _("This cannot be done.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        if message:
            self.message = message


class WrongProgrammeKind(HardshipError):
    message = _("This programme is not of the right kind for this record.")


class HouseholdExists(HardshipError):
    message = _("This person already heads a registered household.")

    def __init__(self, household):
        super().__init__()
        self.household = household


class RepeatAssistance(HardshipError):
    message = _("This household has already been assisted under this programme.")

    def __init__(self, previous):
        super().__init__()
        self.previous = previous


class InvalidTransition(HardshipError):
    message = _("The record cannot move to this status now.")


class ClassFull(HardshipError):
    message = _("The class is full: all its places are taken.")


class AlreadyEnrolled(HardshipError):
    message = _("This student is already enrolled in this class.")


class VoidedRecord(HardshipError):
    message = _("This record has been voided.")


PROGRAMME_FIELDS = ["name", "kind", "year", "org_unit", "budget", "starts_on", "ends_on", "description"]
HOUSEHOLD_FIELDS = [
    "org_unit",
    "size",
    "is_single_parent",
    "is_extremely_poor",
    "is_low_income",
    "has_disability",
    "has_illness",
    "income_notes",
    "notes",
]
ASSISTANCE_FIELDS = ["kind", "given_on", "cash", "goods", "goods_value", "visited_by", "notes"]
HOUSING_FIELDS = ["address", "unit_label", "planned_on", "planned_cost", "notes"]
CLASS_FIELDS = ["name", "starts_on", "ends_on", "capacity", "venue", "cost", "notes"]
TRAINING_KINDS = {Programme.Kind.WOMEN_CLASS, Programme.Kind.TRAINING}


def _not_voided(record):
    if record.voided_at is not None:
        raise VoidedRecord


def _set_funding(model, owner_field: str, owner, funding: dict[str, Decimal]):
    """Make the owner's funding rows match `funding`; a source taken away keeps its row at 0."""
    rows = {row.source: row for row in model.objects.filter(**{owner_field: owner})}
    for source in FundingSource.values:
        amount = funding.get(source) or Decimal("0")
        row = rows.get(source)
        if row is None and amount > 0:
            model.objects.create(**{owner_field: owner, "source": source, "amount": amount})
        elif row is not None and row.amount != amount:
            row.amount = amount
            row.save(update_fields=["amount"])


# Programmes ----------------------------------------------------------------


@transaction.atomic
def create_programme(*, by, funding: dict[str, Decimal] | None = None, **fields) -> Programme:
    """Open a programme with its budget and where the money comes from."""
    programme = Programme(**fields, created_by=by)
    programme._history_user = by
    programme.full_clean()
    programme.save()
    _set_funding(ProgrammeFunding, "programme", programme, funding or {})
    return programme


@transaction.atomic
def update_programme(
    *, programme: Programme, by, expected_version: int | None, funding: dict[str, Decimal] | None = None, **changes
) -> Programme:
    """Change a programme, refusing a form based on an older version."""
    locked = lock_for_update(programme, expected_version)
    _not_voided(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked._history_user = by
    locked.full_clean()
    save_new_version(locked)
    if funding is not None:
        _set_funding(ProgrammeFunding, "programme", locked, funding)
    return locked


# Households ----------------------------------------------------------------


@transaction.atomic
def register_household(*, by, head: Person, **fields) -> Household:
    """Register a household under an existing person; one household per head."""
    existing = Household.objects.filter(head=head).first()
    if existing is not None:
        raise HouseholdExists(existing)
    household = Household(head=head, created_by=by, **fields)
    household._history_user = by
    household.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError as error:  # registered by someone else a moment ago
        existing = Household.objects.filter(head=head).first()
        if existing is None:
            raise
        raise HouseholdExists(existing) from error
    return household


@transaction.atomic
def register_household_with_new_head(*, by, head_fields: dict, **fields) -> Household:
    """Register the head in the directory and her household, together or not at all."""
    head = create_person(by=by, **head_fields)
    return register_household(by=by, head=head, **fields)


@transaction.atomic
def update_household(*, household: Household, by, expected_version: int | None, **changes) -> Household:
    locked = lock_for_update(household, expected_version)
    _not_voided(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked._history_user = by
    locked.full_clean(validate_constraints=False)
    return save_new_version(locked)


@transaction.atomic
def add_household_member(*, household: Household, by, person: Person, relation: str) -> HouseholdMember:
    """Name a registered person as a member of the household."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    _not_voided(household)
    if person.pk == household.head_id:
        raise HardshipError(_("The head is already part of the household."))
    if household.members.filter(person=person).exists():
        raise HardshipError(_("She or he is already a member of this household."))
    member = HouseholdMember(household=household, person=person, relation=relation.strip())
    member._history_user = by
    member.full_clean(validate_constraints=False)
    member.save()
    return member


# Assistance ----------------------------------------------------------------


@transaction.atomic
def record_assistance(
    *, by, programme: Programme, household: Household, confirm_repeat: bool = False, **fields
) -> Assistance:
    """Record a visit or disbursement; a second one in the same programme needs `confirm_repeat`."""
    # Lock the programme so that two clerks entering the same visit at once
    # cannot both miss each other's row.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _not_voided(programme)
    _not_voided(household)
    previous = list(Assistance.objects.active().filter(programme=programme, household=household).order_by("given_on"))
    if previous and not confirm_repeat:
        raise RepeatAssistance(previous)
    assistance = Assistance(programme=programme, household=household, created_by=by, **fields)
    assistance._history_user = by
    assistance.full_clean()
    assistance.save()
    return assistance


@transaction.atomic
def add_receipt(*, assistance: Assistance, by, upload, description: str = "") -> Receipt:
    """Attach the scanned signed receipt (checked by content and size)."""
    return attach(model=Receipt, by=by, upload=upload, description=description, assistance=assistance)


# Housing ------------------------------------------------------------------

HOUSING_NEXT = {
    HousingUnit.Status.PLANNED: (HousingUnit.Status.BUILDING, "started_on"),
    HousingUnit.Status.BUILDING: (HousingUnit.Status.COMPLETED, "completed_on"),
    HousingUnit.Status.COMPLETED: (HousingUnit.Status.HANDED_OVER, "handed_over_on"),
}
HOUSING_PREVIOUS_DATE = {"started_on": "planned_on", "completed_on": "started_on", "handed_over_on": "completed_on"}


@transaction.atomic
def create_housing_unit(
    *, by, programme: Programme, household: Household, funding: dict[str, Decimal] | None = None, **fields
) -> HousingUnit:
    """Plan a home for a household under a housing programme."""
    if programme.kind != Programme.Kind.HOUSING:
        raise WrongProgrammeKind
    _not_voided(programme)
    unit = HousingUnit(programme=programme, household=household, **fields)
    unit._history_user = by
    unit.full_clean()
    unit.save()
    _set_funding(HousingFunding, "housing_unit", unit, funding or {})
    return unit


@transaction.atomic
def update_housing_unit(
    *, unit: HousingUnit, by, expected_version: int | None, funding: dict[str, Decimal] | None = None, **changes
) -> HousingUnit:
    locked = lock_for_update(unit, expected_version)
    _not_voided(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked._history_user = by
    locked.full_clean()
    save_new_version(locked)
    if funding is not None:
        _set_funding(HousingFunding, "housing_unit", locked, funding)
    return locked


@transaction.atomic
def advance_housing_unit(
    *,
    unit: HousingUnit,
    by,
    to: str,
    on: date,
    expected_version: int | None = None,
    actual_cost: Decimal | None = None,
) -> HousingUnit:
    """Move a unit one step along planned → building → completed → handed over."""
    locked = lock_for_update(unit, expected_version)
    _not_voided(locked)
    step = HOUSING_NEXT.get(locked.status)
    if step is None or step[0] != to:
        raise InvalidTransition
    status, date_field = step
    before = getattr(locked, HOUSING_PREVIOUS_DATE[date_field])
    if on < before:
        raise HardshipError(_("This date is before the previous step (%(date)s).") % {"date": before.isoformat()})
    locked.status = status
    setattr(locked, date_field, on)
    if actual_cost is not None:
        locked.actual_cost = actual_cost
    locked._history_user = by
    return save_new_version(locked, update_fields=["status", date_field, "actual_cost"])


# Training classes -----------------------------------------------------------


@transaction.atomic
def create_training_class(*, by, programme: Programme, **fields) -> TrainingClass:
    if programme.kind not in TRAINING_KINDS:
        raise WrongProgrammeKind
    _not_voided(programme)
    klass = TrainingClass(programme=programme, **fields)
    klass._history_user = by
    klass.full_clean()
    klass.save()
    return klass


@transaction.atomic
def update_training_class(*, training_class: TrainingClass, by, expected_version: int | None, **changes):
    locked = lock_for_update(training_class, expected_version)
    _not_voided(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    taken = Enrolment.objects.taking_a_seat().filter(training_class=locked).count()
    if locked.capacity < taken:
        raise HardshipError(_("%(n)s students already hold a place; the capacity cannot be lower.") % {"n": taken})
    locked._history_user = by
    locked.full_clean()
    return save_new_version(locked)


@transaction.atomic
def enrol_student(
    *, by, training_class: TrainingClass, student: Person, enrolled_on: date, household: Household | None = None
) -> Enrolment:
    """Give a student a place in a class, if one is free."""
    # The class row lock serialises enrolments, so the capacity holds under concurrency.
    klass = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    _not_voided(klass)
    seats = Enrolment.objects.taking_a_seat().filter(training_class=klass)
    if (
        seats.filter(student=student).exists()
        or Enrolment.objects.active().filter(training_class=klass, student=student).exists()
    ):
        raise AlreadyEnrolled
    if seats.count() >= klass.capacity:
        raise ClassFull
    enrolment = Enrolment(training_class=klass, student=student, household=household, enrolled_on=enrolled_on)
    enrolment._history_user = by
    enrolment.full_clean(validate_constraints=False)
    enrolment.save()
    return enrolment


def _enrolment_step(enrolment, expected_version, by):
    locked = lock_for_update(enrolment, expected_version)
    _not_voided(locked)
    locked._history_user = by
    return locked


@transaction.atomic
def graduate(*, enrolment: Enrolment, by, on: date, expected_version: int | None = None) -> Enrolment:
    locked = _enrolment_step(enrolment, expected_version, by)
    if locked.status != Enrolment.Status.ENROLLED:
        raise InvalidTransition
    if on < locked.enrolled_on:
        raise HardshipError(_("A student cannot graduate before she enrolled."))
    locked.status, locked.graduated_on = Enrolment.Status.GRADUATED, on
    return save_new_version(locked, update_fields=["status", "graduated_on"])


@transaction.atomic
def drop_out(*, enrolment: Enrolment, by, on: date, expected_version: int | None = None) -> Enrolment:
    locked = _enrolment_step(enrolment, expected_version, by)
    if locked.status != Enrolment.Status.ENROLLED:
        raise InvalidTransition
    if on < locked.enrolled_on:
        raise HardshipError(_("A student cannot drop out before she enrolled."))
    locked.status, locked.dropped_on = Enrolment.Status.DROPPED, on
    return save_new_version(locked, update_fields=["status", "dropped_on"])


@transaction.atomic
def record_employment(
    *, enrolment: Enrolment, by, employer: str, on: date, expected_version: int | None = None
) -> Enrolment:
    """A graduate found work ("输送一人")."""
    locked = _enrolment_step(enrolment, expected_version, by)
    if locked.status != Enrolment.Status.GRADUATED:
        raise InvalidTransition(_("Only a graduate's employment can be recorded."))
    if on < locked.graduated_on:
        raise HardshipError(_("The job cannot start before graduation."))
    if not employer.strip():
        raise HardshipError(_("Name the employer."))
    locked.employer, locked.employed_on = employer.strip(), on
    return save_new_version(locked, update_fields=["employer", "employed_on"])


@transaction.atomic
def mark_lifted_out(*, enrolment: Enrolment, by, on: date, expected_version: int | None = None) -> Enrolment:
    """The employed graduate's household left poverty ("脱贫一户")."""
    locked = _enrolment_step(enrolment, expected_version, by)
    if locked.employed_on is None:
        raise InvalidTransition(_("Record the graduate's job first."))
    if locked.household_id is None:
        raise InvalidTransition(_("Link the student's household first."))
    if on < locked.employed_on:
        raise HardshipError(_("The household cannot leave poverty before the job started."))
    locked.lifted_out_on = on
    return save_new_version(locked, update_fields=["lifted_out_on"])
