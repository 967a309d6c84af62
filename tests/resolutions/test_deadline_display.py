"""ASAP and continuous deadlines as people read them: an ASAP due date is shown with the number
of days it was given, a continuous resolution shows when each agency's next report is due and
stays in the agency's open inbox after a period's report is accepted."""

from __future__ import annotations

import datetime

import pytest

from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, DeadlineKind

from .factories import assignment_of, make_meeting, make_resolution, report, today

pytestmark = pytest.mark.django_db


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_asap_is_shown_as_such_with_the_days_it_was_given(people, client_for, alborz):
    meeting = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=2))
    resolution = make_resolution(
        people.secretariat, meeting=meeting, kind=DeadlineKind.ASAP, deadline_raw="اسرع وقت"
    )
    # The province changes its ASAP window later; the resolution keeps the days it was given.
    alborz.asap_days = 10
    alborz.save(update_fields=["asap_days"])
    client = client_for(people.secretariat)
    html = _html(client, f"/resolutions/{resolution.pk}/")
    assert "یعنی ۷ روز پس از جلسه (مهلت «اسرع وقت» استان)" in html
    assert "۵ روز مانده" in html
    officer_html = _html(
        client_for(people.varzesh), f"/resolutions/assignments/{assignment_of(resolution).pk}/"
    )
    assert "«اسرع وقت»: ۷ روز پس از جلسه" in officer_html


def test_continuous_shows_the_period_and_the_next_report(people, client_for):
    meeting = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=5))
    resolution = make_resolution(
        people.secretariat,
        meeting=meeting,
        kind=DeadlineKind.CONTINUOUS,
        deadline_raw="مستمر",
        report_period_days=14,
    )
    html = _html(client_for(people.secretariat), f"/resolutions/{resolution.pk}/")
    assert "مستمر — هر ۱۴ روز یک گزارش؛ موعد گزارش بعدی هر دستگاه در جدول اقدام‌کنندگان آمده است." in html
    assert '<th scope="col">گزارش بعدی</th>' in html
    assert "۹ روز مانده" in html
    assignment = assignment_of(resolution)
    officer_html = _html(client_for(people.varzesh), f"/resolutions/assignments/{assignment.pk}/")
    assert "گزارش بعدی تا" in officer_html
    assert "مصوبه مستمر: هر ۱۴ روز یک گزارش لازم است." in officer_html


def test_accepted_continuous_assignment_stays_open_with_the_next_period_due(people, client_for):
    meeting = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=5))
    resolution = make_resolution(
        people.secretariat, meeting=meeting, kind=DeadlineKind.CONTINUOUS, report_period_days=30
    )
    assignment = assignment_of(resolution)
    first_due = assignment.due_date
    submitted = report(people.varzesh, assignment)
    services.review_progress_report(actor=people.secretariat, report=submitted, decision="accept")
    assignment.refresh_from_db()
    assert assignment.due_date == first_due + datetime.timedelta(days=30)
    assert Assignment.objects.filter(pk=assignment.pk).open().exists()

    inbox = _html(client_for(people.varzesh), "/resolutions/inbox/")
    assert f"/resolutions/assignments/{assignment.pk}/" in inbox
    assert "گزارش دوره‌ای" in inbox
    days = (assignment.due_date - today()).days
    assert f"{str(days).translate(str.maketrans('0123456789', '۰۱۲۳۴۵۶۷۸۹'))} روز مانده" in inbox
    assert "انجام شد" not in inbox


def test_accepted_one_off_assignment_leaves_the_open_inbox(people, client_for):
    resolution = make_resolution(people.secretariat)
    assignment = assignment_of(resolution)
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment), decision="accept"
    )
    client = client_for(people.varzesh)
    assert f"/resolutions/assignments/{assignment.pk}/" not in _html(client, "/resolutions/inbox/")
    everything = _html(client, "/resolutions/inbox/?show=all")
    assert f"/resolutions/assignments/{assignment.pk}/" in everything
    assert "انجام شد" in everything


def test_deadline_display_pages_refuse_other_provinces_and_wrong_methods(people, client_for):
    resolution = make_resolution(people.secretariat, kind=DeadlineKind.ASAP)
    markazi = client_for(people.markazi_secretariat)
    assert markazi.get(f"/resolutions/{resolution.pk}/").status_code == 404
    assert client_for(people.secretariat).post(f"/resolutions/{resolution.pk}/").status_code == 405
