"""The one aggregation of the neighbourhood programme along the hierarchy (decision 0032):
neighbourhood → county → province → nation, the way DHIS2 rolls organisation units up.

- A **neighbourhood's** figures are its own rows (its needs, its indicator values), read live:
  they are a few dozen rows.
- A **county's** and a **province's** figures are stored (``NeedRollup``, ``IndicatorRollup``),
  each unit with the time it was recounted (``RollupUnit.as_of``). The services that change
  needs or indicator values call :func:`refresh_needs` / :func:`refresh_indicators` inside their
  own transaction; a county is *recounted* from the source rows (not incremented), and its
  province is then summed from its counties' stored rows.
- The **nation** is summed at read time from the provinces' stored rows (31 units): storing it
  would make every change in the country wait on one lock.

``qarargah neighbourhood_rollup --rebuild`` recounts everything; ``--check`` compares the table
with :func:`fresh_rollup` (a count straight from the source rows, grouped by county and by
province) and exits 1 on a difference.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from qarargah.organisations.models import County, Province

from .models import (
    IndicatorRollup,
    IndicatorValue,
    Need,
    NeedRollup,
    RollupLevel,
    RollupUnit,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.system import Actor

COUNTY, PROVINCE = RollupLevel.COUNTY.value, RollupLevel.PROVINCE.value

# (level, unit) -> {(axis, status): (needs, households)}
NeedFigures = dict[tuple[str, int], dict[tuple[str, str], tuple[int, int]]]
# (level, unit) -> {(indicator, year, part): (total, reporting)}
IndicatorFigures = dict[tuple[str, int], dict[tuple[int, int, int], tuple[Decimal, int]]]


# --- Counting from the source rows (the definition) ------------------------------------------------------


def _count_needs(county_ids: Iterable[int] | None) -> NeedFigures:
    qs = Need.objects.all()
    if county_ids is not None:
        qs = qs.filter(neighbourhood__county_id__in=list(county_ids))
    found: NeedFigures = defaultdict(dict)
    rows = (
        qs.order_by()
        .values_list("neighbourhood__county_id", "neighbourhood__county__province_id", "axis", "status")
        .annotate(n=Count("id"), h=Sum("households"))
    )
    for county_id, province_id, axis, status, n, h in rows:
        found[(COUNTY, county_id)][(axis, status)] = (n, int(h or 0))
        bucket = found[(PROVINCE, province_id)]
        before = bucket.get((axis, status), (0, 0))
        bucket[(axis, status)] = (before[0] + n, before[1] + int(h or 0))
    return found


def _count_indicators(
    county_ids: Iterable[int] | None, keys: Iterable[tuple[int, int, int]] | None = None
) -> IndicatorFigures:
    qs = IndicatorValue.objects.all()
    if county_ids is not None:
        qs = qs.filter(neighbourhood__county_id__in=list(county_ids))
    if keys is not None:
        keys = list(keys)
        qs = qs.filter(indicator_id__in={k[0] for k in keys}, year__in={k[1] for k in keys})
    found: IndicatorFigures = defaultdict(dict)
    rows = (
        qs.order_by()
        .values_list(
            "neighbourhood__county_id", "neighbourhood__county__province_id", "indicator_id", "year", "part"
        )
        .annotate(t=Sum("value"), n=Count("id"))
    )
    wanted = set(keys) if keys is not None else None
    for county_id, province_id, indicator_id, year, part, total, n in rows:
        key = (indicator_id, year, part)
        if wanted is not None and key not in wanted:
            continue
        found[(COUNTY, county_id)][key] = (total, n)
        bucket = found[(PROVINCE, province_id)]
        before = bucket.get(key, (Decimal(0), 0))
        bucket[key] = (before[0] + total, before[1] + n)
    return found


@dataclass
class Fresh:
    needs: NeedFigures
    indicators: IndicatorFigures


def fresh_rollup() -> Fresh:
    """Every county's and province's figures counted straight from the source rows."""
    return Fresh(_count_needs(None), _count_indicators(None))


# --- Writing the stored rows ----------------------------------------------------------------------------


def _lock_units(units: Iterable[tuple[str, int, int]], now: datetime.datetime) -> None:
    """Create the units' rows if missing and lock them in key order (counties before their
    province: COUNTY < PROVINCE as text), so two writers on one county take turns and the
    second counts what the first committed."""
    units = sorted(set(units))
    RollupUnit.objects.bulk_create(
        [
            RollupUnit(level=level, unit_id=unit, province_id=province, as_of=now)
            for level, unit, province in units
        ],
        ignore_conflicts=True,
    )
    for level in (COUNTY, PROVINCE):
        ids = sorted(u for lv, u, _p in units if lv == level)
        if ids:
            list(
                RollupUnit.objects.select_for_update()
                .filter(level=level, unit_id__in=ids)
                .order_by("unit_id")
                .values_list("pk", flat=True)
            )
        RollupUnit.objects.filter(level=level, unit_id__in=ids).update(as_of=now)


def _store_needs(figures: NeedFigures, units: list[tuple[str, int, int]]) -> None:
    for level, unit, _province in units:
        NeedRollup.objects.filter(level=level, unit_id=unit).delete()
    NeedRollup.objects.bulk_create(
        [
            NeedRollup(
                level=level,
                unit_id=unit,
                province_id=province,
                axis=axis,
                status=status,
                needs=n,
                households=h,
            )
            for level, unit, province in units
            for (axis, status), (n, h) in figures.get((level, unit), {}).items()
        ],
        batch_size=2000,
    )


def _province_needs_from_counties(province_id: int) -> dict[tuple[str, str], tuple[int, int]]:
    found: dict[tuple[str, str], tuple[int, int]] = {}
    rows = (
        NeedRollup.objects.filter(level=COUNTY, province_id=province_id)
        .order_by()
        .values_list("axis", "status")
        .annotate(n=Sum("needs"), h=Sum("households"))
    )
    for axis, status, n, h in rows:
        found[(axis, status)] = (int(n), int(h))
    return found


def _units_of(county_ids: Iterable[int]) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
    pairs = list(County.objects.filter(pk__in=set(county_ids)).values_list("pk", "province_id"))
    counties = sorted((COUNTY, c, p) for c, p in pairs)
    provinces = sorted({(PROVINCE, p, p) for _c, p in pairs})
    return counties, provinces


def refresh_needs(county_ids: Iterable[int]) -> None:
    """Recount the needs of these counties and their provinces (inside the caller's transaction;
    the services call it after writing needs)."""
    counties, provinces = _units_of(county_ids)
    if not counties:
        return
    with transaction.atomic():
        _lock_units([*counties, *provinces], timezone.now())
        _store_needs(_count_needs([c for _l, c, _p in counties]), counties)
        _store_needs({(PROVINCE, p): _province_needs_from_counties(p) for _l, p, _p in provinces}, provinces)


def refresh_indicators(county_ids: Iterable[int], keys: Iterable[tuple[int, int, int]] | None = None) -> None:
    """Recount these counties' indicator sums (only the given (indicator, year, part) periods
    when ``keys`` is given) and their provinces' from the counties' stored rows."""
    counties, provinces = _units_of(county_ids)
    if not counties:
        return
    keys = list(keys) if keys is not None else None
    with transaction.atomic():
        _lock_units([*counties, *provinces], timezone.now())
        figures = _count_indicators([c for _l, c, _p in counties], keys)
        for level, units in ((COUNTY, counties), (PROVINCE, provinces)):
            ids = [u for _l, u, _p in units]
            old = IndicatorRollup.objects.filter(level=level, unit_id__in=ids)
            if keys is not None:
                old = old.filter(indicator_id__in={k[0] for k in keys}, year__in={k[1] for k in keys})
                old_keys = set(keys)
                stale = [
                    pk
                    for pk, ind, year, part in old.values_list("pk", "indicator_id", "year", "part")
                    if (ind, year, part) in old_keys
                ]
                IndicatorRollup.objects.filter(pk__in=stale).delete()
            else:
                old.delete()
            if level == PROVINCE:
                # The province is summed from its counties' stored rows (just written), not from
                # the few counties counted above.
                for unit_key in [k for k in figures if k[0] == PROVINCE]:
                    del figures[unit_key]
                figures.update(_province_indicators_from_counties(ids, keys))
            IndicatorRollup.objects.bulk_create(
                [
                    IndicatorRollup(
                        level=level,
                        unit_id=unit,
                        province_id=province,
                        indicator_id=ind,
                        year=year,
                        part=part,
                        total=total,
                        reporting=n,
                    )
                    for _l, unit, province in units
                    for (ind, year, part), (total, n) in figures.get((level, unit), {}).items()
                ],
                batch_size=2000,
            )


def _province_indicators_from_counties(
    province_ids: list[int], keys: list[tuple[int, int, int]] | None
) -> IndicatorFigures:
    qs = IndicatorRollup.objects.filter(level=COUNTY, province_id__in=province_ids)
    if keys is not None:
        qs = qs.filter(indicator_id__in={k[0] for k in keys}, year__in={k[1] for k in keys})
    wanted = set(keys) if keys is not None else None
    found: IndicatorFigures = defaultdict(dict)
    rows = (
        qs.order_by()
        .values_list("province_id", "indicator_id", "year", "part")
        .annotate(t=Sum("total"), n=Sum("reporting"))
    )
    for province_id, ind, year, part, total, n in rows:
        if wanted is None or (ind, year, part) in wanted:
            found[(PROVINCE, province_id)][(ind, year, part)] = (total, int(n))
    return found


@transaction.atomic
def rebuild_rollup() -> int:
    """Recount every county and province from the source rows (after bulk writes that went past
    the services, or to repair). Returns the number of units written.

    The counting runs in the database (INSERT … SELECT … GROUP BY): a million indicator values
    never travel to Python. ``rollup_differences`` checks the result against
    :func:`fresh_rollup`, which counts the same thing its own way."""
    from django.db import connection

    from qarargah.organisations.models import TargetNeighbourhood

    now = timezone.now()
    province_of = dict(County.objects.values_list("pk", "province_id"))
    units = [(COUNTY, c, p) for c, p in province_of.items()] + [
        (PROVINCE, p, p) for p in Province.objects.values_list("pk", flat=True)
    ]
    RollupUnit.objects.all().delete()
    NeedRollup.objects.all().delete()
    IndicatorRollup.objects.all().delete()
    RollupUnit.objects.bulk_create(
        [RollupUnit(level=lv, unit_id=u, province_id=p, as_of=now) for lv, u, p in units], batch_size=2000
    )
    need, value = Need._meta.db_table, IndicatorValue._meta.db_table
    hood, county = TargetNeighbourhood._meta.db_table, County._meta.db_table
    need_rollup, indicator_rollup = NeedRollup._meta.db_table, IndicatorRollup._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {need_rollup} (level, unit_id, province_id, axis, status, needs, households) "
            f"SELECT %s, h.county_id, c.province_id, x.axis, x.status, COUNT(*), SUM(x.households) "
            f"FROM {need} x JOIN {hood} h ON h.id = x.neighbourhood_id JOIN {county} c ON c.id = h.county_id "
            f"GROUP BY h.county_id, c.province_id, x.axis, x.status",
            [COUNTY],
        )
        cursor.execute(
            f"INSERT INTO {need_rollup} (level, unit_id, province_id, axis, status, needs, households) "
            f"SELECT %s, province_id, province_id, axis, status, SUM(needs), SUM(households) "
            f"FROM {need_rollup} WHERE level = %s GROUP BY province_id, axis, status",
            [PROVINCE, COUNTY],
        )
        cursor.execute(
            f"INSERT INTO {indicator_rollup} (level, unit_id, province_id, indicator_id, year, part, total, reporting) "
            f"SELECT %s, h.county_id, c.province_id, v.indicator_id, v.year, v.part, SUM(v.value), COUNT(*) "
            f"FROM {value} v JOIN {hood} h ON h.id = v.neighbourhood_id JOIN {county} c ON c.id = h.county_id "
            f"GROUP BY h.county_id, c.province_id, v.indicator_id, v.year, v.part",
            [COUNTY],
        )
        cursor.execute(
            f"INSERT INTO {indicator_rollup} (level, unit_id, province_id, indicator_id, year, part, total, reporting) "
            f"SELECT %s, province_id, province_id, indicator_id, year, part, SUM(total), SUM(reporting) "
            f"FROM {indicator_rollup} WHERE level = %s GROUP BY province_id, indicator_id, year, part",
            [PROVINCE, COUNTY],
        )
    return len(units)


def stored_rollup() -> Fresh:
    needs: NeedFigures = defaultdict(dict)
    for lv, u, a, s, n, h in NeedRollup.objects.values_list(
        "level", "unit_id", "axis", "status", "needs", "households"
    ):
        if n or h:
            needs[(lv, u)][(a, s)] = (n, h)
    indicators: IndicatorFigures = defaultdict(dict)
    for lv, u, i, y, pt, t, n in IndicatorRollup.objects.values_list(
        "level", "unit_id", "indicator_id", "year", "part", "total", "reporting"
    ):
        indicators[(lv, u)][(i, y, pt)] = (t, n)
    return Fresh(needs, indicators)


def _plain(figures: dict[Any, dict[Any, Any]]) -> dict[Any, dict[Any, Any]]:
    return {unit: dict(cells) for unit, cells in figures.items() if cells}


def rollup_differences() -> list[str]:
    """Where the stored roll-up and a fresh count disagree, one line per unit (empty: they agree)."""
    fresh, stored = fresh_rollup(), stored_rollup()
    problems = []
    for name, a, b in (
        ("مسائل", _plain(fresh.needs), _plain(stored.needs)),
        ("شاخص‌ها", _plain(fresh.indicators), _plain(stored.indicators)),
    ):
        for unit in sorted(set(a) | set(b)):
            if a.get(unit, {}) != b.get(unit, {}):
                level = "شهرستان" if unit[0] == COUNTY else "استان"
                problems.append(f"{name} {level} {unit[1]}: ذخیره‌شده با شمارش تازه نمی‌خواند.")
    return problems


# --- Reading ---------------------------------------------------------------------------------------------


@dataclass
class AxisRow:
    axis: str
    label: str
    by_status: dict[str, int]
    households_open: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def open(self) -> int:
        from .models import OPEN_NEED_STATUSES

        return sum(n for s, n in self.by_status.items() if s in OPEN_NEED_STATUSES)


@dataclass
class IndicatorRow:
    indicator: Any
    year: int
    part: int
    label: str
    total: Decimal
    reporting: int
    units: int


@dataclass
class UnitFigures:
    """One unit's figures as a page shows them, with the time they were counted."""

    level: str
    unit: Any
    as_of: datetime.datetime | None
    axes: list[AxisRow]
    status_totals: dict[str, int]
    indicators: list[IndicatorRow]
    children: list[UnitFigures] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.status_totals.values())

    @property
    def open(self) -> int:
        return sum(a.open for a in self.axes)


def _figures(
    level: str,
    unit: Any,
    as_of: datetime.datetime | None,
    need_cells: dict[tuple[str, str], tuple[int, int]],
    indicator_cells: dict[tuple[int, int, int], tuple[Decimal, int]],
    indicators: dict[int, Any],
    neighbourhood_count: int,
) -> UnitFigures:
    from qarargah.resolutions.models import Axis

    from . import periods
    from .models import OPEN_NEED_STATUSES, NeedStatus

    axes = []
    totals = dict.fromkeys(NeedStatus.values, 0)
    for code, label in Axis.choices:
        by_status = {s: need_cells.get((code, s), (0, 0))[0] for s in NeedStatus.values}
        households = sum(need_cells.get((code, s), (0, 0))[1] for s in OPEN_NEED_STATUSES)
        axes.append(AxisRow(code, str(label), by_status, households))
        for s, n in by_status.items():
            totals[s] += n
    # The latest period of each indicator.
    latest: dict[int, tuple[int, int]] = {}
    for ind, year, part in indicator_cells:
        if (year, part) > latest.get(ind, (0, -1)):
            latest[ind] = (year, part)
    rows = []
    for ind_id, indicator in indicators.items():
        if ind_id not in latest:
            continue
        year, part = latest[ind_id]
        total, reporting = indicator_cells[(ind_id, year, part)]
        rows.append(
            IndicatorRow(
                indicator,
                year,
                part,
                periods.period_label(indicator.period, year, part),
                total,
                reporting,
                neighbourhood_count,
            )
        )
    return UnitFigures(level, unit, as_of, axes, totals, rows)


def _indicators() -> dict[int, Any]:
    from .models import Indicator

    return {i.pk: i for i in Indicator.objects.order_by("name")}


def _stored(
    model: Any, level: str, unit_ids: list[int], fields: tuple[str, ...]
) -> dict[int, dict[Any, Any]]:
    found: dict[int, dict[Any, Any]] = defaultdict(dict)
    for row in model.objects.filter(level=level, unit_id__in=unit_ids).values_list("unit_id", *fields):
        key = row[1:-2]
        found[row[0]][key] = (row[-2], row[-1])
    return found


def _need_cells(level: str, ids: list[int]) -> dict[int, dict[Any, Any]]:
    return _stored(NeedRollup, level, ids, ("axis", "status", "needs", "households"))


def _indicator_cells(level: str, ids: list[int]) -> dict[int, dict[Any, Any]]:
    """The stored indicator sums of the units' latest year only (pages show the latest period
    of each indicator; a unit has about 500 periods stored)."""
    from django.db.models import Max

    latest = (
        IndicatorRollup.objects.filter(level=level, unit_id__in=ids)
        .order_by()
        .values("indicator_id")
        .annotate(y=Max("year"))
        .values_list("indicator_id", "y")
    )
    found: dict[int, dict[Any, Any]] = defaultdict(dict)
    for indicator_id, year in latest:
        for row in IndicatorRollup.objects.filter(
            level=level, unit_id__in=ids, indicator_id=indicator_id, year=year
        ).values_list("unit_id", "indicator_id", "year", "part", "total", "reporting"):
            found[row[0]][row[1:-2]] = (row[-2], row[-1])
    return found


def _as_of(level: str, ids: list[int]) -> dict[int, datetime.datetime]:
    return dict(RollupUnit.objects.filter(level=level, unit_id__in=ids).values_list("unit_id", "as_of"))


def _neighbourhood_counts(level: str, ids: list[int]) -> dict[int, int]:
    from qarargah.organisations.models import TargetNeighbourhood

    field_name = "county_id" if level == COUNTY else "county__province_id"
    rows = (
        TargetNeighbourhood.objects.filter(**{f"{field_name}__in": ids})
        .order_by()
        .values_list(field_name)
        .annotate(n=Count("id"))
    )
    return dict(rows)  # type: ignore[arg-type]


def _count_missing(level: str, ids: list[int]) -> None:
    """Units never counted (created after the last rebuild, or before the table existed) are
    counted on first read, so no page shows an empty figure for a unit with data."""
    missing = set(ids) - set(_as_of(level, ids))
    if not missing:
        return
    if level == PROVINCE:
        missing = set(County.objects.filter(province_id__in=missing).values_list("pk", flat=True))
    if missing:
        refresh_needs(missing)
        refresh_indicators(missing)


def county_figures(
    user: Actor | AnonymousUser, counties: list[County], *, indicators: bool = True
) -> list[UnitFigures]:
    """Stored figures of these counties (the caller fetched them through access); a province's
    page lists its counties' needs only (``indicators=False``)."""
    ids = [c.pk for c in counties]
    _count_missing(COUNTY, ids)
    needs, as_of = _need_cells(COUNTY, ids), _as_of(COUNTY, ids)
    inds = _indicator_cells(COUNTY, ids) if indicators else {}
    indicators, hoods = _indicators(), _neighbourhood_counts(COUNTY, ids)
    return [
        _figures(
            COUNTY,
            c,
            as_of.get(c.pk),
            needs.get(c.pk, {}),
            inds.get(c.pk, {}),
            indicators,
            hoods.get(c.pk, 0),
        )
        for c in counties
    ]


def province_figures(user: Actor | AnonymousUser, province: Province) -> UnitFigures:
    """A province's stored figures with each of its counties' as children."""
    _count_missing(PROVINCE, [province.pk])
    needs = _need_cells(PROVINCE, [province.pk]).get(province.pk, {})
    inds = _indicator_cells(PROVINCE, [province.pk]).get(province.pk, {})
    as_of = _as_of(PROVINCE, [province.pk]).get(province.pk)
    indicators = _indicators()
    hoods = _neighbourhood_counts(PROVINCE, [province.pk]).get(province.pk, 0)
    figures = _figures(PROVINCE, province, as_of, needs, inds, indicators, hoods)
    counties = list(
        County.objects.filter(province=province, neighbourhoods__isnull=False).distinct().order_by("name")
    )
    figures.children = county_figures(user, counties, indicators=False)
    return figures


def nation_figures(user: Actor | AnonymousUser) -> UnitFigures:
    """The country: summed at read time from the provinces' stored rows; its as-of is the
    oldest of theirs (every figure is at least that fresh)."""
    provinces = list(Province.objects.order_by("name"))
    ids = [p.pk for p in provinces]
    need_rows = _need_cells(PROVINCE, ids)
    ind_rows = _indicator_cells(PROVINCE, ids)
    need_sum: dict[Any, tuple[int, int]] = {}
    for cells in need_rows.values():
        for key, (n, h) in cells.items():
            before = need_sum.get(key, (0, 0))
            need_sum[key] = (before[0] + n, before[1] + h)
    ind_sum: dict[Any, tuple[Decimal, int]] = {}
    for cells in ind_rows.values():
        for key, (t, n) in cells.items():
            before_i = ind_sum.get(key, (Decimal(0), 0))
            ind_sum[key] = (before_i[0] + t, before_i[1] + n)
    as_of = _as_of(PROVINCE, ids)
    oldest = min(as_of.values()) if as_of else None
    hoods = sum(_neighbourhood_counts(PROVINCE, ids).values())
    figures = _figures("nation", None, oldest, need_sum, ind_sum, _indicators(), hoods)
    children = []
    for p in provinces:
        if p.pk in need_rows or p.pk in ind_rows:
            children.append(
                _figures(PROVINCE, p, as_of.get(p.pk), need_rows.get(p.pk, {}), ind_rows.get(p.pk, {}), {}, 0)
            )
    figures.children = children
    return figures


def neighbourhood_figures(user: Actor | AnonymousUser, neighbourhood: Any) -> UnitFigures:
    """A neighbourhood's own figures, counted live (its few rows are the source)."""
    need_cells: dict[tuple[str, str], tuple[int, int]] = {}
    for axis, status, n, h in (
        Need.objects.filter(neighbourhood=neighbourhood)
        .order_by()
        .values_list("axis", "status")
        .annotate(n=Count("id"), h=Sum("households"))
    ):
        need_cells[(axis, status)] = (n, int(h or 0))
    ind_cells = {
        (i, y, p): (v, 1)
        for i, y, p, v in IndicatorValue.objects.filter(neighbourhood=neighbourhood).values_list(
            "indicator_id", "year", "part", "value"
        )
    }
    return _figures("neighbourhood", neighbourhood, timezone.now(), need_cells, ind_cells, _indicators(), 1)


def neighbourhoods_figures(user: Actor | AnonymousUser, neighbourhoods: list[Any]) -> list[UnitFigures]:
    """Several neighbourhoods' need figures in one grouped query (a county page's rows; their
    indicators are on each neighbourhood's own page)."""
    cells: dict[int, dict[tuple[str, str], tuple[int, int]]] = defaultdict(dict)
    for hood, axis, status, n, h in (
        Need.objects.filter(neighbourhood__in=[x.pk for x in neighbourhoods])
        .order_by()
        .values_list("neighbourhood_id", "axis", "status")
        .annotate(n=Count("id"), h=Sum("households"))
    ):
        cells[hood][(axis, status)] = (n, int(h or 0))
    now = timezone.now()
    return [_figures("neighbourhood", x, now, cells.get(x.pk, {}), {}, {}, 1) for x in neighbourhoods]
