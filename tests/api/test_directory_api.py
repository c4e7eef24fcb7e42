from datetime import date

import pytest
from rest_framework.test import APIClient

from directory.models import AccessLog, ApiToken, Person
from directory.tokens import issue_token
from tests.factories import PersonFactory, valid_id_number


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def person_payload(unit, **overrides):
    data = {
        "full_name": "邓春梅",
        "gender": "F",
        "id_number": valid_id_number(date(1979, 4, 2)),
        "phone": "13712345678",
        "org_unit": unit.pk,
    }
    data.update(overrides)
    return data


def test_anonymous_call_gets_401(api, db):
    response = api.get("/api/v1/people/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Token")


def test_people_list_is_scoped_and_masked(api, clerk_a, village_a, village_b):
    mine = PersonFactory(org_unit=village_a, phone="13812345678")
    PersonFactory(org_unit=village_b)
    body = as_user(api, clerk_a).get("/api/v1/people/").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == mine.pk
    assert row["phone"] == "138****5678" and row["id_number"] == mine.id_number[:6] + "********" + mine.id_number[-4:]


def test_another_units_person_is_404(api, clerk_a, village_b):
    theirs = PersonFactory(org_unit=village_b)
    assert as_user(api, clerk_a).get(f"/api/v1/people/{theirs.pk}/").status_code == 404


def test_clerk_reads_a_whole_record_and_the_read_is_logged(api, clerk_a, village_a):
    person = PersonFactory(org_unit=village_a)
    body = as_user(api, clerk_a).get(f"/api/v1/people/{person.pk}/").json()
    assert body["id_number"] == person.id_number
    assert AccessLog.objects.filter(user=clerk_a, action="view", object_id=str(person.pk)).count() == 1


def test_manager_reads_a_masked_record(api, manager_a, village_a):
    person = PersonFactory(org_unit=village_a)
    body = as_user(api, manager_a).get(f"/api/v1/people/{person.pk}/").json()
    assert body["id_number"] != person.id_number and "****" in body["id_number"]


def test_create_person_writes_history(api, clerk_a, village_a):
    response = as_user(api, clerk_a).post("/api/v1/people/", person_payload(village_a), format="json")
    assert response.status_code == 201, response.json()
    person = Person.objects.get()
    assert person.birth_date == date(1979, 4, 2) and person.created_by == clerk_a
    assert person.history.get().history_user == clerk_a


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "440282197904020021"}, "id_number"),
        ({"phone": "12345"}, "phone"),
        ({"full_name": ""}, "full_name"),
        ({"full_name": "长" * 200}, "full_name"),
        ({"gender": "X"}, "gender"),
        ({"birth_date": "2025-02-30"}, "birth_date"),
        ({"org_unit": 999999}, "org_unit"),
        ({"education": ["a", "b"]}, "education"),
    ],
)
def test_bad_input_is_400_with_field_errors_in_chinese(api, clerk_a, village_a, overrides, field):
    response = as_user(api, clerk_a).post(
        "/api/v1/people/", person_payload(village_a, **overrides), format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Person.objects.exists()


def test_another_township_as_unit_is_refused(api, clerk_a, village_b):
    response = as_user(api, clerk_a).post("/api/v1/people/", person_payload(village_b), format="json")
    assert response.status_code == 400 and "org_unit" in response.json()


def test_malformed_json_is_400_and_wrong_content_type_415(api, clerk_a, db):
    client = as_user(api, clerk_a)
    assert client.post("/api/v1/people/", "{not json", content_type="application/json").status_code == 400
    assert client.post("/api/v1/people/", "a=b", content_type="text/plain").status_code == 415


def test_possible_duplicate_needs_confirmation(api, clerk_a, village_a):
    PersonFactory(org_unit=village_a, phone="13712345678", full_name="别人")
    client = as_user(api, clerk_a)
    response = client.post("/api/v1/people/", person_payload(village_a), format="json")
    assert response.status_code == 400
    assert response.json()["possible_duplicates"][0]["score"] == 60
    response = client.post("/api/v1/people/", person_payload(village_a, confirm_new=True), format="json")
    assert response.status_code == 201


def test_stale_write_is_412_and_changes_nothing(api, handler_a, village_a):
    person = PersonFactory(org_unit=village_a, address="旧地址")
    Person.objects.filter(pk=person.pk).update(version=2, address="别人改的")
    response = as_user(api, handler_a).patch(
        f"/api/v1/people/{person.pk}/", {"address": "我的修改"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 412
    person.refresh_from_db()
    assert person.address == "别人改的"


def test_current_write_bumps_the_version(api, handler_a, village_a):
    person = PersonFactory(org_unit=village_a)
    response = as_user(api, handler_a).patch(
        f"/api/v1/people/{person.pk}/", {"address": "新地址", "version": 1}, format="json"
    )
    assert response.status_code == 200 and response.json()["version"] == 2


def test_user_without_a_role_cannot_write(api, django_user_model, village_a):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert as_user(api, nobody).post("/api/v1/people/", person_payload(village_a), format="json").status_code == 403


@pytest.mark.parametrize("n", [2, 30])
def test_people_list_runs_a_fixed_number_of_queries(api, clerk_a, village_a, django_assert_num_queries, n):
    PersonFactory.create_batch(n, org_unit=village_a)
    client = as_user(api, clerk_a)
    with django_assert_num_queries(2):  # count, page
        assert client.get("/api/v1/people/").status_code == 200


def test_token_issued_used_and_revoked(api, clerk_a, manager_a, village_a):
    PersonFactory(org_unit=village_a)
    token, key = issue_token(user=clerk_a, by=manager_a, name="12338")
    assert ApiToken.objects.get().digest != key  # only the digest is stored
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/people/").json()["count"] == 1
    assert AccessLog.objects.filter(user=clerk_a, action="api").count() == 1
    api.get("/api/v1/people/")
    assert AccessLog.objects.filter(user=clerk_a, action="api").count() == 1  # logged once an hour, not per call
    from directory.tokens import revoke_token

    revoke_token(token=token, by=manager_a)
    assert api.get("/api/v1/people/").status_code == 401


def test_org_units_are_scoped(api, clerk_a, township_a, township_b, village_a):
    ids = {row["id"] for row in as_user(api, clerk_a).get("/api/v1/org-units/").json()["results"]}
    assert ids == {township_a.pk, village_a.pk}


def test_schema_and_offline_docs_are_served(client, clerk_a):
    client.force_login(clerk_a)
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/people/" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs and "http" not in docs.split("<body")[0].replace("http-equiv", "")
