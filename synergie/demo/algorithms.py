"""Demo data of the algorithm register: ten real entries of the Dutch national register
(`synergie/algorithms/data/`, EUPL-1.2), described by Brussels demo institutions. Most are
published (a version each, reviewed by the data office); one waits in review, one is a draft,
one was last reviewed fourteen months ago (its page warns), and the parking control entry has
one published citizen's message and one waiting for moderation.

Call `load()` after `synergie.demo.load.load_demo` has made the institutions and users."""

import json
from datetime import timedelta
from pathlib import Path

ENTRIES = Path(__file__).resolve().parents[1] / "algorithms" / "data" / "example_entries.json"
# name → (institution code, EU AI Act risk category, where the demo leaves it)
PLACES = {
    "Parkeercontrole": ("COM-21001", "limited", "published"),
    "Scanauto kentekenherkenning": ("COM-21004", "limited", "published"),
    "Automatische regelsoftware verkeerslichten": ("COM-21004", "not_ai", "published"),
    "Wmo-voorspelmodel": ("CPAS-21015", "high", "stale"),
    "Uitrekenen WOZ-waarde": ("COM-21001", "not_ai", "published"),
    "Chatbot Harry: reis en routeadvies": ("COM-21004", "limited", "published"),
    "Risicoprofiel DigiSchouw": ("COM-21001", "high", "in_review"),
    "Public Eye": ("PZ-5341", "high", "published"),
    "Handhaving illegale vakantieverhuur": ("COM-21004", "high", "draft"),
    "Bevolkingsprognosemodel": ("COM-21009", "minimal", "published"),
}
REVIEWER = "eva.claes"
FEEDBACK = {
    "published": ("Karim", "Kunnen bewoners de foto's van de scanauto inzien als ze bezwaar "
                           "maken? / Les habitants peuvent-ils voir les photos en cas de "
                           "recours ?"),
    "pending": ("", "Hoe lang worden de kentekens bewaard? / Combien de temps les plaques "
                    "sont-elles conservées ?"),
}


def _acting_user(institution, fallback):
    from synergie.accounts.models import Membership

    membership = (Membership.objects.filter(institution=institution, role__code="contributor")
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else fallback


def load(stdout=None) -> dict:
    from django.utils import timezone

    from synergie.accounts.models import User
    from synergie.algorithms import standard
    from synergie.algorithms.actions import (
        do_change_algorithm,
        do_import_register,
        do_leave_feedback,
        do_moderate_feedback,
        do_transition_algorithm,
    )
    from synergie.algorithms.models import Algorithm
    from synergie.demo.load import ADMIN_USERNAME
    from synergie.institutions.models import Institution

    admin = User.objects.get(username=ADMIN_USERNAME)
    reviewer = User.objects.filter(username=REVIEWER).first() or admin
    institutions = Institution.objects.in_bulk({place[0] for place in PLACES.values()},
                                               field_name="code")
    counts = {"draft": 0, "in_review": 0, "published": 0, "stale": 0}
    for entry in json.loads(ENTRIES.read_text(encoding="utf-8")):
        code, risk, where = PLACES[entry["name"]]
        institution = institutions[code]
        author = _acting_user(institution, admin)
        # The organisation is the demo institution (the rest as the Dutch register published it).
        entry = standard.apply(entry, {"organization": institution.name_nl})
        report = do_import_register([entry], acting_user=author, institution=institution)
        if report.rejected:
            raise ValueError(f"demo entry {entry['name']!r}: {report.rejected}")
        algorithm = Algorithm.objects.get(pk=(report.created or report.updated
                                              or report.unchanged)[0])
        algorithm = do_change_algorithm(algorithm, acting_user=author, risk_category=risk)
        if where != "draft":
            algorithm = do_transition_algorithm(algorithm, "submit", acting_user=author)
        if where in ("published", "stale"):
            algorithm = do_transition_algorithm(algorithm, "publish", acting_user=reviewer)
        if where == "stale":
            long_ago = timezone.now() - timedelta(days=430)
            Algorithm.objects.filter(pk=algorithm.pk).update(last_reviewed_at=long_ago,
                                                             published_at=long_ago)
            algorithm.versions.update(published_at=long_ago)
        if entry["name"] == "Parkeercontrole":
            name, message = FEEDBACK["published"]
            shown = do_leave_feedback(algorithm, name=name, message=message)
            do_moderate_feedback(shown, "published", acting_user=reviewer)
            name, message = FEEDBACK["pending"]
            do_leave_feedback(algorithm, name=name, message=message)
        counts[where] += 1
    if stdout is not None:
        stdout.write(f"Algorithm register: {sum(counts.values())} entries "
                     f"({counts['published'] + counts['stale']} published, "
                     f"{counts['in_review']} in review, {counts['draft']} draft).")
    return counts
