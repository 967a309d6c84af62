"""Instant notifications: what each person is told when a follow-up event is committed.

``messages_for(event, ids, actor_id)`` reads the rows an event names (fresh: a background
worker may run it a while after the write) and returns one :class:`InstantMessage` per person;
``services.deliver_instant`` writes them and mails those who want mail. Built as plain data so
the in-app row and the email say the same words.

* a new assignment -> the people who act for the assigned agency; a batch (a minutes file of
  500 resolutions) is one message per person listing their new assignments, not one each;
* a report waiting for review -> the resolution's reviewers in its province's secretariat;
* a report accepted or returned -> the people who act for the reporting agency, with the
  secretariat's reason;
* an extension decided -> the officer who asked for it.

The person who did the thing is never told of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from qarargah.accounts.models import User
from qarargah.persian import format_jalali
from qarargah.resolutions.models import (
    Assignment,
    DeadlineExtension,
    ExtensionStatus,
    ProgressReport,
    ReviewStatus,
)

from . import recipients
from .digests import fa, site_path

ASSIGNMENT_NEW = "assignment_new"
REPORT_WAITING = "report_waiting"
REPORT_REVIEWED = "report_reviewed"
EXTENSION_DECIDED = "extension_decided"

# The events of ``resolutions.signals``, by the names the task receives.
ASSIGNMENTS_CREATED_EVENT = "assignments_created"
REPORT_SUBMITTED_EVENT = "report_submitted"
REPORT_REVIEWED_EVENT = "report_reviewed"
EXTENSION_DECIDED_EVENT = "extension_decided"

# A grouped message lists this many assignments and counts the rest: an email of 500 lines
# is read by nobody, and the inbox lists them all.
LIST_LIMIT = 20


@dataclass(frozen=True)
class InstantMessage:
    user: User
    kind: str
    event_key: str  # one notification per person and event (Notification.event_key)
    title: str
    body: str
    path: str  # the page it is about, inside the site


def excerpt(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _resolution_label(assignment: Assignment) -> str:
    resolution = assignment.resolution
    return f"مصوبه {fa(resolution.number)} — {fa(resolution.meeting)}"


def _due_phrase(assignment: Assignment) -> str:
    if assignment.continuous:
        return (
            f"مستمر، گزارش بعدی تا {format_jalali(assignment.due_date)}" if assignment.due_date else "مستمر"
        )
    return f"مهلت {format_jalali(assignment.due_date)}" if assignment.due_date else "بدون تاریخ مهلت"


def _assignment_path(assignment: Assignment) -> str:
    return site_path("resolutions:assignment_detail", assignment.pk)


# --- A new assignment -----------------------------------------------------------------------------


def _assignments_created(ids: Sequence[int]) -> Iterable[InstantMessage]:
    rows = list(
        Assignment.objects.filter(pk__in=ids, resolution_closed=False)
        .select_related("resolution__meeting__body", "agency")
        .order_by("resolution__meeting_date", "resolution__meeting_id", "resolution__number", "pk")
    )
    officers = recipients.officers_acting_for(a.agency_id for a in rows)
    per_user: dict[int, tuple[User, list[Assignment]]] = {}
    for assignment in rows:
        for user in officers.get(assignment.agency_id, []):
            per_user.setdefault(user.pk, (user, []))[1].append(assignment)
    for user, assignments in per_user.values():
        yield _assignment_message(user, assignments)


def _assignment_message(user: User, assignments: list[Assignment]) -> InstantMessage:
    # The smallest id names the batch for this person: an assignment is created in one batch only.
    key = f"{ASSIGNMENT_NEW}:{min(a.pk for a in assignments)}"
    agencies = "، ".join(dict.fromkeys(str(a.agency) for a in assignments))
    if len(assignments) == 1:
        (assignment,) = assignments
        return InstantMessage(
            user=user,
            kind=ASSIGNMENT_NEW,
            event_key=key,
            title=f"تکلیف تازه برای {agencies}: {_resolution_label(assignment)}",
            body=(
                f"«{excerpt(assignment.resolution.text)}»\n"
                f"نقش: {assignment.get_role_display()} · {_due_phrase(assignment)}"
            ),
            path=_assignment_path(assignment),
        )
    lines = [
        f"• {_resolution_label(a)} ({a.get_role_display()}، {_due_phrase(a)}): {excerpt(a.resolution.text, 80)}"
        for a in assignments[:LIST_LIMIT]
    ]
    rest = len(assignments) - LIST_LIMIT
    if rest > 0:
        lines.append(f"و {fa(rest)} تکلیف دیگر؛ همه در کارتابل دستگاه آمده است.")
    return InstantMessage(
        user=user,
        kind=ASSIGNMENT_NEW,
        event_key=key,
        title=f"{fa(len(assignments))} تکلیف تازه برای {agencies}",
        body="\n".join(lines),
        path=site_path("resolutions:inbox"),
    )


# --- A report waiting for review ------------------------------------------------------------------


def _reports(ids: Sequence[int]) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(pk__in=ids)
        .select_related(
            "assignment__resolution__meeting__body",
            "assignment__resolution__follow_up_owner",
            "assignment__agency",
        )
        .order_by("pk")
    )


def _report_submitted(ids: Sequence[int]) -> Iterable[InstantMessage]:
    for report in _reports(ids):
        if report.review_status != ReviewStatus.PENDING:  # withdrawn or reviewed meanwhile
            continue
        assignment = report.assignment
        submitted = format_jalali(timezone.localtime(report.submitted_at), with_time=True)
        for user in recipients.reviewers_of(assignment.resolution):
            yield InstantMessage(
                user=user,
                kind=REPORT_WAITING,
                event_key=f"{REPORT_WAITING}:{report.pk}",
                title=f"گزارش تازه در انتظار بررسی: {_resolution_label(assignment)}",
                body=f"«{assignment.agency}» در {submitted} گزارش فرستاد:\n{excerpt(report.text)}",
                path=_assignment_path(assignment),
            )


# --- A report accepted or returned ----------------------------------------------------------------


def _review_words(report: ProgressReport) -> tuple[str, str]:
    """(title start, what follows) for the review's outcome."""
    assignment = report.assignment
    if report.review_status == ReviewStatus.RETURNED:
        return (
            "گزارش شما برگشت داده شد",
            f"دلیل دبیرخانه: {report.review_comment}\nگزارش را کامل کنید و دوباره بفرستید.",
        )
    comment = f"نظر دبیرخانه: {report.review_comment}\n" if report.review_comment else ""
    if report.review_status == ReviewStatus.PROGRESS:
        return (
            "گزارش شما به‌عنوان پیشرفت کار پذیرفته شد",
            comment + f"تکلیف باز می‌ماند؛ {_due_phrase(assignment)}.",
        )
    if assignment.continuous:
        return "گزارش این دوره شما پذیرفته شد", comment + f"دوره بعد: {_due_phrase(assignment)}."
    return "گزارش شما پذیرفته شد و تکلیف انجام‌شده ثبت شد", comment.rstrip("\n")


def _report_reviewed(ids: Sequence[int]) -> Iterable[InstantMessage]:
    reviewed = (ReviewStatus.ACCEPTED, ReviewStatus.PROGRESS, ReviewStatus.RETURNED)
    for report in _reports(ids):
        if report.review_status not in reviewed:
            continue
        assignment = report.assignment
        heading, words = _review_words(report)
        submitted = format_jalali(timezone.localtime(report.submitted_at))
        body = f"گزارش «{assignment.agency}» فرستاده‌شده در {submitted}.\n{words}".rstrip("\n")
        for user in recipients.officers_acting_for([assignment.agency_id]).get(assignment.agency_id, []):
            yield InstantMessage(
                user=user,
                kind=REPORT_REVIEWED,
                event_key=f"{REPORT_REVIEWED}:{report.pk}",
                title=f"{heading}: {_resolution_label(assignment)}",
                body=body,
                path=_assignment_path(assignment),
            )


# --- An extension decided -------------------------------------------------------------------------


def _extension_decided(ids: Sequence[int]) -> Iterable[InstantMessage]:
    extensions = (
        DeadlineExtension.objects.filter(pk__in=ids)
        .exclude(status=ExtensionStatus.PENDING)
        .select_related("assignment__resolution__meeting__body", "assignment__agency", "requested_by")
        .order_by("pk")
    )
    for extension in extensions:
        assignment = extension.assignment
        comment = f"\nتوضیح دبیرخانه: {extension.decision_comment}" if extension.decision_comment else ""
        if extension.status == ExtensionStatus.APPROVED:
            title = f"با تمدید مهلت موافقت شد: {_resolution_label(assignment)}"
            before = (
                f" (پیش‌تر {format_jalali(extension.previous_due_date)})"
                if extension.previous_due_date
                else ""
            )
            body = f"مهلت تازه: {format_jalali(extension.requested_due_date)}{before}."
        else:
            title = f"با تمدید مهلت موافقت نشد: {_resolution_label(assignment)}"
            body = f"درخواست مهلت تا {format_jalali(extension.requested_due_date)} پذیرفته نشد؛ " + (
                f"مهلت همان {format_jalali(assignment.due_date)} است."
                if assignment.due_date
                else "مهلت تغییری نکرد."
            )
        requester = extension.requested_by
        # The one who asked; if they no longer act for the agency, whoever does now.
        if recipients.acts_for(requester, assignment.agency_id):
            people = [requester]
        else:
            people = recipients.officers_acting_for([assignment.agency_id]).get(assignment.agency_id, [])
        for user in people:
            yield InstantMessage(
                user=user,
                kind=EXTENSION_DECIDED,
                event_key=f"{EXTENSION_DECIDED}:{extension.pk}",
                title=title,
                body=body + comment,
                path=_assignment_path(assignment),
            )


BUILDERS: dict[str, Callable[[Sequence[int]], Iterable[InstantMessage]]] = {
    ASSIGNMENTS_CREATED_EVENT: _assignments_created,
    REPORT_SUBMITTED_EVENT: _report_submitted,
    REPORT_REVIEWED_EVENT: _report_reviewed,
    EXTENSION_DECIDED_EVENT: _extension_decided,
}


def messages_for(event: str, ids: Sequence[int], actor_id: int | None = None) -> list[InstantMessage]:
    """Everyone's message about one event (``ids`` as the signal sent them), the actor left out."""
    return [m for m in BUILDERS[event](ids) if m.user.pk != actor_id]
