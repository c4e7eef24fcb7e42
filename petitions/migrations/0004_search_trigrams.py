"""Trigram indexes for the register's word search (PostgreSQL only; SQLite searches plainly).

`icontains` is `UPPER(col::text) LIKE UPPER('%…%')` on PostgreSQL: each index is on that expression.
"""

from django.db import migrations

COLUMNS = ["reference", "facts", "request"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS petition_{column}_trgm ON petitions_petition "
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS petition_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0003_labels_and_headcount_message")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
