"""Databases beside the test database: an empty one of the same engine, and comparing two databases table by table."""

import uuid

import pytest
from django.apps import apps
from django.db import connection, connections

from directory.databases import create_postgres_database, drop_postgres_database, postgres_url


def scratch_name(kind: str) -> str:
    base = connection.settings_dict["NAME"].removeprefix("test_")
    return f"{base}_{kind}_{uuid.uuid4().hex[:8]}"[:60]


@pytest.fixture
def empty_database_url(tmp_path):
    """The URL of a new, empty database of the suite's engine (a file on SQLite), removed afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    config = connection.settings_dict
    name = scratch_name("scratch")
    create_postgres_database(config, name)
    try:
        yield postgres_url(config, name)
    finally:
        drop_postgres_database(config, name)


def table_counts(conn) -> dict[str, int]:
    with conn.cursor() as cursor:
        tables = [t for t in conn.introspection.table_names(cursor) if not t.startswith("sqlite_")]
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def sample_rows(alias: str, per_table: int = 5) -> dict[str, list]:
    """The first and last rows (by primary key) of every model's table, every column."""
    sample = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = model._base_manager.using(alias).order_by("pk")
        fields = [f.attname for f in model._meta.concrete_fields]
        first = list(rows.values_list(*fields)[:per_table])
        last = list(rows.order_by("-pk").values_list(*fields)[:per_table])
        sample[model._meta.db_table] = first + last
    return sample


def assert_same_databases(alias_a: str, alias_b: str):
    counts_a, counts_b = table_counts(connections[alias_a]), table_counts(connections[alias_b])
    assert counts_a == counts_b
    assert sample_rows(alias_a) == sample_rows(alias_b)
    return counts_a
