"""PostgreSQL: a trigram index for the list's free-text search (see qarargah.resolutions.search).

SQLite's index is an FTS5 table created after every migrate instead; this migration does
nothing there.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS resolution_text_trgm ON resolutions_resolution USING gin (text_key gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS resolution_text_trgm")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0004_resolution_scope_copies")]

    operations = [migrations.RunPython(create, drop)]
