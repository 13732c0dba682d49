"""Pages of long lists whose count is capped.

Counting every need that holds a common word, or that runs in a given year, reads most of a
table of 200,000 (150 ms on PostgreSQL, each time the page is opened); the first COUNT_CAP are
counted in a few milliseconds. Beyond it a list says "more than 10,000" and pages through the
first 10,000 in its order: a person narrows the filters long before."""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000


def capped_count(queryset, cap: int | None = None) -> tuple[int, bool]:
    """(how many, up to `cap` (COUNT_CAP); whether there are more)."""
    cap = COUNT_CAP if cap is None else cap
    # Unordered: the order would make the database sort every match before the limit.
    found = queryset.order_by()[:cap + 1].count()
    return min(found, cap), found > cap


class CappedPaginator(Paginator):
    """A paginator over a queryset (or a list that counts itself so: `count_is_floor`) that
    counts up to COUNT_CAP; `count_is_floor` says the list holds more."""

    count_is_floor = False

    @cached_property
    def count(self) -> int:
        if hasattr(self.object_list, "query"):
            found, self.count_is_floor = capped_count(self.object_list)
            return found
        found = self.object_list.count()
        self.count_is_floor = bool(getattr(self.object_list, "count_is_floor", False))
        return found
