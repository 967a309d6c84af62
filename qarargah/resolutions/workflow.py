"""The follow-up state machine, in one place: which status may follow which, and what starting
work, a report, its acceptance or return, and an extension do to an assignment; and how a
resolution's status and nearest open due date follow from its assignments.

Pure rules over model instances: nothing here reads or writes the database. The services in
``services.py`` check who acts, lock the rows, call these functions and save what they changed
(each ``apply_*`` returns the names of the fields it set, for ``update_fields``)::

    new ─► in_progress ─► reported ─► accepted (accept_close; never a continuous one)
     └──────────────────►    │  │  ▲
                             │  │  └─ in_progress (accept_progress: recorded, still open;
                             │  │                  withdraw: the agency takes it back)
                             ▼  ▼
                       returned  (continuous, accept_progress: accepted for this period,
                                  the next report falls due one period later)

The secretariat's decisions on a report (``REVIEW_DECISIONS``): ``accept_progress`` records the
report as progress and leaves the assignment open, ``accept_close`` closes it, ``return`` sends
it back with a reason. ``accept`` is the older API's word, kept for its clients: it closes a
non-continuous assignment and accepts a continuous one's period (:func:`effective_decision`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from qarargah.core.errors import ServiceError
from qarargah.persian import format_jalali, week_end_friday

from .models import (
    Assignment,
    AssignmentStatus,
    DeadlineExtension,
    DeadlineKind,
    ExtensionStatus,
    ProgressReport,
    ResolutionStatus,
    ReviewStatus,
)

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

ACCEPT_PROGRESS = "accept_progress"
ACCEPT_CLOSE = "accept_close"
RETURN = "return"
ACCEPT_LEGACY = "accept"
REVIEW_DECISIONS = (ACCEPT_PROGRESS, ACCEPT_CLOSE, RETURN, ACCEPT_LEGACY)
CONTINUOUS_NEVER_CLOSED = "تکلیف «مستمر» با گزارش بسته نمی‌شود؛ گزارش این دوره را «به‌عنوان پیشرفت» بپذیرید."


# --- Assignments ----------------------------------------------------------------------------------


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


RESOLUTION_CLOSED = "این مصوبه را دبیرخانه بسته است و اقدام، گزارش یا تمدید تازه‌ای نمی‌پذیرد."


def check_resolution_open(assignment: Assignment) -> None:
    """The agency acts only on a resolution the secretariat has not closed."""
    if assignment.resolution_closed:
        raise ServiceError(RESOLUTION_CLOSED, code="resolution_closed")


def apply_start(assignment: Assignment) -> list[str]:
    """The agency has started work (new → in_progress, or returned → in_progress)."""
    check_resolution_open(assignment)
    check_transition(assignment, S.IN_PROGRESS)
    assignment.status = S.IN_PROGRESS
    return ["status"]


def apply_report(assignment: Assignment, *, at: datetime.datetime) -> list[str]:
    """A report was sent: the assignment waits for the secretariat's review."""
    check_resolution_open(assignment)
    check_transition(assignment, S.REPORTED)
    assignment.status = S.REPORTED
    assignment.last_reported_at = at
    return ["status", "last_reported_at"]


def check_review_decision(decision: str, comment: str) -> None:
    if decision not in REVIEW_DECISIONS:
        raise ServiceError(
            "تصمیم بررسی باید یکی از «پذیرش به‌عنوان پیشرفت»، «پذیرش و بستن» یا «برگشت» باشد.",
            code="decision",
        )
    if decision == RETURN and not comment:
        raise ServiceError("برای برگرداندن گزارش، توضیح لازم است.", code="comment_required")


def effective_decision(assignment: Assignment, decision: str) -> str:
    """The decision a report gets: ``accept`` (older clients) closes what may be closed."""
    if decision == ACCEPT_LEGACY:
        return ACCEPT_PROGRESS if assignment.is_continuous else ACCEPT_CLOSE
    return decision


def check_pending(report: ProgressReport) -> None:
    if report.review_status != ReviewStatus.PENDING:
        raise ServiceError(
            f"این گزارش پیش‌تر بررسی شده و «{ReviewStatus(report.review_status).label}» است.",
            code="invalid_transition",
        )


def apply_review(
    assignment: Assignment, report: ProgressReport, *, decision: str, at: datetime.datetime
) -> tuple[str, list[str]]:
    """Apply the secretariat's decision; returns the report's new review status and the
    assignment's changed fields.

    ``accept_close`` closes the assignment; ``accept_progress`` records the report and leaves
    the assignment open (in progress), or for a continuous one accepts this period: the next
    report falls due one period later. ``return`` sends the agency back to work. A continuous
    assignment is never closed by a report.
    """
    check_pending(report)
    decision = effective_decision(assignment, decision)
    # Only an assignment whose report waits may be reviewed (the same wording as before).
    check_transition(assignment, S.RETURNED if decision == RETURN else S.ACCEPTED)
    if decision == RETURN:
        assignment.status = S.RETURNED
        return ReviewStatus.RETURNED, ["status"]
    if decision == ACCEPT_CLOSE and assignment.is_continuous:
        raise ServiceError(CONTINUOUS_NEVER_CLOSED, code="continuous")
    due = assignment.due_date
    if decision == ACCEPT_PROGRESS and not assignment.is_continuous:
        # Progress on a one-off assignment: recorded, and the work goes on toward the same due
        # date; whether it was on time is decided by the report that closes it.
        assignment.status = S.IN_PROGRESS
        return ReviewStatus.PROGRESS, ["status"]
    assignment.reported_on_time = due is None or timezone.localdate(report.submitted_at) <= due
    fields = ["status", "reported_on_time"]
    if decision == ACCEPT_CLOSE:
        assignment.status = S.ACCEPTED
        assignment.accepted_at = at
        return ReviewStatus.ACCEPTED, [*fields, "accepted_at"]
    # Continuous: accepted for this period; the next period's report falls due one period later.
    assignment.status = S.ACCEPTED
    assignment.accepted_at = at
    base = due or timezone.localdate(at)
    assignment.due_date = base + datetime.timedelta(days=assignment.resolution.report_period_days)
    return ReviewStatus.ACCEPTED, [*fields, "accepted_at", "due_date"]


def apply_withdraw(
    assignment: Assignment, report: ProgressReport, *, previous_report_at: datetime.datetime | None
) -> list[str]:
    """The agency takes back its report before the review: the assignment is where it was before
    the report (a continuous one accepted for a period stays accepted; anything else in progress)."""
    check_pending(report)
    if assignment.status != S.REPORTED:
        raise ServiceError(
            f"وضعیت این تکلیف «{S(assignment.status).label}» است و گزارشی در انتظار بررسی ندارد.",
            code="invalid_transition",
        )
    assignment.status = S.ACCEPTED if assignment.is_continuous and assignment.accepted_at else S.IN_PROGRESS
    assignment.last_reported_at = previous_report_at
    return ["status", "last_reported_at"]


def check_extension_request(
    assignment: Assignment, requested_due_date: datetime.date, *, today: datetime.date
) -> None:
    """May the agency ask for ``requested_due_date``? (Pending requests are checked by the service.)"""
    check_resolution_open(assignment)
    if assignment.status == S.ACCEPTED and not assignment.is_continuous:
        raise ServiceError(
            "این تکلیف پذیرفته و بسته شده است و تمدید مهلت لازم ندارد.", code="invalid_transition"
        )
    if requested_due_date <= today:
        raise ServiceError("سررسید درخواستی باید پس از امروز باشد.", code="date")
    if assignment.due_date is not None and requested_due_date <= assignment.due_date:
        raise ServiceError(
            f"سررسید درخواستی باید پس از سررسید فعلی ({format_jalali(assignment.due_date)}) باشد.",
            code="date",
        )


def check_extension_pending(extension: DeadlineExtension) -> None:
    if extension.status != ExtensionStatus.PENDING:
        raise ServiceError(
            f"درباره این درخواست تمدید پیش‌تر تصمیم گرفته شده است («{ExtensionStatus(extension.status).label}»).",
            code="invalid_transition",
        )


def apply_extension(assignment: Assignment, extension: DeadlineExtension) -> list[str]:
    """An approved extension moves the assignment's due date; its status stays as it is."""
    assignment.due_date = extension.requested_due_date
    return ["due_date"]


# --- Due dates ------------------------------------------------------------------------------------


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
    if kind in (DeadlineKind.RELATIVE, DeadlineKind.DATE, DeadlineKind.NEXT_MEETING):
        # «تا جلسه آینده»: the caller passes the next meeting's date, or None while unknown.
        return parsed_due
    if kind == DeadlineKind.ASAP:
        return meeting_date + datetime.timedelta(days=asap_days)
    if kind == DeadlineKind.CONTINUOUS:
        return meeting_date + datetime.timedelta(days=report_period_days)
    return None


# --- Resolutions ----------------------------------------------------------------------------------


def check_closure(*, closed: bool, close: bool, reason: str) -> None:
    """May the secretariat close (``close``) or reopen a resolution that is ``closed`` or not?"""
    if close and closed:
        raise ServiceError("این مصوبه پیش‌تر بسته شده است.", code="invalid_transition")
    if not close and not closed:
        raise ServiceError(
            "این مصوبه را دبیرخانه نبسته است؛ فقط مصوبه بسته‌شده دوباره باز می‌شود.", code="invalid_transition"
        )
    if not reason:
        raise ServiceError(
            "دلیل بستن مصوبه را بنویسید." if close else "دلیل بازگشایی مصوبه را بنویسید.",
            code="reason_required",
        )


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
