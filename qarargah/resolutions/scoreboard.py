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

from qarargah.organisations.models import Agency, County

from .models import AgencyTally, Assignment
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


def _merge_by[T: Score](scores: list[T], key: Any) -> list[T]:
    """Sum the scores that share ``key`` into the first of them."""
    merged: dict[Any, T] = {}
    for score in scores:
        first = merged.setdefault(key(score), score)
        if first is not score:
            first.open += score.open
            first.overdue += score.overdue
            first.accepted_on_time += score.accepted_on_time
            first.accepted_late += score.accepted_late
    return list(merged.values())


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


def _filled[T: Score](score: T, row: Any) -> T:
    """Copy the counts of a live row (a dict) or a stored tally onto ``score``."""

    def get(name: str) -> int:
        return row[name] if isinstance(row, dict) else getattr(row, name)

    score.open = get("open")
    score.overdue = get("overdue")
    score.accepted_on_time = get("accepted_on_time")
    score.accepted_late = get("accepted") - get("accepted_on_time")
    return score


def _stored(
    user: User, province: Any, period: Period | None, agencies: Sequence[Any], today: datetime.date
) -> list[AgencyTally] | None:
    """The stored tallies for a province-wide reader (decision 0018), or None to count live:
    a narrower reader, or a period (tallies count every due date; a period bounds the rows)."""
    if not tallies_apply(user) or (period is not None and (period.due_from or period.due_to)):
        return None
    province_id = pk_of(province) if province else None
    qs = current_tallies(user, province_id=province_id, today=today)
    if agencies:
        qs = qs.filter(agency_id__in=[pk_of(a) for a in agencies])
    return list(qs.select_related("agency__province"))


def agency_scoreboard(
    user: User,
    *,
    province: Any = None,
    period: Period | None = None,
    agencies: Sequence[Any] = (),
    today: datetime.date | None = None,
) -> list[AgencyScore]:
    """Per agency: open, overdue, accepted on time, accepted late and the on-time rate; the
    agencies with the most overdue assignments first. Two queries. ``period`` keeps the
    assignments due in it; ``agencies``, when given, only theirs."""
    today = today or timezone.localdate()
    stored = _stored(user, province, period, agencies, today)
    if stored is not None:
        scores = [_filled(AgencyScore(agency=tally.agency), tally) for tally in stored]
        # Several provinces' rows of one agency (a national reader): one score per agency.
        scores = _merge_by(scores, lambda s: s.agency.pk)
    else:
        rows = list(_score_counts(_scored_assignments(user, province, period, agencies), "agency_id", today))
        by_key = Agency.objects.select_related("county", "province").in_bulk([r["agency_id"] for r in rows])
        scores = [_filled(AgencyScore(agency=by_key[row["agency_id"]]), row) for row in rows]
    scores.sort(key=lambda s: (-s.overdue, -s.open, s.agency.name))
    return scores


def worst_agencies(
    user: User, *, limit: int = 5, today: datetime.date | None = None
) -> tuple[list[AgencyScore], int]:
    """The ``limit`` agencies with the most overdue assignments and the overdue total, for the
    home page: sorted and cut in SQL over the tallies (a national reader has 6,000 agencies)."""
    today = today or timezone.localdate()
    if tallies_apply(user):
        qs = current_tallies(user, today=today)
        total = qs.aggregate(n=Coalesce(Sum("overdue"), 0))["n"]
        top = qs.select_related("agency").order_by("-overdue", "-open", "agency__name")[:limit]
        return [_filled(AgencyScore(agency=t.agency), t) for t in top], total
    scores = agency_scoreboard(user, today=today)
    return scores[:limit], sum(s.overdue for s in scores)


def county_scoreboard(
    user: User,
    *,
    province: Any = None,
    period: Period | None = None,
    agencies: Sequence[Any] = (),
    today: datetime.date | None = None,
) -> list[CountyScore]:
    """The same numbers per county: its governorate and every agency tied to that county."""
    today = today or timezone.localdate()
    stored = _stored(user, province, period, agencies, today)
    if stored is not None:
        counties = County.objects.select_related("province").in_bulk(
            {t.agency.county_id for t in stored if t.agency.county_id is not None}
        )
        scores = _merge_by(
            [
                _filled(CountyScore(county=counties[t.agency.county_id]), t)
                for t in stored
                if t.agency.county_id is not None
            ],
            lambda s: s.county.pk,
        )
    else:
        rows = list(
            _score_counts(
                _scored_assignments(user, province, period, agencies).filter(agency__county__isnull=False),
                "agency__county_id",
                today,
            )
        )
        counties = County.objects.select_related("province").in_bulk([r["agency__county_id"] for r in rows])
        scores = [_filled(CountyScore(county=counties[row["agency__county_id"]]), row) for row in rows]
    scores.sort(key=lambda s: (-s.overdue, s.county.province.name, s.county.name))
    return scores
