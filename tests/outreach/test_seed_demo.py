import io

import pytest
from django.core.management import call_command

from directory.demo import CITY_CODE, DEMO_DISTRICT
from directory.models import OrgUnit
from directory.periods import Period
from outreach.figures import outreach_figures
from outreach.models import Campaign, Event, TrainingSession


def _figures(unit, year=2025):
    return outreach_figures(
        Event.objects.within(unit),
        TrainingSession.objects.within(unit),
        OrgUnit.objects.within(unit),
        Period.year(year),
    )


@pytest.mark.django_db
def test_the_demo_year_reproduces_both_reports_and_seeding_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--year", "2025", stdout=io.StringIO())

    # 南雄市: the 三八 and 6·26 events with exactly the report's partners and laws.
    city = OrgUnit.objects.get(code=CITY_CODE)
    march8 = Event.objects.within(city).get(campaign__kind=Campaign.Kind.MARCH_8)
    assert sorted(a.name for a in march8.partners.all()) == sorted(["南雄市司法局", "南雄市综治办", "南雄市妇幼保健院"])
    assert [law.name for law in march8.laws.all()] == ["妇女权益保障法", "未成年人保护法"]
    june26 = Event.objects.within(city).get(campaign__kind=Campaign.Kind.JUNE_26)
    assert sorted(a.name for a in june26.partners.all()) == sorted(
        ["南雄市禁毒办", "南雄市公安局", "南雄市司法局", "共青团南雄市委员会"]
    )
    city_figures = _figures(city)
    assert city_figures.events.partner_agencies == (
        "共青团南雄市委员会",
        "南雄市公安局",
        "南雄市司法局",
        "南雄市妇幼保健院",
        "南雄市禁毒办",
        "南雄市综治办",
    )
    coverage = city_figures.dv_coverage
    assert coverage.total.denominator == 226 and str(coverage.total) == "100.0%"

    # 示范区: 4 public-place events, 4,000 leaflets, 2 performances, the tour of
    # 8 subdistricts and 2 townships, 2 training classes with 61 cadres.
    district = OrgUnit.objects.get(name=DEMO_DISTRICT, level=OrgUnit.Level.DISTRICT)
    figures = _figures(district)
    assert figures.events.count_of_kind(Event.Kind.PUBLIC_PLACE) == 4
    assert (figures.events.leaflets, figures.events.performances) == (4000, 2)
    assert len(figures.events.units_covered) == 10
    assert sum(name.endswith("街道") for name in figures.events.units_covered) == 8
    assert sum(name.endswith("乡") for name in figures.events.units_covered) == 2
    assert (figures.training.sessions, figures.training.person_times) == (2, 61)

    counts = (Campaign.objects.count(), Event.objects.count(), TrainingSession.objects.count())
    call_command("seed_demo", "--year", "2025", stdout=io.StringIO())
    assert (Campaign.objects.count(), Event.objects.count(), TrainingSession.objects.count()) == counts
    assert _figures(district).training.person_times == 61
