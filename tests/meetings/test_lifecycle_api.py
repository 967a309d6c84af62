"""The life cycle in the API: POST /api/v1/meetings/ (schedule) and POST …/sign/ (issue 13)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from qarargah.api.tokens import issue_token
from qarargah.meetings.models import Meeting, MeetingSignature
from tests.meetings.lifecycle_world import circulate, hq, record_two, schedule

LIST = "/api/v1/meetings/"
PASSWORD = "qarargah-demo-1403"


@pytest.fixture
def api_for():
    def make(user) -> Client:
        _, key = issue_token(user=user)
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make


def _payload(people, **overrides):
    data = {
        "body": hq(people.secretariat).pk,
        "date": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        "start_time": "۱۰:۰۰",
        "end_time": "12:00",
        "place": "سالن شهید بهشتی",
        "chair": people.leadership.pk,
        "secretary": people.secretariat.pk,
        "invitation_number": "۲۱/۲۵/۲۷۴۱",
        "invitation_date": timezone.localdate().isoformat(),
        "invited_agencies": [people.varzesh.agency_id],
    }
    data.update(overrides)
    return data


def test_the_secretariat_schedules_through_the_api_with_the_next_number(people, api_for):
    api = api_for(people.secretariat)
    response = api.post(LIST, _payload(people), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    meeting = Meeting.objects.get(pk=body["id"])
    assert body["status"] == "draft" and meeting.status == "draft"
    assert body["number"] == meeting.number and meeting.number >= 1
    assert body["end_time"] == "12:00:00" and body["warnings"] == []
    assert list(meeting.invited_agencies.values_list("pk", flat=True)) == [people.varzesh.agency_id]
    # The same room at the same time: scheduled, with a warning.
    again = api.post(LIST, _payload(people, number=meeting.number + 5), content_type="application/json")
    assert again.status_code == 201
    assert again.json()["warnings"][0].startswith("هشدار: محل این جلسه در همان ساعت")
    # The list (GET, unchanged) now says each meeting's status.
    listed = {m["id"]: m["status"] for m in api.get(LIST).json()["results"]}
    assert listed[meeting.pk] == "draft"
    assert api.get(f"{LIST}{meeting.pk}/").json()["status"] == "draft"


def test_bad_input_is_refused_in_persian_at_its_field_nothing_written(people, api_for):
    api = api_for(people.secretariat)
    first = schedule(people)
    before = Meeting.objects.count()
    duplicate = api.post(LIST, _payload(people, number=first.number), content_type="application/json")
    assert duplicate.status_code == 400
    error = duplicate.json()["error"]
    assert error["code"] == "invalid" and "پیش‌تر ثبت شده است" in error["fields"]["number"][0]
    ends_early = api.post(
        LIST, _payload(people, start_time="14:00", end_time="13:00"), content_type="application/json"
    )
    assert ends_early.json()["error"]["fields"]["end_time"] == [
        "ساعت پایان (۱۳:۰۰) باید پس از ساعت شروع (۱۴:۰۰) باشد."
    ]
    unknown = api.post(LIST, _payload(people, invited_agencies=[999999]), content_type="application/json")
    assert unknown.json()["error"]["fields"]["invited_agencies"] == [
        "دستگاه با شناسه 999999 در فهرست دستگاه‌های تأییدشده این استان نیست."
    ]
    no_date = api.post(LIST, _payload(people, date=None), content_type="application/json")
    assert no_date.json()["error"]["fields"]["date"] == ["تاریخ جلسه را بدهید."]
    bad_time = api.post(LIST, _payload(people, start_time="25:99"), content_type="application/json")
    assert bad_time.json()["error"]["fields"]["start_time"] == [
        "ساعت «25:99» معتبر نیست؛ آن را به شکل 14:30 یا ۱۴:۳۰ بدهید."
    ]
    assert Meeting.objects.count() == before


def test_scheduling_belongs_to_the_secretariat_of_the_bodys_province(people, api_for):
    refused = api_for(people.varzesh).post(LIST, _payload(people), content_type="application/json")
    assert refused.status_code == 403
    assert (
        refused.json()["error"]["message"] == "برنامه‌ریزی جلسه کار دبیرخانه است؛ نقش شما اجازه آن را ندارد."
    )
    hidden = api_for(people.markazi_secretariat).post(LIST, _payload(people), content_type="application/json")
    assert hidden.status_code == 400, hidden.content.decode()
    assert hidden.json()["error"]["fields"]["body"] == ["قرارگاه یا شورایی با این شناسه پیدا نشد."]
    assert Client().post(LIST, _payload(people), content_type="application/json").status_code == 401
    assert api_for(people.secretariat).put(LIST, {}, content_type="application/json").status_code == 405


def test_secretary_and_chair_sign_through_the_api(people, api_for):
    meeting = schedule(people)
    record_two(people, meeting)
    circulate(people, meeting)
    url = f"{LIST}{meeting.pk}/sign/"
    wrong = api_for(people.secretariat).post(url, {"password": "nope"}, content_type="application/json")
    assert wrong.status_code == 400
    assert wrong.json()["error"]["fields"]["password"] == [
        "گذرواژه درست نیست؛ گذرواژه ورود خود را دوباره وارد کنید."
    ]
    first = api_for(people.secretariat).post(url, {"password": PASSWORD}, content_type="application/json")
    assert first.status_code == 200 and first.json()["status"] == "circulated"
    twice = api_for(people.secretariat).post(url, {"password": PASSWORD}, content_type="application/json")
    assert twice.status_code == 409
    second = api_for(people.leadership).post(url, {"password": PASSWORD}, content_type="application/json")
    body = second.json()
    assert body["status"] == "locked" and body["signed_at"]
    assert sorted(s["role"] for s in body["signatures"]) == ["chair", "secretary"]
    assert body["message"] == "صورتجلسه امضا و قفل شد؛ تکالیف آن اکنون برای دستگاه‌ها دیده می‌شود."


def test_signing_through_the_api_is_for_the_two_signers_only(people, api_for):
    meeting = schedule(people)
    record_two(people, meeting)
    circulate(people, meeting)
    url = f"{LIST}{meeting.pk}/sign/"
    officer = api_for(people.varzesh).post(url, {"password": PASSWORD}, content_type="application/json")
    assert officer.status_code == 403
    assert (
        officer.json()["error"]["message"]
        == "فقط دبیر جلسه و رئیس جلسه صورتجلسه را امضا می‌کنند؛ شما هیچ‌یک نیستید."
    )
    assert (
        api_for(people.markazi_officer)
        .post(url, {"password": PASSWORD}, content_type="application/json")
        .status_code
        == 404
    )
    assert api_for(people.secretariat).get(url).status_code == 405
    assert not MeetingSignature.objects.exists()


def test_the_schema_documents_schedule_and_sign(people, api_for):
    schema = api_for(people.secretariat).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "post" in schema["paths"]["/api/v1/meetings/"] and "get" in schema["paths"]["/api/v1/meetings/"]
    assert "post" in schema["paths"]["/api/v1/meetings/{id}/sign/"]
