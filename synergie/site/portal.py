"""The transparency portal: one public site over every section the public may read.

Each section answers the portal's search with its own public queryset and its own filterset
(the one the section's page uses), so the portal never reads more than the section's page shows
anyone without a login: one confidentiality rule everywhere."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from synergie.algorithms.filters import AlgorithmFilterSet
from synergie.algorithms.permissions import visible_algorithms
from synergie.catalogue.filters import SolutionFilterSet
from synergie.catalogue.models import Solution
from synergie.datasets.filters import DatasetFilterSet
from synergie.datasets.models import Dataset, DatasetStatus
from synergie.decisions.filters import DecisionFilterSet
from synergie.decisions.permissions import public_subject, published_decisions
from synergie.delivery.filters import ProjectFilterSet
from synergie.delivery.permissions import published_projects
from synergie.needs.filters import NeedFilterSet
from synergie.needs.permissions import visible_needs

RESULTS_PER_SECTION = 5


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""
    language: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    description: str
    list_url_name: str
    public_queryset: Callable
    filterset_class: type
    describe: Callable  # object -> Hit
    feed_url_name: str = ""

    @property
    def list_url(self) -> str:
        return reverse(self.list_url_name)

    @property
    def feed_url(self) -> str:
        return reverse(self.feed_url_name) if self.feed_url_name else ""

    def search(self, query: str) -> tuple[int, list[Hit], str]:
        """How many public objects of this section match, the first of them, and the section's
        own page filtered the same way."""
        filterset = self.filterset_class({"q": query}, queryset=self.public_queryset())
        if not filterset.is_valid():
            return 0, [], self.list_url
        matches = filterset.qs
        first = [self.describe(item) for item in matches[:RESULTS_PER_SECTION]]
        count = len(first) if len(first) < RESULTS_PER_SECTION else matches.count()
        return count, first, f"{self.list_url}?{urlencode({'q': query})}"


def _need_hit(need) -> Hit:
    return Hit(need.title, need.get_absolute_url(), need.institution.name, need.language)


def _decision_hit(decision) -> Hit:
    return Hit(public_subject(decision), decision.get_absolute_url(),
               f"{decision.get_outcome_display()} · {date_format(decision.date)}")


def _solution_hit(solution) -> Hit:
    return Hit(solution.name, solution.get_absolute_url(), solution.summary)


def _project_hit(project) -> Hit:
    return Hit(public_subject(project.decision), reverse("delivery:public"),
               f"{project.get_status_display()} · {project.progress} %")


def _algorithm_hit(algorithm) -> Hit:
    return Hit(algorithm.name, algorithm.get_absolute_url(),
               f"{algorithm.institution.name} · {algorithm.description_short}")


def _dataset_hit(dataset) -> Hit:
    return Hit(dataset.title, dataset.get_absolute_url(), dataset.publisher_label)


def sections() -> list[Section]:
    return [
        Section("needs", _("Published needs"),
                _("The digital needs the institutions chose to publish."),
                "needs:public",
                lambda: visible_needs(AnonymousUser()).select_related("institution"),
                NeedFilterSet, _need_hit, "opendata:feed_needs"),
        Section("decisions", _("Decisions and their reasons"),
                _("What the steering committee decided about shared solutions, and why."),
                "decisions:list", published_decisions, DecisionFilterSet, _decision_hit,
                "decisions:feed"),
        Section("solutions", _("Catalogue of regional solutions"),
                _("The shared solutions, their service levels and the institutions using "
                  "them."),
                "catalogue:list", lambda: Solution.objects.order_by("name_fr", "pk"),
                SolutionFilterSet, _solution_hit, "opendata:feed_catalogue"),
        Section("projects", _("Progress of the decided projects"),
                _("Where the delivery of each decision stands."),
                "delivery:public", published_projects, ProjectFilterSet, _project_hit,
                "opendata:feed_projects"),
        Section("algorithms", _("Register of algorithms"),
                _("The algorithms and AI systems the institutions use, what they decide and "
                  "under which risk category of the EU AI Act."),
                "algorithms:list", lambda: visible_algorithms(AnonymousUser()),
                AlgorithmFilterSet, _algorithm_hit, "opendata:feed_algorithms"),
        Section("datasets", _("Catalogue of data"),
                _("The region's datasets, who publishes them, under which licence, and how "
                  "to get them (also as DCAT-AP)."),
                "datasets:list",
                lambda: Dataset.objects.filter(status=DatasetStatus.ACTIVE)
                .select_related("publisher"),
                DatasetFilterSet, _dataset_hit, "opendata:feed_datasets"),
    ]
