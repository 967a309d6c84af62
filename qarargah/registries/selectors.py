"""Reads of the registry, each starting from what the user may see.

Person-level reads (sources, records, persons, the review queue) start from
``visible_to(user)``. The aggregates read counts over the province(s) the user covers and come
out only through :func:`aggregates_for_user`, which suppresses small cells (``suppression``) —
so leadership and national viewers never reach a row of a person, nor a count small enough to
point at one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from qarargah.accounts.scoping import scope_for
from qarargah.organisations.models import County, Province, TargetNeighbourhood
from qarargah.persian import digits_only, normalise

from .models import (
    AccessLog,
    GroupTotal,
    LinkRun,
    Person,
    QuarantinedRow,
    ReviewItem,
    ReviewStatus,
    Source,
    SourceRecord,
    TargetGroup,
    Upload,
)
from .suppression import Cell, SuppressedTable, suppress

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.system import Actor

    type Who = Actor | AnonymousUser


def min_cell() -> int:
    return int(getattr(settings, "QARARGAH_REGISTRY_MIN_CELL", 10))


def sources_for_user(user: Who) -> QuerySet[Source]:
    return (
        Source.objects.visible_to(user)
        .select_related("province", "agency")
        .prefetch_related("groups")
        .annotate(record_count=Count("records", distinct=True))
        .order_by("province__name", "name")
    )


def uploads_of(source: Source) -> QuerySet[Upload]:
    return source.uploads.select_related("uploaded_by").order_by("-uploaded_at", "-id")


def quarantine_for_user(user: Who, source: Source | None = None) -> QuerySet[QuarantinedRow]:
    rows = QuarantinedRow.objects.visible_to(user).filter(resolved=False).select_related("upload__source")
    if source is not None:
        rows = rows.filter(upload__source=source)
    return rows.order_by("upload__source__name", "-upload__uploaded_at", "row_number")


def groups_for_user(user: Who) -> QuerySet[TargetGroup]:
    return TargetGroup.objects.visible_to(user).order_by("province_id", "id")


def review_queue_for_user(user: Who) -> QuerySet[ReviewItem]:
    return (
        ReviewItem.objects.visible_to(user)
        .filter(status=ReviewStatus.OPEN)
        .select_related("record_a__source", "record_b__source")
        .order_by("-probability", "id")
    )


def link_runs_for_user(user: Who) -> QuerySet[LinkRun]:
    return LinkRun.objects.visible_to(user).select_related("province").order_by("-created_at", "-id")


def records_of_person(user: Who, person: Person) -> QuerySet[SourceRecord]:
    """The person's records the user may see (an agency officer: its own agency's only)."""
    return (
        SourceRecord.objects.visible_to(user)
        .filter(link__person=person)
        .select_related("source__agency", "county", "neighbourhood", "link")
        .prefetch_related("source__groups")
        .order_by("source__name", "external_id")
    )


def find_persons(user: Who, query: str) -> QuerySet[Person]:
    """Persons whose visible records match a national code (exact) or a name (match key)."""
    text = (query or "").strip()
    if not text:
        return Person.objects.none()
    records = SourceRecord.objects.visible_to(user).filter(link__isnull=False)
    code = digits_only(text)
    if code is not None:
        records = records.filter(Q(national_code=code.zfill(10)) | Q(external_id=text))
    else:
        # Names are stored normalised (persian.normalise), so the query is too.
        for word in normalise(text).split():
            records = records.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    ids = records.values("link__person_id").order_by()[:500]
    return Person.objects.visible_to(user).filter(pk__in=ids).order_by("number")


def records_for_export(user: Who, province: Province | None = None) -> QuerySet[SourceRecord]:
    records = SourceRecord.objects.visible_to(user).select_related(
        "source", "link__person", "county", "neighbourhood"
    )
    if province is not None:
        records = records.filter(source__province=province)
    return records.order_by("source__name", "external_id")


def access_log() -> QuerySet[AccessLog]:
    return AccessLog.objects.select_related("user").order_by("-at", "-id")


# --- Aggregates ----------------------------------------------------------------------------


def aggregate_provinces(user: Who) -> QuerySet[Province]:
    scope = scope_for(user)
    if not (scope.can_see_registry_aggregates or scope.can_see_registry_persons):
        return Province.objects.none()
    return Province.objects.filter(scope.province_q("id")).order_by("name")


@dataclass(frozen=True)
class AggregateTable:
    """One suppressed table: a label per row (a county or neighbourhood), per column (a group)."""

    title: str
    row_labels: list[str]
    column_labels: list[str]
    table: SuppressedTable

    def rows(self) -> list[tuple[str, list[int | None], int | None]]:
        return [
            (label, cells, total)
            for label, cells, total in zip(
                self.row_labels, self.table.cells, self.table.row_totals, strict=True
            )
        ]

    def column(self, index: int | None) -> AggregateTable:
        """One column as a table of its own, each cell hidden or shown as here (``None``: a
        table with no columns, for a group this table has no column of)."""
        if index is None:
            return AggregateTable(
                self.title, self.row_labels, [], suppress([[] for _ in self.row_labels], minimum=1)
            )
        cells = [[row[index]] for row in self.table.cells]
        total = self.table.column_totals[index]
        return AggregateTable(
            self.title,
            self.row_labels,
            [self.column_labels[index]],
            SuppressedTable(
                cells=cells, row_totals=[row[0] for row in cells], column_totals=[total], total=total
            ),
        )


@dataclass(frozen=True)
class Aggregates:
    province: Province
    county: County | None
    groups: list[TargetGroup]
    minimum: int
    counts: AggregateTable
    overlaps: AggregateTable
    gaps: AggregateTable
    # The place each row stands for (a county's or neighbourhood's id; None for the rest).
    row_keys: list[Any] = field(default_factory=list)

    def row_of(self, county: County) -> int:
        return self.row_keys.index(county.pk)

    def only(self, group: TargetGroup) -> Aggregates:
        """The view of one group: its column of every table, suppressed as there."""
        index = next(i for i, g in enumerate(self.groups) if g.pk == group.pk)
        household = [g.pk for g in self.groups if g.counts_households]
        return replace(
            self,
            groups=[group],
            counts=self.counts.column(index),
            overlaps=self.overlaps.column(index),
            gaps=self.gaps.column(household.index(group.pk) if group.pk in household else None),
        )


def _places(province: Province, county: County | None) -> tuple[list[Any], str, list[str]]:
    """The rows of the tables: counties of the province, or the neighbourhoods of one county
    (and a last row for the rest of it)."""
    if county is None:
        counties = list(County.objects.filter(province=province).order_by("name"))
        return [c.pk for c in counties] + [None], "county_id", [c.name for c in counties] + ["نامعلوم"]
    hoods = list(TargetNeighbourhood.objects.filter(county=county).order_by("name"))
    return (
        [n.pk for n in hoods] + [None],
        "neighbourhood_id",
        [n.name for n in hoods] + ["بیرون از محله‌های هدف"],
    )


def _grid(
    cells: dict[tuple[Any, int], int], keys: Sequence[Any], groups: Sequence[TargetGroup]
) -> list[list[int]]:
    return [[cells.get((key, g.pk), 0) for g in groups] for key in keys]


def aggregates_for_user(
    user: Who,
    *,
    province: Province,
    county: County | None = None,
    group: TargetGroup | None = None,
    above: Aggregates | None = None,
) -> Aggregates:
    """Counts by target group per county (or per neighbourhood of one county); people served by
    more than one agency for the same group; households of a group counted by household that
    no agency serves. Every table is suppressed below the configured minimum.

    The views are consistent with each other, so that comparing two of them gives nothing
    away: one group's view is that group's column of the table of all groups, as suppressed
    there; a county's view is suppressed with its totals as the province's table shows the
    county's row (hidden where that hides them, and never hidden to protect another cell where
    that shows them). ``above``: the province's own aggregates when already at hand (the
    indicator feed reads every county)."""
    minimum = min_cell()
    groups = list(TargetGroup.objects.filter(Q(province__isnull=True) | Q(province=province)).order_by("id"))
    hide: dict[str, set[Cell]] = {"counts": set(), "overlaps": set(), "gaps": set()}
    known: dict[str, set[Cell]] = {"counts": set(), "overlaps": set(), "gaps": set()}
    if county is not None:
        above = above or aggregates_for_user(user, province=province)
        county_row = above.row_of(county)
        margin = len(_places(province, county)[0])  # the county's table: its totals row
        for name in hide:
            table: AggregateTable = getattr(above, name)
            shown = table.table.cells[county_row] + [table.table.row_totals[county_row]]
            for column, value in enumerate(shown):
                (known if value is not None else hide)[name].add((margin, column))
    if group is not None and group not in groups:
        # Another province's group: no list of this province names it, every count is zero.
        return _aggregates(
            province, county, [group], minimum, {k: set() for k in hide}, {k: set() for k in known}
        )
    full = _aggregates(province, county, groups, minimum, hide, known)
    return full if group is None else full.only(group)


def _aggregates(
    province: Province,
    county: County | None,
    groups: list[TargetGroup],
    minimum: int,
    hide: dict[str, set[Cell]],
    known: dict[str, set[Cell]],
) -> Aggregates:
    keys, place_field, labels = _places(province, county)
    records = SourceRecord.objects.filter(source__province=province, link__isnull=False)
    if county is not None:
        records = records.filter(county=county)
    group_ids = [g.pk for g in groups]
    records = records.filter(source__groups__in=group_ids)

    people: dict[tuple[Any, int], int] = {}
    for row in (
        records.values(place_field, "source__groups")
        .annotate(n=Count("link__person", distinct=True))
        .order_by()
    ):
        people[(row[place_field], row["source__groups"])] = row["n"]

    # Several agencies for the same group: persons with records from two or more agencies.
    agencies: dict[tuple[Any, int, int], set[int]] = defaultdict(set)
    households: dict[tuple[Any, int], set[str]] = defaultdict(set)
    household_served: dict[tuple[str, int], bool] = {}
    for row in records.values(
        place_field, "source__groups", "link__person_id", "source__agency_id", "link__person__household"
    ).order_by():
        key = (row[place_field], row["source__groups"], row["link__person_id"])
        if row["source__agency_id"] is not None:
            agencies[key].add(row["source__agency_id"])
        household = row["link__person__household"] or f"p{row['link__person_id']}"
        households[(row[place_field], row["source__groups"])].add(household)
        hg = (household, row["source__groups"])
        household_served[hg] = household_served.get(hg, False) or row["source__agency_id"] is not None
    overlaps: dict[tuple[Any, int], int] = defaultdict(int)
    for (place, group_id, _person), found in agencies.items():
        if len(found) >= 2:
            overlaps[(place, group_id)] += 1
    household_groups = [g for g in groups if g.counts_households]
    gaps: dict[tuple[Any, int], int] = defaultdict(int)
    for (place, group_id), names in households.items():
        gaps[(place, group_id)] = sum(not household_served[(h, group_id)] for h in names)
    column_labels = [g.name for g in groups]
    return Aggregates(
        province=province,
        county=county,
        groups=groups,
        minimum=minimum,
        counts=AggregateTable(
            "شمار افراد هر گروه هدف",
            labels,
            column_labels,
            suppress(
                _grid(people, keys, groups), minimum=minimum, hide=hide["counts"], known=known["counts"]
            ),
        ),
        overlaps=AggregateTable(
            "افرادی که بیش از یک دستگاه برای یک گروه به آن‌ها خدمت می‌دهد",
            labels,
            column_labels,
            suppress(
                _grid(overlaps, keys, groups), minimum=minimum, hide=hide["overlaps"], known=known["overlaps"]
            ),
        ),
        gaps=AggregateTable(
            "خانوارهای گروه هدف که هیچ دستگاهی به آن‌ها خدمت نمی‌دهد",
            labels,
            [g.name for g in household_groups],
            suppress(
                _grid(gaps, keys, household_groups), minimum=minimum, hide=hide["gaps"], known=known["gaps"]
            )
            if household_groups
            else suppress([[] for _ in keys], minimum=minimum),
        ),
        row_keys=keys,
    )


def places(province: Province, county: County | None) -> tuple[list[Any], str, list[str]]:
    """The rows of the aggregates tables (ids, the record column they group by, labels): the
    indicator feed stores a neighbourhood's cell by the same row order the page shows."""
    return _places(province, county)


# --- The home page's headline -----------------------------------------------------------------


def count_group_totals(province: Province) -> list[tuple[TargetGroup, int | None]]:
    """People per group of ``province``: the column totals of the aggregates page's table
    (counties × groups) as it shows them (``None``: hidden). One grouped count; the feed stores
    the result in :class:`GroupTotal`."""
    groups = list(TargetGroup.objects.filter(Q(province__isnull=True) | Q(province=province)).order_by("id"))
    cells: dict[tuple[Any, int], int] = {}
    rows = (
        SourceRecord.objects.filter(
            source__province=province, link__isnull=False, source__groups__in=[g.pk for g in groups]
        )
        .values("county_id", "source__groups")
        .annotate(n=Count("link__person", distinct=True))
        .order_by()
    )
    for row in rows:
        cells[(row["county_id"], row["source__groups"])] = row["n"]
    keys, _field, _labels = _places(province, None)
    table = suppress(_grid(cells, keys, groups), minimum=min_cell())
    return list(zip(groups, table.column_totals, strict=True))


@dataclass(frozen=True)
class GroupHeadline:
    """People in the registry by target group, as stored by the last feed (``None``: hidden).
    Over several provinces (a national viewer) a group's figure is the sum of the provinces'
    shown totals, and ``hidden`` says how many provinces' totals are left out, so the sum reveals
    nothing the provinces' pages do not."""

    groups: list[TargetGroup]
    counts: list[int | None]
    hidden: list[int]
    provinces: int
    as_of: Any = None

    def rows(self) -> list[tuple[TargetGroup, int | None, int]]:
        return list(zip(self.groups, self.counts, self.hidden, strict=True))

    @property
    def empty(self) -> bool:
        return all(c == 0 for c in self.counts) and not any(self.hidden)


def registry_headline_for_user(user: Who, *, province: Province | None = None) -> GroupHeadline:
    """The stored totals (:class:`GroupTotal`) of the provinces the user reads, ``province``
    alone when given; ``provinces`` is 0 when no feed has counted them yet."""
    rows = GroupTotal.objects.visible_to(user).select_related("group")
    if province is not None:
        rows = rows.filter(province=province)
    found = list(rows.order_by("group_id"))
    single = province is not None
    groups: dict[int, TargetGroup] = {}
    counts: dict[int, int] = defaultdict(int)
    hidden: dict[int, int] = defaultdict(int)
    for row in found:
        if not single and row.group.province_id is not None:
            continue  # a province's own group is not summed over the country
        groups[row.group_id] = row.group
        if row.people is None:
            hidden[row.group_id] += 1
        else:
            counts[row.group_id] += row.people
    ordered = [groups[k] for k in sorted(groups)]
    return GroupHeadline(
        groups=ordered,
        counts=[None if (single and hidden[g.pk]) else counts[g.pk] for g in ordered],
        hidden=[hidden[g.pk] for g in ordered],
        provinces=len({row.province_id for row in found}),
        as_of=max((row.as_of for row in found), default=None),
    )
