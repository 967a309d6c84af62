"""The agencies' scoreboard (کارنامه دستگاه‌ها): open, overdue and on-time numbers per agency
and per county, scoped to the user asking."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone

from qarargah.organisations.models import Agency, County

from .models import AgencyTally, Assignment
from .selectors import pk_of
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


def _scored_assignments(user: User, province: Any) -> QuerySet[Assignment]:
    qs = Assignment.objects.visible_to(user)
    if province:
        qs = qs.filter(resolution__province_id=pk_of(province))
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


def _stored(user: User, province: Any, today: datetime.date) -> list[AgencyTally] | None:
    """The stored tallies for a province-wide reader (decision 0018), or None to count live."""
    if not tallies_apply(user):
        return None
    province_id = pk_of(province) if province else None
    return list(
        current_tallies(user, province_id=province_id, today=today).select_related("agency__province")
    )


def agency_scoreboard(
    user: User, *, province: Any = None, today: datetime.date | None = None
) -> list[AgencyScore]:
    """Per agency: open, overdue, accepted on time, accepted late and the on-time rate; the
    agencies with the most overdue assignments first. Two queries."""
    today = today or timezone.localdate()
    stored = _stored(user, province, today)
    if stored is not None:
        scores = [_filled(AgencyScore(agency=tally.agency), tally) for tally in stored]
        # Several provinces' rows of one agency (a national reader): one score per agency.
        scores = _merge_by(scores, lambda s: s.agency.pk)
    else:
        rows = list(_score_counts(_scored_assignments(user, province), "agency_id", today))
        agencies = Agency.objects.select_related("county", "province").in_bulk([r["agency_id"] for r in rows])
        scores = [_filled(AgencyScore(agency=agencies[row["agency_id"]]), row) for row in rows]
    scores.sort(key=lambda s: (-s.overdue, -s.open, s.agency.name))
    return scores


def county_scoreboard(
    user: User, *, province: Any = None, today: datetime.date | None = None
) -> list[CountyScore]:
    """The same numbers per county: its governorate and every agency tied to that county."""
    today = today or timezone.localdate()
    stored = _stored(user, province, today)
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
                _scored_assignments(user, province).filter(agency__county__isnull=False),
                "agency__county_id",
                today,
            )
        )
        counties = County.objects.select_related("province").in_bulk([r["agency__county_id"] for r in rows])
        scores = [_filled(CountyScore(county=counties[row["agency__county_id"]]), row) for row in rows]
    scores.sort(key=lambda s: (-s.overdue, s.county.province.name, s.county.name))
    return scores
