"""Each person's calendar: a Jalali month grid of the meetings they may see, and a private
.ics feed (token per user, regenerable, revocable, read without login)."""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
from django.urls import reverse

from qarargah.meetings.calendar import month_grid, parse_month
from qarargah.meetings.models import CalendarFeedToken, Meeting
from qarargah.organisations.models import Body
from qarargah.persian import JalaliDate

from .participation_world import committee

pytestmark = pytest.mark.django_db


def on(jalali: JalaliDate, body: Body, **fields) -> Meeting:
    fields.setdefault("time", datetime.time(9, 30))
    return Meeting.objects.create(body=body, date=jalali.to_gregorian(), **fields)


def test_month_grid_starts_on_saturday_and_places_meetings(people):
    # 1 Dey 1405 is a Tuesday (22 December 2026): three empty cells (Saturday to Monday) first.
    m = on(JalaliDate(1405, 10, 1), committee(), number=41, title="جلسه یلدا")
    grid = month_grid(people.secretariat, 1405, 10, today=JalaliDate(1405, 10, 3).to_gregorian())
    assert grid.title == "دی ۱۴۰۵"
    assert grid.weeks[0][:3] == [None, None, None]
    first = grid.weeks[0][3]
    assert (first.date.day, first.gregorian) == (1, datetime.date(2026, 12, 22))
    assert first.meetings == [m]
    days = [d for week in grid.weeks for d in week if d is not None]
    assert len(days) == 30 and all(len(week) == 7 for week in grid.weeks)
    assert [d.date.day for d in days if d.is_today] == [3]
    assert all(d.is_friday == (d.date.weekday() == 6) for d in days)
    assert (grid.previous, grid.next) == ("1405-09", "1405-11")


def test_month_page_in_persian_with_navigation(people, client_for):
    on(JalaliDate(1405, 10, 1), committee(), number=41, title="جلسه یلدا")
    page = client_for(people.secretariat).get(reverse("meetings:calendar"), {"month": "۱۴۰۵-۱۰"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "دی ۱۴۰۵" in html and "جلسه یلدا" in html and "۰۹:۳۰" in html
    assert 'href="?month=1405-09"' in html and 'href="?month=1405-11"' in html
    assert "شنبه" in html and "جمعه" in html


def test_bad_month_falls_back_with_a_persian_message(people, client_for):
    page = client_for(people.secretariat).get(reverse("meetings:calendar"), {"month": "1405-13"}, follow=True)
    assert (
        "ماه را به شکل سال-ماه شمسی بنویسید، مانند ۱۴۰۵-۰۹؛ ماه جاری نشان داده شد." in page.content.decode()
    )
    with pytest.raises(ValueError):
        parse_month("abc")


def test_officer_sees_meetings_of_its_bodies_only(people, client_for):
    mine = on(JalaliDate(1405, 10, 5), committee(), number=42, title="جلسه کمیته بانوان")
    other_body = Body.objects.get(province__code="alborz", name="کمیته اشتغال، مراقبت و بازپروری معتادان")
    on(JalaliDate(1405, 10, 6), other_body, number=7, title="جلسه کمیته اشتغال")
    markazi = Body.objects.filter(province__code="markazi").first()
    on(JalaliDate(1405, 10, 7), markazi, number=8, title="جلسه مرکزی")
    grid = month_grid(people.varzesh, 1405, 10)
    assert [m for w in grid.weeks for d in w if d for m in d.meetings] == [mine]
    html = client_for(people.varzesh).get(reverse("meetings:calendar"), {"month": "1405-10"}).content.decode()
    assert "جلسه کمیته بانوان" in html and "جلسه کمیته اشتغال" not in html and "جلسه مرکزی" not in html
    secretariat = [
        m.title for w in month_grid(people.secretariat, 1405, 10).weeks for d in w if d for m in d.meetings
    ]
    assert secretariat == ["جلسه کمیته بانوان", "جلسه کمیته اشتغال"]


def _feed_url(html: str) -> str:
    return re.search(r'data-testid="feed-url">([^<]+)</code>', html).group(1)


def test_feed_token_issue_read_regenerate_revoke(people, client_for, client):
    from django.utils import timezone

    soon = JalaliDate.from_gregorian(timezone.localdate() + datetime.timedelta(days=3))
    on(soon, committee(), number=43, title="جلسه کمیته بانوان", place="سالن شهید رجایی")
    c = client_for(people.varzesh)
    page = c.post(reverse("meetings:calendar_feed_manage"), {"action": "new"})
    url = _feed_url(page.content.decode())
    assert CalendarFeedToken.objects.get(user=people.varzesh).token_hash not in url  # only the hash is kept
    feed = client.get(url)  # no login
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed["Cache-Control"] == "private, no-store"
    cal = icalendar.Calendar.from_ical(feed.content)
    assert [str(e["summary"]) for e in cal.events] == ["جلسه کمیته بانوان"]
    assert cal.events[0].start.utcoffset() == datetime.timedelta(hours=3, minutes=30)
    assert any(tz["TZID"] == "Asia/Tehran" for tz in cal.walk("VTIMEZONE"))
    new_url = _feed_url(c.post(reverse("meetings:calendar_feed_manage"), {"action": "new"}).content.decode())
    assert new_url != url
    assert client.get(url).status_code == 404
    assert client.get(new_url).status_code == 200
    page = c.post(reverse("meetings:calendar_feed_manage"), {"action": "revoke"}, follow=True)
    assert "نشانی خصوصی تقویم شما باطل شد و دیگر خوانده نمی‌شود." in page.content.decode()
    assert client.get(new_url).status_code == 404


def test_feed_shows_only_the_tokens_users_meetings(people, client_for, client):
    from django.utils import timezone

    soon = JalaliDate.from_gregorian(timezone.localdate() + datetime.timedelta(days=3))
    markazi = Body.objects.filter(province__code="markazi").first()
    on(soon, markazi, number=9, title="جلسه مرکزی")
    on(soon, committee(), number=44, title="جلسه کمیته بانوان")
    url = _feed_url(
        client_for(people.secretariat)
        .post(reverse("meetings:calendar_feed_manage"), {"action": "new"})
        .content.decode()
    )
    titles = [str(e["summary"]) for e in icalendar.Calendar.from_ical(client.get(url).content).events]
    assert "جلسه کمیته بانوان" in titles and "جلسه مرکزی" not in titles


def test_unknown_token_and_inactive_user_are_404(people, client_for, client):
    assert client.get(reverse("meetings:calendar_feed", args=["nope"])).status_code == 404
    url = _feed_url(
        client_for(people.taavon)
        .post(reverse("meetings:calendar_feed_manage"), {"action": "new"})
        .content.decode()
    )
    people.taavon.is_active = False
    people.taavon.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_calendar_needs_login_and_wrong_methods(people, client_for, client):
    assert client.get(reverse("meetings:calendar")).status_code == 302
    c = client_for(people.secretariat)
    assert c.post(reverse("meetings:calendar")).status_code == 405
    assert c.get(reverse("meetings:calendar_feed_manage")).status_code == 405
    assert client.post(reverse("meetings:calendar_feed", args=["x"])).status_code == 405
    page = c.post(reverse("meetings:calendar_feed_manage"), {"action": "other"}, follow=True)
    assert "درخواست نامعتبر بود؛ یکی از دکمه‌های ساخت یا ابطال نشانی را بزنید." in page.content.decode()


def test_menu_has_the_calendar(people, client_for):
    html = client_for(people.varzesh).get(reverse("meetings:calendar")).content.decode()
    assert "تقویم جلسات" in html


def test_calendar_links_to_the_rosters(people, client_for):
    from .participation_world import member

    html = client_for(people.varzesh).get(reverse("meetings:calendar")).content.decode()
    roster = reverse("meetings:roster", args=[committee().pk])
    assert roster in html
    assert "دستگاه شما هنوز نماینده معرفی نکرده است" in html
    m = member(committee(), "ورزش")
    m.representative_name = "مریم احمدی"
    m.save()
    html = client_for(people.varzesh).get(reverse("meetings:calendar")).content.decode()
    assert "نماینده دستگاه شما معرفی شده است" in html
    html = client_for(people.secretariat).get(reverse("meetings:calendar")).content.decode()
    assert roster in html and "۲ عضو بی‌نماینده" in html
    assert "دستگاه شما" not in html
    assert (
        'data-testid="bodies"'
        not in client_for(people.leadership).get(reverse("meetings:calendar")).content.decode()
    )


def test_feed_management_needs_login(client):
    response = client.post(reverse("meetings:calendar_feed_manage"), {"action": "new"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CalendarFeedToken.objects.exists()


def test_ics_of_a_meeting_without_time_is_all_day_and_end_time_is_read(people):
    from qarargah.meetings.calendar import calendar_bytes

    m = on(JalaliDate(1405, 10, 1), committee(), number=45, title="جلسه بی‌ساعت", time=None)
    [event] = icalendar.Calendar.from_ical(calendar_bytes([m], name="x")).events
    assert event.start == datetime.date(2026, 12, 22)
    assert event.end == datetime.date(2026, 12, 23)
    timed = on(JalaliDate(1405, 10, 2), committee(), number=46, title="جلسه با پایان")
    timed.end_time = datetime.time(12, 30)  # the life cycle's end time, when the meeting has one
    [event] = icalendar.Calendar.from_ical(calendar_bytes([timed], name="x")).events
    assert event.end - event.start == datetime.timedelta(hours=3)
