"""What a user may do to a need: the one place that decides it.

Views, the admin, the CLI and the actions all ask here. The answers rest on permissions that
roles grant (see synergie.accounts.backends), never on a role's name.
"""

from django.db.models import Q, QuerySet

from synergie.accounts.backends import institutions_with_perm
from synergie.needs.models import Confidentiality, Need, NeedStatus
from synergie.needs.workflow import TRANSITIONS_BY_NAME, Transition, transitions_from

# Needs the public may read: published by their institution, and past the draft stage.
PUBLIC_Q = Q(confidentiality=Confidentiality.PUBLIC) & ~Q(status=NeedStatus.DRAFT)


def filing_institution_ids(user) -> set[int] | None:
    """Institutions the user may file needs for (None: all of them)."""
    return institutions_with_perm(user, "needs.file_need")


def visible_needs(user, queryset: QuerySet | None = None) -> QuerySet:
    """Every need `user` may read. Drafts stay inside their institution."""
    queryset = Need.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.filter(PUBLIC_Q)
    if user.is_superuser:
        return queryset
    visible = PUBLIC_Q
    own = filing_institution_ids(user)
    if own is None:
        return queryset
    if own:
        visible |= Q(institution_id__in=own)
    if user.has_perm("needs.view_all_need"):
        visible |= ~Q(status=NeedStatus.DRAFT)
    elif user.has_perm("needs.view_shared_need"):
        visible |= Q(confidentiality=Confidentiality.REGIONAL) & ~Q(status=NeedStatus.DRAFT)
    return queryset.filter(visible)


def can_view(user, need: Need) -> bool:
    return visible_needs(user, Need.objects.filter(pk=need.pk)).exists()


def can_view_history(user, need: Need) -> bool:
    """The history names civil servants: only signed-in users who can read the need see it."""
    return user.is_authenticated and can_view(user, need)


def can_see_matches(user, need: Need) -> bool:
    """Similar needs are an internal tool: for signed-in readers of the need, never the public."""
    return can_view_history(user, need)


def can_create(user) -> bool:
    own = filing_institution_ids(user)
    return own is None or bool(own)


def can_edit(user, need: Need) -> bool:
    """Authors edit drafts of their institution; administrators edit any need."""
    if user.has_perm("needs.change_need", need):
        return True
    return need.status == NeedStatus.DRAFT and user.has_perm("needs.file_need", need)


def can_transition(user, need: Need, transition: Transition | str) -> bool:
    if isinstance(transition, str):
        transition = TRANSITIONS_BY_NAME.get(transition)
        if transition is None:
            return False
    if need.status not in transition.sources:
        return False
    return user.has_perm(transition.permission, need) and can_view(user, need)


def allowed_transitions(user, need: Need) -> list[Transition]:
    if not user.is_authenticated:
        return []
    return [t for t in transitions_from(need.status) if can_transition(user, need, t)]


def can_browse_region(user) -> bool:
    """The regional list of needs is for signed-in users who read beyond their institution."""
    return user.is_authenticated and (
        user.has_perm("needs.view_shared_need") or user.has_perm("needs.view_all_need")
    )
