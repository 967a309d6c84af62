"""The agencies' scoreboard (کارنامه دستگاه‌ها): open, overdue and on-time numbers per agency
and per county, scoped to the user asking."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from qarargah.organisations.models import Agency, County

from .models import OPEN_Q, Assignment, AssignmentStatus
from .selectors import pk_of

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
    accepted = Q(status=AssignmentStatus.ACCEPTED)
    # Services record reported_on_time at acceptance; rows made outside them (bulk data) fall
    # back to "accepted by the due date".
    fallback_on_time = Q(reported_on_time__isnull=True) & (
        Q(due_date__isnull=True) | Q(accepted_at__date__lte=F("due_date"))
    )
    on_time = accepted & (Q(reported_on_time=True) | fallback_on_time)
    overdue = Q(due_date__lt=today) & OPEN_Q
    return (
        qs.values(group_by)
        .annotate(
            n_open=Count("pk", filter=~accepted),
            n_overdue=Count("pk", filter=overdue),
            n_on_time=Count("pk", filter=on_time),
            n_accepted=Count("pk", filter=accepted),
        )
        .order_by()
    )


def _scored_assignments(user: User, province: Any) -> QuerySet[Assignment]:
    qs = Assignment.objects.visible_to(user)
    if province:
        qs = qs.filter(resolution__province_id=pk_of(province))
    return qs


def _filled[T: Score](score: T, row: dict[str, Any]) -> T:
    score.open = row["n_open"]
    score.overdue = row["n_overdue"]
    score.accepted_on_time = row["n_on_time"]
    score.accepted_late = row["n_accepted"] - row["n_on_time"]
    return score


def agency_scoreboard(
    user: User, *, province: Any = None, today: datetime.date | None = None
) -> list[AgencyScore]:
    """Per agency: open, overdue, accepted on time, accepted late and the on-time rate; the
    agencies with the most overdue assignments first. Two queries."""
    today = today or timezone.localdate()
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
