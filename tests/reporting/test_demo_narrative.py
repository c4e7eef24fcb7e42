"""The demo city's January–September draft carries every figure of the source report."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from directory.models import OrgUnit
from directory.periods import Period
from reporting.narrative import document_for


@pytest.mark.django_db
def test_demo_draft_contains_the_source_reports_figures(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--year", "2025", stdout=io.StringIO())
    city = OrgUnit.objects.get(code="440282000000")
    _summary, document = document_for(city, Period.year_to(2025, 9), "zh-hans", today=date(2025, 10, 8))
    text = document.text()
    for phrase in [
        "到9月份市妇联共接到来信来访45件（45人次），同比增长12.5%",
        "我们做到件件有回音，宗宗答复",
        "办结率达95.6%，比去年同期提高0.6个百分点",
        "为贫困妇女免费代理办案2宗（打官司）",
        "为9位贫困妇女提供法律援助",
        "共参与各类案件陪审8宗",
        "春节期间慰问了65户单亲特困母亲",
        "共建了5套安居房",
        "招收了99名贫困女学生",
        "《妇女权益保障法》《未成年人保护法》",
        "开展“626”国际禁毒日法制宣传活动",
        "100%村（社区）建立了家庭暴力投诉点",
    ]:
        assert phrase in text, phrase
    march8 = next(p.text for p in document.paragraphs if "三八" in p.text)
    for partner in ("市司法局", "市综治办", "市妇幼保健院"):
        assert partner in march8.split("开展“三八”")[0]
    june26 = march8.split("二是")[1]
    for partner in ("市禁毒办", "市公安局", "市司法局", "团市委"):
        assert partner in june26.split("开展“626”")[0]

    # The API gives the same figures for the same period.
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from reporting.summary import jsonable

    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username="nx_manager"))
    body = api.get("/api/v1/reports/summary/", {"org_unit": city.pk, "start": "2025-01-01", "end": "2025-09-30"}).json()
    assert body["headline"] == jsonable(_summary.headline())
    assert body["headline"]["petitions_received"] == 45 and body["headline"]["resolution_rate"]["percent"] == 95.6
