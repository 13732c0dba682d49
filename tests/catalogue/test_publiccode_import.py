"""Importing a publiccode.yml into the catalogue and exporting it back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from synergie.audit.log import history_of
from synergie.catalogue.models import Solution
from synergie.catalogue.publiccode import parse
from synergie.catalogue.publiccode_import import (
    IMPORTED_FIELDS,
    do_import_publiccode,
    export_publiccode,
)
from synergie.catalogue.publiccode_messages import translated
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

LONG_FR = ("Gestion des demandes de permis d'urbanisme pour les communes de la Région, du dépôt "
           "en ligne par le citoyen jusqu'à la décision, avec le suivi des délais légaux et les "
           "avis des services consultés.")
LONG_NL = ("Beheer van de aanvragen voor stedenbouwkundige vergunningen voor de gemeenten van "
           "het Gewest, van de online indiening door de burger tot de beslissing, met opvolging "
           "van de wettelijke termijnen.")

DOCUMENT = f"""\
publiccodeYmlVersion: "0"
name: Permis
url: "https://git.example.be/region/permis.git"
landingURL: "https://permis.example.be"
softwareVersion: "2.1"
releaseDate: 2026-03-01
platforms: [web, android]
categories: [document-management]
developmentStatus: stable
softwareType: "standalone/web"
description:
  fr-BE:
    localisedName: Permis d'urbanisme
    shortDescription: Les permis d'urbanisme en ligne
    longDescription: >
      {LONG_FR}
    features: [Dépôt en ligne]
  nl:
    localisedName: Stedenbouwkundige vergunning
    shortDescription: Stedenbouwkundige vergunningen online
    longDescription: "{LONG_NL}"
    features: [Online indienen]
legal:
  license: EUPL-1.2
maintenance:
  type: internal
  contacts:
    - name: Service informatique
      email: it@example.be
localisation:
  localisationReady: true
  availableLanguages: [fr, nl]
"""


@pytest.fixture
def analyst():
    return user_with_role("analyst")


def test_a_valid_file_adds_a_solution_with_its_fields(analyst):
    outcome = do_import_publiccode(DOCUMENT, acting_user=analyst)
    assert outcome.valid and outcome.created
    solution = Solution.objects.get()
    assert solution.name_fr == "Permis d'urbanisme"  # from fr-BE
    assert solution.name_nl == "Stedenbouwkundige vergunning"
    assert solution.name_en == ""
    assert solution.summary_fr == "Les permis d'urbanisme en ligne"
    assert solution.description_fr == LONG_FR
    assert solution.description_nl == LONG_NL
    assert solution.code_url == "https://git.example.be/region/permis.git"
    assert solution.landing_url == "https://permis.example.be"
    assert solution.software_version == "2.1"
    assert solution.release_date == datetime.date(2026, 3, 1)
    assert solution.licence == "EUPL-1.2"
    assert solution.development_status == "stable"
    assert solution.software_type == "standalone/web"
    assert solution.platforms == ["web", "android"]
    assert solution.publiccode["maintenance"]["contacts"][0]["email"] == "it@example.be"
    assert history_of(solution).get().actor == analyst


def test_the_same_repository_updates_its_solution_and_the_change_is_audited(analyst):
    first = do_import_publiccode(DOCUMENT, acting_user=analyst).solution
    outcome = do_import_publiccode(DOCUMENT.replace('"2.1"', '"2.2"'), acting_user=analyst)
    assert outcome.valid and not outcome.created
    assert outcome.solution.pk == first.pk
    assert Solution.objects.get().software_version == "2.2"
    change = history_of(first).order_by("-pk").first()
    assert change.changes["software_version"] == {"before": "2.1", "after": "2.2"}


def test_without_localised_name_the_french_name_is_the_name(analyst):
    text = DOCUMENT.replace("    localisedName: Permis d'urbanisme\n", "")
    solution = do_import_publiccode(text, acting_user=analyst).solution
    assert solution.name_fr == "Permis"


def test_an_invalid_file_changes_nothing_and_names_each_key(analyst):
    text = DOCUMENT.replace("developmentStatus: stable", "developmentStatus: done") \
        .replace("    shortDescription: Stedenbouwkundige vergunningen online\n", "")
    outcome = do_import_publiccode(text, acting_user=analyst)
    assert not outcome.valid
    assert sorted(error["key"] for error in outcome.as_json()["errors"]) == [
        "description.nl.shortDescription", "developmentStatus"]
    assert outcome.as_json()["solution"] is None
    assert not Solution.objects.exists()


def test_a_value_the_catalogue_cannot_hold_is_named_by_its_key(analyst):
    # Valid publiccode.yml (a git URL), but the catalogue keeps web addresses only.
    text = DOCUMENT.replace('"https://git.example.be/region/permis.git"',
                            '"git://git.example.be/region/permis.git"')
    outcome = do_import_publiccode(text, acting_user=analyst)
    assert [error.key for error in outcome.errors] == ["url"]
    assert not Solution.objects.exists()


def test_check_only_writes_nothing(analyst):
    outcome = do_import_publiccode(DOCUMENT, acting_user=analyst, check=True)
    assert outcome.valid and outcome.created
    assert outcome.as_json()["solution"] is None
    assert not Solution.objects.exists()


def test_only_catalogue_managers_import():
    with pytest.raises(PermissionDenied):
        do_import_publiccode(DOCUMENT, acting_user=user_with_role("contributor"))
    assert not Solution.objects.exists()


def test_importing_the_export_gives_back_the_same_solution_field_by_field(analyst):
    solution = do_import_publiccode(DOCUMENT, acting_user=analyst).solution
    before = {name: getattr(solution, name) for name in IMPORTED_FIELDS}
    exported = export_publiccode(solution)
    assert parse(exported).valid
    outcome = do_import_publiccode(exported, acting_user=analyst)
    assert outcome.valid and outcome.solution.pk == solution.pk
    solution.refresh_from_db()
    for name in IMPORTED_FIELDS:
        assert getattr(solution, name) == before[name], name
    assert history_of(solution).count() == 1  # the second import changed nothing


def test_the_export_carries_the_catalogues_changes_and_keeps_the_rest(analyst):
    solution = do_import_publiccode(DOCUMENT, acting_user=analyst).solution
    Solution.objects.filter(pk=solution.pk).update(summary_fr="Le permis en ligne",
                                                   name_en="Planning permits")
    solution.refresh_from_db()
    document = parse(export_publiccode(solution)).document
    assert document["description"]["fr-BE"]["shortDescription"] == "Le permis en ligne"
    assert document["description"]["fr-BE"]["features"] == ["Dépôt en ligne"]
    assert "en" not in document["description"]  # a name alone makes no description
    assert document["maintenance"]["contacts"][0]["name"] == "Service informatique"


def test_a_solution_made_in_the_catalogue_is_exported_as_version_0_4():
    solution = Solution.objects.create(name_fr="Guichet", summary_fr="Le guichet en ligne",
                                       description_fr=LONG_FR, licence="MIT")
    document = parse(export_publiccode(solution)).document
    assert document["publiccodeYmlVersion"] == "0.4"
    assert document["name"] == "Guichet"
    assert document["legal"] == {"license": "MIT"}


def test_the_validators_messages_are_translated(settings):
    from django.utils import translation

    with translation.override("fr"):
        assert translated("shortDescription is a required field") == \
            "shortDescription est obligatoire."
    with translation.override("nl"):
        assert translated("wrong type for this field") == \
            "Deze sleutel heeft het verkeerde soort waarde."
