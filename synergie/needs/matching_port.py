"""What the need pages ask of the matching layer, which sits above needs (docs/architecture.md)
and so cannot be imported from here. The matching app answers by plugging its functions in when
it starts (`MatchingConfig.ready`); the pages ask through `matching()`.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from synergie.core.pagination import capped_count


@dataclass(frozen=True)
class MatchingAnswers:
    # (need, user) -> the needs of other institutions like it, that `user` may be shown.
    similar_needs: Callable[..., list]
    # (text, language, domain_id, cpv_code, institution_id, user) -> the same for a need still
    # being written (nothing of it is stored).
    similar_to_draft: Callable[..., list]
    # (text, language) -> [(CpvCode, score)], most likely first.
    suggest_cpv_codes: Callable[..., list]
    # (text, language, queryset, exact_hits) -> needs of other languages meaning the same.
    needs_in_other_languages: Callable[..., list]
    # (need, user) -> catalogue solutions and other institutions' applications doing the same.
    related_offers: Callable[..., list]


_answers: MatchingAnswers | None = None


def provide(answers: MatchingAnswers) -> None:
    global _answers
    _answers = answers


def matching() -> MatchingAnswers:
    if _answers is None:
        raise ImproperlyConfigured("synergie.matching is not installed: the need pages need it.")
    return _answers


class ExactThenByMeaning(Sequence):
    """One list to page through: the exact hits (a queryset, in its own order, counted and
    sliced by the database; beyond COUNT_CAP of them, `count_is_floor`) and then the needs
    found by meaning."""

    def __init__(self, exact_hits, by_meaning: list):
        self.exact_hits = exact_hits
        self.by_meaning = by_meaning
        self._exact_count: int | None = None

    @property
    def exact_count(self) -> int:
        """The exact hits, counted up to core.pagination.COUNT_CAP."""
        if self._exact_count is None:
            self._exact_count, self.count_is_floor = capped_count(self.exact_hits)
        return self._exact_count

    count_is_floor = False

    def count(self) -> int:
        return self.exact_count + len(self.by_meaning)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        start, stop, _ = index.indices(len(self))
        exact = list(self.exact_hits[start:min(stop, self.exact_count)]) \
            if start < self.exact_count else []
        return exact + self.by_meaning[max(start - self.exact_count, 0):
                                       max(stop - self.exact_count, 0)]
