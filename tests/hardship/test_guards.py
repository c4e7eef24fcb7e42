"""Every mutating hardship URL: GET refused where it is POST-only, a user without a
role gets 403, a user of another township gets 404, and nothing changes."""

from datetime import date
from decimal import Decimal

import pytest

from hardship.models import Assistance, Enrolment, Household, HouseholdMember, HousingUnit, Receipt, TrainingClass
from hardship.services import create_housing_unit, create_training_class, enrol_student, record_assistance
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def records(handler_a, spring, housing, women_class, make_household, village_a):
    household = make_household()
    klass = create_training_class(
        by=handler_a, programme=women_class, name="一期", starts_on=date(2025, 3, 1), capacity=5
    )
    return {
        "spring": spring,
        "housing": housing,
        "women_class": women_class,
        "household": household,
        "visit": record_assistance(
            by=handler_a, programme=spring, household=household, given_on=date(2025, 1, 2), cash=Decimal(1)
        ),
        "unit": create_housing_unit(
            by=handler_a,
            programme=housing,
            household=household,
            address="x",
            planned_on=date(2025, 3, 1),
            planned_cost=Decimal(1),
        ),
        "klass": klass,
        "enrolment": enrol_student(
            by=handler_a, training_class=klass, student=household.head, enrolled_on=date(2025, 3, 1)
        ),
        "person": PersonFactory(org_unit=village_a),
    }


def snapshot():
    return [
        (m.__name__, list(m.objects.order_by("pk").values_list("pk", "version")))
        for m in (Household, Assistance, HousingUnit, TrainingClass, Enrolment)
    ] + [HouseholdMember.objects.count(), Receipt.objects.count()]


# (url, POST data, POST only?)
ENDPOINTS = [
    (
        "/hardship/households/new/",
        lambda r: {"org_unit": r["household"].org_unit_id, "use_person": r["person"].pk},
        False,
    ),
    ("/hardship/households/{household.pk}/edit/", lambda r: {"size": 9}, False),
    (
        "/hardship/households/{household.pk}/members/",
        lambda r: {"id_number": r["person"].id_number, "relation": "女儿"},
        True,
    ),
    ("/hardship/programmes/{spring.pk}/assistance/new/", lambda r: {"household": r["household"].pk, "cash": 1}, False),
    ("/hardship/assistance/{visit.pk}/receipts/", lambda r: {}, True),
    ("/hardship/programmes/{housing.pk}/housing/new/", lambda r: {"household": r["household"].pk}, False),
    ("/hardship/housing/{unit.pk}/edit/", lambda r: {"address": "y"}, False),
    ("/hardship/housing/{unit.pk}/advance/", lambda r: {"to": "building", "on": "2025-04-01"}, True),
    ("/hardship/programmes/{women_class.pk}/classes/new/", lambda r: {"name": "二期"}, False),
    ("/hardship/classes/{klass.pk}/edit/", lambda r: {"capacity": 9}, False),
    ("/hardship/classes/{klass.pk}/enrol/", lambda r: {"student_id_number": r["person"].id_number}, True),
    ("/hardship/enrolments/{enrolment.pk}/drop/", lambda r: {"on": "2025-04-01"}, True),
    ("/hardship/assistance/{visit.pk}/void/", lambda r: {"reason": "x"}, True),
    ("/hardship/household/{household.pk}/void/", lambda r: {"reason": "x"}, True),
    ("/hardship/housing/{unit.pk}/void/", lambda r: {"reason": "x"}, True),
    ("/hardship/class/{klass.pk}/void/", lambda r: {"reason": "x"}, True),
    ("/hardship/enrolment/{enrolment.pk}/void/", lambda r: {"reason": "x"}, True),
]
IDS = [e[0] for e in ENDPOINTS]


@pytest.mark.parametrize(("url", "data", "post_only"), ENDPOINTS, ids=IDS)
def test_a_user_without_a_role_gets_403_and_nothing_changes(client, records, url, data, post_only):
    client.force_login(UserFactory())
    before = snapshot()
    assert client.post(url.format(**records), data(records)).status_code == 403
    assert snapshot() == before


SCOPED = ENDPOINTS[1:]  # all but registering a household, which names no record of another unit


@pytest.mark.parametrize(("url", "data", "post_only"), SCOPED, ids=IDS[1:])
def test_a_handler_of_another_township_gets_404_and_nothing_changes(
    client_for, handler_b, records, url, data, post_only
):
    before = snapshot()
    assert client_for(handler_b).post(url.format(**records), data(records)).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    ("url", "data", "post_only"), [e for e in ENDPOINTS if e[2]], ids=[e[0] for e in ENDPOINTS if e[2]]
)
def test_post_only_urls_refuse_get(client_for, handler_a, records, url, data, post_only):
    assert client_for(handler_a).get(url.format(**records)).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/hardship/programmes/{housing.pk}/housing/new/",
        "/hardship/programmes/{women_class.pk}/classes/new/",
        "/hardship/housing/{unit.pk}/advance/",
        "/hardship/classes/{klass.pk}/enrol/",
        "/hardship/household/{household.pk}/void/",
    ],
)
def test_clerks_cannot_plan_housing_classes_or_void(client_for, clerk_a, records, url):
    before = snapshot()
    assert client_for(clerk_a).post(url.format(**records), {"reason": "x"}).status_code == 403
    assert snapshot() == before


def test_a_housing_unit_cannot_be_planned_under_a_spring_festival_programme(client_for, handler_a, records):
    url = "/hardship/programmes/{spring.pk}/housing/new/".format(**records)
    assert client_for(handler_a).get(url).status_code == 404


def test_handler_plans_a_class_and_enrols_a_student(client_for, handler_a, records):
    client = client_for(handler_a)
    url = "/hardship/programmes/{women_class.pk}/classes/new/".format(**records)
    response = client.post(url, {"name": "二期", "starts_on": "2025-09-01", "capacity": "40", "cost": "0"})
    klass = TrainingClass.objects.get(name="二期")
    assert response.url == f"/hardship/classes/{klass.pk}/" and klass.history.get().history_user == handler_a
    client.post(
        f"/hardship/classes/{klass.pk}/enrol/",
        {"student_id_number": records["person"].id_number, "enrolled_on": "2025-09-01"},
    )
    enrolment = Enrolment.objects.get(training_class=klass)
    assert enrolment.student == records["person"] and enrolment.history.get().history_user == handler_a
    page = client.get(f"/hardship/classes/{klass.pk}/").content.decode()
    assert "1 / 40" in page
