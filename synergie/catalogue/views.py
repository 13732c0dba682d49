"""The catalogue's pages: the public list and page of each solution, the orchestrator's editing,
adoption, and institutions' requests to join."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.audit.log import history_of
from synergie.catalogue import actions, permissions
from synergie.catalogue.filters import SolutionFilterSet
from synergie.catalogue.forms import (
    ITEM_FORMS,
    AdoptionForm,
    HandleRequestForm,
    JoinRequestForm,
    ServiceTargetsForm,
    SolutionForm,
)
from synergie.catalogue.models import (
    Adoption,
    AdoptionStage,
    JoinRequest,
    JoinRequestStatus,
    Solution,
)

IN_USE = [AdoptionStage.ONBOARDING, AdoptionStage.LIVE]
# Who uses it first, then who is on the way in, then who is on the way out.
STAGE_ORDER = [AdoptionStage.LIVE, AdoptionStage.ONBOARDING, AdoptionStage.INTERESTED,
               AdoptionStage.LEAVING, AdoptionStage.LEFT]


def solution_list(request):
    solutions = Solution.objects.prefetch_related("capabilities").annotate(
        live=Count("adoptions", filter=Q(adoptions__stage=AdoptionStage.LIVE), distinct=True),
        onboarding=Count("adoptions", filter=Q(adoptions__stage=AdoptionStage.ONBOARDING),
                         distinct=True))
    filterset = SolutionFilterSet(request.GET or None, queryset=solutions)
    shown = list(filterset.qs if filterset.is_bound and filterset.is_valid() else solutions)
    own = permissions.institutions_that_may_join(request.user)
    if own:
        # What the reader's institution does with each solution, beside what its peers do.
        stages = dict(AdoptionStage.choices)
        own_stage = dict(Adoption.objects.filter(institution_id__in=own).values_list(
            "solution_id", "stage"))
        for solution in shown:
            solution.own_stage = stages.get(own_stage.get(solution.pk), "")
    can_manage = permissions.can_manage(request.user)
    return render(request, "catalogue/list.html", {
        "filterset": filterset, "solutions": shown, "show_own": bool(own),
        "can_manage": can_manage,
        "pending_requests": JoinRequest.objects.filter(
            status=JoinRequestStatus.PENDING).count() if can_manage else 0,
    })


def detail(request, pk: int):
    solution = get_object_or_404(
        Solution.objects.select_related("domain").prefetch_related("capabilities", "cpv_codes"),
        pk=pk)
    user = request.user
    own = permissions.institutions_that_may_join(user)
    adoptions = sorted(solution.adoptions.select_related("institution"),
                       key=lambda adoption: (STAGE_ORDER.index(adoption.stage),
                                             adoption.institution.name))
    context = {
        "solution": solution,
        "targets": solution.targets.all(),
        "links": solution.links.all(),
        "adoptions": adoptions,
        "in_use": [a for a in adoptions if a.stage in IN_USE],
        "can_manage": permissions.can_manage(user),
        "contracts": solution.contracts.select_related("supplier")
        if permissions.can_read_contracts(user) else None,
        "referents": solution.referents.select_related("institution")
        if permissions.can_read_referents(user) else None,
        "documents": solution.compliance_documents.all()
        if permissions.can_read_compliance_documents(user) else None,
        "requests": _requests_shown(solution, user, own),
    }
    joinable = _joinable(solution, own)
    if joinable:
        context["join_form"] = JoinRequestForm(institution_ids=joinable)
    if context["can_manage"]:
        context["adoption_form"] = AdoptionForm()
        context["history"] = history_of(solution)
        context["item_forms"] = {kind: form() for kind, form in ITEM_FORMS.items()}
    return render(request, "catalogue/detail.html", context)


def _joinable(solution, own_institutions: set[int]) -> set[int]:
    """The reader's institutions that neither use the solution nor wait for an answer."""
    if not own_institutions:
        return set()
    taken = set(solution.adoptions.filter(stage__in=IN_USE).values_list(
        "institution_id", flat=True)) | set(solution.join_requests.filter(
            status=JoinRequestStatus.PENDING).values_list("institution_id", flat=True))
    return own_institutions - taken


def _requests_shown(solution, user, own_institutions):
    """The orchestrator sees every request about the solution; an institution its own."""
    if not user.is_authenticated:
        return []
    shown = solution.join_requests.select_related("institution")
    if permissions.can_manage(user):
        return shown
    return shown.filter(institution_id__in=own_institutions)


def _manager_only(request) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied


@login_required
def create(request):
    _manager_only(request)
    form = SolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            solution = actions.do_create_solution(
                acting_user=request.user, capabilities=form.cleaned_data["capabilities"],
                cpv_codes=form.cleaned_data["cpv"], **form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Solution added to the catalogue."))
            return redirect(solution)
    return render(request, "catalogue/edit.html", {"form": form})


@login_required
def edit(request, pk: int):
    _manager_only(request)
    solution = get_object_or_404(Solution, pk=pk)
    form = SolutionForm(request.POST or None, instance=Solution.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_solution(
                solution, form.changes(), acting_user=request.user,
                capabilities=form.cleaned_data["capabilities"],
                cpv_codes=form.cleaned_data["cpv"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Solution saved."))
            return redirect(solution)
    return render(request, "catalogue/edit.html", {"form": form, "solution": solution})


@login_required
def targets(request, pk: int):
    _manager_only(request)
    solution = get_object_or_404(Solution, pk=pk)
    form = ServiceTargetsForm(request.POST or None, solution=solution)
    if request.method == "POST" and form.is_valid():
        actions.do_set_service_targets(solution, form.targets, acting_user=request.user)
        messages.success(request, _("Service targets saved."))
        return redirect(solution)
    return render(request, "catalogue/targets.html", {"form": form, "solution": solution})


@login_required
def add_item(request, pk: int, kind: str):
    _manager_only(request)
    if kind not in ITEM_FORMS:
        raise Http404
    solution = get_object_or_404(Solution, pk=pk)
    form = ITEM_FORMS[kind](request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_solution_item(solution, kind, acting_user=request.user,
                                         **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added."))
            return redirect(solution)
    return render(request, "catalogue/add_item.html", {
        "form": form, "solution": solution, "kind": kind, "title": {
            "contract": _("Add a contract"), "referent": _("Add a referent"),
            "link": _("Add a documentation link"),
            "document": _("Add a compliance document")}[kind]})


@login_required
@require_POST
def remove_item(request, pk: int, kind: str, item_id: int):
    _manager_only(request)
    if kind not in ITEM_FORMS:
        raise Http404
    solution = get_object_or_404(Solution, pk=pk)
    model = ITEM_FORMS[kind]._meta.model
    get_object_or_404(model, pk=item_id, solution=solution)
    actions.do_remove_solution_item(solution, kind, item_id, acting_user=request.user)
    messages.success(request, _("Removed."))
    return redirect(solution)


@login_required
def adoption(request, pk: int):
    _manager_only(request)
    solution = get_object_or_404(Solution, pk=pk)
    form = AdoptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_adoption(solution, form.cleaned_data["institution"],
                                       stage=form.cleaned_data["stage"],
                                       on=form.cleaned_data["on"],
                                       reason=form.cleaned_data["reason"],
                                       acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Adoption recorded."))
            return redirect(solution)
    return render(request, "catalogue/adoption.html", {"form": form, "solution": solution})


@login_required
def join(request, pk: int):
    solution = get_object_or_404(Solution, pk=pk)
    own = permissions.institutions_that_may_join(request.user)
    if not own:
        raise PermissionDenied
    joinable = _joinable(solution, own)
    if not joinable:
        messages.info(request, _("Your institution already uses this solution or has asked to "
                                 "join it."))
        return redirect(solution)
    form = JoinRequestForm(request.POST or None, institution_ids=joinable)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_request_joining(solution, form.cleaned_data["institution"],
                                       message=form.cleaned_data["message"],
                                       acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request was sent to the orchestrator."))
            return redirect(solution)
    return render(request, "catalogue/join.html", {"form": form, "solution": solution})


@login_required
def requests(request):
    _manager_only(request)
    return render(request, "catalogue/requests.html", {
        "pending": JoinRequest.objects.filter(status=JoinRequestStatus.PENDING)
        .select_related("solution", "institution", "requested_by"),
        "handled": JoinRequest.objects.exclude(status=JoinRequestStatus.PENDING)
        .select_related("solution", "institution", "handled_by")[:50],
    })


@login_required
def handle_request(request, request_id: int):
    _manager_only(request)
    join_request = get_object_or_404(JoinRequest.objects.select_related(
        "solution", "institution", "requested_by"), pk=request_id)
    if join_request.status != JoinRequestStatus.PENDING:
        messages.info(request, _("This request was already handled."))
        return redirect("catalogue:requests")
    form = HandleRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_handle_join_request(
                join_request, accept=form.cleaned_data["decision"] == "accept",
                answer=form.cleaned_data["answer"], acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Request handled."))
            return redirect("catalogue:requests")
    return render(request, "catalogue/handle_request.html", {"form": form,
                                                             "join_request": join_request})
