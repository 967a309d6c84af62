"""Reads of resolutions, assignments and reports, always scoped to the user asking.

Every selector starts from ``Model.objects.visible_to(user)`` and fetches what its page shows
in a fixed number of queries (``select_related`` for single relations, one ``Prefetch`` per
list, subqueries for flags), so a page costs the same with 5 rows or 5,000.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Agency, Body, County, TargetNeighbourhood
from qarargah.persian import match_key, to_latin_digits, week_end_friday

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


def _pk(value: Any) -> Any:
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


def _search_number(query: str) -> str | None:
    """The query as Latin digits when it is a number, else None. isdigit() alone also accepts
    «²» or «①», which int() refuses: ASCII digits only."""
    number = to_latin_digits((query or "").strip())
    return number if number.isascii() and number.isdigit() else None


def is_number_only_search(query: str) -> bool:
    """«۱۲»: a search of one or two digits looks for resolution numbers only."""
    number = _search_number(query)
    return number is not None and len(number) < SHORT_NUMBER_DIGITS


def resolutions_for_user(
    user: Any,
    *,
    body: Any = None,
    meeting: Any = None,
    agency: Any = None,
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
    """
    today = today or timezone.localdate()
    qs = Resolution.objects.visible_to(user)
    if body:
        qs = qs.filter(body_id=_pk(body))
    if meeting:
        qs = qs.filter(meeting_id=_pk(meeting))
    # Filters matching a few hundred or thousand resolutions name them by key (an index finds
    # them, then each is looked up); broad ones (overdue: four in ten) stay EXISTS, tested row
    # by row in list order until a page is full.
    if agency:
        qs = qs.filter(pk__in=Assignment.objects.filter(agency_id=_pk(agency)).values("resolution_id"))
    if status:
        if status in ResolutionStatus.values:
            qs = qs.filter(status=status)
        elif status in AssignmentStatus.values:
            qs = qs.filter(Exists(Assignment.objects.filter(resolution=OuterRef("pk"), status=status)))
    if overdue:
        qs = qs.overdue(today)
    if due_this_week:
        due_soon = Assignment.objects.open().filter(due_date__gte=today, due_date__lte=week_end_friday(today))
        qs = qs.filter(pk__in=due_soon.values("resolution_id"))
    if axis:
        qs = qs.filter(axis=axis)
    if county:
        county_id = _pk(county)
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
                    resolution_id=OuterRef("pk"), targetneighbourhood_id=_pk(neighbourhood)
                )
            )
        )
    query = (query or "").strip()
    if query:
        key = match_key(query)
        number = _search_number(query)
        if number is not None and len(number) < SHORT_NUMBER_DIGITS:
            # «۱۲» is resolution number 12: as a piece of text one or two digits are in a good
            # share of all texts (dates, counts), and too short for the search index.
            condition = Q(number=int(number))
        else:
            condition = text_contains(key) if key else Q(pk__in=[])
            if number is not None:
                condition |= Q(number=int(number))
        qs = qs.filter(condition)
    qs = _with_list_columns(qs, user, today)
    return qs.order_by(*RESOLUTION_ORDERS.get(order, RESOLUTION_ORDERS[DEFAULT_RESOLUTION_ORDER]))


def _with_list_columns(qs: QuerySet[Resolution], user: Any, today: datetime.date) -> QuerySet[Resolution]:
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
    user: Any, keys: list[int], *, today: datetime.date | None = None
) -> QuerySet[Resolution]:
    """The rows of one page of :func:`resolutions_for_user`, by their keys (which that query,
    scoped to the user, produced), without repeating its filters."""
    today = today or timezone.localdate()
    return _with_list_columns(Resolution.objects.visible_to(user).filter(pk__in=keys), user, today)


def resolutions_overdue(user: Any, *, today: datetime.date | None = None) -> QuerySet[Resolution]:
    return resolutions_for_user(user, overdue=True, order="due_date", today=today)


@dataclass(frozen=True)
class TargetProgress:
    target: Decimal
    unit: str
    achieved: Decimal
    percent: int


def resolution_progress(resolution: Resolution) -> TargetProgress | None:
    """Progress toward the resolution's target: the sum of accepted reports' achieved quantities."""
    if resolution.target_quantity is None:
        return None
    achieved = ProgressReport.objects.filter(
        assignment__resolution=resolution, review_status=ReviewStatus.ACCEPTED
    ).aggregate(total=Sum("achieved_quantity"))["total"] or Decimal(0)
    return TargetProgress(
        target=resolution.target_quantity,
        unit=resolution.target_unit,
        achieved=achieved,
        percent=progress_percent(achieved, resolution.target_quantity) or 0,
    )


def resolution_page_data(user: Any, resolution: Resolution) -> dict[str, Any]:
    """Everything the resolution page shows besides the resolution itself, scoped to the user."""
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(resolution=resolution)
        .select_related("agency", "resolution")
        .order_by("role", "agency__name")
    )
    reports = list(
        ProgressReport.objects.visible_to(user)
        .filter(assignment__resolution=resolution)
        .select_related("assignment__agency", "author", "reviewed_by")
        .prefetch_related("attachments")
        .order_by("-submitted_at", "-pk")
    )
    extensions = list(
        DeadlineExtension.objects.visible_to(user)
        .filter(assignment__resolution=resolution)
        .select_related("assignment__agency", "requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )
    by_assignment: dict[int, list[ProgressReport]] = defaultdict(list)
    for report in reports:
        by_assignment[report.assignment_id].append(report)
    for assignment in assignments:
        assignment.report_list = by_assignment.get(assignment.pk, [])
    return {
        "assignments": assignments,
        "reports": reports,
        "extensions": extensions,
        "progress": resolution_progress(resolution),
    }


# --- Assignments ------------------------------------------------------------------------------------

ASSIGNMENT_FILTERS = ("open", "overdue", "all")


def _assignment_list(qs: QuerySet[Assignment], today: datetime.date) -> QuerySet[Assignment]:
    pending_extension = DeadlineExtension.objects.filter(
        assignment=OuterRef("pk"), status=ExtensionStatus.PENDING
    )
    return (
        qs.select_related("agency", "resolution__meeting__body")
        .annotate(has_pending_extension=Exists(pending_extension))
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )


def assignments_for_user(
    user: Any,
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
        agency_id = getattr(user, "agency_id", None)
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


def assignments_for_agency(
    user: Any, agency: Any, *, today: datetime.date | None = None
) -> QuerySet[Assignment]:
    today = today or timezone.localdate()
    return _assignment_list(Assignment.objects.visible_to(user).filter(agency_id=_pk(agency)), today)


def assignments_due_between(
    user: Any, start: datetime.date, end: datetime.date, *, mine: bool = False
) -> QuerySet[Assignment]:
    qs = assignments_for_user(user, mine=mine, status="open").filter(due_date__gte=start, due_date__lte=end)
    return qs


def assignment_page_data(user: Any, assignment: Assignment) -> dict[str, Any]:
    reports = list(
        ProgressReport.objects.visible_to(user)
        .filter(assignment=assignment)
        .select_related("author", "reviewed_by")
        .prefetch_related("attachments")
        .order_by("-submitted_at", "-pk")
    )
    extensions = list(
        DeadlineExtension.objects.visible_to(user)
        .filter(assignment=assignment)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )
    return {"reports": reports, "extensions": extensions}


# --- Reports ----------------------------------------------------------------------------------------


def reports_awaiting_review(user: Any) -> QuerySet[ProgressReport]:
    """Reports waiting for the secretariat's decision, oldest first (first come, first served)."""
    return (
        ProgressReport.objects.visible_to(user)
        .filter(review_status=ReviewStatus.PENDING)
        .select_related("assignment__agency", "assignment__resolution__meeting__body", "author")
        .prefetch_related("attachments")
        .order_by("submitted_at", "pk")
    )


def extensions_awaiting_decision(user: Any) -> QuerySet[DeadlineExtension]:
    return (
        DeadlineExtension.objects.visible_to(user)
        .filter(status=ExtensionStatus.PENDING)
        .select_related("assignment__agency", "assignment__resolution__meeting__body", "requested_by")
        .order_by("requested_at", "pk")
    )


# --- Review of past resolutions (بررسی مصوبات گذشته) -----------------------------------------------


@dataclass
class ReviewRow:
    resolution: Resolution
    assignment: Assignment
    latest_report: ProgressReport | None
    overdue: bool


@dataclass
class AgencyReview:
    agency: Agency
    rows: list[ReviewRow] = field(default_factory=list)
    # The agency's totals over the whole review, when only a page of its rows is at hand.
    summary: AgencyReviewSummary | None = None

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.rows if not r.assignment.is_closed)  # as OPEN_Q decides

    @property
    def accepted_count(self) -> int:
        return sum(1 for r in self.rows if r.assignment.status == AssignmentStatus.ACCEPTED)

    @property
    def overdue_count(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


def last_meeting_date(body: Any, *, before: datetime.date | None = None) -> datetime.date | None:
    """The date of the body's most recent meeting on or before ``before`` (default today)."""
    before = before or timezone.localdate()
    return (
        Meeting.objects.filter(body_id=_pk(body), date__lte=before)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def past_review_assignments(user: Any, *, body: Any, since: datetime.date | None) -> QuerySet[Assignment]:
    """For the next meeting of ``body``: every assignment still open, or accepted since ``since``
    (the last meeting; everything accepted when there was none), ordered by agency, each
    annotated with the id of its latest report (``latest_report_id``)."""
    latest = ProgressReport.objects.filter(assignment=OuterRef("pk")).order_by("-submitted_at", "-pk")
    return (
        _past_review_base(user, body=body, since=since)
        .select_related("agency", "resolution__meeting")
        .annotate(latest_report_id=Subquery(latest.values("pk")[:1]))
        .order_by("agency__name", "agency_id", "resolution__meeting_date", "resolution__number", "pk")
    )


def _past_review_base(user: Any, *, body: Any, since: datetime.date | None) -> QuerySet[Assignment]:
    # Compared as a moment, not with ``accepted_at__date``: on SQLite that converts the time zone
    # of every row in Python, which for a busy headquarters was most of the page's time.
    since_moment = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min)) if since else None
    keep = OPEN_Q | (Q(accepted_at__gte=since_moment) if since else Q(status=AssignmentStatus.ACCEPTED))
    # The body's resolutions as a subquery: joined directly, SQLite's planner walks every
    # assignment of the province to find the body's.
    of_body = Resolution.objects.filter(body_id=_pk(body)).values("pk")
    return Assignment.objects.visible_to(user).filter(resolution_id__in=of_body).filter(keep)


def group_review_rows(assignments: Iterable[Assignment], *, today: datetime.date) -> list[AgencyReview]:
    """Rows of :func:`past_review_assignments` grouped by agency, with their latest reports
    loaded in one query."""
    assignments = list(assignments)
    reports = ProgressReport.objects.in_bulk([a.latest_report_id for a in assignments if a.latest_report_id])
    groups: dict[int, AgencyReview] = {}
    for assignment in assignments:
        group = groups.setdefault(assignment.agency_id, AgencyReview(agency=assignment.agency))
        group.rows.append(
            ReviewRow(
                resolution=assignment.resolution,
                assignment=assignment,
                latest_report=reports.get(assignment.latest_report_id),
                overdue=assignment.is_overdue(today),
            )
        )
    return list(groups.values())


@dataclass(frozen=True)
class AgencyReviewSummary:
    agency_id: int
    agency_name: str
    open: int
    overdue: int
    accepted: int
    rows: int  # the agency's rows in the review (open, or accepted since the last meeting)


def past_review_summary(
    user: Any, *, body: Any, since: datetime.date | None, today: datetime.date
) -> list[AgencyReviewSummary]:
    """Per agency, what the review covers: open, overdue and recently accepted (one query).
    The page shows this in full while the rows themselves come a page at a time."""
    rows = (
        _past_review_base(user, body=body, since=since)
        .values("agency_id", "agency__name")
        .annotate(
            n_open=Count("pk", filter=OPEN_Q),
            n_overdue=Count("pk", filter=OPEN_Q & Q(due_date__lt=today)),
            n_accepted=Count("pk", filter=Q(status=AssignmentStatus.ACCEPTED)),
            n_rows=Count("pk"),
        )
        .order_by("agency__name", "agency_id")
    )
    return [
        AgencyReviewSummary(
            r["agency_id"], r["agency__name"], r["n_open"], r["n_overdue"], r["n_accepted"], r["n_rows"]
        )
        for r in rows
    ]


class PastReviewRows:
    """The review's rows as a sequence a :class:`~django.core.paginator.Paginator` can page
    through, its length and its order taken from the per-agency summary.

    Sorting a headquarters' 10,000 rows by agency name to keep 100 made the database read and
    sort them all on every page. The summary (already needed for the page) says how many rows
    each agency has, in the same order: so a page's slice names its agencies, and only their
    rows are read, from the first agency's offset on.
    """

    def __init__(
        self, user: Any, *, body: Any, since: datetime.date | None, summary: list[AgencyReviewSummary]
    ):
        self.user, self.body, self.since, self.summary = user, body, since, summary

    def __len__(self) -> int:
        return sum(item.rows for item in self.summary)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: slice) -> list[Assignment]:
        start, stop, _ = index.indices(len(self))
        agencies: list[int] = []
        offset = 0
        seen = 0
        for item in self.summary:
            if seen + item.rows > start and seen < stop:
                if not agencies:
                    offset = start - seen
                agencies.append(item.agency_id)
            seen += item.rows
        if not agencies or stop <= start:
            return []
        rows = past_review_assignments(self.user, body=self.body, since=self.since).filter(
            agency_id__in=agencies
        )
        return list(rows[offset : offset + stop - start])


def past_resolutions_review(
    user: Any, *, body: Any, since: datetime.date | None = None, today: datetime.date | None = None
) -> list[AgencyReview]:
    """The whole review, grouped by agency (for the Word file). Three queries whatever the size."""
    today = today or timezone.localdate()
    return group_review_rows(past_review_assignments(user, body=body, since=since), today=today)


def bodies_for_review(user: Any) -> QuerySet[Body]:
    return (
        Body.objects.visible_to(user).select_related("province").order_by("province__name", "level", "name")
    )


# --- Scoreboard (کارنامه دستگاه‌ها) ----------------------------------------------------------------


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


@dataclass
class AgencyScore(Score):
    agency: Agency | None = None


@dataclass
class CountyScore(Score):
    county: County | None = None
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


def _scored_assignments(user: Any, province: Any) -> QuerySet[Assignment]:
    qs = Assignment.objects.visible_to(user)
    if province:
        qs = qs.filter(resolution__province_id=_pk(province))
    return qs


def _fill(score: Score, row: dict[str, Any]) -> None:
    score.open = row["n_open"]
    score.overdue = row["n_overdue"]
    score.accepted_on_time = row["n_on_time"]
    score.accepted_late = row["n_accepted"] - row["n_on_time"]


def agency_scoreboard(
    user: Any, *, province: Any = None, today: datetime.date | None = None
) -> list[AgencyScore]:
    """Per agency: open, overdue, accepted on time, accepted late and the on-time rate; the
    agencies with the most overdue assignments first. Two queries."""
    today = today or timezone.localdate()
    rows = list(_score_counts(_scored_assignments(user, province), "agency_id", today))
    agencies = Agency.objects.select_related("county", "province").in_bulk([r["agency_id"] for r in rows])
    scores = []
    for row in rows:
        score = AgencyScore(agency=agencies[row["agency_id"]])
        _fill(score, row)
        scores.append(score)
    scores.sort(key=lambda s: (-s.overdue, -s.open, s.agency.name))
    return scores


def county_scoreboard(
    user: Any, *, province: Any = None, today: datetime.date | None = None
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
    scores = []
    for row in rows:
        score = CountyScore(county=counties[row["agency__county_id"]])
        _fill(score, row)
        scores.append(score)
    scores.sort(key=lambda s: (-s.overdue, s.county.province.name, s.county.name))
    return scores
