"""The data office's pages: the queue of dependencies waiting for a verdict, a dependency with
its verdicts, and adding or removing the data a need depends on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.audit.log import history_of
from synergie.data_office import actions, permissions
from synergie.data_office.forms import SEARCH_PARAMETER, DependencyForm, VerdictForm
from synergie.data_office.models import NeedDataDependency, Verdict
from synergie.needs.models import Need

RELATED = ("need__institution", "dataset", "verdict_by")
RECENT = 30


def _dependencies(user):
    return NeedDataDependency.objects.filter(
        need__in=Need.objects.visible_to(user).values("pk")).select_related(*RELATED)


@login_required
def queue(request):
    if not permissions.can_give_verdict(request.user):
        raise PermissionDenied
    dependencies = _dependencies(request.user)
    return render(request, "data_office/queue.html", {
        "waiting": dependencies.filter(verdict="").order_by("created_at", "pk"),
        "judged": dependencies.exclude(verdict="").order_by("-verdict_at", "-pk")[:RECENT],
    })


def _need_section_url(need) -> str:
    return f"{need.get_absolute_url()}#data-title"


@login_required
def add(request, need_pk: int):
    need = get_object_or_404(Need.objects.visible_to(request.user), pk=need_pk)
    if not permissions.can_manage_dependencies(request.user, need):
        raise PermissionDenied
    search = (request.POST if request.method == "POST" else request.GET).get(
        SEARCH_PARAMETER, "")
    form = DependencyForm(request.POST or None, search=search)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_dependency(need, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Data dependency added."))
            return redirect(_need_section_url(need))
    return render(request, "data_office/add.html", {
        "need": need, "form": form, "dataset_search": search,
    })


@login_required
@require_POST
def remove(request, pk: int):
    dependency = get_object_or_404(_dependencies(request.user), pk=pk)
    if not permissions.can_manage_dependencies(request.user, dependency.need):
        raise PermissionDenied
    actions.do_remove_dependency(dependency, acting_user=request.user)
    messages.success(request, _("Data dependency removed."))
    return redirect(_need_section_url(dependency.need))


def verdict_history(dependency) -> list[dict]:
    """Every verdict given on the dependency, newest first, from the audit trail."""
    labels = dict(Verdict.choices)
    lines = []
    for entry in history_of(dependency).order_by("-timestamp", "-pk"):
        verdict = entry.changes.get("verdict", {}).get("after")
        reason = entry.changes.get("verdict_reason", {}).get("after")
        if verdict or reason:
            lines.append({"timestamp": entry.timestamp, "who": entry.actor_name,
                          "verdict": labels.get(verdict, verdict) if verdict else None,
                          "reason": reason})
    return lines


@login_required
def detail(request, pk: int):
    dependency = get_object_or_404(_dependencies(request.user), pk=pk)
    can_judge = permissions.can_give_verdict(request.user)
    if not (can_judge or permissions.can_read(request.user, dependency.need)):
        raise PermissionDenied
    initial = {"verdict": dependency.verdict, "reason": dependency.verdict_reason}
    form = VerdictForm(request.POST or None, initial=initial) if can_judge else None
    if request.method == "POST":
        if not can_judge:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.do_give_verdict(dependency, acting_user=request.user,
                                        **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Verdict recorded."))
                return redirect("data_office:queue")
    return render(request, "data_office/detail.html", {
        "dependency": dependency, "form": form,
        "history": verdict_history(dependency),
    })
