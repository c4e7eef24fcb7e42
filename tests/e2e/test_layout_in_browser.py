"""Header, wide tables, dates and amounts as a user sees them at 1366×768 and on a phone."""

import re
from datetime import date
from decimal import Decimal

import pytest

from directory.roles import Role
from hardship.services import create_programme
from tests.e2e.conftest import sign_in
from tests.factories import UserFactory
from tests.petitions.factories import ensure_categories, make_petition

# Any date written the way Django's English default does: "Dec. 4, 2025", "December 4, 2025", "12/04/2025".
OTHER_DATE_STYLES = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}|\b\d{1,2}/\d{1,2}/\d{4}\b"
)


def switch_to_english(page):
    page.click(".langswitch button[lang=en]")
    page.wait_for_selector("html[lang=en]")


def first_and_last_nav_item(page):
    return page.evaluate(
        """() => {
        const items = [...document.querySelectorAll('#mainnav a')];
        const box = (el) => el.getBoundingClientRect();
        return [box(items[0]), box(items[items.length - 1]), box(document.querySelector('.langswitch'))]
            .map((b) => ({top: b.top, bottom: b.bottom}));
    }"""
    )


def test_main_navigation_is_one_row_at_1366_in_chinese_and_in_english(page, city):
    UserFactory(username="nav_admin", first_name="欧阳晓丽", is_staff=True, staff=(city, Role.ADMIN))
    sign_in(page, "nav_admin")
    for language in ("zh-hans", "en"):
        if language == "en":
            switch_to_english(page)
        first, last, languages = first_and_last_nav_item(page)
        assert first["top"] == last["top"], language
        # The account menu and the language switch share the row too.
        assert languages["top"] < first["bottom"], language
    assert page.locator("#mainnav >> text=Hardship").is_visible()


def test_account_links_open_from_the_users_name(page, city):
    UserFactory(username="nav_admin", first_name="欧阳晓丽", is_staff=True, staff=(city, Role.ADMIN))
    sign_in(page, "nav_admin")
    assert not page.locator(".usermenu >> text=接口令牌").is_visible()
    page.click(".usermenu summary")
    assert "南雄市 · " in page.inner_text(".usermenu-panel")
    page.click(".usermenu >> text=接口令牌")
    page.wait_for_url("**/directory/api-tokens/")
    page.click(".usermenu summary")
    page.click(".usermenu >> text=退出")
    page.wait_for_url("**/accounts/login/**")


def test_phone_menu_opens_the_navigation(page, city_manager):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "city_manager")
    assert not page.locator("#mainnav").is_visible()
    page.click(".nav-toggle")
    page.click("#mainnav >> text=统计报告")
    page.wait_for_url("**/reports/**")
    assert page.evaluate("document.documentElement.scrollWidth") == 390


def sub_unit_table_layout(page):
    return page.evaluate(
        """() => {
        const table = document.querySelector('#sub-units');
        let box = table.parentElement;
        while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
        const lastHeading = table.querySelector('thead th:last-child').getBoundingClientRect();
        return {
            pageWidth: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
            inScrollBox: Boolean(box),
            boxRight: box ? box.getBoundingClientRect().right : null,
            lastColumnRight: lastHeading.right,
        };
    }"""
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dashboard_sub_unit_table_shows_its_last_column_without_widening_the_page(
    page, city, city_manager, handler_a, township_a, township_b, language
):
    ensure_categories()
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    sign_in(page, "city_manager")
    if language == "en":
        switch_to_english(page)
    page.goto(f"{page.base}/reports/dashboard/?unit={city.pk}&kind=year&year=2025")
    layout = sub_unit_table_layout(page)
    assert layout["pageWidth"] == layout["viewport"] == 1366
    assert layout["inScrollBox"]
    assert layout["lastColumnRight"] <= layout["boxRight"]

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    assert page.locator("#sub-units tbody tr:first-child td:last-child").is_visible()


def test_english_petition_page_writes_every_date_as_iso(page, township_a, handler_a):
    ensure_categories()
    petition = make_petition(
        unit=township_a, by=handler_a, received_on=date(2025, 12, 4), accepted_on=date(2025, 12, 8)
    )
    sign_in(page, "handler_a")
    switch_to_english(page)
    page.goto(f"{page.base}/petitions/{petition.pk}/")
    text = page.inner_text("main")
    assert "2025-12-04" in text and "2025-12-08" in text
    assert not OTHER_DATE_STYLES.search(text), OTHER_DATE_STYLES.search(text).group(0)
    page.goto(f"{page.base}/petitions/")
    assert "2025-12-04" in page.inner_text("main")
    assert not OTHER_DATE_STYLES.search(page.inner_text("main"))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_amounts_are_grouped_by_thousands_and_years_are_not(page, handler_a, township_a, language):
    programme = create_programme(
        by=handler_a,
        name="2025年援建单亲特困母亲安居房",
        kind="housing",
        year=2025,
        org_unit=township_a,
        budget=Decimal("12345"),
    )
    sign_in(page, "handler_a")
    if language == "en":
        switch_to_english(page)
    page.goto(f"{page.base}/hardship/programmes/{programme.pk}/")
    assert page.inner_text("[data-money=budget]") == "12,345.00"
    assert page.inner_text("[data-money=remaining]") == "12,345.00"
    heading = page.inner_text("h1")
    assert "2025" in heading and "2,025" not in page.inner_text("main")
    page.click("text=Edit" if language == "en" else "text=编辑")
    assert page.input_value("#id_budget") == "12345.00"
    assert page.input_value("#id_year") == "2025"
