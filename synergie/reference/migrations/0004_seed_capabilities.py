"""A default capability map of Brussels local authorities and regional bodies, as it was when
this migration was written (frozen here, like the domains of 0002). The architecture board
renames, reorders and extends it afterwards; a capability already present is left as it is."""

from django.db import migrations

# code, French, Dutch, English, business domain; their order is their position.
CAPABILITIES = (
    ("civil_status", "État civil", "Burgerlijke stand", "Civil status",
     "population_registry"),
    ("population_register", "Registre de la population", "Bevolkingsregister",
     "Population register", "population_registry"),
    ("identity_documents", "Cartes d'identité et passeports", "Identiteitskaarten en paspoorten",
     "Identity cards and passports", "population_registry"),
    ("social_aid_case_management", "Gestion des dossiers d'aide sociale",
     "Dossierbeheer sociale hulp", "Social aid case management", "social_action"),
    ("payroll", "Paie", "Loonadministratie", "Payroll", "hr"),
    ("personnel_management", "Gestion du personnel", "Personeelsbeheer",
     "Personnel management", "hr"),
    ("accounting", "Comptabilité et budget", "Boekhouding en begroting",
     "Accounting and budget", "finance"),
    ("local_taxes", "Taxes locales", "Lokale belastingen", "Local taxes", "finance"),
    ("public_procurement", "Marchés publics", "Overheidsopdrachten", "Public procurement",
     "procurement"),
    ("document_management", "Gestion documentaire", "Documentbeheer", "Document management",
     "document_management"),
    ("council_decisions", "Décisions du collège et du conseil", "Besluiten van college en raad",
     "Board and council decisions", "document_management"),
    ("mail_registry", "Courrier entrant et sortant", "In- en uitgaande post",
     "Incoming and outgoing mail", "document_management"),
    ("service_desk", "Service desk et ticketing", "Servicedesk en ticketing",
     "Service desk and ticketing", "it_infrastructure"),
    ("gis", "Système d'information géographique", "Geografisch informatiesysteem",
     "Geographic information system", "urban_planning"),
    ("urban_planning_permits", "Permis d'urbanisme", "Stedenbouwkundige vergunningen",
     "Urban planning permits", "urban_planning"),
    ("environmental_permits", "Permis d'environnement", "Milieuvergunningen",
     "Environmental permits", "environment"),
    ("citizen_e_counter", "Guichet électronique", "E-loket", "Citizen e-counter",
     "citizen_services"),
    ("appointment_booking", "Prise de rendez-vous", "Afsprakenbeheer", "Appointment booking",
     "citizen_services"),
    ("police_records", "Procès-verbaux et dossiers de police", "Processen-verbaal en politiedossiers",
     "Police records", "public_safety"),
    ("administrative_sanctions", "Sanctions administratives communales",
     "Gemeentelijke administratieve sancties", "Municipal administrative sanctions",
     "public_safety"),
    ("fleet_management", "Gestion de la flotte", "Wagenparkbeheer", "Fleet management",
     "assets"),
    ("building_maintenance", "Gestion des bâtiments et maintenance", "Gebouwenbeheer en onderhoud",
     "Building and maintenance management", "assets"),
    ("parking_management", "Gestion du stationnement", "Parkeerbeheer", "Parking management",
     "mobility"),
    ("waste_collection", "Collecte des déchets et propreté", "Afvalophaling en netheid",
     "Waste collection and cleanliness", "environment"),
    ("school_enrolment", "Inscriptions scolaires et crèches", "Schoolinschrijvingen en kinderopvang",
     "School and childcare enrolment", "education"),
    ("business_intelligence", "Tableaux de bord et informatique décisionnelle",
     "Dashboards en business intelligence", "Dashboards and business intelligence", "data"),
    ("identity_access_management", "Gestion des identités et des accès",
     "Identiteits- en toegangsbeheer", "Identity and access management", "cybersecurity"),
    ("website_communication", "Site web et communication", "Website en communicatie",
     "Website and communication", "communication"),
)


def seed(apps, schema_editor):
    capability_model = apps.get_model("reference", "Capability")
    domains = {domain.code: domain
               for domain in apps.get_model("reference", "BusinessDomain").objects.all()}
    for position, (code, name_fr, name_nl, name_en, domain) in enumerate(CAPABILITIES, 1):
        capability_model.objects.get_or_create(
            code=code,
            defaults={"name_fr": name_fr, "name_nl": name_nl, "name_en": name_en,
                      "domain": domains.get(domain), "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_capability")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
