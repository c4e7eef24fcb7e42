"""A petition list opened for a period judges its summary line as at the period's end, as the dashboard does."""

import re
from datetime import date

import pytest

from petitions import services
from tests.petitions.factories import make_petition


def figure(page: str, key: str) -> str:
    """The number a list's summary line marks with `data-figure="key"`, as a user reads it."""
    match = re.search(rf'data-figure="{key}">([^<]*)<', page)
    assert match, f"no {key} on the page"
    return match.group(1).strip("() ").replace(" ", "")


@pytest.fixture
def september(handler_a, township_a):
    """Three petitions received by 30 September 2025: one concluded in time, one concluded only in
    October, one still open and past its 15-day decision limit at the end of September."""
    on_time = make_petition(unit=township_a, by=handler_a, received_on=date(2025, 9, 1), accepted_on=date(2025, 9, 2))
    services.reply_to_petitioner(petition=on_time, by=handler_a, on=date(2025, 9, 5), method="post", text="答复")
    services.conclude_petition(
        petition=on_time, by=handler_a, on=date(2025, 9, 10), outcome="supported", settled_level="township"
    )
    late = make_petition(unit=township_a, by=handler_a, received_on=date(2025, 9, 3), accepted_on=date(2025, 9, 4))
    services.conclude_petition(
        petition=late, by=handler_a, on=date(2025, 10, 5), outcome="supported", settled_level="township"
    )
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 9, 8))
    return township_a


def period_list(client, unit, **extra):
    params = {"unit": unit.pk, "received_from": "2025-09-01", "received_to": "2025-09-30", **extra}
    return client.get("/petitions/", params).content.decode()


def test_a_list_opened_for_a_period_counts_conclusions_by_the_period_end(client_for, manager_a, september):
    page = period_list(client_for(manager_a), september)
    assert figure(page, "received") == "3"
    assert figure(page, "resolution") == "1/3" and figure(page, "resolution-rate") == "33.3%"
    assert figure(page, "reply") == "1/3"
    assert "截至2025-09-30" in page


def test_an_open_ended_list_counts_as_of_today(client_for, manager_a, september):
    page = client_for(manager_a).get("/petitions/", {"unit": september.pk}).content.decode()
    assert figure(page, "resolution") == "2/3"


def test_the_concluded_link_lists_only_those_concluded_by_the_period_end(client_for, manager_a, september):
    page = period_list(client_for(manager_a), september, concluded_to="2025-09-30")
    assert figure(page, "received") == "1" and figure(page, "on-time") == "1/1"


def test_overdue_on_a_day_lists_what_was_open_past_its_limit_then(client_for, manager_a, september):
    page = period_list(client_for(manager_a), september, overdue_on="2025-09-30")
    assert figure(page, "received") == "1"
    assert figure(period_list(client_for(manager_a), september, overdue_on="2025-09-10"), "received") == "0"
