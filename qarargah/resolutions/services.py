"""Writes to resolutions and assignments.

Creation services live here so that the minutes importer and the hand-entry form share them;
the follow-up workflow (reports, reviews, extensions) builds on the same helpers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction

from qarargah.core.errors import ServiceError
from qarargah.core.locking import lock_for_update, save_new_version
from qarargah.history.registry import acting_as
from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Agency
from qarargah.persian import match_key, normalise

from .models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    DeadlineKind,
    Resolution,
    ResolutionStatus,
)


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
    if kind in (DeadlineKind.RELATIVE, DeadlineKind.DATE, DeadlineKind.THIS_WEEK):
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


def refresh_resolution_status(resolution: Resolution) -> str:
    """Recompute and store the roll-up (call inside the transaction that changed an assignment)."""
    status = rollup_status(resolution.assignments.values_list("status", flat=True))
    if status != resolution.status:
        Resolution.objects.filter(pk=resolution.pk).update(status=status)
        resolution.status = status
    return status


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
    province = meeting.body.province
    due = resolve_due_date(
        kind=deadline_kind,
        parsed_due=parsed_due,
        meeting_date=meeting.date,
        asap_days=province.asap_days,
        report_period_days=report_period_days,
    )
    with acting_as(actor, event="resolution_created"):
        resolution = Resolution.objects.create(
            meeting=meeting,
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
        for agency, role in agencies:
            assign_resolution(actor=actor, resolution=resolution, agency=agency, role=role)
    return resolution


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
    if agency.province_id != resolution.meeting.body.province_id:
        raise ServiceError(
            f"«{agency}» از استان دیگری است و نمی‌تواند اقدام‌کننده این مصوبه باشد.", code="wrong_province"
        )
    existing = resolution.assignments.filter(agency=agency).first()
    if existing is not None:
        return existing
    with acting_as(actor, event="assignment_created"):
        assignment = Assignment.objects.create(
            resolution=resolution,
            agency=agency,
            role=role,
            due_date=due_date if due_date is not None else resolution.due_date,
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
    with acting_as(actor, event="assignment_removed"):
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
    *, actor: Any, resolution: Resolution, expected_version: int | None, **changes: Any
) -> Resolution:
    unknown = set(changes) - set(RESOLUTION_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = lock_for_update(resolution, expected_version=expected_version)
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
        with acting_as(actor, event="resolution_updated"):
            save_new_version(locked, [*fields, "updated_at"])
    return locked
