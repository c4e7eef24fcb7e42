import io
from datetime import date

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reporting.models import IssuedReport, ReportDraft
from tests.petitions.factories import make_petition

FORM = {"kind": "ytd", "year": 2025, "month": 9, "language": "zh-hans"}


@pytest.fixture
def logged(handler_a, township_a):
    for day in (date(2025, 2, 3), date(2025, 6, 9)):
        make_petition(unit=township_a, by=handler_a, received_on=day)


def generate(client, unit):
    response = client.post("/reports/drafts/new/", {**FORM, "unit": unit.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ReportDraft.objects.latest("pk")


def test_manager_generates_edits_and_issues_a_report(client_for, manager_a, township_a, logged):
    client = client_for(manager_a)
    draft = generate(client, township_a)
    page = client.get(f"/reports/drafts/{draft.pk}/").content.decode()
    assert "共接到来信来访2件" in page and "自动生成" in page and "自行撰写" in page
    response = client.post(
        f"/reports/drafts/{draft.pk}/", {"seen_version": 1, "problems": "基层维权干部法律知识有限。"}
    )
    assert response.status_code == 302
    response = client.post(f"/reports/drafts/{draft.pk}/issue/", {"seen_version": 2})
    report = IssuedReport.objects.get()
    assert response.url == f"/reports/issued/{report.pk}/"
    assert report.figures["headline"]["petitions_received"] == 2 and report.issued_by == manager_a
    texts = [
        p.text
        for p in docx.Document(io.BytesIO(client.get(f"/reports/issued/{report.pk}/download/docx/").content)).paragraphs
    ]
    assert "基层维权干部法律知识有限。" in texts
    assert any("共接到来信来访2件" in t for t in texts)
    pdf = PdfReader(io.BytesIO(client.get(f"/reports/issued/{report.pk}/download/pdf/").content))
    assert "共接到来信来访2件" in "".join(page.extract_text() for page in pdf.pages)
    sheet = load_workbook(io.BytesIO(client.get(f"/reports/issued/{report.pk}/download/xlsx/").content))["信访"]
    assert any(row[:2] == ("婚姻家庭", 2) for row in sheet.values)
    csv = client.get(f"/reports/issued/{report.pk}/download/csv/?table=by_month").content.decode("utf-8-sig")
    assert "2025-02,1,0" in csv


def test_issued_report_does_not_change_when_the_records_do(client_for, manager_a, handler_a, township_a, logged):
    client = client_for(manager_a)
    draft = generate(client, township_a)
    client.post(f"/reports/drafts/{draft.pk}/issue/", {"seen_version": 1})
    report = IssuedReport.objects.get()
    before = client.get(f"/reports/issued/{report.pk}/download/docx/").content
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 7, 7))
    assert client.get(f"/reports/issued/{report.pk}/download/docx/").content == before
    assert "共接到来信来访2件" in client.get(f"/reports/issued/{report.pk}/").content.decode()
    fresh = generate(client, township_a)
    assert "共接到来信来访3件" in str(fresh.document)
    client.post(f"/reports/drafts/{fresh.pk}/issue/", {"seen_version": 1})
    assert list(IssuedReport.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_issuing_keeps_the_figures_the_text_was_written_from(client_for, manager_a, handler_a, township_a, logged):
    client = client_for(manager_a)
    draft = generate(client, township_a)
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 7, 7))  # logged after the draft was made
    client.post(f"/reports/drafts/{draft.pk}/issue/", {"seen_version": 1})
    report = IssuedReport.objects.get()
    assert report.figures["headline"]["petitions_received"] == 2
    assert report.figures["year_on_year"]["petitions_received"]["last_year"] == 0
    assert "共接到来信来访2件" in client.get(f"/reports/issued/{report.pk}/").content.decode()


def test_stale_issue_is_refused(client_for, manager_a, township_a, logged):
    client = client_for(manager_a)
    draft = generate(client, township_a)
    client.post(f"/reports/drafts/{draft.pk}/", {"seen_version": 1, "problems": "甲"})
    client.post(f"/reports/drafts/{draft.pk}/issue/", {"seen_version": 1})
    assert not IssuedReport.objects.exists()


def test_roles_and_scoping(client_for, manager_a, manager_b, clerk_a, township_a, township_b, logged):
    draft = generate(client_for(manager_a), township_a)
    assert client_for(clerk_a).get("/reports/").status_code == 403
    other = client_for(manager_b)
    assert other.get(f"/reports/drafts/{draft.pk}/").status_code == 404
    assert other.post("/reports/drafts/new/", {**FORM, "unit": township_a.pk}).status_code == 200  # not a choice
    assert other.get(f"/reports/drafts/{draft.pk}/issue/").status_code == 405


def test_bad_period_re_renders_the_form_with_a_message(client_for, manager_a, township_a):
    response = client_for(manager_a).post("/reports/drafts/new/", {**FORM, "unit": township_a.pk, "kind": "custom"})
    assert response.status_code == 200 and "自定义时段请填写起止日期" in response.content.decode()
    assert not ReportDraft.objects.exists()


def test_dashboard_links_numbers_to_the_lists_behind_them(client_for, manager_a, township_a, logged):
    page = (
        client_for(manager_a)
        .get("/reports/dashboard/", {"unit": township_a.pk, "kind": "ytd", "year": 2025, "month": 9})
        .content.decode()
    )
    assert f'href="/petitions/?unit={township_a.pk}&amp;received_from=2025-01-01&amp;received_to=2025-09-30"' in page
    assert "<svg" in page and "按渠道" in page


def test_dashboard_drills_down_to_a_sub_unit(client_for, city_manager, district, township_a, logged):
    page = (
        client_for(city_manager)
        .get("/reports/dashboard/", {"unit": district.pk, "kind": "ytd", "year": 2025, "month": 9})
        .content.decode()
    )
    assert f'href="?unit={township_a.pk}&amp;' in page


@pytest.mark.parametrize("n", [1, 15])
def test_dashboard_runs_a_fixed_number_of_queries(
    client_for, manager_a, handler_a, township_a, django_assert_num_queries, n
):
    for _ in range(n):
        make_petition(unit=township_a, by=handler_a, received_on=date(2025, 5, 5))
    client = client_for(manager_a)
    with django_assert_num_queries(93):
        client.get("/reports/dashboard/", {"unit": township_a.pk, "kind": "ytd", "year": 2025, "month": 9})


def test_xlsx_has_a_sheet_per_domain(client_for, manager_a, township_a, logged):
    client = client_for(manager_a)
    draft = generate(client, township_a)
    workbook = load_workbook(io.BytesIO(client.get(f"/reports/drafts/{draft.pk}/download/xlsx/").content))
    assert workbook.sheetnames == ["主要数据", "信访", "法律援助", "法制宣传", "帮扶"]
    assert ("来信来访（件）", 2, 0, None, None) in list(workbook["主要数据"].values)


def test_dashboard_breaks_every_domain_down_by_sub_unit_with_links(
    client_for, city_manager, district, township_a, handler_a
):
    from tests.outreach.factories import EventFactory

    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 4, 4))
    make_petition(unit=township_a, by=handler_a, received_on=date(2024, 3, 3))
    EventFactory(org_unit=township_a, held_on=date(2025, 3, 8))
    page = (
        client_for(city_manager)
        .get("/reports/dashboard/", {"unit": district.pk, "kind": "ytd", "year": 2025, "month": 9})
        .content.decode()
    )
    table = page.split('id="sub-units"')[1].split("</table>")[0]
    assert f'href="/outreach/?unit={township_a.pk}&amp;start=2025-01-01&amp;end=2025-09-30">1</a>' in table
    assert (
        f'href="/legal-aid/?unit={township_a.pk}&amp;applied_from=2025-01-01&amp;applied_to=2025-09-30&amp;aided=yes">0</a>'
        in table
    )
    tile = page.split('id="kpi-received"')[1].split("</a>")[0]
    assert '<div class="value">2</div>' in tile and "同比 +100.0%" in tile
