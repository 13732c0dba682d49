"""A trigram index for the inbox's text search on PostgreSQL.

The search asks `search_text LIKE '%word%'` (needs.filters), which no B-tree can answer: without
this index every search reads the whole table. pg_trgm's GIN index answers it. SQLite has no
such index (and the embedded database is small): there this migration does nothing, and so it
does when the extension cannot be created (a database user without the right to): the search
then still works, reading the whole table, and the log says why."""

import logging

from django.db import migrations, transaction

INDEX = "need_search_text_trigram"
logger = logging.getLogger("synergie.migrations")


def create_trigram_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = apps.get_model("needs", "Need")._meta.db_table
    try:
        with transaction.atomic(using=connection.alias):  # a refusal leaves the migration whole
            with connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # noqa: BLE001 - any refusal: the search works without the index
        logger.warning("pg_trgm could not be created (%s): the inbox search reads the whole "
                       "needs table. Ask the database administrator to run CREATE EXTENSION "
                       "pg_trgm, then `synergie migrate needs 0003` and `synergie migrate`.",
                       error)
        return
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE INDEX IF NOT EXISTS {INDEX} ON "{table}" '
                       f"USING gin (search_text gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("needs", "0003_inbox_sort_and_filter_indexes")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False)]
