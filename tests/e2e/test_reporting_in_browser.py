from datetime import date

import docx

from reporting.models import IssuedReport
from tests.e2e.conftest import sign_in
from tests.petitions.factories import ensure_categories, make_petition


def test_manager_drills_into_the_rate_then_drafts_edits_issues_and_downloads(page, manager_a, handler_a, township_a):
    ensure_categories()
    for day in (date(2025, 2, 3), date(2025, 6, 9), date(2025, 8, 1)):
        make_petition(unit=township_a, by=handler_a, received_on=day)
    sign_in(page, "manager_a")
    page.goto(f"{page.base}/reports/dashboard/?unit={township_a.pk}&kind=ytd&year=2025&month=9")
    assert "办结率" in page.inner_text("#kpi-resolution")
    page.click("#kpi-resolution")
    page.wait_for_url("**/petitions/**")
    assert page.locator("table tbody tr").count() == 3

    page.goto(f"{page.base}/reports/")
    page.select_option("#id_unit", str(township_a.pk))
    page.select_option("#id_kind", "ytd")
    page.fill("#id_year", "2025")
    page.fill("#id_month", "9")
    page.click("#generate button[type=submit]")
    page.wait_for_selector("text=已根据登记数据生成草稿")
    assert "共接到来信来访3件" in page.content()
    page.fill("textarea[name=problems]", "基层妇女干部法律知识有限，调解技巧有待提高。")
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("text=草稿已保存")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('印发')")
    page.wait_for_selector("text=已印发为第 1 版")
    with page.expect_download() as download:
        page.click("text=下载 Word（DOCX）")
    texts = [p.text for p in docx.Document(str(download.value.path())).paragraphs]
    assert "基层妇女干部法律知识有限，调解技巧有待提高。" in texts
    assert IssuedReport.objects.get().issued_by == manager_a
