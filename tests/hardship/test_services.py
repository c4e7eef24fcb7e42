from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from hardship.models import Assistance, Enrolment, Household, HousingUnit
from hardship.services import (
    AlreadyEnrolled,
    ClassFull,
    HardshipError,
    HouseholdExists,
    InvalidTransition,
    RepeatAssistance,
    WrongProgrammeKind,
    advance_housing_unit,
    create_housing_unit,
    create_training_class,
    drop_out,
    enrol_student,
    graduate,
    mark_lifted_out,
    record_assistance,
    register_household,
)
from tests.factories import PersonFactory


def visit(programme, household, by, **extra):
    return record_assistance(
        by=by, programme=programme, household=household, given_on=date(2025, 1, 22), cash=Decimal("500"), **extra
    )


def test_a_second_visit_in_the_same_programme_is_refused_until_confirmed(spring, make_household, handler_a):
    household = make_household()
    first = visit(spring, household, handler_a)
    with pytest.raises(RepeatAssistance) as refused:
        visit(spring, household, handler_a)
    assert refused.value.previous == [first]
    assert Assistance.objects.count() == 1
    visit(spring, household, handler_a, confirm_repeat=True)
    assert Assistance.objects.count() == 2


def test_the_same_household_in_another_programme_is_not_a_repeat(spring, make_programme, make_household, handler_a):
    household = make_household()
    visit(spring, household, handler_a)
    visit(make_programme(name="助学"), household, handler_a)
    assert Assistance.objects.filter(household=household).count() == 2


def test_a_head_can_head_only_one_household(make_household, handler_a, village_a):
    household = make_household()
    with pytest.raises(HouseholdExists) as refused:
        register_household(by=handler_a, head=household.head, org_unit=village_a)
    assert refused.value.household == household
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.create(head=household.head, org_unit=village_a)


def test_registration_writes_history_with_who(make_household, clerk_a):
    household = make_household(by=clerk_a, is_single_parent=True)
    assert household.history.get().history_user == clerk_a


def unit(programme, household, by):
    return create_housing_unit(
        by=by,
        programme=programme,
        household=household,
        address="八一社区5号",
        planned_on=date(2025, 3, 1),
        planned_cost=Decimal("30000"),
    )


def test_housing_goes_planned_building_completed_handed_over_with_dates(housing, make_household, handler_a):
    home = unit(housing, make_household(), handler_a)
    for status, day in [
        ("building", date(2025, 4, 1)),
        ("completed", date(2025, 9, 1)),
        ("handed_over", date(2025, 10, 1)),
    ]:
        home = advance_housing_unit(unit=home, by=handler_a, to=status, on=day)
    home.refresh_from_db()
    assert (home.status, home.started_on, home.completed_on, home.handed_over_on) == (
        "handed_over",
        date(2025, 4, 1),
        date(2025, 9, 1),
        date(2025, 10, 1),
    )
    assert home.version == 4 and home.history.count() == 4


def test_a_unit_cannot_be_handed_over_before_it_is_completed(housing, make_household, handler_a):
    home = unit(housing, make_household(), handler_a)
    advance_housing_unit(unit=home, by=handler_a, to="building", on=date(2025, 4, 1))
    with pytest.raises(InvalidTransition):
        advance_housing_unit(unit=home, by=handler_a, to="handed_over", on=date(2025, 5, 1))
    home.refresh_from_db()
    assert home.status == "building"
    # And the database refuses it too, whoever writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        HousingUnit.objects.filter(pk=home.pk).update(status="handed_over", handed_over_on=date(2025, 5, 1))


def test_a_step_dated_before_the_previous_one_is_refused(housing, make_household, handler_a):
    home = unit(housing, make_household(), handler_a)
    with pytest.raises(HardshipError):
        advance_housing_unit(unit=home, by=handler_a, to="building", on=date(2025, 2, 1))


def test_housing_units_belong_to_housing_programmes_only(spring, make_household, handler_a):
    with pytest.raises(WrongProgrammeKind):
        unit(spring, make_household(), handler_a)


@pytest.fixture
def small_class(women_class, handler_a):
    return create_training_class(
        by=handler_a, programme=women_class, name="第一期", starts_on=date(2025, 3, 1), capacity=2
    )


def enrol(klass, by, person=None, household=None):
    return enrol_student(
        by=by,
        training_class=klass,
        student=person or PersonFactory(org_unit=klass.programme.org_unit),
        enrolled_on=date(2025, 3, 1),
        household=household,
    )


def test_a_full_class_refuses_another_student_and_a_drop_out_frees_a_place(small_class, handler_a):
    first = enrol(small_class, handler_a)
    enrol(small_class, handler_a)
    with pytest.raises(ClassFull):
        enrol(small_class, handler_a)
    drop_out(enrolment=first, by=handler_a, on=date(2025, 4, 1))
    enrol(small_class, handler_a)
    assert Enrolment.objects.filter(training_class=small_class).count() == 3


def test_a_student_is_enrolled_once_per_class(small_class, handler_a, village_a):
    student = PersonFactory(org_unit=village_a)
    enrol(small_class, handler_a, student)
    with pytest.raises(AlreadyEnrolled):
        enrol(small_class, handler_a, student)


def test_employment_and_leaving_poverty_follow_graduation(small_class, handler_a, make_household):
    from hardship.services import record_employment

    household = make_household()
    enrolment = enrol(small_class, handler_a, household.head, household)
    with pytest.raises(HardshipError):
        record_employment(enrolment=enrolment, by=handler_a, employer="南雄市某电子厂", on=date(2025, 8, 1))
    graduate(enrolment=enrolment, by=handler_a, on=date(2025, 7, 1))
    with pytest.raises(HardshipError):
        mark_lifted_out(enrolment=enrolment, by=handler_a, on=date(2025, 12, 1))
    record_employment(enrolment=enrolment, by=handler_a, employer="南雄市某电子厂", on=date(2025, 8, 1))
    mark_lifted_out(enrolment=enrolment, by=handler_a, on=date(2025, 12, 1))
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.employer, enrolment.lifted_out_on) == (
        "graduated",
        "南雄市某电子厂",
        date(2025, 12, 1),
    )
    assert enrolment.history.first().history_user == handler_a
