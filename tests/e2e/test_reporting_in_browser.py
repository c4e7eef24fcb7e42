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


def _period_records(township_a, handler_a, make_programme, make_household):
    """Two petitions of 2025 to 30 September, one concluded only in October; a mother visited twice."""
    from decimal import Decimal

    from hardship.models import Programme
    from hardship.services import record_assistance
    from petitions import services

    ensure_categories()
    for received, concluded in ((date(2025, 3, 3), date(2025, 3, 20)), (date(2025, 9, 3), date(2025, 10, 5))):
        petition = make_petition(unit=township_a, by=handler_a, received_on=received, accepted_on=received)
        services.conclude_petition(
            petition=petition, by=handler_a, on=concluded, outcome="supported", settled_level="township"
        )
    spring = make_programme(Programme.Kind.SPRING_FESTIVAL, unit=township_a)
    mother = make_household(is_single_parent=True, is_extremely_poor=True)
    for day in (date(2025, 1, 25), date(2025, 2, 3)):
        record_assistance(
            by=handler_a, programme=spring, household=mother, given_on=day, cash=Decimal(500), confirm_repeat=True
        )


def test_a_tile_opens_a_list_whose_line_repeats_its_number_for_the_period(
    page, manager_a, handler_a, township_a, make_programme, make_household
):
    _period_records(township_a, handler_a, make_programme, make_household)
    sign_in(page, "manager_a")
    dashboard = f"{page.base}/reports/dashboard/?unit={township_a.pk}&kind=ytd&year=2025&month=9"
    page.goto(dashboard)
    assert page.inner_text("#kpi-resolution .value") == "50.0%"
    assert "期末超期" in page.inner_text("#kpi-overdue") and "当前超期" not in page.content()
    page.click("#kpi-resolution")
    page.wait_for_url("**/petitions/**")
    line = page.inner_text("#rates")
    assert "办结率 50.0% (1/2)" in line and "截至2025-09-30" in line  # not 100.0% as of today

    page.goto(dashboard)
    assert page.inner_text("#kpi-mothers .value") == "1" and "慰问帮扶 2 次" in page.inner_text("#kpi-mothers")
    page.click("#kpi-mothers")
    page.wait_for_url("**/hardship/assistance/**")
    assert page.inner_text("[data-figure=households]") == "1" and page.inner_text("[data-figure=records]") == "2"
    assert page.locator("table tbody tr").count() == 2

    page.click("button[name=language][value=en]")
    page.wait_for_selector("text=Households assisted")
    page.goto(dashboard)
    assert "Overdue at the period's end" in page.inner_text("#kpi-overdue")
    page.click("#kpi-resolution")
    page.wait_for_url("**/petitions/**")
    assert "as at 2025-09-30" in page.inner_text("#rates")


def test_the_dashboard_of_a_top_unit_offers_no_way_up_and_refuses_units_outside(
    page, manager_a, township_a, township_b
):
    sign_in(page, "manager_a")
    page.goto(f"{page.base}/reports/dashboard/?unit={township_a.pk}&kind=year&year=2025")
    assert page.locator("#up-one-level").count() == 0
    page.goto(f"{page.base}/reports/dashboard/?unit={township_b.pk}&kind=year&year=2025")
    assert "不在您所在单位的范围内" in page.inner_text("#out-of-scope")
    page.click("#out-of-scope a")
    page.wait_for_selector("#kpi-received")
