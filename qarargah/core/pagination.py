"""Pagination that stays fast on long lists of joined rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class KeysFirstPaginator(Paginator):
    """Sorts and slices the primary keys first, then loads only that page's rows.

    A list page selects rows with several joins (resolution → meeting → body, agency) and
    annotations. Sorting the whole filtered set with all those columns makes the database join
    every matching row before it can drop all but one page: for an agency with 9,000 open
    assignments that was most of the inbox's time. Here the sort reads narrow rows (often the
    index alone) and the joins run for one page.

    The page's rows are loaded by ``rows(keys)`` when given: the same select_related, annotations
    and prefetches by primary key alone. Without it they come from the queryset itself limited to
    the keys, which repeats its filters; PostgreSQL then plans subquery filters (e.g. «any
    assignment to an agency of this county») for the whole table again, to keep 50 rows.

    With ``count_cap`` the count stops there: counting a province's 100,000 resolutions on every
    page view costs more than the page itself, and nobody pages through more than a few thousand
    rows (they filter). ``capped`` tells the template to say «more than …».

    With ``count_with_keys`` the count and the page's keys come from one query: the keys in
    order, up to the cap. For a filter whose cost is finding its rows at all, not reading them
    (a free-text search reads the search index and looks up every match, for the count and
    again for the keys), that reads the matches once instead of twice; for a broad filter
    whose first page is the first 50 entries of an index it would read far more than it needs.
    """

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        count_cap: int | None = None,
        known_count: int | None = None,
        rows: Callable[[list[Any]], Iterable[Any]] | None = None,
        count_with_keys: bool = False,
        **kwargs: Any,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        self.count_with_keys = count_with_keys and isinstance(object_list, QuerySet)
        self.count_cap = count_cap
        self.known_count = known_count  # a caller that has counted already spares the query
        self.capped = False

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        if self.count_with_keys:
            self.capped = self.count_cap is not None and len(self._all_keys) > self.count_cap
            return len(self._all_keys) - int(self.capped)
        if self.count_cap is None or not isinstance(self.object_list, QuerySet):
            return super().count
        # Only the keys: the list's annotations (e.g. «has an overdue assignment», a subquery per
        # row) would otherwise be computed for every counted row.
        counted = self.object_list.order_by().values("pk")[: self.count_cap + 1].count()
        self.capped = counted > self.count_cap
        return min(counted, self.count_cap)

    @cached_property
    def _all_keys(self) -> list[Any]:
        """Every key in order, up to one past the cap (``count_with_keys``)."""
        queryset: QuerySet = self.object_list  # type: ignore[assignment]  # count_with_keys: a QuerySet
        keys = queryset.values_list("pk", flat=True)
        return list(keys if self.count_cap is None else keys[: self.count_cap + 1])

    def page(self, number: Any) -> Page:
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset: QuerySet = self.object_list
        if self.count_with_keys:
            keys = self._all_keys[bottom:top]
        else:
            keys = list(queryset.values_list("pk", flat=True)[bottom:top])
        # The order is the one the keys came in.
        loaded = self.rows(keys) if self.rows is not None else queryset.order_by().filter(pk__in=keys)
        rows = {row.pk: row for row in loaded}
        return Page([rows[key] for key in keys if key in rows], number, self)
