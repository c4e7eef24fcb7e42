"""In Chromium, the main pages work under the strict Content-Security-Policy:
the browser reports no violation, and the scripts that need to run do run."""

from datetime import date

import pytest

from directory.roles import Role
from tests.e2e.conftest import sign_in
from tests.factories import UserFactory
from tests.petitions.factories import ensure_categories, make_petition

PAGES = [
    "/",
    "/petitions/",
    "/petitions/new/",
    "/legal-aid/",
    "/hardship/",
    "/outreach/",
    "/outreach/network/",
    "/directory/people/",
    "/reports/",
    "/reports/dashboard/",
    "/admin/",
    "/admin/directory/orgunit/",
    "/admin/petitions/petition/",
    "/api/v1/docs/",
]


def violations_while_visiting(page, paths):
    messages = []
    page.on("console", lambda message: messages.append((page.url, message.text)))
    for path in paths:
        response = page.goto(page.base + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
    return [(url, text) for url, text in messages if "Content Security Policy" in text]


@pytest.mark.django_db(transaction=True)
def test_main_pages_report_no_policy_violation(page, city):
    ensure_categories()
    user = UserFactory(username="csp_admin", is_staff=True, is_superuser=True, staff=(city, Role.MANAGER))
    petition = make_petition(unit=city, by=user, received_on=date(2025, 3, 3))
    sign_in(page, "csp_admin")
    details = [f"/petitions/{petition.pk}/", f"/petitions/{petition.pk}/receipt/"]
    found = violations_while_visiting(page, [*PAGES, *details, f"/admin/petitions/petition/{petition.pk}/change/"])
    assert found == []


@pytest.mark.django_db(transaction=True)
def test_the_swagger_ui_draws_the_operations(page, city):
    UserFactory(username="csp_docs", is_staff=True, is_superuser=True)
    sign_in(page, "csp_docs")
    page.goto(page.base + "/api/v1/docs/")
    page.wait_for_selector(".opblock", timeout=30000)
    assert page.locator(".opblock").count() > 5


@pytest.mark.django_db(transaction=True)
def test_the_print_button_of_a_receipt_works_without_an_inline_handler(page, city):
    ensure_categories()
    clerk = UserFactory(username="csp_clerk", staff=(city, Role.CLERK))
    petition = make_petition(unit=city, by=clerk, received_on=date(2025, 3, 3))
    sign_in(page, "csp_clerk")
    page.goto(page.base + f"/petitions/{petition.pk}/receipt/")
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.click("#print")
    assert page.evaluate("() => window.printed") is True
