"""The agencies' scoreboard (کارنامه دستگاه‌ها): open, overdue and on-time numbers per agency
and per county, scoped to the user asking."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from qarargah.organisations.models import Agency, County, Province

from .models import Assignment
from .selectors import due_between_q, pk_of
from .tallies import count_assignments, current_tallies, tallies_apply

if TYPE_CHECKING:
    from qarargah.accounts.models import User


@dataclass
class Score:
    open: int = 0
    overdue: int = 0
    accepted_on_time: int = 0
    accepted_late: int = 0

    @property
    def accepted(self) -> int:
        return self.accepted_on_time + self.accepted_late

    @property
    def on_time_rate(self) -> int | None:
        """Percent of accepted assignments that were reported by their due date."""
        if not self.accepted:
            return None
        return round(100 * self.accepted_on_time / self.accepted)


# The row each score is about is required (keyword-only, after Score's defaulted counts).
@dataclass
class AgencyScore(Score):
    agency: Agency = field(kw_only=True)


@dataclass
class CountyScore(Score):
    county: County = field(kw_only=True)
    agencies: list[AgencyScore] = field(default_factory=list)


def _score_counts(qs: QuerySet[Assignment], group_by: str, today: datetime.date) -> QuerySet[Any]:
    return count_assignments(qs, (group_by,), today)


@dataclass(frozen=True)
class Period:
    """The scoreboard's period: assignments whose due date falls in it (both ends included)."""

    due_from: datetime.date | None = None
    due_to: datetime.date | None = None


def _scored_assignments(
    user: User, province: Any, period: Period | None = None, agencies: Sequence[Any] = ()
) -> QuerySet[Assignment]:
    qs = Assignment.objects.visible_to(user)
    if province:
        qs = qs.filter(resolution__province_id=pk_of(province))
    if period is not None:
        qs = qs.filter(due_between_q(period.due_from, period.due_to))
    if agencies:
        qs = qs.filter(agency_id__in=[pk_of(a) for a in agencies])
    return qs


def _filled[T: Score](score: T, row: dict[str, Any]) -> T:
    """Copy the counts of a row (a live count or a sum of stored tallies) onto ``score``."""
    score.open = row["open"]
    score.overdue = row["overdue"]
    score.accepted_on_time = row["accepted_on_time"]
    score.accepted_late = row["accepted"] - row["accepted_on_time"]
    return score


_SUMS = {name: Coalesce(Sum(name), 0) for name in ("open", "overdue", "accepted", "accepted_on_time")}


def _rows(
    user: User,
    *,
    province: Any,
    period: Period | None,
    agencies: Sequence[Any],
    today: datetime.date,
    stored_key: str,
    live_key: str,
    live_filter: dict[str, Any] | None = None,
    worst: tuple[int, str] | None = None,
) -> list[dict[str, Any]]:
    """The counts per group as dicts with the group's id under ``"key"``.

    A province-wide reader without a period reads the stored tallies (decision 0018), summed in
    SQL; a narrower reader, or a period (tallies count every due date), counts live."""
    if tallies_apply(user) and not (period is not None and (period.due_from or period.due_to)):
        qs = current_tallies(user, province_id=pk_of(province) if province else None, today=today)
        if agencies:
            qs = qs.filter(agency_id__in=[pk_of(a) for a in agencies])
        if live_filter:
            qs = qs.filter(**live_filter)  # both models reach the agency as "agency"
        rows = qs.values(stored_key).annotate(**_SUMS).order_by()
        if worst:
            rows = rows.order_by("-overdue", "-open", worst[1], stored_key)[: worst[0]]
        return [{**row, "key": row[stored_key]} for row in rows]
    live = _scored_assignments(user, province, period, agencies)
    if live_filter:
        live = live.filter(**live_filter)
    counted = _score_counts(live, live_key, today)
    if worst:
        counted = counted.order_by("-overdue", "-open", worst[1], live_key)[: worst[0]]
    return [{**row, "key": row[live_key]} for row in counted]


def _worst_first(rows: list[dict[str, Any]], names: dict[Any, str]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (-r["overdue"], -r["open"], names.get(r["key"], "")))


def agency_scoreboard(
    user: User,
    *,
    province: Any = None,
    period: Period | None = None,
    agencies: Sequence[Any] = (),
    today: datetime.date | None = None,
    limit: int | None = None,
) -> list[AgencyScore]:
    """Per agency: open, overdue, accepted on time, accepted late and the on-time rate; the
    agencies with the most overdue assignments first. ``period`` keeps the assignments due in
    it; ``agencies``, when given, only theirs; ``limit`` keeps the first so many (a national
    reader has 6,000 agencies: only those shown become objects)."""
    today = today or timezone.localdate()
    rows = _rows(
        user,
        province=province,
        period=period,
        agencies=agencies,
        today=today,
        stored_key="agency_id",
        live_key="agency_id",
        # A national reader's 6,200 agencies: the database keeps the worst ``limit`` (by the
        # same order as below), so only those become rows here (issue 12).
        worst=(limit, "agency__name") if limit else None,
    )
    names = dict(Agency.objects.filter(pk__in=[r["key"] for r in rows]).values_list("pk", "name"))
    rows = _worst_first(rows, names)[:limit]
    by_key = Agency.objects.select_related("county", "province").in_bulk([r["key"] for r in rows])
    return [_filled(AgencyScore(agency=by_key[row["key"]]), row) for row in rows]


def worst_agencies(
    user: User, *, limit: int = 5, today: datetime.date | None = None
) -> tuple[list[AgencyScore], int]:
    """The ``limit`` agencies with the most overdue assignments and the overdue total, for the
    home page."""
    today = today or timezone.localdate()
    if tallies_apply(user):
        qs = current_tallies(user, today=today)
        total = qs.aggregate(n=Coalesce(Sum("overdue"), 0))["n"]
        top = list(qs.select_related("agency").order_by("-overdue", "-open", "agency__name")[:limit])
        counts = [{name: getattr(t, name) for name in _SUMS} for t in top]
        return [_filled(AgencyScore(agency=t.agency), c) for t, c in zip(top, counts, strict=True)], total
    scores = agency_scoreboard(user, today=today)
    return scores[:limit], sum(s.overdue for s in scores)


def county_scoreboard(
    user: User,
    *,
    province: Any = None,
    period: Period | None = None,
    agencies: Sequence[Any] = (),
    today: datetime.date | None = None,
    limit: int | None = None,
) -> list[CountyScore]:
    """The same numbers per county: its governorate and every agency tied to that county."""
    today = today or timezone.localdate()
    rows = _rows(
        user,
        province=province,
        period=period,
        agencies=agencies,
        today=today,
        stored_key="agency__county_id",
        live_key="agency__county_id",
        live_filter={"agency__county__isnull": False},
    )
    counties = County.objects.select_related("province").in_bulk([r["key"] for r in rows])
    scores = [_filled(CountyScore(county=counties[row["key"]]), row) for row in rows]
    scores.sort(key=lambda s: (-s.overdue, s.county.province.name, s.county.name))
    return scores[:limit]


@dataclass
class ProvinceScore(Score):
    province: Province = field(kw_only=True)


def province_scoreboard(
    user: User,
    *,
    period: Period | None = None,
    agencies: Sequence[Any] = (),
    today: datetime.date | None = None,
) -> list[ProvinceScore]:
    """The same numbers per province, for readers of every province (the national viewer)."""
    today = today or timezone.localdate()
    rows = _rows(
        user,
        province=None,
        period=period,
        agencies=agencies,
        today=today,
        stored_key="province_id",
        live_key="resolution__province_id",
    )
    provinces = Province.objects.in_bulk([r["key"] for r in rows])
    scores = [_filled(ProvinceScore(province=provinces[row["key"]]), row) for row in rows]
    scores.sort(key=lambda s: (-s.overdue, s.province.name))
    return scores
