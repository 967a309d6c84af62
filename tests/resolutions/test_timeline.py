"""The change timeline on the resolution and assignment pages: who, when, what, before and
after, in Persian with Jalali dates, without the database's bookkeeping."""

from __future__ import annotations

import datetime

import pytest

from qarargah.history.selectors import history_for
from qarargah.history.selectors import readable_value as _readable
from qarargah.resolutions import services

from .factories import assignment_of, make_resolution, pdf_bytes, report, upload

pytestmark = pytest.mark.django_db

NOISE = ("resolutions.ProgressReport.None", "resolutions.DeadlineExtension.None", "sha256", "reports/")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_resolution_timeline_names_who_and_shows_before_and_after_in_jalali(people, client_for):
    resolution = make_resolution(people.secretariat, due=datetime.date(2025, 3, 20))
    assignment = assignment_of(resolution)
    submitted = report(people.varzesh, assignment, files=[upload("گزارش.pdf", pdf_bytes())])
    services.review_progress_report(
        actor=people.secretariat, report=submitted, decision="return", comment="آمار را هم بنویسید."
    )
    html = _page(client_for(people.secretariat), f"/resolutions/{resolution.pk}/")
    timeline = html[html.index("تاریخچه تغییرات") :]
    assert "گزارش برگشت داده شد" in timeline
    assert "گزارش اقدام فرستاده شد" in timeline
    assert "مریم کاظمی" in timeline and "رضا محمدی" in timeline
    # Status before and after, in words.
    assert "<td>گزارش‌شده</td><td>برگشت‌خورده</td>" in timeline
    # The due date as a Jalali date (2025-03-20 is 1403/12/30), never the stored ISO text.
    assert "۱۴۰۳/۱۲/۳۰" in timeline
    assert "2025-03-20" not in timeline and "۲۰۲۵-۰۳-۲۰" not in timeline
    assert "گزارش.pdf" in timeline
    for noise in NOISE:
        assert noise not in timeline
    assert "<td>ID</td>" not in timeline


def test_assignment_timeline_shows_extension_dates_in_jalali(people, client_for):
    resolution = make_resolution(people.secretariat, due=datetime.date.today() + datetime.timedelta(days=3))
    assignment = assignment_of(resolution)
    extension = services.request_deadline_extension(
        actor=people.varzesh,
        assignment=assignment,
        requested_due_date=datetime.date(2099, 3, 21),
        reason="هماهنگی با شهرداری زمان‌بر است.",
    )
    services.decide_deadline_extension(actor=people.secretariat, extension=extension, approve=True)
    html = _page(client_for(people.varzesh), f"/resolutions/assignments/{assignment.pk}/")
    timeline = html[html.index("تاریخچه تغییرات") :]
    assert "با تمدید مهلت موافقت شد" in timeline
    assert "۱۴۷۸/۰۱/۰۲" in timeline  # 2099-03-21
    assert "2099" not in timeline and "۲۰۹۹" not in timeline


def test_readable_turns_stored_dates_into_jalali_and_leaves_text_alone():
    assert _readable("2025-03-20") == "۱۴۰۳/۱۲/۳۰"
    # auditlog stores datetimes naive in UTC; Tehran is UTC+3:30.
    assert _readable("2025-03-20 10:00:00.123456") == "۱۴۰۳/۱۲/۳۰ ساعت ۱۳:۳۰"
    assert _readable("گزارش ۲۰۲۵") == "گزارش ۲۰۲۵"
    assert _readable("2025-13-45") == "2025-13-45"


def test_timeline_is_scoped_like_the_page(people, client_for):
    resolution = make_resolution(people.secretariat)
    assert client_for(people.taavon).get(f"/resolutions/{resolution.pk}/").status_code == 404
    assert client_for(people.secretariat).post(f"/resolutions/{resolution.pk}/").status_code == 405
    assert history_for(people.secretariat, []) == []
