"""The access log is a tamper-evident, append-only trail (等保 2.0 level 3, 安全审计)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from directory.audit import verify
from directory.models import AccessLog
from directory.privacy import log_access
from tests.factories import PersonFactory

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")


def tamper(sql, params=()):
    """What someone with raw database access would do; on PostgreSQL they must first switch the triggers off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def three_reads(clerk_a, township_a):
    people = PersonFactory.create_batch(3, org_unit=township_a)
    return [log_access(user=clerk_a, action="view", target=person) for person in people]


def test_each_row_is_chained_onto_the_one_before(three_reads):
    first, second, third = three_reads
    assert second.prev_hash == first.row_hash and third.prev_hash == second.row_hash
    assert list(verify()) == []


def test_verify_audit_says_an_untouched_log_is_intact(three_reads):
    out = mock.Mock()
    call_command("verify_audit", stdout=out)
    assert "3 rows verified" in out.write.call_args[0][0]


def test_verify_audit_names_a_row_whose_content_was_changed(three_reads):
    tamper("UPDATE directory_accesslog SET target_label = %s WHERE id = %s", ["别人", three_reads[1].id])
    err = mock.Mock()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit", stderr=err)
    assert f"row {three_reads[1].id}: its content was changed" in err.write.call_args_list[0][0][0]


def test_verify_audit_notices_a_removed_row(three_reads):
    tamper("DELETE FROM directory_accesslog WHERE id = %s", [three_reads[1].id])
    breaks = list(verify())
    assert [(b.row_id, b.reason) for b in breaks] == [(three_reads[2].id, "a row before it was removed or inserted")]


def test_verify_audit_notices_the_newest_row_removed(three_reads):
    tamper("DELETE FROM directory_accesslog WHERE id = %s", [three_reads[2].id])
    assert [b.reason for b in verify()] == ["the newest rows were removed"]


def test_a_rebuilt_chain_without_the_key_does_not_verify(three_reads):
    # Whoever rewrites a row and recomputes its digest with another key is still found.
    from directory import audit

    row = AccessLog.objects.get(pk=three_reads[2].pk)
    row.target_label = "别人"
    with override_settings(AUDIT_HMAC_KEY="a key the attacker guessed"):
        forged = audit.row_digest(row, row.prev_hash)
    tamper("UPDATE directory_accesslog SET target_label = %s, row_hash = %s WHERE id = %s", ["别人", forged, row.id])
    assert [b.row_id for b in verify()][0] == row.id


@on_postgres
def test_the_database_refuses_to_change_an_access_log_row(three_reads):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=three_reads[0].pk).update(target_label="别人")


@on_postgres
def test_the_database_refuses_to_delete_an_access_log_row(three_reads):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLog.objects.filter(pk=three_reads[0].pk).delete()


@on_postgres
def test_the_database_refuses_to_change_a_change_history_row(township_a):
    person = PersonFactory(org_unit=township_a)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        person.history.update(full_name="别人")


def _read_long_ago(user, person, days):
    with mock.patch("directory.audit.timezone.now", return_value=timezone.now() - timedelta(days=days)):
        return log_access(user=user, action="view", target=person)


def test_purge_refuses_rows_younger_than_six_months(three_reads, clerk_a):
    with pytest.raises(CommandError, match="kept at least until"):
        call_command(
            "purge_audit", "--before", (timezone.localdate() - timedelta(days=100)).isoformat(), "--by", "clerk_a"
        )
    assert AccessLog.objects.count() == 3


@override_settings(AUDIT_RETENTION_DAYS=30)
def test_a_retention_shorter_than_six_months_is_not_honoured(three_reads, clerk_a):
    with pytest.raises(CommandError):
        call_command(
            "purge_audit", "--before", (timezone.localdate() - timedelta(days=60)).isoformat(), "--by", "clerk_a"
        )


def test_purge_removes_old_rows_and_the_rest_still_verifies(clerk_a, township_a):
    person = PersonFactory(org_unit=township_a)
    old = [_read_long_ago(clerk_a, person, days) for days in (400, 390)]
    recent = log_access(user=clerk_a, action="view", target=person)
    call_command("purge_audit", "--before", (timezone.localdate() - timedelta(days=200)).isoformat(), "--by", "clerk_a")
    left = list(AccessLog.objects.order_by("id"))
    assert [row.id for row in left][0] == recent.id and all(row.id not in {o.id for o in old} for row in left)
    purge_row = left[-1]
    assert purge_row.action == "purge" and purge_row.detail["rows"] == 2
    assert list(verify()) == []


def test_check_deploy_warns_when_the_audit_key_is_unset():
    with override_settings(AUDIT_HMAC_KEY=""):
        assert "directory.W001" in [m.id for m in run_checks(include_deployment_checks=True)]
    with override_settings(AUDIT_HMAC_KEY="x" * 50):
        assert "directory.W001" not in [m.id for m in run_checks(include_deployment_checks=True)]


def test_no_one_can_delete_an_account_in_the_admin(client, township_a, clerk_a):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(root)
    response = client.get(f"/admin/auth/user/{clerk_a.pk}/delete/")
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=clerk_a.pk).exists()
