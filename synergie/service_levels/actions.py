"""Every write of the service levels: mapping a service to a solution, importing an export
(from the command line at once, or uploaded and imported by a worker), audited.

`acting_user` is the person asking; None is the machine's operator (`synergie sla import`, the
demo loader), who needs no role."""

import codecs
from collections.abc import Iterable, Iterator

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from synergie.audit.log import record_change
from synergie.audit.models import AuditAction
from synergie.core.tasks import enqueue_durably
from synergie.service_levels import permissions
from synergie.service_levels.engine.export import ExportError
from synergie.service_levels.importer import ImportOutcome, import_lines
from synergie.service_levels.models import (
    ImportStatus,
    IncidentImport,
    Service,
    UploadChunk,
)

CHUNK_BYTES = 1024 * 1024
# Refused lines listed on the import's page (the command prints every one it kept).
REJECTIONS_STORED = 1000


def _require_manager(acting_user) -> None:
    if acting_user is not None and not permissions.can_manage(acting_user):
        raise PermissionDenied(_("Only the catalogue's managers import incidents and map "
                                 "services."))


@transaction.atomic
def do_map_service(service: Service, solution, *, acting_user) -> Service:
    """Count `service`'s incidents for `solution` (None: for no solution)."""
    _require_manager(acting_user)
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = service.solution_id
    after = solution.pk if solution is not None else None
    if before == after:
        return service
    service.solution_id = after
    service.save(update_fields=["solution"])
    record_change(service, action=AuditAction.UPDATED, acting_user=acting_user,
                  changes={"solution": {"before": before, "after": after}})
    return service


def do_import_incidents(lines: Iterable[str], file_name: str, *,
                        acting_user) -> tuple[IncidentImport, ImportOutcome]:
    """Import an export at once (the command line, the demo). Raises ExportError when the file
    as a whole cannot be read; the import is then recorded as failed."""
    _require_manager(acting_user)
    with transaction.atomic():
        run = IncidentImport.objects.create(file_name=file_name[:255],
                                            status=ImportStatus.RUNNING, created_by=acting_user)
        record_change(run, action=AuditAction.CREATED, acting_user=acting_user)
    return run, _run_import(run, lines)


@transaction.atomic
def do_upload_export(uploaded, *, acting_user) -> IncidentImport:
    """Keep an uploaded export in the database and queue its import (tasks.import_upload)."""
    from synergie.service_levels.tasks import import_upload

    if not permissions.can_manage(acting_user):
        raise PermissionDenied(_("Only the catalogue's managers import incidents and map "
                                 "services."))
    run = IncidentImport.objects.create(file_name=uploaded.name[:255], created_by=acting_user)
    for position, piece in enumerate(uploaded.chunks(CHUNK_BYTES)):
        UploadChunk.objects.create(upload=run, position=position, data=piece)
    record_change(run, action=AuditAction.CREATED, acting_user=acting_user)
    enqueue_durably(import_upload, run.pk)
    return run


def run_upload(run_id: int) -> str:
    """The worker's part: import the uploaded pieces, then drop them."""
    run = IncidentImport.objects.get(pk=run_id)
    if run.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return run.status  # already imported (a task run twice)
    IncidentImport.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING)
    try:
        _run_import(run, uploaded_lines(run))
    except ExportError:
        pass  # recorded on the import by _run_import
    finally:
        UploadChunk.objects.filter(upload=run).delete()
    return IncidentImport.objects.get(pk=run.pk).status


def uploaded_lines(run: IncidentImport) -> Iterator[str]:
    """The uploaded file's text lines, one database piece at a time."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    pending = ""
    positions = UploadChunk.objects.filter(upload=run).order_by("position").values_list(
        "position", flat=True)
    for position in list(positions):
        data = UploadChunk.objects.filter(upload=run, position=position).values_list(
            "data", flat=True).get()
        pending += decoder.decode(bytes(data))
        *complete, pending = pending.split("\n")
        for line in complete:
            yield line + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def _run_import(run: IncidentImport, lines: Iterable[str]) -> ImportOutcome:
    def progress(outcome: ImportOutcome) -> None:
        IncidentImport.objects.filter(pk=run.pk).update(
            lines_read=outcome.lines_read, imported=outcome.imported, updated=outcome.updated,
            rejected_count=outcome.rejected_count)

    try:
        outcome = import_lines(lines, progress=progress)
    except ExportError as error:
        IncidentImport.objects.filter(pk=run.pk).update(
            status=ImportStatus.FAILED, failure={"code": error.code, "params": error.params},
            finished_at=timezone.now())
        raise
    except Exception:
        IncidentImport.objects.filter(pk=run.pk).update(status=ImportStatus.FAILED,
                                                        finished_at=timezone.now())
        raise
    IncidentImport.objects.filter(pk=run.pk).update(
        status=ImportStatus.DONE, lines_read=outcome.lines_read, imported=outcome.imported,
        updated=outcome.updated, rejected_count=outcome.rejected_count,
        rejected=[{"line": error.line, "code": error.code, "params": error.params}
                  for error in outcome.rejected[:REJECTIONS_STORED]],
        finished_at=timezone.now())
    return outcome

