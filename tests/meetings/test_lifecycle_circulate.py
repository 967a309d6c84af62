"""Circulating a draft for comments until a deadline; attendees comment beside the text."""

from __future__ import annotations

import datetime

from django.utils import timezone

from qarargah.meetings.models import MeetingComment
from qarargah.persian import format_jalali
from tests.meetings.lifecycle_world import circulate, record_two, schedule


def _deadline(days: int = 3) -> dict[str, str]:
    return {
        "deadline_date": format_jalali(timezone.localdate() + datetime.timedelta(days=days)),
        "deadline_time": "۱۸:۰۰",
    }


def test_the_secretariat_circulates_a_held_meeting_with_a_comment_deadline(people, client_for):
    meeting = schedule(people)
    record_two(people, meeting)
    client = client_for(people.secretariat)
    response = client.post(f"/meetings/{meeting.pk}/circulate/", {**_deadline(), "version": ""})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "circulated"
    assert timezone.localtime(meeting.comment_deadline).time() == datetime.time(18, 0)


def test_a_meeting_not_yet_held_or_a_past_deadline_is_not_circulated(people, client_for):
    future = schedule(people, date=timezone.localdate() + datetime.timedelta(days=5))
    client = client_for(people.secretariat)
    response = client.post(f"/meetings/{future.pk}/circulate/", _deadline(), follow=True)
    text = response.content.decode()
    assert f"تاریخ جلسه ({format_jalali(future.date)}) هنوز نرسیده است" in text
    future.refresh_from_db()
    assert future.status == "draft"
    held = schedule(people, place="اتاق دیگر")
    response = client.post(f"/meetings/{held.pk}/circulate/", _deadline(-1), follow=True)
    assert "مهلت نظر باید در آینده باشد؛ روز و ساعتی پس از اکنون انتخاب کنید." in response.content.decode()
    held.refresh_from_db()
    assert held.status == "draft"


def test_circulating_needs_the_two_signers_named(people, client_for):
    meeting = schedule(people, chair=None, chair_name="معاون استاندار")
    response = client_for(people.secretariat).post(
        f"/meetings/{meeting.pk}/circulate/", _deadline(), follow=True
    )
    assert (
        "دبیر و رئیس جلسه را (به عنوان کاربر سامانه) در برنامه جلسه تعیین کنید" in response.content.decode()
    )


def test_invited_officers_and_the_chair_comment_beside_the_text_until_the_deadline(people, client_for):
    meeting = schedule(people)
    record_two(people, meeting)
    circulate(people, meeting)
    officer = client_for(people.varzesh)
    page = officer.get(f"/meetings/{meeting.pk}/review/")
    assert page.status_code == 200
    assert "برگزاری جشنواره ورزشی محلات" in page.content.decode()
    response = officer.post(
        f"/meetings/{meeting.pk}/review/", {"text": "مهلت دو هفته کم است.", "resolution_number": "۱"}
    )
    assert response.status_code == 302
    chair = client_for(people.leadership)
    assert chair.post(f"/meetings/{meeting.pk}/review/", {"text": "موافقم."}).status_code == 302
    comments = list(
        MeetingComment.objects.filter(meeting=meeting).values_list("author__username", "resolution_number")
    )
    assert comments == [(people.varzesh.username, 1), (people.leadership.username, None)]
    page = chair.get(f"/meetings/{meeting.pk}/review/")
    rows = page.context["rows"]
    assert [c.text for c in rows[0][1]] == ["مهلت دو هفته کم است."]
    assert [c.text for c in page.context["general"]] == ["موافقم."]
    # A resolution number the minutes do not have is refused at its field.
    bad = officer.post(f"/meetings/{meeting.pk}/review/", {"text": "؟", "resolution_number": "۹"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["resolution_number"] == ["این جلسه مصوبه‌ای با این شماره ندارد."]
    # After the deadline no more comments.
    meeting.refresh_from_db()
    meeting.comment_deadline = timezone.now() - datetime.timedelta(minutes=1)
    meeting.save(update_fields=["comment_deadline"])
    late = officer.post(f"/meetings/{meeting.pk}/review/", {"text": "دیر"})
    assert late.status_code == 400
    assert "مهلت نظر دادن بر این صورتجلسه گذشته است." in late.content.decode()
    assert MeetingComment.objects.filter(meeting=meeting).count() == 2


def test_who_reads_and_comments_on_circulated_minutes(people, client_for):
    meeting = schedule(people, invited_agencies=[people.varzesh.agency])
    record_two(people, meeting)
    # A draft is not shown to attendees yet: the same 404 as a missing meeting.
    assert client_for(people.varzesh).get(f"/meetings/{meeting.pk}/review/").status_code == 404
    circulate(people, meeting)
    # Not invited: 404 (the agency does not see the meeting at all).
    assert client_for(people.taavon).get(f"/meetings/{meeting.pk}/review/").status_code == 404
    assert client_for(people.markazi_officer).get(f"/meetings/{meeting.pk}/review/").status_code == 404
    # The secretariat reads it but is not an attendee: its comment is refused (403).
    secretariat = client_for(people.secretariat)
    assert secretariat.get(f"/meetings/{meeting.pk}/review/").status_code == 200
    refused = client_for(people.national).post(f"/meetings/{meeting.pk}/review/", {"text": "نظر"})
    assert refused.status_code == 403
    assert "فقط حاضران دعوت‌شده جلسه بر صورتجلسه آن نظر می‌دهند." in refused.content.decode()
    assert client_for(people.varzesh).delete(f"/meetings/{meeting.pk}/review/").status_code == 405
    assert secretariat.get(f"/meetings/{meeting.pk}/circulate/").status_code == 405
    # A role that does not browse meetings gets 403 whatever the id (meetings.access).
    assert (
        client_for(people.varzesh).post(f"/meetings/{meeting.pk}/circulate/", _deadline()).status_code == 403
    )
