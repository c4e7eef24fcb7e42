"""The work summary kept in the cache: the same figures, fewer queries, and fresh after any write."""

from datetime import date

import pytest
from django.core.cache import cache

from directory.periods import Period
from reporting.summary import build_summary
from tests.petitions.factories import make_petition

YTD = Period.year_to(2025, 9)
TODAY = date(2025, 10, 8)


@pytest.fixture
def cached(settings):
    settings.SUMMARY_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_a_second_summary_reads_no_table(cached, township_a, handler_a, django_assert_num_queries):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    first = build_summary(township_a, YTD, today=TODAY)
    with django_assert_num_queries(0):
        again = build_summary(township_a, YTD, today=TODAY)
    assert again.current.petitions.received == first.current.petitions.received == 1


def test_a_new_petition_is_counted_at_once(cached, township_a, district, handler_a):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    assert build_summary(district, YTD, today=TODAY).current.petitions.received == 1
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 4, 4))
    assert build_summary(district, YTD, today=TODAY).current.petitions.received == 2


def test_another_day_or_period_is_not_served_from_another_key(cached, township_a, handler_a):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    assert build_summary(township_a, YTD, today=TODAY).current.petitions.received == 1
    assert build_summary(township_a, Period.year(2024), today=TODAY).current.petitions.received == 0


def test_a_second_dashboard_reads_only_what_the_page_needs(
    cached, client_for, manager_a, handler_a, township_a, django_assert_num_queries
):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 5, 5))
    client = client_for(manager_a)
    query = {"unit": township_a.pk, "kind": "ytd", "year": 2025, "month": 9}
    first = client.get("/reports/dashboard/", query)
    with django_assert_num_queries(8):
        again = client.get("/reports/dashboard/", query)
    assert again.status_code == first.status_code == 200
    assert again.context["tiles"] == first.context["tiles"]
