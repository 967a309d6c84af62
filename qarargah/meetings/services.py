"""Writes to meetings. The importer and the hand-entry form both go through these."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditlog.context import disable_auditlog
from django.db import models, transaction

from qarargah.accounts.system import SystemActor
from qarargah.core.errors import ServiceError
from qarargah.core.locking import lock_for_update, save_new_version
from qarargah.history.registry import acting_as, log_created
from qarargah.organisations.models import Body
from qarargah.persian import clean_input, format_jalali, match_key, normalise, to_persian_digits
from qarargah.resolutions import services as res_services

from . import workflow
from .events import MeetingEvent
from .models import AgendaItem, Meeting, MeetingStatus, Speaker

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


def create_meeting(*, actor: Actor, body: Body, data: MeetingData, imported: bool = False) -> Meeting:
    """A meeting recorded after the fact: from a minutes file (``imported``: signed on paper), or
    typed into the hand-entry form from paper minutes. Either was held, so it enters locked and
    its assignments are live at once; only the file is *signed* for the documents (decision
    0024), a typed copy has no signature to show. A meeting run in Qarargah starts with
    :func:`schedule_meeting` instead (decision 0029)."""
    _check(body, data)
    # Checked before writing, so only a database error can end the block early, and that aborts
    # the surrounding transaction anyway: no savepoint (two round trips per imported file).
    with transaction.atomic(savepoint=False), acting_as(actor, event=MeetingEvent.MEETING_CREATED):
        # The system has no row to point at: its meetings are created by nobody, as before.
        person = None if isinstance(actor, SystemActor) or not getattr(actor, "pk", None) else actor
        meeting = Meeting(
            body=body, created_by=person, status=MeetingStatus.LOCKED, is_imported=imported, **data.values()
        )
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


# --- The life cycle: schedule, agenda, record, circulate, comment, sign, amend (decision 0029) -----


def _refuse(exc: workflow.TransitionError) -> ServiceError:
    return ServiceError(exc.message, code=exc.code)


def require_secretariat(actor: Actor, meeting_or_body: Meeting | Body) -> None:
    """The body's secretariat (one who may record minutes in the body's province) writes."""
    from django.core.exceptions import PermissionDenied

    from qarargah.accounts.scoping import scope_for

    from .access import NOT_AN_IMPORTER

    body = meeting_or_body.body if isinstance(meeting_or_body, Meeting) else meeting_or_body
    if isinstance(actor, SystemActor):
        return
    scope = scope_for(actor)
    if not (scope.can_import_minutes and scope.covers_province(body.province_id)):
        raise PermissionDenied(NOT_AN_IMPORTER)


def people_for(body: Body) -> Any:
    """Who may chair or keep the minutes of ``body``'s meetings: its secretariat's people, its
    member agencies' officers and the province's people who browse meetings (the secretariat,
    the leadership: the governor often chairs). Roles come from the capability table."""
    from django.db.models import Q

    from qarargah.accounts.capabilities import ROLE_CAPABILITIES
    from qarargah.accounts.models import User

    readers = [role for role, granted in ROLE_CAPABILITIES.items() if "can_browse_meetings" in granted]
    members = body.members.values("pk")
    condition = Q(body=body) | Q(agency__in=members) | Q(role__in=readers, province_id=body.province_id)
    if body.secretariat_agency_id:
        condition |= Q(agency_id=body.secretariat_agency_id)
    return (
        User.objects.filter(condition, is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


@dataclass
class ScheduleData:
    """What scheduling (or re-scheduling a draft) is made of, as the form and the API give it."""

    date: datetime.date
    number: int | None = None
    # Other bodies of a joint meeting, each with its own ordinal (None: the next one).
    joint_bodies: list[tuple[Body, int | None]] = field(default_factory=list)
    title: str = ""
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    place: str = ""
    chair: Any = None
    chair_name: str = ""
    chair_role: str = ""
    secretary: Any = None
    secretary_name: str = ""
    secretary_role: str = ""
    invitation_number: str = ""
    invitation_date: datetime.date | None = None
    invited_agencies: list[Any] = field(default_factory=list)
    invited_persons: str = ""


SCHEDULE_FIELDS = (
    "number",
    "joint_sessions",
    "title",
    "date",
    "time",
    "end_time",
    "place",
    "chair",
    "chair_name",
    "chair_role",
    "secretary",
    "secretary_name",
    "secretary_role",
    "invitation_number",
    "invitation_date",
    "invited_persons",
)


class FieldError(ServiceError):
    """A refusal that belongs to one field of the form (``field``) — the form puts it there."""

    def __init__(self, field_name: str, message: str, code: str) -> None:
        super().__init__(message, code=code)
        self.field = field_name


def _numbers_taken(body: Body, *, exclude_pk: int | None = None) -> set[int]:
    """The ordinals ``body`` has used: its own meetings' and its sessions in joint meetings."""
    own = Meeting.objects.filter(body=body, number__isnull=False)
    if exclude_pk:
        own = own.exclude(pk=exclude_pk)
    taken: set[int] = {n for n in own.values_list("number", flat=True) if n is not None}
    # Joint meetings are few; JSON containment is not portable (SQLite), so they are read here.
    joint = Meeting.objects.filter(body__province_id=body.province_id).exclude(joint_sessions=[])
    if exclude_pk:
        joint = joint.exclude(pk=exclude_pk)
    key = match_key(body.name)
    for sessions in joint.values_list("joint_sessions", flat=True):
        for session in sessions or []:
            same = session.get("body_id") == body.pk or match_key(str(session.get("body", ""))) == key
            if same and isinstance(session.get("number"), int):
                taken.add(session["number"])
    return taken


def next_number(body: Body) -> int:
    """The ordinal proposed for ``body``'s next meeting: one after the highest used."""
    return max(_numbers_taken(body), default=0) + 1


def _check_schedule(
    body: Body, data: ScheduleData, *, meeting: Meeting | None = None
) -> list[dict[str, Any]]:
    """Refusals (FieldError) for the schedule; returns the joint sessions to store."""
    if data.date is None:
        raise FieldError("date", "تاریخ جلسه را وارد کنید.", "date_required")
    if data.start_time and data.end_time and data.end_time <= data.start_time:
        raise FieldError(
            "end_time",
            f"ساعت پایان ({to_persian_digits(data.end_time.strftime('%H:%M'))}) باید پس از ساعت شروع "
            f"({to_persian_digits(data.start_time.strftime('%H:%M'))}) باشد.",
            "end_before_start",
        )
    if data.end_time and not data.start_time:
        raise FieldError("time", "برای ساعت پایان، ساعت شروع جلسه را هم وارد کنید.", "start_required")
    if data.invitation_date and data.invitation_date > data.date:
        raise FieldError(
            "invitation_date", "تاریخ دعوتنامه نمی‌تواند پس از تاریخ جلسه باشد.", "invitation_after_meeting"
        )
    people = people_for(body)
    for name, person in (("chair", data.chair), ("secretary", data.secretary)):
        if person is not None and not people.filter(pk=person.pk).exists():
            raise FieldError(
                name, f"«{person}» از دبیرخانه، اعضا یا مدیران استان این نهاد نیست.", "not_a_member"
            )
    for agency in data.invited_agencies:
        if agency.province_id != body.province_id or getattr(agency, "status", "active") != "active":
            raise FieldError(
                "invited_agencies",
                f"«{agency}» در فهرست دستگاه‌های تأییدشده این استان نیست.",
                "unknown_agency",
            )
    exclude = meeting.pk if meeting else None
    sessions: list[dict[str, Any]] = []
    for field_name, each, number in [("number", body, data.number)] + [
        ("joint_bodies", b, n) for b, n in data.joint_bodies
    ]:
        if each.province_id != body.province_id:
            raise FieldError(
                "joint_bodies", "همه نهادهای نشست مشترک باید از یک استان باشند.", "wrong_province"
            )
        taken = _numbers_taken(each, exclude_pk=exclude)
        if number is None:
            number = max(taken, default=0) + 1
        elif number in taken:
            raise FieldError(
                field_name,
                f"جلسه شماره {to_persian_digits(str(number))} «{each.name}» پیش‌تر ثبت شده است؛ شماره پیشنهادی "
                f"{to_persian_digits(str(max(taken, default=0) + 1))} است.",
                "duplicate_number",
            )
        sessions.append({"body": each.name, "body_id": each.pk, "number": number})
    return sessions if data.joint_bodies else []


def _schedule_values(
    data: ScheduleData, sessions: list[dict[str, Any]], number: int | None
) -> dict[str, Any]:
    return {
        "number": number,
        "joint_sessions": sessions,
        "title": clean_input(data.title),
        "date": data.date,
        "time": data.start_time,
        "end_time": data.end_time,
        "place": clean_input(data.place),
        "chair": data.chair,
        "chair_name": clean_input(data.chair_name) or (data.chair.get_full_name() if data.chair else ""),
        "chair_role": clean_input(data.chair_role),
        "secretary": data.secretary,
        "secretary_name": clean_input(data.secretary_name)
        or (data.secretary.get_full_name() if data.secretary else ""),
        "secretary_role": clean_input(data.secretary_role),
        "invitation_number": normalise(data.invitation_number),
        "invitation_date": data.invitation_date,
        "invited_persons": clean_input(data.invited_persons),
    }


def _lock_body(body: Body) -> None:
    # Two schedulers of one body must not both take the next ordinal: one waits for the other.
    list(Body.objects.select_for_update().filter(pk=body.pk).values_list("pk"))


@transaction.atomic
def schedule_meeting(*, actor: Actor, body: Body, data: ScheduleData) -> Meeting:
    """A new draft meeting of ``body`` (a future date is fine: it has not been held yet)."""
    require_secretariat(actor, body)
    _lock_body(body)
    sessions = _check_schedule(body, data)
    number = data.number if data.number is not None else next_number(body)
    person = None if isinstance(actor, SystemActor) else actor
    with acting_as(actor, event=MeetingEvent.MEETING_SCHEDULED):
        meeting = Meeting.objects.create(
            body=body,
            created_by=person,
            status=MeetingStatus.DRAFT,
            **_schedule_values(data, sessions, number),
        )
        meeting.invited_agencies.set(data.invited_agencies)
    return meeting


@transaction.atomic
def edit_meeting_schedule(
    *, actor: Actor, meeting: Meeting, data: ScheduleData, expected_version: int | None
) -> Meeting:
    require_secretariat(actor, meeting)
    locked = lock_for_update(meeting, expected_version=expected_version)
    try:
        workflow.can_edit_schedule(locked.status)
    except workflow.TransitionError as exc:
        raise _refuse(exc) from None
    _lock_body(locked.body)
    sessions = _check_schedule(locked.body, data, meeting=locked)
    number = data.number if data.number is not None else locked.number or next_number(locked.body)
    values = _schedule_values(data, sessions, number)
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    with acting_as(actor, event=MeetingEvent.SCHEDULE_CHANGED):
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            save_new_version(locked, changed)
        if set(locked.invited_agencies.values_list("pk", flat=True)) != {a.pk for a in data.invited_agencies}:
            locked.invited_agencies.set(data.invited_agencies)
    if "date" in changed:
        locked.resolutions.update(meeting_date=locked.date)
    return locked


@dataclass(frozen=True)
class Clash:
    meeting: Meeting
    what: str  # «محل» or «رئیس جلسه»

    @property
    def message(self) -> str:
        start = to_persian_digits(self.meeting.time.strftime("%H:%M")) if self.meeting.time else ""
        return (
            f"هشدار: {self.what} این جلسه در همان ساعت برای «{self.meeting}» ({format_jalali(self.meeting.date)}"
            f"{'، ساعت ' + start if start else ''}) هم رزرو شده است."
        )


def _span(start: datetime.time | None, end: datetime.time | None) -> tuple[datetime.time, datetime.time]:
    # Without an end time a meeting is taken to last two hours (the samples' usual length).
    begin = start or datetime.time(0, 0)
    if end:
        return begin, end
    finish = (datetime.datetime.combine(datetime.date.today(), begin) + datetime.timedelta(hours=2)).time()
    return begin, finish if finish > begin else datetime.time(23, 59)


def schedule_clashes(
    *,
    province_id: int,
    date: datetime.date,
    start: datetime.time | None,
    end: datetime.time | None,
    place: str,
    chair: Any = None,
    chair_name: str = "",
    exclude_pk: int | None = None,
) -> list[Clash]:
    """Meetings of the province on the same day whose time overlaps and that use the same place
    or the same chair: a warning for the scheduler, never a refusal (a room can be shared)."""
    if start is None:
        return []
    same_day = Meeting.objects.filter(body__province_id=province_id, date=date, time__isnull=False)
    if exclude_pk:
        same_day = same_day.exclude(pk=exclude_pk)
    mine = _span(start, end)
    place_key = match_key(place) if place.strip() else ""
    chair_key = match_key(chair_name) if chair_name.strip() else ""
    clashes = []
    for other in same_day.select_related("body"):
        theirs = _span(other.time, other.end_time)
        if not (mine[0] < theirs[1] and theirs[0] < mine[1]):
            continue
        if place_key and match_key(other.place) == place_key:
            clashes.append(Clash(other, "محل"))
        elif (chair is not None and other.chair_id == chair.pk) or (
            chair_key and match_key(other.chair_name) == chair_key
        ):
            clashes.append(Clash(other, "رئیس جلسه"))
    return clashes


@transaction.atomic
def delete_meeting(*, actor: Actor, meeting: Meeting) -> None:
    """Delete a draft with what was recorded in it; signed minutes are only amended."""
    from django.core.exceptions import PermissionDenied

    require_secretariat(actor, meeting)
    locked = lock_for_update(meeting, expected_version=None)
    try:
        workflow.can_delete(locked.status)
    except workflow.TransitionError as exc:
        if exc.code == "locked":
            raise PermissionDenied(exc.message) from None
        raise _refuse(exc) from None
    for resolution in locked.resolutions.all():
        res_services.delete_resolution(actor=actor, resolution=resolution)
    with acting_as(actor, event=MeetingEvent.MEETING_DELETED):
        locked.delete()


# --- Agenda ----------------------------------------------------------------------------------------


def _draft_for_writing(actor: Actor, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    require_secretariat(actor, meeting)
    locked = lock_for_update(meeting, expected_version=expected_version)
    try:
        workflow.can_record(locked.status)
    except workflow.TransitionError as exc:
        raise _refuse(exc) from None
    return locked


@transaction.atomic
def add_agenda_item(*, actor: Actor, meeting: Meeting, text: str, presenter: str = "") -> AgendaItem:
    locked = _draft_for_writing(actor, meeting)
    text = clean_input(text)
    if not text:
        raise FieldError("text", "متن بند دستور کار را بنویسید.", "text_required")
    last = locked.agenda_items.order_by("-order").values_list("order", flat=True).first() or 0
    with acting_as(actor, event=MeetingEvent.AGENDA_CHANGED):
        item = AgendaItem.objects.create(
            meeting=locked,
            order=last + 1,
            text=text,
            presenter=clean_input(presenter),
            is_review_of_past_resolutions="بررسی مصوبات" in text,
        )
    return item


@transaction.atomic
def remove_agenda_item(*, actor: Actor, meeting: Meeting, item_id: int) -> None:
    locked = _draft_for_writing(actor, meeting)
    item = locked.agenda_items.filter(pk=item_id).first()
    if item is None:
        raise ServiceError("این بند در دستور کار جلسه نیست.", code="not_found")
    with acting_as(actor, event=MeetingEvent.AGENDA_CHANGED):
        item.delete()
        _renumber(locked, list(locked.agenda_items.order_by("order", "pk")))


@transaction.atomic
def move_agenda_item(*, actor: Actor, meeting: Meeting, item_id: int, up: bool) -> None:
    locked = _draft_for_writing(actor, meeting)
    items = list(locked.agenda_items.order_by("order", "pk"))
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    if index is None:
        raise ServiceError("این بند در دستور کار جلسه نیست.", code="not_found")
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    with acting_as(actor, event=MeetingEvent.AGENDA_CHANGED):
        _renumber(locked, items)


def _renumber(meeting: Meeting, items: list[AgendaItem]) -> None:
    for order, item in enumerate(items, start=1):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])


# --- Record: statements and resolutions ------------------------------------------------------------


@dataclass
class RecordRow:
    """One resolution typed on the record page."""

    text: str
    leads: list[Any] = field(default_factory=list)
    partners: list[Any] = field(default_factory=list)
    deadline: str = ""
    axis: str = ""
    neighbourhoods: list[Any] = field(default_factory=list)
    target_quantity: Any = None
    target_unit: str = ""


class RowErrors(ServiceError):
    """Refusals per resolution row: {row index: {field: message}}; nothing was written."""

    def __init__(self, errors: dict[int, dict[str, str]]) -> None:
        super().__init__("برخی از ردیف‌های مصوبات نادرست پر شده‌اند؛ پیام زیر هر خانه را ببینید.", code="rows")
        self.errors = errors


NO_AGENCY_ROW = "دست‌کم یک دستگاه مسئول (اصلی) برای این مصوبه انتخاب کنید؛ مصوبه بدون دستگاه ثبت نمی‌شود."


@transaction.atomic
def save_record(
    *,
    actor: Actor,
    meeting: Meeting,
    expected_version: int | None,
    narrative: str,
    statements: list[tuple[str, str, str]],
    rows: list[RecordRow],
) -> list[Any]:
    """Save the record page: the narrative, the statements (in order, replacing the old ones)
    and the new resolution rows through ``resolutions.services.create_resolutions``. Every row is
    checked first: one bad row writes nothing. The autosaved draft is cleared."""
    locked = _draft_for_writing(actor, meeting, expected_version)
    province = locked.body.province
    errors: dict[int, dict[str, str]] = {}
    items: list[tuple[res_services.NewResolution, list[Any]]] = []
    next_no = (locked.resolutions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    for index, row in enumerate(rows):
        problems: dict[str, str] = {}
        if not clean_input(row.text):
            problems["text"] = "متن مصوبه را بنویسید یا این ردیف را حذف کنید."
        if not row.leads:
            problems["leads"] = NO_AGENCY_ROW
        for agency in [*row.leads, *row.partners]:
            if agency.province_id != province.pk:
                problems["leads"] = f"«{agency}» دستگاه این استان نیست."
        planned = None
        try:
            planned = res_services.check_deadline(
                row.deadline, meeting_date=locked.date, body_id=locked.body_id, asap_days=province.asap_days
            )
        except ServiceError as exc:
            problems["deadline"] = exc.message
        if problems:
            errors[index] = problems
            continue
        assert planned is not None
        lead_ids = {a.pk for a in row.leads}
        agencies = tuple(
            [(a, "lead") for a in row.leads] + [(a, "partner") for a in row.partners if a.pk not in lead_ids]
        )
        items.append(
            (
                res_services.NewResolution(
                    number=next_no + len(items),
                    text=row.text,
                    deadline_raw=planned.raw,
                    deadline_kind=planned.kind,
                    parsed_due=planned.due_date,
                    axis=row.axis,
                    target_quantity=row.target_quantity,
                    target_unit=clean_input(row.target_unit),
                    agencies=agencies,
                ),
                row.neighbourhoods,
            )
        )
    if errors:
        raise RowErrors(errors)
    with acting_as(actor, event=MeetingEvent.RECORD_SAVED):
        locked.narrative = clean_input(narrative)
        locked.record_draft = {}
        save_new_version(locked, ["narrative", "record_draft"])
        wanted = [
            (clean_input(n), clean_input(r), clean_input(t)) for n, r, t in statements if clean_input(n)
        ]
        stored = list(locked.speakers.order_by("order").values_list("name", "role", "statement"))
        if wanted != [tuple(s) for s in stored]:
            locked.speakers.all().delete()
            Speaker.objects.bulk_create(
                Speaker(meeting=locked, order=order, name=n, role=r, statement=t)
                for order, (n, r, t) in enumerate(wanted, start=1)
            )
    created = res_services.create_resolutions(actor=actor, meeting=locked, items=[item for item, _ in items])
    with acting_as(actor, event=MeetingEvent.RECORD_SAVED):
        for resolution, (_, neighbourhoods) in zip(created, items, strict=True):
            if neighbourhoods:
                resolution.neighbourhoods.set(neighbourhoods)
    return created


@transaction.atomic
def autosave_record(
    *, actor: Actor, meeting: Meeting, expected_version: int | None, draft: dict[str, Any]
) -> int:
    """Keep the record form's unsaved state on the server; the new version. A second tab that
    saved in between makes this refuse (ConcurrentEditError) instead of overwriting it."""
    locked = _draft_for_writing(actor, meeting, expected_version)
    if locked.record_draft != draft:
        # Not a change of the minutes for the timeline: what is typed becomes history when saved.
        locked.record_draft = draft
        save_new_version(locked, ["record_draft"])
    return locked.version


@transaction.atomic
def remove_recorded_resolution(*, actor: Actor, meeting: Meeting, resolution_id: int) -> None:
    locked = _draft_for_writing(actor, meeting)
    resolution = locked.resolutions.filter(pk=resolution_id).first()
    if resolution is None:
        raise ServiceError("این مصوبه از این جلسه نیست.", code="not_found")
    res_services.delete_resolution(actor=actor, resolution=resolution)


# --- Circulate and comment -------------------------------------------------------------------------


def may_comment(user: Any, meeting: Meeting) -> bool:
    """Attendees comment: the chair, the secretary, officers of the invited agencies."""
    if not getattr(user, "pk", None):
        return False
    if user.pk in (meeting.chair_id, meeting.secretary_id):
        return True
    agency_id = getattr(user, "agency_id", None)
    return agency_id is not None and meeting.invited_agencies.filter(pk=agency_id).exists()


@transaction.atomic
def circulate_minutes(
    *, actor: Actor, meeting: Meeting, deadline: datetime.datetime, expected_version: int | None
) -> Meeting:
    """Send the draft to the attendees for comments until ``deadline``."""
    from django.utils import timezone

    require_secretariat(actor, meeting)
    locked = lock_for_update(meeting, expected_version=expected_version)
    now = timezone.now()
    try:
        status = workflow.circulate(
            locked.status, meeting_date=locked.date, deadline=deadline, now=timezone.localtime(now)
        )
    except workflow.TransitionError as exc:
        raise (
            FieldError("deadline", exc.message, exc.code) if exc.code == "deadline_past" else _refuse(exc)
        ) from None
    if locked.secretary_id is None or locked.chair_id is None:
        raise ServiceError(
            "پیش از گردش صورتجلسه، دبیر و رئیس جلسه را (به عنوان کاربر سامانه) در برنامه جلسه تعیین کنید؛ "
            "آن دو صورتجلسه را امضا می‌کنند.",
            code="signers_missing",
        )
    with acting_as(actor, event=MeetingEvent.MINUTES_CIRCULATED):
        locked.status = status
        locked.comment_deadline = deadline
        locked.circulated_at = now
        save_new_version(locked, ["status", "comment_deadline", "circulated_at"])
    # Every write of a meeting's status is followed by its rows' copy (decision 0036); circulated
    # minutes are still unsigned, so this changes nothing unless a copy had gone wrong.
    res_services.store_minutes_signed(locked)
    return locked


@transaction.atomic
def comment_on_minutes(
    *, actor: Any, meeting: Meeting, text: str, resolution_number: int | None = None
) -> Any:
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from .models import MeetingComment

    if not may_comment(actor, meeting):
        raise PermissionDenied("فقط حاضران دعوت‌شده جلسه بر صورتجلسه آن نظر می‌دهند.")
    locked = lock_for_update(meeting, expected_version=None)
    try:
        workflow.can_comment(locked.status, deadline=locked.comment_deadline, now=timezone.now())
    except workflow.TransitionError as exc:
        raise _refuse(exc) from None
    text = clean_input(text)
    if not text:
        raise FieldError("text", "متن نظر را بنویسید.", "text_required")
    if resolution_number is not None and not locked.resolutions.filter(number=resolution_number).exists():
        raise FieldError("resolution_number", "این جلسه مصوبه‌ای با این شماره ندارد.", "no_resolution")
    with acting_as(actor, event=MeetingEvent.MINUTES_COMMENTED):
        return MeetingComment.objects.create(
            meeting=locked, author=actor, text=text, resolution_number=resolution_number
        )


# --- Signing: a password or a one-time code, then the signature ------------------------------------

CODE_LIFETIME = datetime.timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
NOT_A_SIGNER = "فقط دبیر جلسه و رئیس جلسه صورتجلسه را امضا می‌کنند؛ شما هیچ‌یک نیستید."
WRONG_PASSWORD = "گذرواژه درست نیست؛ گذرواژه ورود خود را دوباره وارد کنید."
WRONG_CODE = "رمز یک‌بارمصرف درست نیست یا مهلت ده‌دقیقه‌ای آن گذشته است؛ رمز تازه بخواهید."
NO_PROOF = "برای امضا گذرواژه خود یا رمز یک‌بارمصرفی را که به ایمیلتان فرستاده شد وارد کنید."


def signer_roles(user: Any, meeting: Meeting) -> list[str]:
    return workflow.roles_of(
        getattr(user, "pk", None), secretary_id=meeting.secretary_id, chair_id=meeting.chair_id
    )


def _require_signer(actor: Any, meeting: Meeting) -> list[str]:
    from django.core.exceptions import PermissionDenied

    roles = signer_roles(actor, meeting)
    if not roles:
        raise PermissionDenied(NOT_A_SIGNER)
    return roles


@transaction.atomic
def send_signing_code(*, actor: Any, meeting: Meeting, amendment: Any = None) -> None:
    """Email the signer a six-digit code (only its hash is kept; it lives ten minutes)."""
    import secrets

    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.mail import send_mail
    from django.utils import timezone

    from .models import SigningCode

    _require_signer(actor, meeting)
    if not actor.email:
        raise ServiceError("برای حساب شما نشانی ایمیل ثبت نشده است؛ با گذرواژه امضا کنید.", code="no_email")
    code = f"{secrets.randbelow(1_000_000):06d}"
    SigningCode.objects.filter(
        user=actor, meeting=meeting, amendment=amendment, used_at__isnull=True
    ).delete()
    SigningCode.objects.create(
        user=actor,
        meeting=meeting,
        amendment=amendment,
        code_hash=make_password(code),
        expires_at=timezone.now() + CODE_LIFETIME,
    )
    what = f"{amendment} " if amendment is not None else ""
    subject = f"رمز یک‌بارمصرف امضای {what}صورتجلسه «{meeting}»"
    body = (
        f"رمز یک‌بارمصرف شما برای امضای {what}صورتجلسه «{meeting}» ({format_jalali(meeting.date)}): "
        f"{to_persian_digits(code)}\nاین رمز ده دقیقه اعتبار دارد و تنها یک بار به کار می‌رود. "
        "اگر شما آن را نخواسته‌اید، این پیام را نادیده بگیرید."
    )
    # Sent after the code is stored; a rolled-back request sends nothing.
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [actor.email], fail_silently=False)
    )


def _prove(actor: Any, meeting: Meeting, amendment: Any, *, password: str, code: str) -> str:
    """Check the signer's password or one-time code; the method. A wrong code counts as an
    attempt (committed even though the signature is refused), so a code cannot be guessed."""
    from django.contrib.auth.hashers import check_password
    from django.utils import timezone

    from .models import SignatureMethod, SigningCode

    if password:
        if not actor.check_password(password):
            raise FieldError("password", WRONG_PASSWORD, "wrong_password")
        return SignatureMethod.PASSWORD
    code = to_latin(code)
    if not code:
        raise FieldError("password", NO_PROOF, "proof_required")
    with transaction.atomic():
        pending = (
            SigningCode.objects.select_for_update()
            .filter(
                user=actor,
                meeting=meeting,
                amendment=amendment,
                used_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .order_by("-created_at")
            .first()
        )
        ok = (
            pending is not None
            and pending.attempts < CODE_MAX_ATTEMPTS
            and check_password(code, pending.code_hash)
        )
        if pending is not None:
            pending.attempts += 1
            if ok:
                pending.used_at = timezone.now()
            pending.save(update_fields=["attempts", "used_at"])
    if not ok:
        raise FieldError("code", WRONG_CODE, "wrong_code")
    return SignatureMethod.CODE


def to_latin(code: str) -> str:
    from qarargah.persian import to_latin_digits

    return to_latin_digits((code or "").strip())


def sign_minutes(*, actor: Any, meeting: Meeting, password: str = "", code: str = "") -> Meeting:
    """The secretary's or the chair's signature (both, when one person is both). When both are
    in, the minutes are signed and locked, and their assignments reach the agencies: the
    stored tallies are recounted and the agencies are told now, not when the rows were typed."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)  # its state now, not the page's
    roles = _require_signer(actor, meeting)
    # Refuse a meeting that cannot be signed before asking for the password.
    _check_signable(meeting, roles)
    method = _prove(actor, meeting, None, password=password, code=code)
    return _sign(actor, meeting, roles, method)


def _check_signable(meeting: Meeting, roles: list[str]) -> None:
    from django.utils import timezone

    signed = list(meeting.signatures.filter(amendment__isnull=True).values_list("role", flat=True))
    try:
        for role in roles:
            if role not in signed:
                workflow.sign(
                    meeting.status,
                    role=role,
                    signed_roles=signed,
                    meeting_date=meeting.date,
                    today=timezone.localdate(),
                )
                return
        workflow.sign(
            meeting.status,
            role=roles[0],
            signed_roles=signed,
            meeting_date=meeting.date,
            today=timezone.localdate(),
        )
    except workflow.TransitionError as exc:
        raise _refuse(exc) from None


@transaction.atomic
def _sign(actor: Any, meeting: Meeting, roles: list[str], method: str) -> Meeting:
    from django.utils import timezone

    from qarargah.resolutions import signals as res_signals
    from qarargah.resolutions import tallies
    from qarargah.resolutions.models import Assignment

    from .models import MeetingSignature

    locked = lock_for_update(meeting, expected_version=None)
    signed = list(locked.signatures.filter(amendment__isnull=True).values_list("role", flat=True))
    status = locked.status
    with acting_as(actor, event=MeetingEvent.MINUTES_SIGNED):
        for role in [r for r in roles if r not in signed]:
            try:
                status = workflow.sign(
                    locked.status,
                    role=role,
                    signed_roles=signed,
                    meeting_date=locked.date,
                    today=timezone.localdate(),
                )
            except workflow.TransitionError as exc:
                raise _refuse(exc) from None
            MeetingSignature.objects.create(meeting=locked, role=role, user=actor, method=method)
            signed.append(role)
    if status == MeetingStatus.SIGNED:
        with acting_as(actor, event=MeetingEvent.MINUTES_LOCKED):
            locked.status = workflow.lock(status)
            locked.signed_at = timezone.now()
            save_new_version(locked, ["status", "signed_at"])
        # Visible to the agencies from now on (decision 0029): the rows' copy of «signed» first
        # (decision 0036; what the agencies' queries and the tallies test), then recount their
        # stored tallies and tell them, once, after the commit.
        res_services.store_minutes_signed(locked)
        assignments = list(
            Assignment.objects.filter(resolution__meeting=locked).values_list("pk", "agency_id")
        )
        tallies.refresh_agencies({agency for _, agency in assignments})
        res_signals.send_on_commit(
            res_signals.assignments_created, actor=actor, ids=(pk for pk, _ in assignments)
        )
    return locked


# --- Amendments ------------------------------------------------------------------------------------

AMENDABLE_FIELDS = {
    "title": "عنوان",
    "date": "تاریخ جلسه",
    "time": "ساعت شروع",
    "end_time": "ساعت پایان",
    "place": "محل",
    "chair_name": "رئیس جلسه",
    "chair_role": "سمت رئیس جلسه",
    "secretary_name": "دبیر جلسه",
    "secretary_role": "سمت دبیر جلسه",
    "invitation_number": "شماره دعوتنامه",
    "narrative": "شرح جلسه",
}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


@transaction.atomic
def propose_amendment(*, actor: Actor, meeting: Meeting, values: dict[str, Any], reason: str) -> Any:
    """A numbered correction of locked minutes, waiting for its two signatures. The old values
    stay in the amendment, so the original minutes can always be read."""
    from .models import AmendmentStatus, MeetingAmendment

    require_secretariat(actor, meeting)
    locked = lock_for_update(meeting, expected_version=None)
    try:
        workflow.can_amend(locked.status)
    except workflow.TransitionError as exc:
        raise _refuse(exc) from None
    reason = clean_input(reason)
    if not reason:
        raise FieldError("reason", "دلیل اصلاح را بنویسید؛ در متن اصلاحیه می‌آید.", "reason_required")
    if locked.amendments.filter(status=AmendmentStatus.DRAFT).exists():
        raise ServiceError(
            "اصلاحیه پیشین این صورتجلسه هنوز امضا نشده است؛ نخست آن را امضا کنید.", code="amendment_open"
        )
    changes = []
    for name, label in AMENDABLE_FIELDS.items():
        if name not in values:
            continue
        new = values[name]
        if isinstance(new, str):
            new = typed_meeting_value(name, new)
        old = getattr(locked, name)
        if old != new:
            changes.append({"field": name, "label": label, "old": _plain(old), "new": _plain(new)})
    if not changes:
        raise ServiceError("هیچ خانه‌ای تغییر نکرده است؛ اصلاحیه بدون تغییر ثبت نمی‌شود.", code="no_change")
    number = (locked.amendments.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    with acting_as(actor, event=MeetingEvent.AMENDMENT_PROPOSED):
        return MeetingAmendment.objects.create(
            meeting=locked,
            number=number,
            changes=changes,
            reason=reason,
            created_by=None if isinstance(actor, SystemActor) else actor,
        )


def sign_amendment(*, actor: Any, amendment: Any, password: str = "", code: str = "") -> Any:
    from django.core.exceptions import PermissionDenied

    from .models import AmendmentStatus

    meeting = amendment.meeting
    roles = _require_signer(actor, meeting)
    if amendment.status != AmendmentStatus.DRAFT:
        raise ServiceError("این اصلاحیه پیش‌تر امضا و اعمال شده است.", code="already_signed")
    signed = set(amendment.signatures.values_list("role", flat=True))
    if not set(roles) - signed:
        raise PermissionDenied("این اصلاحیه را پیش‌تر امضا کرده‌اید.")
    method = _prove(actor, meeting, amendment, password=password, code=code)
    return _sign_amendment(actor, amendment, roles, method)


@transaction.atomic
def _sign_amendment(actor: Any, amendment: Any, roles: list[str], method: str) -> Any:
    from django.utils import timezone

    from .models import AmendmentStatus, MeetingAmendment, MeetingSignature, SignatureRole

    locked_meeting = lock_for_update(amendment.meeting, expected_version=None)
    amendment = MeetingAmendment.objects.select_for_update().get(pk=amendment.pk)
    signed = set(amendment.signatures.values_list("role", flat=True))
    with acting_as(actor, event=MeetingEvent.AMENDMENT_SIGNED):
        for role in roles:
            if role not in signed:
                MeetingSignature.objects.create(
                    meeting=locked_meeting, amendment=amendment, role=role, user=actor, method=method
                )
                signed.add(role)
    if signed >= {SignatureRole.SECRETARY, SignatureRole.CHAIR}:
        with acting_as(actor, event=MeetingEvent.AMENDMENT_APPLIED):
            fields = []
            for change in amendment.changes:
                name = change["field"]
                value = change["new"]
                model_field = Meeting._meta.get_field(name)
                assert isinstance(model_field, models.Field)
                setattr(locked_meeting, name, model_field.to_python(value))
                fields.append(name)
            locked_meeting.amendment_number = amendment.number
            save_new_version(locked_meeting, [*fields, "amendment_number"])
            amendment.status = AmendmentStatus.SIGNED
            amendment.signed_at = timezone.now()
            amendment.save(update_fields=["status", "signed_at"])
        if "date" in fields:
            locked_meeting.resolutions.update(meeting_date=locked_meeting.date)
    return amendment
