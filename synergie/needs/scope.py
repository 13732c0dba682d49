"""Which of the region's shared objects (opportunities, business cases, scenarios, meetings,
experiments) a user may read, given the scope of the roles that let them read such objects.

A regional role holding one of the reading permissions reads every object. An
institution-scoped one reads an object only when the object concerns its institution (one of
the needs it names is of that institution) and names no need the user may not read: these
objects print the titles, institutions and figures of their needs, so an object showing another
institution's institution-only need would leak it, whatever page or export shows it.
"""

from collections.abc import Iterable

from django.db.models import Exists, Q, QuerySet

from synergie.accounts.backends import institutions_with_any_perm
from synergie.needs.models import Need


def readable_region_objects(queryset: QuerySet, user, perms: Iterable[str],
                            subjects: QuerySet, need_paths: Iterable[str]) -> QuerySet:
    """`queryset` narrowed to what `user` may read through any of `perms`.

    `subjects` holds, for the outer object (`OuterRef("pk")`), the rows that name its needs;
    `need_paths` are the lookups from such a row to a need (e.g. "need" and
    "opportunity__members__need" for an agenda item)."""
    if not user.is_authenticated:
        return queryset.none()
    scope = institutions_with_any_perm(user, perms)
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    unreadable = Need.objects.exclude(pk__in=Need.objects.visible_to(user).values("pk"))
    concerns_scope, names_unreadable = Q(pk__in=[]), Q(pk__in=[])
    for path in need_paths:
        concerns_scope |= Q(**{f"{path}__institution_id__in": scope})
        names_unreadable |= Q(**{f"{path}__in": unreadable})
    return (queryset.filter(Exists(subjects.filter(concerns_scope)))
            .exclude(Exists(subjects.filter(names_unreadable))))
