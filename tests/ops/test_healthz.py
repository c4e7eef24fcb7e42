"""/healthz answers a load balancer without signing in, cheaply, and says nothing about the data."""

import json

import pytest
from django.db import OperationalError


def test_healthz_is_ok_without_signing_in_in_at_most_two_queries(
    client, db, settings, tmp_path, django_assert_max_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    settings.HEALTH_MIN_FREE_MB = 1
    with django_assert_max_num_queries(2):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"] == {"ok": True, "kind": "embedded"}
    assert body["checks"]["disk"]["ok"] is True


def test_healthz_is_503_when_the_disk_is_nearly_full(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not" / "made" / "yet"
    settings.HEALTH_MIN_FREE_MB = 10**12  # more than any disk
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["disk"]["ok"] is False


def test_healthz_is_503_when_the_database_does_not_answer(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.HEALTH_MIN_FREE_MB = 1

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    from django.db import connection

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False


def test_healthz_pings_the_redis_broker_when_one_is_configured(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.HEALTH_MIN_FREE_MB = 1
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False, "kind": "redis"}


@pytest.mark.parametrize("secret", ["password", "SECRET", "postgres://", "127.0.0.1"])
def test_healthz_reveals_no_connection_details(client, db, settings, tmp_path, secret):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_BROKER_URL = "redis://:password@127.0.0.1:1/0"
    text = json.dumps(client.get("/healthz").json())
    assert secret.lower() not in text.lower()
    assert str(tmp_path) not in text


def test_healthz_refuses_a_post(client, db):
    assert client.post("/healthz").status_code == 405
