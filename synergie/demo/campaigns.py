"""Demo data of the yearly needs campaign: the orchestrator opened next year's campaign a week
ago; one municipality imported its plan (two needs, filed as drafts), one police zone said it
has nothing to declare, and the institutions whose demo needs cover next year count as having
filed them one by one. The others have not answered yet.

Call `load()` after `synergie.demo.load.load_demo`. Dates count from `today` (default: the
server's date), so that the campaign stays open whenever the demo is loaded."""

import csv
import io
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import translation

from synergie.campaigns.actions import (
    do_declare_nothing,
    do_import_plan,
    do_open_campaign,
    do_upload_plan,
)
from synergie.campaigns.plan_import import headers
from synergie.institutions.models import Institution

# What Marie Dubois of the first municipality (COM-21001) imports, in French.
PLAN = [
    ["Remplacement des postes de travail des écoles", "300 postes en fin de vie dans les "
     "écoles communales, avec gestion centralisée.", "fr", "{domain}", "{cpv}",
     "{start}", "", "non", "regional", "{year}", "186 000", "12 500,50", "4"],
    ["Logiciel de gestion des salles communales", "Réservation en ligne des salles par les "
     "associations, paiement et calendrier public.", "fr", "{domain}", "", "{start}",
     "", "non", "public", "{year}", "25.000", "3 200", "3"],
]


def _plan_csv(year: int, domain: str, cpv: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers("fr"))
    for row in PLAN:
        writer.writerow([cell.format(year=year, domain=domain, cpv=cpv, start=f"{year}-03-01")
                         for cell in row])
    return out.getvalue().encode("utf-8-sig")


def load(today: date | None = None):
    from synergie.reference.models import BusinessDomain, CpvCode

    today = today or date.today()
    users = get_user_model().objects
    campaign = do_open_campaign(
        year=today.year + 1, deadline=today + timedelta(days=45),
        reminder_dates=[today - timedelta(days=2), today + timedelta(days=20),
                        today + timedelta(days=38)],
        message="Merci d'encoder votre plan pluriannuel de besoins numériques. / "
                "Gelieve uw meerjarenplan van digitale behoeften in te voeren.",
        acting_user=users.get(username="lucas.martin"))
    domain = BusinessDomain.objects.order_by("code").first()
    cpv = "30213000" if CpvCode.objects.filter(code="30213000").exists() else ""
    marie = users.get(username="marie.dubois")
    municipality = Institution.objects.get(code="COM-21001")
    with translation.override("fr"):
        upload = do_upload_plan(campaign, municipality, filename="plan-besoins.csv",
                                content=_plan_csv(campaign.year, domain.code, cpv),
                                acting_user=marie)
        do_import_plan(upload, acting_user=marie, default_language="fr")
    do_declare_nothing(campaign, Institution.objects.get(code="PZ-5341"),
                       acting_user=users.get(username="sophie.lambert"))
    return campaign
