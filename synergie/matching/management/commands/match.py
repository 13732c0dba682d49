"""`synergie match "text of a need" [--top N] [--json]`: the best matches from the command line.

Run as the installation's operator, it sees every indexed need (like an analyst).
"""

import json

from django.core.management.base import BaseCommand

from synergie.matching.explain import describe_matches
from synergie.matching.service import Query, matching_index


class Command(BaseCommand):
    help = "Print the needs that best match a text, with their scores and reasons."

    def add_arguments(self, parser):
        parser.add_argument("text", help="the text of a need, in French, Dutch or English")
        parser.add_argument("--top", type=int, default=10, help="how many matches (default 10)")
        parser.add_argument("--language", default="fr", choices=["fr", "nl", "en"],
                            help="language of the text, for word stemming (default fr)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, text, top, language, json: bool, **options):
        matches = matching_index.search(Query(text=text, language=language), k=top)
        results = describe_matches(Query(text=text, language=language), matches)
        if json:
            self.stdout.write(_dumps([result.as_dict() for result in results]))
            return
        if not results:
            self.stdout.write("No match: the index is empty (run `synergie reindex`).")
        for rank, result in enumerate(results, 1):
            self.stdout.write(
                f"{rank:>2}. {result.score:6.2f}  [{result.need.pk}] {result.need.title} — "
                f"{result.need.institution.name_fr} ({result.need.get_status_display()})"
            )
            self.stdout.write(f"    {result.reason}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
