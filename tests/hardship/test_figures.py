from datetime import date
from decimal import Decimal

import pytest

from directory.periods import Period
from directory.voiding import void_record
from hardship.figures import (
    assistance_figures,
    budget_figures,
    hardship_figures,
    housing_figures,
    querysets_within,
    training_figures,
)
from hardship.models import Assistance, Enrolment, HousingUnit, Programme
from hardship.services import (
    advance_housing_unit,
    create_housing_unit,
    create_training_class,
    enrol_student,
    graduate,
    mark_lifted_out,
    record_assistance,
    record_employment,
)
from tests.factories import PersonFactory

YEAR = Period.year(2025)


def give(programme, household, by, on=date(2025, 1, 25), cash="500", goods_value="100", **extra):
    return record_assistance(
        by=by,
        programme=programme,
        household=household,
        given_on=on,
        cash=Decimal(cash),
        goods_value=Decimal(goods_value),
        **extra,
    )


def test_assistance_figures_count_households_once_and_mothers_by_circumstance(
    spring, make_programme, make_household, handler_a
):
    mothers = [make_household(name=f"母亲{i}", is_single_parent=True, is_extremely_poor=True) for i in range(3)]
    poor_only = make_household(name="特困", is_extremely_poor=True)
    father = make_household(name="父亲", gender="M", is_single_parent=True, is_extremely_poor=True)
    for household in [*mothers, poor_only, father]:
        give(spring, household, handler_a)
    give(spring, mothers[0], handler_a, confirm_repeat=True, on=date(2025, 2, 1))
    medical = make_programme(Programme.Kind.MEDICAL, name="医疗救助")
    give(medical, mothers[1], handler_a, kind=Assistance.Kind.DISBURSEMENT, cash="2000", goods_value="0")
    give(spring, make_household(name="去年"), handler_a, on=date(2024, 12, 31))  # outside the period
    voided = give(spring, make_household(name="作废", is_single_parent=True, is_extremely_poor=True), handler_a)
    void_record(record=voided, by=handler_a, reason="重复录入")

    figures = assistance_figures(Assistance.objects.all(), YEAR)

    assert figures.records == 7 and figures.visits == 6
    assert figures.households_assisted == 5
    assert figures.cash == Decimal("5000.00") and figures.goods_value == Decimal("600.00")
    assert figures.total_value == Decimal("5600.00")
    assert figures.single_poor_mothers_visited == 3
    assert figures.spring_festival_single_poor_mothers == 3
    assert figures.records_by_programme_kind["spring_festival"] == 6
    assert figures.households_by_programme_kind == {
        **dict.fromkeys(Programme.Kind.values, 0),
        "spring_festival": 5,
        "medical": 1,
    }


def test_assistance_figures_run_two_queries(django_assert_num_queries, spring, make_household, handler_a):
    for i in range(4):
        give(spring, make_household(name=f"户{i}"), handler_a)
    with django_assert_num_queries(2):
        assistance_figures(Assistance.objects.all(), YEAR)


def home(programme, household, by, **funding):
    return create_housing_unit(
        by=by,
        programme=programme,
        household=household,
        address="八一社区",
        planned_on=date(2025, 2, 1),
        planned_cost=Decimal("30000"),
        funding={k: Decimal(v) for k, v in funding.items()},
    )


def test_housing_figures_count_status_at_period_end_and_funding_of_units_completed(housing, make_household, handler_a):
    homes = [
        home(housing, make_household(name=f"户{i}"), handler_a, higher_federation="20000", city_finance="10000")
        for i in range(3)
    ]
    home(housing, make_household(name="自筹"), handler_a, donations="30000")
    for h in homes:
        advance_housing_unit(unit=h, by=handler_a, to="building", on=date(2025, 3, 1))
        advance_housing_unit(unit=h, by=handler_a, to="completed", on=date(2025, 9, 1), actual_cost=Decimal("31000"))
    advance_housing_unit(unit=homes[0], by=handler_a, to="handed_over", on=date(2026, 1, 10))

    figures = housing_figures(HousingUnit.objects.all(), YEAR)

    assert figures.by_status == {"planned": 1, "building": 0, "completed": 3, "handed_over": 0}
    assert (figures.started, figures.completed, figures.handed_over) == (3, 3, 0)
    assert figures.completed_cost == Decimal("93000.00")
    assert figures.completed_by_source == {"higher_federation": 3, "city_finance": 3, "donations": 0, "other": 0}
    assert figures.funding_by_source["higher_federation"] == Decimal("60000.00")
    next_year = housing_figures(HousingUnit.objects.all(), Period.year(2026))
    assert next_year.by_status["handed_over"] == 1 and next_year.handed_over == 1 and next_year.completed == 0


def test_training_figures_follow_students_to_work_and_out_of_poverty(women_class, make_household, handler_a, village_a):
    klass = create_training_class(
        by=handler_a, programme=women_class, name="一期", starts_on=date(2025, 3, 1), capacity=10
    )
    enrolments = []
    for i in range(4):
        household = make_household(name=f"学员{i}", is_low_income=True)
        enrolments.append(
            enrol_student(
                by=handler_a,
                training_class=klass,
                student=household.head,
                household=household,
                enrolled_on=date(2025, 3, 1),
            )
        )
    enrol_student(
        by=handler_a, training_class=klass, student=PersonFactory(org_unit=village_a), enrolled_on=date(2025, 3, 2)
    )
    for e in enrolments[:3]:
        graduate(enrolment=e, by=handler_a, on=date(2025, 7, 1))
    for e in enrolments[:2]:
        record_employment(enrolment=e, by=handler_a, employer="电子厂", on=date(2025, 8, 1))
    mark_lifted_out(enrolment=enrolments[0], by=handler_a, on=date(2025, 12, 1))

    figures = training_figures(Enrolment.objects.all(), YEAR)

    assert (figures.enrolled, figures.poor_female_enrolled) == (5, 4)
    assert (figures.graduated, figures.employed, figures.households_lifted_out) == (3, 2, 1)
    assert figures.employment_rate.percent == Decimal("66.7")
    assert figures.enrolled_by_programme_kind["women_class"] == 5


def test_budget_figures_list_each_programme_of_the_period_with_totals(
    spring, housing, make_programme, make_household, handler_a
):
    make_programme(year=2024, name="去年")
    give(spring, make_household(), handler_a, cash="1000", goods_value="250")
    home(housing, make_household(name="乙"), handler_a)
    figures = budget_figures(Programme.objects.all(), YEAR)
    assert [(r.name, r.budget, r.committed, r.spent, r.remaining) for r in figures.programmes] == [
        ("2025年安居房", Decimal("100000.00"), Decimal("30000.00"), Decimal("0.00"), Decimal("70000.00")),
        ("2025年春节慰问单亲特困母亲", Decimal("10000.00"), Decimal("0.00"), Decimal("1250.00"), Decimal("8750.00")),
    ]
    assert (figures.budget, figures.spent, figures.remaining) == (
        Decimal("110000.00"),
        Decimal("1250.00"),
        Decimal("78750.00"),
    )


@pytest.mark.parametrize("n", [1, 5])
def test_all_hardship_figures_of_a_unit_take_eight_queries(
    django_assert_num_queries, spring, make_household, handler_a, township_a, township_b, make_programme, n
):
    for i in range(n):
        give(spring, make_household(name=f"户{i}", is_single_parent=True, is_extremely_poor=True), handler_a)
    other = make_programme(unit=township_b, name="B镇慰问")
    give(other, make_household(name="B户", unit=township_b), handler_a)
    with django_assert_num_queries(8):
        figures = hardship_figures(**querysets_within(township_a), period=YEAR)
    assert figures.assistance.spring_festival_single_poor_mothers == n
    assert len(figures.budgets.programmes) == 1
