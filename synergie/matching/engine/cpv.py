"""Suggesting CPV codes for a need's text: its nearest labelled references (the official CPV
labels in French, Dutch and English, and real contracts with their codes) vote for their codes."""

import csv
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from synergie.matching.engine.background import DATA_DIR
from synergie.matching.engine.hubness import HubnessCorrection
from synergie.matching.engine.lexicon import TranslationLexicon
from synergie.matching.engine.matcher import HybridMatcher, MatcherConfig
from synergie.matching.engine.text import matched_part, words

LABELS_CSV = (Path(__file__).resolve().parents[2] / "reference" / "data"
              / "cpv_2008_labels_en_fr_nl_de.csv")
LANGUAGES = ("fr", "nl", "en")

NEIGHBOURS = 30
TEMPERATURE = 0.5

# Needs filed here are digital: when a text says so (one of the words below), only the codes of
# the digital divisions are suggested (office and computing machinery, communication equipment,
# software, telecommunications, IT services); a text without any of these words (cleaning,
# fuel, legal advice) is clearly about something else and gets the codes that fit it best.
# Measured with benchmarks/cpv_suggestion.py on the demo's needs and the DECP contracts.
DIGITAL_PREFIXES = ("30", "32", "48", "642", "72")
DIGITAL_WORDS = {
    "fr": "logiciel logiciels progiciel application applications plateforme numérique "
          "numériques numérisation informatique informatisé informatisée informatiques digital "
          "digitale dématérialisation dématérialisé dématérialisée web internet intranet site "
          "portail serveur serveurs cloud cybersécurité données télécommunications téléphonie "
          "ordinateur ordinateurs",
    "nl": "software softwarepakket toepassing toepassingen platform digitaal digitale "
          "digitaliseren digitaliseert gedigitaliseerd informatica ict online website internet "
          "intranet portaal server servers cloud cyberbeveiliging databank gegevens telefonie "
          "computer computers e-loket",
    "en": "software application applications platform digital online web website internet "
          "intranet portal server servers cloud cybersecurity database data ict computer "
          "computers telephony",
}
# Added to the fused score of every non-digital reference for a digital text: out of reach.
NOT_DIGITAL_PENALTY = -1000.0
# Among digital codes, software and IT services come before equipment unless the equipment fits
# clearly better: a need's "toepassing" (application) is not a "cable for special applications".
SOFTWARE_PREFIXES = ("48", "72")
EQUIPMENT_PENALTY = -2.0


def is_digital(code: str) -> bool:
    return code.startswith(DIGITAL_PREFIXES)


@lru_cache(maxsize=4)
def _digital_stems(language: str) -> frozenset[str]:
    return frozenset(words(DIGITAL_WORDS.get(language, DIGITAL_WORDS["fr"]), language))


def looks_digital(text: str, language: str) -> bool:
    """Whether a text speaks of software, data, online services or IT equipment."""
    return not _digital_stems(language).isdisjoint(words(text, language))


@dataclass
class Suggestion:
    code: str
    score: float


class CpvSuggester:
    def __init__(self, dimension: int, config: MatcherConfig | None = None,
                 prior_means: dict[str, np.ndarray] | None = None,
                 digital_first: bool = True):
        self.matcher = HybridMatcher(dimension, config or LABELS_CONFIG, prior_means)
        self.codes: list[str] = []
        self.digital_first = digital_first
        self._digital_only = np.zeros(0, dtype=np.float32)

    def add(self, texts: Sequence[str], codes: Sequence[str], languages: Sequence[str],
            vectors: np.ndarray) -> None:
        start = len(self.codes)
        self.matcher.add(list(range(start, start + len(texts))), texts, languages, vectors)
        self.codes.extend(codes)
        penalty = np.array([0.0 if code.startswith(SOFTWARE_PREFIXES)
                            else EQUIPMENT_PENALTY if is_digital(code) else NOT_DIGITAL_PENALTY
                            for code in codes], dtype=np.float32)
        self._digital_only = np.concatenate([self._digital_only, penalty])

    def suggest(self, text: str, language: str, vector: np.ndarray, k: int = 3,
                exclude: Sequence[int] = ()) -> list[Suggestion]:
        text = matched_part(text)
        digital = self.digital_first and looks_digital(text, language)
        matches = self.matcher.search(text, language, vector, k=NEIGHBOURS, exclude=exclude,
                                      prior=self._digital_only if digital else None)
        if not matches:
            return []
        scores = np.array([match.score for match in matches])
        weights = np.exp((scores - scores.max()) / TEMPERATURE)
        votes: dict[str, float] = defaultdict(float)
        for match, weight in zip(matches, weights / weights.sum()):
            votes[self.codes[match.key]] += float(weight)
        ranked = sorted(votes.items(), key=lambda item: item[1], reverse=True)[:k]
        return [Suggestion(code, round(score, 4)) for code, score in ranked]


def reference_path(model_name: str) -> Path:
    return DATA_DIR / f"cpv-labels-{model_name.replace('/', '-')}.npz"


def _label_rows() -> list[dict[str, str]]:
    with LABELS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_labels() -> tuple[list[str], list[str], list[str]]:
    """(texts, codes, languages): every CPV label in French, then Dutch, then English."""
    rows = _label_rows()
    texts, codes, languages = [], [], []
    for language in LANGUAGES:
        texts += [row[f"label_{language}"] for row in rows]
        codes += [row["code"] for row in rows]
        languages += [language] * len(rows)
    return texts, codes, languages


def load_reference_vectors(model_name: str, expected: int) -> np.ndarray | None:
    """The shipped label embeddings (scripts/build_cpv_reference.py), or None."""
    path = reference_path(model_name)
    if not path.exists():
        return None
    with np.load(path) as data:
        vectors = data["vectors"].astype(np.float32) * data["scale"]
    return vectors if len(vectors) == expected else None


@lru_cache(maxsize=2)
def label_reference(model_name: str) -> tuple[list[str], list[str], list[str], np.ndarray | None]:
    """(texts, codes, languages, vectors or None) of the shipped labels, read once per process
    for the suggester and the hubness correction alike."""
    texts, codes, languages = load_labels()
    return texts, codes, languages, load_reference_vectors(model_name, len(texts))


@lru_cache(maxsize=2)
def labels_hubness(model_name: str) -> HubnessCorrection | None:
    """The hubness correction over the shipped label embeddings of each language, or None when
    no vectors ship for the model."""
    _, _, languages, vectors = label_reference(model_name)
    if vectors is None:
        return None
    languages = np.asarray(languages)
    return HubnessCorrection.fit({lang: vectors[languages == lang] for lang in LANGUAGES})


@lru_cache(maxsize=1)
def labels_lexicon() -> TranslationLexicon:
    """The words that translate each other across French, Dutch and English, learned once per
    process from the labels' parallel wording (a second or two)."""
    rows = _label_rows()
    return TranslationLexicon.learn(
        [{lang: row[f"label_{lang}"] for lang in LANGUAGES} for row in rows], LANGUAGES
    )


# The suggester's vote, penalties and benchmarks (benchmarks/cpv_suggestion.py) were set on the
# z-score fusion with these weights; labels are terse near-synonyms, whose ranks say little.
LABELS_CONFIG = MatcherConfig(weights={"bm25": 0.25, "char": 1.0, "embedding": 0.75},
                              cross_language_weights={"bm25": 0.0, "char": 0.0, "embedding": 1.0},
                              fusion="zscore")
LEXICAL_ONLY = MatcherConfig(weights={"bm25": 0.25, "char": 1.0, "embedding": 0.0},
                             cross_language_weights={"bm25": 0.25, "char": 1.0, "embedding": 0.0},
                             fusion="zscore")


def labels_suggester(model_name: str, dimension: int,
                     prior_means: dict[str, np.ndarray] | None = None) -> CpvSuggester:
    """A suggester over the official labels; lexical only when no vectors ship for the model."""
    texts, codes, languages, vectors = label_reference(model_name)
    if vectors is None:
        suggester = CpvSuggester(dimension, LEXICAL_ONLY)
        vectors = np.zeros((len(texts), dimension), dtype=np.float32)
    else:
        suggester = CpvSuggester(dimension, prior_means=prior_means)
    suggester.add(texts, codes, languages, vectors)
    return suggester
