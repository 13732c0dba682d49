"""An uploaded export is imported in the background; its page shows the lines read so far."""

from django_tasks import task

from synergie.service_levels.actions import run_upload


@task()
def import_upload(run_id: int) -> str:
    return run_upload(run_id)
