"""Reports read from a PostgreSQL streaming replica, when there is one (`REPORTING_DATABASE_URL`).

Only the heavy reads that make no change opt in, by running inside `reading()`:
the work summary and dashboard figures, and the exports of whole registers.
Pages, forms, the API and every transaction read the primary, so a user
always sees what she has just written.

A replica replays the primary's changes a moment later. `reading()` first
asks the primary how far its log has got, and waits (up to
`REPLICA_WAIT_SECONDS`) until the replica has replayed that far: what the
block reads then holds every change committed before it began, as a read
of the primary would. The dashboard's figure cache depends on that: figures
computed after a write and kept under the new data version must count the
write. A replica that lags longer, or does not answer, is passed over for
the primary, with a warning in the log, and so are the process's reports for
the next `REPLICA_RETRY_SECONDS`.
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.connection import ConnectionDoesNotExist

log = logging.getLogger(__name__)

REPLICA = "replica"

_reading: ContextVar[bool] = ContextVar("reading_from_replica", default=False)

# After the replica failed a report (down, or too far behind), this process's reports
# read the primary until then (time.monotonic()), rather than each waiting on it again.
_passed_over_until = 0.0


def configured() -> bool:
    try:
        connections[REPLICA]
    except ConnectionDoesNotExist:
        return False
    return True


class ReportingReplicaRouter:
    """Reads inside `reading()` go to the replica; all else, and every write, to the primary."""

    def db_for_read(self, model, **hints):
        if _reading.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return None  # Django's own choice: the instance's database, or the default

    def db_for_write(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db == REPLICA:
            return DEFAULT_DB_ALIAS  # not back where it was read from: the replica takes no writes
        return None

    def allow_relation(self, obj1, obj2, **hints):
        if REPLICA in (obj1._state.db, obj2._state.db):
            return True  # one database, two copies
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None  # it has the primary's tables by replication


@contextmanager
def reading():
    """Run the block's reads on the replica once it holds everything committed until now.

    Without a replica, inside a transaction (which must see its own writes), or
    with a replica that lags more than `REPLICA_WAIT_SECONDS`, the block reads
    the primary, as everything else does.
    """
    if (
        _reading.get()
        or not configured()
        or connections[DEFAULT_DB_ALIAS].in_atomic_block
        or time.monotonic() < _passed_over_until
        or not caught_up()
    ):
        yield
        return
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def forget_failures() -> None:
    """Try the replica again at the next report (the tests; otherwise after REPLICA_RETRY_SECONDS)."""
    global _passed_over_until
    _passed_over_until = 0.0


def _pass_over() -> None:
    global _passed_over_until
    _passed_over_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS


def caught_up() -> bool:
    """Whether the replica has replayed all the primary had written when asked (waiting a little for it).

    When it has not, or does not answer, reports read the primary for the next
    REPLICA_RETRY_SECONDS before trying it again.
    """
    try:
        written = _primary_position()
    except DatabaseError:
        return False  # the primary is the one in trouble; let the caller's own reads say so
    deadline = time.monotonic() + settings.REPLICA_WAIT_SECONDS
    while True:
        try:
            replayed = _replayed(written)
        except DatabaseError as error:
            log.warning("reporting replica unavailable, reading the primary: %s", error)
            connections[REPLICA].close()
            _pass_over()
            return False
        if replayed:
            return True
        if time.monotonic() >= deadline:
            log.warning(
                "reporting replica more than %s s behind the primary (at %s), reading the primary",
                settings.REPLICA_WAIT_SECONDS,
                written,
            )
            _pass_over()
            return False
        time.sleep(0.02)


def lag_bytes() -> int | None:
    """How much of the primary's log the replica has still to replay; None when it does not answer."""
    try:
        written = _primary_position()
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_is_in_recovery()"
                " THEN greatest(pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()), 0) ELSE 0 END",
                [str(written)],
            )
            return int(cursor.fetchone()[0])
    except DatabaseError:
        connections[REPLICA].close()
        return None


def _primary_position():
    # Where the primary's next log record goes: past every commit record, written or not yet
    # (with synchronous_commit off a commit returns before its record is written).
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        return cursor.fetchone()[0]


def _replayed(lsn) -> bool:
    with connections[REPLICA].cursor() as cursor:
        # A server not in recovery is no standby (a promoted replica, or the primary itself): it
        # has every committed change.
        cursor.execute(
            "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
            [str(lsn)],
        )
        return bool(cursor.fetchone()[0])
