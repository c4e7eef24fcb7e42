"""Reports read from a streaming replica, and never miss what was committed before they began.

The tests that need a real replica run where REPORTING_DATABASE_URL names one
(`.ci/run` builds it with `.ci/replica.sh`, port 5433); the others need only
PostgreSQL.
"""

import logging
from datetime import date

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from directory import replicas
from directory.periods import Period
from jobs.services import execute
from petitions.models import Petition
from reporting.summary import compute_summary
from tests.petitions.factories import ensure_categories, make_petition

YEAR = Period.year(2025)
TODAY = date(2025, 12, 31)

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="a replica of PostgreSQL")
with_replica = pytest.mark.skipif(
    not replicas.configured(), reason="no REPORTING_DATABASE_URL (.ci/run sets one up with .ci/replica.sh)"
)


@pytest.fixture(autouse=True)
def replica_tried_afresh():
    replicas.forget_failures()  # a test that made the replica fail does not pass it over for the next
    yield
    replicas.forget_failures()


@pytest.fixture
def categories():
    ensure_categories()  # the data migration's rows are gone in a test that commits


def _standby_sql(sql: str):
    with connections[replicas.REPLICA].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@postgres_only
@with_replica
@pytest.mark.django_db(transaction=True, databases=["default", replicas.REPLICA])
def test_the_summary_is_read_on_the_standby_and_counts_a_petition_committed_just_before(
    categories, township_a, handler_a
):
    assert _standby_sql("SELECT pg_is_in_recovery()") is True  # a real standby, not the primary again
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 6, 1))

    with CaptureQueriesContext(connections[replicas.REPLICA]) as on_standby, CaptureQueriesContext(
        connection
    ) as on_primary:
        summary = compute_summary(township_a, YEAR, today=TODAY)

    assert summary.current.petitions.received == 1
    assert len(on_standby) > 10
    assert [q["sql"] for q in on_primary] == ["SELECT pg_current_wal_insert_lsn()"]


@postgres_only
@with_replica
@pytest.mark.django_db(transaction=True, databases=["default", replicas.REPLICA])
def test_a_standby_that_has_fallen_behind_is_passed_over_for_the_primary(
    categories, township_a, handler_a, settings, caplog
):
    settings.REPLICA_WAIT_SECONDS = 0.3
    _standby_sql("SELECT pg_wal_replay_pause()::text")
    try:
        make_petition(unit=township_a, by=handler_a, received_on=date(2025, 6, 1))
        with caplog.at_level(logging.WARNING, logger="directory.replicas"):
            summary = compute_summary(township_a, YEAR, today=TODAY)
    finally:
        _standby_sql("SELECT pg_wal_replay_resume()::text")

    assert summary.current.petitions.received == 1
    assert "more than 0.3 s behind the primary" in caplog.text


@postgres_only
@with_replica
@pytest.mark.django_db(transaction=True, databases=["default", replicas.REPLICA])
def test_the_export_of_a_whole_register_is_read_on_the_standby(
    categories, township_a, handler_a, client_for, settings, monkeypatch
):
    settings.JOBS_EXPORT_DIRECT_MAX_ROWS = 1
    refs = sorted(make_petition(unit=township_a, by=handler_a).reference for _ in range(3))
    started = []
    monkeypatch.setattr("jobs.services.dispatch", started.append)  # run below, in this thread
    client = client_for(handler_a)
    assert client.get("/petitions/export/csv/").status_code == 302

    with CaptureQueriesContext(connections[replicas.REPLICA]) as on_standby:
        execute(started[0])

    assert any('FROM "petitions_petition"' in q["sql"] for q in on_standby)
    body = b"".join(client.get(f"/jobs/{started[0]}/download/").streaming_content).decode("utf-8-sig")
    assert sorted(line.split(",")[0] for line in body.splitlines()[1:]) == refs


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_a_report_reads_the_primary_and_sees_its_own_writes(
    categories, township_a, handler_a, unreachable_replica
):
    with transaction.atomic():
        make_petition(unit=township_a, by=handler_a, received_on=date(2025, 6, 1))
        with replicas.reading():
            assert Petition.objects.within(township_a).count() == 1


@postgres_only
@with_replica
@pytest.mark.django_db(transaction=True, databases=["default", replicas.REPLICA])
def test_healthz_says_how_far_behind_the_replica_is(client, settings, tmp_path):
    settings.MEDIA_ROOT, settings.HEALTH_MIN_FREE_MB = tmp_path, 1
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["checks"]["replica"]["ok"] is True and 0 <= body["checks"]["replica"]["lag_bytes"] < 16 * 1024 * 1024


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_healthz_reports_a_replica_that_does_not_answer_but_stays_ok(client, settings, tmp_path, unreachable_replica):
    settings.MEDIA_ROOT, settings.HEALTH_MIN_FREE_MB = tmp_path, 1
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["replica"] == {"ok": False, "lag_bytes": None, "required": False}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_replica_that_does_not_answer_is_passed_over_and_not_waited_on_again(
    categories, township_a, handler_a, unreachable_replica, caplog
):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 6, 1))
    with caplog.at_level(logging.WARNING, logger="directory.replicas"):
        for _ in range(3):
            with CaptureQueriesContext(connection) as on_primary:
                summary = compute_summary(township_a, YEAR, today=TODAY)
            assert summary.current.petitions.received == 1
    assert caplog.text.count("reporting replica unavailable") == 1
    assert "pg_current_wal_insert_lsn" not in on_primary[0]["sql"]  # not even asked where the log stands


def test_without_a_replica_reports_read_the_primary(db, settings):
    if replicas.configured():
        pytest.skip("a replica is configured here")
    with replicas.reading():
        assert Petition.objects.all().db == "default"


@pytest.fixture
def unreachable_replica():
    """The replica's connection pointed at a port where nothing listens.

    Made as `directory.databases.connection_to` makes its connections: listed only
    while the connection object is made, so that the test case lets it connect.
    """
    before = connections.settings.get(replicas.REPLICA)
    if hasattr(connections._connections, replicas.REPLICA):
        connections[replicas.REPLICA].close()
        delattr(connections._connections, replicas.REPLICA)
    config = {**connections.settings["default"], "HOST": "127.0.0.1", "PORT": 1, "NAME": "nowhere"}
    config["OPTIONS"] = {**config.get("OPTIONS", {}), "connect_timeout": 2}
    connections.settings[replicas.REPLICA] = config
    connections[replicas.REPLICA]
    del connections.settings[replicas.REPLICA]
    yield
    connections[replicas.REPLICA].close()
    delattr(connections._connections, replicas.REPLICA)
    if before is not None:
        connections.settings[replicas.REPLICA] = before
