"""The roles a new installation starts with (from DESIGN.md's table of who uses Synergie).

They are created once, when the database is migrated; after that they are data that an
administrator edits in the admin. Code never branches on a role's code: it asks for a permission.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RoleDefinition:
    code: str
    name_fr: str
    name_nl: str
    name_en: str
    scope: str
    permissions: tuple[str, ...]


REGIONAL_READER = ("needs.view_shared_need", "needs.view_all_need", "landscape.view_landscape")

DEFAULT_ROLES = (
    RoleDefinition(
        "contributor",
        "Contributeur d'institution",
        "Bijdrager van een instelling",
        "Institution contributor",
        "institution",
        ("needs.file_need", "needs.view_shared_need", "catalogue.join_solution",
         "landscape.record_application", "landscape.view_landscape",
         "algorithms.describe_algorithm"),
    ),
    RoleDefinition(
        "analyst",
        "Analyste du Bureau des Achats Numériques",
        "Analist van het Bureau voor Digitale Aankopen",
        "Purchasing office analyst",
        "region",
        (*REGIONAL_READER, "needs.analyse_need", "opportunities.manage_opportunity",
         "innovation.manage_experiment", "catalogue.manage_catalogue",
         "campaigns.run_campaign"),
    ),
    RoleDefinition(
        "data_office",
        "Bureau de la Donnée",
        "Databureau",
        "Data office",
        "region",
        (*REGIONAL_READER, "datasets.manage_dataset", "algorithms.review_algorithm",
         "data_office.give_verdict"),
    ),
    RoleDefinition(
        "architecture_board",
        "Comité de validation de l'architecture numérique",
        "Comité voor de validatie van de digitale architectuur",
        "Architecture board",
        "region",
        (*REGIONAL_READER, "reference.keep_capability_map"),
    ),
    RoleDefinition(
        "pmo", "PMO régional", "Gewestelijk PMO", "Regional PMO", "region",
        (*REGIONAL_READER, "needs.deliver_need", "delivery.manage_project"),
    ),
    RoleDefinition(
        "steering_committee",
        "Membre du Comité de coordination numérique",
        "Lid van het Digitaal Coördinatiecomité",
        "Steering committee member",
        "region",
        (*REGIONAL_READER, "needs.decide_need", "decisions.manage_meeting",
         "innovation.manage_experiment", "portfolio.manage_scenario"),
    ),
    RoleDefinition(
        "administrator",
        "Administrateur",
        "Beheerder",
        "Administrator",
        "region",
        (
            *REGIONAL_READER,
            "needs.change_need",
            "institutions.add_institution",
            "institutions.change_institution",
            "institutions.view_institution",
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.view_role",
            "accounts.change_role",
            "accounts.add_membership",
            "accounts.change_membership",
            "accounts.delete_membership",
            "accounts.view_membership",
            "audit.view_auditentry",
            "opportunities.view_opportunity",
        ),
    ),
)
