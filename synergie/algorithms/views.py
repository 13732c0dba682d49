"""The register's pages: the public list, page and CSV of published entries, feedback; the
institutions' describing and the reviewers' workflow and moderation."""

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.accounts.throttling import client_ip
from synergie.algorithms import actions, permissions, standard
from synergie.algorithms.filters import AlgorithmFilterSet
from synergie.algorithms.forms import AlgorithmForm, FeedbackForm, TransitionForm
from synergie.algorithms.labels import FIELDS, label_of
from synergie.algorithms.models import Algorithm, AlgorithmStatus, Feedback, FeedbackStatus
from synergie.audit.log import history_of
from synergie.core.pagination import CappedPaginator

PAGE_SIZE = 50
# The language of the page a description is written on → the standard's language code.
ENTRY_LANGUAGES = {"fr": "fra", "nl": "nld", "en": "eng"}
TRANSITION_LABELS = {
    "submit": gettext_lazy("Send for review"),
    "publish": gettext_lazy("Publish"),
    "return": gettext_lazy("Send back to the institution"),
    "revise": gettext_lazy("Take back to draft to revise"),
    "confirm": gettext_lazy("Confirm it is still accurate"),
    "archive": gettext_lazy("Archive"),
    "restore": gettext_lazy("Restore as a draft"),
}
DONE = {
    "submit": gettext_lazy("Sent for review."),
    "publish": gettext_lazy("Published."),
    "return": gettext_lazy("Sent back to the institution."),
    "revise": gettext_lazy("Back to draft: it is no longer public until published again."),
    "confirm": gettext_lazy("Confirmed as still accurate."),
    "archive": gettext_lazy("Archived."),
    "restore": gettext_lazy("Restored as a draft."),
}


def _filtered(request):
    staff = permissions.sees_unpublished(request.user)
    base = permissions.visible_algorithms(request.user) if staff else \
        Algorithm.objects.published().select_related("institution")
    filterset = AlgorithmFilterSet(request.GET or None, queryset=base, staff=staff)
    shown = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    return filterset, shown, staff


def algorithm_list(request):
    filterset, shown, staff = _filtered(request)
    page = CappedPaginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "algorithms/list.html", {
        "filterset": filterset, "page": page, "staff": staff,
        "can_describe": permissions.can_describe_any(request.user),
        "can_moderate": permissions.can_moderate(request.user),
        "pending_feedback": Feedback.objects.filter(status=FeedbackStatus.PENDING).count()
        if permissions.can_moderate(request.user) else 0,
        "query": _query_without_page(request),
    })


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def download_csv(request):
    """The published entries (filtered as the list), one column per field of the standard."""
    request_get = request.GET.copy()
    request_get.pop("status", None)
    filterset = AlgorithmFilterSet(request_get or None,
                                   queryset=Algorithm.objects.published(), staff=False)
    shown = filterset.qs if filterset.is_bound and filterset.is_valid() else \
        Algorithm.objects.published()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(standard.FIELD_NAMES)
    for algorithm in shown.order_by("position", "pk"):
        values = standard.view(algorithm.entry)
        writer.writerow([", ".join(values[name]) if name == "theme" else values[name]
                         for name in standard.FIELD_NAMES])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="algorithm-register.csv"'
    return response


def download_json(request):
    """The published entries in the standard's JSON, as `synergie register export` writes."""
    text = json.dumps(actions.export_register(Algorithm.objects.published()),
                      ensure_ascii=False, indent=2)
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="algorithm-register.json"'
    return response


def _readable(algorithm):
    values = standard.view(algorithm.entry)
    rows = []
    for name in standard.FIELD_NAMES:
        value = ", ".join(values[name]) if name == "theme" else values[name]
        rows.append({"name": name, "label": FIELDS[name][0], "value": value,
                     "long": FIELDS[name][2], "link": name.endswith("link")
                     and value.startswith(("http://", "https://"))})
    others = [{"name": path, "label": label_of(path),
               "value": "" if value is None else (value if isinstance(value, str)
                                                  else json.dumps(value, ensure_ascii=False))}
              for path, value in standard.other_fields(algorithm.entry)]
    return rows, others


def detail(request, pk: int):
    algorithm = get_object_or_404(Algorithm.objects.select_related("institution"), pk=pk)
    user = request.user
    if not permissions.can_read(user, algorithm):
        if not user.is_authenticated:
            raise PermissionDenied
        raise Http404
    rows, others = _readable(algorithm)
    reviewer = permissions.can_review(user, algorithm)
    describer = permissions.can_describe_for(user, algorithm)
    context = {
        "algorithm": algorithm, "rows": rows, "others": others,
        "entry_language": standard.page_language(algorithm.entry),
        "versions": algorithm.versions.all(),
        "feedback": algorithm.feedback.filter(status=FeedbackStatus.PUBLISHED),
        "pending": algorithm.feedback.filter(status=FeedbackStatus.PENDING)
        if reviewer else None,
        "can_edit": permissions.can_edit(user, algorithm),
        "transitions": [(name, TRANSITION_LABELS[name])
                        for name in permissions.transitions_for(user, algorithm)],
        "missing": [FIELDS[name][0] for name in standard.missing(algorithm.entry)]
        if reviewer or describer else [],
        "history": history_of(algorithm) if reviewer or describer else None,
    }
    if algorithm.status == AlgorithmStatus.PUBLISHED:
        context["feedback_form"] = FeedbackForm()
    return render(request, "algorithms/detail.html", context)


@login_required
def create(request):
    if not permissions.can_describe_any(request.user):
        raise PermissionDenied
    form = AlgorithmForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            algorithm = actions.do_describe_algorithm(
                acting_user=request.user, institution=form.cleaned_data["institution"],
                values=form.values(), risk_category=form.cleaned_data["risk_category"],
                language=ENTRY_LANGUAGES.get(get_language(), standard.LANGUAGE))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Draft saved. Send it for review when it is complete."))
            return redirect(algorithm)
    return render(request, "algorithms/edit.html", {"form": form})


@login_required
def edit(request, pk: int):
    algorithm = get_object_or_404(Algorithm, pk=pk)
    if not permissions.can_edit(request.user, algorithm):
        raise PermissionDenied
    form = AlgorithmForm(request.POST or None, user=request.user, algorithm=algorithm)
    if request.method == "POST" and form.is_valid():
        try:
            algorithm = actions.do_change_algorithm(
                algorithm, acting_user=request.user, values=form.values(),
                risk_category=form.cleaned_data["risk_category"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(algorithm)
    return render(request, "algorithms/edit.html", {"form": form, "algorithm": algorithm})


@require_POST
@login_required
def transition(request, pk: int, name: str):
    algorithm = get_object_or_404(Algorithm, pk=pk)
    if name not in permissions.TRANSITIONS:
        raise Http404
    if not permissions.can_transition(request.user, algorithm, name):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    form.is_valid()
    try:
        actions.do_transition_algorithm(algorithm, name, acting_user=request.user,
                                        comment=form.cleaned_data.get("comment", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, DONE[name])
    return redirect(algorithm)


@require_POST
def leave_feedback(request, pk: int):
    algorithm = get_object_or_404(Algorithm, pk=pk, status=AlgorithmStatus.PUBLISHED)
    form = FeedbackForm(request.POST)
    if form.is_robot():
        # Said as to a person, stored nowhere.
        messages.success(request, _("Thank you: your message will be shown once a moderator "
                                    "has read it."))
        return redirect(algorithm)
    if form.is_valid():
        try:
            actions.do_leave_feedback(
                algorithm, message=form.cleaned_data["message"], name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                sender=actions.sender_hash(client_ip(request) or ""))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your message will be shown once a "
                                        "moderator has read it."))
            return redirect(algorithm)
    rows, others = _readable(algorithm)
    return render(request, "algorithms/detail.html", {
        "algorithm": algorithm, "rows": rows, "others": others,
        "entry_language": standard.page_language(algorithm.entry),
        "versions": algorithm.versions.all(),
        "feedback": algorithm.feedback.filter(status=FeedbackStatus.PUBLISHED),
        "feedback_form": form, "transitions": [], "missing": [],
    }, status=400)


@login_required
def moderation(request):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied
    pending = Feedback.objects.filter(status=FeedbackStatus.PENDING).select_related(
        "algorithm").order_by("created_at", "pk")
    return render(request, "algorithms/moderation.html", {"pending": pending})


@require_POST
@login_required
def moderate(request, feedback_id: int, decision: str):
    feedback = get_object_or_404(Feedback.objects.select_related("algorithm"), pk=feedback_id)
    if decision not in (FeedbackStatus.PUBLISHED, FeedbackStatus.REJECTED):
        raise Http404
    if not permissions.can_review(request.user, feedback.algorithm):
        raise PermissionDenied
    try:
        actions.do_moderate_feedback(feedback, decision, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Message published.") if decision == FeedbackStatus.PUBLISHED
                         else _("Message rejected."))
    return redirect("algorithms:moderation")
