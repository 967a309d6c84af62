"""Scheduling a meeting, editing and deleting its draft (issue 13, decision 0029)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from qarargah.meetings.models import Meeting
from qarargah.persian import format_jalali
from tests.meetings.lifecycle_world import circulate, hq, record_two, schedule, sign_both


def _post(people, **overrides):
    body = hq(people.secretariat)
    data = {
        "body": body.pk,
        "number": "",
        "date": format_jalali(timezone.localdate() + datetime.timedelta(days=7)),
        "time": "۱۰:۰۰",
        "end_time": "۱۲:۰۰",
        "place": "سالن شهید بهشتی",
        "chair": people.leadership.pk,
        "chair_role": "استاندار",
        "secretary": people.secretariat.pk,
        "invitation_number": "۲۱/۲۵/۲۷۴۱",
        "invitation_date": format_jalali(timezone.localdate()),
        "invited_agencies": [people.varzesh.agency_id, people.taavon.agency_id],
        "invited_persons": "نماینده مجلس",
    }
    data.update(overrides)
    return data


def test_the_secretariat_schedules_a_future_meeting_with_the_next_number_proposed(people, client_for):
    client = client_for(people.secretariat)
    page = client.get("/meetings/schedule/")
    assert page.status_code == 200
    body = hq(people.secretariat)
    expected = (max(Meeting.objects.filter(body=body).values_list("number", flat=True), default=0) or 0) + 1
    assert page.context["form"].initial["number"] == expected
    response = client.post("/meetings/schedule/", _post(people))
    meeting = Meeting.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.status == "draft" and not meeting.is_imported
    assert meeting.number == expected
    assert meeting.date > timezone.localdate()
    assert (meeting.time, meeting.end_time) == (datetime.time(10), datetime.time(12))
    assert meeting.chair == people.leadership and meeting.secretary == people.secretariat
    assert meeting.chair_name == people.leadership.get_full_name()
    assert set(meeting.invited_agencies.values_list("pk", flat=True)) == {
        people.varzesh.agency_id,
        people.taavon.agency_id,
    }
    detail = client.get(f"/meetings/{meeting.pk}/")
    assert "پیش‌نویس" in detail.content.decode()


def test_a_duplicate_number_an_end_before_start_are_refused_at_their_fields_nothing_lost(people, client_for):
    first = schedule(people)
    client = client_for(people.secretariat)
    response = client.post("/meetings/schedule/", _post(people, number=str(first.number), place="اتاق ۲"))
    assert response.status_code == 200
    form = response.context["form"]
    number = first.number
    from qarargah.persian import to_persian_digits

    assert form.errors["number"] == [
        f"جلسه شماره {to_persian_digits(str(number))} «{first.body.name}» پیش‌تر ثبت شده است؛ شماره پیشنهادی "
        f"{to_persian_digits(str(number + 1))} است."
    ]
    assert form["place"].value() == "اتاق ۲"  # what was typed stays
    response = client.post("/meetings/schedule/", _post(people, time="۱۴:۰۰", end_time="۱۳:۰۰"))
    assert response.context["form"].errors["end_time"] == [
        "ساعت پایان (۱۳:۰۰) باید پس از ساعت شروع (۱۴:۰۰) باشد."
    ]
    assert Meeting.objects.filter(status="draft").count() == 1


def test_a_clash_of_place_or_chair_warns_and_schedules_once_accepted(people, client_for):
    date = timezone.localdate() + datetime.timedelta(days=7)
    schedule(
        people, date=date, place="سالن شهید بهشتی", start_time=datetime.time(11), end_time=datetime.time(13)
    )
    client = client_for(people.secretariat)
    before = Meeting.objects.count()
    response = client.post("/meetings/schedule/", _post(people))
    assert response.status_code == 200
    warnings = [c.message for c in response.context["clashes"]]
    assert len(warnings) == 1 and warnings[0].startswith("هشدار: محل این جلسه در همان ساعت")
    assert Meeting.objects.count() == before
    response = client.post("/meetings/schedule/", _post(people, accept_clash="on"))
    assert response.status_code == 302 and Meeting.objects.count() == before + 1
    # Another room at another hour, a different chair: no warning.
    response = client.post(
        "/meetings/schedule/",
        _post(
            people, place="اتاق دیگر", time="۱۵:۰۰", end_time="۱۶:۰۰", chair="", chair_name="معاون استاندار"
        ),
    )
    assert response.status_code == 302


def test_a_joint_meeting_keeps_each_bodys_own_number(people):
    from qarargah.organisations.models import Body

    body = hq(people.secretariat)
    other = Body.objects.filter(province=body.province).exclude(pk=body.pk).first()
    meeting = schedule(people, joint_bodies=[(other, 7)])
    assert [s["number"] for s in meeting.joint_sessions] == [meeting.number, 7]
    assert [s["body_id"] for s in meeting.joint_sessions] == [body.pk, other.pk]
    from qarargah.core.errors import ServiceError

    with pytest.raises(ServiceError) as caught:
        schedule(people, joint_bodies=[(other, 7)])
    assert caught.value.field == "joint_bodies"


def test_a_draft_is_edited_with_a_version_check_and_deleted(people, client_for):
    meeting = schedule(people)
    client = client_for(people.secretariat)
    page = client.get(f"/meetings/{meeting.pk}/edit/")
    assert page.status_code == 200
    data = _post(people, number=str(meeting.number), place="تالار وحدت", version=str(meeting.version))
    response = client.post(f"/meetings/{meeting.pk}/edit/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "تالار وحدت"
    stale = client.post(f"/meetings/{meeting.pk}/edit/", {**data, "place": "جای دیگر"})
    assert stale.status_code == 200
    assert "توسط کاربر دیگری تغییر کرده است" in str(stale.context["form"].non_field_errors())
    assert client.post(f"/meetings/{meeting.pk}/delete/").status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_signed_meeting_cannot_be_deleted_nor_edited_only_amended(people, client_for):
    meeting = schedule(people)
    record_two(people, meeting)
    circulate(people, meeting)
    sign_both(people, meeting)
    client = client_for(people.secretariat)
    response = client.post(f"/meetings/{meeting.pk}/delete/")
    assert response.status_code == 403
    assert "صورتجلسه امضاشده را نمی‌توان حذف کرد؛ برای اصلاح آن اصلاحیه ثبت کنید." in response.content.decode()
    assert client.get(f"/meetings/{meeting.pk}/edit/").status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_schedule_pages_take_their_methods_and_belong_to_the_secretariat(people, client_for):
    meeting = schedule(people)
    assert client_for(people.secretariat).delete("/meetings/schedule/").status_code == 405
    assert client_for(people.secretariat).get(f"/meetings/{meeting.pk}/delete/").status_code == 405
    assert client_for(people.varzesh).get("/meetings/schedule/").status_code == 403
    assert client_for(people.leadership).post(f"/meetings/{meeting.pk}/delete/").status_code == 403
    # Another province's secretariat: the same 404 as a missing meeting.
    assert client_for(people.markazi_secretariat).get(f"/meetings/{meeting.pk}/edit/").status_code == 404
    assert client_for(people.markazi_secretariat).get("/meetings/999999/edit/").status_code == 404
    assert Meeting.objects.filter(pk=meeting.pk).exists()
