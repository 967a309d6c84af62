"""Reads of resolutions, assignments and reports for the lists and pages, always scoped to the
user asking. The review of past resolutions is ``review.py``, the agencies' scoreboard
``scoreboard.py``.

Every selector starts from ``Model.objects.visible_to(user)`` and fetches what its page shows
in a fixed number of queries (``select_related`` for single relations, one ``Prefetch`` per
list, subqueries for flags), so a page costs the same with 5 rows or 5,000.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.organisations.models import Agency, Body, TargetNeighbourhood
from qarargah.persian import digits_only, match_key

from .models import (
    OPEN_Q,
    Assignment,
    AssignmentStatus,
    DeadlineExtension,
    ExtensionStatus,
    ProgressReport,
    Resolution,
    ResolutionStatus,
    ReviewStatus,
)
from .search import text_contains
from .targets import progress_percent

if TYPE_CHECKING:
    from qarargah.accounts.models import User


def pk_of(value: Any) -> Any:
    """The key of a model instance, or the value itself when it is one already (filters take either)."""
    return getattr(value, "pk", value)


# --- Resolutions ------------------------------------------------------------------------------------

# The keys are what the list's URLs carry (kept when the columns behind them moved).
RESOLUTION_ORDERS: dict[str, tuple[Any, ...]] = {
    "-meeting__date": ("-meeting_date", "-meeting_id", "number"),
    "meeting__date": ("meeting_date", "meeting_id", "number"),
    "number": ("number", "-meeting_date", "pk"),
    "-number": ("-number", "-meeting_date", "pk"),
    "due_date": (F("due_date").asc(nulls_last=True), "-meeting_date", "number"),
    "-due_date": (F("due_date").desc(nulls_last=True), "-meeting_date", "number"),
    "status": ("status", "-meeting_date", "number"),
    "-status": ("-status", "-meeting_date", "number"),
    "body": ("body__name", "-meeting_date", "number"),
    "-body": ("-body__name", "-meeting_date", "number"),
}
DEFAULT_RESOLUTION_ORDER = "-meeting__date"


SHORT_NUMBER_DIGITS = 3  # a search of fewer digits means a resolution's number only


def is_number_only_search(query: str) -> bool:
    """«۱۲»: a search of one or two digits looks for resolution numbers only."""
    number = digits_only(query)
    return number is not None and len(number) < SHORT_NUMBER_DIGITS


# The states of one agency's assignment that the scoreboard counts and its links filter the list
# by: one definition for both, so a number on the scoreboard is the length of the list it opens.
ASSIGNMENT_STATES: dict[str, str] = {
    "open": "باز",
    "overdue": "گذشته از سررسید",
    "accepted": "پذیرفته",
    "on_time": "پذیرفته به‌موقع",
    "late": "پذیرفته با تأخیر",
}


def assignment_state_q(state: str, today: datetime.date) -> Q:
    """The condition on an assignment row for one of :data:`ASSIGNMENT_STATES`.

    «باز» is the scoreboard's «not accepted» (a closed resolution's unaccepted assignment still
    counts against its agency there); «گذشته از سررسید» is open (OPEN_Q) and past the due date.
    Services record ``reported_on_time`` at acceptance; rows made outside them (bulk data) fall
    back to «accepted by the due date»."""
    accepted = Q(status=AssignmentStatus.ACCEPTED)
    fallback_on_time = Q(reported_on_time__isnull=True) & (
        Q(due_date__isnull=True) | Q(accepted_at__date__lte=F("due_date"))
    )
    on_time = accepted & (Q(reported_on_time=True) | fallback_on_time)
    conditions = {
        "open": ~accepted,
        "overdue": Q(due_date__lt=today) & OPEN_Q,
        "accepted": accepted,
        "on_time": on_time,
        "late": accepted & ~on_time,
    }
    return conditions[state]


def due_between_q(due_from: datetime.date | None, due_to: datetime.date | None, field: str = "due_date") -> Q:
    """An assignment due in the period (both ends included); no bound, no condition."""
    condition = Q()
    if due_from:
        condition &= Q(**{f"{field}__gte": due_from})
    if due_to:
        condition &= Q(**{f"{field}__lte": due_to})
    return condition


def resolutions_for_user(
    user: User,
    *,
    body: Any = None,
    meeting: Any = None,
    agency: Any = None,
    agency_state: str | None = None,
    due_from: datetime.date | None = None,
    due_to: datetime.date | None = None,
    status: str | None = None,
    overdue: bool = False,
    due_this_week: bool = False,
    axis: str | None = None,
    county: Any = None,
    neighbourhood: Any = None,
    query: str = "",
    order: str = DEFAULT_RESOLUTION_ORDER,
    today: datetime.date | None = None,
) -> QuerySet[Resolution]:
    """Resolutions the user may see, filtered as the list page asks, with what the list shows.

    ``status`` is a resolution status (open, in_progress, awaiting_review, done) or an assignment
    status (e.g. «returned»: some agency's report was sent back). Multi-valued filters (agency,
    county, neighbourhood) use EXISTS so a resolution never appears twice.

    ``agency_state`` (one of :data:`ASSIGNMENT_STATES`) and the period ``due_from``..``due_to``
    are conditions on one and the same assignment: of ``agency`` when one is chosen (the
    scoreboard's links), else of any assignment the user may see.
    """
    today = today or timezone.localdate()
    qs = Resolution.objects.visible_to(user)
    if body:
        qs = qs.filter(body_id=pk_of(body))
    if meeting:
        qs = qs.filter(meeting_id=pk_of(meeting))
    # Filters matching a few hundred or thousand resolutions name them by key (an index finds
    # them, then each is looked up); broad ones (overdue: four in ten) stay EXISTS, tested row
    # by row in list order until a page is full.
    if agency:
        agency_id = pk_of(agency)
        own = scope_for(user).agency_id
        if own is not None and str(agency_id) != str(own):
            # An officer sees its own agency's resolutions; filtering them by another agency
            # would tell which of them that agency shares. Another agency finds nothing.
            return qs.none()
        qs = qs.filter(pk__in=Assignment.objects.filter(agency_id=agency_id).values("resolution_id"))
    if (agency_state in ASSIGNMENT_STATES) or due_from or due_to:
        assignments = (
            Assignment.objects.filter(agency_id=pk_of(agency))
            if agency
            else Assignment.objects.visible_to(user)
        )
        condition = due_between_q(due_from, due_to)
        if agency_state in ASSIGNMENT_STATES:
            condition &= assignment_state_q(agency_state, today)
        qs = qs.filter(pk__in=assignments.filter(condition).values("resolution_id"))
    if status:
        if status in ResolutionStatus.values:
            qs = qs.filter(status=status)
        elif status in AssignmentStatus.values:
            qs = qs.filter(Exists(Assignment.objects.filter(resolution=OuterRef("pk"), status=status)))
    if overdue:
        qs = qs.overdue(today)
    if due_this_week:
        qs = qs.filter(pk__in=Assignment.objects.due_this_week(today).values("resolution_id"))
    if axis:
        qs = qs.filter(axis=axis)
    if county:
        county_id = pk_of(county)
        # A county's bodies, neighbourhoods and agencies are a handful each: read first, their
        # keys let the database pick the indexes (a subquery on the registry would have it guess
        # a fortieth of all assignments and scan them).
        bodies = list(Body.objects.filter(county_id=county_id).values_list("pk", flat=True))
        hoods = list(TargetNeighbourhood.objects.filter(county_id=county_id).values_list("pk", flat=True))
        agencies = list(Agency.objects.filter(county_id=county_id).values_list("pk", flat=True))
        # One set of keys (a UNION), looked up by primary key: an OR of three conditions made
        # PostgreSQL read every resolution of the province to test them.
        of_bodies = Resolution.objects.filter(body_id__in=bodies).values("pk")
        of_hoods = Resolution.neighbourhoods.through.objects.filter(targetneighbourhood_id__in=hoods)
        of_agencies = Assignment.objects.filter(agency_id__in=agencies)
        qs = qs.filter(
            pk__in=of_bodies.union(of_hoods.values("resolution_id"), of_agencies.values("resolution_id"))
        )
    if neighbourhood:
        qs = qs.filter(
            Exists(
                Resolution.neighbourhoods.through.objects.filter(
                    resolution_id=OuterRef("pk"), targetneighbourhood_id=pk_of(neighbourhood)
                )
            )
        )
    query = (query or "").strip()
    if query:
        key = match_key(query)
        number = digits_only(query)
        if number is not None and is_number_only_search(query):
            # «۱۲» is resolution number 12: as a piece of text one or two digits are in a good
            # share of all texts (dates, counts), and too short for the search index.
            condition = Q(number=int(number))
        else:
            # A chosen body or meeting holds at most a few thousand resolutions: their own
            # texts are tested rather than the whole search index read (search.text_contains).
            condition = text_contains(key, narrowed=bool(body or meeting)) if key else Q(pk__in=[])
            if number is not None:
                condition |= Q(number=int(number))
        qs = qs.filter(condition)
    return _with_list_columns(qs, user, today).order_by(
        *RESOLUTION_ORDERS.get(order, RESOLUTION_ORDERS[DEFAULT_RESOLUTION_ORDER])
    )


def _with_list_columns(qs: QuerySet[Resolution], user: User, today: datetime.date) -> QuerySet[Resolution]:
    """What a row of the list shows: meeting and body, an overdue flag and the assignments the
    user may see (one query for all rows' assignments)."""
    late = ExpressionWrapper(Q(open_due_date__lt=today), output_field=BooleanField())
    qs = qs.select_related("meeting__body", "follow_up_owner").annotate(has_overdue=late)
    return qs.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.visible_to(user)
            .select_related("agency")
            .order_by("role", "agency__name"),
            to_attr="visible_assignments",
        )
    )


def resolution_rows(
    user: User, keys: list[int], *, today: datetime.date | None = None
) -> QuerySet[Resolution]:
    """The rows of one page of :func:`resolutions_for_user`, by their keys (which that query,
    scoped to the user, produced), without repeating its filters."""
    today = today or timezone.localdate()
    return _with_list_columns(Resolution.objects.visible_to(user).filter(pk__in=keys), user, today)


@dataclass(frozen=True)
class TargetProgress:
    target: Decimal
    unit: str
    achieved: Decimal
    percent: int


def resolution_progress(resolution: Resolution) -> TargetProgress | None:
    """Progress toward the resolution's target: the sum of the achieved quantities of reports
    accepted, whether as progress or closing their assignment."""
    if resolution.target_quantity is None:
        return None
    achieved = ProgressReport.objects.filter(
        assignment__resolution=resolution, review_status__in=(ReviewStatus.ACCEPTED, ReviewStatus.PROGRESS)
    ).aggregate(total=Sum("achieved_quantity"))["total"] or Decimal(0)
    return TargetProgress(
        target=resolution.target_quantity,
        unit=resolution.target_unit,
        achieved=achieved,
        percent=progress_percent(achieved, resolution.target_quantity) or 0,
    )


def resolution_page_data(user: User, resolution: Resolution) -> dict[str, Any]:
    """Everything the resolution page shows besides the resolution itself, scoped to the user."""
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(resolution=resolution)
        .select_related("agency", "resolution")
        .order_by("role", "agency__name")
    )
    reports = _page_reports(user, assignment__resolution=resolution)
    extensions = _page_extensions(user, assignment__resolution=resolution)
    by_assignment: dict[int, list[ProgressReport]] = defaultdict(list)
    for report in reports:
        by_assignment[report.assignment_id].append(report)
    for assignment in assignments:
        # A page-only attribute the template reads, not a field of the model.
        assignment.report_list = by_assignment.get(assignment.pk, [])  # type: ignore[attr-defined]
    return {
        "assignments": assignments,
        "reports": reports,
        "extensions": extensions,
        "progress": resolution_progress(resolution),
    }


# --- Assignments ------------------------------------------------------------------------------------


def _assignment_list(qs: QuerySet[Assignment], today: datetime.date) -> QuerySet[Assignment]:
    pending_extension = DeadlineExtension.objects.filter(
        assignment=OuterRef("pk"), status=ExtensionStatus.PENDING
    )
    return (
        qs.select_related("agency", "resolution__meeting__body")
        .annotate(has_pending_extension=Exists(pending_extension))
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )


def first_assignments(
    qs: QuerySet[Assignment], n: int, today: datetime.date | None = None
) -> list[Assignment]:
    """The first ``n`` rows of an assignment list from :func:`assignments_for_user`, in its order.

    Their keys are chosen first, from the agency's index alone (``assignment_agency_counts``
    holds every column the filters and the order test), then only those rows are read with their
    resolution, meeting and body. Read in one query, SQLite joined and tested every matching row
    (the 4,000 overdue assignments of a busy agency: 35 ms) to keep five (issue 12)."""
    keys = qs.values("pk")[:n]
    return list(_assignment_list(Assignment.objects.filter(pk__in=keys), today or timezone.localdate()))


def assignments_for_user(
    user: User,
    *,
    mine: bool = False,
    status: str | None = None,
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[Assignment]:
    """Assignments the user may see, soonest due first. ``mine``: only the user's own agency's;
    ``status`` is an assignment status or «open» (anything not accepted)."""
    today = today or timezone.localdate()
    qs = Assignment.objects.visible_to(user)
    if mine:
        # The agency the user acts for: an officer's own, a house manager's house (decision 0022).
        agency_id = scope_for(user).agency_id
        if agency_id is None:
            return Assignment.objects.none()
        qs = qs.filter(agency_id=agency_id)
    if status == "open":
        qs = qs.open()
    elif status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.overdue(today)
    return _assignment_list(qs, today)


def assignment_page_data(user: User, assignment: Assignment) -> dict[str, Any]:
    return {
        "reports": _page_reports(user, assignment=assignment),
        "extensions": _page_extensions(user, assignment=assignment),
    }


def _page_reports(user: User, **lookup: Any) -> list[ProgressReport]:
    """Reports as the resolution and assignment pages list them: newest first, with their
    agency, people and attachments."""
    return list(
        ProgressReport.objects.visible_to(user)
        .filter(**lookup)
        .select_related("assignment__agency", "author", "reviewed_by")
        .prefetch_related("attachments")
        .order_by("-submitted_at", "-pk")
    )


def _page_extensions(user: User, **lookup: Any) -> list[DeadlineExtension]:
    return list(
        DeadlineExtension.objects.visible_to(user)
        .filter(**lookup)
        .select_related("assignment__agency", "requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )


# --- Reports ----------------------------------------------------------------------------------------


def reports_awaiting_review(user: User) -> QuerySet[ProgressReport]:
    """Reports waiting for the secretariat's decision, oldest first (first come, first served)."""
    return (
        ProgressReport.objects.visible_to(user)
        .filter(review_status=ReviewStatus.PENDING)
        .select_related("assignment__agency", "assignment__resolution__meeting__body", "author")
        .prefetch_related("attachments")
        .order_by("submitted_at", "pk")
    )


def extensions_awaiting_decision(user: User) -> QuerySet[DeadlineExtension]:
    return (
        DeadlineExtension.objects.visible_to(user)
        .filter(status=ExtensionStatus.PENDING)
        .select_related("assignment__agency", "assignment__resolution__meeting__body", "requested_by")
        .order_by("requested_at", "pk")
    )
