"""The innovation lab's pages: experiments, their go / no-go, and what stopping saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from synergie.audit.log import history_of
from synergie.innovation import actions, permissions
from synergie.innovation.forms import ConclusionForm, ExperimentForm
from synergie.innovation.models import Experiment, ExperimentStatus
from synergie.innovation.results import stopped_experiments
from synergie.needs.choices import SEARCH_PARAMETER

RELATED = ("opportunity", "need__institution")


@login_required
def experiment_list(request):
    if not permissions.can_view(request.user):
        raise PermissionDenied
    return render(request, "innovation/list.html", {
        "experiments": Experiment.objects.visible_to(request.user).select_related(*RELATED),
        "can_manage": permissions.can_manage(request.user),
        **stopped_experiments(request.user),
    })


@login_required
def create(request):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    # The need search box's words: in the address after a search, in the form when it is sent.
    need_search = (request.POST if request.method == "POST" else request.GET).get(
        SEARCH_PARAMETER, "")
    form = ExperimentForm(request.POST or None, user=request.user, need_search=need_search)
    if request.method == "POST" and form.is_valid():
        experiment = actions.do_start_experiment(acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Experiment started."))
        return redirect(experiment)
    return render(request, "innovation/create.html", {"form": form, "need_search": need_search})


@login_required
def detail(request, pk: int):
    if not permissions.can_view(request.user):
        raise PermissionDenied
    experiment = get_object_or_404(
        Experiment.objects.visible_to(request.user).select_related(*RELATED), pk=pk)
    can_conclude = (permissions.can_manage(request.user)
                    and experiment.status == ExperimentStatus.RUNNING)
    form = ConclusionForm(request.POST or None) if can_conclude else None
    if request.method == "POST":
        if not can_conclude:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.do_conclude_experiment(
                    experiment, go=form.cleaned_data["decision"] == "go",
                    reason=form.cleaned_data["reason"], acting_user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Experiment concluded."))
                return redirect(experiment)
    return render(request, "innovation/detail.html", {
        "experiment": experiment, "form": form, "history": history_of(experiment),
    })
