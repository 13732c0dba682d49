"""Every write of the needs campaigns, audited. The needs themselves are filed through
`needs.actions.do_create_need` (its permission check, audit entry and indexing)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from synergie.audit.log import diff, record_change, snapshot
from synergie.audit.models import AuditAction
from synergie.campaigns import permissions
from synergie.campaigns.models import AnswerKind, Campaign, CampaignAnswer, PlanUpload, UploadStatus
from synergie.campaigns.plan_import import PlanFileError, check_upload, read_plan
from synergie.needs.actions import do_create_need

AUDITED_FIELDS = ["year", "deadline", "reminder_dates", "message"]


@transaction.atomic
def do_open_campaign(*, year: int, deadline: date, reminder_dates=(), message: str = "",
                     acting_user) -> Campaign:
    if not permissions.can_run(acting_user):
        raise PermissionDenied(_("Only the orchestrator opens a needs campaign."))
    campaign = Campaign(year=year, deadline=deadline, message=(message or "").strip(),
                        reminder_dates=sorted({d.isoformat() for d in reminder_dates}),
                        opened_by=acting_user)
    campaign.full_clean()
    campaign.save()
    record_change(campaign, action=AuditAction.CREATED, acting_user=acting_user,
                  changes=diff({}, snapshot(campaign, AUDITED_FIELDS)))
    return campaign


def _check_answer(campaign: Campaign, institution, acting_user) -> None:
    if not permissions.can_answer(acting_user, institution):
        raise PermissionDenied(_("You cannot answer for this institution."))
    if CampaignAnswer.objects.filter(campaign=campaign, institution=institution,
                                     kind=AnswerKind.NOTHING).exists():
        raise ValidationError(_("This institution said it has nothing to declare for this "
                                "campaign."))


@transaction.atomic
def do_declare_nothing(campaign: Campaign, institution, *, acting_user) -> CampaignAnswer:
    _check_answer(campaign, institution, acting_user)
    if CampaignAnswer.objects.filter(campaign=campaign, institution=institution).exists():
        raise ValidationError(_("This institution has already answered this campaign."))
    answer = CampaignAnswer.objects.create(campaign=campaign, institution=institution,
                                           kind=AnswerKind.NOTHING, answered_by=acting_user)
    record_change(campaign, action=AuditAction.UPDATED, acting_user=acting_user,
                  institution_id=institution.pk,
                  changes={"answer": {"before": None, "after": f"{institution.code}: nothing"}})
    return answer


@transaction.atomic
def do_upload_plan(campaign: Campaign, institution, *, filename: str, content: bytes,
                   acting_user) -> PlanUpload:
    """Keep the file for its preview; nothing of it becomes a need yet."""
    _check_answer(campaign, institution, acting_user)
    try:
        check_upload(filename, len(content))
    except PlanFileError as error:
        raise ValidationError({"file": str(error)}) from error
    return PlanUpload.objects.create(campaign=campaign, institution=institution,
                                     uploaded_by=acting_user, filename=filename[:255],
                                     content=content)


@transaction.atomic
def do_import_plan(upload: PlanUpload, *, acting_user, default_language: str = "fr") -> list:
    """File every need of the previewed plan, or none: any error rolls everything back."""
    upload = PlanUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.uploaded_by_id != acting_user.pk:
        raise PermissionDenied(_("Only who uploaded the plan confirms it."))
    _check_answer(upload.campaign, upload.institution, acting_user)
    if upload.status != UploadStatus.WAITING:
        raise ValidationError(_("This plan has already been imported."))
    reading = read_plan(upload.filename, bytes(upload.content),
                        default_language=default_language)
    if not reading.is_valid:
        raise ValidationError(_("The plan has errors: correct them and upload it again."))
    needs = []
    for line in reading.lines:
        try:
            needs.append(do_create_need(institution=upload.institution, costs=line.costs,
                                        acting_user=acting_user, **line.fields))
        except ValidationError as error:
            messages = "; ".join(error.messages)
            raise ValidationError(_("Line %(line)d: %(errors)s") % {
                "line": line.number, "errors": messages}) from error
    upload.status = UploadStatus.IMPORTED
    upload.content = b""
    upload.save(update_fields=["status", "content"])
    answer, created = CampaignAnswer.objects.get_or_create(
        campaign=upload.campaign, institution=upload.institution,
        defaults={"kind": AnswerKind.IMPORTED, "answered_by": acting_user,
                  "needs_count": len(needs)})
    if not created:
        answer.needs_count += len(needs)
        answer.save(update_fields=["needs_count"])
    record_change(upload.campaign, action=AuditAction.UPDATED, acting_user=acting_user,
                  institution_id=upload.institution_id,
                  changes={"answer": {"before": None, "after":
                                      f"{upload.institution.code}: {len(needs)} needs imported "
                                      f"from {upload.filename}"}})
    return needs
