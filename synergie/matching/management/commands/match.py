"""`synergie match "text of a need" [--top N] [--json]`: the best matches from the command line.

Run as the installation's operator, it sees every indexed need (like an analyst), institution-only
ones included: each of those is marked, so that what is pasted from the terminal into a mail or
a ticket says which lines may not leave their institution.
"""

import argparse
import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from synergie.matching.explain import describe_matches
from synergie.matching.service import Query, matching_index
from synergie.needs.models import Confidentiality

# Beyond this many, the list is no longer a shortlist a person reads.
MAX_TOP = 1000


def positive_count(value: str) -> int:
    """--top: a whole number from 1 to MAX_TOP (argparse reports the message, exit status 2)."""
    try:
        count = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a whole number of matches, got “%(value)s”") % {"value": value}) from None
    if not 1 <= count <= MAX_TOP:
        raise argparse.ArgumentTypeError(
            _("the number of matches must be between 1 and %(max)s, got %(value)s")
            % {"max": MAX_TOP, "value": count})
    return count


def need_text(value: str) -> str:
    """The text to match: an empty or blank one matches nothing, so it is refused."""
    if not value.strip():
        raise argparse.ArgumentTypeError(_("the text of the need is empty"))
    return value


def confidentiality_flag(need) -> str:
    if need.confidentiality == Confidentiality.INSTITUTION:
        return _("[confidential: institution only]")
    return ""


class Command(BaseCommand):
    help = "Print the needs that best match a text, with their scores and reasons."

    def add_arguments(self, parser):
        parser.add_argument("text", type=need_text,
                            help="the text of a need, in French, Dutch or English")
        parser.add_argument("--top", type=positive_count, default=10,
                            help=f"how many matches, 1 to {MAX_TOP} (default 10)")
        parser.add_argument("--language", default="fr", choices=["fr", "nl", "en"],
                            help="language of the text, for word stemming (default fr)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, text, top, language, json: bool, **options):
        matches = matching_index.search(Query(text=text, language=language), k=top)
        results = describe_matches(Query(text=text, language=language), matches)
        if json:
            self.stdout.write(_dumps([
                {**result.as_dict(), "confidentiality": result.need.confidentiality,
                 "confidential": result.need.confidentiality == Confidentiality.INSTITUTION}
                for result in results]))
            return
        if not results:
            self.stdout.write("No match: the index is empty (run `synergie reindex`).")
        for rank, result in enumerate(results, 1):
            flag = confidentiality_flag(result.need)
            self.stdout.write(
                f"{rank:>2}. {result.score:6.2f}  [{result.need.pk}] {result.need.title} — "
                f"{result.need.institution.name_fr} ({result.need.get_status_display()})"
                + (f"  {flag}" if flag else "")
            )
            self.stdout.write(f"    {result.reason}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
