"""What a user may do to a need: the one place that decides it.

Views, the admin, the CLI and the actions all ask here. The answers rest on permissions that
roles grant (see synergie.accounts.backends), never on a role's name.
"""

import enum
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy, ngettext_lazy

from synergie.accounts.backends import institutions_with_perm
from synergie.institutions.models import InstitutionKind
from synergie.needs.models import Confidentiality, Need, NeedQuerySet, NeedStatus
from synergie.needs.workflow import TRANSITIONS_BY_NAME, Transition, transitions_from

# Needs the public may read (`needs.models.PUBLIC_Q`) are the queryset form of
# `public_appearance(need) == PublicAppearance.NAMED`.


class PublicAppearance(enum.Enum):
    """How a need appears on every page and feed readable without login."""

    NAMED = "named"  # its title and its institution's name
    ANONYMISED = "anonymised"  # only the kind of its institution ("a police zone")
    HIDDEN = "hidden"  # not at all


# The kind of an institution, as the public reads it in place of an unpublished need.
ANONYMOUS_INSTITUTION = {
    InstitutionKind.MUNICIPALITY: gettext_lazy("a municipality"),
    InstitutionKind.SOCIAL_WELFARE_CENTRE: gettext_lazy("a social welfare centre (CPAS/OCMW)"),
    InstitutionKind.POLICE_ZONE: gettext_lazy("a police zone"),
    InstitutionKind.REGIONAL_BODY: gettext_lazy("a regional body"),
    InstitutionKind.OTHER: gettext_lazy("a public institution"),
}
SEVERAL_INSTITUTIONS = {
    InstitutionKind.MUNICIPALITY: ngettext_lazy(
        "%(count)s municipality", "%(count)s municipalities", "count"),
    InstitutionKind.SOCIAL_WELFARE_CENTRE: ngettext_lazy(
        "%(count)s social welfare centre (CPAS/OCMW)",
        "%(count)s social welfare centres (CPAS/OCMW)", "count"),
    InstitutionKind.POLICE_ZONE: ngettext_lazy(
        "%(count)s police zone", "%(count)s police zones", "count"),
    InstitutionKind.REGIONAL_BODY: ngettext_lazy(
        "%(count)s regional body", "%(count)s regional bodies", "count"),
    InstitutionKind.OTHER: ngettext_lazy(
        "%(count)s public institution", "%(count)s public institutions", "count"),
}
ANONYMOUS_NEED = {
    InstitutionKind.MUNICIPALITY: gettext_lazy("A need of a municipality"),
    InstitutionKind.SOCIAL_WELFARE_CENTRE: gettext_lazy(
        "A need of a social welfare centre (CPAS/OCMW)"),
    InstitutionKind.POLICE_ZONE: gettext_lazy("A need of a police zone"),
    InstitutionKind.REGIONAL_BODY: gettext_lazy("A need of a regional body"),
    InstitutionKind.OTHER: gettext_lazy("A need of a public institution"),
}


def public_appearance(need: Need) -> PublicAppearance:
    """The one rule for the public: a need its institution published is named; a regional or
    institution-only need that a public record has to mention (a decision on it, alone or in a
    pooling opportunity) is named only by its institution's kind; a draft never appears.
    Lists of needs show only the named ones (`PUBLIC_Q`): an anonymised need has nothing to
    list on its own."""
    if need.status == NeedStatus.DRAFT:
        return PublicAppearance.HIDDEN
    if need.confidentiality == Confidentiality.PUBLIC:
        return PublicAppearance.NAMED
    return PublicAppearance.ANONYMISED


@dataclass(frozen=True)
class PublicNeed:
    """What a public page or feed may print about a need."""

    appearance: PublicAppearance
    title: str = ""
    language: str = ""
    institution_name: str = ""
    url: str = ""
    anonymous_institution: str = ""
    anonymous_title: str = ""

    @property
    def is_named(self) -> bool:
        return self.appearance == PublicAppearance.NAMED

    @property
    def institution(self) -> str:
        """Who filed it, as the public may read it."""
        return self.institution_name if self.is_named else self.anonymous_institution

    @property
    def subject(self) -> str:
        """What the need is, as the public may read it (a title or a sentence naming its kind)."""
        return self.title if self.is_named else self.anonymous_title


def _anonymous_institution(kind: str):
    return ANONYMOUS_INSTITUTION.get(kind, ANONYMOUS_INSTITUTION[InstitutionKind.OTHER])


def public_view(need: Need) -> PublicNeed:
    appearance = public_appearance(need)
    if appearance == PublicAppearance.NAMED:
        return PublicNeed(appearance, title=need.title, language=need.language,
                          institution_name=need.institution.name, url=need.get_absolute_url())
    if appearance == PublicAppearance.ANONYMISED:
        kind = need.institution.kind
        return PublicNeed(appearance, anonymous_institution=str(_anonymous_institution(kind)),
                          anonymous_title=str(ANONYMOUS_NEED.get(
                              kind, ANONYMOUS_NEED[InstitutionKind.OTHER])))
    return PublicNeed(appearance)


def public_views(needs) -> list[PublicNeed]:
    """The needs the public may read about: the named ones by institution, then the unnamed
    ones counted by kind of institution ("2 police zones"); hidden ones left out."""
    named, unnamed = [], Counter()
    for need in needs:
        view = public_view(need)
        if view.is_named:
            named.append(view)
        elif view.appearance == PublicAppearance.ANONYMISED:
            unnamed[need.institution.kind] += 1
    named.sort(key=lambda view: view.institution)
    return named + [PublicNeed(PublicAppearance.ANONYMISED,
                               anonymous_institution=_unnamed_institutions(kind, count))
                    for kind, count in sorted(unnamed.items())]


def _unnamed_institutions(kind: str, count: int) -> str:
    if count == 1:
        return str(_anonymous_institution(kind))
    several = SEVERAL_INSTITUTIONS.get(kind, SEVERAL_INSTITUTIONS[InstitutionKind.OTHER])
    return several % {"count": count}


def filing_institution_ids(user) -> set[int] | None:
    """Institutions the user may file needs for (None: all of them)."""
    return institutions_with_perm(user, "needs.file_need")


def visible_needs(user, queryset: QuerySet | None = None) -> QuerySet:
    """Every need `user` may read (`Need.objects.visible_to`, the one rule), within `queryset`."""
    readable = Need.objects.visible_to(user)
    if queryset is None:
        return readable
    if isinstance(queryset, NeedQuerySet):
        return queryset.visible_to(user)
    return queryset.filter(pk__in=readable.values("pk"))


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
