"""What the open-data export publishes: one `Resource` per public section, its columns (stable
English snake_case names, described in the data dictionary) and its rows.

The one confidentiality rule: each resource starts from the queryset its app's public page reads
(`needs.permissions.visible_needs(AnonymousUser())`, `decisions.permissions.published_decisions`,
`delivery.permissions.published_projects`, the public catalogue) and prints a need only as
`needs.permissions.public_view` shows it. Nothing depends on who asks.

Rows are read in chunks (`.iterator(chunk_size=...)`), as tuples from `values_list` with joins
where a row needs other tables, or with prefetching by chunk: never one query per row.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.models import Count, Max, Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    description: Promise | str
    kind: str = "text"  # text, integer, decimal, date, datetime, boolean, url


@dataclass(frozen=True)
class Resource:
    name: str
    title: Promise | str
    description: Promise | str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[tuple]]
    count: Callable[[], int]
    last_update: Callable[[], datetime | None]

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def first_rows(self, n: int) -> list[tuple]:
        rows = []
        for row in self.rows():
            rows.append(row)
            if len(rows) >= n:
                break
        return rows


def raw_rows(queryset) -> Iterator[tuple]:
    """The rows of a `values_list` queryset, read in chunks. On SQLite without Django's
    converters (they cost more than the rest of the export): the formatters of
    `opendata.streaming` read SQLite's own values. Elsewhere Django's iterator, on a
    server-side cursor."""
    connection = connections[queryset.db]
    if connection.vendor != "sqlite":
        yield from queryset.iterator(chunk_size=CHUNK)
        return
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def selected(queryset, fields, moments=()):
    """`queryset.values_list(fields)`, the date-times among them (`moments`) read as the
    database's text: the PostgreSQL driver's time-zone loader Django installs is Python code
    run for every value (it cost more than the rest of the export); the text of both databases,
    in UTC, is what `streaming.iso_moment` writes out."""
    return queryset.values_list(*(Cast(field, TextField()) if field in moments else field
                                  for field in fields))


def _day(value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def _site_url(name: str, *args) -> str:
    """A page's path, under the language of the export (`/fr/...` when read in French)."""
    return reverse(name, args=args)


# --- needs -------------------------------------------------------------------------------------

NEED_FIELDS = ("pk", "title", "description", "language", "institution__code",
               "institution__name_fr", "institution__name_nl", "institution__kind",
               "domain__code", "cpv_code__code", "status", "desired_start", "deadline",
               "deadline_is_legal", "data_dependencies", "total_one_off", "total_recurring",
               "total_cost", "first_year", "last_year", "submitted_at", "updated_at")


def public_needs():
    from synergie.needs.permissions import visible_needs

    return visible_needs(AnonymousUser())


def _need_rows() -> Iterator[tuple]:
    prefix = _site_url("needs:detail", 0)[:-2]  # ".../needs/" + pk + "/"
    for row in raw_rows(selected(public_needs().order_by("pk"), NEED_FIELDS,
                                 ("submitted_at", "updated_at"))):
        yield (*row, f"{prefix}{row[0]}/")


NEEDS = Resource(
    name="needs",
    title=_("Published needs"),
    description=_("Needs that institutions have published, with their cost estimate. "
                  "Confidential and regional needs are never included."),
    columns=(
        Column("need_id", _("Number of the need in Synergie"), "integer"),
        Column("title", _("Title, in the language of the need")),
        Column("description", _("Description, in the language of the need")),
        Column("language", _("Language of the text (fr, nl or en)")),
        Column("institution_code", _("Code of the institution that filed the need")),
        Column("institution_name_fr", _("Name of the institution in French")),
        Column("institution_name_nl", _("Name of the institution in Dutch")),
        Column("institution_kind", _("Kind of institution (municipality, "
                                     "social_welfare_centre, police_zone, regional_body, "
                                     "other)")),
        Column("business_domain", _("Code of the business domain")),
        Column("cpv_code", _("Common Procurement Vocabulary code")),
        Column("status", _("Where the need stands in the workflow (code)")),
        Column("desired_start", _("Desired start (YYYY-MM-DD)"), "date"),
        Column("deadline", _("Deadline (YYYY-MM-DD)"), "date"),
        Column("deadline_is_legal", _("Whether the deadline is a legal obligation"), "boolean"),
        Column("data_dependencies", _("Data the need depends on, as its institution wrote it")),
        Column("total_one_off_eur", _("One-off cost over all years, in euros"), "decimal"),
        Column("total_recurring_eur", _("Recurring cost over all years, in euros"), "decimal"),
        Column("total_cost_eur", _("Total cost estimate, in euros"), "decimal"),
        Column("first_year", _("First year of the cost estimate"), "integer"),
        Column("last_year", _("Last year of the cost estimate"), "integer"),
        Column("submitted_at", _("When the need was submitted (ISO 8601, UTC)"), "datetime"),
        Column("updated_at", _("Last change (ISO 8601, UTC)"), "datetime"),
        Column("url", _("Path of the need's public page"), "url"),
    ),
    rows=_need_rows,
    count=lambda: public_needs().count(),
    last_update=lambda: public_needs().aggregate(last=Max("updated_at"))["last"],
)


# --- decisions ---------------------------------------------------------------------------------

def _published_decisions():
    from synergie.decisions.permissions import published_decisions

    return published_decisions()


def _institutions(views) -> str:
    return "; ".join(str(view.institution) for view in views)


def _decision_rows() -> Iterator[tuple]:
    from synergie.decisions.permissions import public_needs as decision_needs
    from synergie.decisions.permissions import public_subject
    from synergie.needs.permissions import public_view

    for decision in _published_decisions().iterator(chunk_size=500):
        item = decision.item
        need_id = None
        if item.need_id and public_view(item.need).is_named:
            need_id = item.need_id
        yield (decision.pk, decision.date, decision.outcome, public_subject(decision),
               decision.motivation, decision.conditions, decision.language,
               item.opportunity_id, need_id, _institutions(decision_needs(decision)),
               _site_url("decisions:detail", decision.pk))


DECISIONS = Resource(
    name="decisions",
    title=_("Decisions of the steering committee"),
    description=_("Every recorded decision with its motivation and conditions, as the public "
                  "decisions page shows it."),
    columns=(
        Column("decision_id", _("Number of the decision"), "integer"),
        Column("decided_on", _("Date of the meeting that decided (YYYY-MM-DD)"), "date"),
        Column("outcome", _("Decision (code)")),
        Column("subject", _("What was decided on: a pooling opportunity or a need, as the "
                            "public may read it")),
        Column("motivation", _("Why, in the language of the decision")),
        Column("conditions", _("Conditions attached to the decision")),
        Column("language", _("Language of the motivation (fr, nl or en)")),
        Column("opportunity_id", _("Number of the pooling opportunity decided on, if any"),
               "integer"),
        Column("need_id", _("Number of the need decided on, when it is published"), "integer"),
        Column("institutions", _("Institutions concerned, separated by semicolons (an "
                                 "unpublished need is named only by its kind of institution)")),
        Column("url", _("Path of the decision's public page"), "url"),
    ),
    rows=_decision_rows,
    count=lambda: _published_decisions().count(),
    last_update=lambda: _published_decisions().aggregate(last=Max("decided_at"))["last"],
)


# --- opportunities -----------------------------------------------------------------------------

def _public_opportunities():
    """Pooling opportunities appear publicly through the decisions on them, and only those."""
    from synergie.opportunities.models import Opportunity

    return Opportunity.objects.filter(agenda_items__decision__isnull=False).distinct()


def _opportunity_rows() -> Iterator[tuple]:
    from synergie.needs.permissions import public_views

    decisions = {}
    for decision in _published_decisions().filter(item__opportunity__isnull=False).order_by(
            "item__meeting__date", "decided_at", "pk").values_list(
            "item__opportunity_id", "pk", "outcome", "item__meeting__date"):
        decisions[decision[0]] = decision[1:]  # the latest decision on it wins
    queryset = (_public_opportunities().order_by("pk")
                .prefetch_related("needs__institution"))
    for opportunity in queryset.iterator(chunk_size=500):
        decision_id, outcome, decided_on = decisions.get(opportunity.pk, (None, "", None))
        needs = list(opportunity.needs.all())
        yield (opportunity.pk, opportunity.title, opportunity.status, len(needs),
               _institutions(public_views(needs)), decision_id, outcome, decided_on)


OPPORTUNITIES = Resource(
    name="opportunities",
    title=_("Pooling opportunities decided on"),
    description=_("Groups of needs of several institutions that the steering committee decided "
                  "on, with the latest decision."),
    columns=(
        Column("opportunity_id", _("Number of the pooling opportunity"), "integer"),
        Column("title", _("Title")),
        Column("status", _("Where the opportunity stands (code)")),
        Column("needs_count", _("Number of needs grouped"), "integer"),
        Column("institutions", _("Institutions concerned, separated by semicolons (an "
                                 "unpublished need is named only by its kind of institution)")),
        Column("decision_id", _("Number of the latest decision on it"), "integer"),
        Column("decision_outcome", _("That decision (code)")),
        Column("decided_on", _("Date of that decision (YYYY-MM-DD)"), "date"),
    ),
    rows=_opportunity_rows,
    count=lambda: _public_opportunities().count(),
    last_update=lambda: _public_opportunities().aggregate(
        last=Max("agenda_items__decision__decided_at"))["last"],
)


# --- catalogue ---------------------------------------------------------------------------------

def _solutions():
    from synergie.catalogue.models import AdoptionStage, Solution

    return Solution.objects.annotate(
        live=Count("adoptions", filter=Q(adoptions__stage=AdoptionStage.LIVE), distinct=True),
        onboarding=Count("adoptions", filter=Q(adoptions__stage=AdoptionStage.ONBOARDING),
                         distinct=True))


SOLUTION_FIELDS = ("pk", "name_fr", "name_nl", "name_en", "summary_fr", "summary_nl",
                   "summary_en", "domain__code", "label_status", "code_url", "landing_url",
                   "software_version", "release_date", "licence", "development_status",
                   "price_model", "price_per_institution", "live", "onboarding", "created_at",
                   "updated_at")


def _solution_rows() -> Iterator[tuple]:
    for row in raw_rows(selected(_solutions().order_by("pk"), SOLUTION_FIELDS,
                                 ("created_at", "updated_at"))):
        yield (*row, _site_url("catalogue:detail", row[0]))


SOLUTIONS = Resource(
    name="solutions",
    title=_("Catalogue of regional solutions"),
    description=_("Shared digital solutions the region offers its institutions, with how many "
                  "use them."),
    columns=(
        Column("solution_id", _("Number of the solution"), "integer"),
        Column("name_fr", _("Name in French")),
        Column("name_nl", _("Name in Dutch")),
        Column("name_en", _("Name in English")),
        Column("summary_fr", _("Summary in French")),
        Column("summary_nl", _("Summary in Dutch")),
        Column("summary_en", _("Summary in English")),
        Column("business_domain", _("Code of the business domain")),
        Column("label_status", _("Regional label (code)")),
        Column("code_url", _("Source code repository"), "url"),
        Column("landing_url", _("Website"), "url"),
        Column("software_version", _("Version")),
        Column("release_date", _("Release date (YYYY-MM-DD)"), "date"),
        Column("licence", _("Software licence (SPDX)")),
        Column("development_status", _("Development status")),
        Column("price_model", _("Price model (code)")),
        Column("price_per_institution_eur", _("Price per institution, in euros"), "decimal"),
        Column("institutions_live", _("Institutions using it"), "integer"),
        Column("institutions_onboarding", _("Institutions being onboarded"), "integer"),
        Column("created_at", _("Added to the catalogue (ISO 8601, UTC)"), "datetime"),
        Column("updated_at", _("Last change (ISO 8601, UTC)"), "datetime"),
        Column("url", _("Path of the solution's public page"), "url"),
    ),
    rows=_solution_rows,
    count=lambda: _solutions().count(),
    last_update=lambda: _solutions().aggregate(last=Max("updated_at"))["last"],
)


def _adoptions():
    from synergie.catalogue.models import Adoption

    return Adoption.objects.all()


ADOPTION_FIELDS = ("pk", "solution_id", "solution__name_fr", "institution__code",
                   "institution__name_fr", "institution__name_nl", "stage", "since")


def _adoption_rows() -> Iterator[tuple]:
    yield from raw_rows(_adoptions().order_by("pk").values_list(*ADOPTION_FIELDS))


ADOPTION = Resource(
    name="adoption",
    title=_("Adoption of the regional solutions"),
    description=_("Which institution uses which solution of the catalogue, and since when, as "
                  "each solution's public page shows it."),
    columns=(
        Column("adoption_id", _("Number of the adoption"), "integer"),
        Column("solution_id", _("Number of the solution"), "integer"),
        Column("solution_name_fr", _("Name of the solution in French")),
        Column("institution_code", _("Code of the institution")),
        Column("institution_name_fr", _("Name of the institution in French")),
        Column("institution_name_nl", _("Name of the institution in Dutch")),
        Column("stage", _("Stage (interested, onboarding, live, leaving, left)")),
        Column("since", _("Since (YYYY-MM-DD)"), "date"),
    ),
    rows=_adoption_rows,
    count=lambda: _adoptions().count(),
    last_update=lambda: _day(_adoptions().aggregate(last=Max("since"))["last"]),
)


# --- projects ----------------------------------------------------------------------------------

def _published_projects():
    from synergie.delivery.permissions import published_projects

    return published_projects()


def _project_rows() -> Iterator[tuple]:
    from synergie.decisions.permissions import public_subject

    for project in _published_projects().order_by("pk").iterator(chunk_size=500):
        decision = project.decision
        following = project.next_milestone()
        yield (project.pk, public_subject(decision), project.status, project.progress,
               following.title if following else "",
               following.planned_date if following else None, decision.pk, decision.outcome,
               decision.date, _site_url("decisions:detail", decision.pk))


PROJECTS = Resource(
    name="projects",
    title=_("Progress of the decided projects"),
    description=_("Each project in delivery: status, progress and next milestone, as the "
                  "public progress page shows it."),
    columns=(
        Column("project_id", _("Number of the project"), "integer"),
        Column("subject", _("What the decision was about, as the public may read it")),
        Column("status", _("Status (in_delivery, on_hold, delivered, stopped)")),
        Column("progress_percent", _("Progress, in percent"), "integer"),
        Column("next_milestone", _("Next milestone not reached yet")),
        Column("next_milestone_date", _("Planned date of that milestone (YYYY-MM-DD)"),
               "date"),
        Column("decision_id", _("Number of the decision that started it"), "integer"),
        Column("decision_outcome", _("That decision (code)")),
        Column("decided_on", _("Date of that decision (YYYY-MM-DD)"), "date"),
        Column("decision_url", _("Path of the decision's public page"), "url"),
    ),
    rows=_project_rows,
    count=lambda: _published_projects().count(),
    last_update=lambda: _published_projects().aggregate(last=Max("created_at"))["last"],
)


# --- the algorithm register and the data catalogue (apps installed after this one was written) --

def _published_algorithms():
    from synergie.algorithms.models import Algorithm

    return Algorithm.objects.published()


ALGORITHM_FIELDS = ("pk", "name", "description_short", "organization", "institution__code",
                    "institution__name_fr", "institution__name_nl", "theme", "usage_status",
                    "publication_category", "risk_category", "version", "published_at",
                    "last_reviewed_at", "updated_at")


def _algorithm_rows() -> Iterator[tuple]:
    prefix = _site_url("algorithms:detail", 0)[:-2]
    for row in raw_rows(selected(_published_algorithms().order_by("pk"), ALGORITHM_FIELDS,
                                 ("published_at", "last_reviewed_at", "updated_at"))):
        yield (*row, f"{prefix}{row[0]}/")


ALGORITHMS = Resource(
    name="algorithms",
    title=_("Register of algorithms"),
    description=_("The published entries of the register of the algorithms and AI systems the "
                  "institutions use (drafts and entries in review are not included)."),
    columns=(
        Column("algorithm_id", _("Number of the entry"), "integer"),
        Column("name", _("Name")),
        Column("description_short", _("Short description")),
        Column("organization", _("Organisation, as the entry names it")),
        Column("institution_code", _("Code of the institution")),
        Column("institution_name_fr", _("Name of the institution in French")),
        Column("institution_name_nl", _("Name of the institution in Dutch")),
        Column("theme", _("Themes")),
        Column("usage_status", _("Stage of use")),
        Column("publication_category", _("Publication category")),
        Column("risk_category", _("EU AI Act risk category (code)")),
        Column("version", _("Published version"), "integer"),
        Column("published_at", _("Published on (ISO 8601, UTC)"), "datetime"),
        Column("last_reviewed_at", _("Last reviewed on (ISO 8601, UTC)"), "datetime"),
        Column("updated_at", _("Last change (ISO 8601, UTC)"), "datetime"),
        Column("url", _("Path of the entry's public page"), "url"),
    ),
    rows=_algorithm_rows,
    count=lambda: _published_algorithms().count(),
    last_update=lambda: _published_algorithms().aggregate(last=Max("updated_at"))["last"],
)


def _active_datasets():
    from synergie.datasets.models import Dataset, DatasetStatus

    return Dataset.objects.filter(status=DatasetStatus.ACTIVE).annotate(
        distributions_count=Count("distributions"))


DATASET_FIELDS = ("pk", "identifier", "title_fr", "title_nl", "title_en", "description_fr",
                  "description_nl", "description_en", "publisher__code", "publisher_name",
                  "themes", "keywords", "licence", "access_rights", "contact_name",
                  "contact_email", "contact_url", "update_frequency", "hvd_category", "issued",
                  "modified", "landing_page", "distributions_count", "updated_at")


def _dataset_rows() -> Iterator[tuple]:
    prefix = _site_url("datasets:detail", 0)[:-2]
    for row in raw_rows(selected(_active_datasets().order_by("pk"), DATASET_FIELDS,
                                 ("updated_at",))):
        yield (*row, f"{prefix}{row[0]}/")


DATASETS = Resource(
    name="datasets",
    title=_("Catalogue of data"),
    description=_("The active datasets of the regional data catalogue (withdrawn ones are not "
                  "included); the full description in DCAT-AP is at /data/catalogue.ttl."),
    columns=(
        Column("dataset_id", _("Number of the dataset in Synergie"), "integer"),
        Column("identifier", _("Identifier (URI)"), "url"),
        Column("title_fr", _("Title in French")),
        Column("title_nl", _("Title in Dutch")),
        Column("title_en", _("Title in English")),
        Column("description_fr", _("Description in French")),
        Column("description_nl", _("Description in Dutch")),
        Column("description_en", _("Description in English")),
        Column("publisher_code", _("Code of the publishing institution, when it is one of the "
                                   "region's")),
        Column("publisher_name", _("Publisher's name")),
        Column("themes", _("Themes (EU data themes), separated by semicolons"), "list"),
        Column("keywords", _("Keywords, separated by semicolons"), "list"),
        Column("licence", _("Licence (URI)"), "url"),
        Column("access_rights", _("Access rights (code)")),
        Column("contact_name", _("Contact point")),
        Column("contact_email", _("Contact e-mail")),
        Column("contact_url", _("Contact page"), "url"),
        Column("update_frequency", _("Update frequency (code)")),
        Column("hvd_category", _("High-value dataset category (code)")),
        Column("issued", _("Issued (YYYY-MM-DD)"), "date"),
        Column("modified", _("Modified (YYYY-MM-DD)"), "date"),
        Column("landing_page", _("Landing page"), "url"),
        Column("distributions_count", _("Number of distributions"), "integer"),
        Column("updated_at", _("Last change in Synergie (ISO 8601, UTC)"), "datetime"),
        Column("url", _("Path of the dataset's public page"), "url"),
    ),
    rows=_dataset_rows,
    count=lambda: _active_datasets().count(),
    last_update=lambda: _active_datasets().aggregate(last=Max("updated_at"))["last"],
)

# Offered once their app is installed: this app worked before they existed.
OPTIONAL = (("synergie.algorithms", ALGORITHMS), ("synergie.datasets", DATASETS))


def all_resources() -> list[Resource]:
    return [NEEDS, OPPORTUNITIES, DECISIONS, SOLUTIONS, ADOPTION, PROJECTS,
            *(resource for app, resource in OPTIONAL if apps.is_installed(app))]


def get_resource(name: str) -> Resource | None:
    return next((resource for resource in all_resources() if resource.name == name), None)
