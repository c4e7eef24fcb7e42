"""The database connection dies in the middle of a save: nothing half-written, a clear 503."""

from contextlib import contextmanager

from django.db import OperationalError, connection

from petitions.models import Action, Petition, PetitionParty
from tests.petitions.test_intake import intake_data


@contextmanager
def connection_dies_at(table: str):
    """Let every statement through until the first INSERT into `table`, which fails as a lost connection would."""

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def test_intake_interrupted_after_the_petition_was_written_leaves_nothing_and_says_503(client_for, clerk_a, township_a):
    client = client_for(clerk_a)
    petitions_before = Petition.history.count()
    # The petition row (and its history row) are written first; the connection dies at its petitioner.
    with connection_dies_at(PetitionParty._meta.db_table):
        response = client.post("/petitions/new/", intake_data(township_a))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "数据库暂时不可用，请稍后再试" in page
    assert not Petition.objects.exists()
    assert Petition.history.count() == petitions_before
    assert not Action.objects.exists()


def test_the_503_page_speaks_english_to_an_english_reader(client_for, clerk_a, township_a):
    client = client_for(clerk_a)
    client.cookies["django_language"] = "en"
    with connection_dies_at(PetitionParty._meta.db_table):
        response = client.post("/petitions/new/", intake_data(township_a))
    assert response.status_code == 503
    assert "The database is temporarily unavailable. Please try again later." in response.content.decode()


def test_the_api_answers_503_json_and_writes_nothing(client_for, clerk_a, township_a):
    from petitions.models import Category
    from tests.factories import PersonFactory

    person = PersonFactory(org_unit=township_a)
    sub = Category.objects.get(name="家庭暴力")
    payload = {
        "org_unit": township_a.pk,
        "channel": "visit",
        "received_on": "2025-10-08",
        "nature": "claim",
        "category": sub.parent_id,
        "subcategory": sub.pk,
        "facts": "丈夫酒后殴打她，邻居可以作证。",
        "request": "要求制止家暴。",
        "parties": [{"person": person.pk, "role": "victim"}],
    }
    client = client_for(clerk_a)
    with connection_dies_at(PetitionParty._meta.db_table):
        response = client.post("/api/v1/petitions/", payload, content_type="application/json")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
    assert not Petition.objects.exists()
    # Once the database is back the same call succeeds.
    assert client.post("/api/v1/petitions/", payload, content_type="application/json").status_code == 201
    assert Petition.objects.count() == 1 and PetitionParty.objects.count() == 1
