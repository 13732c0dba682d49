"""The steering committee's portfolio: scenarios, their optimisation, what-if, comparison and
the efficient frontier."""

from copy import copy
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from synergie.audit import conflicts
from synergie.audit.versions import EditConflict
from synergie.kernel.text import row_id
from synergie.portfolio import actions, permissions
from synergie.portfolio.engine.criteria import weights_from_pairwise
from synergie.portfolio.engine.frontier import BUDGET_FACTORS
from synergie.portfolio.engine.instance import InstanceError, parse_instance
from synergie.portfolio.forms import (
    CRITERION_LABELS,
    AxisBoundsForm,
    CandidateForm,
    LinkForm,
    PairwiseForm,
    RatingsForm,
    ScenarioForm,
    WeightsForm,
)
from synergie.portfolio.frontier import frontier_chart, frontier_summary
from synergie.portfolio.history import scenario_history
from synergie.portfolio.models import FrontierStatus, RunStatus, Scenario, ScenarioCandidate
from synergie.portfolio.presentation import (
    Title,
    candidate_titles,
    describe_conflicts,
    describe_pools,
    describe_result,
    subject_title,
)


@dataclass
class CandidateRow:
    """A row of the scenario page's grid."""

    candidate: ScenarioCandidate
    form: RatingsForm
    people: str  # the people it needs, per pool and year, for the reader
    needs: list[Title]  # the candidates it depends on


def _scenario(request, pk: int) -> Scenario:
    if not permissions.can_view(request.user):
        raise PermissionDenied
    return get_object_or_404(Scenario.objects.visible_to(request.user), pk=pk)


@login_required
def scenario_list(request):
    if not permissions.can_view(request.user):
        raise PermissionDenied
    can_manage = permissions.can_manage(request.user)
    form = ScenarioForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            scenario = actions.do_create_scenario(acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Scenario created with the open opportunities and the "
                                        "needs in analysis as candidates."))
            return redirect(scenario)
    # A line per scenario: its stored optimiser input and result (megabytes each) stay unread.
    scenarios = Scenario.objects.visible_to(request.user).only(
        "pk", "title", "first_year", "years", "run_status")
    return render(request, "portfolio/list.html", {
        "scenarios": scenarios, "form": form, "can_manage": can_manage,
        **lab_results(request.user),
    })


def lab_results(user) -> dict:
    """The innovation lab's results belong to the portfolio's history: a stopped experiment is
    a roll-out not paid for, a go is a candidate coming."""
    from synergie.innovation.models import Experiment, ExperimentStatus
    from synergie.innovation.results import stopped_experiments

    return {**stopped_experiments(user),
            "continued": Experiment.objects.visible_to(user).filter(status=ExperimentStatus.GO)
            .select_related("opportunity", "need")}


@login_required
def scenario_detail(request, pk: int):
    """Criteria weights, each candidate's ratings and the budget shares per axis in one form;
    the optimiser's answer; the history. A candidate's other settings have their own page."""
    scenario = _scenario(request, pk)
    can_manage = permissions.can_manage(request.user)
    data = request.POST if request.method == "POST" else None
    if data is not None and not can_manage:
        raise PermissionDenied
    candidates, weights_form, axis_form, rows = _scenario_forms(data, scenario)
    conflict = None
    if (data is not None and weights_form.is_valid() and axis_form.is_valid()
            and all(row.form.is_valid() for row in rows)):
        try:
            actions.do_save_scenario_page(
                scenario, acting_user=request.user, axis_bounds=axis_form.bounds(),
                weights={k: float(v) for k, v in weights_form.cleaned_data.items()},
                ratings={row.candidate.pk: row.form.ratings() for row in rows},
                expected_version=_posted_version(data))
        except EditConflict as error:
            scenario = error.current
            theirs = _scenario_forms(None, scenario)
            conflict = conflicts.describe(error, "scenario", [
                (weights_form, theirs[1]), (axis_form, theirs[2]),
                *[(row.form, mine_theirs.form, row.candidate.subject)
                  for row, mine_theirs in zip(rows, theirs[3], strict=False)]])
            candidates, weights_form, axis_form, rows = _scenario_forms(
                conflicts.moved_on(data, scenario.version), scenario)
        else:
            if data.get("action") == "optimise":
                actions.do_queue_optimisation(scenario, acting_user=request.user)
                messages.success(request, _("Optimisation started."))
            else:
                messages.success(request, _("Scenario saved."))
            return redirect(scenario)
    return render(request, "portfolio/detail.html", {
        "scenario": scenario, "can_manage": can_manage, "weights_form": weights_form,
        "axis_form": axis_form, "links": _links(candidates), "rows": rows,
        "criteria": CRITERION_LABELS, "conflict": conflict,
        "has_errors": data is not None and conflict is None,
        "result": (describe_result(scenario.result, scenario, request.user)
                   if scenario.result else None),
        "running": scenario.run_status in (RunStatus.QUEUED, RunStatus.RUNNING),
        "candidate_count": len((scenario.instance or {}).get("candidates", [])),
        "history": scenario_history(scenario, candidates),
    })


def _scenario_forms(data, scenario: Scenario):
    """(candidates, weights form, axis shares form, grid rows) of the scenario page."""
    candidates = list(_with_links(scenario.candidates))
    weights_form = WeightsForm(data, weights=scenario.weights, prefix="w")
    axis_form = AxisBoundsForm(data, bounds=scenario.axis_bounds or {}, prefix="a")
    rows = [CandidateRow(c, RatingsForm(data, candidate=c, prefix=f"c{c.pk}"),
                         describe_pools(c.demand), [subject_title(o) for o in c.depends_on.all()])
            for c in candidates]
    return candidates, weights_form, axis_form, rows


def _with_links(candidates):
    """Candidates with their subjects and those of the candidates they are linked to, in four
    queries whatever their number (a link's title needs its opportunity or need)."""
    subjects = ScenarioCandidate.objects.select_related("opportunity", "need")
    return candidates.select_related("opportunity", "need").prefetch_related(
        Prefetch("depends_on", queryset=subjects), Prefetch("excludes", queryset=subjects))


def _posted_version(data) -> int | None:
    """The scenario version the page was loaded with (None: not sent, not checked)."""
    value = data.get("version", "")
    return int(value) if value.isdigit() else None


@login_required
def candidate(request, pk: int, candidate_pk: int):
    """A candidate's strategic axis, forcing (with its reason) and the people it needs."""
    scenario = _scenario(request, pk)
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    subject = get_object_or_404(scenario.candidates.select_related("opportunity", "need"),
                                pk=candidate_pk)
    # The form validates on a copy: the action snapshots the candidate as stored.
    form = CandidateForm(request.POST or None, instance=copy(subject))
    if request.method == "POST" and form.is_valid():
        actions.do_update_candidate(
            subject, acting_user=request.user, demand=form.cleaned_data["demand_text"],
            **{name: form.cleaned_data[name] for name in CandidateForm.Meta.fields})
        messages.success(request, _("Candidate saved."))
        return redirect(f"{scenario.get_absolute_url()}#candidate-{subject.pk}")
    others = _with_links(scenario.candidates)
    return render(request, "portfolio/candidate.html", {
        "scenario": scenario, "candidate": subject, "form": form,
        "links": [link for link in _links(others) if subject in link[1:3]],
        "link_form": LinkForm(scenario=scenario, first=subject),
    })


@login_required
def what_if(request, pk: int):
    """"Raise the priority of X: what drops out?" — X forced in (or out), re-solved by the
    worker (portfolio/whatif.py). POST asks; GET shows the progress, then the answer."""
    scenario = _scenario(request, pk)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    data = request.POST if request.method == "POST" else request.GET
    if not scenario.instance or not scenario.result:
        messages.error(request, _("Optimise the scenario first."))
        return redirect(scenario)
    candidate_id, forced = data.get("candidate", ""), data.get("forced", "in")
    forced = "out" if forced == "out" else "in"
    try:
        instance = parse_instance(scenario.instance)
        instance.index_of(candidate_id)
    except (InstanceError, KeyError, ValueError):
        if request.method == "POST" or candidate_id:
            messages.error(request, _("This candidate is not in the optimised scenario."))
        return redirect(scenario)
    language = translation.get_language()
    if request.method == "POST":
        result = actions.do_ask_what_if(scenario, candidate_id, forced, language=language,
                                        acting_user=request.user)
        if result.status != "SUCCESSFUL":
            query = urlencode({"candidate": candidate_id, "forced": forced})
            return redirect(f"{reverse('portfolio:what_if', args=[scenario.pk])}?{query}")
        answer = result.return_value  # the immediate backend answers at once
    else:
        from synergie.portfolio.whatif import asked, question

        task = asked(question(scenario, candidate_id, forced, language))
        answer = task.return_value if task and task.status == "SUCCESSFUL" else None
        if answer is None or answer.get("stale"):
            return render(request, "portfolio/what_if_waiting.html", {
                "scenario": scenario, "forced": forced,
                "subject": candidate_titles(scenario)[candidate_id],
                "asked": task is not None and not (answer or {}).get("stale"),
                "candidate": candidate_id,
            })
    titles = candidate_titles(scenario)
    return render(request, "portfolio/what_if.html", {
        "scenario": scenario, "answer": answer, "subject": titles[candidate_id],
        "conflicts": describe_conflicts(answer["result"]["conflicts"], scenario, request.user,
                                        titles),
        "entered": [titles[i] for i in answer["entered"]],
        "dropped": [titles[i] for i in answer["dropped"]],
        "moved": [(titles[m["id"]], m["from"], m["to"]) for m in answer["moved"]],
    })


@login_required
def compare(request):
    if not permissions.can_view(request.user):
        raise PermissionDenied
    scenarios = Scenario.objects.visible_to(request.user).filter(result__isnull=False)
    # A hand-edited "?a=abc" is no scenario, not an error.
    first, second = (scenarios.filter(pk=pk).first() if (pk := row_id(request.GET.get(key)))
                     else None for key in ("a", "b"))
    # The choice lists need titles only, not every scenario's stored input and result.
    scenarios = scenarios.only("pk", "title")
    comparison = None
    if first and second:
        a = describe_result(first.result, first, request.user)
        b = describe_result(second.result, second, request.user)
        ids_a = {item["id"] for item in a["selected"]}
        ids_b = {item["id"] for item in b["selected"]}
        titles = {i["id"]: i["title"] for i in a["selected"] + b["selected"]}
        comparison = {"a": a, "b": b, "only_a": sorted(titles[i] for i in ids_a - ids_b),
                      "only_b": sorted(titles[i] for i in ids_b - ids_a),
                      "both": sorted(titles[i] for i in ids_a & ids_b)}
    return render(request, "portfolio/compare.html", {
        "scenarios": scenarios, "first": first, "second": second, "comparison": comparison,
    })


@login_required
def frontier(request, pk: int):
    """Best value at each budget level, computed in the background (POST to start it); a GET
    only reads what is stored."""
    scenario = _scenario(request, pk)
    can_manage = permissions.can_manage(request.user)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            actions.do_queue_frontier(scenario, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The efficient frontier is being computed."))
        return redirect("portfolio:frontier", pk=scenario.pk)
    points = scenario.frontier or []
    return render(request, "portfolio/frontier.html", {
        "scenario": scenario, "can_manage": can_manage, "points": points,
        "chart": frontier_chart(points), "summary": frontier_summary(points),
        "running": scenario.frontier_status in (FrontierStatus.QUEUED, FrontierStatus.RUNNING),
        "levels": len(BUDGET_FACTORS),
    })


def _links(candidates) -> list[tuple]:
    """(kind, first, second, first's title, second's title) for each dependency and each
    exclusion between the candidates."""
    pairs = []
    for candidate in candidates:
        pairs += [("depends", candidate, other) for other in candidate.depends_on.all()]
        pairs += [("excludes", candidate, other) for other in candidate.excludes.all()
                  if candidate.pk < other.pk]
    return [(kind, first, second, subject_title(first), subject_title(second))
            for kind, first, second in pairs]


@login_required
@require_POST
def link(request, pk: int):
    """Add (or, with remove=1, take away) a dependency or an exclusion between candidates."""
    scenario = _scenario(request, pk)
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    back = request.POST.get("back", "")
    if back.isdigit() and scenario.candidates.filter(pk=back).exists():
        page = reverse("portfolio:candidate", args=[scenario.pk, int(back)])
    else:
        page = f"{scenario.get_absolute_url()}#links-title"
    form = LinkForm(request.POST, scenario=scenario)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(page)
    actions.do_link_candidates(
        form.cleaned_data["first"], form.cleaned_data["second"], form.cleaned_data["kind"],
        remove=request.POST.get("remove") == "1", acting_user=request.user)
    return redirect(page)


@login_required
def pairwise(request, pk: int):
    """Criteria weights derived from comparing the criteria two by two."""
    scenario = _scenario(request, pk)
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    form = PairwiseForm(request.POST or None)
    derived = None
    if request.method == "POST" and form.is_valid():
        from synergie.portfolio.engine.criteria import CRITERIA

        derived = weights_from_pairwise(CRITERIA, form.preferences())
        if request.POST.get("action") == "use":
            actions.do_update_scenario(
                scenario, acting_user=request.user,
                weights={k: round(100 * v, 2) for k, v in derived.weights.items()})
            messages.success(request, _("Weights derived from the comparisons are in use."))
            return redirect(scenario)
    return render(request, "portfolio/pairwise.html", {
        "scenario": scenario, "form": form, "criteria": CRITERION_LABELS,
        "derived": ([(CRITERION_LABELS[k], round(100 * v, 1)) for k, v in derived.weights.items()]
                    if derived else None),
        "consistency": derived.consistency_ratio if derived else None,
        "consistent": derived.consistent if derived else None,
    })
