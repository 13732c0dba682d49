"""The needs campaign's pages: open and follow (orchestrator), answer (each institution)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.campaigns import actions, permissions
from synergie.campaigns.follow import follow
from synergie.campaigns.forms import CampaignForm, NothingForm, UploadForm
from synergie.campaigns.models import Campaign, PlanUpload, UploadStatus
from synergie.campaigns.plan_import import (
    COLUMNS,
    TEMPLATE_LANGUAGES,
    read_plan,
    template_csv,
    template_xlsx,
)
from synergie.institutions.models import Institution


def _answering_institutions(user):
    held = permissions.answering_institution_ids(user)
    institutions = Institution.objects.filter(is_active=True)
    return institutions if held is None else institutions.filter(pk__in=held)


@login_required
def campaign_list(request):
    if not permissions.can_view_list(request.user):
        raise PermissionDenied
    return render(request, "campaigns/list.html", {
        "campaigns": Campaign.objects.all(),
        "can_run": permissions.can_run(request.user),
        "can_answer": permissions.can_answer(request.user),
        "today": timezone.localdate(),
    })


@login_required
def create(request):
    if not permissions.can_run(request.user):
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.do_open_campaign(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.messages}).items():
                for item in errors:
                    form.add_error(field if field in form.fields else None, item)
        else:
            messages.success(request, _("Campaign opened."))
            return redirect(campaign)
    return render(request, "campaigns/create.html", {"form": form})


@login_required
def detail(request, pk: int):
    if not permissions.can_run(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, pk=pk)
    rows = follow(campaign)
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "rows": rows,
        "answered": sum(1 for row in rows if row.answered),
        "today": timezone.localdate().isoformat(),
    })


def _answer_context(request, campaign, upload_form=None, nothing_form=None):
    institutions = _answering_institutions(request.user)
    return {
        "campaign": campaign,
        "upload_form": upload_form or UploadForm(institutions=institutions),
        "nothing_form": nothing_form or NothingForm(institutions=institutions,
                                                    prefix="nothing"),
        "template_languages": TEMPLATE_LANGUAGES,
        "columns": COLUMNS,
        "answers": campaign.answers.filter(institution__in=institutions).select_related(
            "institution"),
    }


@login_required
def answer(request, pk: int):
    if not permissions.can_answer(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, pk=pk)
    upload_form = None
    if request.method == "POST":
        upload_form = UploadForm(request.POST, request.FILES,
                                 institutions=_answering_institutions(request.user))
        if upload_form.is_valid():
            uploaded = upload_form.cleaned_data["file"]
            try:
                if uploaded.size > 10 * 1024 * 1024:
                    raise ValidationError({"file": _("The file is larger than 10 MB.")})
                upload = actions.do_upload_plan(
                    campaign, upload_form.cleaned_data["institution"], filename=uploaded.name,
                    content=uploaded.read(), acting_user=request.user)
            except ValidationError as error:
                for field, errors in getattr(error, "error_dict",
                                             {None: error.messages}).items():
                    for item in errors:
                        upload_form.add_error(field if field in upload_form.fields else None,
                                              item)
            else:
                return redirect("campaigns:preview", pk=campaign.pk, upload=upload.pk)
    return render(request, "campaigns/answer.html",
                  _answer_context(request, campaign, upload_form=upload_form))


@login_required
@require_POST
def nothing(request, pk: int):
    if not permissions.can_answer(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, pk=pk)
    form = NothingForm(request.POST, institutions=_answering_institutions(request.user),
                       prefix="nothing")
    if form.is_valid():
        try:
            actions.do_declare_nothing(campaign, form.cleaned_data["institution"],
                                       acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer is recorded: nothing to declare."))
            return redirect("campaigns:answer", pk=campaign.pk)
    return render(request, "campaigns/answer.html",
                  _answer_context(request, campaign, nothing_form=form), status=400)


@login_required
def preview(request, pk: int, upload: int):
    if not permissions.can_answer(request.user):
        raise PermissionDenied
    upload = get_object_or_404(PlanUpload.objects.select_related("campaign", "institution"),
                               pk=upload, campaign_id=pk)
    if upload.uploaded_by_id != request.user.pk:
        raise Http404
    if upload.status != UploadStatus.WAITING:
        messages.info(request, _("This plan has already been imported."))
        return redirect("campaigns:answer", pk=pk)
    language = get_language()[:2]
    problem = None
    if request.method == "POST":
        try:
            needs = actions.do_import_plan(upload, acting_user=request.user,
                                           default_language=language)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, _("%(count)d needs imported as drafts: submit them from "
                                        "your needs when they are ready.") % {
                                            "count": len(needs)})
            return redirect("campaigns:answer", pk=pk)
    reading = read_plan(upload.filename, bytes(upload.content), default_language=language)
    return render(request, "campaigns/preview.html", {
        "campaign": upload.campaign, "upload": upload, "reading": reading,
        "problem": problem,
    }, status=400 if problem else 200)


@login_required
def template(request, language: str, fmt: str):
    if not permissions.can_view_list(request.user) or language not in TEMPLATE_LANGUAGES:
        raise Http404 if permissions.can_view_list(request.user) else PermissionDenied
    if fmt == "csv":
        response = HttpResponse(template_csv(language), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            template_xlsx(language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="plan-{language}.{fmt}"'
    return response
