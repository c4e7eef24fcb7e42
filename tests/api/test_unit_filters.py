"""The API lists take the pages' `unit` filter: a unit of the caller's, and everything under it."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from hardship.models import Programme
from hardship.services import record_assistance
from tests.legal_aid.factories import make_assessor, make_case, make_hearing, make_order


@pytest.fixture
def api():
    return APIClient()


def _ids(api, user, url, **params):
    api.force_authenticate(user)
    response = api.get(url, params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_legal_aid_cases_by_unit_and_by_village(api, city_manager, township_a, village_a, township_b, handler_a):
    town, village = make_case(unit=township_a, by=handler_a), make_case(unit=village_a, by=handler_a)
    make_case(unit=township_b, by=handler_a)
    url = "/api/v1/legal-aid-cases/"
    assert _ids(api, city_manager, url, unit=township_a.pk) == {town.pk, village.pk}
    assert _ids(api, city_manager, url, unit=village_a.pk, aided="no") == {village.pk}


def test_orders_and_hearings_by_unit(api, city_manager, township_a, village_a, township_b, handler_a):
    mine = make_order(unit=village_a, by=handler_a)
    make_order(unit=township_b, by=handler_a)
    assert _ids(api, city_manager, "/api/v1/protection-orders/", unit=township_a.pk) == {mine.pk}
    heard = make_hearing(assessor=make_assessor(unit=village_a, by=handler_a), by=handler_a)
    make_hearing(assessor=make_assessor(unit=township_b, by=handler_a), by=handler_a)
    assert _ids(api, city_manager, "/api/v1/assessor-hearings/", unit=village_a.pk) == {heard.pk}


def test_assistance_by_the_programmes_unit(api, city_manager, township_a, village_a, make_programme, make_household):
    here = make_programme(Programme.Kind.SPRING_FESTIVAL, unit=village_a, name="村慰问")
    there = make_programme(Programme.Kind.SPRING_FESTIVAL, name="镇慰问")
    given = [
        record_assistance(
            by=city_manager, programme=p, household=make_household(), given_on=date(2025, 1, 2), cash=Decimal(1)
        )
        for p in (here, there)
    ]
    url = "/api/v1/assistance/"
    assert _ids(api, city_manager, url, unit=village_a.pk) == {given[0].pk}
    assert _ids(api, city_manager, url, unit=township_a.pk) == {r.pk for r in given}


def test_a_unit_outside_the_callers_is_refused(api, handler_a, township_b):
    api.force_authenticate(handler_a)
    assert api.get("/api/v1/legal-aid-cases/", {"unit": township_b.pk}).status_code == 400
    assert api.get("/api/v1/housing-units/", {"unit": township_b.pk}).status_code == 400
