"""GET /api/v1/meetings/{id}/attendance/: the member agencies' attendance and the quorum."""

from __future__ import annotations

import pytest
from django.test import Client

from qarargah.api.tokens import issue_token
from qarargah.meetings.attendance import AttendanceRow, record_attendance

from .participation_world import committee, meeting_of, member

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    _, key = issue_token(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def url(meeting) -> str:
    return f"/api/v1/meetings/{meeting.pk}/attendance/"


def test_attendance_and_quorum(people):
    held = meeting_of(committee(), days=-1)
    varzesh = member(held.body, "ورزش").agency
    behzisti = member(held.body, "بهزیستی").agency
    record_attendance(
        actor=people.secretariat,
        meeting=held,
        rows=[
            AttendanceRow(varzesh.pk, "present", person_name="مریم احمدی"),
            AttendanceRow(behzisti.pk, "represented", represented_by="زهرا کریمی"),
        ],
    )
    response = api(people.leadership).get(url(held))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["quorum"] == {
        "members": 3,
        "present": 2,
        "required": 2,
        "met": True,
        "recorded": True,
        "rule": "نصف به‌علاوه یک اعضا",
        "label": "حد نصاب: ۲ از ۳ — حاضر: ۲ — جلسه رسمیت یافت (تشکیل شد)",
    }
    rows = {r["agency"]["name"]: r for r in data["attendance"]}
    assert rows["اداره کل ورزش و جوانان"]["status"] == "present"
    assert rows["اداره کل بهزیستی"]["represented_by"] == "زهرا کریمی"
    assert [r["status"] for r in data["attendance"]].count(None) == 1


def test_roles_and_methods(people):
    held = meeting_of(committee(), days=-1)
    assert api(people.varzesh).get(url(held)).status_code == 403
    assert api(people.markazi_secretariat).get(url(held)).status_code == 404
    assert api(people.secretariat).get("/api/v1/meetings/999999/attendance/").status_code == 404
    assert Client().get(url(held)).status_code == 401
    response = api(people.secretariat).post(url(held))
    assert response.status_code == 405
