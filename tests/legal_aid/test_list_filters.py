"""The legal-aid lists filtered by unit (the unit and everything under it) and by dates,
as the managers' dashboard links to them."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings

from directory.periods import Period
from legal_aid.figures import case_figures
from legal_aid.models import LegalAidCase
from legal_aid.services import decide_case, record_police_warning
from tests.factories import PersonFactory

from .factories import make_assessor, make_case, make_hearing, make_order


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# Cases ------------------------------------------------------------------------


@pytest.fixture
def cases_in_three_places(township_a, village_a, township_b, handler_a, handler_b):
    return {
        "township": make_case(unit=township_a, by=handler_a).reference,
        "village": make_case(unit=village_a, by=handler_a).reference,
        "other": make_case(unit=township_b, by=handler_b).reference,
    }


def test_case_list_by_township_shows_its_villages_and_not_the_other_township(
    client_for, city_manager, township_a, cases_in_three_places
):
    refs = cases_in_three_places
    page = _page(client_for(city_manager), "/legal-aid/", unit=township_a.pk)
    assert refs["township"] in page and refs["village"] in page and refs["other"] not in page


def test_case_list_accepts_a_village_as_the_unit(client_for, city_manager, village_a, cases_in_three_places):
    refs = cases_in_three_places
    page = _page(client_for(city_manager), "/legal-aid/", unit=village_a.pk)
    assert refs["village"] in page and refs["township"] not in page and refs["other"] not in page


def test_another_townships_unit_does_not_open_its_cases(client_for, handler_a, township_b, cases_in_three_places):
    page = _page(client_for(handler_a), "/legal-aid/", unit=township_b.pk)
    assert cases_in_three_places["other"] not in page


def test_case_list_by_application_dates(client_for, handler_a, village_a):
    before = make_case(unit=village_a, by=handler_a, applied_on=date(2025, 2, 28))
    first = make_case(unit=village_a, by=handler_a, applied_on=date(2025, 3, 1))
    last = make_case(unit=village_a, by=handler_a, applied_on=date(2025, 3, 31))
    after = make_case(unit=village_a, by=handler_a, applied_on=date(2025, 4, 1))
    page = _page(client_for(handler_a), "/legal-aid/", applied_from="2025-03-01", applied_to="2025-03-31")
    assert first.reference in page and last.reference in page
    assert before.reference not in page and after.reference not in page


@pytest.fixture
def accepted_refused_undecided(village_a, handler_a):
    accepted, refused, undecided = (make_case(unit=village_a, by=handler_a) for _ in range(3))
    decide_case(case=accepted, by=handler_a, on=date(2025, 3, 5), accept=True)
    decide_case(case=refused, by=handler_a, on=date(2025, 3, 5), accept=False, reasons="有固定收入")
    return accepted.reference, refused.reference, undecided.reference


def test_aided_yes_lists_only_cases_granted_legal_aid(client_for, handler_a, accepted_refused_undecided):
    accepted, refused, undecided = accepted_refused_undecided
    page = _page(client_for(handler_a), "/legal-aid/", aided="yes")
    assert accepted in page and refused not in page and undecided not in page


def test_aided_no_lists_refused_and_undecided_cases(client_for, handler_a, accepted_refused_undecided):
    accepted, refused, undecided = accepted_refused_undecided
    page = _page(client_for(handler_a), "/legal-aid/", aided="no")
    assert accepted not in page and refused in page and undecided in page


def test_aided_cases_are_the_ones_the_figures_count(handler_a, village_a, accepted_refused_undecided):
    in_period = LegalAidCase.objects.filter(applied_on__gte=date(2025, 1, 1), applied_on__lte=date(2025, 12, 31))
    figures = case_figures(LegalAidCase.objects.all(), Period.year(2025))
    assert list(in_period.aided().values_list("reference", flat=True)) == [accepted_refused_undecided[0]]
    assert figures.aided == 1


def test_case_export_follows_the_unit_filter(client_for, handler_a, village_a, cases_in_three_places):
    response = client_for(handler_a).get("/legal-aid/cases/export.csv", {"unit": village_a.pk})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == [cases_in_three_places["village"]]


@pytest.mark.parametrize("n", [2, 30])
def test_case_list_filtered_by_unit_runs_a_fixed_number_of_queries(
    client_for, handler_a, township_a, village_a, django_assert_num_queries, n
):
    for _ in range(n):
        make_case(unit=village_a, by=handler_a)
    client = client_for(handler_a)
    # session, user with her staff profile, the chosen unit, count, permissions, page rows, the unit filter's choices
    with django_assert_num_queries(7):
        response = client.get("/legal-aid/", {"unit": township_a.pk, "aided": "no", "applied_from": "2025-01-01"})
    assert response.status_code == 200 and len(response.context["page"]) == min(n, settings.PAGE_SIZE)


# Hearings ---------------------------------------------------------------------


@pytest.fixture
def hearings_in_three_places(township_a, village_a, township_b, handler_a, handler_b):
    for unit, by, number in [
        (township_a, handler_a, "镇A-1号"),
        (village_a, handler_a, "村A-1号"),
        (township_b, handler_b, "镇B-1号"),
    ]:
        assessor = make_assessor(unit=unit, by=by, full_name=f"陪审员{number}")
        make_hearing(assessor=assessor, by=by, court_case_number=number)


def test_hearing_list_by_unit_and_by_village(client_for, city_manager, township_a, village_a, hearings_in_three_places):
    client = client_for(city_manager)
    page = _page(client, "/legal-aid/hearings/", unit=township_a.pk)
    assert "镇A-1号" in page and "村A-1号" in page and "镇B-1号" not in page
    page = _page(client, "/legal-aid/hearings/", unit=village_a.pk)
    assert "村A-1号" in page and "镇A-1号" not in page and "镇B-1号" not in page


def test_hearing_list_by_hearing_dates(client_for, handler_a, township_a):
    assessor = make_assessor(unit=township_a, by=handler_a)
    for day, number in [(date(2025, 3, 31), "三月"), (date(2025, 4, 1), "四月初"), (date(2025, 5, 1), "五月")]:
        make_hearing(assessor=assessor, by=handler_a, heard_on=day, court_case_number=number)
    page = _page(client_for(handler_a), "/legal-aid/hearings/", heard_from="2025-04-01", heard_to="2025-04-30")
    assert "四月初" in page and "三月" not in page and "五月" not in page


def test_hearing_export_follows_the_unit_filter(client_for, handler_a, village_a, hearings_in_three_places):
    response = client_for(handler_a).get("/legal-aid/hearings/export.csv", {"unit": village_a.pk})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff"))))
    assert [row[3] for row in rows[1:]] == ["村A-1号"]


# Protection orders ------------------------------------------------------------


def _order(unit, by, name, filed=datetime(2025, 3, 3, 9, 0)):
    return make_order(unit=unit, by=by, victim=PersonFactory(org_unit=unit, full_name=name), filed=filed)


def test_order_list_by_unit_and_by_village(client_for, city_manager, township_a, village_a, township_b, handler_a):
    _order(township_a, handler_a, "镇甲申请人")
    _order(village_a, handler_a, "村甲申请人")
    _order(township_b, handler_a, "镇乙申请人")
    client = client_for(city_manager)
    page = _page(client, "/legal-aid/orders/", unit=township_a.pk)
    assert "镇甲申请人" in page and "村甲申请人" in page and "镇乙申请人" not in page
    page = _page(client, "/legal-aid/orders/", unit=village_a.pk)
    assert "村甲申请人" in page and "镇甲申请人" not in page and "镇乙申请人" not in page


def test_order_list_by_filing_date_in_local_time(client_for, handler_a, village_a):
    # 00:30 on 1 April in China is still 31 March in UTC: the day is the local one, as the figures count.
    _order(village_a, handler_a, "三月申请", filed=datetime(2025, 3, 31, 23, 30))
    _order(village_a, handler_a, "四月申请", filed=datetime(2025, 4, 1, 0, 30))
    _order(village_a, handler_a, "五月申请", filed=datetime(2025, 5, 1, 9, 0))
    page = _page(client_for(handler_a), "/legal-aid/orders/", filed_from="2025-04-01", filed_to="2025-04-30")
    assert "四月申请" in page and "三月申请" not in page and "五月申请" not in page


@pytest.mark.parametrize("n", [2, 30])
def test_order_list_filtered_by_unit_runs_a_fixed_number_of_queries(
    client_for, handler_a, village_a, django_assert_num_queries, n
):
    for i in range(n):
        make_order(unit=village_a, by=handler_a, filed=datetime(2025, 3, 3, 9, 0) + timedelta(minutes=i))
    client = client_for(handler_a)
    # session, user with her staff profile, the chosen unit, count, reminders, permissions, page rows, the unit choices
    with django_assert_num_queries(8):
        response = client.get("/legal-aid/orders/", {"unit": village_a.pk, "filed_from": "2025-03-01"})
    assert response.status_code == 200 and len(response.context["page"]) == min(n, settings.PAGE_SIZE)


# Police warnings --------------------------------------------------------------


def _warning(unit, by, abuser, issued_on=date(2025, 4, 1)):
    return record_police_warning(
        by=by, org_unit=unit, victim=PersonFactory(org_unit=unit), issued_on=issued_on, abuser_name=abuser
    )


def test_warning_list_by_unit_and_by_village(client_for, city_manager, township_a, village_a, township_b, handler_a):
    _warning(township_a, handler_a, "镇甲施暴人")
    _warning(village_a, handler_a, "村甲施暴人")
    _warning(township_b, handler_a, "镇乙施暴人")
    client = client_for(city_manager)
    page = _page(client, "/legal-aid/warnings/", unit=township_a.pk)
    assert "镇甲施暴人" in page and "村甲施暴人" in page and "镇乙施暴人" not in page
    page = _page(client, "/legal-aid/warnings/", unit=village_a.pk, issued_from="2025-04-01", issued_to="2025-04-01")
    assert "村甲施暴人" in page and "镇甲施暴人" not in page and "镇乙施暴人" not in page


@pytest.mark.parametrize("n", [2, 30])
def test_warning_list_filtered_by_unit_runs_a_fixed_number_of_queries(
    client_for, handler_a, village_a, django_assert_num_queries, n
):
    for i in range(n):
        _warning(village_a, handler_a, f"施暴人{i}")
    client = client_for(handler_a)
    # session, user with her staff profile, the chosen unit, count, permissions, the unit filter's choices, page rows
    with django_assert_num_queries(7):
        response = client.get("/legal-aid/warnings/", {"unit": village_a.pk})
    assert response.status_code == 200 and len(response.context["page"]) == min(n, settings.PAGE_SIZE)
