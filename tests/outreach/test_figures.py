from datetime import date

import pytest

from directory.models import OrgUnit, ServicePoint
from directory.periods import Period
from outreach.figures import event_figures, outreach_figures, point_coverage, training_figures
from outreach.models import Event, TrainingSession
from tests.factories import AgencyFactory, OrgUnitFactory, ServicePointFactory, VolunteerFactory
from tests.outreach.factories import EventFactory, TrainingFactory, law

YEAR = Period.year(2025)


@pytest.fixture
def village_c(township_b):
    return OrgUnitFactory(name="灵潭村", level=OrgUnit.Level.VILLAGE, parent=township_b)


@pytest.fixture
def village_d(township_b):
    return OrgUnitFactory(name="里东村", level=OrgUnit.Level.VILLAGE, parent=township_b)


def test_coverage_counts_villages_with_a_point_open_on_the_day(city, village_a, village_b, village_c, village_d):
    ServicePointFactory(org_unit=village_a, opened_on=date(2024, 3, 8))
    ServicePointFactory(org_unit=village_b, opened_on=date(2025, 6, 1))
    coverage = point_coverage(OrgUnit.objects.within(city), date(2025, 12, 31))
    assert (coverage.total.numerator, coverage.total.denominator) == (2, 4)
    assert str(coverage.total) == "50.0%"


def test_a_point_opened_after_the_period_end_does_not_count(city, village_a, village_b):
    ServicePointFactory(org_unit=village_a, opened_on=date(2024, 3, 8))
    ServicePointFactory(org_unit=village_b, opened_on=date(2026, 1, 1))
    coverage = outreach_figures(
        Event.objects.all(), TrainingSession.objects.all(), OrgUnit.objects.within(city), YEAR
    ).dv_coverage
    assert coverage.on == date(2025, 12, 31)
    assert (coverage.total.numerator, coverage.total.denominator) == (1, 2)


def test_a_closed_point_stops_counting_from_its_closing_day(city, village_a, village_b):
    ServicePointFactory(org_unit=village_a, opened_on=date(2024, 3, 8), closed_on=date(2025, 7, 1))
    ServicePointFactory(org_unit=village_b, opened_on=date(2024, 3, 8))
    units = OrgUnit.objects.within(city)
    assert point_coverage(units, date(2025, 6, 30)).total.numerator == 2
    assert point_coverage(units, date(2025, 7, 1)).total.numerator == 1


def test_coverage_rolls_up_over_every_level(
    city, district, township_a, township_b, village_a, village_b, village_c, village_d
):
    for village in (village_a, village_b, village_c):
        ServicePointFactory(org_unit=village)
    ServicePointFactory(org_unit=village_d, kind=ServicePoint.Kind.WORKSTATION)  # not a DV point
    ServicePointFactory(org_unit=township_b)  # a township's point covers no village
    coverage = point_coverage(OrgUnit.objects.within(city), date(2025, 12, 31))
    rows = {u.name: (u.villages.numerator, u.villages.denominator) for u in coverage.units}
    assert rows == {
        "南雄市": (3, 4),
        "城区": (3, 4),
        "雄州街道": (1, 1),
        "珠玑镇": (2, 3),
        "八一社区": (1, 1),
        "珠玑村": (1, 1),
        "灵潭村": (1, 1),
        "里东村": (0, 1),
    }
    levels = {lvl.level: (lvl.units.numerator, lvl.units.denominator) for lvl in coverage.by_level}
    assert levels == {1: (0, 1), 2: (0, 1), 3: (1, 2), 4: (3, 4)}
    assert coverage.of(township_a.pk).complete


def test_coverage_runs_two_queries_whatever_the_tree_size(django_assert_num_queries, city, township_b):
    for i in range(30):
        village = OrgUnitFactory(name=f"村{i}", level=OrgUnit.Level.VILLAGE, parent=township_b)
        ServicePointFactory(org_unit=village)
    with django_assert_num_queries(2):
        coverage = point_coverage(OrgUnit.objects.within(city), date(2025, 12, 31))
    assert str(coverage.total) == "100.0%"


def test_partner_agencies_and_laws_of_a_period_are_distinct_and_named(township_a):
    justice = AgencyFactory(org_unit=township_a, name="南雄市司法局")
    police = AgencyFactory(org_unit=township_a, name="南雄市公安局")
    hospital = AgencyFactory(org_unit=township_a, name="南雄市妇幼保健院")
    EventFactory(org_unit=township_a, partners=[justice, hospital], laws=[law("妇女权益保障法"), law("未成年人保护法")])
    EventFactory(org_unit=township_a, held_on=date(2025, 6, 26), partners=[justice, police], laws=[law("禁毒法")])
    EventFactory(
        org_unit=township_a, held_on=date(2024, 6, 26), partners=[AgencyFactory(org_unit=township_a, name="去年的")]
    )
    figures = event_figures(Event.objects.within(township_a), YEAR)
    assert figures.partner_agencies == ("南雄市公安局", "南雄市司法局", "南雄市妇幼保健院")
    assert figures.laws == ("妇女权益保障法", "未成年人保护法", "禁毒法")
    assert figures.events == 2


def test_event_totals_and_breakdowns(township_a, township_b):
    volunteer = VolunteerFactory(org_unit=township_a)
    EventFactory(org_unit=township_a, leaflets=1200, performances=1, audience=900, volunteers=[volunteer])
    EventFactory(org_unit=township_a, leaflets=800, audience=100, volunteers=[volunteer])
    EventFactory(
        org_unit=township_a, kind=Event.Kind.LECTURE, covered_units=[township_a, township_b], held_on=date(2025, 4, 1)
    )
    voided = EventFactory(org_unit=township_a, leaflets=5000)
    voided.voided_at = voided.created_at
    voided.save()
    figures = event_figures(Event.objects.within(township_a), YEAR)
    assert (figures.events, figures.leaflets, figures.performances, figures.audience) == (3, 2000, 1, 1000)
    assert figures.count_of_kind(Event.Kind.PUBLIC_PLACE) == 2
    assert figures.count_of_kind(Event.Kind.LECTURE) == 1
    assert figures.units_covered == ("雄州街道", "珠玑镇")
    assert figures.volunteers_active == 1


def test_sums_are_not_doubled_by_a_filter_on_partners(township_a):
    a, b = AgencyFactory(org_unit=township_a), AgencyFactory(org_unit=township_a)
    EventFactory(org_unit=township_a, leaflets=1000, partners=[a, b])
    filtered = Event.objects.within(township_a).filter(partners__in=[a, b])
    assert event_figures(filtered, YEAR).leaflets == 1000


def test_person_times_of_training_add_up_over_sessions(township_a):
    TrainingFactory(org_unit=township_a, trainees=31)
    TrainingFactory(org_unit=township_a, trainees=30, starts_on=date(2025, 10, 16), ends_on=date(2025, 10, 17))
    TrainingFactory(org_unit=township_a, trainees=9, starts_on=date(2024, 10, 16), ends_on=date(2024, 10, 17))
    figures = training_figures(TrainingSession.objects.within(township_a), YEAR)
    assert (figures.sessions, figures.person_times, figures.hours) == (2, 61, 24)


def test_outreach_figures_run_a_fixed_number_of_queries(django_assert_num_queries, city, township_a, village_a):
    justice = AgencyFactory(org_unit=township_a)
    for _ in range(5):
        EventFactory(org_unit=township_a, partners=[justice], laws=[law("宪法")])
        TrainingFactory(org_unit=township_a, trainees=3)
    with django_assert_num_queries(12):
        outreach_figures(
            Event.objects.within(city), TrainingSession.objects.within(city), OrgUnit.objects.within(city), YEAR
        )
