"""Writes to resolutions and assignments.

Creation services live here so that the minutes importer and the hand-entry form share them;
the follow-up workflow (start, reports, reviews, extensions, targets) builds on the same
helpers. Every service checks who is acting (``permissions``, decision 0012), locks the rows it
changes, compares the version the user saw (optimistic locking) and records the business event
in the history in the same transaction. The state machine itself (which status may follow
which, and what a report's acceptance does) is ``workflow.py``; services call it.

Rows are locked in one order everywhere, so that two writers never wait for each other in a
circle: the resolution, then its assignments (by key), then their reports or extension requests.

A single service is its bulk service called with one item: one set of checks for both.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import router, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.deletion import Collector
from django.utils import timezone

from qarargah.core.errors import ConcurrentEditError, ServiceError
from qarargah.core.locking import lock_for_update, save_new_version
from qarargah.history.registry import acting_as, log_created
from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Agency, TargetNeighbourhood
from qarargah.organisations.selectors import working_calendar
from qarargah.persian import (
    DeadlineError,
    clean_input,
    match_key,
    to_persian_digits,
    validate_deadline,
)

from . import signals, tallies, workflow
from .attachments import MAX_ATTACHMENTS_PER_REPORT, sha256_of, validate_attachment
from .events import ResolutionEvent
from .models import (
    Assignment,
    AssignmentRole,
    DeadlineExtension,
    DeadlineKind,
    ExtensionStatus,
    ProgressReport,
    ReportAttachment,
    Resolution,
    ResolutionStatus,
    ReviewStatus,
    meeting_copies,
)
from .permissions import require_agency_actor, require_follow_up, require_follow_up_in, require_reviewer
from .targets import propose_target
from .workflow import open_due_date_of, resolve_due_date, rollup_status

if TYPE_CHECKING:
    from qarargah.accounts.models import User
    from qarargah.accounts.system import Actor

GONE = "این مورد در همین لحظه حذف شده است؛ صفحه را دوباره باز کنید."

ROLLUP_COLUMNS = ("status", "continuous", "due_date")


def _store_rollup(resolution: Resolution, rows: list[tuple[str, bool, datetime.date | None]]) -> str:
    status: str
    open_due: datetime.date | None
    if resolution.closed_at is not None:
        # Closed by the secretariat: done, and nothing open is due, whatever the assignments say.
        status, open_due = ResolutionStatus.DONE, None
    else:
        status = rollup_status(row[0] for row in rows)
        open_due = open_due_date_of(rows)
    if (status, open_due) != (resolution.status, resolution.open_due_date):
        # A roll-up of rows whose own changes are in the history: not a change of its own.
        Resolution.objects.filter(pk=resolution.pk).update(status=status, open_due_date=open_due)
        resolution.status, resolution.open_due_date = status, open_due
    return status


def recompute_open_due_dates(resolutions: QuerySet[Resolution]) -> int:
    """Set ``open_due_date`` of many resolutions in one UPDATE (rows written in bulk, outside
    the services: the data generator). Returns the number of resolutions updated."""
    nearest = (
        Assignment.objects.open()
        .filter(resolution=OuterRef("pk"))
        .exclude(due_date=None)
        .order_by("due_date")
        .values("due_date")[:1]
    )
    return resolutions.update(open_due_date=Subquery(nearest))


def refresh_resolution_status(resolution: Resolution, *, also_agencies: Iterable[int] = ()) -> str:
    """Recompute and store the roll-ups, status and nearest open due date, and the tallies of
    its agencies (call inside the transaction that changed an assignment's status, due date or
    continuity, after its other locks). ``also_agencies``: agencies just taken off it."""
    rows = list(resolution.assignments.values_list("agency_id", *ROLLUP_COLUMNS))
    tallies.refresh_agencies([row[0] for row in rows] + list(also_agencies))
    return _store_rollup(resolution, [row[1:] for row in rows])


def refresh_resolution_statuses(
    resolutions: Iterable[Resolution], *, also_agencies: Iterable[int] = ()
) -> None:
    """:func:`refresh_resolution_status` for many resolutions: one SELECT for all of them."""
    by_pk = {r.pk: r for r in resolutions}
    if not by_pk:
        return
    rows: dict[int, list[tuple[str, bool, datetime.date | None]]] = {pk: [] for pk in by_pk}
    agencies = set(also_agencies)
    for resolution_id, agency_id, *row in Assignment.objects.filter(resolution_id__in=by_pk).values_list(
        "resolution_id", "agency_id", *ROLLUP_COLUMNS
    ):
        rows[resolution_id].append(tuple(row))
        agencies.add(agency_id)
    tallies.refresh_agencies(agencies)
    for pk, resolution in by_pk.items():
        _store_rollup(resolution, rows[pk])


# --- Locks ----------------------------------------------------------------------------------------


def _lock_resolutions(pks: Iterable[int]) -> dict[int, Resolution]:
    """Lock resolutions by key, in key order (the first link of the lock order)."""
    keys = sorted(set(pks))
    locked = {r.pk: r for r in Resolution.objects.select_for_update().filter(pk__in=keys).order_by("pk")}
    if len(locked) != len(keys):
        raise ServiceError(GONE, code="gone")
    return locked


def _lock_assignment(assignment: Assignment, *, expected_version: int | None) -> Assignment:
    """Lock the assignment's resolution, then the assignment (checking the version the user saw).

    Every workflow service comes through here, so it takes the rows in the same order as the
    deletions do; an assignment deleted meanwhile is refused with a message, not a server error.
    """
    (resolution,) = _lock_resolutions([assignment.resolution_id]).values()
    try:
        locked = lock_for_update(assignment, expected_version=expected_version)
    except Assignment.DoesNotExist:
        raise ServiceError(GONE, code="gone") from None
    locked.resolution = resolution
    return locked


# --- Creating resolutions -------------------------------------------------------------------------


@dataclass(frozen=True)
class NewResolution:
    """One resolution for :func:`create_resolutions`: the arguments of :func:`create_resolution`."""

    number: int
    text: str
    assignees_raw: str = ""
    deadline_raw: str = ""
    deadline_kind: str = DeadlineKind.NONE
    parsed_due: datetime.date | None = None
    axis: str = ""
    target_quantity: Decimal | None = None
    target_unit: str = ""
    report_period_days: int = 30
    agencies: tuple[tuple[Agency, str], ...] = ()
    vote: str = ""


class NewAssignment(NamedTuple):
    """One assignment for :func:`assign_resolutions`; a plain ``(resolution, agency, role)``
    tuple works too. ``due_date`` None: the resolution's own."""

    resolution: Resolution
    agency: Agency
    role: str = AssignmentRole.LEAD
    due_date: datetime.date | None = None


def _build_assignment(
    resolution: Resolution, agency: Agency, role: str, due_date: datetime.date | None = None
) -> Assignment:
    """The one place an assignment row is made: checked against the resolution's province,
    due with the resolution unless told otherwise, continuous like it."""
    if agency.province_id != resolution.province_id:
        raise ServiceError(
            f"«{agency}» از استان دیگری است و نمی‌تواند اقدام‌کننده این مصوبه باشد.", code="wrong_province"
        )
    return Assignment(
        resolution=resolution,
        agency=agency,
        role=role,
        due_date=due_date if due_date is not None else resolution.due_date,
        continuous=resolution.deadline_kind == DeadlineKind.CONTINUOUS,
        resolution_closed=resolution.closed_at is not None,
        minutes_signed=resolution.minutes_signed,
    )


def store_minutes_signed(meeting: Meeting) -> int:
    """Copy «the minutes are signed» (``meeting.status``, as just written) onto the meeting's
    resolutions and their assignments (decision 0036). The meetings services call it in the
    transaction that writes a meeting's status, after locking the meeting and before the
    tallies are recounted; every other status write goes through them. Returns the number of
    assignments changed (their agencies' tallies need a recount when it is not zero)."""
    signed = meeting.is_published
    # A derived copy (like ``resolution_closed``): the meeting's own entry is the history.
    Resolution.objects.filter(meeting_id=meeting.pk).exclude(minutes_signed=signed).update(
        minutes_signed=signed
    )
    return (
        Assignment.objects.filter(resolution__meeting_id=meeting.pk)
        .exclude(minutes_signed=signed)
        .update(minutes_signed=signed)
    )


def create_resolution(
    *,
    actor: Actor,
    meeting: Meeting,
    number: int,
    text: str,
    assignees_raw: str = "",
    deadline_raw: str = "",
    deadline_kind: str = DeadlineKind.NONE,
    parsed_due: datetime.date | None = None,
    axis: str = "",
    target_quantity: Decimal | None = None,
    target_unit: str = "",
    report_period_days: int = 30,
    agencies: Iterable[tuple[Agency, str]] = (),
) -> Resolution:
    """One resolution of ``meeting`` with its agencies' assignments (the hand-entry form)."""
    item = NewResolution(
        number=number,
        text=text,
        assignees_raw=assignees_raw,
        deadline_raw=deadline_raw,
        deadline_kind=deadline_kind,
        parsed_due=parsed_due,
        axis=axis,
        target_quantity=target_quantity,
        target_unit=target_unit,
        report_period_days=report_period_days,
        agencies=tuple(agencies),
    )
    (resolution,) = create_resolutions(actor=actor, meeting=meeting, items=[item])
    return resolution


def create_resolutions(
    *,
    actor: Actor,
    meeting: Meeting,
    items: Sequence[NewResolution],
    taken_numbers: Iterable[int] | None = None,
) -> list[Resolution]:
    """Resolutions of one meeting, with their assignments (the minutes importer; the form with one).

    Each item is checked in order (the first failing item raises) before anything is written;
    then rows go in with ``bulk_create`` and their history with
    :func:`qarargah.history.registry.log_created`: one SELECT and a few INSERTs whatever the
    number of resolutions. New assignments leave a new resolution «open», so no roll-up is
    needed. ``taken_numbers``: the numbers the meeting's resolutions already use, when the
    caller has just read them (or created the meeting), to save the SELECT.
    """
    copies = meeting_copies(meeting)
    require_follow_up_in(actor, copies["province_id"])
    # The callers hold the meeting's row lock (the record form, the importer), so its status
    # cannot change under this copy before the rows are in (decision 0036).
    signed = meeting.is_published
    if not items:
        return []
    if taken_numbers is None:
        numbers = [item.number for item in items if item.number >= 1]
        taken_numbers = Resolution.objects.filter(meeting=meeting, number__in=numbers).values_list(
            "number", flat=True
        )
    taken = set(taken_numbers)
    province = meeting.body.province
    rows: list[Resolution] = []
    assignments: list[Assignment] = []
    for item in items:
        text = clean_input(item.text or "")
        if not text:
            raise ServiceError("متن مصوبه نمی‌تواند خالی باشد.", code="text_required")
        if item.number < 1:
            raise ServiceError("شماره مصوبه باید عددی مثبت باشد.", code="number")
        if item.number in taken:
            raise ServiceError(
                f"مصوبه شماره {to_persian_digits(str(item.number))} در این جلسه از قبل ثبت شده است.",
                code="duplicate",
            )
        taken.add(item.number)
        target_quantity, target_unit = item.target_quantity, item.target_unit
        if target_quantity is None and not target_unit:
            proposed = propose_target(text)
            if proposed is not None:
                target_quantity, target_unit = proposed
        _check_target(target_quantity, target_unit)
        resolution = Resolution(
            meeting=meeting,
            **copies,
            minutes_signed=signed,
            number=item.number,
            text=text,
            text_key=match_key(text),
            assignees_raw=clean_input(item.assignees_raw or ""),
            deadline_raw=clean_input(item.deadline_raw or ""),
            deadline_kind=item.deadline_kind,
            vote=clean_input(item.vote or ""),
            due_date=resolve_due_date(
                kind=item.deadline_kind,
                parsed_due=item.parsed_due,
                meeting_date=meeting.date,
                asap_days=province.asap_days,
                report_period_days=item.report_period_days,
            ),
            axis=item.axis,
            target_quantity=target_quantity,
            target_unit=target_unit,
            report_period_days=item.report_period_days,
        )
        rows.append(resolution)
        seen: set[int] = set()
        for agency, role in item.agencies:
            if agency.pk in seen:
                continue
            seen.add(agency.pk)
            assignments.append(_build_assignment(resolution, agency, role))
        if seen:  # new assignments are all open, due with the resolution
            resolution.open_due_date = resolution.due_date
    # Everything was checked before writing, so only a database error can end this block early,
    # and that aborts the surrounding transaction anyway: no savepoint (two round trips a file).
    with transaction.atomic(savepoint=False):
        created = Resolution.objects.bulk_create(rows)
        # bulk_create copies the resolutions' new ids into the assignments pointing at them.
        Assignment.objects.bulk_create(assignments)
        with acting_as(actor, event=ResolutionEvent.RESOLUTION_CREATED):
            log_created(created)
        with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_CREATED):
            log_created(assignments)
        tallies.refresh_agencies(row.agency_id for row in assignments)
        # A draft's assignments are announced when its minutes are signed (meetings.services).
        if signed:
            signals.send_on_commit(signals.assignments_created, actor=actor, ids=(a.pk for a in assignments))
    return created


def date_next_meeting_deadlines(
    *, actor: Actor, meeting: Meeting, old_date: datetime.date | None = None
) -> list[Resolution]:
    """«تا جلسه آینده»: ``meeting`` has just been recorded (or its date corrected from
    ``old_date``), so the resolutions of its body that wait for «the next meeting» get the date of
    the body's first meeting after their own.

    Looked at: those dated before ``meeting`` with no due date yet or a later one (a meeting
    recorded between a resolution and the meeting it was due on is the nearer «next» one), and,
    when the date moved, those that were due on ``old_date``. Each assignment that still had the
    resolution's own due date moves with it (an extended one keeps its own), and the roll-ups
    follow. One SELECT when nothing waits, which is every other meeting. Returns the resolutions
    changed.
    """
    candidates = Q(meeting_date__lt=meeting.date) & (Q(due_date__isnull=True) | Q(due_date__gt=meeting.date))
    if old_date is not None and old_date != meeting.date:
        # Moved: those it was the next meeting of, and its own, whose next meeting may differ.
        candidates |= Q(due_date=old_date) | Q(meeting_id=meeting.pk)
    waiting = list(
        Resolution.objects.filter(body_id=meeting.body_id, deadline_kind=DeadlineKind.NEXT_MEETING)
        .filter(candidates)
        .values_list("pk", flat=True)
    )
    if not waiting:
        return []
    with transaction.atomic():
        require_follow_up_in(actor, meeting.body.province_id)
        locked = _lock_resolutions(waiting)
        dates = sorted(set(Meeting.objects.filter(body_id=meeting.body_id).values_list("date", flat=True)))
        changed: list[Resolution] = []
        with acting_as(actor, event=ResolutionEvent.DUE_SET_BY_NEXT_MEETING):
            for resolution in locked.values():
                later = bisect.bisect_right(dates, resolution.meeting_date)
                due = dates[later] if later < len(dates) else None
                old_due = resolution.due_date
                if due == old_due:
                    continue
                resolution.due_date = due
                save_new_version(resolution, ["due_date", "updated_at"])
                same_due = {"due_date": old_due} if old_due else {"due_date__isnull": True}
                for assignment in (
                    resolution.assignments.filter(**same_due).order_by("pk").select_for_update()
                ):
                    assignment.due_date = due
                    save_new_version(assignment, ["due_date", "updated_at"])
                changed.append(resolution)
        refresh_resolution_statuses(changed)
    return changed


# --- Assigning agencies ---------------------------------------------------------------------------


def assign_resolution(
    *,
    actor: Actor,
    resolution: Resolution,
    agency: Agency,
    role: str = AssignmentRole.LEAD,
    due_date: datetime.date | None = None,
) -> Assignment:
    """Give ``agency`` an assignment on ``resolution`` (idempotent for the same agency)."""
    created = assign_resolutions(actor=actor, items=[NewAssignment(resolution, agency, role, due_date)])
    if created:
        return created[0]
    return resolution.assignments.get(agency=agency)


@transaction.atomic
def assign_resolutions(
    *, actor: Actor, items: Sequence[NewAssignment | tuple[Resolution, Agency, str]]
) -> list[Assignment]:
    """Assignments for many (resolution, agency, role) at once (a corrected minutes file; the
    resolution page with one): one SELECT, one INSERT for the rows and one for their history,
    and one roll-up pass. An agency already assigned is left as it is."""
    wanted = [NewAssignment(*item) for item in items]
    for resolution in {item.resolution.pk: item.resolution for item in wanted}.values():
        require_follow_up(actor, resolution)
    if not wanted:
        return []
    locked = _lock_resolutions(item.resolution.pk for item in wanted)
    # Built from the locked rows: their «minutes signed» is the one a signing committed last.
    rows = [_build_assignment(locked[item.resolution.pk], *item[1:]) for item in wanted]
    have = set(
        Assignment.objects.filter(resolution__in={item.resolution.pk for item in wanted}).values_list(
            "resolution_id", "agency_id"
        )
    )
    new: list[Assignment] = []
    for row in rows:
        if (row.resolution_id, row.agency_id) in have:
            continue
        have.add((row.resolution_id, row.agency_id))
        new.append(row)
    created = Assignment.objects.bulk_create(new)
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_CREATED):
        log_created(created)
    # A draft's assignments are announced when its minutes are signed (meetings.services).
    signals.send_on_commit(
        signals.assignments_created, actor=actor, ids=(a.pk for a in created if a.minutes_signed)
    )
    refresh_resolution_statuses({item.resolution.pk: item.resolution for item in wanted}.values())
    return created


HAS_REPORTS = "این دستگاه برای این مصوبه گزارش فرستاده است و نمی‌توان تکلیفش را حذف کرد."


def unassign_resolution(*, actor: Actor, assignment: Assignment) -> None:
    """Take an agency off a resolution, unless it has reported on it."""
    unassign_resolutions(actor=actor, assignments=[assignment])


@transaction.atomic
def unassign_resolutions(*, actor: Actor, assignments: Sequence[Assignment]) -> None:
    """Take agencies off resolutions: refused as a whole if any of them has reports.

    The rows are locked before they are checked (resolutions, then the assignments, then their
    reports), so a report being submitted meanwhile either is in and refuses the deletion, or
    waits and finds its assignment gone; it is never deleted along with it. One DELETE
    (auditlog still records each row) and one roll-up pass.
    """
    if not assignments:
        return
    for resolution in {a.resolution_id: a.resolution for a in assignments}.values():
        require_follow_up(actor, resolution)
    resolutions = _lock_resolutions(a.resolution_id for a in assignments)
    pks = sorted({a.pk for a in assignments})
    # Fresh rows with their agency at hand: the history row of each deletion names it and its
    # resolution (object_repr), which would otherwise cost two SELECTs a row.
    rows = list(Assignment.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    if len(rows) != len(pks):
        raise ServiceError(GONE, code="gone")
    if list(ProgressReport.objects.select_for_update().filter(assignment_id__in=pks).values_list("pk")[:1]):
        raise ServiceError(HAS_REPORTS, code="has_reports")
    agencies = Agency.objects.in_bulk({row.agency_id for row in rows})
    for row in rows:
        row.agency, row.resolution = agencies[row.agency_id], resolutions[row.resolution_id]
    # The rows themselves are the origin the delete signals receive, as before (the stubs allow
    # one model or a queryset; Django passes the value through untouched).
    collector = Collector(using=router.db_for_write(Assignment), origin=rows)  # type: ignore[arg-type]
    collector.collect(rows)
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_REMOVED):
        collector.delete()
        refresh_resolution_statuses(resolutions.values(), also_agencies={row.agency_id for row in rows})


# --- Agencies on the edit page: one lead, never none ---------------------------------------------

NEEDS_AN_AGENCY = (
    "مصوبه دست‌کم یک دستگاه اقدام‌کننده لازم دارد؛ پیش از برداشتن این دستگاه، دستگاه دیگری را اضافه کنید."
)
NEEDS_A_LEAD = (
    "مصوبه باید یک مسئول اصلی داشته باشد؛ برای عوض کردن مسئول اصلی، دستگاه دیگری را مسئول اصلی کنید "
    "(این دستگاه خودبه‌خود همکار می‌شود)."
)


def _lock_with_assignments(resolution_id: int) -> tuple[Resolution, list[Assignment]]:
    """The resolution, then all its assignments by key: the one lock order, for the services
    that keep its lead rule (each looks at its sibling assignments)."""
    (resolution,) = _lock_resolutions([resolution_id]).values()
    rows = list(Assignment.objects.select_for_update().filter(resolution=resolution).order_by("pk"))
    for row in rows:
        row.resolution = resolution
    return resolution, rows


def _demote_other_leads(actor: Actor, rows: Iterable[Assignment], keep: int | None) -> list[Assignment]:
    """Make every lead but ``keep`` a partner: a resolution has one lead (changing it demotes
    the old one)."""
    demoted = [row for row in rows if row.role == AssignmentRole.LEAD and row.pk != keep]
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_ROLE_CHANGED):
        for row in demoted:
            row.role = AssignmentRole.PARTNER
            save_new_version(row, ["role", "updated_at"])
    return demoted


@transaction.atomic
def add_agency(
    *,
    actor: Actor,
    resolution: Resolution,
    agency: Agency,
    role: str | None = None,
    due_date: datetime.date | None = None,
) -> Assignment:
    """Give ``agency`` an assignment on ``resolution`` from its page.

    The first agency is the lead whatever was asked (a resolution with agencies has a lead);
    later ones are partners unless ``role`` says lead, and then the old lead becomes a partner.
    """
    require_follow_up(actor, resolution)
    if role is not None and role not in AssignmentRole.values:
        raise ServiceError("نقش دستگاه باید «مسئول اصلی» یا «همکار» باشد.", code="role")
    locked, rows = _lock_with_assignments(resolution.pk)
    if any(row.agency_id == agency.pk for row in rows):
        raise ServiceError(f"«{agency}» پیش‌تر اقدام‌کننده این مصوبه است.", code="duplicate")
    if not rows:
        role = AssignmentRole.LEAD
    elif role is None:
        role = AssignmentRole.PARTNER
    assignment = _build_assignment(locked, agency, role, due_date)
    if role == AssignmentRole.LEAD:
        _demote_other_leads(actor, rows, keep=None)
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_CREATED):
        assignment.save(force_insert=True)
        refresh_resolution_status(locked)
    return assignment


@transaction.atomic
def set_assignment_role(
    *, actor: Actor, assignment: Assignment, role: str, expected_version: int | None = None
) -> Assignment:
    """Make an agency the lead (the old lead becomes a partner) or a partner (refused for the
    only lead: choose the new lead instead, so the resolution is never without one)."""
    require_follow_up(actor, assignment.resolution)
    if role not in AssignmentRole.values:
        raise ServiceError("نقش دستگاه باید «مسئول اصلی» یا «همکار» باشد.", code="role")
    _locked, rows = _lock_with_assignments(assignment.resolution_id)
    row = next((r for r in rows if r.pk == assignment.pk), None)
    if row is None:
        raise ServiceError(GONE, code="gone")
    if expected_version is not None and row.version != expected_version:
        raise ConcurrentEditError()
    if row.role != role:
        if role == AssignmentRole.PARTNER and not any(
            r.role == AssignmentRole.LEAD for r in rows if r.pk != row.pk
        ):
            raise ServiceError(NEEDS_A_LEAD, code="lead_required")
        if role == AssignmentRole.LEAD:
            _demote_other_leads(actor, rows, keep=row.pk)
        with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_ROLE_CHANGED):
            row.role = role
            save_new_version(row, ["role", "updated_at"])
    _sync(assignment, row, ["role"])
    return row


@transaction.atomic
def remove_agency(*, actor: Actor, assignment: Assignment) -> Assignment | None:
    """Take an agency off a resolution from its page: refused for its last agency or one that
    reported. When the lead goes, the oldest remaining agency becomes the lead; it is returned
    (None when the lead did not change)."""
    require_follow_up(actor, assignment.resolution)
    _locked, rows = _lock_with_assignments(assignment.resolution_id)
    row = next((r for r in rows if r.pk == assignment.pk), None)
    if row is None:
        raise ServiceError(GONE, code="gone")
    if ProgressReport.objects.filter(assignment=row).exists():
        raise ServiceError(HAS_REPORTS, code="has_reports")
    others = [r for r in rows if r.pk != row.pk]
    if not others:
        raise ServiceError(NEEDS_AN_AGENCY, code="agency_required")
    promoted = None
    if row.role == AssignmentRole.LEAD and not any(r.role == AssignmentRole.LEAD for r in others):
        promoted = others[0]
    unassign_resolutions(actor=actor, assignments=[row])
    if promoted is not None:
        with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_ROLE_CHANGED):
            promoted.role = AssignmentRole.LEAD
            save_new_version(promoted, ["role", "updated_at"])
    return promoted


@transaction.atomic
def replace_agencies(
    *, actor: Actor, resolution: Resolution, agencies: Sequence[tuple[Agency, str]]
) -> list[Assignment]:
    """Make ``agencies`` (agency, role) the resolution's whole list of acting agencies, as the API's
    PATCH sends it: new ones are added, roles changed, missing ones taken off — each through the
    same step the resolution page uses, in one transaction, so a refusal (an agency that already
    reported cannot be taken off) leaves the list as it was.

    Exactly one lead: when none is named the first agency is the lead; two leads are refused.
    """
    require_follow_up(actor, resolution)
    if not agencies:
        raise ServiceError(NEEDS_AN_AGENCY, code="agency_required")
    if len({agency.pk for agency, _ in agencies}) != len(agencies):
        raise ServiceError("هر دستگاه را یک بار در فهرست بیاورید.", code="duplicate")
    if any(role not in AssignmentRole.values for _, role in agencies):
        raise ServiceError("نقش دستگاه باید «مسئول اصلی» یا «همکار» باشد.", code="role")
    leads = [agency for agency, role in agencies if role == AssignmentRole.LEAD]
    if len(leads) > 1:
        raise ServiceError("مصوبه فقط یک مسئول اصلی دارد؛ یکی از دستگاه‌ها را همکار کنید.", code="lead")
    wanted = {agency.pk: role for agency, role in agencies}
    lead_id = leads[0].pk if leads else agencies[0][0].pk
    wanted[lead_id] = AssignmentRole.LEAD
    _locked, rows = _lock_with_assignments(resolution.pk)
    current = {row.agency_id: row for row in rows}
    # Add first (the new lead among them), then set roles, then take off: the resolution is never
    # without an agency or a lead on the way.
    for agency, _role in agencies:
        if agency.pk not in current:
            current[agency.pk] = add_agency(
                actor=actor, resolution=resolution, agency=agency, role=wanted[agency.pk]
            )
    for agency_id, role in wanted.items():
        if role == AssignmentRole.LEAD and current[agency_id].role != role:
            current[agency_id] = set_assignment_role(actor=actor, assignment=current[agency_id], role=role)
    for agency_id, row in list(current.items()):
        if agency_id not in wanted:
            remove_agency(actor=actor, assignment=row)
            del current[agency_id]
    return list(
        Assignment.objects.filter(resolution=resolution).select_related("agency").order_by("role", "pk")
    )


# --- Editing and deleting resolutions -------------------------------------------------------------


@dataclass(frozen=True)
class PlannedDeadline:
    """A deadline checked and computed: what :func:`update_resolution` stores."""

    raw: str
    kind: str
    due_date: datetime.date | None
    #: The parser's notes (a date before the meeting, a year assumed), shown beside the field.
    warnings: tuple[str, ...] = ()


def check_deadline(
    raw: str,
    *,
    meeting_date: datetime.date,
    body_id: int,
    asap_days: int,
    report_period_days: int = 30,
) -> PlannedDeadline:
    """Check a typed deadline against its meeting (``persian.validate_deadline``, the check
    every path shares) and compute its due date as the importer would; ServiceError
    (code «deadline») with the Persian reason for an impossible or unreadable date."""
    try:
        parsed = validate_deadline(raw, meeting_date, calendar=working_calendar())
    except DeadlineError as exc:
        raise ServiceError(exc.message, code="deadline") from None
    parsed_due = parsed.due_date
    if str(parsed.kind) == DeadlineKind.NEXT_MEETING and parsed_due is None:
        # «تا جلسه آینده»: the body's next recorded meeting, or none yet (set when it is).
        parsed_due = (
            Meeting.objects.filter(body_id=body_id, date__gt=meeting_date)
            .order_by("date")
            .values_list("date", flat=True)
            .first()
        )
    due = resolve_due_date(
        kind=str(parsed.kind),
        parsed_due=parsed_due,
        meeting_date=meeting_date,
        asap_days=asap_days,
        report_period_days=report_period_days,
    )
    return PlannedDeadline(clean_input(parsed.raw), str(parsed.kind), due, parsed.warnings)


def check_resolution_deadline(resolution: Resolution, raw: str) -> PlannedDeadline:
    """:func:`check_deadline` for an existing resolution (the edit page's preview)."""
    return check_deadline(
        raw,
        meeting_date=resolution.meeting_date,
        body_id=resolution.body_id,
        asap_days=resolution.province.asap_days,
        report_period_days=resolution.report_period_days,
    )


RESOLUTION_EDITABLE_FIELDS = (
    "text",
    "assignees_raw",
    "deadline_raw",
    "deadline_kind",
    "due_date",
    "vote",
    "axis",
    "target_quantity",
    "target_unit",
    "report_period_days",
    "follow_up_owner",
)


@transaction.atomic
def update_resolution(
    *,
    actor: Actor,
    resolution: Resolution,
    expected_version: int | None,
    cascade_due_date: bool = False,
    neighbourhoods: Iterable[Any] | None = None,
    deadline: str | None = None,
    **changes: Any,
) -> Resolution:
    """Change editable fields; with ``cascade_due_date`` a new due date also moves the due date of
    every assignment that still had the resolution's old one (an extended assignment keeps its own).

    ``deadline``: the deadline as the secretariat typed it (a phrase or a Jalali date); it is
    checked like every other path that takes one (:func:`check_deadline`), and sets the raw
    text, the kind and the computed due date, cascading that due date to the assignments.
    """
    require_follow_up(actor, resolution)
    unknown = set(changes) - set(RESOLUTION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = lock_for_update(resolution, expected_version=expected_version)
    deadline_changed = False
    if deadline is not None and clean_input(deadline) != locked.deadline_raw:
        # An untouched deadline field is left alone: re-reading the same words later (another
        # «هفته جاری» rule, an «اسرع وقت» setting changed since) must not move a due date silently.
        planned = check_deadline(
            deadline,
            meeting_date=locked.meeting_date,
            body_id=locked.body_id,
            asap_days=locked.province.asap_days,
            report_period_days=int(changes.get("report_period_days") or locked.report_period_days),
        )
        changes.update(deadline_raw=planned.raw, deadline_kind=planned.kind, due_date=planned.due_date)
        cascade_due_date = deadline_changed = True
    old_due = locked.due_date
    if "target_quantity" in changes or "target_unit" in changes:
        _check_target(
            changes.get("target_quantity", locked.target_quantity),
            changes.get("target_unit", locked.target_unit),
        )
    if "report_period_days" in changes and not 1 <= int(changes["report_period_days"] or 0) <= 366:
        raise ServiceError("دوره گزارش باید بین ۱ تا ۳۶۶ روز باشد.", code="report_period")
    fields = []
    for name, value in changes.items():
        if isinstance(value, str) and name in ("text", "assignees_raw", "deadline_raw", "vote"):
            value = clean_input(value)
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            fields.append(name)
    if "text" in fields:
        if not locked.text:
            raise ServiceError("متن مصوبه نمی‌تواند خالی باشد.", code="text_required")
        locked.text_key = match_key(locked.text)
        fields.append("text_key")
    if fields:
        event = ResolutionEvent.DEADLINE_CHANGED if deadline_changed else ResolutionEvent.RESOLUTION_UPDATED
        with acting_as(actor, event=event):
            save_new_version(locked, [*fields, "updated_at"])
            if "deadline_kind" in fields:
                # Derived copy (see Assignment.continuous): not a change anybody made, so no history.
                locked.assignments.update(continuous=locked.deadline_kind == DeadlineKind.CONTINUOUS)
            if cascade_due_date and "due_date" in fields:
                same_due = {"due_date": old_due} if old_due else {"due_date__isnull": True}
                for assignment in locked.assignments.filter(**same_due).order_by("pk").select_for_update():
                    assignment.due_date = locked.due_date
                    save_new_version(assignment, ["due_date", "updated_at"])
            if "deadline_kind" in fields or (cascade_due_date and "due_date" in fields):
                refresh_resolution_status(locked)
    if neighbourhoods is not None:
        _set_neighbourhoods(actor, locked, list(neighbourhoods), version_bumped=bool(fields))
    return locked


@transaction.atomic
def close_resolution(
    *, actor: Actor, resolution: Resolution, reason: str, expected_version: int | None = None
) -> Resolution:
    """The secretariat closes a resolution with a reason, whatever its assignments say: it is
    «done», nothing of it is due or overdue, and its agencies are asked for nothing more."""
    return _set_closed(actor, resolution, close=True, reason=reason, expected_version=expected_version)


@transaction.atomic
def reopen_resolution(
    *, actor: Actor, resolution: Resolution, reason: str, expected_version: int | None = None
) -> Resolution:
    """The secretariat reopens a resolution it closed, with a reason: its assignments are as
    they were before the closure (their statuses and due dates were kept)."""
    return _set_closed(actor, resolution, close=False, reason=reason, expected_version=expected_version)


def _set_closed(
    actor: Actor, resolution: Resolution, *, close: bool, reason: str, expected_version: int | None
) -> Resolution:
    require_follow_up(actor, resolution)
    reason = clean_input(reason or "")
    (locked,) = _lock_resolutions([resolution.pk]).values()
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    workflow.check_closure(closed=locked.closed_at is not None, close=close, reason=reason)
    list(Assignment.objects.select_for_update().filter(resolution=locked).order_by("pk").values_list("pk"))
    locked.closed_at = timezone.now() if close else None
    locked.closed_by = cast("User", actor) if close and getattr(actor, "pk", None) else None
    locked.closure_reason = reason
    event = ResolutionEvent.RESOLUTION_CLOSED if close else ResolutionEvent.RESOLUTION_REOPENED
    with acting_as(actor, event=event):
        save_new_version(locked, ["closed_at", "closed_by", "closure_reason", "updated_at"])
        # Derived copy (see Assignment.resolution_closed): the closure itself is the history.
        locked.assignments.update(resolution_closed=close)
        refresh_resolution_status(locked)
    _sync(resolution, locked, ["closed_at", "closed_by", "closure_reason", "status", "open_due_date"])
    return locked


def _set_neighbourhoods(
    actor: Actor, resolution: Resolution, neighbourhoods: list[TargetNeighbourhood], *, version_bumped: bool
) -> None:
    wanted = {n.pk for n in neighbourhoods}
    if wanted == set(resolution.neighbourhoods.values_list("pk", flat=True)):
        return
    if any(n.county.province_id != resolution.province_id for n in neighbourhoods):
        raise ServiceError("محله‌های هدف باید از همان استان مصوبه باشند.", code="wrong_province")
    with acting_as(actor, event=ResolutionEvent.RESOLUTION_UPDATED):
        resolution.neighbourhoods.set(neighbourhoods)
        if not version_bumped:
            # A change of neighbourhoods alone is still a change the next editor must not overwrite.
            save_new_version(resolution, ["updated_at"])


def _check_target(quantity: Decimal | None, unit: str) -> None:
    if quantity is not None and quantity <= 0:
        raise ServiceError("هدف کمّی باید عددی بزرگ‌تر از صفر باشد.", code="target")
    if quantity is not None and not (unit or "").strip():
        raise ServiceError("برای هدف کمّی واحد را هم بنویسید (مثلاً «نفر» یا «خانه احسان»).", code="target")
    if quantity is None and (unit or "").strip():
        raise ServiceError("برای واحد «" + unit + "» مقدار هدف را هم بنویسید.", code="target")


@transaction.atomic
def delete_resolution(*, actor: Actor, resolution: Resolution) -> None:
    """Remove a resolution (e.g. dropped from a corrected minutes file) unless agencies reported on it.

    Locks the resolution, its assignments and their reports before checking, in the order every
    service uses, so a report submitted at the same moment is never deleted with it.
    """
    require_follow_up(actor, resolution)
    (locked,) = _lock_resolutions([resolution.pk]).values()
    list(Assignment.objects.select_for_update().filter(resolution=locked).order_by("pk").values_list("pk"))
    if list(
        ProgressReport.objects.select_for_update().filter(assignment__resolution=locked).values_list("pk")[:1]
    ):
        raise ServiceError(
            f"برای مصوبه {to_persian_digits(str(resolution.number))} گزارش اقدام ثبت شده است و نمی‌توان آن را حذف کرد.",
            code="has_reports",
        )
    agencies = list(Assignment.objects.filter(resolution=locked).values_list("agency_id", flat=True))
    with acting_as(actor, event=ResolutionEvent.RESOLUTION_DELETED):
        resolution.delete()
    tallies.refresh_agencies(agencies)


# --- The follow-up workflow -----------------------------------------------------------------------


def _sync(stale: Any, fresh: Any, fields: Iterable[str]) -> None:
    """Copy what a service saved on the locked copy back onto the caller's instance."""
    for name in (*fields, "version"):
        setattr(stale, name, getattr(fresh, name))


def _decimal(value: Any, *, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ServiceError(f"{label} باید عدد باشد.", code="quantity") from None
    if not number.is_finite() or number < 0:
        raise ServiceError(f"{label} نمی‌تواند منفی باشد.", code="quantity")
    return number


@transaction.atomic
def start_assignment(
    *, actor: User, assignment: Assignment, expected_version: int | None = None
) -> Assignment:
    """The agency says it has started work (new → in_progress, or returned → in_progress)."""
    require_agency_actor(actor, assignment)
    locked = _lock_assignment(assignment, expected_version=expected_version)
    fields = workflow.apply_start(locked)
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_STARTED):
        save_new_version(locked, [*fields, "updated_at"])
        refresh_resolution_status(locked.resolution)
    _sync(assignment, locked, fields)
    return locked


@transaction.atomic
def submit_progress_report(
    *,
    actor: User,
    assignment: Assignment,
    text: str,
    achieved_quantity: Decimal | None = None,
    files: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> ProgressReport:
    """The agency reports what it did (with attachments); the assignment waits for review."""
    require_agency_actor(actor, assignment)
    text = clean_input(text or "")
    if not text:
        raise ServiceError("شرح اقدامات را بنویسید؛ گزارش بدون متن فرستاده نمی‌شود.", code="text_required")
    quantity = _decimal(achieved_quantity, label="مقدار انجام‌شده")
    files = list(files)
    if len(files) > MAX_ATTACHMENTS_PER_REPORT:
        raise ServiceError(
            f"هر گزارش حداکثر {to_persian_digits(str(MAX_ATTACHMENTS_PER_REPORT))} پیوست می‌تواند داشته باشد؛ "
            "فایل‌ها را کمتر کنید یا آن‌ها را در یک فایل PDF یکجا کنید.",
            code="too_many_files",
        )
    # Validate every file before touching the database, so one bad file refuses the whole report.
    content_types = [validate_attachment(f) for f in files]
    locked = _lock_assignment(assignment, expected_version=expected_version)
    now = timezone.now()
    fields = workflow.apply_report(locked, at=now)
    with acting_as(actor, event=ResolutionEvent.REPORT_SUBMITTED):
        report = ProgressReport.objects.create(
            assignment=locked, author=actor, text=text, achieved_quantity=quantity, submitted_at=now
        )
        for uploaded, content_type in zip(files, content_types, strict=True):
            original = PurePath(uploaded.name or "").name[:255]
            attachment = ReportAttachment(
                report=report,
                original_name=original,
                content_type=content_type,
                # Django's upload handlers always set it; the stubs allow None for any File.
                size=cast("int", uploaded.size),
                sha256=sha256_of(uploaded),
            )
            attachment.file.save(original, uploaded, save=False)
            attachment.save()
        save_new_version(locked, [*fields, "updated_at"])
        refresh_resolution_status(locked.resolution)
    _sync(assignment, locked, fields)
    signals.send_on_commit(signals.report_submitted, actor=actor, ids=[report.pk])
    return report


@transaction.atomic
def review_progress_report(
    *,
    actor: User,
    report: ProgressReport,
    decision: str,
    comment: str = "",
    expected_version: int | None = None,
) -> ProgressReport:
    """The secretariat decides on a report (``workflow.REVIEW_DECISIONS``): accepts it as
    progress (the assignment stays open; a continuous one moves to its next period), accepts it
    and closes the assignment (never a continuous one), or returns it with a reason."""
    require_reviewer(actor, report.assignment.resolution)
    comment = clean_input(comment or "")
    workflow.check_review_decision(decision, comment)
    # Lock order everywhere: resolution, assignment, then report/extension; no two writers deadlock.
    assignment = _lock_assignment(report.assignment, expected_version=None)
    locked = lock_for_update(report, expected_version=expected_version)
    now = timezone.now()
    review_status, fields = workflow.apply_review(assignment, locked, decision=decision, at=now)
    event = (
        ResolutionEvent.REPORT_ACCEPTED
        if review_status == ReviewStatus.ACCEPTED
        else ResolutionEvent.REPORT_ACCEPTED_AS_PROGRESS
        if review_status == ReviewStatus.PROGRESS
        else ResolutionEvent.REPORT_RETURNED
    )
    with acting_as(actor, event=event):
        locked.review_status = review_status
        locked.reviewed_by = actor
        locked.reviewed_at = now
        locked.review_comment = comment
        save_new_version(locked, ["review_status", "reviewed_by", "reviewed_at", "review_comment"])
        save_new_version(assignment, [*fields, "updated_at"])
        refresh_resolution_status(assignment.resolution)
    _sync(report, locked, ["review_status", "reviewed_by", "reviewed_at", "review_comment"])
    _sync(report.assignment, assignment, fields)
    signals.send_on_commit(signals.report_reviewed, actor=actor, ids=[locked.pk])
    return locked


def _lock_own_pending_report(
    actor: User, report: ProgressReport, expected_version: int | None
) -> tuple[Assignment, ProgressReport]:
    """Check the actor acts for the report's agency; lock resolution, assignment, report (the
    one order); refuse unless the report still waits for its review."""
    require_agency_actor(actor, report.assignment)
    assignment = _lock_assignment(report.assignment, expected_version=None)
    try:
        locked = lock_for_update(report, expected_version=expected_version)
    except ProgressReport.DoesNotExist:
        raise ServiceError(GONE, code="gone") from None
    workflow.check_pending(locked)
    return assignment, locked


@transaction.atomic
def edit_progress_report(
    *,
    actor: User,
    report: ProgressReport,
    text: str,
    achieved_quantity: Decimal | None = None,
    expected_version: int | None = None,
) -> ProgressReport:
    """The agency corrects its report's text and achieved quantity while it waits for review
    (attachments stay as sent; withdraw and send again to change them)."""
    text = clean_input(text or "")
    if not text:
        raise ServiceError("شرح اقدامات را بنویسید؛ گزارش بدون متن فرستاده نمی‌شود.", code="text_required")
    quantity = _decimal(achieved_quantity, label="مقدار انجام‌شده")
    _assignment, locked = _lock_own_pending_report(actor, report, expected_version)
    fields = [
        name
        for name, value in (("text", text), ("achieved_quantity", quantity))
        if getattr(locked, name) != value
    ]
    if fields:
        locked.text, locked.achieved_quantity = text, quantity
        with acting_as(actor, event=ResolutionEvent.REPORT_EDITED):
            save_new_version(locked, fields)
    _sync(report, locked, ["text", "achieved_quantity"])
    return locked


@transaction.atomic
def withdraw_progress_report(
    *, actor: User, report: ProgressReport, expected_version: int | None = None
) -> ProgressReport:
    """The agency takes back its report before the review: the report is kept as «withdrawn»
    and the assignment is back where it was before it (so the agency may report again)."""
    assignment, locked = _lock_own_pending_report(actor, report, expected_version)
    previous = (
        assignment.reports.exclude(pk=locked.pk)
        .exclude(review_status=ReviewStatus.WITHDRAWN)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    fields = workflow.apply_withdraw(assignment, locked, previous_report_at=previous)
    with acting_as(actor, event=ResolutionEvent.REPORT_WITHDRAWN):
        locked.review_status = ReviewStatus.WITHDRAWN
        save_new_version(locked, ["review_status"])
        save_new_version(assignment, [*fields, "updated_at"])
        refresh_resolution_status(assignment.resolution)
    _sync(report, locked, ["review_status"])
    _sync(report.assignment, assignment, fields)
    return locked


@transaction.atomic
def request_deadline_extension(
    *, actor: User, assignment: Assignment, requested_due_date: datetime.date, reason: str
) -> DeadlineExtension:
    """The agency asks for a later due date, with a reason; the secretariat decides."""
    require_agency_actor(actor, assignment)
    reason = clean_input(reason or "")
    if not reason:
        raise ServiceError("دلیل درخواست تمدید را بنویسید.", code="reason_required")
    if requested_due_date is None:
        raise ServiceError("سررسید درخواستی را وارد کنید.", code="date_required")
    locked = _lock_assignment(assignment, expected_version=None)
    workflow.check_extension_request(locked, requested_due_date, today=timezone.localdate())
    if locked.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ServiceError(
            "برای این تکلیف یک درخواست تمدید در انتظار تصمیم دبیرخانه است؛ "
            "تا تصمیم دبیرخانه درخواست تازه نفرستید.",
            code="pending_extension",
        )
    with acting_as(actor, event=ResolutionEvent.EXTENSION_REQUESTED):
        return DeadlineExtension.objects.create(
            assignment=locked,
            requested_by=actor,
            reason=reason,
            previous_due_date=locked.due_date,
            requested_due_date=requested_due_date,
        )


@transaction.atomic
def decide_deadline_extension(
    *,
    actor: User,
    extension: DeadlineExtension,
    approve: bool,
    comment: str = "",
    expected_version: int | None = None,
) -> DeadlineExtension:
    """The secretariat approves (the assignment's due date moves) or refuses an extension request;
    the request, the old and the new due date stay in the history."""
    require_reviewer(actor, extension.assignment.resolution)
    assignment = _lock_assignment(extension.assignment, expected_version=None)
    locked = lock_for_update(extension, expected_version=expected_version)
    workflow.check_extension_pending(locked)
    now = timezone.now()
    with acting_as(
        actor, event=ResolutionEvent.EXTENSION_APPROVED if approve else ResolutionEvent.EXTENSION_REFUSED
    ):
        locked.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        locked.decided_by = actor
        locked.decided_at = now
        locked.decision_comment = clean_input(comment or "")
        fields = ["status", "decided_by", "decided_at", "decision_comment"]
        if approve:
            locked.previous_due_date = assignment.due_date
            fields.append("previous_due_date")
        save_new_version(locked, fields)
        if approve:
            moved = workflow.apply_extension(assignment, locked)
            save_new_version(assignment, [*moved, "updated_at"])
            refresh_resolution_status(assignment.resolution)
    _sync(extension, locked, fields)
    if approve:
        _sync(extension.assignment, assignment, moved)
    signals.send_on_commit(signals.extension_decided, actor=actor, ids=[locked.pk])
    return locked


@transaction.atomic
def set_resolution_target(
    *,
    actor: Actor,
    resolution: Resolution,
    quantity: Decimal | None,
    unit: str = "",
    expected_version: int | None = None,
) -> Resolution:
    """Set (or with ``quantity=None`` clear) the resolution's quantified target."""
    require_follow_up(actor, resolution)
    quantity = _decimal(quantity, label="هدف کمّی")
    return update_resolution(
        actor=actor,
        resolution=resolution,
        expected_version=expected_version,
        target_quantity=quantity,
        target_unit=clean_input(unit or "") if quantity is not None else "",
    )


def propose_resolution_target(resolution: Resolution) -> tuple[Decimal, str] | None:
    """What :func:`targets.propose_target` reads in the resolution's text (for the edit form)."""
    return propose_target(resolution.text)
