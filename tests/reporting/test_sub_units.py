"""The summary's breakdown by sub-unit covers every domain, rolls up villages into their township,
keeps the unit's own records apart, and sets each figure beside the same period last year."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from directory.periods import Period
from hardship.models import Programme
from hardship.services import (
    advance_housing_unit,
    create_housing_unit,
    create_training_class,
    enrol_student,
    record_assistance,
)
from legal_aid.services import decide_case, record_police_warning
from outreach.models import Trainee
from reporting.narrative import write
from reporting.summary import build_summary
from tests.factories import PersonFactory
from tests.legal_aid.factories import make_assessor, make_case, make_hearing, make_order
from tests.outreach.factories import EventFactory, TrainingFactory
from tests.petitions.factories import make_petition

YTD = Period.year_to(2025, 9)
TODAY = date(2025, 10, 8)


def aided_case(unit, by, applied_on, **fields):
    case = make_case(unit=unit, by=by, applied_on=applied_on, **fields)
    return decide_case(case=case, by=by, on=applied_on + timedelta(days=2), accept=True)


@pytest.fixture
def records(district, township_a, township_b, village_a, handler_a, handler_b, make_programme, make_household):
    # Petitions: two in township A's subtree (one at its village), one at B, one at the district itself.
    make_petition(unit=village_a, by=handler_a, received_on=date(2025, 3, 3))
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 4, 4))
    make_petition(unit=township_b, by=handler_b, received_on=date(2025, 5, 5))
    make_petition(unit=district, by=handler_a, received_on=date(2025, 6, 6))
    make_petition(unit=township_a, by=handler_a, received_on=date(2024, 6, 6))  # last year
    # Legal aid: A aids two women (one represented by the federation), B one; A had one last year.
    aided_case(village_a, handler_a, date(2025, 3, 10), provider="federation")
    aided_case(township_a, handler_a, date(2025, 7, 1))
    aided_case(township_b, handler_b, date(2025, 5, 20))
    aided_case(township_a, handler_a, date(2024, 5, 20))
    make_case(unit=township_b, by=handler_b, applied_on=date(2025, 6, 1))  # not decided: not aided
    make_order(unit=township_b, by=handler_b)
    record_police_warning(
        by=handler_a,
        org_unit=village_a,
        victim=PersonFactory(org_unit=village_a),
        issued_on=date(2025, 4, 2),
        abuser_name="某某",
    )
    assessor = make_assessor(unit=township_a, by=handler_a)
    for day in (date(2025, 2, 1), date(2025, 8, 1), date(2024, 8, 1)):
        make_hearing(assessor=assessor, by=handler_a, heard_on=day)
    # Hardship (by the programme's unit): A visits two single poor mothers, B one household.
    spring_a = make_programme(Programme.Kind.SPRING_FESTIVAL, unit=township_a, name="A春节慰问")
    spring_b = make_programme(Programme.Kind.SPRING_FESTIVAL, unit=township_b, name="B春节慰问")
    for i in range(2):
        mother = make_household(name=f"母亲{i}", is_single_parent=True, is_extremely_poor=True)
        record_assistance(
            by=handler_a, programme=spring_a, household=mother, given_on=date(2025, 1, 25), cash=Decimal(500)
        )
    family_b = make_household(name="乙户", by=handler_b, unit=township_b)
    record_assistance(
        by=handler_b, programme=spring_b, household=family_b, given_on=date(2025, 1, 26), cash=Decimal(300)
    )
    homes = make_programme(Programme.Kind.HOUSING, unit=township_a, name="A安居房", budget="90000.00")
    home = create_housing_unit(
        by=handler_a, programme=homes, household=make_household(name="安居户"), address="八一社区",
        planned_on=date(2025, 2, 1), planned_cost=Decimal(30000),
    )  # fmt: skip
    advance_housing_unit(unit=home, by=handler_a, to="building", on=date(2025, 3, 1))
    advance_housing_unit(unit=home, by=handler_a, to="completed", on=date(2025, 8, 1))
    klass = create_training_class(
        by=handler_b,
        programme=make_programme(Programme.Kind.WOMEN_CLASS, unit=township_b, name="B成才班"),
        name="一期",
        starts_on=date(2025, 3, 1),
        capacity=10,
    )
    for _ in range(3):
        student = PersonFactory(org_unit=township_b, gender="F", is_poor=True)
        enrol_student(by=handler_b, training_class=klass, student=student, enrolled_on=date(2025, 3, 1))
    # Outreach: A holds two events (one at its village), B one; last year A held one.
    EventFactory(org_unit=township_a, held_on=date(2025, 3, 8), leaflets=200, audience=150)
    EventFactory(org_unit=village_a, held_on=date(2025, 6, 26), leaflets=100, audience=80)
    EventFactory(org_unit=township_b, held_on=date(2025, 3, 8), leaflets=50, audience=40)
    EventFactory(org_unit=township_a, held_on=date(2024, 3, 8), leaflets=10, audience=10)
    session = TrainingFactory(org_unit=township_b, trainees=4)
    Trainee.objects.create(session=session, full_name="学员甲")


def rows_of(summary):
    return {row.unit.name + ("（本级）" if row.own else ""): row for row in summary.sub_units}


def test_every_domain_is_broken_down_by_sub_unit(records, district):
    rows = rows_of(build_summary(district, YTD, today=TODAY))
    a, b, own = rows["雄州街道"].now, rows["珠玑镇"].now, rows["城区（本级）"].now
    assert (a.petitions.received, b.petitions.received, own.petitions.received) == (2, 1, 1)
    assert (a.legal_aid.aided, a.legal_aid.women_aided, a.legal_aid.free_representation) == (2, 2, 1)
    assert (b.legal_aid.aided, b.legal_aid.protection_orders_applied, b.legal_aid.police_warnings) == (1, 1, 0)
    assert (a.legal_aid.police_warnings, a.legal_aid.jury_hearings) == (1, 2)
    assert (a.hardship.households_assisted, a.hardship.spring_festival_single_poor_mothers) == (2, 2)
    assert (b.hardship.households_assisted, b.hardship.spring_festival_single_poor_mothers) == (1, 0)
    assert (a.hardship.housing_completed, b.hardship.poor_female_enrolled) == (1, 3)
    assert (a.outreach.events, a.outreach.leaflets, a.outreach.audience) == (2, 300, 230)
    assert (b.outreach.events, b.outreach.training_sessions, b.outreach.training_person_times) == (1, 1, 5)


def test_sub_units_add_up_to_the_unit(records, district):
    summary = build_summary(district, YTD, today=TODAY)
    rows = summary.sub_units
    assert sum(r.now.petitions.received for r in rows) == summary.current.petitions.received == 4
    assert sum(r.now.legal_aid.aided for r in rows) == summary.current.legal_aid.cases.aided == 3
    assert sum(r.now.outreach.events for r in rows) == summary.current.outreach.events.events == 3
    assert sum(r.now.legal_aid.jury_hearings for r in rows) == summary.current.legal_aid.jury.hearings == 2


def test_each_sub_unit_sits_beside_last_year(records, district):
    a = rows_of(build_summary(district, YTD, today=TODAY))["雄州街道"].last_year
    assert (a.petitions.received, a.legal_aid.aided, a.legal_aid.jury_hearings, a.outreach.events) == (1, 1, 1, 1)


def test_a_unit_without_records_of_its_own_has_no_own_row(records, township_a):
    assert [(row.unit.name, row.own) for row in build_summary(township_a, YTD, today=TODAY).sub_units] == [
        ("雄州街道", True),
        ("八一社区", False),
    ]


def test_year_on_year_counts_change_in_percent_and_rates_in_points(records, township_a):
    yoy = build_summary(township_a, YTD, today=TODAY).year_on_year()
    assert yoy["petitions_received"] == {"now": 2, "last_year": 1, "change": Decimal("100.0"), "unit": "percent"}
    assert yoy["jury_hearings"]["change"] == Decimal("100.0")
    assert yoy["resolution_rate"]["unit"] == "points" and yoy["resolution_rate"]["change"] == Decimal("0.0")
    assert yoy["households_assisted"]["change"] is None  # nothing last year to compare with


def test_tables_carry_last_year_beside_every_figure(records, district):
    document = write(build_summary(district, YTD, today=TODAY), "zh-hans")
    tables = {t.key: t for t in document.tables}
    headline = {row[0]: row[1:] for row in tables["headline"].rows}
    assert len(headline) == 31
    assert headline["来信来访（件）"] == [4, 1, Decimal("300.0"), None]
    assert headline["办结率（%）"] == [Decimal("0.0"), Decimal("0.0"), None, Decimal("0.0")]
    legal = {row[0]: row[1:] for row in tables["legal_aid_by_sub_unit"].rows}
    assert legal["雄州街道"] == [2, 1, Decimal("100.0"), 2, 1, 0, 1, 2]
    assert tables["hardship_by_sub_unit"].rows[-1] == ["珠玑镇", 1, 0, None, 0, 0, 3]
    assert tables["outreach_by_sub_unit"].rows[0] == ["本级（城区）", 0, 0, None, 0, 0, 0, 0]
    months = {row[0]: row[1:] for row in tables["by_month"].rows}
    assert months["2025-06"] == [1, 0, 1, Decimal("0.0")]


def test_breakdown_by_sub_unit_runs_a_fixed_number_of_queries(
    records, district, township_b, handler_b, django_assert_num_queries
):
    from reporting.summary import branch_figures

    with django_assert_num_queries(11):
        branch_figures(district, YTD, TODAY)
    for day in range(1, 6):
        make_petition(unit=township_b, by=handler_b, received_on=date(2025, 7, day))
        EventFactory(org_unit=township_b, held_on=date(2025, 7, day))
    with django_assert_num_queries(11):
        branch_figures(district, YTD, TODAY)


def test_only_the_periods_rows_count_what_is_overdue_today(district, township_a, township_b, handler_a):
    make_petition(unit=township_a, by=handler_a, received_on=date(2024, 2, 2))  # open, overdue since 2024
    rows = {row.unit.name: row for row in build_summary(district, YTD, today=TODAY).sub_units}
    assert rows["雄州街道"].now.petitions.open_overdue == 1
    assert rows["雄州街道"].last_year.petitions.received == 1
    for row in rows.values():
        assert not hasattr(row.last_year.petitions, "open_overdue")
