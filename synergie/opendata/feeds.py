"""Atom feeds of the public sections, made like the decisions' feed (`decisions/feeds.py`):
the newest first, titles in the reader's language, only what the public pages show."""

import importlib
from datetime import datetime, time

from django.apps import apps
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergie.kernel.text import strip_unwanted_characters

FEED_SIZE = 50


def _clean(text: str, multiline: bool = True) -> str:
    return strip_unwanted_characters(str(text or ""), multiline=multiline)


def _day(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


class PublishedNeedsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Synergie: needs published by the institutions")
    subtitle = gettext_lazy("Needs the institutions of the Brussels-Capital Region have "
                            "published, newest first.")
    link = reverse_lazy("needs:public")

    def items(self):
        from synergie.opendata.resources import public_needs

        return (public_needs().select_related("institution")
                .order_by("-submitted_at", "-pk")[:FEED_SIZE])

    def item_title(self, need):
        return _clean(_("%(institution)s: %(need)s") % {"institution": need.institution,
                                                        "need": need.title}, multiline=False)

    def item_description(self, need):
        return _clean(format_html('<div lang="{}">{}</div>', need.language,
                                  linebreaks(need.description, autoescape=True)))

    def item_pubdate(self, need):
        return need.submitted_at or need.created_at

    def item_updateddate(self, need):
        return need.updated_at


class CatalogueFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Synergie: catalogue of regional solutions")
    subtitle = gettext_lazy("Shared solutions added to the regional catalogue or changed, "
                            "newest change first.")
    link = reverse_lazy("catalogue:list")

    def items(self):
        from synergie.catalogue.models import Solution

        return Solution.objects.order_by("-updated_at", "-pk")[:FEED_SIZE]

    def item_title(self, solution):
        return _clean(solution.name, multiline=False)

    def item_description(self, solution):
        summary = {"fr": solution.summary_fr, "nl": solution.summary_nl,
                   "en": solution.summary_en}
        from synergie.core.i18n import pick_translation

        return _clean(format_html("<p>{}</p><p>{}</p>", pick_translation(summary),
                                  solution.get_label_status_display()))

    def item_link(self, solution):
        return reverse("catalogue:detail", args=[solution.pk])

    def item_pubdate(self, solution):
        return solution.created_at

    def item_updateddate(self, solution):
        return solution.updated_at


class ProjectsFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Synergie: progress of the decided projects")
    subtitle = gettext_lazy("Where the delivery of each decided project stands, latest "
                            "report first.")
    link = reverse_lazy("delivery:public")

    def items(self):
        from synergie.delivery.permissions import published_projects

        projects = list(published_projects().annotate(last_report=Max("reports__date")))
        projects.sort(key=self.item_updateddate, reverse=True)
        return projects[:FEED_SIZE]

    def item_title(self, project):
        from synergie.decisions.permissions import public_subject

        return _clean(_("%(subject)s: %(status)s, %(progress)s %%") % {
            "subject": public_subject(project.decision),
            "status": project.get_status_display(), "progress": project.progress},
            multiline=False)

    def item_description(self, project):
        following = project.next_milestone()
        if following is None:
            return ""
        return _clean(format_html("<p>{} {}</p>", _("Next milestone:"), _(
            "%(milestone)s, %(date)s") % {"milestone": following.title,
                                           "date": following.planned_date.isoformat()}))

    def item_link(self, project):
        return reverse("decisions:detail", args=[project.decision_id])

    def item_pubdate(self, project):
        return project.created_at

    def item_updateddate(self, project):
        return max(filter(None, [project.created_at, _day(project.last_report)]))


class AppFeed(Feed):
    """A feed over an app's public port (`<app>/public.py`: a function giving the recent public
    entries, each with `title`, `url`, `date` and `summary`), for the apps this one does not
    require: the algorithm register and the data catalogue."""

    feed_type = Atom1Feed
    app = ""
    function = ""
    list_url = ""

    @classmethod
    def available(cls) -> bool:
        if not apps.is_installed(cls.app):
            return False
        try:
            module = importlib.import_module(f"{cls.app}.public")
        except ModuleNotFoundError:
            return False
        return hasattr(module, cls.function)

    def link(self):
        return reverse(self.list_url)

    def items(self):
        module = importlib.import_module(f"{self.app}.public")
        return list(getattr(module, self.function)(limit=FEED_SIZE))

    def item_title(self, entry):
        institution = getattr(entry, "institution", "")
        title = (_("%(institution)s: %(need)s") % {"institution": institution,
                                                    "need": entry.title}
                 if institution else entry.title)
        return _clean(title, multiline=False)

    def item_description(self, entry):
        return _clean(format_html("<p>{}</p>", entry.summary)) if entry.summary else ""

    def item_link(self, entry):
        return entry.url

    def item_pubdate(self, entry):
        return _day(entry.date)

    def item_updateddate(self, entry):
        return _day(entry.date)


class AlgorithmsFeed(AppFeed):
    title = gettext_lazy("Synergie: register of algorithms")
    subtitle = gettext_lazy("Algorithms and AI systems the institutions use, as published in "
                            "the register, newest first.")
    app = "synergie.algorithms"
    function = "recent_published"
    list_url = "algorithms:list"


class DatasetsFeed(AppFeed):
    title = gettext_lazy("Synergie: catalogue of data")
    subtitle = gettext_lazy("Datasets of the region, newest first.")
    app = "synergie.datasets"
    function = "recent_datasets"
    list_url = "datasets:list"
