"""Demo data of the Bureau de la Donnée: the data some demo needs depend on (datasets of the
catalogue when the demo's catalogue holds them, data described in words otherwise) and the
verdicts Eva Claes of the data office gave on them, one of them changed after a second look.

Call `load()` after the needs, the pooling opportunities and the data catalogue are loaded: it
finds the needs by their title and tolerates a catalogue without the datasets it looks for."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from synergie.data_office.actions import do_add_dependency, do_give_verdict
from synergie.datasets.models import Dataset, DatasetStatus
from synergie.needs.models import Need

# need key (demo/data/needs.json), words of a catalogue dataset's title (or None), the data as
# the institution describes it, why the need depends on it, [(verdict, reason), ...].
DEPENDENCIES = [
    ("zp-midi-cameras-corporelles", None,
     "ISLP : procès-verbaux liés aux images des caméras corporelles",
     "Relier chaque enregistrement au procès-verbal de l'intervention.",
     [("personal", "Images et procès-verbaux sont des données personnelles (loi sur la fonction "
                   "de police, art. 25/1 et suivants) : l'accès doit reposer sur la loi caméras "
                   "et une analyse d'impact (AIPD) validée par le DPO de la zone.")]),
    ("pz-noord-bodycams", None,
     "Registratie van de interventies van de dispatching (tijdstip, plaats, ploeg)",
     "De beelden automatisch aan de juiste interventie koppelen.",
     [("missing", "Die registratie bestaat niet in gestructureerde vorm: de dispatching houdt "
                  "een vrij logboek bij. Eerst een gemeenschappelijk formaat afspreken.")]),
    ("zp-montgomery-cameras-pietons", None,
     "Planning des patrouilles de la zone",
     "Savoir quelles équipes portent une caméra et quand.",
     [("available", "La planning existe dans l'outil de la zone."),
      ("conditions", "Disponible, mais exporté seulement chaque semaine ; un export quotidien "
                     "doit être demandé au fournisseur de l'outil de planning.")]),
    ("boitsfort-sig-espace-public", ("urbis", "adress", "adres"),
     "UrbIS : adresses et voiries de la Région",
     "Localiser chaque élément du patrimoine public sur une adresse régionale.",
     [("available", "Données ouvertes publiées par Paradigm sous licence CC BY 4.0.")]),
    ("boitsfort-sig-espace-public", ("cadast", "kadast", "parcel"),
     "Plan parcellaire cadastral (SPF Finances - AGDP)",
     "Distinguer le domaine public des parcelles privées.",
     [("conditions", "Le plan parcellaire est ouvert ; les données des propriétaires ne le sont "
                     "pas : seule la couche géométrique est utilisable sans convention.")]),
    ("uccle-traitements-personnel", None,
     "Registre national (via BOSA/FSB) : identification des agents",
     "Identifier les agents et leur situation familiale pour le calcul du précompte.",
     [("personal", "Données personnelles : une autorisation d'accès au Registre national "
                   "(art. 5 de la loi du 8 août 1983) est requise, ou une délibération du "
                   "comité de sécurité de l'information.")]),
    ("ganshoren-facturation-electronique", ("entreprise", "onderneming", "enterprise", "kbo",
                                            "bce"),
     "Banque-Carrefour des Entreprises : données des fournisseurs",
     "Vérifier le numéro d'entreprise et l'adresse de chaque fournisseur.",
     [("available", "Les données publiques de la BCE sont ouvertes (réutilisation gratuite).")]),
    ("ocmw-jette-e-facturen", None,
     "Mercurius/Peppol: ontvangen e-facturen",
     "De facturen rechtstreeks in de boekhouding inlezen.",
     []),  # still waiting for a verdict: the queue has something to show
]


def _needs_by_key() -> dict:
    from synergie.demo.load import read_needs

    titles = {item["key"]: item["title"] for item in read_needs()}
    wanted = {key for key, *_ in DEPENDENCIES}
    found = {need.title: need for need in Need.objects.filter(
        title__in=[titles[key] for key in wanted if key in titles])}
    return {key: found[titles[key]] for key in wanted if titles.get(key) in found}


def _dataset(words) -> Dataset | None:
    if not words:
        return None
    query = Q()
    for word in words:
        query |= Q(title_fr__icontains=word) | Q(title_nl__icontains=word) | \
            Q(title_en__icontains=word)
    return Dataset.objects.filter(query, status=DatasetStatus.ACTIVE).order_by("pk").first()


def load() -> int:
    users = get_user_model().objects
    admin = users.get(username="admin")  # edits any need (needs.change_need)
    officer = users.get(username="eva.claes")
    needs = _needs_by_key()
    count = 0
    for key, words, description, purpose, verdicts in DEPENDENCIES:
        need = needs.get(key)
        if need is None:
            continue
        dataset = _dataset(words)
        dependency = do_add_dependency(need, dataset=dataset,
                                       description="" if dataset else description,
                                       purpose=purpose, acting_user=admin)
        for verdict, reason in verdicts:
            do_give_verdict(dependency, verdict=verdict, reason=reason, acting_user=officer)
        count += 1
    return count
