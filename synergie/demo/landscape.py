"""Demo data of the application landscape: what ten Brussels institutions run, for which
capability, until when. Several run different products for the same capability (payroll,
accounting, document management, service desk, social aid case management), and a good part
of the contracts end within the next 24 months: the pooling views have something to show.

Call `load()` after `synergie.demo.load.load_demo` (it reads the institutions and the
contributors that created). Contract ends are counted from `today` (default: the server's
date), so that the "contracts ending" page stays meaningful whenever the demo is loaded."""

from datetime import date
from decimal import Decimal

# institution code, name, product, vendor, capability codes, months until the contract ends
# (None: no end recorded), yearly cost in EUR, users, hosting.
APPLICATIONS = [
    ("COM-21001", "Paie et carrières", "Persée", "Civadis", ["payroll", "personnel_management"],
     7, "48000", 120, "saas"),
    ("COM-21001", "Comptabilité communale", "Phoenix", "Stésud", ["accounting"], 15, "36000", 40,
     "on_premises"),
    ("COM-21001", "Population", "Saphir", "Civadis", ["population_register", "civil_status"],
     30, "52000", 60, "private_cloud"),
    ("COM-21001", "Service desk IT", "GLPI", "Teclib'", ["service_desk"], None, "4000", 12,
     "on_premises"),
    ("COM-21001", "Guichet en ligne", "IRISbox", "Paradigm", ["citizen_e_counter"], None, "0",
     None, "regional"),
    ("COM-21004", "Salaires", "SAP SuccessFactors", "SAP", ["payroll", "personnel_management"],
     11, "210000", 400, "public_cloud"),
    ("COM-21004", "Finances", "SAP S/4HANA", "SAP", ["accounting", "public_procurement"], 40,
     "260000", 150, "private_cloud"),
    ("COM-21004", "GED", "SharePoint", "Microsoft", ["document_management", "mail_registry"], 18,
     "95000", 900, "saas"),
    ("COM-21004", "Cartographie", "ArcGIS", "Esri", ["gis"], 9, "60000", 35, "saas"),
    ("COM-21004", "Permis d'urbanisme", "NOVA", "urban.brussels", ["urban_planning_permits"],
     None, "0", 45, "regional"),
    ("COM-21009", "Paie", "Persée", "Civadis", ["payroll"], 20, "31000", 50, "saas"),
    ("COM-21009", "Comptabilité", "Mercurius", "Cipal Schaubroeck", ["accounting"], 5,
     "28000", 25, "saas"),
    ("COM-21009", "Décisions du collège", "iA.Delib", "iMio", ["council_decisions"], None,
     "9000", 80, "saas"),
    ("COM-21009", "Tickets", "TOPdesk", "TOPdesk", ["service_desk"], 13, "14000", 20, "saas"),
    ("COM-21015", "Comptabilité", "Phoenix", "Stésud", ["accounting"], 22, "33000", 35,
     "on_premises"),
    ("COM-21015", "Ressources humaines", "Gespers", "Logins", ["payroll", "personnel_management"],
     4, "40000", 90, "on_premises"),
    ("COM-21015", "Courrier et GED", "Alfresco", "Hyland", ["document_management",
                                                           "mail_registry"], 16, "22000", 300,
     "private_cloud"),
    ("COM-21015", "Marchés publics", "3P", "3P", ["public_procurement"], 26, "12000", 10,
     "saas"),
    ("COM-21016", "Paie", "SAP SuccessFactors", "SAP", ["payroll"], 34, "70000", 80,
     "public_cloud"),
    ("COM-21016", "Cartographie", "QGIS", "", ["gis"], None, "3000", 8, "on_premises"),
    ("COM-21016", "Flotte communale", "Fleet Manager", "Athlon", ["fleet_management"], 10,
     "8000", 6, "saas"),
    ("CPAS-21001", "Dossiers sociaux", "ProSoc", "Cevi", ["social_aid_case_management"], 8,
     "65000", 140, "saas"),
    ("CPAS-21001", "Paie", "Persée", "Civadis", ["payroll"], 19, "26000", 30, "saas"),
    ("CPAS-21004", "Dossiers sociaux", "Acropole", "Civadis", ["social_aid_case_management"],
     14, "90000", 260, "private_cloud"),
    ("CPAS-21004", "Service desk", "ServiceNow", "ServiceNow", ["service_desk"], 28, "45000",
     30, "saas"),
    ("CPAS-21015", "Aide sociale", "ProSoc", "Cevi", ["social_aid_case_management"], 23,
     "52000", 110, "saas"),
    ("CPAS-21015", "Documents", "SharePoint", "Microsoft", ["document_management"], 6, "18000",
     150, "saas"),
    ("PZ-5341", "Procès-verbaux", "ISLP", "Police fédérale", ["police_records"], None, "0", 500,
     "regional"),
    ("PZ-5341", "Flotte", "Fleet Complete", "Fleet Complete", ["fleet_management"], 3, "15000",
     10, "saas"),
    ("PZ-5339", "Procès-verbaux", "ISLP", "Police fédérale", ["police_records"], None, "0", 800,
     "regional"),
    ("PZ-5339", "Sanctions administratives", "GAS-SAC", "Logins", ["administrative_sanctions"],
     12, "11000", 15, "on_premises"),
]


def _months_later(today: date, months: int) -> date:
    from synergie.landscape.analysis import add_months

    return add_months(today, months)


def _acting_user(institution, fallback):
    """The institution's contributor when the demo made one, else the administrator."""
    from synergie.accounts.models import Membership

    membership = (Membership.objects.filter(institution=institution, role__code="contributor")
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else fallback


def load(stdout=None, today: date | None = None) -> dict:
    from django.utils import timezone

    from synergie.accounts.models import User
    from synergie.demo.load import ADMIN_USERNAME
    from synergie.institutions.models import Institution
    from synergie.landscape.actions import do_record_application
    from synergie.reference.models import Capability

    today = today or timezone.localdate()
    admin = User.objects.get(username=ADMIN_USERNAME)
    capabilities = {capability.code: capability for capability in Capability.objects.all()}
    institutions = Institution.objects.in_bulk({row[0] for row in APPLICATIONS},
                                               field_name="code")
    recorded = 0
    for code, name, product, vendor, codes, months, cost, users, hosting in APPLICATIONS:
        institution = institutions[code]
        do_record_application(
            acting_user=_acting_user(institution, admin), institution=institution, name=name,
            product=product, vendor=vendor,
            capabilities=[capabilities[capability] for capability in codes],
            contract_end=_months_later(today, months) if months is not None else None,
            yearly_cost=Decimal(cost), users=users, hosting=hosting)
        recorded += 1
    if stdout is not None:
        stdout.write(f"Landscape: {recorded} applications in {len(institutions)} institutions.")
    return {"applications": recorded, "institutions": len(institutions)}
