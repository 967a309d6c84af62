"""The agencies' scoreboard (کارنامه دستگاه‌ها): open, overdue and on-time numbers per agency
and per county, scoped to the user asking."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qarargah.organisations.models import Agency, County

from .models import Assignment
from .selectors import assignment_state_q, due_between_q, pk_of

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
    # The same conditions the resolution list filters by when a scoreboard number is clicked.
    def state(name: str) -> Q:
        return assignment_state_q(name, today)

    return (
        qs.values(group_by)
        .annotate(
            n_open=Count("pk", filter=state("open")),
            n_overdue=Count("pk", filter=state("overdue")),
            n_on_time=Count("pk", filter=state("on_time")),
            n_accepted=Count("pk", filter=state("accepted")),
        )
        .order_by()
    )


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
    score.open = row["n_open"]
    score.overdue = row["n_overdue"]
    score.accepted_on_time = row["n_on_time"]
    score.accepted_late = row["n_accepted"] - row["n_on_time"]
    return score


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
    rows = list(_score_counts(_scored_assignments(user, province, period, agencies), "agency_id", today))
    by_key = Agency.objects.select_related("county", "province").in_bulk([r["agency_id"] for r in rows])
    scores = [_filled(AgencyScore(agency=by_key[row["agency_id"]]), row) for row in rows]
    scores.sort(key=lambda s: (-s.overdue, -s.open, s.agency.name))
    return scores


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
