"""What an operator relies on (issue 9, point 18): backup and restore give back the same data,
/healthz tells a live site from a sick one, logs are JSON lines of every change, task and
error, and PostgreSQL cancels a runaway statement."""

import json
import logging
import zipfile
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from synergie.core.logs import JsonFormatter
from synergie.core.models import WorkerHeartbeat
from synergie.core.worker import beat
from synergie.needs.actions import do_update_need
from synergie.needs.models import Need
from tests.factories import NeedFactory
from tests.task_queues import DATABASE_QUEUE


def archive_data(path) -> list:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("data.json"))


@pytest.mark.django_db
def test_a_backup_restored_gives_back_exactly_the_data(tmp_path, contributor):
    need = NeedFactory(institution=contributor.memberships.first().institution,
                       title="Registre des cimetières", status="draft", created_by=contributor)
    do_update_need(need, acting_user=contributor, title="Registre des cimetières (v2)")
    beat("a-worker", timezone.now())
    first = tmp_path / "first.zip"
    call_command("backup", str(first), stdout=open("/dev/null", "w"))
    assert first.stat().st_mode & 0o777 == 0o600  # it holds every confidential need

    # Life goes on after the backup...
    do_update_need(need, acting_user=contributor, title="Changed after the backup")
    NeedFactory(title="Filed after the backup")
    Need.objects.filter(title="Registre des cimetières (v2)").delete()

    call_command("restore", str(first), interactive=False, stdout=open("/dev/null", "w"))

    second = tmp_path / "second.zip"
    call_command("backup", str(second), stdout=open("/dev/null", "w"))
    assert archive_data(first) == archive_data(second)
    assert Need.objects.get(pk=need.pk).title == "Registre des cimetières (v2)"
    assert not Need.objects.filter(title="Filed after the backup").exists()
    # Ids continue after the restored ones (sequences reset on PostgreSQL).
    assert NeedFactory().pk > need.pk
    models = {row["model"] for row in archive_data(first)}
    assert {"needs.need", "audit.auditentry", "accounts.user", "auth.permission"} <= models
    assert "core.workerheartbeat" not in models


@pytest.mark.django_db
def test_an_archive_of_another_schema_or_not_an_archive_changes_nothing(tmp_path):
    need = NeedFactory()
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), stdout=open("/dev/null", "w"))
    with zipfile.ZipFile(archive) as source:
        manifest = json.loads(source.read("manifest.json"))
        data = source.read("data.json")
    manifest["migrations"]["needs"].append("9999_from_the_future")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as target:
        target.writestr("manifest.json", json.dumps(manifest))
        target.writestr("data.json", data)
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip")
    NeedFactory(title="Still here")

    with pytest.raises(CommandError, match="9999_from_the_future"):
        call_command("restore", str(other), interactive=False, stdout=open("/dev/null", "w"))
    with pytest.raises(CommandError, match="Nothing changed"):
        call_command("restore", str(junk), interactive=False, stdout=open("/dev/null", "w"))
    assert Need.objects.filter(title="Still here").exists() and Need.objects.filter(pk=need.pk)


def test_healthz_is_ok_with_a_live_worker_and_503_without(client, settings, db):
    settings.TASKS = DATABASE_QUEUE
    settings.SYNERGIE_WORKER_STALE_SECONDS = 60
    beat("worker-1", timezone.now())

    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["database"]["ok"] and body["worker"]["alive"] == 1
    assert body["index"] == {"ok": True, "pending": 0, "oldest_pending_seconds": 0.0,
                             "needs_not_indexed": 0}

    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=5))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["ok"] is False


def test_healthz_reports_the_index_lag(client, settings, db):
    from synergie.matching.tasks import index_need

    settings.TASKS = DATABASE_QUEUE
    settings.SYNERGIE_HEALTH_MAX_INDEX_LAG_SECONDS = 600
    beat("worker-1", timezone.now())
    need = NeedFactory()  # written without its action: never queued, never indexed
    result = index_need.enqueue(need.pk).db_result
    type(result).objects.filter(pk=result.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=20))

    response = client.get("/healthz")

    assert response.status_code == 503
    index = response.json()["index"]
    assert index["pending"] == 1 and index["needs_not_indexed"] == 1
    assert index["oldest_pending_seconds"] > 1000


def test_each_audited_change_is_one_json_log_line_without_its_values(
        contributor, django_capture_on_commit_callbacks, caplog):
    need = NeedFactory(institution=contributor.memberships.first().institution, status="draft",
                       created_by=contributor)
    with caplog.at_level(logging.INFO, logger="synergie.audit"), \
            django_capture_on_commit_callbacks(execute=True):
        do_update_need(need, acting_user=contributor, title="Secret title")

    [record] = [r for r in caplog.records if r.name == "synergie.audit"]
    line = json.loads(JsonFormatter().format(record))
    assert line["logger"] == "synergie.audit" and line["level"] == "info"
    assert line["object_type"] == "needs.need" and line["object_id"] == str(need.pk)
    assert line["actor_id"] == contributor.pk and "title" in line["fields"]
    assert "Secret title" not in json.dumps(line)


def test_an_error_is_logged_with_its_traceback_as_json():
    logger = logging.getLogger("synergie.test")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logger.makeRecord("synergie.test", logging.ERROR, __file__, 1, "failed", (),
                                   __import__("sys").exc_info(), extra={"task": "x"})
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "error" and line["task"] == "x"
    assert "ValueError: boom" in line["exception"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_cancels_a_statement_running_too_long(db):
    from django.db import OperationalError

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s"
        cursor.execute("SAVEPOINT before_sleep")
        cursor.execute("SET LOCAL statement_timeout = 200")
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(2)")
        cursor.execute("ROLLBACK TO SAVEPOINT before_sleep")
