"""Budget, committed, spent and remaining, with literal numbers."""

from datetime import date
from decimal import Decimal

from directory.voiding import void_record
from hardship.models import HousingUnit, Programme, ProgrammeFunding
from hardship.services import (
    advance_housing_unit,
    create_housing_unit,
    create_training_class,
    record_assistance,
    update_programme,
)


def money(programme):
    row = Programme.objects.with_money().get(pk=programme.pk)
    return row.budget, row.committed, row.spent, row.remaining


def test_a_new_programme_has_its_whole_budget_remaining(spring):
    assert money(spring) == (Decimal("10000.00"), 0, 0, Decimal("10000.00"))


def test_visits_are_spent_as_cash_plus_goods_value(spring, make_household, handler_a):
    for name in ["甲", "乙"]:
        record_assistance(
            by=handler_a,
            programme=spring,
            household=make_household(name=name),
            given_on=date(2025, 1, 20),
            cash=Decimal("500.00"),
            goods="米、油",
            goods_value=Decimal("120.50"),
        )
    assert money(spring) == (Decimal("10000.00"), 0, Decimal("1241.00"), Decimal("8759.00"))


def test_a_voided_visit_is_no_longer_spent(spring, make_household, handler_a):
    visit = record_assistance(
        by=handler_a, programme=spring, household=make_household(), given_on=date(2025, 1, 20), cash=Decimal("800")
    )
    void_record(record=visit, by=handler_a, reason="录错了")
    assert money(spring)[2] == 0


def test_housing_is_committed_while_building_and_spent_once_completed(housing, make_household, handler_a):
    first = create_housing_unit(
        by=handler_a,
        programme=housing,
        household=make_household(name="甲"),
        address="八一社区1号",
        planned_on=date(2025, 3, 1),
        planned_cost=Decimal("30000.00"),
    )
    create_housing_unit(
        by=handler_a,
        programme=housing,
        household=make_household(name="乙"),
        address="八一社区2号",
        planned_on=date(2025, 3, 1),
        planned_cost=Decimal("25000.00"),
    )
    assert money(housing) == (Decimal("100000.00"), Decimal("55000.00"), 0, Decimal("45000.00"))
    advance_housing_unit(unit=first, by=handler_a, to=HousingUnit.Status.BUILDING, on=date(2025, 4, 1))
    advance_housing_unit(
        unit=first, by=handler_a, to=HousingUnit.Status.COMPLETED, on=date(2025, 9, 1), actual_cost=Decimal("31500.00")
    )
    # Completed: its actual cost is spent, no longer committed; overspending shows in what remains.
    assert money(housing) == (Decimal("100000.00"), Decimal("25000.00"), Decimal("31500.00"), Decimal("43500.00"))


def test_class_cost_is_spent(women_class, handler_a):
    create_training_class(
        by=handler_a,
        programme=women_class,
        name="第一期",
        starts_on=date(2025, 3, 1),
        capacity=50,
        cost=Decimal("12345.67"),
    )
    assert money(women_class) == (Decimal("50000.00"), 0, Decimal("12345.67"), Decimal("37654.33"))


def test_overspending_leaves_a_negative_remainder(make_programme, make_household, handler_a):
    programme = make_programme(budget="1000.00")
    record_assistance(
        by=handler_a, programme=programme, household=make_household(), given_on=date(2025, 2, 1), cash=Decimal("1200")
    )
    assert money(programme)[3] == Decimal("-200.00")


def test_funding_sources_are_stored_per_source_and_a_removed_source_drops_to_zero(make_programme, handler_a):
    programme = make_programme(
        budget="8000.00", funding={"higher_federation": Decimal("5000"), "donations": Decimal("3000")}
    )
    assert dict(programme.funding.values_list("source", "amount")) == {
        "higher_federation": Decimal("5000.00"),
        "donations": Decimal("3000.00"),
    }
    update_programme(
        programme=programme,
        by=handler_a,
        expected_version=1,
        budget=Decimal("5000.00"),
        funding={"higher_federation": Decimal("5000")},
    )
    assert dict(ProgrammeFunding.objects.filter(programme=programme).values_list("source", "amount")) == {
        "higher_federation": Decimal("5000.00"),
        "donations": Decimal("0.00"),
    }
