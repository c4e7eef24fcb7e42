from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from directory.models import AccessLog
from hardship.models import Assistance, Enrolment, Household, HousingUnit, Programme, Receipt, TrainingClass
from hardship.services import (
    create_housing_unit,
    create_programme,
    create_training_class,
    enrol_student,
    graduate,
    record_assistance,
    register_household,
)
from tests.factories import PersonFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def programme(by, unit, kind=Programme.Kind.SPRING_FESTIVAL, budget="10000.00", **fields):
    return create_programme(
        by=by,
        name=fields.pop("name", "2025年春节慰问单亲特困母亲"),
        kind=kind,
        year=2025,
        org_unit=unit,
        budget=Decimal(budget),
        **fields,
    )


def household(by, unit, **fields):
    return register_household(by=by, head=PersonFactory(org_unit=unit, phone="13812345678"), org_unit=unit, **fields)


def visit(by, prog, home, cash="500.00"):
    return record_assistance(by=by, programme=prog, household=home, given_on=date(2025, 1, 20), cash=Decimal(cash))


def housing_unit(by, prog, home, cost="60000.00"):
    return create_housing_unit(
        by=by, programme=prog, household=home, address="珠玑镇灵潭村", planned_on=date(2025, 3, 1),
        planned_cost=Decimal(cost),
    )  # fmt: skip


def training_class(by, prog, capacity=2):
    return create_training_class(
        by=by, programme=prog, name="第一期", starts_on=date(2025, 3, 1), capacity=capacity, cost=Decimal("3000.00")
    )


# Programmes ------------------------------------------------------------------


def test_programmes_list_is_scoped_and_shows_the_money(api, handler_a, handler_b, township_a, township_b, village_a):
    spring = programme(handler_a, township_a, funding={"city_finance": Decimal("6000"), "donations": Decimal("4000")})
    programme(handler_b, township_b, name="别镇的项目")
    visit(handler_a, spring, household(handler_a, village_a), cash="500.00")
    housing = programme(handler_a, township_a, kind=Programme.Kind.HOUSING, name="安居房", budget="100000.00")
    housing_unit(handler_a, housing, household(handler_a, village_a))

    body = as_user(api, handler_a).get("/api/v1/hardship-programmes/?ordering=name").json()

    assert body["count"] == 2
    rows = {row["name"]: row for row in body["results"]}
    assert set(rows) == {"2025年春节慰问单亲特困母亲", "安居房"}
    spring_row = rows["2025年春节慰问单亲特困母亲"]
    assert (spring_row["budget"], spring_row["spent"], spring_row["committed"], spring_row["remaining"]) == (
        "10000.00",
        "500.00",
        "0.00",
        "9500.00",
    )
    assert spring_row["funding"] == [
        {"source": "city_finance", "amount": "6000.00"},
        {"source": "donations", "amount": "4000.00"},
    ]
    assert (rows["安居房"]["committed"], rows["安居房"]["remaining"]) == ("60000.00", "40000.00")


def test_handler_opens_a_programme_with_its_funding_and_history(api, handler_a, township_a):
    payload = {
        "name": "2025年女子成才班",
        "kind": "women_class",
        "year": 2025,
        "org_unit": township_a.pk,
        "budget": "50000.00",
        "funding": [{"source": "higher_federation", "amount": "50000.00"}],
    }
    response = as_user(api, handler_a).post("/api/v1/hardship-programmes/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["remaining"] == "50000.00"
    created = Programme.objects.get()
    assert created.funding.get().amount == Decimal("50000.00")
    assert created.history.get().history_user == handler_a


def test_funding_that_does_not_add_up_is_refused_in_chinese(api, handler_a, township_a):
    payload = {
        "name": "x",
        "kind": "housing",
        "year": 2025,
        "org_unit": township_a.pk,
        "budget": "100.00",
        "funding": [{"source": "donations", "amount": "90.00"}],
    }
    response = as_user(api, handler_a).post(
        "/api/v1/hardship-programmes/", payload, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "预算" in response.json()["budget"][0]
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "lottery"}, "kind"),
        ({"budget": "-1"}, "budget"),
        ({"budget": "abc"}, "budget"),
        ({"year": "二〇二五"}, "year"),
        ({"starts_on": "2025-02-30"}, "starts_on"),
        ({"starts_on": "2025-06-01", "ends_on": "2025-01-01"}, "ends_on"),
        ({"name": "长" * 101}, "name"),
        ({"funding": [{"source": "mint", "amount": "1"}]}, "funding"),
        ({"funding": "all of it"}, "funding"),
    ],
)
def test_bad_programme_input_is_400_with_field_errors(api, handler_a, township_a, overrides, field):
    payload = {"name": "x", "kind": "other", "year": 2025, "org_unit": township_a.pk, "budget": "1.00", **overrides}
    response = as_user(api, handler_a).post(
        "/api/v1/hardship-programmes/", payload, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_another_township_as_programme_unit_is_refused(api, handler_a, township_b):
    payload = {"name": "x", "kind": "other", "year": 2025, "org_unit": township_b.pk, "budget": "1.00"}
    response = as_user(api, handler_a).post("/api/v1/hardship-programmes/", payload, format="json")
    assert response.status_code == 400 and "org_unit" in response.json()


def test_a_clerk_may_not_open_a_programme(api, clerk_a, township_a):
    payload = {"name": "x", "kind": "other", "year": 2025, "org_unit": township_a.pk, "budget": "1.00"}
    assert as_user(api, clerk_a).post("/api/v1/hardship-programmes/", payload, format="json").status_code == 403


def test_another_townships_programme_is_404(api, handler_a, handler_b, township_b):
    theirs = programme(handler_b, township_b)
    client = as_user(api, handler_a)
    assert client.get(f"/api/v1/hardship-programmes/{theirs.pk}/").status_code == 404
    assert client.patch(f"/api/v1/hardship-programmes/{theirs.pk}/", {"name": "x"}, format="json").status_code == 404


def test_a_funding_row_without_its_amount_is_400_on_patch_too(api, handler_a, township_a):
    spring = programme(handler_a, township_a)
    client = as_user(api, handler_a)
    response = client.patch(
        f"/api/v1/hardship-programmes/{spring.pk}/", {"funding": [{"source": "donations"}]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["funding"] == {"0": {"amount": ["该字段是必填项。"]}}
    assert not spring.funding.exists()


def test_a_stale_programme_change_is_412_and_a_current_one_is_saved(api, handler_a, township_a):
    spring = programme(handler_a, township_a)
    client = as_user(api, handler_a)
    stale = client.patch(
        f"/api/v1/hardship-programmes/{spring.pk}/", {"budget": "20000.00"}, format="json", HTTP_IF_MATCH='"0"'
    )
    assert stale.status_code == 412
    current = client.patch(
        f"/api/v1/hardship-programmes/{spring.pk}/", {"budget": "20000.00", "version": 1}, format="json"
    )
    assert current.status_code == 200 and current.json()["version"] == 2
    spring.refresh_from_db()
    assert spring.budget == Decimal("20000.00")
    assert spring.history.latest().history_user == handler_a


def test_voiding_needs_a_reason_and_takes_the_programme_off_the_list(api, handler_a, township_a):
    spring = programme(handler_a, township_a)
    client = as_user(api, handler_a)
    assert client.delete(f"/api/v1/hardship-programmes/{spring.pk}/").status_code == 405
    assert client.post(f"/api/v1/hardship-programmes/{spring.pk}/void/", {}, format="json").status_code == 400
    response = client.post(f"/api/v1/hardship-programmes/{spring.pk}/void/", {"reason": "重复录入"}, format="json")
    assert response.status_code == 200 and response.json()["void_reason"] == "重复录入"
    assert client.get("/api/v1/hardship-programmes/").json()["count"] == 0
    again = client.post(f"/api/v1/hardship-programmes/{spring.pk}/void/", {"reason": "再来"}, format="json")
    assert again.status_code == 409
    assert client.patch(f"/api/v1/hardship-programmes/{spring.pk}/", {"name": "y"}, format="json").status_code == 409


# Households ------------------------------------------------------------------


def test_households_are_scoped_and_the_heads_numbers_masked(api, clerk_a, handler_a, handler_b, village_a, village_b):
    mine = household(handler_a, village_a, is_single_parent=True)
    household(handler_b, village_b)
    body = as_user(api, clerk_a).get("/api/v1/households/").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == mine.pk and row["circumstances"] == ["单亲"]
    assert row["head_person"]["phone"] == "138****5678"
    assert row["head_person"]["id_number"] == mine.head.id_number[:6] + "********" + mine.head.id_number[-4:]


def test_a_clerk_reads_a_whole_household_and_the_read_is_logged(api, clerk_a, handler_a, village_a):
    home = household(handler_a, village_a)
    body = as_user(api, clerk_a).get(f"/api/v1/households/{home.pk}/").json()
    assert body["head_person"]["id_number"] == home.head.id_number
    assert AccessLog.objects.filter(user=clerk_a, action="view", object_id=str(home.pk)).count() == 1


def test_a_manager_reads_a_masked_household(api, manager_a, handler_a, village_a):
    home = household(handler_a, village_a)
    body = as_user(api, manager_a).get(f"/api/v1/households/{home.pk}/").json()
    assert body["head_person"]["phone"] == "138****5678"


def test_clerk_registers_a_household_and_a_second_one_for_the_head_is_refused(api, clerk_a, village_a):
    head = PersonFactory(org_unit=village_a)
    client = as_user(api, clerk_a)
    payload = {"head": head.pk, "org_unit": village_a.pk, "size": 3, "is_low_income": True}
    response = client.post("/api/v1/households/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Household.objects.get().history.get().history_user == clerk_a
    again = client.post("/api/v1/households/", payload, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again.status_code == 400 and "户主" in again.json()["head"][0]
    assert Household.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"size": 0}, "size"), ({"size": "many"}, "size"), ({"head": 999999}, "head"), ({"is_low_income": "maybe"}, "is_low_income")],
)  # fmt: skip
def test_bad_household_input_is_400(api, clerk_a, village_a, overrides, field):
    payload = {"head": PersonFactory(org_unit=village_a).pk, "org_unit": village_a.pk, **overrides}
    response = as_user(api, clerk_a).post("/api/v1/households/", payload, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_head_from_another_township_is_an_invalid_pk(api, clerk_a, village_a, village_b):
    theirs = PersonFactory(org_unit=village_b)
    response = as_user(api, clerk_a).post(
        "/api/v1/households/",
        {"head": theirs.pk, "org_unit": village_a.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400 and "无效" in response.json()["head"][0]


def test_the_head_cannot_be_swapped_and_a_stale_edit_is_412(api, clerk_a, handler_a, village_a):
    home = household(handler_a, village_a)
    client = as_user(api, clerk_a)
    other = PersonFactory(org_unit=village_a)
    assert client.patch(f"/api/v1/households/{home.pk}/", {"head": other.pk}, format="json").status_code == 400
    assert (
        client.patch(f"/api/v1/households/{home.pk}/", {"size": 4}, format="json", HTTP_IF_MATCH="7").status_code == 412
    )
    assert client.patch(f"/api/v1/households/{home.pk}/", {"size": 4}, format="json").status_code == 200
    home.refresh_from_db()
    assert (home.size, home.head_id, home.history.latest().history_user) == (4, home.head_id, clerk_a)


def test_a_clerk_may_not_void_a_household(api, clerk_a, handler_a, village_a):
    home = household(handler_a, village_a)
    response = as_user(api, clerk_a).post(f"/api/v1/households/{home.pk}/void/", {"reason": "x"}, format="json")
    assert response.status_code == 403


# Assistance ------------------------------------------------------------------


def test_a_repeat_visit_in_the_programme_needs_confirming(api, clerk_a, handler_a, township_a, village_a):
    spring = programme(handler_a, township_a)
    home = household(handler_a, village_a)
    earlier = visit(handler_a, spring, home)
    client = as_user(api, clerk_a)
    payload = {"programme": spring.pk, "household": home.pk, "given_on": "2025-01-25", "cash": "300.00"}
    refused = client.post("/api/v1/assistance/", payload, format="json")
    assert refused.status_code == 400
    assert refused.json()["previous"][0]["id"] == earlier.pk
    confirmed = client.post("/api/v1/assistance/", {**payload, "confirm_repeat": True}, format="json")
    assert confirmed.status_code == 201, confirmed.json()
    assert confirmed.json()["head"]["id_number"] == home.head.id_number  # a clerk sees whole numbers on a record
    new = Assistance.objects.get(pk=confirmed.json()["id"])
    assert (new.cash, new.created_by, new.history.get().history_user) == (Decimal("300.00"), clerk_a, clerk_a)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"cash": "0", "goods": ""}, "cash"),
        ({"goods_value": "80.00", "goods": ""}, "goods"),
        ({"cash": "-5"}, "cash"),
        ({"kind": "gift"}, "kind"),
        ({"given_on": "yesterday"}, "given_on"),
        ({"goods": "米" * 201}, "goods"),
    ],
)
def test_bad_assistance_input_is_400(api, clerk_a, handler_a, township_a, village_a, overrides, field):
    payload = {
        "programme": programme(handler_a, township_a).pk,
        "household": household(handler_a, village_a).pk,
        "given_on": "2025-01-25",
        "cash": "300.00",
        **overrides,
    }
    response = as_user(api, clerk_a).post("/api/v1/assistance/", payload, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400 and field in response.json()
    assert not Assistance.objects.exists()


def test_another_townships_household_or_programme_is_an_invalid_pk(
    api, clerk_a, handler_a, handler_b, township_a, township_b, village_a, village_b
):
    payload = {"programme": programme(handler_a, township_a).pk, "household": household(handler_b, village_b).pk}
    payload.update(given_on="2025-01-25", cash="300.00")
    response = as_user(api, clerk_a).post("/api/v1/assistance/", payload, format="json")
    assert response.status_code == 400 and "household" in response.json()
    payload.update(programme=programme(handler_b, township_b).pk, household=household(handler_a, village_a).pk)
    response = as_user(api, clerk_a).post("/api/v1/assistance/", payload, format="json")
    assert response.status_code == 400 and "programme" in response.json()


def test_assistance_of_another_township_is_404(api, clerk_a, handler_b, township_b, village_b):
    theirs = visit(handler_b, programme(handler_b, township_b), household(handler_b, village_b))
    assert as_user(api, clerk_a).get(f"/api/v1/assistance/{theirs.pk}/").status_code == 404


def test_receipts_are_uploaded_listed_and_downloads_logged(
    api, clerk_a, handler_a, township_a, village_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    record = visit(handler_a, programme(handler_a, township_a), household(handler_a, village_a))
    client = as_user(api, clerk_a)
    upload = SimpleUploadedFile("回执.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/api/v1/assistance/{record.pk}/receipts/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    receipt = Receipt.objects.get()
    assert client.get(f"/api/v1/assistance/{record.pk}/receipts/").json()[0]["original_name"] == "回执.pdf"
    download = client.get(f"/api/v1/assistance/{record.pk}/receipts/{receipt.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AccessLog.objects.filter(user=clerk_a, action="download").count() == 1
    script = SimpleUploadedFile("x.pdf", b"#!/bin/sh\nrm -rf /\n")
    refused = client.post(f"/api/v1/assistance/{record.pk}/receipts/", {"file": script}, format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()


def test_another_townships_receipt_is_404(api, clerk_a, handler_b, township_b, village_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    theirs = visit(handler_b, programme(handler_b, township_b), household(handler_b, village_b))
    Receipt.objects.create(
        assistance=theirs, file=SimpleUploadedFile("r.pdf", PDF), original_name="r.pdf", content_type="application/pdf",
        size=len(PDF), uploaded_by=handler_b,
    )  # fmt: skip
    receipt = Receipt.objects.get()
    assert as_user(api, clerk_a).get(f"/api/v1/assistance/{theirs.pk}/receipts/{receipt.pk}/").status_code == 404


# Housing ---------------------------------------------------------------------


def test_housing_steps_go_in_order_and_out_of_order_is_409(api, handler_a, township_a, village_a):
    housing = programme(handler_a, township_a, kind=Programme.Kind.HOUSING, name="安居房", budget="100000.00")
    client = as_user(api, handler_a)
    payload = {
        "programme": housing.pk,
        "household": household(handler_a, village_a).pk,
        "address": "雄州街道八一社区",
        "planned_on": "2025-03-01",
        "planned_cost": "60000.00",
        "funding": [{"source": "city_finance", "amount": "60000.00"}],
    }
    created = client.post("/api/v1/housing-units/", payload, format="json")
    assert created.status_code == 201, created.json()
    url = f"/api/v1/housing-units/{created.json()['id']}"
    skipped = client.post(f"{url}/complete/", {"on": "2025-06-01"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert skipped.status_code == 409 and skipped.json()["detail"]
    early = client.post(f"{url}/start/", {"on": "2025-02-01"}, format="json")
    assert early.status_code == 400 and "on" in early.json()
    assert client.post(f"{url}/start/", {"on": "2025-04-01", "version": 1}, format="json").status_code == 200
    stale = client.post(f"{url}/complete/", {"on": "2025-08-01", "version": 1}, format="json")
    assert stale.status_code == 412
    done = client.post(f"{url}/complete/", {"on": "2025-08-01", "actual_cost": "58000.00"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    unit = HousingUnit.objects.get()
    assert (unit.started_on, unit.actual_cost) == (date(2025, 4, 1), Decimal("58000.00"))
    assert unit.history.latest().history_user == handler_a


def test_a_housing_unit_needs_a_housing_programme(api, handler_a, township_a, village_a):
    spring = programme(handler_a, township_a)
    payload = {"programme": spring.pk, "household": household(handler_a, village_a).pk, "address": "x"}
    payload["planned_on"] = "2025-03-01"
    response = as_user(api, handler_a).post("/api/v1/housing-units/", payload, format="json")
    assert response.status_code == 400 and "programme" in response.json()


def test_a_clerk_may_not_move_a_housing_unit(api, clerk_a, handler_a, township_a, village_a):
    housing = programme(handler_a, township_a, kind=Programme.Kind.HOUSING, name="安居房")
    unit = housing_unit(handler_a, housing, household(handler_a, village_a))
    response = as_user(api, clerk_a).post(f"/api/v1/housing-units/{unit.pk}/start/", {"on": "2025-04-01"})
    assert response.status_code == 403


# Classes and enrolments --------------------------------------------------------


@pytest.fixture
def women_class(handler_a, township_a):
    return programme(handler_a, township_a, kind=Programme.Kind.WOMEN_CLASS, name="女子成才班", budget="50000.00")


def test_a_full_class_refuses_another_student_with_409(api, handler_a, women_class, village_a):
    klass = training_class(handler_a, women_class, capacity=1)
    client = as_user(api, handler_a)
    first, second = PersonFactory(org_unit=village_a), PersonFactory(org_unit=village_a)
    payload = {"training_class": klass.pk, "student": first.pk, "enrolled_on": "2025-03-01"}
    assert client.post("/api/v1/enrolments/", payload, format="json").status_code == 201
    again = client.post("/api/v1/enrolments/", payload, format="json")
    assert again.status_code == 400 and "student" in again.json()
    full = client.post(
        "/api/v1/enrolments/", {**payload, "student": second.pk}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert full.status_code == 409 and "满" in full.json()["detail"]
    assert client.get(f"/api/v1/training-classes/{klass.pk}/").json()["seats_taken"] == 1
    lower = client.patch(f"/api/v1/training-classes/{klass.pk}/", {"capacity": 0}, format="json")
    assert lower.status_code == 400 and "capacity" in lower.json()


def test_the_capacity_cannot_drop_below_the_places_taken(api, handler_a, women_class, village_a):
    klass = training_class(handler_a, women_class, capacity=3)
    for _ in range(2):
        enrol_student(
            by=handler_a, training_class=klass, student=PersonFactory(org_unit=village_a), enrolled_on=date(2025, 3, 1)
        )
    client = as_user(api, handler_a)
    response = client.patch(f"/api/v1/training-classes/{klass.pk}/", {"capacity": 1}, format="json")
    assert response.status_code == 400 and "2" in response.json()["capacity"][0]
    assert client.patch(f"/api/v1/training-classes/{klass.pk}/", {"capacity": 2}, format="json").status_code == 200
    klass.refresh_from_db()
    assert (klass.capacity, klass.history.latest().history_user) == (2, handler_a)


def test_a_class_needs_a_training_programme_and_a_clerk_may_not_open_one(api, clerk_a, handler_a, township_a):
    spring = programme(handler_a, township_a)
    payload = {"programme": spring.pk, "name": "一期", "starts_on": "2025-03-01", "capacity": 10}
    assert as_user(api, clerk_a).post("/api/v1/training-classes/", payload, format="json").status_code == 403
    response = as_user(api, handler_a).post("/api/v1/training-classes/", payload, format="json")
    assert response.status_code == 400 and "programme" in response.json()
    assert not TrainingClass.objects.exists()


def test_a_graduate_is_employed_and_her_household_lifted_out(api, handler_a, women_class, village_a):
    klass = training_class(handler_a, women_class)
    home = household(handler_a, village_a)
    client = as_user(api, handler_a)
    created = client.post(
        "/api/v1/enrolments/",
        {"training_class": klass.pk, "student": home.head_id, "enrolled_on": "2025-03-01"},
        format="json",
    )
    assert created.status_code == 201 and created.json()["household"] == home.pk  # the household she heads
    url = f"/api/v1/enrolments/{created.json()['id']}"
    too_soon = client.post(f"{url}/employment/", {"on": "2025-07-01", "employer": "南雄市某制衣厂"}, format="json")
    assert too_soon.status_code == 409
    assert client.post(f"{url}/graduate/", {"on": "2025-06-30"}, format="json").status_code == 200
    assert client.post(f"{url}/drop-out/", {"on": "2025-07-01"}, format="json").status_code == 409
    no_employer = client.post(f"{url}/employment/", {"on": "2025-07-01", "employer": " "}, format="json")
    assert no_employer.status_code == 400 and "employer" in no_employer.json()
    assert client.post(f"{url}/employment/", {"on": "2025-07-01", "employer": "南雄市某制衣厂"}).status_code == 200
    lifted = client.post(f"{url}/lifted-out/", {"on": "2025-12-01"}, format="json")
    assert lifted.status_code == 200 and lifted.json()["lifted_out_on"] == "2025-12-01"
    enrolment = Enrolment.objects.get()
    assert (enrolment.status, enrolment.employer) == ("graduated", "南雄市某制衣厂")
    assert enrolment.history.latest().history_user == handler_a


def test_a_stale_enrolment_step_is_412(api, handler_a, women_class, village_a):
    klass = training_class(handler_a, women_class)
    enrolment = enrol_student(
        by=handler_a, training_class=klass, student=PersonFactory(org_unit=village_a), enrolled_on=date(2025, 3, 1)
    )
    graduate(enrolment=enrolment, by=handler_a, on=date(2025, 6, 30))
    response = as_user(api, handler_a).post(
        f"/api/v1/enrolments/{enrolment.pk}/lifted-out/", {"on": "2025-12-01"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 412


def test_enrolments_are_scoped_masked_and_foreign_students_refused(
    api, handler_a, handler_b, women_class, township_b, village_a, village_b
):
    klass = training_class(handler_a, women_class)
    mine = enrol_student(
        by=handler_a, training_class=klass, student=PersonFactory(org_unit=village_a, phone="13812345678"),
        enrolled_on=date(2025, 3, 1),
    )  # fmt: skip
    theirs_programme = programme(handler_b, township_b, kind=Programme.Kind.TRAINING, name="别镇培训")
    theirs = training_class(handler_b, theirs_programme)
    enrol_student(
        by=handler_b, training_class=theirs, student=PersonFactory(org_unit=village_b), enrolled_on=date(2025, 3, 1)
    )
    client = as_user(api, handler_a)
    body = client.get("/api/v1/enrolments/").json()
    assert [row["id"] for row in body["results"]] == [mine.pk]
    assert body["results"][0]["student_person"]["phone"] == "138****5678"
    refused = client.post(
        "/api/v1/enrolments/",
        {"training_class": theirs.pk, "student": PersonFactory(org_unit=village_b).pk, "enrolled_on": "2025-03-01"},
        format="json",
    )
    assert refused.status_code == 400 and {"training_class", "student"} <= set(refused.json())
    assert client.get(f"/api/v1/training-classes/{theirs.pk}/").status_code == 404


# Query counts ------------------------------------------------------------------


def _fill(n, handler, township, village):
    spring = programme(handler, township, name="春节")
    housing = programme(handler, township, kind=Programme.Kind.HOUSING, name="安居房", budget="9999999.00")
    women = programme(handler, township, kind=Programme.Kind.WOMEN_CLASS, name="成才班")
    klass = training_class(handler, women, capacity=100)
    for i in range(n):
        home = household(handler, village)
        visit(handler, spring, home)
        housing_unit(handler, housing, home)
        enrol_student(by=handler, training_class=klass, student=home.head, household=home, enrolled_on=date(2025, 3, 1))
        programme(handler, township, name=f"项目{i}", funding={"donations": Decimal("10000.00")})
        training_class(handler, women)


@pytest.mark.parametrize("n", [2, 12])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/hardship-programmes/", 3),  # count, page with money, funding
        ("/api/v1/households/", 2),  # count, page
        ("/api/v1/assistance/", 2),
        ("/api/v1/housing-units/", 3),  # … and funding
        ("/api/v1/training-classes/", 2),
        ("/api/v1/enrolments/", 2),
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    api, handler_a, township_a, village_a, django_assert_num_queries, n, url, queries
):
    _fill(n, handler_a, township_a, village_a)
    client = as_user(api, handler_a)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200 and response.json()["count"] >= n
