"""Move an office from the embedded SQLite database to PostgreSQL, every row kept.

1. The source must be fully migrated; the target must be an empty PostgreSQL
   database (one that holds no user, unless `force`).
2. The target is migrated to the same state by `manage.py migrate` in a child
   process (so that post-migrate handlers, which write through the default
   connection, work on the target and never on the source), which also
   installs the append-only triggers.
3. In one transaction on the target: every table the migrations filled
   (content types, permissions, groups, seeded categories …) is emptied with
   TRUNCATE, then every row of every model's table — records, the change
   history (simple-history), the access log and its chain head, sessions,
   sign-in attempts — is copied with its primary key, values converted field by
   field as the ORM would, but inserted as they are (no `auto_now`, no
   signals, no new history). The append-only triggers refuse only UPDATE and
   DELETE of single rows; TRUNCATE and INSERT pass, so they stay on throughout.
   Foreign keys are checked at commit (Django makes them DEFERRABLE INITIALLY
   DEFERRED on PostgreSQL), so the order of tables does not matter.
4. The sequences are reset past the highest id of each table.
5. Every table's row count is compared, and the access log's HMAC chain is
   verified on the target (`verify_audit`).
"""

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from .audit import verify
from .databases import connection_to, user_tables

BATCH = 2000


class MoveError(Exception):
    """The move cannot be made (nothing was written to the target), or its check failed."""


@dataclass
class MoveReport:
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows copied
    audit_rows: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copied_models():
    """Every model with a table of its own: records, m2m tables, history tables, contrib apps."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _check_source(source) -> None:
    executor = MigrationExecutor(source)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise MoveError("The source database has unapplied migrations: run manage.py migrate first.")


def _check_target_is_empty(target, force: bool) -> None:
    if target.vendor != "postgresql":
        raise MoveError(f"The target is {target.vendor}, not PostgreSQL.")
    tables = user_tables(target)
    user_table = apps.get_model(settings.AUTH_USER_MODEL)._meta.db_table
    if user_table in tables and not force:
        with target.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {target.ops.quote_name(user_table)})")
            if cursor.fetchone()[0]:
                raise MoveError(
                    "The target database already holds users: move into a new, empty database "
                    "(createdb), or pass --force to replace everything it holds."
                )


def _migrate_target(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "migrate", "--noinput", "-v0"],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise MoveError(f"Migrating the target failed: {done.stderr.strip()[-2000:]}")


def _copy_table(model, source, target) -> int:
    fields = model._meta.concrete_fields
    columns = ", ".join(target.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    insert = f"INSERT INTO {target.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    rows = model._base_manager.using(source.alias).order_by("pk").values_list(*[f.attname for f in fields])
    count, batch = 0, []
    with target.cursor() as cursor:
        for row in rows.iterator(chunk_size=BATCH):
            batch.append([f.get_db_prep_save(value, connection=target) for f, value in zip(fields, row, strict=True)])
            if len(batch) >= BATCH:
                cursor.executemany(insert, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(insert, batch)
            count += len(batch)
    return count


def _count(connection, table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def move_database(
    *, to: str, source_alias: str = DEFAULT_DB_ALIAS, force: bool = False, log: Callable[[str], None] = lambda _: None
) -> MoveReport:
    """Copy every row of the source database into the empty PostgreSQL database at `to`, then check the copy."""
    source = connections[source_alias]
    _check_source(source)
    with connection_to(to) as target:
        _check_target_is_empty(target, force)
    log("Migrating the target …")
    _migrate_target(to)
    models = copied_models()
    report = MoveReport()
    with connection_to(to) as target:
        tables = [m._meta.db_table for m in models]
        missing = sorted(set(tables) - set(user_tables(target)))
        if missing:
            raise MoveError(f"The target has no table for {missing}.")
        with transaction.atomic(using=target.alias):
            with target.cursor() as cursor:
                cursor.execute(
                    f"TRUNCATE {', '.join(target.ops.quote_name(t) for t in tables)} RESTART IDENTITY CASCADE"
                )
            for model in models:
                report.rows[model._meta.db_table] = _copy_table(model, source, target)
                if report.rows[model._meta.db_table]:
                    log(f"  {model._meta.db_table}: {report.rows[model._meta.db_table]} rows")
            with target.cursor() as cursor:
                for statement in target.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        log("Checking the copy …")
        different = {
            table: (_count(source, table), _count(target, table))
            for table in tables
            if _count(source, table) != _count(target, table)
        }
        if different:
            raise MoveError(f"Row counts differ after the move (source, target): {different}")
        breaks = list(verify(using=target.alias))
        if breaks:
            raise MoveError(f"The access log's chain does not verify on the target: {breaks[:3]}")
        report.audit_rows = report.rows.get(apps.get_model("directory", "AccessLog")._meta.db_table, 0)
    return report
