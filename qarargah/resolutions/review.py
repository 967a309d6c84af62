"""The review of past resolutions (بررسی مصوبات گذشته): the standing agenda item with which
each next meeting of a body starts, grouped by agency, scoped to the user asking."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Agency, Body

from .models import OPEN_Q, Assignment, AssignmentRole, AssignmentStatus, ProgressReport, Resolution
from .selectors import pk_of

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from qarargah.accounts.models import User


class LatestReport(TypedDict):
    """What :func:`past_review_assignments` annotates on each assignment."""

    latest_report_id: int | None


# An assignment as the review reads it: with the id of its latest report.
type ReviewedAssignment = WithAnnotations[Assignment, LatestReport]


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


@dataclass
class ResolutionReview:
    """One resolution of the review with its agencies' rows: a resolution assigned to 26
    agencies is one row of the review grouped by resolution, not 26."""

    resolution: Resolution
    rows: list[ReviewRow] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


# ``?group=`` of the review's page and Word file.
GROUPINGS = {"agency": "به تفکیک دستگاه", "resolution": "به تفکیک مصوبه"}
DEFAULT_GROUPING = "agency"


def last_meeting_date(body: Any, *, before: datetime.date | None = None) -> datetime.date | None:
    """The date of the body's most recent meeting on or before ``before`` (default today)."""
    before = before or timezone.localdate()
    return (
        Meeting.objects.filter(body_id=pk_of(body), date__lte=before)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def past_review_assignments(
    user: User, *, body: Any, since: datetime.date | None
) -> QuerySet[ReviewedAssignment]:
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


def _past_review_base(user: User, *, body: Any, since: datetime.date | None) -> QuerySet[Assignment]:
    # Compared as a moment, not with ``accepted_at__date``: on SQLite that converts the time zone
    # of every row in Python, which for a busy headquarters was most of the page's time.
    since_moment = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min)) if since else None
    keep = OPEN_Q | (Q(accepted_at__gte=since_moment) if since else Q(status=AssignmentStatus.ACCEPTED))
    # The body's resolutions as a subquery: joined directly, SQLite's planner walks every
    # assignment of the province to find the body's.
    of_body = Resolution.objects.filter(body_id=pk_of(body)).values("pk")
    return _readable_of_body(user, body).filter(resolution_id__in=of_body).filter(keep)


def _readable_of_body(user: User, body: Any) -> QuerySet[Assignment]:
    """The assignments ``user`` reads, for a query already kept to ``body``'s resolutions.

    A reader whose scope over assignments is «the resolution's province» and who covers the
    body's province reads every assignment of the body: a resolution's province is its body's
    (``models.meeting_copies``). Their scope filter is then left out, because it joins the
    resolution table for its province, a row lookup per assignment that was most of the
    review's time for a headquarters (36,000 assignments; issue 12). Any other scope, or a
    scope rule changed later, keeps the filter (the rule is compared, not assumed)."""
    scope = scope_for(user)
    province_id = (
        body.province_id
        if isinstance(body, Body)
        else Body.objects.filter(pk=pk_of(body)).values_list("province_id", flat=True).first()
    )
    if Assignment.scope_q(scope) == scope.province_q("resolution__province_id") and scope.covers_province(
        province_id
    ):
        return Assignment.objects.all()
    return Assignment.objects.visible_to(user)


def _review_rows(assignments: Iterable[ReviewedAssignment], *, today: datetime.date) -> list[ReviewRow]:
    """The assignments as review rows, their latest reports loaded in one query."""
    assignments = list(assignments)
    reports = ProgressReport.objects.in_bulk([a.latest_report_id for a in assignments if a.latest_report_id])
    return [
        ReviewRow(
            resolution=assignment.resolution,
            assignment=assignment,
            latest_report=reports.get(assignment.latest_report_id),
            overdue=assignment.is_overdue(today),
        )
        for assignment in assignments
    ]


def group_review_rows(
    assignments: Iterable[ReviewedAssignment], *, today: datetime.date
) -> list[AgencyReview]:
    """Rows of :func:`past_review_assignments` grouped by agency, with their latest reports
    loaded in one query."""
    groups: dict[int, AgencyReview] = {}
    for row in _review_rows(assignments, today=today):
        agency = row.assignment.agency
        groups.setdefault(agency.pk, AgencyReview(agency=agency)).rows.append(row)
    return list(groups.values())


def group_review_by_resolution(
    assignments: Iterable[ReviewedAssignment], *, today: datetime.date
) -> list[ResolutionReview]:
    """The same rows grouped by resolution, in the order of the resolutions' first rows (the
    callers order by meeting date and number), each resolution's agencies by name."""
    groups: dict[int, ResolutionReview] = {}
    for row in _review_rows(assignments, today=today):
        resolution = row.resolution
        groups.setdefault(resolution.pk, ResolutionReview(resolution=resolution)).rows.append(row)
    for group in groups.values():
        group.rows.sort(key=lambda r: (r.assignment.role != AssignmentRole.LEAD, r.assignment.agency.name))
    return list(groups.values())


def review_resolution_keys(
    user: User, *, body: Any, since: datetime.date | None
) -> QuerySet[Resolution, int]:
    """The keys of the review's resolutions, oldest meeting first: what the page grouped by
    resolution pages through (one row per resolution)."""
    keys = _past_review_base(user, body=body, since=since).values("resolution_id")
    return (
        Resolution.objects.filter(pk__in=keys)
        .order_by("meeting_date", "meeting_id", "number", "pk")
        .values_list("pk", flat=True)
    )


def review_by_resolution(
    user: User,
    *,
    body: Any,
    since: datetime.date | None,
    keys: Iterable[int] | None = None,
    today: datetime.date,
) -> list[ResolutionReview]:
    """The review grouped by resolution: all of it (the Word file) or the resolutions ``keys``
    (a page). Three queries."""
    rows = past_review_assignments(user, body=body, since=since).order_by(
        "resolution__meeting_date", "resolution__meeting_id", "resolution__number", "resolution_id", "pk"
    )
    if keys is not None:
        rows = rows.filter(resolution_id__in=list(keys))
    return group_review_by_resolution(rows, today=today)


@dataclass(frozen=True)
class AgencyReviewSummary:
    agency_id: int
    agency_name: str
    open: int
    overdue: int
    accepted: int
    rows: int  # the agency's rows in the review (open, or accepted since the last meeting)


def past_review_summary(
    user: User, *, body: Any, since: datetime.date | None, today: datetime.date
) -> list[AgencyReviewSummary]:
    """Per agency, what the review covers: open, overdue and recently accepted (one query).
    The page shows this in full while the rows themselves come a page at a time."""
    # Grouped by the agency's id alone: joining the agency for its name looked it up once per
    # assignment (36,000 times for a headquarters); the ~200 names are read once, afterwards.
    rows = (
        _past_review_base(user, body=body, since=since)
        .values("agency_id")
        .annotate(
            n_open=Count("pk", filter=OPEN_Q),
            n_overdue=Count("pk", filter=OPEN_Q & Q(due_date__lt=today)),
            n_accepted=Count("pk", filter=Q(status=AssignmentStatus.ACCEPTED)),
            n_rows=Count("pk"),
        )
        .order_by()
    )
    counts = {r["agency_id"]: r for r in rows}
    # Ordered by the database, as the rows are (``PastReviewRows`` relies on the same order
    # under the database's own collation).
    names = Agency.objects.filter(pk__in=counts).order_by("name", "pk").values_list("pk", "name")
    return [
        AgencyReviewSummary(
            pk,
            name,
            counts[pk]["n_open"],
            counts[pk]["n_overdue"],
            counts[pk]["n_accepted"],
            counts[pk]["n_rows"],
        )
        for pk, name in names
    ]


# What a page of the review shows of each row (``review_agency_rows``, ``Assignment.is_overdue``)
# and orders it by. The meeting's and the resolution's other columns (minutes narrative, text
# key, drafts) were a quarter of the time spent building a page's 100 rows (issue 12).
PAGE_ROW_FIELDS = (
    "resolution",
    "agency",
    "role",
    "due_date",
    "status",
    "continuous",
    "resolution_closed",
    "accepted_at",
    "resolution__number",
    "resolution__text",
    "resolution__meeting",
    "resolution__meeting_date",
    "resolution__deadline_kind",
    "resolution__meeting__number",
    "resolution__meeting__date",
    "agency__name",
)


class PastReviewRows:
    """The review's rows as a sequence a :class:`~django.core.paginator.Paginator` can page
    through, its length and its order taken from the per-agency summary.

    Sorting a headquarters' 10,000 rows by agency name to keep 100 made the database read and
    sort them all on every page. The summary (already needed for the page) says how many rows
    each agency has, in the same order: so a page's slice names its agencies, and only their
    rows are read, from the first agency's offset on.
    """

    def __init__(
        self, user: User, *, body: Any, since: datetime.date | None, summary: list[AgencyReviewSummary]
    ):
        self.user, self.body, self.since, self.summary = user, body, since, summary

    def __len__(self) -> int:
        return sum(item.rows for item in self.summary)

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: slice) -> list[ReviewedAssignment]:
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
        rows = (
            past_review_assignments(self.user, body=self.body, since=self.since)
            .filter(agency_id__in=agencies)
            .only(*PAGE_ROW_FIELDS)
        )
        return list(rows[offset : offset + stop - start])


def past_resolutions_review(
    user: User, *, body: Any, since: datetime.date | None = None, today: datetime.date | None = None
) -> list[AgencyReview]:
    """The whole review, grouped by agency (for the Word file). Three queries whatever the size."""
    today = today or timezone.localdate()
    return group_review_rows(past_review_assignments(user, body=body, since=since), today=today)


def bodies_for_review(user: User) -> QuerySet[Body]:
    return (
        Body.objects.visible_to(user).select_related("province").order_by("province__name", "level", "name")
    )
