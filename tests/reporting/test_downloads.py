"""Downloaded reports are named after unit, period and version; empty sections never reach a reader."""

import io
from datetime import date
from urllib.parse import quote

import docx
import pytest
from pypdf import PdfReader

from directory.periods import Period
from reporting.downloads import period_label
from reporting.models import IssuedReport, ReportDraft
from tests.petitions.factories import make_petition

FORM = {"kind": "ytd", "year": 2025, "month": 9, "language": "zh-hans"}


@pytest.fixture
def logged(handler_a, township_a):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 2, 3))


def generate(client, unit, **form):
    assert client.post("/reports/drafts/new/", {**FORM, "unit": unit.pk, **form}).status_code == 302
    return ReportDraft.objects.latest("pk")


def disposition(response) -> str:
    return response["Content-Disposition"]


def named(response, name: str) -> bool:
    return f"filename*=UTF-8''{quote(name, safe='')}" in disposition(response)


def test_an_issued_report_downloads_under_its_unit_period_and_version_in_every_format(
    client_for, manager_a, township_a, logged
):
    client = client_for(manager_a)
    draft = generate(client, township_a)
    client.post(f"/reports/drafts/{draft.pk}/issue/", {"seen_version": 1})
    client.post(f"/reports/drafts/{draft.pk}/issue/", {"seen_version": 1})
    report = IssuedReport.objects.get(number=2)
    for fmt in ("docx", "pdf", "xlsx", "md"):
        response = client.get(f"/reports/issued/{report.pk}/download/{fmt}/")
        assert named(response, f"雄州街道妇联_2025年1-9月_维权工作汇报_v2.{fmt}"), disposition(response)
        assert 'filename="report-440282001000-20250101-20250930-v2.' + fmt + '"' in disposition(response)
    response = client.get(f"/reports/issued/{report.pk}/download/csv/?table=by_month")
    assert named(response, "雄州街道妇联_2025年1-9月_维权工作汇报_v2_分月信访情况.csv")
    assert 'filename="report-440282001000-20250101-20250930-v2-by_month.csv"' in disposition(response)


def test_a_draft_download_says_it_is_a_draft_and_which_edit(client_for, manager_a, township_a, logged):
    client = client_for(manager_a)
    draft = generate(client, township_a)
    client.post(f"/reports/drafts/{draft.pk}/", {"seen_version": 1, "problems": "甲"})
    for fmt in ("docx", "pdf", "xlsx", "md"):
        response = client.get(f"/reports/drafts/{draft.pk}/download/{fmt}/")
        assert named(response, f"雄州街道妇联_2025年1-9月_维权工作汇报_草稿v2.{fmt}"), disposition(response)
        assert f'filename="draft-440282001000-20250101-20250930-v2.{fmt}"' in disposition(response)


def test_an_english_report_is_named_in_english_whatever_the_screen_language(client_for, manager_a, township_a, logged):
    client = client_for(manager_a)
    draft = generate(client, township_a, language="en")
    response = client.get(f"/reports/drafts/{draft.pk}/download/docx/")
    assert named(response, "雄州街道 Women's Federation_2025 months 1-9_rights-protection work report_draft v1.docx")


def test_period_labels_name_whole_months_and_dates_otherwise():
    assert period_label(Period.month(2025, 9)) == "2025年9月"
    assert period_label(Period.quarter(2025, 3)) == "2025年7-9月"
    assert period_label(Period.year(2025)) == "2025年"
    assert period_label(Period(date(2025, 3, 5), date(2025, 5, 31))) == "20250305-20250531"


def test_the_empty_sections_of_a_draft_offer_guidance_in_the_writers_language(
    client_for, manager_a, township_a, logged
):
    client = client_for(manager_a)
    draft = generate(client, township_a)
    page = client.get(f"/reports/drafts/{draft.pk}/").content.decode()
    assert "、存在问题<" in page and "、下一步打算<" in page  # the writer still sees where to write
    assert 'placeholder="本期工作中存在的不足和制约因素' in page
    assert 'placeholder="下一步工作打算和对策措施' in page
    assert page.count("留空则报告中不出现本节，其后各节标题序号自动顺延。") == 2
    client.cookies["django_language"] = "en"
    page = client.get(f"/reports/drafts/{draft.pk}/").content.decode()
    assert 'placeholder="What held the work back' in page


def test_guidance_is_never_printed_and_an_unwritten_section_is_left_out_everywhere(
    client_for, manager_a, township_a, logged
):
    client = client_for(manager_a)
    draft = generate(client, township_a)
    client.post(f"/reports/drafts/{draft.pk}/", {"seen_version": 1, "next_steps": "（一）加强基层妇女干部培训。"})
    draft_docx = client.get(f"/reports/drafts/{draft.pk}/download/docx/").content
    client.post(f"/reports/drafts/{draft.pk}/issue/", {"seen_version": 2})
    report = IssuedReport.objects.get()
    for content in (draft_docx, client.get(f"/reports/issued/{report.pk}/download/docx/").content):
        texts = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
        assert not any("存在问题" in t for t in texts)
        assert any(t.endswith("、下一步打算") for t in texts)
        assert not any("制约因素" in t or "对策措施" in t for t in texts)
    pdf = client.get(f"/reports/issued/{report.pk}/download/pdf/").content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "存在问题" not in text and "下一步打算" in text and "制约因素" not in text
    page = client.get(f"/reports/issued/{report.pk}/").content.decode()
    assert "存在问题" not in page and "下一步打算" in page and "制约因素" not in page


def test_on_screen_the_sub_unit_tables_leave_out_units_without_figures(
    client_for, city_manager, township_a, township_b, handler_a
):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 2, 3))
    client = client_for(city_manager)
    draft = generate(client, township_a.parent)  # the district: its townships are the sub-units
    page = client.get(f"/reports/drafts/{draft.pk}/").content.decode()
    table = page[page.index("分单位信访情况") : page.index("</section>", page.index("分单位信访情况"))]
    assert "雄州街道" in table and township_b.name not in table
    assert "其余" in table and "个单位本期和去年同期均无数据" in table
