"""The publiccode.yml parser and writer on their own (no database)."""

import datetime

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from synergie.catalogue.publiccode import ParserConfig, merge, parse, write_publiccode

LONG = ("Gestion des demandes de permis d'urbanisme pour les communes de la Région, du dépôt en "
        "ligne par le citoyen jusqu'à la décision, avec le suivi des délais légaux et les avis "
        "des services consultés.")

MINIMAL = f"""\
publiccodeYmlVersion: "0"
name: Permis
url: "https://git.example.be/region/permis.git"
platforms: [web]
developmentStatus: stable
softwareType: "standalone/web"
description:
  fr:
    localisedName: Permis d'urbanisme
    shortDescription: Les permis d'urbanisme en ligne
    longDescription: "{LONG}"
    features: [Dépôt en ligne]
legal:
  license: EUPL-1.2
maintenance:
  type: internal
  contacts:
    - name: Service informatique
localisation:
  localisationReady: true
  availableLanguages: [fr, nl]
"""


def keys(issues):
    return [issue.key for issue in issues]


def test_a_complete_file_is_valid_and_its_values_are_read():
    result = parse(MINIMAL)
    assert result.valid, result.errors
    assert result.warnings == []
    assert result.document["description"]["fr"]["localisedName"] == "Permis d'urbanisme"
    assert result.document["localisation"]["localisationReady"] is True


def test_every_problem_is_named_by_its_key_with_its_line():
    text = MINIMAL.replace("developmentStatus: stable", "developmentStatus: finished") \
        .replace("license: EUPL-1.2", "license: Not A Licence") \
        .replace("    - name: Service informatique", "    - email: nobody")
    result = parse(text)
    assert not result.valid
    assert sorted(keys(result.errors)) == [
        "developmentStatus", "legal.license", "maintenance.contacts[0].email",
        "maintenance.contacts[0].name"]
    status = next(issue for issue in result.errors if issue.key == "developmentStatus")
    assert status.line == 5
    assert status.message.startswith("developmentStatus must be one of the following")


def test_yaml_1_1_booleans_are_strings_as_in_yaml_1_2():
    result = parse(MINIMAL.replace("localisationReady: true", "localisationReady: yes"))
    assert "localisation.localisationReady" in keys(result.errors)
    assert any(issue.message == "wrong type for this field" for issue in result.errors)


def test_an_unknown_key_is_an_error():
    result = parse(MINIMAL + "budget: 1000\n")
    assert [(issue.key, issue.message) for issue in result.errors] == [
        ("budget", 'unknown field "budget"')]


def test_older_versions_are_read_with_a_warning_and_unknown_ones_refused():
    older = parse(MINIMAL.replace('publiccodeYmlVersion: "0"', 'publiccodeYmlVersion: "0.2"'))
    assert older.valid
    assert keys(older.warnings) == ["publiccodeYmlVersion"]
    newer = parse(MINIMAL.replace('publiccodeYmlVersion: "0"', 'publiccodeYmlVersion: "2"'))
    assert not newer.valid
    assert newer.errors[0].message.startswith("unsupported version: '2'")


def test_broken_yaml_and_bad_encoding_are_reported_on_the_whole_file():
    assert keys(parse("name: [unclosed\n").errors) == [""]
    assert parse(b"name: \xff\xfe\n").errors[0].message == "Invalid UTF-8"


def test_a_document_that_aliases_expand_without_end_is_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    result = parse("\n".join(lines) + "\n")
    assert keys(result.errors) == [""]
    assert "more than 100000 values" in result.errors[0].message


def test_files_named_by_a_relative_path_are_checked_only_with_a_base_dir(tmp_path):
    text = MINIMAL + "logo: img/logo.png\n"
    assert parse(text).valid
    result = parse(text, ParserConfig(base_dir=tmp_path))
    assert keys(result.errors) == ["logo"]
    assert result.errors[0].message == f"no such file: {tmp_path / 'img' / 'logo.png'}"
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    assert parse(text, ParserConfig(base_dir=tmp_path)).valid


def test_without_network_no_url_is_fetched():
    fetched = []
    text = MINIMAL.replace('url: "https://git.example.be/region/permis.git"', "url: foobar")
    offline = parse(text)
    assert keys(offline.errors) == ["url"]
    online = parse(text, ParserConfig(http_get=lambda url: fetched.append(url) or 200))
    assert sorted(issue.message for issue in online.errors) == [
        "'foobar' not reachable: missing URL scheme", "is not a valid code repository",
        "url must be a valid URL"]


SOLUTION = {
    "name_fr": "Permis d'urbanisme", "name_nl": "Stedenbouwkundige vergunning", "name_en": "",
    "summary_fr": "Les permis en ligne", "summary_nl": "Vergunningen online", "summary_en": "",
    "description_fr": LONG, "description_nl": LONG, "description_en": "",
    "code_url": "https://git.example.be/region/permis.git", "landing_url": "https://permis.be",
    "software_version": "2.1", "release_date": datetime.date(2026, 3, 1), "licence": "EUPL-1.2",
    "development_status": "stable", "software_type": "standalone/web", "platforms": ["web"],
}


def test_the_writer_puts_the_modelled_fields_over_the_stored_document():
    stored = parse(MINIMAL).document
    document = merge(SOLUTION, stored)
    assert document["publiccodeYmlVersion"] == "0"
    assert document["name"] == "Permis"
    assert document["url"] == SOLUTION["code_url"]
    assert document["releaseDate"] == "2026-03-01"
    assert document["description"]["fr"]["features"] == ["Dépôt en ligne"]  # kept as imported
    assert document["description"]["nl"]["localisedName"] == "Stedenbouwkundige vergunning"
    assert "en" not in document["description"]
    assert document["maintenance"] == stored["maintenance"]


def test_a_written_file_reads_back_valid_and_equal():
    french_only = SOLUTION | {"name_nl": "", "summary_nl": "", "description_nl": ""}
    text = write_publiccode(french_only, parse(MINIMAL).document)
    result = parse(text)
    assert result.valid, result.errors
    assert result.document == merge(french_only, parse(MINIMAL).document)


def test_a_new_language_without_its_features_does_not_pass():
    result = parse(write_publiccode(SOLUTION, parse(MINIMAL).document))
    assert keys(result.errors) == ["description.nl.features"]


def test_a_solution_without_a_stored_document_is_written_as_version_0_4():
    text = write_publiccode(SOLUTION)
    assert text.startswith("publiccodeYmlVersion: '0.4'\nname: Permis d'urbanisme\n")
    result = parse(text)
    # What the catalogue does not know (features, maintenance, localisation) is missing.
    assert sorted(set(keys(result.errors))) == [
        "description.fr.features", "description.nl.features", "localisation.availableLanguages",
        "localisation.localisationReady", "maintenance.type"]


KEYS = ["publiccodeYmlVersion", "name", "url", "landingURL", "logo", "platforms", "description",
        "en", "fr-BE", "features", "legal", "license", "maintenance", "type", "contacts",
        "localisation", "availableLanguages", "IT", "it", "riuso", "codiceIPA", "videos",
        "isBasedOn", "releaseDate", "dependsOn", "open", "supports", "id", "unknown"]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.sampled_from(["0", "0.2", "http://[::1", "file:///x", "/abs.png", "alias:x", "yes"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(document=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=10))
def test_any_document_gets_a_verdict_never_a_crash(document):
    result = parse(yaml.safe_dump(document), ParserConfig(http_get=lambda url: 404))
    assert all(isinstance(issue.key, str) and issue.message for issue in result.errors)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_gets_a_verdict_never_a_crash(text):
    result = parse(text)
    assert result.valid is False or result.document is not None
