"""Attendance at a meeting (issue 13): per member agency of the body, present, absent or
represented by someone else (the deputy's name), and the body's quorum rule checked against it.

The rows are ``Attendance`` (``meeting.attendance``), whose ``str()`` is the line the minutes
print (``documents.attendance_lines``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from qarargah.accounts.models import User
from qarargah.core.errors import ServiceError
from qarargah.history.registry import acting_as
from qarargah.organisations.models import BodyMembership
from qarargah.persian import JalaliDate, clean_input, to_persian_digits

from .documents import signing_state
from .models import Attendance, AttendanceStatus, Meeting
from .participation import MEETING_SIGNED, _require_runs_body, quorum_rule_label, required_for_quorum
from .participation_events import ParticipationEvent

FUTURE_MEETING = "این جلسه در {date} برگزار می‌شود؛ حضور و غیاب پس از برگزاری ثبت می‌شود."
NEEDS_REPRESENTATIVE = "برای «{agency}» نام کسی را که به نمایندگی در جلسه بوده است بنویسید."
NOT_A_MEMBER = "این دستگاه عضو «{body}» نیست و حضور آن در جلسه این نهاد ثبت نمی‌شود."


@dataclass(frozen=True)
class AttendanceRow:
    agency_id: int
    status: str  # an AttendanceStatus, or "" to clear the row
    person_name: str = ""
    person_title: str = ""
    represented_by: str = ""


@dataclass
class SheetRow:
    membership: BodyMembership
    record: Attendance | None


def attendance_sheet(meeting: Meeting) -> list[SheetRow]:
    """Each member agency of the body with its attendance row, if one is recorded."""
    records = {a.agency_id: a for a in meeting.attendance.all()}
    return [
        SheetRow(membership=m, record=records.get(m.agency_id))
        for m in meeting.body.memberships.select_related("agency", "representative").order_by(
            "agency__name", "pk"
        )
    ]


@dataclass(frozen=True)
class Quorum:
    members: int
    present: int
    required: int
    rule: str
    recorded: bool

    @property
    def met(self) -> bool:
        return self.members > 0 and self.present >= self.required

    @property
    def label(self) -> str:
        fa = to_persian_digits
        text = f"حد نصاب: {fa(str(self.required))} از {fa(str(self.members))}"
        if not self.recorded:
            return f"{text} — حضور و غیاب هنوز ثبت نشده است"
        verdict = "جلسه رسمیت یافت (تشکیل شد)" if self.met else "جلسه به حد نصاب نرسید (تشکیل نشد)"
        return f"{text} — حاضر: {fa(str(self.present))} — {verdict}"


def quorum(meeting: Meeting) -> Quorum:
    """The body's rule against the members present (in person or by a representative)."""
    members = meeting.body.memberships.count()
    records = list(meeting.attendance.all())
    present = sum(1 for a in records if a.counts_for_quorum)
    return Quorum(
        members=members,
        present=present,
        required=required_for_quorum(meeting.body, members),
        rule=quorum_rule_label(meeting.body),
        recorded=bool(records),
    )


@transaction.atomic
def record_attendance(
    *, actor: User, meeting: Meeting, rows: list[AttendanceRow], today: datetime.date | None = None
) -> Quorum:
    """Record the sheet in one go: every row is checked before anything is written."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    _require_runs_body(actor, meeting.body)
    if meeting.date > (today or timezone.localdate()):
        raise ServiceError(
            FUTURE_MEETING.format(date=JalaliDate.from_gregorian(meeting.date)), code="future_meeting"
        )
    if signing_state(meeting).signed:
        raise ServiceError(MEETING_SIGNED.format(what="حضور و غیاب"), code="meeting_signed")
    members = {m.agency_id: m for m in meeting.body.memberships.select_related("agency")}
    cleaned: list[AttendanceRow] = []
    for row in rows:
        membership = members.get(row.agency_id)
        if membership is None:
            raise ServiceError(NOT_A_MEMBER.format(body=meeting.body), code="not_a_member")
        status = row.status
        if status and status not in AttendanceStatus.values:
            raise ServiceError("وضعیت حضور را از فهرست برگزینید.", code="bad_status")
        represented_by = clean_input(row.represented_by)
        if status == AttendanceStatus.REPRESENTED and not represented_by:
            raise ServiceError(
                NEEDS_REPRESENTATIVE.format(agency=membership.agency), code="needs_representative"
            )
        cleaned.append(
            AttendanceRow(
                agency_id=row.agency_id,
                status=status,
                person_name=clean_input(row.person_name),
                person_title=clean_input(row.person_title),
                represented_by=represented_by if status == AttendanceStatus.REPRESENTED else "",
            )
        )
    existing = {a.agency_id: a for a in meeting.attendance.select_for_update()}
    with acting_as(actor, event=ParticipationEvent.ATTENDANCE_RECORDED):
        for row in cleaned:
            record = existing.get(row.agency_id)
            if not row.status:
                if record is not None:
                    record.delete()
                continue
            record = record or Attendance(meeting=meeting, agency_id=row.agency_id)
            fields = ("status", "person_name", "person_title", "represented_by")
            if record.pk is not None and all(getattr(record, f) == getattr(row, f) for f in fields):
                continue  # unchanged rows leave no history
            for f in fields:
                setattr(record, f, getattr(row, f))
            record.recorded_by = actor
            record.save()
    return quorum(meeting)
