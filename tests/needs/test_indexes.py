"""The inbox's sorts and filters read an index; on PostgreSQL its text search reads pg_trgm's
trigram index, and on SQLite (no such index) the same search still works."""

import pytest
from django.db import connection
from django.urls import reverse

from synergie.needs.filters import NeedFilterSet
from synergie.needs.models import Need
from tests.factories import NeedFactory

SORT_AND_FILTER_INDEXES = {
    "need_by_last_change": ["updated_at", "id"],
    "need_by_submission": ["submitted_at", "id"],
    "need_by_deadline": ["deadline", "id"],
    "need_by_title": ["title", "id"],
    "need_status_by_change": ["status", "updated_at"],
    "need_institution_by_change": ["institution_id", "updated_at"],
    "need_language_by_change": ["language", "updated_at"],
}


def need_indexes() -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, Need._meta.db_table)


@pytest.mark.django_db
def test_every_sort_of_the_inbox_and_its_usual_filters_have_an_index():
    indexes = need_indexes()
    for name, columns in SORT_AND_FILTER_INDEXES.items():
        assert indexes[name]["index"] and indexes[name]["columns"] == columns


def plan(queryset) -> str:
    """PostgreSQL's plan for `queryset` as if the table were large (no sequential scan)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
@pytest.mark.django_db(transaction=False)
def test_on_postgresql_the_text_search_reads_the_trigram_index():
    assert need_indexes()["need_search_text_trigram"]["type"] == "gin"
    NeedFactory(title="Gestion des cimetières")
    search = NeedFilterSet({"q": "cimetière"}, queryset=Need.objects.all()).qs
    # Unordered: on a tiny table whose statistics other tests left, the planner may rather walk
    # the default sort's index and filter; what is checked is that the search can use the
    # trigram index at all (benchmarks/load.py measures the plan at 200,000 needs).
    assert "need_search_text_trigram" in plan(search.order_by())
    by_deadline = NeedFilterSet({"ordering": "deadline"}, queryset=Need.objects.all()).qs
    assert "need_by_deadline" in plan(by_deadline[:25])


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the embedded database")
@pytest.mark.django_db
def test_on_sqlite_there_is_no_trigram_index_and_the_search_works(client, analyst):
    assert "need_search_text_trigram" not in need_indexes()
    NeedFactory(title="Gestion des cimetières")
    NeedFactory(title="Parkeerbeheer", language="nl")
    client.force_login(analyst)
    page = client.get(reverse("needs:inbox"), {"q": "CIMETIERE"}).content.decode()
    assert "Gestion des cimetières" in page and "Parkeerbeheer" not in page
