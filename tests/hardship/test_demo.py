import io

import pytest
from django.core.management import call_command

from directory.models import OrgUnit
from directory.periods import Period
from hardship.figures import hardship_figures, querysets_within
from hardship.models import Assistance, Enrolment, Household, HousingUnit, Programme


@pytest.mark.django_db
def test_demo_year_reproduces_the_source_report_and_reseeding_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--year", "2025", stdout=io.StringIO())
    city = OrgUnit.objects.get(code="440282000000")
    figures = hardship_figures(**querysets_within(city), period=Period.year(2025))

    assert figures.assistance.spring_festival_single_poor_mothers == 65  # 春节期间慰问了65户单亲特困母亲
    assert figures.housing.completed == 5  # 共建了5套安居房
    assert figures.housing.completed_by_source["higher_federation"] == 5  # 争取上级妇联的支持
    assert figures.training.poor_female_enrolled == 99  # 招收了99名贫困女学生
    assert figures.training.enrolled_by_programme_kind["women_class"] == 99
    assert (figures.training.employed, figures.training.households_lifted_out) == (32, 24)
    spring = next(p for p in figures.budgets.programmes if p.kind == "spring_festival")
    assert (spring.budget, spring.spent, spring.remaining) == (45000, 65 * 650, 45000 - 65 * 650)

    counts = [m.objects.count() for m in (Programme, Household, Assistance, HousingUnit, Enrolment)]
    call_command("seed_demo", "--year", "2025", stdout=io.StringIO())
    assert [m.objects.count() for m in (Programme, Household, Assistance, HousingUnit, Enrolment)] == counts
