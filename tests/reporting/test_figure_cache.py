"""The work summary kept in the cache: the same figures, fewer queries, and fresh after any write."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.periods import Period
from reporting.summary import build_summary
from tests.petitions.factories import make_petition

YTD = Period.year_to(2025, 9)
TODAY = date(2025, 10, 8)


@pytest.fixture
def cached(settings, tmp_path):
    # A cache every server process reads (here files; Redis in production): only such a cache keeps figures.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    settings.SUMMARY_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_a_cache_of_the_process_own_memory_keeps_no_figures(settings, township_a, handler_a):
    settings.SUMMARY_CACHE_SECONDS = 600  # the test settings' cache is local memory, as without REDIS_URL
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    build_summary(township_a, YTD, today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        assert build_summary(township_a, YTD, today=TODAY).current.petitions.received == 1
    assert len(queries) > 0


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
    with django_assert_num_queries(7):
        again = client.get("/reports/dashboard/", query)
    assert again.status_code == first.status_code == 200
    assert again.context["tiles"] == first.context["tiles"]


DASHBOARD = {"kind": "ytd", "year": 2025, "month": 9}


@pytest.fixture
def refreshes(monkeypatch):
    """The background refreshes the dashboard starts, held back until the test runs them (as a worker would)."""
    started = []
    monkeypatch.setattr("reporting.summary.run_soon", lambda name, *args: started.append((name, args)))
    return started


def run(started):
    from reporting.tasks import refresh_summary_task

    for name, args in started:
        assert name == "reporting.refresh_summary"
        refresh_summary_task(*args)
    started.clear()


def received_tile(response):
    return next(t for t in response.context["tiles"] if t.key == "received").value


def after_a_write(client, unit, by):
    """The dashboard seen once (its figures kept), a petition registered, and the dashboard asked again."""
    query = {"unit": unit.pk, **DASHBOARD}
    client.get("/reports/dashboard/", query)
    make_petition(unit=unit, by=by, received_on=date(2025, 4, 4))
    return client.get("/reports/dashboard/", query)


def test_after_a_write_slow_figures_are_shown_as_they_were_and_said_to_be_so_until_the_new_ones_are_ready(
    cached, settings, refreshes, client_for, manager_a, handler_a, township_a
):
    settings.SUMMARY_REFRESH_IN_BACKGROUND_AFTER = 0  # every computation counts as slow, as a city's year at scale
    client = client_for(manager_a)
    query = {"unit": township_a.pk, **DASHBOARD}
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    first = client.get("/reports/dashboard/", query)
    assert received_tile(first) == 1 and "stale-figures" not in first.content.decode()

    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 4, 4))
    stale = client.get("/reports/dashboard/", query)
    assert received_tile(stale) == 1
    assert 'id="stale-figures"' in stale.content.decode()
    assert len(refreshes) == 1
    client.get("/reports/dashboard/", query)
    assert len(refreshes) == 1, "one refresh at a time, however many managers look"

    run(refreshes)
    fresh = client.get("/reports/dashboard/", query)
    assert received_tile(fresh) == 2
    assert 'id="stale-figures"' not in fresh.content.decode()


def test_the_stale_notice_says_when_the_figures_were_computed_in_the_reader_s_language(
    cached, settings, refreshes, client_for, manager_a, handler_a, township_a
):
    settings.SUMMARY_REFRESH_IN_BACKGROUND_AFTER = 0
    client = client_for(manager_a)
    query = {"unit": township_a.pk, **DASHBOARD}
    client.get("/reports/dashboard/", query)
    client.get("/reports/dashboard/", query, HTTP_ACCEPT_LANGUAGE="en")  # kept per language: charts name categories
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 4, 4))
    chinese = client.get("/reports/dashboard/", query).content.decode()
    english = client.get("/reports/dashboard/", query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "正在计算" in chinese
    assert "the new figures are being computed" in english


def test_quick_figures_are_computed_afresh_at_once_after_a_write(
    cached, settings, refreshes, client_for, manager_a, handler_a, township_a
):
    settings.SUMMARY_REFRESH_IN_BACKGROUND_AFTER = 3600  # every computation counts as quick, as a township's
    again = after_a_write(client_for(manager_a), township_a, handler_a)
    assert received_tile(again) == 1
    assert refreshes == []


def test_without_a_worker_the_refresh_is_done_before_the_page_is_shown(
    cached, settings, client_for, manager_a, handler_a, township_a
):
    settings.SUMMARY_REFRESH_IN_BACKGROUND_AFTER = 0  # the tests run background work at once (JOBS_EMBEDDED=inline)
    again = after_a_write(client_for(manager_a), township_a, handler_a)
    assert received_tile(again) == 1
    assert 'id="stale-figures"' not in again.content.decode()


def test_a_report_never_takes_stale_figures(cached, settings, refreshes, township_a, handler_a):
    settings.SUMMARY_REFRESH_IN_BACKGROUND_AFTER = 0
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    assert build_summary(township_a, YTD, today=TODAY).current.petitions.received == 1
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 4, 4))
    assert build_summary(township_a, YTD, today=TODAY).current.petitions.received == 2
    assert refreshes == []


def test_the_morning_warm_up_leaves_the_first_manager_of_the_day_nothing_to_compute(
    cached, client_for, city_manager, city, handler_a, township_a
):
    from directory.models import OrgUnit
    from reporting.tasks import warm_dashboards_task

    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    assert warm_dashboards_task() == OrgUnit.objects.filter(level__lte=OrgUnit.Level.DISTRICT).count()
    client = client_for(city_manager)
    client.get("/")  # signed in and at work: the session's own first-request reads are not the dashboard's
    with CaptureQueriesContext(connection) as first_of_the_day:
        first = client.get("/reports/dashboard/", {"unit": city.pk})
    with CaptureQueriesContext(connection) as again:
        client.get("/reports/dashboard/", {"unit": city.pk})
    assert received_tile(first) == 1
    assert len(first_of_the_day) == len(again)
    assert 'id="stale-figures"' not in first.content.decode()


def test_without_a_shared_cache_the_warm_up_does_nothing(settings, township_a, handler_a):
    from reporting.tasks import warm_dashboards_task

    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 3, 3))
    assert warm_dashboards_task() == 0


def test_figures_kept_too_long_are_not_shown_stale_even_if_slow(
    cached, settings, refreshes, client_for, manager_a, handler_a, township_a
):
    settings.SUMMARY_REFRESH_IN_BACKGROUND_AFTER = 0
    settings.SUMMARY_STALE_AT_MOST = 0  # no refresh has replaced them in time: no worker is running
    again = after_a_write(client_for(manager_a), township_a, handler_a)
    assert received_tile(again) == 1
    assert 'id="stale-figures"' not in again.content.decode()
    assert refreshes == []
