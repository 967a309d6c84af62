"""«تا جلسه آینده»: due on the body's next meeting, now if it is recorded, or when it is."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from qarargah.accounts.system import SYSTEM
from qarargah.meetings.importer import ResolutionInput, record_meeting
from qarargah.meetings.services import MeetingData
from qarargah.organisations.models import Body
from qarargah.resolutions.models import Assignment, DeadlineKind, Resolution

pytestmark = pytest.mark.django_db


def _minutes(number: int, date: str, *items: str, body: str = "قرارگاه اجتماعی استان البرز") -> bytes:
    lines = [f"صورتجلسه {body}", f"جلسه شماره {number} مورخ {date} در سالن اجتماعات برگزار شد.", "مصوبات:"]
    lines += [f"{i}- {text}" for i, text in enumerate(items, start=1)]
    return "\n".join(lines).encode()


WAITING = "مقرر شد اداره کل بهزیستی گزارش وضعیت مددجویان محله را تا جلسه آینده ارائه کند."
DATED = "مقرر شد اداره کل ورزش و جوانان ظرف دو هفته زمین بازی محله را آماده کند."


def _hq(alborz) -> Body:
    return Body.objects.get(province=alborz, name="قرارگاه اجتماعی استان", county=None)


def test_waiting_until_the_next_meeting_is_recorded_then_due_on_its_date(import_file, alborz):
    first = import_file(data=_minutes(40, "۱۴۰۲/۰۷/۱۰", WAITING, DATED), name="m40.txt").meeting
    waiting = first.resolutions.get(number=1)
    assert waiting.deadline_kind == DeadlineKind.NEXT_MEETING
    assert waiting.get_deadline_kind_display() == "تا جلسه آینده"
    assert waiting.due_date is None and waiting.open_due_date is None
    assert set(waiting.assignments.values_list("due_date", flat=True)) == {None}
    dated_due = first.resolutions.get(number=2).due_date

    second = import_file(data=_minutes(41, "۱۴۰۲/۰۸/۰۲", DATED), name="m41.txt").meeting
    assert second.date == datetime.date(2023, 10, 24)
    waiting.refresh_from_db()
    assert waiting.due_date == second.date
    assert waiting.open_due_date == second.date  # the roll-up the overdue lists read
    assert set(waiting.assignments.values_list("due_date", flat=True)) == {second.date}
    assert first.resolutions.get(number=2).due_date == dated_due  # other kinds untouched
    # The next meeting's own «تا جلسه آینده» items are not dated by itself.
    assert not second.resolutions.filter(deadline_kind=DeadlineKind.NEXT_MEETING).exists()


def test_an_already_recorded_next_meeting_gives_the_date_at_import(import_file, alborz):
    later = import_file(data=_minutes(52, "۱۴۰۳/۰۲/۲۰", DATED), name="m52.txt").meeting
    earlier = import_file(data=_minutes(51, "۱۴۰۳/۰۱/۲۵", WAITING), name="m51.txt").meeting
    row = earlier.resolutions.get(number=1)
    assert row.due_date == later.date
    assert row.open_due_date == later.date
    assert set(row.assignments.values_list("due_date", flat=True)) == {later.date}


def test_preview_says_when_the_next_meeting_is_not_recorded_yet(people, client_for):
    from qarargah.meetings.importer import preview_minutes

    preview = preview_minutes(
        actor=people.secretariat, body=None, filename="m60.txt", data=_minutes(60, "۱۴۰۴/۰۳/۰۱", WAITING)
    )
    [row] = preview.resolutions
    assert (str(row.deadline.kind), row.due_date) == ("next_meeting", None)


def test_only_the_same_body_and_the_nearest_later_meeting_count(import_file, alborz, people):
    first = import_file(data=_minutes(70, "۱۴۰۲/۰۱/۱۵", WAITING), name="m70.txt").meeting
    row = first.resolutions.get(number=1)
    # Another body's meeting is not this body's next meeting.
    other = Body.objects.filter(province=alborz).exclude(pk=first.body_id).first()
    record_meeting(
        actor=people.secretariat,
        body=other,
        data=MeetingData(date=datetime.date(2023, 4, 20)),
        resolutions=[],
    )
    row.refresh_from_db()
    assert row.due_date is None
    # A meeting recorded later, then one recorded between: the nearer one wins.
    import_file(data=_minutes(72, "۱۴۰۲/۰۳/۱۰", DATED), name="m72.txt")
    row.refresh_from_db()
    assert row.due_date == datetime.date(2023, 5, 31)
    # An assignment whose due date was extended keeps its own date.
    Assignment.objects.filter(resolution=row).update(due_date=datetime.date(2023, 6, 30))
    record_meeting(
        actor=people.secretariat,
        body=first.body,
        data=MeetingData(date=datetime.date(2023, 5, 1)),
        resolutions=[ResolutionInput(text="جلسه فوق‌العاده", assignees="اداره کل بهزیستی")],
    )
    row.refresh_from_db()
    assert row.due_date == datetime.date(2023, 5, 1)
    assert set(row.assignments.values_list("due_date", flat=True)) == {datetime.date(2023, 6, 30)}
    assert row.open_due_date == datetime.date(2023, 6, 30)


def test_hand_entry_with_until_next_meeting_and_a_later_meeting(people):
    body = Body.objects.get(province__code="alborz", name="قرارگاه اجتماعی استان", county=None)
    result = record_meeting(
        actor=SYSTEM,
        body=body,
        data=MeetingData(date=datetime.date(2024, 1, 10)),
        resolutions=[
            ResolutionInput(text="تهیه فهرست", assignees="اداره کل بهزیستی", deadline="تا جلسه بعدی")
        ],
    )
    row = result.meeting.resolutions.get()
    assert row.deadline_kind == DeadlineKind.NEXT_MEETING
    record_meeting(actor=SYSTEM, body=body, data=MeetingData(date=datetime.date(2024, 2, 7)), resolutions=[])
    row.refresh_from_db()
    assert row.due_date == datetime.date(2024, 2, 7)


def test_resolution_page_list_and_api_say_until_next_meeting_in_persian(import_file, people, client_for):
    from qarargah.api.tokens import issue_token

    meeting = import_file(data=_minutes(80, "۱۴۰۲/۱۰/۰۵", WAITING), name="m80.txt").meeting
    row = meeting.resolutions.get()
    client = client_for(people.secretariat)
    page = client.get(reverse("resolutions:resolution_detail", args=[row.pk])).content.decode()
    assert "تا جلسه آینده — جلسه بعدی هنوز ثبت نشده است؛ سررسید با ثبت آن تعیین می‌شود." in page
    listing = client.get(reverse("resolutions:resolution_list")).content.decode()
    assert "تا جلسه آینده" in listing
    _, key = issue_token(user=people.secretariat)
    from django.test import Client

    data = Client(HTTP_AUTHORIZATION=f"Token {key}").get(f"/api/v1/resolutions/{row.pk}/").json()
    assert (data["deadline_kind"], data["deadline_kind_label"], data["due_date"]) == (
        "next_meeting",
        "تا جلسه آینده",
        None,
    )
    next_meeting = import_file(data=_minutes(81, "۱۴۰۲/۱۱/۰۳", DATED), name="m81.txt").meeting
    page = client.get(reverse("resolutions:resolution_detail", args=[row.pk])).content.decode()
    assert "تا جلسه آینده — سررسید" in page and "تاریخ جلسه بعدی" in page
    assert Resolution.objects.get(pk=row.pk).due_date == next_meeting.date


def test_a_corrected_meeting_date_moves_the_due_dates_it_gave(import_file, people):
    from qarargah.meetings.services import update_meeting

    first = import_file(data=_minutes(90, "۱۴۰۲/۰۱/۱۵", WAITING), name="m90.txt").meeting
    second = import_file(data=_minutes(91, "۱۴۰۲/۰۲/۱۰", WAITING), name="m91.txt").meeting
    row1, row2 = first.resolutions.get(), second.resolutions.get()
    row1.refresh_from_db()
    assert (row1.due_date, row2.due_date) == (second.date, None)

    def move(meeting, date):
        data = MeetingData(date=date, number=meeting.number, title=meeting.title, place=meeting.place)
        return update_meeting(actor=people.secretariat, meeting=meeting, data=data, expected_version=None)

    # The next meeting's date corrected: the waiting resolution follows it.
    second = move(second, datetime.date(2023, 5, 10))
    row1.refresh_from_db()
    assert row1.due_date == datetime.date(2023, 5, 10)
    assert set(row1.assignments.values_list("due_date", flat=True)) == {datetime.date(2023, 5, 10)}
    # Moved before the first meeting: now the first is the second's next meeting, and the first
    # has no later meeting any more.
    second = move(second, datetime.date(2023, 3, 1))
    row1.refresh_from_db()
    row2.refresh_from_db()
    assert row1.due_date is None and row1.open_due_date is None
    assert row2.due_date == first.date and row2.open_due_date == first.date
