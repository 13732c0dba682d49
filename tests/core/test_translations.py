"""French and Dutch must both be complete: Brussels is officially bilingual."""

from pathlib import Path

import polib
import pytest
from django.urls import reverse

LOCALE_DIR = Path(__file__).resolve().parents[2] / "synergie" / "locale"


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_message_is_translated(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    empty_plurals = [entry.msgid for entry in catalogue
                     if entry.msgid_plural and not all(entry.msgstr_plural.values())]
    assert missing == [], f"{language}: untranslated {missing}"
    assert fuzzy == [], f"{language}: fuzzy {fuzzy}"
    assert empty_plurals == [], f"{language}: incomplete plurals {empty_plurals}"


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_compiled_catalogue_matches_the_sources(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
              for e in polib.pofile(str(folder / "django.po")) if e.translated()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
                for e in polib.mofile(str(folder / "django.mo"))}
    compiled.pop((None, ""), None)
    assert compiled == source, "run `make messages` to recompile the catalogues"


def test_every_string_of_the_code_is_in_the_catalogues(tmp_path, settings):
    """A string added to the code but not extracted would silently show in English."""
    import shutil

    from tests.tools import require_tools

    require_tools([] if shutil.which("xgettext") else ["GNU gettext (apt-get install gettext)"])

    from django.core.management import call_command

    package = Path(__file__).resolve().parents[2] / "synergie"
    copy = tmp_path / "synergie"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    import os

    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["fr"], no_location=True, verbosity=0)
    finally:
        os.chdir(cwd)
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))
                 if not e.obsolete}
    committed = {e.msgid for e in polib.pofile(str(package / "locale/fr/LC_MESSAGES/django.po"))
                 if not e.obsolete}
    assert extracted - committed == set(), "run `make messages` and translate the new strings"


@pytest.mark.parametrize("language,title,button", [
    ("fr", "Besoins publiés", "Se connecter"),
    ("nl", "Gepubliceerde behoeften", "Aanmelden"),
    ("en", "Published needs", "Log in"),
])
def test_pages_speak_the_language_of_their_url(client, db, language, title, button):
    url = reverse("needs:public").replace("/en/", f"/{language}/")
    html = client.get(url).content.decode()
    assert f'<html lang="{language}">' in html
    assert title in html
    assert button in html


def test_the_language_switcher_keeps_the_page(client, db):
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/fr/needs/public/"})
    assert response.status_code == 302
    assert response["Location"] == "/nl/needs/public/"


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_translations_keep_the_placeholders(language):
    """msgfmt --check refuses a translation whose %(name)s placeholders differ from the source."""
    import shutil
    import subprocess

    from tests.tools import require_tools

    require_tools([] if shutil.which("msgfmt") else ["GNU gettext (apt-get install gettext)"])
    catalogue = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalogue)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
