"""Every page of the URLconf, filled with objects of the demo data, for the browser tour.

Run inside the demo's environment (the tour starts it as `python -m tests.browser.tour_pages`
with the demo's data folder): prints one JSON list of pages. A URL pattern with no parameter is
toured as it is, so a new page is toured without anyone adding it; a pattern with parameters
needs a line in FILLERS below, and the tour fails until it has one.
"""

import json
import os
import re
import sys

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def url_patterns():
    """(namespaced name, route, parameter names) of every pattern, in URLconf order."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, route, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, route + str(pattern.pattern), inner)
            else:
                full_route = route + str(pattern.pattern)
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace
                                         else pattern.name)
                parameters = [a or b for a, b in PARAMETER.findall(full_route)]
                yield name, full_route, parameters

    yield from walk(get_resolver().url_patterns, "", None)


def _first(queryset):
    obj = queryset.order_by("pk").first()
    if obj is None:
        raise LookupError(f"the demo data has no {queryset.model.__name__}")
    return obj


def _needs():
    """One need of each kind a person meets: public, regional, institution-only, grouped,
    decided and a draft."""
    from synergie.needs.models import Need

    wanted = {
        "public": {"confidentiality": "public", "status": "submitted"},
        "regional": {"confidentiality": "regional", "status": "submitted"},
        "institution-only": {"confidentiality": "institution", "status__in": ["submitted",
                                                                             "in_analysis"]},
        "grouped": {"status": "grouped"},
        "decided": {"status": "approved"},
        "draft": {"status": "draft"},
    }
    return [(label, {"pk": _first(Need.objects.filter(**query)).pk})
            for label, query in wanted.items()]


def _each(model_path: str, **filters):
    from django.apps import apps

    model = apps.get_model(model_path)
    objects = list(model.objects.filter(**filters).order_by("pk")[:3])
    if not objects:
        raise LookupError(f"the demo data has no {model.__name__}")
    return [(f"{model._meta.model_name}-{obj.pk}", {"pk": obj.pk}) for obj in objects]


def _opportunity_member():
    from synergie.opportunities.models import OpportunityNeed

    member = _first(OpportunityNeed.objects.all())
    return [("member", {"pk": member.opportunity_id, "need_pk": member.need_id})]


def _status_change():
    from synergie.needs.models import Need

    return [("submit", {"pk": _first(Need.objects.filter(status="draft")).pk,
                        "transition": "submit"})]


def _scenario_candidate():
    from synergie.portfolio.models import ScenarioCandidate

    candidate = _first(ScenarioCandidate.objects.all())
    return [("candidate", {"pk": candidate.scenario_id, "candidate_pk": candidate.pk})]


def _first_campaign_pk() -> int:
    from synergie.campaigns.models import Campaign

    return _first(Campaign.objects.all()).pk


def _first_user_pk() -> int:
    from synergie.accounts.models import User

    return _first(User.objects.all()).pk


def _agenda_items():
    from synergie.decisions.models import AgendaItem

    pending = AgendaItem.objects.filter(decision__isnull=True)
    decided = AgendaItem.objects.filter(decision__isnull=False)
    return [(label, {"pk": _first(items).pk}) for label, items in
            (("pending", pending), ("decided", decided)) if items.exists()]


def _project_parts():
    from synergie.delivery.models import Milestone

    milestone = _first(Milestone.objects.all())
    return [("milestone", {"pk": milestone.project_id, "kind": "milestone",
                           "part_pk": milestone.pk})]


def _landscape_applications():
    """An application of the landscape's demo data (synergie.demo.landscape), when loaded."""
    from synergie.landscape.models import Application

    application = Application.objects.order_by("pk").first()
    return [] if application is None else [("application", {"pk": application.pk})]


def _service_levels(model_path: str):
    """An object of the service levels' demo data (synergie.demo.service_levels), when loaded."""
    from django.apps import apps

    obj = apps.get_model(model_path).objects.order_by("pk").first()
    return [] if obj is None else [(obj._meta.model_name, {"pk": obj.pk})]


def _landscape_institution():
    """The institution of the first recorded application, else the first institution."""
    from synergie.institutions.models import Institution
    from synergie.landscape.models import Application

    application = Application.objects.order_by("pk").first()
    if application is not None:
        return [("institution", {"pk": application.institution_id})]
    return [("institution", {"pk": _first(Institution.objects.all()).pk})]


def _catalogue_item_forms():
    """The form of each kind of thing a solution lists."""
    from synergie.catalogue.models import Solution

    solution = _first(Solution.objects.all())
    return [(kind, {"pk": solution.pk, "kind": kind})
            for kind in ("contract", "referent", "link", "document")]


def _catalogue_contract():
    from synergie.catalogue.models import Contract

    contract = _first(Contract.objects.all())
    return [("contract", {"pk": contract.solution_id, "kind": "contract",
                          "item_id": contract.pk})]


def _catalogue_request():
    from synergie.catalogue.models import JoinRequest

    return [("request", {"request_id": _first(JoinRequest.objects.all()).pk})]


def _dataset_distribution():
    from synergie.datasets.models import Distribution

    distribution = _first(Distribution.objects.all())
    return [("distribution", {"pk": distribution.dataset_id,
                              "distribution_id": distribution.pk})]


def _algorithms(kind: str):
    """Entries of the algorithm register's demo (synergie.demo.algorithms), when loaded."""
    from synergie.algorithms.models import Algorithm, Feedback

    entries = Algorithm.objects.order_by("pk")
    if kind == "detail":
        shown = [("published", entries.filter(status="published", version=1).first()),
                 ("in-review", entries.filter(status="in_review").first()),
                 ("draft", entries.filter(status="draft").first())]
        return [(label, {"pk": entry.pk}) for label, entry in shown if entry is not None]
    if kind == "edit":
        draft = entries.filter(status="draft").first()
        return [] if draft is None else [("draft", {"pk": draft.pk})]
    published = entries.filter(status="published").first()
    if kind == "feedback":
        return [] if published is None else [("published", {"pk": published.pk})]
    if kind == "transition":
        return [] if published is None else [("confirm", {"pk": published.pk,
                                                          "name": "confirm"})]
    pending = Feedback.objects.filter(status="pending").order_by("pk").first()
    return [] if pending is None else [("pending", {"feedback_id": pending.pk,
                                                    "decision": "published"})]


FILLERS = {
    "algorithms:detail": lambda: _algorithms("detail"),
    "algorithms:edit": lambda: _algorithms("edit"),
    "algorithms:feedback": lambda: _algorithms("feedback"),
    "algorithms:transition": lambda: _algorithms("transition"),
    "algorithms:moderate": lambda: _algorithms("moderate"),
    "needs:detail": _needs,
    "needs:edit": _needs,
    "needs:change_status": _status_change,
    "opportunities:detail": lambda: _each("opportunities.Opportunity"),
    "opportunities:edit": lambda: _each("opportunities.Opportunity")[:1],
    "opportunities:add_needs": lambda: _each("opportunities.Opportunity")[:1],
    "opportunities:remove_need": _opportunity_member,
    "business_case:page": lambda: _each("opportunities.Opportunity"),
    "business_case:xlsx": lambda: _each("opportunities.Opportunity")[:1],
    "decisions:detail": lambda: _each("decisions.Decision"),
    "decisions:meeting": lambda: _each("decisions.Meeting"),
    "decisions:add_item": lambda: _each("decisions.Meeting")[:1],
    "decisions:add_scenario": lambda: _each("decisions.Meeting")[:1],
    "decisions:decide": _agenda_items,
    "decisions:drop_item": lambda: _agenda_items()[:1],
    "portfolio:detail": lambda: _each("portfolio.Scenario"),
    "portfolio:what_if": lambda: _each("portfolio.Scenario")[:1],
    "portfolio:frontier": lambda: _each("portfolio.Scenario")[:1],
    "portfolio:links": lambda: _each("portfolio.Scenario")[:1],
    "portfolio:link": lambda: _each("portfolio.Scenario")[:1],
    "portfolio:pairwise": lambda: _each("portfolio.Scenario")[:1],
    "portfolio:candidate": _scenario_candidate,
    "innovation:detail": lambda: _each("innovation.Experiment"),
    "landscape:institution": _landscape_institution,
    "landscape:edit": _landscape_applications,
    "landscape:delete": _landscape_applications,
    "landscape:capability_edit": lambda: _each("reference.Capability")[:1],
    "landscape:capability_move": lambda: _each("reference.Capability")[:1],
    "landscape:propose": lambda: _each("reference.Capability")[:1],
    "delivery:start": lambda: [(label, {"decision_pk": kwargs["pk"]})
                               for label, kwargs in _each("decisions.Decision")[:1]],
    "delivery:detail": lambda: _each("delivery.Project"),
    "delivery:edit": lambda: _each("delivery.Project")[:1],
    "delivery:report_status": lambda: _each("delivery.Project")[:1],
    "delivery:budget": lambda: _each("delivery.Project")[:1],
    "delivery:allocate": lambda: _each("delivery.Project")[:1],
    "delivery:add_part": lambda: [(label, {**kwargs, "kind": "milestone"})
                                  for label, kwargs in _each("delivery.Project")[:1]],
    "delivery:edit_part": _project_parts,
    "catalogue:publiccode_download": lambda: _each("catalogue.Solution")[:1],
    "catalogue:detail": lambda: _each("catalogue.Solution"),
    "catalogue:edit": lambda: _each("catalogue.Solution")[:1],
    "catalogue:targets": lambda: _each("catalogue.Solution")[:1],
    "catalogue:adoption": lambda: _each("catalogue.Solution")[:1],
    "catalogue:join": lambda: _each("catalogue.Solution")[:1],
    "catalogue:add_item": _catalogue_item_forms,
    "catalogue:remove_item": _catalogue_contract,
    "catalogue:handle_request": _catalogue_request,
    "service_levels:solution": lambda: _each("catalogue.Solution")[:1],
    "observatory:csv": lambda: [("investment", {"slug": "investment"})],
    "service_levels:map_service": lambda: _service_levels("service_levels.Service"),
    "service_levels:import_detail": lambda: _service_levels("service_levels.IncidentImport"),
    "campaigns:detail": lambda: _each("campaigns.Campaign")[:1],
    "campaigns:answer": lambda: _each("campaigns.Campaign")[:1],
    "campaigns:nothing": lambda: _each("campaigns.Campaign")[:1],
    "campaigns:preview": lambda: [(label, {"pk": _first_campaign_pk(), "upload": kwargs["pk"]})
                                  for label, kwargs in _each("campaigns.PlanUpload")[:1]],
    "campaigns:template": lambda: [(f"{language}-{fmt}", {"language": language, "fmt": fmt})
                                   for language, fmt in (("fr", "csv"), ("nl", "xlsx"))],
    "data_office:add": lambda: [(label, {"need_pk": kwargs["pk"]})
                                for label, kwargs in _needs() if label in ("draft", "regional")],
    "data_office:detail": lambda: _each("data_office.NeedDataDependency"),
    "data_office:remove": lambda: _each("data_office.NeedDataDependency")[:1],
    "datasets_export": lambda: [("ttl", {"fmt": "ttl"})],
    "datasets:detail": lambda: _each("datasets.Dataset"),
    "opendata:export": lambda: [("needs-csv", {"resource": "needs", "fmt": "csv"})],
    "datasets:edit": lambda: _each("datasets.Dataset")[:1],
    "datasets:set_status": lambda: _each("datasets.Dataset")[:1],
    "datasets:add_distribution": lambda: _each("datasets.Dataset")[:1],
    "datasets:remove_distribution": _dataset_distribution,
    # Django's UserAdmin names this page after auth.User whatever the user model is.
    "admin:auth_user_password_change": lambda: [("user", {"id": _first_user_pk()})],
}


def _admin_fill(name: str, parameters: list[str]):
    """The admin's pages of each registered model, on its first object."""
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType

    if parameters == ["app_label"]:
        labels = sorted({model._meta.app_label for model in admin.site._registry})
        return [(label, {"app_label": label}) for label in labels]
    if parameters == ["content_type_id", "object_id"]:
        from synergie.needs.models import Need

        need = _first(Need.objects.all())
        return [("need", {"content_type_id": ContentType.objects.get_for_model(Need).pk,
                          "object_id": need.pk})]
    if parameters in (["object_id"], ["id"]):
        for model in admin.site._registry:
            prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
            if name.startswith(prefix):
                obj = model.objects.order_by("pk").first()
                return [(str(obj.pk), {parameters[0]: obj.pk})] if obj else []
    return None


def pages() -> list[dict]:
    from django.urls import reverse
    from django.utils import translation

    found, unfillable = [], []
    with translation.override("fr"):
        for name, route, parameters in url_patterns():
            if parameters and name is None:
                continue  # the admin's catch-all, which answers every unknown admin address
            if route.startswith("api/v1/"):
                continue  # the REST API answers JSON, not pages: tests/api checks every endpoint
            is_admin = bool(name and name.startswith("admin:"))
            if not parameters:
                fillings = [("", {})]
            elif name in FILLERS:
                fillings = FILLERS[name]()
            elif is_admin and (fillings := _admin_fill(name, parameters)) is not None:
                pass
            else:
                unfillable.append(f"{name} ({route})")
                continue
            for label, kwargs in fillings:
                path = reverse(name, kwargs=kwargs) if name else "/" + route
                localised = path.startswith("/fr/")
                found.append({
                    "name": name or route,
                    "label": f"{name or route}{'[' + label + ']' if label else ''}",
                    # Without the language prefix: the tour adds /fr/ or /nl/.
                    "path": path[3:] if localised else path,
                    "localised": localised,
                    "admin": is_admin,
                })
    return {"pages": found, "unfillable": unfillable}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synergie.settings")
    import django

    django.setup()
    json.dump(pages(), sys.stdout)
