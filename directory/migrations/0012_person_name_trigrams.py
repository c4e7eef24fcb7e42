"""A trigram index for finding people by a fragment of their name (PostgreSQL only)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_full_name_trgm ON directory_person "
        'USING gin (UPPER("full_name"::text) gin_trgm_ops)'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_full_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0011_id_number_unique_by_hash")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
