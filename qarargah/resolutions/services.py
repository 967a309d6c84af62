"""Writes to resolutions and assignments.

Creation services live here so that the minutes importer and the hand-entry form share them;
the follow-up workflow (start, reports, reviews, extensions, targets) builds on the same
helpers. Every workflow service checks who is acting (``permissions``), locks the rows it
changes, compares the version the user saw (optimistic locking) and records the business event
in the history in the same transaction.

The assignment state machine::

    new ─► in_progress ─► reported ─► accepted
     └──────────────────►    │  ▲        │ (continuous: the next period's report)
                             ▼  │        ▼
                          returned ─► in_progress
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import router, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.deletion import Collector
from django.utils import timezone

from qarargah.core.errors import ServiceError
from qarargah.core.locking import lock_for_update, save_new_version
from qarargah.history.registry import acting_as, log_created
from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Agency
from qarargah.persian import format_jalali, match_key, normalise, to_persian_digits, week_end_friday

from .attachments import MAX_ATTACHMENTS_PER_REPORT, sha256_of, validate_attachment
from .events import ResolutionEvent
from .models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
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
from .permissions import require_agency_actor, require_follow_up
from .targets import propose_target


def resolve_due_date(
    *,
    kind: str,
    parsed_due: datetime.date | None,
    meeting_date: datetime.date,
    asap_days: int,
    report_period_days: int = 30,
) -> datetime.date | None:
    """The due date an assignment gets from its resolution's deadline.

    Relative, dated and this-week deadlines come computed from the parser; «اسرع وقت» gets the
    province's ASAP window; «مستمر» expects its first periodic report one period after the meeting.
    """
    if kind == DeadlineKind.THIS_WEEK:
        # «هفته جاری»: the Friday that ends the meeting's (Saturday–Friday) week.
        return parsed_due or week_end_friday(meeting_date)
    if kind in (DeadlineKind.RELATIVE, DeadlineKind.DATE):
        return parsed_due
    if kind == DeadlineKind.ASAP:
        return meeting_date + datetime.timedelta(days=asap_days)
    if kind == DeadlineKind.CONTINUOUS:
        return meeting_date + datetime.timedelta(days=report_period_days)
    return None


def rollup_status(statuses: Iterable[str]) -> str:
    """A resolution's status from its assignments' statuses."""
    statuses = list(statuses)
    if not statuses:
        return ResolutionStatus.OPEN
    if all(s == AssignmentStatus.ACCEPTED for s in statuses):
        return ResolutionStatus.DONE
    if any(s == AssignmentStatus.REPORTED for s in statuses):
        return ResolutionStatus.AWAITING_REVIEW
    if any(s != AssignmentStatus.NEW for s in statuses):
        return ResolutionStatus.IN_PROGRESS
    return ResolutionStatus.OPEN


def open_due_date_of(rows: Iterable[tuple[str, bool, datetime.date | None]]) -> datetime.date | None:
    """The earliest due date among open assignments, from (status, continuous, due_date) rows:
    the resolution is overdue when it is before today (as ``Assignment.objects.overdue``)."""
    dues = [
        due
        for status, continuous, due in rows
        if due is not None and (status != AssignmentStatus.ACCEPTED or continuous)
    ]
    return min(dues, default=None)


ROLLUP_COLUMNS = ("status", "continuous", "due_date")


def _store_rollup(resolution: Resolution, rows: list[tuple[str, bool, datetime.date | None]]) -> str:
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


def refresh_resolution_status(resolution: Resolution) -> str:
    """Recompute and store the roll-ups, status and nearest open due date (call inside the
    transaction that changed an assignment's status, due date or continuity)."""
    return _store_rollup(resolution, list(resolution.assignments.values_list(*ROLLUP_COLUMNS)))


@transaction.atomic
def create_resolution(
    *,
    actor: Any,
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
    text = normalise(text or "")
    if not text:
        raise ServiceError("متن مصوبه نمی‌تواند خالی باشد.", code="text_required")
    if number < 1:
        raise ServiceError("شماره مصوبه باید عددی مثبت باشد.", code="number")
    if Resolution.objects.filter(meeting=meeting, number=number).exists():
        raise ServiceError(f"مصوبه شماره {number} در این جلسه از قبل ثبت شده است.", code="duplicate")
    if target_quantity is None and not target_unit:
        proposed = propose_target(text)
        if proposed is not None:
            target_quantity, target_unit = proposed
    _check_target(target_quantity, target_unit)
    province = meeting.body.province
    due = resolve_due_date(
        kind=deadline_kind,
        parsed_due=parsed_due,
        meeting_date=meeting.date,
        asap_days=province.asap_days,
        report_period_days=report_period_days,
    )
    with acting_as(actor, event=ResolutionEvent.RESOLUTION_CREATED):
        resolution = Resolution.objects.create(
            meeting=meeting,
            **meeting_copies(meeting),
            number=number,
            text=text,
            text_key=match_key(text),
            assignees_raw=normalise(assignees_raw or ""),
            deadline_raw=normalise(deadline_raw or ""),
            deadline_kind=deadline_kind,
            due_date=due,
            axis=axis,
            target_quantity=target_quantity,
            target_unit=target_unit,
            report_period_days=report_period_days,
        )
        # A brand-new resolution has no assignments yet and new assignments leave its status
        # «open», so the per-call checks of assign_resolution (existing row, roll-up) are skipped:
        # the importer creates thousands of these and every query counts.
        seen: set[int] = set()
        for agency, role in agencies:
            if agency.pk in seen:
                continue
            seen.add(agency.pk)
            _check_agency_province(resolution, agency)
            with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_CREATED):
                Assignment.objects.create(
                    resolution=resolution,
                    agency=agency,
                    role=role,
                    due_date=due,
                    continuous=resolution.deadline_kind == DeadlineKind.CONTINUOUS,
                )
        if seen and due is not None:
            Resolution.objects.filter(pk=resolution.pk).update(open_due_date=due)
            resolution.open_due_date = due
    return resolution


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


def create_resolutions(
    *,
    actor: Any,
    meeting: Meeting,
    items: Sequence[NewResolution],
    taken_numbers: Iterable[int] | None = None,
) -> list[Resolution]:
    """:func:`create_resolution` for many resolutions of one meeting (the minutes importer).

    The same checks in the same order (the first failing item raises the same error), the same
    values and the same history rows, but written with one SELECT and a few INSERTs whatever the
    number of resolutions: rows with ``bulk_create`` and their history with
    :func:`qarargah.history.registry.log_created`. New assignments leave a new resolution «open»,
    so no roll-up is needed. ``taken_numbers``: the numbers the meeting's resolutions already
    use, when the caller has just read them (or created the meeting), to save the SELECT.
    """
    if not items:
        return []
    if taken_numbers is None:
        numbers = [item.number for item in items if item.number >= 1]
        taken_numbers = Resolution.objects.filter(meeting=meeting, number__in=numbers).values_list(
            "number", flat=True
        )
    taken = set(taken_numbers)
    province = meeting.body.province
    copies = meeting_copies(meeting)
    rows: list[Resolution] = []
    assignments: list[Assignment] = []
    for item in items:
        text = normalise(item.text or "")
        if not text:
            raise ServiceError("متن مصوبه نمی‌تواند خالی باشد.", code="text_required")
        if item.number < 1:
            raise ServiceError("شماره مصوبه باید عددی مثبت باشد.", code="number")
        if item.number in taken:
            raise ServiceError(f"مصوبه شماره {item.number} در این جلسه از قبل ثبت شده است.", code="duplicate")
        taken.add(item.number)
        target_quantity, target_unit = item.target_quantity, item.target_unit
        if target_quantity is None and not target_unit:
            proposed = propose_target(text)
            if proposed is not None:
                target_quantity, target_unit = proposed
        _check_target(target_quantity, target_unit)
        rows.append(
            Resolution(
                meeting=meeting,
                **copies,
                number=item.number,
                text=text,
                text_key=match_key(text),
                assignees_raw=normalise(item.assignees_raw or ""),
                deadline_raw=normalise(item.deadline_raw or ""),
                deadline_kind=item.deadline_kind,
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
        )
        resolution = rows[-1]
        seen: set[int] = set()
        for agency, role in item.agencies:
            if agency.pk in seen:
                continue
            seen.add(agency.pk)
            _check_agency_province(resolution, agency)
            assignments.append(
                Assignment(
                    resolution=resolution,
                    agency=agency,
                    role=role,
                    due_date=resolution.due_date,
                    continuous=resolution.deadline_kind == DeadlineKind.CONTINUOUS,
                )
            )
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
    return created


def refresh_resolution_statuses(resolutions: Iterable[Resolution]) -> None:
    """:func:`refresh_resolution_status` for many resolutions: one SELECT for all of them."""
    by_pk = {r.pk: r for r in resolutions}
    if not by_pk:
        return
    rows: dict[int, list[tuple[str, bool, datetime.date | None]]] = {pk: [] for pk in by_pk}
    for resolution_id, *row in Assignment.objects.filter(resolution_id__in=by_pk).values_list(
        "resolution_id", *ROLLUP_COLUMNS
    ):
        rows[resolution_id].append(tuple(row))  # type: ignore[arg-type]
    for pk, resolution in by_pk.items():
        _store_rollup(resolution, rows[pk])


@transaction.atomic
def assign_resolutions(*, actor: Any, items: Sequence[tuple[Resolution, Agency, str]]) -> list[Assignment]:
    """:func:`assign_resolution` for many (resolution, agency, role) at once (a corrected minutes
    file): the same checks, rows and history, with one SELECT, one INSERT for the rows and one
    for their history, and one roll-up pass. An agency already assigned is left as it is."""
    if not items:
        return []
    for resolution, agency, _role in items:
        _check_agency_province(resolution, agency)
    have = set(
        Assignment.objects.filter(resolution__in={r.pk for r, _a, _r in items}).values_list(
            "resolution_id", "agency_id"
        )
    )
    rows: list[Assignment] = []
    for resolution, agency, role in items:
        if (resolution.pk, agency.pk) in have:
            continue
        have.add((resolution.pk, agency.pk))
        rows.append(
            Assignment(
                resolution=resolution,
                agency=agency,
                role=role,
                due_date=resolution.due_date,
                continuous=resolution.deadline_kind == DeadlineKind.CONTINUOUS,
            )
        )
    created = Assignment.objects.bulk_create(rows)
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_CREATED):
        log_created(created)
    refresh_resolution_statuses({r.pk: r for r, _a, _r in items}.values())
    return created


@transaction.atomic
def unassign_resolutions(*, actor: Any, assignments: Sequence[Assignment]) -> None:
    """:func:`unassign_resolution` for many assignments: refused as a whole if any has reports;
    one DELETE (auditlog still records each row) and one roll-up pass."""
    if not assignments:
        return
    pks = [a.pk for a in assignments]
    if ProgressReport.objects.filter(assignment_id__in=pks).exists():
        raise ServiceError(
            "این دستگاه برای این مصوبه گزارش فرستاده است و نمی‌توان تکلیفش را حذف کرد.", code="has_reports"
        )
    # Fresh rows with their agency and resolution at hand: the history row of each deletion names
    # them (object_repr), which would otherwise cost two SELECTs a row.
    rows = list(Assignment.objects.filter(pk__in=pks).select_related("agency", "resolution"))
    collector = Collector(using=router.db_for_write(Assignment), origin=rows)
    collector.collect(rows)
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_REMOVED):
        collector.delete()
        refresh_resolution_statuses({a.resolution_id: a.resolution for a in rows}.values())


def _check_agency_province(resolution: Resolution, agency: Agency) -> None:
    # The resolution's own copy of its province (decision 0010): no meeting or body to load.
    if agency.province_id != resolution.province_id:
        raise ServiceError(
            f"«{agency}» از استان دیگری است و نمی‌تواند اقدام‌کننده این مصوبه باشد.", code="wrong_province"
        )


@transaction.atomic
def assign_resolution(
    *,
    actor: Any,
    resolution: Resolution,
    agency: Agency,
    role: str = AssignmentRole.LEAD,
    due_date: datetime.date | None = None,
) -> Assignment:
    """Give ``agency`` an assignment on ``resolution`` (idempotent for the same agency)."""
    _check_agency_province(resolution, agency)
    existing = resolution.assignments.filter(agency=agency).first()
    if existing is not None:
        return existing
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_CREATED):
        assignment = Assignment.objects.create(
            resolution=resolution,
            agency=agency,
            role=role,
            due_date=due_date if due_date is not None else resolution.due_date,
            continuous=resolution.deadline_kind == DeadlineKind.CONTINUOUS,
        )
        refresh_resolution_status(resolution)
    return assignment


@transaction.atomic
def unassign_resolution(*, actor: Any, assignment: Assignment) -> None:
    if assignment.reports.exists():
        raise ServiceError(
            "این دستگاه برای این مصوبه گزارش فرستاده است و نمی‌توان تکلیفش را حذف کرد.", code="has_reports"
        )
    resolution = assignment.resolution
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_REMOVED):
        assignment.delete()
        refresh_resolution_status(resolution)


RESOLUTION_EDITABLE_FIELDS = (
    "text",
    "assignees_raw",
    "deadline_raw",
    "deadline_kind",
    "due_date",
    "axis",
    "target_quantity",
    "target_unit",
    "report_period_days",
    "follow_up_owner",
)


@transaction.atomic
def update_resolution(
    *,
    actor: Any,
    resolution: Resolution,
    expected_version: int | None,
    cascade_due_date: bool = False,
    neighbourhoods: Iterable[Any] | None = None,
    **changes: Any,
) -> Resolution:
    """Change editable fields; with ``cascade_due_date`` a new due date also moves the due date of
    every assignment that still had the resolution's old one (an extended assignment keeps its own).
    """
    unknown = set(changes) - set(RESOLUTION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = lock_for_update(resolution, expected_version=expected_version)
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
        if isinstance(value, str) and name in ("text", "assignees_raw", "deadline_raw"):
            value = normalise(value)
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            fields.append(name)
    if "text" in fields:
        if not locked.text:
            raise ServiceError("متن مصوبه نمی‌تواند خالی باشد.", code="text_required")
        locked.text_key = match_key(locked.text)
        fields.append("text_key")
    if fields:
        with acting_as(actor, event=ResolutionEvent.RESOLUTION_UPDATED):
            save_new_version(locked, [*fields, "updated_at"])
            if "deadline_kind" in fields:
                # Derived copy (see Assignment.continuous): not a change anybody made, so no history.
                locked.assignments.update(continuous=locked.deadline_kind == DeadlineKind.CONTINUOUS)
            if cascade_due_date and "due_date" in fields:
                same_due = {"due_date": old_due} if old_due else {"due_date__isnull": True}
                for assignment in locked.assignments.filter(**same_due):
                    assignment.due_date = locked.due_date
                    save_new_version(assignment, ["due_date", "updated_at"])
            if "deadline_kind" in fields or (cascade_due_date and "due_date" in fields):
                refresh_resolution_status(locked)
    if neighbourhoods is not None:
        _set_neighbourhoods(actor, locked, list(neighbourhoods), version_bumped=bool(fields))
    return locked


def _set_neighbourhoods(
    actor: Any, resolution: Resolution, neighbourhoods: list[Any], *, version_bumped: bool
) -> None:
    wanted = {n.pk for n in neighbourhoods}
    if wanted == set(resolution.neighbourhoods.values_list("pk", flat=True)):
        return
    province_id = resolution.meeting.body.province_id
    if any(n.county.province_id != province_id for n in neighbourhoods):
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
def delete_resolution(*, actor: Any, resolution: Resolution) -> None:
    """Remove a resolution (e.g. dropped from a corrected minutes file) unless agencies reported on it."""
    if ProgressReport.objects.filter(assignment__resolution=resolution).exists():
        raise ServiceError(
            f"برای مصوبه {resolution.number} گزارش اقدام ثبت شده است و نمی‌توان آن را حذف کرد.",
            code="has_reports",
        )
    with acting_as(actor, event=ResolutionEvent.RESOLUTION_DELETED):
        resolution.delete()


# --- The follow-up workflow -----------------------------------------------------------------------

S = AssignmentStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.REPORTED}),
    S.IN_PROGRESS: frozenset({S.REPORTED}),
    S.REPORTED: frozenset({S.ACCEPTED, S.RETURNED}),
    S.RETURNED: frozenset({S.IN_PROGRESS, S.REPORTED}),
    S.ACCEPTED: frozenset(),
}
# Precise wording for the refusals people actually run into; anything else gets the generic one.
TRANSITION_MESSAGES: dict[tuple[str, str], str] = {
    (S.IN_PROGRESS, S.IN_PROGRESS): "اقدام این تکلیف پیش‌تر شروع شده و وضعیت آن «در حال اقدام» است.",
    (S.REPORTED, S.IN_PROGRESS): (
        "گزارش این تکلیف فرستاده شده و در انتظار بررسی دبیرخانه است؛ "
        "تا تصمیم دبیرخانه نمی‌توان آن را به «در حال اقدام» برگرداند."
    ),
    (
        S.ACCEPTED,
        S.IN_PROGRESS,
    ): "این تکلیف پذیرفته و بسته شده است و نمی‌توان آن را دوباره «در حال اقدام» کرد.",
    (S.REPORTED, S.REPORTED): (
        "گزارش قبلی این تکلیف هنوز در انتظار بررسی دبیرخانه است؛ "
        "پس از تصمیم دبیرخانه می‌توانید گزارش تازه بفرستید."
    ),
    (S.ACCEPTED, S.REPORTED): "این تکلیف پذیرفته و بسته شده است و گزارش تازه‌ای لازم ندارد.",
}


def allowed_transitions(assignment: Assignment) -> frozenset[str]:
    """Where ``assignment`` may go next; a continuous one accepted for a period may be reported again."""
    allowed = ALLOWED_TRANSITIONS[assignment.status]
    if assignment.status == S.ACCEPTED and assignment.is_continuous:
        allowed = allowed | {S.REPORTED}
    return allowed


def check_transition(assignment: Assignment, target: str) -> None:
    if target in allowed_transitions(assignment):
        return
    current = S(assignment.status)
    message = TRANSITION_MESSAGES.get((current, target))
    if message is None and target in (S.ACCEPTED, S.RETURNED):
        message = (
            "فقط تکلیفی که گزارشش در انتظار بررسی است پذیرفته یا برگشت داده می‌شود؛ "
            f"وضعیت این تکلیف «{current.label}» است."
        )
    if message is None:
        message = f"تغییر وضعیت تکلیف از «{current.label}» به «{S(target).label}» مجاز نیست."
    raise ServiceError(message, code="invalid_transition")


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
    *, actor: Any, assignment: Assignment, expected_version: int | None = None
) -> Assignment:
    """The agency says it has started work (new → in_progress, or returned → in_progress)."""
    require_agency_actor(actor, assignment)
    locked = lock_for_update(assignment, expected_version=expected_version)
    check_transition(locked, S.IN_PROGRESS)
    with acting_as(actor, event=ResolutionEvent.ASSIGNMENT_STARTED):
        locked.status = S.IN_PROGRESS
        save_new_version(locked, ["status", "updated_at"])
        refresh_resolution_status(locked.resolution)
    _sync(assignment, locked, ["status"])
    return locked


@transaction.atomic
def submit_progress_report(
    *,
    actor: Any,
    assignment: Assignment,
    text: str,
    achieved_quantity: Decimal | None = None,
    files: Sequence[UploadedFile] = (),
    expected_version: int | None = None,
) -> ProgressReport:
    """The agency reports what it did (with attachments); the assignment waits for review."""
    require_agency_actor(actor, assignment)
    text = normalise(text or "")
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
    locked = lock_for_update(assignment, expected_version=expected_version)
    check_transition(locked, S.REPORTED)
    now = timezone.now()
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
                size=uploaded.size,
                sha256=sha256_of(uploaded),
            )
            attachment.file.save(original, uploaded, save=False)
            attachment.save()
        locked.status = S.REPORTED
        locked.last_reported_at = now
        save_new_version(locked, ["status", "last_reported_at", "updated_at"])
        refresh_resolution_status(locked.resolution)
    _sync(assignment, locked, ["status", "last_reported_at"])
    return report


REVIEW_DECISIONS = ("accept", "return")


@transaction.atomic
def review_progress_report(
    *,
    actor: Any,
    report: ProgressReport,
    decision: str,
    comment: str = "",
    expected_version: int | None = None,
) -> ProgressReport:
    """The secretariat accepts a report (the assignment is done, or done for this period) or
    returns it with a comment (the agency works on and reports again)."""
    resolution = report.assignment.resolution
    require_follow_up(actor, resolution)
    if decision not in REVIEW_DECISIONS:
        raise ServiceError("تصمیم بررسی باید «پذیرش» یا «برگشت» باشد.", code="decision")
    comment = normalise(comment or "")
    if decision == "return" and not comment:
        raise ServiceError("برای برگرداندن گزارش، توضیح لازم است.", code="comment_required")
    # Lock order everywhere: assignment, then report/extension; two reviewers cannot deadlock.
    assignment = lock_for_update(report.assignment, expected_version=None)
    locked = lock_for_update(report, expected_version=expected_version)
    if locked.review_status != ReviewStatus.PENDING:
        raise ServiceError(
            f"این گزارش پیش‌تر بررسی شده و «{ReviewStatus(locked.review_status).label}» است.",
            code="invalid_transition",
        )
    target = S.ACCEPTED if decision == "accept" else S.RETURNED
    check_transition(assignment, target)
    now = timezone.now()
    event = ResolutionEvent.REPORT_ACCEPTED if decision == "accept" else ResolutionEvent.REPORT_RETURNED
    with acting_as(actor, event=event):
        locked.review_status = ReviewStatus.ACCEPTED if decision == "accept" else ReviewStatus.RETURNED
        locked.reviewed_by = actor
        locked.reviewed_at = now
        locked.review_comment = comment
        save_new_version(locked, ["review_status", "reviewed_by", "reviewed_at", "review_comment"])
        assignment.status = target
        fields = ["status", "updated_at"]
        if decision == "accept":
            due = assignment.due_date
            assignment.accepted_at = now
            assignment.reported_on_time = due is None or timezone.localdate(locked.submitted_at) <= due
            fields += ["accepted_at", "reported_on_time"]
            if assignment.is_continuous:
                # Accepted for this period; the next period's report falls due one period later.
                base = due or timezone.localdate(now)
                assignment.due_date = base + datetime.timedelta(days=resolution.report_period_days)
                fields.append("due_date")
        save_new_version(assignment, fields)
        refresh_resolution_status(assignment.resolution)
    _sync(report, locked, ["review_status", "reviewed_by", "reviewed_at", "review_comment"])
    _sync(report.assignment, assignment, [f for f in fields if f != "updated_at"])
    return locked


@transaction.atomic
def request_deadline_extension(
    *, actor: Any, assignment: Assignment, requested_due_date: datetime.date, reason: str
) -> DeadlineExtension:
    """The agency asks for a later due date, with a reason; the secretariat decides."""
    require_agency_actor(actor, assignment)
    reason = normalise(reason or "")
    if not reason:
        raise ServiceError("دلیل درخواست تمدید را بنویسید.", code="reason_required")
    if requested_due_date is None:
        raise ServiceError("سررسید درخواستی را وارد کنید.", code="date_required")
    locked = lock_for_update(assignment, expected_version=None)
    if locked.status == S.ACCEPTED and not locked.is_continuous:
        raise ServiceError(
            "این تکلیف پذیرفته و بسته شده است و تمدید مهلت لازم ندارد.", code="invalid_transition"
        )
    today = timezone.localdate()
    if requested_due_date <= today:
        raise ServiceError("سررسید درخواستی باید پس از امروز باشد.", code="date")
    if locked.due_date is not None and requested_due_date <= locked.due_date:
        raise ServiceError(
            f"سررسید درخواستی باید پس از سررسید فعلی ({format_jalali(locked.due_date)}) باشد.", code="date"
        )
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
    actor: Any,
    extension: DeadlineExtension,
    approve: bool,
    comment: str = "",
    expected_version: int | None = None,
) -> DeadlineExtension:
    """The secretariat approves (the assignment's due date moves) or refuses an extension request;
    the request, the old and the new due date stay in the history."""
    require_follow_up(actor, extension.assignment.resolution)
    assignment = lock_for_update(extension.assignment, expected_version=None)
    locked = lock_for_update(extension, expected_version=expected_version)
    if locked.status != ExtensionStatus.PENDING:
        raise ServiceError(
            f"درباره این درخواست تمدید پیش‌تر تصمیم گرفته شده است («{ExtensionStatus(locked.status).label}»).",
            code="invalid_transition",
        )
    now = timezone.now()
    with acting_as(
        actor, event=ResolutionEvent.EXTENSION_APPROVED if approve else ResolutionEvent.EXTENSION_REFUSED
    ):
        locked.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        locked.decided_by = actor
        locked.decided_at = now
        locked.decision_comment = normalise(comment or "")
        fields = ["status", "decided_by", "decided_at", "decision_comment"]
        if approve:
            locked.previous_due_date = assignment.due_date
            fields.append("previous_due_date")
        save_new_version(locked, fields)
        if approve:
            assignment.due_date = locked.requested_due_date
            save_new_version(assignment, ["due_date", "updated_at"])
            refresh_resolution_status(assignment.resolution)
    _sync(extension, locked, fields)
    if approve:
        _sync(extension.assignment, assignment, ["due_date"])
    return locked


@transaction.atomic
def set_resolution_target(
    *,
    actor: Any,
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
        target_unit=normalise(unit or "") if quantity is not None else "",
    )


def propose_resolution_target(resolution: Resolution) -> tuple[Decimal, str] | None:
    """What :func:`targets.propose_target` reads in the resolution's text (for the edit form)."""
    return propose_target(resolution.text)
