"""Stored per-agency counts: what the scoreboard and the home pages read (decision 0018).

Counting every assignment of a province for each page view took 0.6–1 s at province scale
(300,000 assignments). Instead, :class:`~qarargah.resolutions.models.AgencyTally` keeps one row
per (province, agency), and

* every service that changes an assignment (created, removed, its status, due date or
  continuity, its resolution closed or deleted) calls :func:`refresh_agencies` for the agencies
  it touched, inside its own transaction: the row is locked, then recomputed from the agency's
  assignments (a recount, not an increment, so it cannot drift);
* the two counts that depend on the calendar (overdue, due this week) are true for the row's
  ``as_of`` day; :func:`current_tallies` refreshes the rows of an earlier day before it answers
  (the first reader of a day, or the daily reminder run, pays for it);
* :func:`rebuild_tallies` recounts everything (rows written in bulk outside the services: the
  data generator) and :func:`tally_differences` compares the table with a fresh count.

Readers whose scope is narrower than a province (an agency, a neighbourhood) never read tallies:
their live counts are small.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.organisations.models import Agency
from qarargah.persian import week_end_friday

from .models import (
    OPEN_Q,
    SIGNED_ASSIGNMENT_FROM_MEETING,
    SIGNED_ASSIGNMENT_Q,
    AgencyTally,
    Assignment,
    AssignmentStatus,
)
from .selectors import assignment_state_q

if TYPE_CHECKING:
    from qarargah.accounts.models import User

COUNTS = ("assigned", "open", "overdue", "due_this_week", "reported", "accepted", "accepted_on_time")

type Key = tuple[int, int]  # (province id, agency id)


def count_assignments(
    qs: QuerySet[Assignment], group_by: Iterable[str], today: datetime.date
) -> QuerySet[Any]:
    """The scoreboard's numbers per group, counted live, with the conditions the resolution list
    filters by when a number is clicked (``selectors.assignment_state_q``): one definition each.

    ``open`` is «not accepted yet»; ``overdue`` is open (continuous included) and past its due date.
    """

    def state(name: str) -> Q:
        return assignment_state_q(name, today)

    return (
        qs.values(*group_by)
        .annotate(
            assigned=Count("pk"),
            open=Count("pk", filter=state("open")),
            overdue=Count("pk", filter=state("overdue")),
            due_this_week=Count(
                "pk", filter=OPEN_Q & Q(due_date__gte=today, due_date__lte=week_end_friday(today))
            ),
            # A reported assignment is one report waiting for the secretariat (the workflow allows
            # no second report until the first is decided).
            reported=Count("pk", filter=Q(status=AssignmentStatus.REPORTED)),
            accepted=Count("pk", filter=state("accepted")),
            accepted_on_time=Count("pk", filter=state("on_time")),
        )
        .order_by()
    )


def _fresh(qs: QuerySet[Assignment], today: datetime.date) -> dict[Key, dict[str, int]]:
    """Counts per (province of the resolution, agency): the definition, with a join per row,
    and «signed» read from the meeting itself, not the rows' copy (decision 0036), so that
    ``tally_differences`` would also notice a copy gone wrong."""
    rows = count_assignments(
        qs.filter(SIGNED_ASSIGNMENT_FROM_MEETING), ("resolution__province_id", "agency_id"), today
    )
    return {
        (row["resolution__province_id"], row["agency_id"]): {name: row[name] for name in COUNTS}
        for row in rows
    }


def _fresh_by_agency(agency_ids: list[int], today: datetime.date) -> dict[Key, dict[str, int]]:
    """The same counts without the join: an agency is only ever assigned resolutions of its own
    province (``services._build_assignment`` refuses others), so its province is the
    resolution's. The counts then come from one index (``assignment_agency_counts``), which
    matters for an agency with 30,000 assignments; :func:`tally_differences` checks the two agree."""
    provinces = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "province_id"))
    # Only signed minutes' assignments count (decision 0029): a draft's rows are not work yet.
    # Tested on the row's copy (decision 0036), so the count reads one index.
    rows = count_assignments(
        Assignment.objects.filter(SIGNED_ASSIGNMENT_Q, agency_id__in=agency_ids), ("agency_id",), today
    )
    return {
        (provinces[row["agency_id"]], row["agency_id"]): {name: row[name] for name in COUNTS} for row in rows
    }


def _store(locked: dict[Key, AgencyTally], fresh: dict[Key, dict[str, int]], today: datetime.date) -> None:
    """Write the fresh counts over the locked rows: changed rows updated, missing rows created,
    rows whose agency has nothing left there zeroed (kept: they are the lock of the next writer)."""
    changed: list[AgencyTally] = []
    for key, tally in locked.items():
        counts = fresh.get(key, dict.fromkeys(COUNTS, 0))
        if tally.as_of != today or any(getattr(tally, name) != value for name, value in counts.items()):
            for name, value in counts.items():
                setattr(tally, name, value)
            tally.as_of = today
            changed.append(tally)
    if changed:
        AgencyTally.objects.bulk_update(changed, [*COUNTS, "as_of"], batch_size=500)
    new = [
        AgencyTally(province_id=province_id, agency_id=agency_id, as_of=today, **counts)
        for (province_id, agency_id), counts in sorted(fresh.items())
        if (province_id, agency_id) not in locked
    ]
    AgencyTally.objects.bulk_create(new, ignore_conflicts=True)


def refresh_agencies(
    agency_ids: Iterable[int], *, today: datetime.date | None = None, only_stale: bool = False
) -> None:
    """Recount the tallies of these agencies (call inside the transaction that changed their
    assignments, after its other locks: tallies are the last link of the lock order).

    Each agency's rows are created if missing and locked in key order before counting, so two
    writers on the same agency take turns and the second counts what the first committed.
    ``only_stale``: skip the rows already counted for ``today`` once locked (readers refreshing
    at the turn of the day do not all recount the same rows).
    """
    ids = sorted(set(agency_ids))
    if not ids:
        return
    today = today or timezone.localdate()
    with transaction.atomic():
        provinces = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "province_id"))
        AgencyTally.objects.bulk_create(
            [
                AgencyTally(province_id=provinces[pk], agency_id=pk, as_of=today - datetime.timedelta(days=1))
                for pk in ids
                if pk in provinces
            ],
            ignore_conflicts=True,
        )
        locked = {
            (t.province_id, t.agency_id): t
            for t in AgencyTally.objects.select_for_update().filter(agency_id__in=ids).order_by("pk")
        }
        if only_stale:
            locked = {key: t for key, t in locked.items() if t.as_of != today}
            ids = sorted({agency_id for _, agency_id in locked})
            if not ids:
                return
        _store(locked, _fresh_by_agency(ids, today), today)


def tallies_apply(user: User) -> bool:
    """Whether ``user``'s scope reads whole provinces (or all of them): tallies are per
    province, so narrower scopes count live."""
    scope = scope_for(user)
    return scope.agency_id is None and scope.neighbourhood_id is None


def current_tallies(
    user: User, *, province_id: int | None = None, today: datetime.date | None = None
) -> QuerySet[AgencyTally]:
    """The tallies ``user`` may read (only agencies with assignments there), counted for
    ``today``: rows of an earlier day are recounted first."""
    today = today or timezone.localdate()
    qs = AgencyTally.objects.visible_to(user)
    if province_id is not None:
        qs = qs.filter(province_id=province_id)
    stale = list(qs.exclude(as_of=today).values_list("agency_id", flat=True).distinct())
    if stale:
        refresh_agencies(stale, today=today, only_stale=True)
    return qs.filter(assigned__gt=0)


def refresh_stale_tallies(today: datetime.date | None = None) -> int:
    """Recount every row not counted for ``today`` (the daily run); returns how many agencies."""
    today = today or timezone.localdate()
    stale = list(AgencyTally.objects.exclude(as_of=today).values_list("agency_id", flat=True).distinct())
    refresh_agencies(stale, today=today, only_stale=True)
    return len(stale)


@transaction.atomic
def rebuild_tallies(today: datetime.date | None = None) -> int:
    """Recount every agency from scratch (after rows were written in bulk outside the
    services). Returns the number of tally rows kept."""
    today = today or timezone.localdate()
    fresh = _fresh(Assignment.objects.all(), today)
    locked = {(t.province_id, t.agency_id): t for t in AgencyTally.objects.select_for_update().order_by("pk")}
    _store(locked, fresh, today)
    return len(fresh)


def tally_differences(today: datetime.date | None = None) -> list[str]:
    """Where the stored tallies disagree with a fresh count of every assignment (tests, and
    ``qarargah tallies --check``): empty when they agree. Rows of an earlier day are compared
    after their refresh, as a reader would see them."""
    today = today or timezone.localdate()
    refresh_stale_tallies(today)
    fresh = _fresh(Assignment.objects.all(), today)
    stored = {
        (t.province_id, t.agency_id): {name: getattr(t, name) for name in COUNTS}
        for t in AgencyTally.objects.filter(assigned__gt=0)
    }
    problems = []
    for key in sorted(set(fresh) | set(stored)):
        if fresh.get(key) != stored.get(key):
            problems.append(
                f"province {key[0]} agency {key[1]}: stored {stored.get(key)} fresh {fresh.get(key)}"
            )
    return problems
