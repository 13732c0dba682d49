from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from synergie.kernel.text import strip_unwanted_characters
from synergie.decisions.permissions import public_needs, public_subject, published_decisions

FEED_SIZE = 50


class DecisionFeed(Feed):
    """Recorded decisions, newest meeting first: what the steering committee decided and why,
    dated by the meeting that decided, naming needs as every public page does."""

    feed_type = Atom1Feed
    title = gettext_lazy("Synergie: decisions of the steering committee")
    subtitle = gettext_lazy("Decisions on shared digital solutions in the Brussels-Capital "
                            "Region, with their motivation.")
    link = reverse_lazy("decisions:list")

    def items(self):
        return published_decisions()[:FEED_SIZE]

    # Text typed before the forms removed control characters (or put in by other means) must
    # not take the feed down: XML cannot carry them, and Django's writer refuses the whole feed.
    def item_title(self, decision):
        return strip_unwanted_characters(
            _("%(outcome)s: %(subject)s") % {"outcome": decision.get_outcome_display(),
                                             "subject": public_subject(decision)},
            multiline=False)

    def item_description(self, decision):
        """HTML, as Atom's summary says: the motivation and conditions in their language, then
        the institutions concerned."""
        parts = [format_html('<div lang="{}">{}</div>', decision.language,
                             _paragraphs(decision.motivation))]
        if decision.conditions:
            parts.append(format_html('<p>{}</p><div lang="{}">{}</div>', _("Conditions:"),
                                     decision.language,
                                     _paragraphs(decision.conditions)))
        concerned = public_needs(decision)
        if concerned:
            parts.append(format_html("<p>{}</p><ul>{}</ul>", _("Institutions concerned"),
                                     format_html_join("", "<li>{}</li>",
                                                      ((_describe(need),) for need in concerned))))
        return strip_unwanted_characters("".join(parts))

    def item_pubdate(self, decision):
        return _meeting_day(decision)

    def item_updateddate(self, decision):
        return _meeting_day(decision)


def _paragraphs(text: str) -> str:
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 (escaped by linebreaks)


def _describe(need) -> str:
    if need.is_named:
        return _("%(institution)s: %(need)s") % {"institution": need.institution,
                                                 "need": need.title}
    return capfirst(need.institution)


def _meeting_day(decision) -> datetime:
    return timezone.make_aware(datetime.combine(decision.date, time.min))
