"""An index of the characters and pairs of characters of people's names (PostgreSQL only).

Trigrams (0012) cannot find a one- or two-character fragment such as 王秀: this GIN
index on `directory_name_grams(full_name)` can (`PersonQuerySet.search`, `NameGrams`).
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION directory_name_grams(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(upper(name), i, n)), '{}')
  FROM generate_series(1, char_length(name)) AS i, (VALUES (1), (2)) AS v(n)
  WHERE i + n - 1 <= char_length(name)
$$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_name_grams ON directory_person "
        'USING gin (directory_name_grams("full_name"::text))'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_grams")
        schema_editor.execute("DROP FUNCTION IF EXISTS directory_name_grams(text)")


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_person_name_trigrams")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
