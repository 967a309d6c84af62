"""Writes to meetings. The importer and the hand-entry form both go through these."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditlog.context import disable_auditlog
from django.db import transaction

from qarargah.accounts.system import SystemActor
from qarargah.core.errors import ServiceError
from qarargah.core.locking import lock_for_update, save_new_version
from qarargah.history.registry import acting_as, log_created
from qarargah.organisations.models import Body
from qarargah.persian import clean_input, normalise
from qarargah.resolutions import services as res_services

from .events import MeetingEvent
from .models import AgendaItem, Meeting, Speaker

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

MEETING_FIELDS = (
    "number",
    "joint_sessions",
    "title",
    "date",
    "weekday",
    "time",
    "place",
    "invitation_number",
    "invitation_date",
    "chair_name",
    "chair_role",
    "secretary_name",
    "secretary_role",
    "narrative",
)


@dataclass
class MeetingData:
    """What a meeting is made of, whether typed into the form or parsed from a file."""

    date: datetime.date
    number: int | None = None
    joint_sessions: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""
    weekday: str = ""
    time: datetime.time | None = None
    place: str = ""
    invitation_number: str = ""
    invitation_date: datetime.date | None = None
    chair_name: str = ""
    chair_role: str = ""
    secretary_name: str = ""
    secretary_role: str = ""
    narrative: str = ""
    agenda: list[str] = field(default_factory=list)
    speakers: list[tuple[str, str]] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in MEETING_FIELDS}
        for name, value in values.items():
            if isinstance(value, str):
                values[name] = typed_meeting_value(name, value)
        return values


def typed_meeting_value(name: str, value: str) -> str:
    """A meeting field as stored: kept as typed (decision 0003), except the invitation number,
    an identifier the importer looks meetings up by, which is kept in its matching form."""
    return normalise(value) if name == "invitation_number" else clean_input(value)


def _check(body: Body, data: MeetingData) -> None:
    if data.date is None:
        raise ServiceError("تاریخ جلسه لازم است.", code="date_required")
    if data.invitation_date and data.invitation_date > data.date:
        raise ServiceError("تاریخ دعوتنامه نمی‌تواند پس از تاریخ جلسه باشد.", code="invitation_after_meeting")


def _write_children(meeting: Meeting, data: MeetingData, *, new: bool = False) -> None:
    """Write the agenda and speakers (inside the caller's ``acting_as``, whose actor and event
    the agenda items' history rows carry)."""
    if not new:  # a meeting just created has nothing to clear: two queries saved per import
        meeting.agenda_items.all().delete()
        meeting.speakers.all().delete()
    items = []
    for order, text in enumerate(data.agenda, start=1):
        text = clean_input(text)
        items.append(
            AgendaItem(
                meeting=meeting,
                order=order,
                text=text,
                is_review_of_past_resolutions="بررسی مصوبات" in text,
            )
        )
    # One INSERT for the rows and one for their history (bulk_create sends no signals).
    log_created(AgendaItem.objects.bulk_create(items))
    Speaker.objects.bulk_create(
        Speaker(meeting=meeting, order=order, name=clean_input(name), role=clean_input(role or ""))
        for order, (name, role) in enumerate(data.speakers, start=1)
    )


def create_meeting(*, actor: Actor, body: Body, data: MeetingData) -> Meeting:
    _check(body, data)
    # Checked before writing, so only a database error can end the block early, and that aborts
    # the surrounding transaction anyway: no savepoint (two round trips per imported file).
    with transaction.atomic(savepoint=False), acting_as(actor, event=MeetingEvent.MEETING_CREATED):
        # The system has no row to point at: its meetings are created by nobody, as before.
        person = None if isinstance(actor, SystemActor) or not getattr(actor, "pk", None) else actor
        meeting = Meeting(body=body, created_by=person, **data.values())
        # The same history row auditlog would write, through log_created so that an import can
        # write it with the rest of the file's history in one INSERT (deferred_history).
        with disable_auditlog():
            meeting.save(force_insert=True)
        log_created([meeting])
        _write_children(meeting, data, new=True)
        # Resolutions of the body's earlier meetings that were «تا جلسه آینده» are due today.
        res_services.date_next_meeting_deadlines(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def update_meeting(
    *, actor: Actor, meeting: Meeting, data: MeetingData, expected_version: int | None
) -> Meeting:
    """Replace the meeting's fields, agenda and speakers; returns the saved meeting."""
    locked = lock_for_update(meeting, expected_version=expected_version)
    old_date = locked.date
    _check(locked.body, data)
    changed = [name for name, value in data.values().items() if getattr(locked, name) != value]
    with acting_as(actor, event=MeetingEvent.MEETING_UPDATED):
        for name in changed:
            setattr(locked, name, data.values()[name])
        if changed:
            save_new_version(locked, changed)
        if "date" in changed:
            # The resolutions' copy of the date (their lists sort by it); not a change of theirs
            # for the timeline, the meeting's own entry records it.
            locked.resolutions.update(meeting_date=locked.date)
            # «تا جلسه آینده» of the body's other meetings: this one may now be, or no longer
            # be, their next meeting.
            res_services.date_next_meeting_deadlines(actor=actor, meeting=locked, old_date=old_date)
        # Rewriting an unchanged agenda would fill the timeline with delete/create pairs.
        if children_differ(locked, data):
            _write_children(locked, data)
    return locked


def children_differ(meeting: Meeting, data: MeetingData) -> bool:
    """Whether the agenda or speakers of ``data`` differ from what ``meeting`` has stored."""
    agenda = [clean_input(t) for t in data.agenda]
    speakers = [(clean_input(n), clean_input(r or "")) for n, r in data.speakers]
    stored_agenda = list(meeting.agenda_items.order_by("order").values_list("text", flat=True))
    stored_speakers = list(meeting.speakers.order_by("order").values_list("name", "role"))
    return agenda != stored_agenda or speakers != [tuple(s) for s in stored_speakers]
