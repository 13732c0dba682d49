"""Demo data of the data catalogue: real DCAT-AP catalogues of Belgian federal bodies,
harvested as the data office would (synergie/datasets/data/, see its SOURCES.md), and a few
regional datasets described by hand in French, Dutch and English.

Call `load()` after the institutions (a harvested publisher is linked to the institution with
its enterprise number) and before the data office's demo (its dependencies name datasets)."""

from datetime import date
from pathlib import Path

from synergie.datasets.actions import do_add_distribution, do_create_dataset
from synergie.datasets.harvest import harvest
from synergie.datasets.models import Dataset

DATA = Path(__file__).resolve().parents[1] / "datasets" / "data"
HARVESTED = ["best__dcat.rdf", "favv__dcat.rdf", "dcat-other__fpsecocbe.xml",
             "dcat-other__fpsjust.xml", "dcat-other__fpsbosabudget.xml", "fodbosa__enhanced.nt"]
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

REGIONAL = [
    {
        "identifier": "https://datastore.brussels/web/data/dataset/urbis-adresses",
        "title_fr": "UrbIS – Adresses et voiries de la Région de Bruxelles-Capitale",
        "title_nl": "UrbIS – Adressen en wegen van het Brussels Hoofdstedelijk Gewest",
        "title_en": "UrbIS – Addresses and streets of the Brussels-Capital Region",
        "description_fr": "Le référentiel régional des adresses, rues et îlots, tenu par "
                          "Paradigm et mis à jour chaque trimestre.",
        "description_nl": "Het gewestelijke referentiebestand van adressen, straten en "
                          "huizenblokken, bijgehouden door Paradigm en elk kwartaal bijgewerkt.",
        "description_en": "The regional reference of addresses, streets and blocks, kept by "
                          "Paradigm and updated every quarter.",
        "publisher_name": "Paradigm", "themes": ["REGI", "GOVE"],
        "keywords": ["UrbIS", "adresses", "adressen", "SIG"], "licence": CC_BY,
        "access_rights": "PUBLIC", "update_frequency": "QUARTERLY", "hvd_category": "c_ac64a52d",
        "contact_name": "Paradigm – UrbIS", "contact_email": "urbis@paradigm.brussels",
        "issued": date(2015, 1, 1), "modified": date(2026, 9, 30),
        "landing_page": "https://datastore.brussels/web/urbis-download",
        "distributions": [{"title": "UrbIS Adresses (GeoPackage)", "format": "GPKG",
                           "access_url": "https://datastore.brussels/web/urbis-download",
                           "download_url": "", "media_type": "", "licence": CC_BY}],
    },
    {
        "identifier": "https://datastore.brussels/web/data/dataset/qualite-air",
        "title_fr": "Qualité de l'air : mesures horaires des stations bruxelloises",
        "title_nl": "Luchtkwaliteit: uurmetingen van de Brusselse meetstations",
        "title_en": "Air quality: hourly readings of the Brussels stations",
        "description_fr": "Concentrations de NO2, PM10, PM2,5 et ozone mesurées chaque heure "
                          "par le réseau télémétrique de Bruxelles Environnement.",
        "description_nl": "Concentraties NO2, PM10, PM2,5 en ozon, elk uur gemeten door het "
                          "telemetrisch meetnet van Leefmilieu Brussel.",
        "description_en": "NO2, PM10, PM2.5 and ozone measured every hour by Brussels "
                          "Environment's telemetric network.",
        "publisher_name": "Bruxelles Environnement – Leefmilieu Brussel",
        "themes": ["ENVI", "HEAL"], "keywords": ["air", "lucht", "NO2"], "licence": CC_BY,
        "access_rights": "PUBLIC", "update_frequency": "CONT", "hvd_category": "c_dd313021",
        "modified": date(2026, 11, 30),
        "landing_page": "https://environnement.brussels/qualite-air",
        "distributions": [{"title": "API", "format": "JSON", "media_type": "application/json",
                           "access_url": "https://api.environnement.brussels/air",
                           "download_url": "", "licence": CC_BY}],
    },
    {
        "identifier": "https://datastore.brussels/web/data/dataset/population-communes",
        "title_fr": "Population des 19 communes par âge et sexe",
        "title_nl": "Bevolking van de 19 gemeenten per leeftijd en geslacht",
        "title_en": "Population of the 19 municipalities by age and sex",
        "description_fr": "Chiffres au 1er janvier de chaque année, publiés par l'IBSA.",
        "description_nl": "Cijfers op 1 januari van elk jaar, gepubliceerd door het BISA.",
        "description_en": "Figures on 1 January of every year, published by IBSA.",
        "publisher_name": "IBSA – BISA (perspective.brussels)", "themes": ["SOCI", "REGI"],
        "keywords": ["population", "bevolking"], "licence": CC_BY, "access_rights": "PUBLIC",
        "update_frequency": "ANNUAL", "hvd_category": "c_e1da4e07", "modified": date(2026, 3, 1),
        "landing_page": "https://ibsa.brussels/themes/population",
        "distributions": [{"title": "XLSX", "format": "XLSX", "access_url":
                           "https://ibsa.brussels/themes/population", "download_url": "",
                           "media_type": "", "licence": CC_BY}],
    },
    {
        "identifier": "https://datastore.brussels/web/data/dataset/plan-parcellaire",
        "title_fr": "Plan parcellaire cadastral (géométries)",
        "title_nl": "Kadastraal perceelplan (geometrieën)",
        "title_en": "Cadastral parcel plan (geometries)",
        "description_fr": "Les parcelles cadastrales de la Région, sans les données des "
                          "propriétaires, publiées par le SPF Finances (AGDP).",
        "description_nl": "De kadastrale percelen van het Gewest, zonder de gegevens van de "
                          "eigenaars, gepubliceerd door de FOD Financiën (AAPD).",
        "description_en": "The Region's cadastral parcels, without the owners' data, published "
                          "by the FPS Finance (GAPD).",
        "publisher_name": "SPF Finances – FOD Financiën", "themes": ["REGI", "ECON"],
        "keywords": ["cadastre", "kadaster", "parcelles"], "licence": CC_BY,
        "access_rights": "PUBLIC", "update_frequency": "ANNUAL", "hvd_category": "c_ac64a52d",
        "modified": date(2026, 1, 1),
        "landing_page": "https://finances.belgium.be/fr/experts_partenaires/plan-parcellaire",
        "distributions": [{"title": "Shapefile", "format": "SHP", "access_url":
                           "https://finances.belgium.be/fr/experts_partenaires/plan-parcellaire",
                           "download_url": "", "media_type": "", "licence": CC_BY}],
    },
    {
        "identifier": "https://datastore.brussels/web/data/dataset/registre-marches-publics",
        "title_fr": "Marchés publics numériques des institutions bruxelloises",
        "title_nl": "Digitale overheidsopdrachten van de Brusselse instellingen",
        "title_en": "Digital public contracts of the Brussels institutions",
        "description_fr": "Les marchés TIC attribués par les communes, CPAS et zones de police, "
                          "tels que le Bureau des Achats Numériques les recense.",
        "description_nl": "De ICT-opdrachten gegund door de gemeenten, OCMW's en politiezones, "
                          "zoals het Bureau voor Digitale Aankopen ze inventariseert.",
        "description_en": "The ICT contracts awarded by municipalities, social welfare centres "
                          "and police zones, as listed by the digital purchasing office.",
        "publisher_name": "Région de Bruxelles-Capitale – Brussels Hoofdstedelijk Gewest",
        "themes": ["GOVE", "ECON"], "keywords": ["marchés publics", "overheidsopdrachten"],
        "access_rights": "RESTRICTED", "update_frequency": "MONTHLY",
        "contact_name": "Bureau de la Donnée – Databureau",
        "contact_email": "data@synergie.invalid", "modified": date(2026, 11, 2),
        "distributions": [],
    },
]


def load() -> dict:
    """Describe the regional datasets, harvest the bundled samples; {"harvested", "regional"}."""
    regional = 0
    for item in REGIONAL:
        fields = dict(item)
        distributions = fields.pop("distributions")
        if Dataset.objects.filter(identifier=fields["identifier"]).exists():
            continue
        dataset = do_create_dataset(acting_user=None, **fields)
        for distribution in distributions:
            do_add_distribution(dataset, acting_user=None, **distribution)
        regional += 1
    # Harvested after the regional ones, which come first among equals (the data office's
    # demo picks the first dataset whose title matches its words).
    harvested = 0
    for name in HARVESTED:
        report = harvest(str(DATA / name))
        harvested += report.created + report.updated
    return {"harvested": harvested, "regional": regional}
