"""Meetings as calendars (issue 13): the ``.ics`` of one meeting (the invitation's attachment),
each person's private feed of the meetings they may see, and the Jalali month grid of the
calendar page.

Times are Asia/Tehran, written with their VTIMEZONE so that calendar programs that know no
zone names still place the meeting right. A meeting without an end time lasts two hours in the
calendar (the usual length of a provincial council's session); one without a start time is an
all-day event.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import icalendar
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.persian import TEHRAN, JalaliDate, month_length, to_latin_digits, to_persian_digits

from .models import CalendarFeedToken, Meeting

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.models import User

DEFAULT_LENGTH = datetime.timedelta(hours=2)
PRODID = "-//Qarargah//Meetings//FA"
# The feed covers the recent past and the coming year: what a calendar program shows.
FEED_PAST = datetime.timedelta(days=180)
FEED_FUTURE = datetime.timedelta(days=400)


# --- Who sees which meetings in a calendar --------------------------------------------------------


def meetings_for_calendar(user: User | AnonymousUser) -> QuerySet[Meeting]:
    """The meetings in the user's calendar: every meeting they may browse (the secretariat,
    leadership, national viewers); for an agency's officer, the meetings of the bodies its
    agency belongs to and those they were invited to; for anyone else, none."""
    scope = scope_for(user)
    visible = Meeting.objects.visible_to(user).select_related("body")
    if scope.can_browse_meetings:
        return visible
    if scope.agency_id is None:
        return Meeting.objects.none()
    mine = Q(body__memberships__agency_id=scope.agency_id) | Q(
        invitation_deliveries__user_id=getattr(user, "pk", None)
    )
    # The life cycle's schedule form invites agencies beyond the members (Meeting.invited_agencies);
    # read it when the model has it.
    if any(f.name == "invited_agencies" for f in Meeting._meta.get_fields()):
        mine |= Q(invited_agencies__id=scope.agency_id)
    return visible.filter(pk__in=Meeting.objects.filter(mine).values("pk"))


# --- .ics --------------------------------------------------------------------------------------------


def meeting_times(meeting: Meeting) -> tuple[datetime.datetime, datetime.datetime] | None:
    """Start and end in Tehran time; None when the meeting has no start time (all day)."""
    if meeting.time is None:
        return None
    start = datetime.datetime.combine(meeting.date, meeting.time, tzinfo=TEHRAN)
    # The life cycle may give meetings an end time; until then, the default length.
    end_time = getattr(meeting, "end_time", None)
    end = (
        datetime.datetime.combine(meeting.date, end_time, tzinfo=TEHRAN)
        if end_time
        else start + DEFAULT_LENGTH
    )
    return start, max(end, start + datetime.timedelta(minutes=15))


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@qarargah"


def meeting_event(meeting: Meeting, *, url: str = "") -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", meeting_uid(meeting))
    vevent.add("dtstamp", timezone.now())
    times = meeting_times(meeting)
    if times is None:
        vevent.add("dtstart", meeting.date)
        vevent.add("dtend", meeting.date + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", times[0])
        vevent.add("dtend", times[1])
    vevent.add("summary", str(meeting))
    if meeting.place:
        vevent.add("location", meeting.place)
    agenda = [item.text for item in meeting.agenda_items.order_by("order")]
    lines = [f"{meeting.body}"]
    if agenda:
        lines.append("دستور کار:")
        lines += [f"{to_persian_digits(str(i))}- {text}" for i, text in enumerate(agenda, 1)]
    vevent.add("description", "\n".join(lines))
    if url:
        vevent.add("url", url)
    # A changed meeting (new time, new place) replaces the copy in the calendar.
    vevent.add("sequence", int(getattr(meeting, "version", 0) or 0))
    return vevent


def calendar_bytes(
    meetings: list[Meeting] | QuerySet[Meeting], *, name: str, urls: dict[int, str] | None = None
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Tehran")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, url=(urls or {}).get(meeting.pk, "")))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def feed_meetings(user: User) -> QuerySet[Meeting]:
    today = timezone.localdate()
    return (
        meetings_for_calendar(user)
        .filter(date__gte=today - FEED_PAST, date__lte=today + FEED_FUTURE)
        .prefetch_related("agenda_items")
        .order_by("date", "time", "pk")
    )


# --- The private feed address ------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_feed_token(*, actor: User) -> str:
    """A new private address for the actor's calendar; the old one (if any) stops working.
    Returns the token, which is not stored and is shown to the person once."""
    token = secrets.token_urlsafe(32)
    CalendarFeedToken.objects.filter(user=actor).delete()
    CalendarFeedToken.objects.create(user=actor, token_hash=_hash(token))
    return token


@transaction.atomic
def revoke_feed_token(*, actor: User) -> bool:
    deleted, _ = CalendarFeedToken.objects.filter(user=actor).delete()
    return deleted > 0


def user_for_feed_token(token: str) -> User | None:
    """The active account whose feed this is; None for an unknown, revoked or foreign token."""
    if not token or len(token) > 100:
        return None
    row = CalendarFeedToken.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if row is None or not row.user.is_active:
        return None
    # Once a day is enough to tell the person their calendar program still reads it.
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > datetime.timedelta(hours=1):
        CalendarFeedToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


# --- The Jalali month grid ---------------------------------------------------------------------------


@dataclass
class Day:
    date: JalaliDate
    gregorian: datetime.date
    is_today: bool
    is_friday: bool
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class MonthGrid:
    year: int
    month: int
    weeks: list[list[Day | None]]

    @property
    def title(self) -> str:
        return f"{JalaliDate(self.year, self.month, 1).month_name()} {to_persian_digits(str(self.year))}"

    @property
    def previous(self) -> str:
        d = JalaliDate(self.year, self.month, 1).add_months(-1)
        return f"{d.year:04d}-{d.month:02d}"

    @property
    def next(self) -> str:
        d = JalaliDate(self.year, self.month, 1).add_months(1)
        return f"{d.year:04d}-{d.month:02d}"

    @property
    def meeting_count(self) -> int:
        return sum(len(day.meetings) for week in self.weeks for day in week if day is not None)


def parse_month(raw: str, *, today: datetime.date | None = None) -> tuple[int, int]:
    """«1405-09» (Latin or Persian digits) → (1405, 9); ValueError for anything else."""
    text = to_latin_digits(raw or "").strip()
    if not text:
        j = JalaliDate.from_gregorian(today or timezone.localdate())
        return j.year, j.month
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(raw)
    year, month = int(parts[0]), int(parts[1])
    if not (1300 <= year <= 1500 and 1 <= month <= 12):
        raise ValueError(raw)
    return year, month


def month_grid(user: User, year: int, month: int, *, today: datetime.date | None = None) -> MonthGrid:
    """The month as weeks Saturday to Friday, each day with the user's meetings that day."""
    today = today or timezone.localdate()
    first = JalaliDate(year, month, 1)
    length = month_length(year, month)
    start, end = first.to_gregorian(), JalaliDate(year, month, length).to_gregorian()
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in (
        meetings_for_calendar(user).filter(date__gte=start, date__lte=end).order_by("date", "time", "pk")
    ):
        by_day.setdefault(meeting.date, []).append(meeting)
    cells: list[Day | None] = [None] * first.weekday()
    for n in range(length):
        g = start + datetime.timedelta(days=n)
        j = JalaliDate(year, month, n + 1)
        cells.append(Day(j, g, g == today, j.weekday() == 6, by_day.get(g, [])))
    cells += [None] * (-len(cells) % 7)
    return MonthGrid(year, month, [cells[i : i + 7] for i in range(0, len(cells), 7)])
