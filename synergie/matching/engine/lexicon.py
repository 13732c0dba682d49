"""Which words of two languages translate each other, learned from parallel texts.

The shipped parallel texts are the official CPV labels, each written in French, Dutch and
English (9,454 codes). Two stems translate each other when they keep appearing in the same
labels: at least MIN_SHARED_LABELS labels have both, their Dice coefficient over labels is at
least MIN_DICE, and each is among the other's TOP_CANDIDATES best partners (this drops the
words that merely share a topic, such as "logiciel" with "ontwikkeling" beside "software"). A
word written the same in both languages (a stem of COGNATE_LENGTH letters or more, such as
"procedures") counts as its own translation.

Nothing is said across languages that this lexicon does not support: an explanation shows only
pairs of terms found here, never the key words of each side side by side.
"""

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from synergie.matching.engine.text import words, words_with_surface

MIN_SHARED_LABELS = 2
MIN_DICE = 0.5
# Shorter stems ("vi" of "vie", "tet" of "tête") pair with whatever shares their labels.
MIN_STEM_LENGTH = 4
TOP_CANDIDATES = 1
COGNATE_LENGTH = 5
# Stems that differ only in their ending ("secretariat", "secretariaat") are cognates too.
COGNATE_PREFIX = 6
COGNATE_SHARE = 0.75


@dataclass
class TranslationLexicon:
    # (language, other language) -> stem -> the stems of the other language that translate it
    translations: dict[tuple[str, str], dict[str, frozenset[str]]] = field(default_factory=dict)
    # language -> every stem seen in that language's texts
    vocabulary: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def learn(cls, parallel: Sequence[Mapping[str, str]],
              languages: Sequence[str]) -> "TranslationLexicon":
        """`parallel`: one mapping per text, language -> the text in that language."""
        stems = {lang: [set(words(row.get(lang, ""), lang)) for row in parallel]
                 for lang in languages}
        frequency = {lang: Counter(stem for text in stems[lang] for stem in text)
                     for lang in languages}
        lexicon = cls(vocabulary={lang: frozenset(frequency[lang]) for lang in languages})
        for first, second in combinations(languages, 2):
            shared = Counter()
            for one, other in zip(stems[first], stems[second]):
                shared.update((a, b) for a in one for b in other)
            dice = {
                (a, b): 2 * count / (frequency[first][a] + frequency[second][b])
                for (a, b), count in shared.items()
                if count >= MIN_SHARED_LABELS and min(len(a), len(b)) >= MIN_STEM_LENGTH
            }
            dice = {pair: value for pair, value in dice.items() if value >= MIN_DICE}
            best_of_first, best_of_second = _best_partners(dice)
            forward, backward = defaultdict(set), defaultdict(set)
            for a, b in dice:
                if b in best_of_first[a] and a in best_of_second[b]:
                    forward[a].add(b)
                    backward[b].add(a)
            lexicon.translations[first, second] = {a: frozenset(s) for a, s in forward.items()}
            lexicon.translations[second, first] = {b: frozenset(s) for b, s in backward.items()}
        return lexicon

    def translates(self, stem: str, language: str, other_stem: str, other_language: str) -> bool:
        if _cognates(stem, other_stem):
            return True
        return other_stem in self.translations.get((language, other_language), {}).get(stem, ())

    def corresponding_terms(self, text: str, language: str, other_text: str,
                            other_language: str, order=None) -> list[tuple[str, str]]:
        """(word of `text`, its translation in `other_text`) as written, one per stem of
        `text`; `order(stems) -> stems` puts the most telling first (default: as written)."""
        other_by_stem: dict[str, str] = {}
        for stem, written in words_with_surface(other_text, other_language):
            other_by_stem.setdefault(stem, written)
        own_by_stem: dict[str, str] = {}
        for stem, written in words_with_surface(text, language):
            if not stem.isdigit():
                own_by_stem.setdefault(stem, written)
        stems = list(own_by_stem)
        # The first word of the other text that `translates` the stem, found without trying
        # every pair: a cognate shares the stem's first COGNATE_PREFIX letters (or is the stem).
        rank = {other: position for position, other in enumerate(other_by_stem)}
        by_prefix: dict[str, list[str]] = defaultdict(list)
        for other in rank:
            by_prefix[other[:COGNATE_PREFIX]].append(other)
        translations = self.translations.get((language, other_language), {})
        pairs = []
        for stem in (order(stems) if order else stems):
            found = [other for other in by_prefix.get(stem[:COGNATE_PREFIX], ())
                     if _cognates(stem, other)]
            if stem in rank and _cognates(stem, stem):
                found.append(stem)
            found += [other for other in translations.get(stem, ()) if other in rank]
            if found:
                partner = min(found, key=rank.__getitem__)
                pairs.append((own_by_stem[stem].lower(), other_by_stem[partner].lower()))
        return pairs

    def guess_language(self, text: str, candidates: Iterable[str], default: str) -> str:
        """The language whose vocabulary knows the most words of a short text (a search
        query); `default` when none knows more words than it."""
        counts = {lang: sum(stem in self.vocabulary.get(lang, ()) for stem in words(text, lang))
                  for lang in candidates}
        best = max(counts.values(), default=0)
        if best == 0 or counts.get(default, 0) == best:
            return default
        return max(counts, key=counts.get)


def _cognates(stem: str, other: str) -> bool:
    if stem == other:
        return len(stem) >= COGNATE_LENGTH
    common = len(os.path.commonprefix([stem, other]))
    return common >= COGNATE_PREFIX and common >= COGNATE_SHARE * max(len(stem), len(other))


def _best_partners(dice: dict[tuple[str, str], float]) -> tuple[dict, dict]:
    """For each stem of either side, its TOP_CANDIDATES partners with the highest Dice."""
    by_first, by_second = defaultdict(list), defaultdict(list)
    for (a, b), value in dice.items():
        by_first[a].append((value, b))
        by_second[b].append((value, a))

    def top(candidates):
        return {stem: {partner for _, partner in sorted(found, reverse=True)[:TOP_CANDIDATES]}
                for stem, found in candidates.items()}

    return top(by_first), top(by_second)
