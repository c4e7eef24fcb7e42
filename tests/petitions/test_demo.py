import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from directory.models import OrgUnit
from directory.periods import Period
from petitions.figures import petition_figures
from petitions.models import Petition


@pytest.mark.django_db
def test_the_demo_year_reproduces_the_source_reports_petition_figures(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--year", "2025", stdout=io.StringIO())
    count = Petition.objects.count()
    call_command("seed_demo", "--year", "2025", stdout=io.StringIO())
    assert Petition.objects.count() == count  # idempotent

    city = OrgUnit.objects.get(code="440282000000")
    f = petition_figures(Petition.objects.within(city), Period.year_to(2025, 9))
    assert (f.received, f.concluded, f.resolution_rate.percent) == (45, 43, Decimal("95.6"))
    assert f.reply_rate.percent == Decimal("100.0")
    assert list(f.by_category)[0] == "婚姻家庭"
    assert list(f.by_subcategory)[:3] == ["家庭暴力", "重婚/非法同居", "配偶有外遇"]

    district = OrgUnit.objects.get(name="示范区")
    d = petition_figures(Petition.objects.within(district), Period.year_to(2025, 9))
    assert (d.leader_reception, d.leader_reception_headcount) == (92, 170)
