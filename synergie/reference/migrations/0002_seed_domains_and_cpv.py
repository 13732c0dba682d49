"""The reference lists a new installation starts with, as they were when this migration was
written. Frozen here (the domains below, the CPV labels in the file beside this one) rather than
read from the application's current modules: a migration that has run on a database must give
the same data when it runs on a new one, whatever the code has become since."""

import csv
import gzip
from pathlib import Path

from django.db import migrations

CPV_FILE = Path(__file__).resolve().parent / "0002_cpv_2008_labels.csv.gz"

# code, French, Dutch, English; their order is their position.
DOMAINS = (
    ('hr', 'Ressources humaines', 'Personeelszaken (HR)', 'Human resources'),
    ('finance', 'Finances et comptabilité', 'Financiën en boekhouding', 'Finance and accounting'),
    ('social_action', 'Action sociale', 'Sociale actie', 'Social action'),
    ('population_registry', 'Population et état civil', 'Bevolking en burgerlijke stand', 'Population and civil registry'),
    ('urban_planning', 'Urbanisme et permis', 'Stedenbouw en vergunningen', 'Urban planning and permits'),
    ('mobility', 'Mobilité et stationnement', 'Mobiliteit en parkeren', 'Mobility and parking'),
    ('environment', 'Environnement et propreté', 'Leefmilieu en netheid', 'Environment and cleanliness'),
    ('public_safety', 'Sécurité publique et police', 'Openbare veiligheid en politie', 'Public safety and police'),
    ('procurement', 'Marchés publics', 'Overheidsopdrachten', 'Public procurement'),
    ('document_management', 'Gestion documentaire et archives', 'Document- en archiefbeheer', 'Document and records management'),
    ('citizen_services', 'Services aux citoyens et guichet', 'Dienstverlening aan burgers en loket', 'Citizen services and front office'),
    ('it_infrastructure', 'Infrastructure informatique et poste de travail', 'IT-infrastructuur en werkplek', 'IT infrastructure and workplace'),
    ('data', 'Données et informatique décisionnelle', 'Data en business intelligence', 'Data and business intelligence'),
    ('cybersecurity', 'Cybersécurité', 'Cyberbeveiliging', 'Cybersecurity'),
    ('education', 'Enseignement et petite enfance', 'Onderwijs en kinderopvang', 'Education and childcare'),
    ('health', 'Santé et soins', 'Gezondheid en zorg', 'Health and care'),
    ('communication', 'Communication et participation', 'Communicatie en participatie', 'Communication and participation'),
    ('assets', 'Bâtiments et patrimoine', 'Gebouwen en patrimonium', 'Buildings and assets'),
)


def seed(apps, schema_editor):
    domain_model = apps.get_model("reference", "BusinessDomain")
    for position, (code, name_fr, name_nl, name_en) in enumerate(DOMAINS):
        domain_model.objects.update_or_create(
            code=code,
            defaults={"name_fr": name_fr, "name_nl": name_nl, "name_en": name_en,
                      "position": position},
        )
    cpv_model = apps.get_model("reference", "CpvCode")
    with gzip.open(CPV_FILE, "rt", encoding="utf-8", newline="") as handle:
        rows = [
            cpv_model(code=row["code"], label_fr=row["label_fr"], label_nl=row["label_nl"],
                      label_en=row["label_en"])
            for row in csv.DictReader(handle)
        ]
    cpv_model.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
