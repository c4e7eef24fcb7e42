"""An office on SQLite moves to PostgreSQL with every row: records, history, access log (its chain verifies), sequences.

The source is the demo city seeded into a SQLite file by the real commands, the
target a new PostgreSQL database made for the test and dropped after it.
Skipped when no PostgreSQL server answers.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from directory.databases import connection_to, create_postgres_database, drop_postgres_database, postgres_url
from tests.ops.conftest import assert_same_databases, scratch_name

pytestmark = pytest.mark.slow
YEAR = "2025"


def _postgres_server() -> dict:
    """The PostgreSQL server to move to: the suite's own, or TEST_POSTGRES_URL (default: local, user postgres)."""
    import environ

    if connection.vendor == "postgresql":
        return dict(connection.settings_dict)
    return environ.Env.db_url_config(os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"))


def _reachable(config) -> bool:
    import psycopg

    try:
        psycopg.connect(
            dbname="postgres",
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError:
        return False
    return True


def manage(*args, database_url: str, media_root: Path, check=True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root), "DEBUG": "true"}
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=check,
    )


@pytest.fixture
def postgres_target():
    config = _postgres_server()
    if not _reachable(config):
        pytest.skip("no PostgreSQL server answers")
    name = scratch_name("move") if connection.vendor == "postgresql" else f"ops_move_{os.getpid()}"
    drop_postgres_database(config, name)
    create_postgres_database(config, name)
    try:
        yield postgres_url(config, name)
    finally:
        drop_postgres_database(config, name)


@pytest.mark.django_db
def test_the_demo_office_moves_from_sqlite_to_postgresql_with_every_row(tmp_path, postgres_target):
    source = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    media = tmp_path / "media"
    manage("migrate", "--noinput", "-v0", database_url=source, media_root=media)
    manage("seed_demo", "--year", YEAR, database_url=source, media_root=media)
    # Some reads, so that the access log has a chain to carry over.
    manage(
        "shell",
        "-c",
        "from directory.privacy import log_access; from directory.models import Person; "
        "from django.contrib.auth.models import User; u = User.objects.get(username='nx_manager'); "
        "[log_access(user=u, action='view', target=p) for p in Person.objects.order_by('pk')[:25]]",
        database_url=source,
        media_root=media,
    )

    moved = manage("move_to_postgres", "--to", postgres_target, database_url=source, media_root=media)
    assert "counts match" in moved.stdout and "chain of 25 rows verifies" in moved.stdout

    with connection_to(source) as sqlite, connection_to(postgres_target) as postgres:
        counts = assert_same_databases(sqlite.alias, postgres.alias)
        assert counts["directory_accesslog"] == 25
        assert counts["petitions_petition"] > 100 and counts["petitions_historicalpetition"] > 100
        # The sequences start after the copied rows: a new row gets a new id.
        with postgres.cursor() as cursor:
            cursor.execute("SELECT MAX(id) FROM petitions_action")
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(pg_get_serial_sequence('petitions_action', 'id'))")
            assert cursor.fetchone()[0] > highest

    assert manage("verify_audit", database_url=postgres_target, media_root=media).returncode == 0
    summary = (
        "work_summary",
        "--unit",
        "440282",
        "--start",
        f"{YEAR}-01-01",
        "--end",
        f"{YEAR}-12-31",
        "--output",
        "-",
    )
    on_sqlite = manage(*summary, database_url=source, media_root=media).stdout
    on_postgres = manage(*summary, database_url=postgres_target, media_root=media).stdout
    assert "南雄市" in on_sqlite and len(on_sqlite) > 1000
    assert on_postgres == on_sqlite

    again = manage("move_to_postgres", "--to", postgres_target, database_url=source, media_root=media, check=False)
    assert again.returncode != 0 and "already holds users" in again.stderr
