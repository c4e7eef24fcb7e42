"""The access log as a tamper-evident, append-only trail (等保 2.0 level 3: 安全审计).

Each row carries the HMAC of its own content and of the row before it, so a
row changed, removed or slipped in anywhere breaks the chain, and
`manage.py verify_audit` names the first row where it breaks. The key comes
from the environment (``AUDIT_HMAC_KEY``), so someone who can write to the
database but does not hold the key cannot rebuild a valid chain.

Rows are chained in the order they are written: one head row
(`AuditChainHead`) is locked while a row is appended, so two writers never
chain onto the same predecessor. On PostgreSQL a trigger refuses every UPDATE
and every DELETE of the access log and of the change-history tables, except a
purge of rows past the retention period (`purge_audit`, which the trigger
only lets through when the session says so).
"""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import AccessLog, AuditChainHead

GENESIS = ""
# GB/T 22239-2019 asks for audit records kept at least six months.
MINIMUM_RETENTION_DAYS = 183


def _key() -> bytes:
    return (getattr(settings, "AUDIT_HMAC_KEY", "") or settings.SECRET_KEY).encode()


def row_digest(row: AccessLog, prev_hash: str) -> str:
    """The HMAC-SHA256 of one row's content and its predecessor's digest."""
    content = {
        "prev": prev_hash,
        "user": row.user_id,
        "at": row.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "action": row.action,
        "content_type": row.content_type_id,
        "object_id": row.object_id,
        "target_label": row.target_label,
        "detail": row.detail,
        "ip_address": row.ip_address,
    }
    message = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


@transaction.atomic(savepoint=False)  # inside a caller's transaction, no savepoint of its own
def append(**fields) -> AccessLog:
    """Write one access-log row chained onto the last one."""
    head = AuditChainHead.objects.select_for_update().get_or_create(pk=1)[0]
    row = AccessLog(at=timezone.now(), prev_hash=head.last_hash, **fields)
    row.row_hash = row_digest(row, head.last_hash)
    row.save(force_insert=True)
    AuditChainHead.objects.filter(pk=1).update(last_hash=row.row_hash)
    return row


@dataclass(frozen=True)
class Break:
    row_id: int
    reason: str


def verify(rows=None, *, using: str = "default") -> Iterator[Break]:
    """Walk the chain in the order it was written; yield each place it breaks.

    The oldest row left may chain onto a digest that a purge removed: that is
    accepted only where a purge row recorded that digest as its anchor.
    `using` names another database (the move to PostgreSQL checks its copy).
    """
    rows = AccessLog.objects.using(using).order_by("id") if rows is None else rows
    anchors = {
        detail.get("anchor")
        for detail in AccessLog.objects.using(using)
        .filter(action=AccessLog.Action.PURGE)
        .values_list("detail", flat=True)
    }
    expected = None
    for row in rows.iterator(chunk_size=2000):
        if expected is None:
            if row.prev_hash != GENESIS and row.prev_hash not in anchors:
                yield Break(row.id, "the rows before it are missing")
        elif row.prev_hash != expected:
            yield Break(row.id, "a row before it was removed or inserted")
        if row_digest(row, row.prev_hash) != row.row_hash:
            yield Break(row.id, "its content was changed")
        expected = row.row_hash
    head = AuditChainHead.objects.using(using).filter(pk=1).values_list("last_hash", flat=True).first()
    if expected is not None and head is not None and head != expected:
        yield Break(0, "the newest rows were removed")


def retention_days() -> int:
    return max(getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS), MINIMUM_RETENTION_DAYS)


class TooRecent(ValueError):
    pass


@transaction.atomic
def purge(*, before, by) -> int:
    """Remove access-log rows older than `before`, never younger than the retention period."""
    limit = timezone.now() - timedelta(days=retention_days())
    if before > limit:
        raise TooRecent(limit)
    doomed = AccessLog.objects.filter(at__lt=before).exclude(action=AccessLog.Action.PURGE)
    last = doomed.order_by("-id").values_list("row_hash", flat=True).first()
    if last is None:
        return 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL rights_office.purge = 'on'")
    count, _ = doomed.delete()
    append(
        user=by,
        action=AccessLog.Action.PURGE,
        target_label=f"< {before:%Y-%m-%d}",
        detail={"before": before.isoformat(), "rows": count, "anchor": last},
    )
    return count


# PostgreSQL: the trail is append-only below the application. The function
# takes the table's time column and the retention in days; a DELETE passes
# only inside a purge (which sets rights_office.purge for its transaction) and
# only for rows past the retention period.
_APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION rights_office_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('rights_office.purge', true) = 'on'
       AND (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz < now() - make_interval(days => TG_ARGV[1]::int) THEN
        RETURN OLD;
    END IF;
    -- rotate_field_keys (directory.encryption) re-encrypts a history row: only the
    -- encrypted columns named in TG_ARGV[2] may change, nothing else.
    IF TG_OP = 'UPDATE'
       AND current_setting('rights_office.reencrypt', true) = 'on'
       AND to_jsonb(NEW) - string_to_array(TG_ARGV[2], ',') = to_jsonb(OLD) - string_to_array(TG_ARGV[2], ',') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'rights_office: % is append-only; % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


def audit_tables():
    """(table, time column, encrypted columns) of every audit table: the access log and each change history."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    from .encryption import EncryptedCharField

    yield AccessLog._meta.db_table, "at", ""
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) and not model._meta.proxy:
            encrypted = [f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
            yield model._meta.db_table, "history_date", ",".join(encrypted)


def install_append_only_triggers(using="default", **kwargs):
    """(Re)create the append-only triggers; run after every migrate (idempotent)."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    qn = conn.ops.quote_name
    with conn.cursor() as cursor:
        cursor.execute(_APPEND_ONLY_FUNCTION)
        for table, column, encrypted in audit_tables():
            cursor.execute(f"DROP TRIGGER IF EXISTS append_only ON {qn(table)}")
            cursor.execute(
                f"CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON {qn(table)} FOR EACH ROW "
                f"EXECUTE FUNCTION rights_office_append_only('{column}', '{retention_days()}', '{encrypted}')"
            )
