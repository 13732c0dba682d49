"""Who may do what with the algorithm register, decided here only.

- Reading: a published entry is public. An institution's people holding
  `algorithms.describe_algorithm` (contributors) read their institution's entries whatever
  their status; reviewers (`algorithms.review_algorithm`, the data office, regional) read all.
- Describing: `describe_algorithm` on the entry's institution; an entry is edited while it is
  a draft.
- Reviewing (publish, send back, confirm still accurate) and moderating feedback:
  `review_algorithm` on the entry.
"""

from django.db.models import Q

from synergie.accounts.backends import institutions_with_perm
from synergie.algorithms.models import Algorithm, AlgorithmStatus

DESCRIBE = "algorithms.describe_algorithm"
REVIEW = "algorithms.review_algorithm"

# transition: (from statuses, to status, who: "describe", "review" or "either")
TRANSITIONS = {
    "submit": ((AlgorithmStatus.DRAFT,), AlgorithmStatus.IN_REVIEW, "describe"),
    "publish": ((AlgorithmStatus.IN_REVIEW,), AlgorithmStatus.PUBLISHED, "review"),
    "return": ((AlgorithmStatus.IN_REVIEW,), AlgorithmStatus.DRAFT, "review"),
    "revise": ((AlgorithmStatus.PUBLISHED,), AlgorithmStatus.DRAFT, "either"),
    "confirm": ((AlgorithmStatus.PUBLISHED,), AlgorithmStatus.PUBLISHED, "review"),
    "archive": ((AlgorithmStatus.DRAFT, AlgorithmStatus.PUBLISHED), AlgorithmStatus.ARCHIVED,
                "either"),
    "restore": ((AlgorithmStatus.ARCHIVED,), AlgorithmStatus.DRAFT, "either"),
}


def describing_institution_ids(user) -> set[int] | None:
    """Institutions whose algorithms the user describes (None: every institution)."""
    return institutions_with_perm(user, DESCRIBE)


def can_describe_any(user) -> bool:
    ids = describing_institution_ids(user)
    return ids is None or bool(ids)


def can_describe_for(user, institution) -> bool:
    return user.is_authenticated and user.has_perm(DESCRIBE, institution)


def can_review(user, algorithm=None) -> bool:
    return user.is_authenticated and user.has_perm(REVIEW, algorithm)


def can_moderate(user) -> bool:
    return can_review(user)


def sees_unpublished(user) -> bool:
    """Whether the user reads some entries that are not published (and filters by status)."""
    return can_review(user) or can_describe_any(user)


def visible_algorithms(user):
    queryset = Algorithm.objects.select_related("institution")
    if can_review(user) and institutions_with_perm(user, REVIEW) is None:
        return queryset
    condition = Q(status=AlgorithmStatus.PUBLISHED)
    if user.is_authenticated:
        for perm in (DESCRIBE, REVIEW):
            ids = institutions_with_perm(user, perm)
            if ids is None:
                return queryset
            if ids:
                condition |= Q(institution_id__in=ids)
    return queryset.filter(condition)


def can_read(user, algorithm) -> bool:
    return algorithm.status == AlgorithmStatus.PUBLISHED or (
        user.is_authenticated and (user.has_perm(DESCRIBE, algorithm)
                                   or user.has_perm(REVIEW, algorithm)))


def can_edit(user, algorithm) -> bool:
    return algorithm.status == AlgorithmStatus.DRAFT and can_describe_for(user, algorithm)


def can_transition(user, algorithm, name: str) -> bool:
    if name not in TRANSITIONS:
        return False
    sources, _target, who = TRANSITIONS[name]
    if algorithm.status not in sources:
        return False
    describes = can_describe_for(user, algorithm)
    reviews = can_review(user, algorithm)
    return {"describe": describes, "review": reviews, "either": describes or reviews}[who]


def transitions_for(user, algorithm) -> list[str]:
    return [name for name in TRANSITIONS if can_transition(user, algorithm, name)]
