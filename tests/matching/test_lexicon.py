"""Words that translate each other, learned from the CPV labels' parallel wording: what a
cross-language explanation may show, and the language of a short search."""

from synergie.matching.engine.cpv import labels_lexicon
from tests.matching.conftest import CEMETERY_NEEDS


def text(key: str) -> str:
    *_, title, description = CEMETERY_NEEDS[key]
    return f"{title}\n{description}"


def test_the_cemetery_twins_share_translated_terms():
    lexicon = labels_lexicon()
    assert lexicon.translates("cimetier", "fr", "begraafplaats", "nl")
    pairs = lexicon.corresponding_terms(text("cemetery_fr"), "fr", text("cemetery_nl"), "nl")
    assert ("cimetières", "begraafplaats") in pairs
    assert ("concessions", "concessies") in pairs
    # Every pair is a real correspondence, not the key words of each side side by side.
    assert all(own[:4] == other[:4] or (own, other) == ("cimetières", "begraafplaats")
               for own, other in pairs), pairs


def test_a_known_bad_pair_gets_no_terms():
    """The reported explanation: 'abandonnées, cimetières, funéraires ↔ recognition,
    configurable, entrusted'. None of these translate each other."""
    lexicon = labels_lexicon()
    assert lexicon.corresponding_terms(text("cemetery_fr"), "fr", text("recognition_en"),
                                       "en") == []
    assert not lexicon.translates("abandon", "fr", "recognit", "en")


def test_words_of_the_same_topic_are_not_taken_for_translations():
    lexicon = labels_lexicon()
    assert lexicon.translates("logiciel", "fr", "softwar", "nl")
    assert not lexicon.translates("logiciel", "fr", "ontwikkel", "nl")  # "development"


def test_the_language_of_a_short_search_is_guessed_from_the_labels():
    lexicon = labels_lexicon()
    languages = ("fr", "nl", "en")
    assert lexicon.guess_language("cimetière", languages, default="nl") == "fr"
    assert lexicon.guess_language("begraafplaats", languages, default="fr") == "nl"
    assert lexicon.guess_language("NIS2", languages, default="nl") == "nl"  # nobody knows it
