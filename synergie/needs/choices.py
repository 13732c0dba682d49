"""Choosing one need in a form without listing the region's needs.

A form field that offered every need a user may read would print tens of thousands of titles
in one page. The field accepts any need of its queryset (checked by the server when the form is
sent: what the user may read, narrowed down by the form), but lists only those matching the
words typed in the page's search box (a plain GET form, no script), at most MAX_OFFERED, and
the need already chosen."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from synergie.kernel.text import search_terms

MAX_OFFERED = 20
SEARCH_PARAMETER = "need_search"


def matching_needs(queryset, words: str):
    """The needs of `queryset` whose title or description hold every word (accents and case
    ignored), as the inbox searches."""
    for term in search_terms(words):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def offer_needs(field: forms.ModelChoiceField, queryset, words: str, chosen=None) -> None:
    """Let `field` accept any need of `queryset` and list the ones matching `words` (and the
    one `chosen`, an id as posted), with a help text saying what the search found."""
    field.queryset = queryset  # what the server accepts
    terms = search_terms(words or "")
    wanted = Q(pk__in=matching_needs(queryset, words).order_by("title", "pk")
               .values("pk")[:MAX_OFFERED]) if terms else Q(pk__in=[])
    if chosen and str(chosen).isdigit() and len(str(chosen)) < 19:
        wanted |= Q(pk=int(chosen))
    offered = list(queryset.filter(wanted).select_related("institution")
                   .order_by("title", "pk"))
    field.widget.choices = [("", field.empty_label or "")] + [
        (need.pk, f"{need.title} · {need.institution.name}") for need in offered]
    if not terms:
        field.help_text = _("Find the need with the search box above, then choose it here.")
        return
    found = matching_needs(queryset, words).count()
    if found > MAX_OFFERED:
        field.help_text = _("The first %(shown)d of the %(count)d needs matching “%(words)s”: "
                            "add words to narrow the search.") % {
            "shown": MAX_OFFERED, "count": found, "words": words}
    else:
        field.help_text = ngettext(
            "%(count)d need matches “%(words)s”.", "%(count)d needs match “%(words)s”.",
            found) % {"count": found, "words": words}
