"""Attendance per member agency (present, absent, represented by the deputy), the body's quorum
rule checked and shown, and the lines the minutes print."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from qarargah.meetings.attendance import AttendanceRow, quorum, record_attendance
from qarargah.meetings.documents import attendance_lines, minutes_data
from qarargah.meetings.models import Attendance
from qarargah.organisations.models import Agency, BodyMembership

from .participation_world import committee, meeting_of, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    return meeting_of(committee(), days=-1, title="جلسه دوم کمیته بانوان")


def post_sheet(client, meeting, statuses: dict[str, tuple[str, str]]):
    data = {}
    for m in meeting.body.memberships.select_related("agency"):
        status, represented_by = statuses.get(m.agency.name, ("", ""))
        data[f"a{m.agency_id}-status"] = status
        data[f"a{m.agency_id}-person_name"] = "نام" if status == "present" else ""
        data[f"a{m.agency_id}-represented_by"] = represented_by
    return client.post(reverse("meetings:attendance", args=[meeting.pk]), data)


def test_record_and_quorum_met(people, client_for, held):
    c = client_for(people.secretariat)
    response = post_sheet(
        c,
        held,
        {"اداره کل ورزش و جوانان": ("present", ""), "اداره کل بهزیستی": ("represented", "زهرا کریمی")},
    )
    assert response.status_code == 302
    page = c.get(response.url).content.decode()
    assert "حد نصاب: ۲ از ۳ — حاضر: ۲ — جلسه رسمیت یافت (تشکیل شد)" in page
    assert Attendance.objects.filter(meeting=held).count() == 2
    lines = attendance_lines(held)
    assert "نام (اداره کل ورزش و جوانان) — حاضر" in lines
    assert "اداره کل بهزیستی — به نمایندگی: زهرا کریمی" in lines
    assert minutes_data(held)["attendance"] == lines


def test_quorum_not_met_and_count_rule(people, held):
    record_attendance(
        actor=people.secretariat,
        meeting=held,
        rows=[AttendanceRow(agency_id=member(held.body, "ورزش").agency_id, status="present")],
    )
    q = quorum(held)
    assert (q.members, q.present, q.required, q.met) == (3, 1, 2, False)
    assert q.label == "حد نصاب: ۲ از ۳ — حاضر: ۱ — جلسه به حد نصاب نرسید (تشکیل نشد)"
    held.body.quorum_count = 1
    held.body.save()
    assert quorum(held).met


def test_twelve_members_seven_present(people, held):
    body = held.body
    others = Agency.objects.filter(province=body.province).exclude(memberships__body=body)[:9]
    for agency in others:
        BodyMembership.objects.create(body=body, agency=agency)
    agencies = list(body.memberships.values_list("agency_id", flat=True))
    assert len(agencies) == 12
    rows = [
        AttendanceRow(agency_id=a, status="present" if i < 7 else "absent") for i, a in enumerate(agencies)
    ]
    q = record_attendance(actor=people.secretariat, meeting=held, rows=rows)
    assert q.label == "حد نصاب: ۷ از ۱۲ — حاضر: ۷ — جلسه رسمیت یافت (تشکیل شد)"


def test_represented_needs_a_name_and_nothing_is_saved(people, client_for, held):
    response = post_sheet(
        client_for(people.secretariat),
        held,
        {"اداره کل ورزش و جوانان": ("present", ""), "اداره کل بهزیستی": ("represented", "")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "برای «اداره کل بهزیستی» نام کسی را که به نمایندگی در جلسه بوده است بنویسید." in html
    assert not Attendance.objects.filter(meeting=held).exists()


def test_future_meeting_refused(people, client_for):
    future = meeting_of(committee(), days=3)
    response = post_sheet(client_for(people.secretariat), future, {"اداره کل ورزش و جوانان": ("present", "")})
    assert response.status_code == 400
    assert "حضور و غیاب پس از برگزاری ثبت می‌شود." in response.content.decode()


def test_bad_status_is_a_field_message(people, client_for, held):
    response = post_sheet(client_for(people.secretariat), held, {"اداره کل ورزش و جوانان": ("maybe", "")})
    assert response.status_code == 200
    assert "وضعیت حضور را از فهرست برگزینید." in response.content.decode()


def test_clearing_a_row_and_unchanged_rows(people, held):
    agency_id = member(held.body, "ورزش").agency_id
    record_attendance(actor=people.secretariat, meeting=held, rows=[AttendanceRow(agency_id, "absent")])
    record_attendance(actor=people.secretariat, meeting=held, rows=[AttendanceRow(agency_id, "")])
    assert not Attendance.objects.filter(meeting=held).exists()
    assert quorum(held).label == "حد نصاب: ۲ از ۳ — حضور و غیاب هنوز ثبت نشده است"


def test_role_boundaries(people, client_for, held):
    url = reverse("meetings:attendance", args=[held.pk])
    assert client_for(people.leadership).get(url).status_code == 200
    assert client_for(people.leadership).post(url, {}).status_code == 403
    assert client_for(people.varzesh).get(url).status_code == 403
    assert client_for(people.markazi_secretariat).get(url).status_code == 404
    assert client_for(people.secretariat).delete(url).status_code == 405


def test_signed_meeting_is_not_changed(people, held, monkeypatch):
    from qarargah.core.errors import ServiceError
    from qarargah.meetings import attendance as module
    from qarargah.meetings.documents import SIGNED

    monkeypatch.setattr(module, "signing_state", lambda meeting: SIGNED)
    with pytest.raises(ServiceError) as exc:
        record_attendance(
            actor=people.secretariat,
            meeting=held,
            rows=[AttendanceRow(member(held.body, "ورزش").agency_id, "present")],
            today=held.date + datetime.timedelta(days=1),
        )
    assert exc.value.message == "صورتجلسه این جلسه امضا شده است و حضور و غیاب آن دیگر تغییر نمی‌کند."
