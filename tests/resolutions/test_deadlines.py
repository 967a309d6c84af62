"""Due dates from the deadline kinds: ASAP uses the province's setting, continuous expects a
report every period, «هفته جاری» is due on the Friday ending the meeting's week."""

from __future__ import annotations

import datetime

import pytest

from qarargah.organisations.models import Province
from qarargah.persian import parse_deadline
from qarargah.resolutions import services, workflow
from qarargah.resolutions.models import DeadlineKind
from qarargah.resolutions.templatetags.resolutions_tags import due_wording

from .factories import assignment_of, make_meeting, make_resolution

pytestmark = pytest.mark.django_db

SATURDAY = datetime.date(2024, 6, 1)  # 1403/03/12, a Saturday


def test_asap_uses_the_provinces_asap_days(people, alborz):
    Province.objects.filter(pk=alborz.pk).update(asap_days=5)
    meeting = make_meeting(people.secretariat, date=SATURDAY)
    resolution = services.create_resolution(
        actor=people.secretariat,
        meeting=meeting,
        number=1,
        text="اقدام فوری",
        deadline_kind=DeadlineKind.ASAP,
    )
    assert resolution.due_date == SATURDAY + datetime.timedelta(days=5)


def test_asap_default_is_seven_days(people):
    meeting = make_meeting(people.secretariat, date=SATURDAY)
    resolution = make_resolution(people.secretariat, meeting=meeting, kind=DeadlineKind.ASAP, due=None)
    assert resolution.due_date == SATURDAY + datetime.timedelta(days=7)
    assert assignment_of(resolution).due_date == resolution.due_date


def test_continuous_expects_a_report_every_period(people):
    meeting = make_meeting(people.secretariat, date=SATURDAY)
    resolution = make_resolution(
        people.secretariat, meeting=meeting, kind=DeadlineKind.CONTINUOUS, report_period_days=14
    )
    assert resolution.due_date == SATURDAY + datetime.timedelta(days=14)


def test_this_week_is_due_friday(people):
    wednesday = SATURDAY + datetime.timedelta(days=4)
    meeting = make_meeting(people.secretariat, date=wednesday)
    parsed = parse_deadline("هفته جاری", wednesday)
    resolution = services.create_resolution(
        actor=people.secretariat,
        meeting=meeting,
        number=1,
        text="برگزاری میز خدمت",
        deadline_kind=DeadlineKind.THIS_WEEK,
        parsed_due=parsed.due_date,
    )
    assert resolution.due_date == SATURDAY + datetime.timedelta(days=6)
    assert resolution.due_date.weekday() == 4  # Friday
    without_parse = workflow.resolve_due_date(
        kind=DeadlineKind.THIS_WEEK, parsed_due=None, meeting_date=wednesday, asap_days=7
    )
    assert without_parse == resolution.due_date


def test_relative_and_dated_come_from_the_parser():
    due = datetime.date(2024, 7, 1)
    for kind in (DeadlineKind.RELATIVE, DeadlineKind.DATE):
        assert workflow.resolve_due_date(kind=kind, parsed_due=due, meeting_date=SATURDAY, asap_days=7) == due
    assert (
        workflow.resolve_due_date(kind=DeadlineKind.NONE, parsed_due=None, meeting_date=SATURDAY, asap_days=7)
        is None
    )


def test_due_wording():
    today = datetime.date(2024, 6, 10)
    assert due_wording(today + datetime.timedelta(days=3), today) == "۳ روز مانده"
    assert due_wording(today - datetime.timedelta(days=2), today) == "۲ روز گذشته"
    assert due_wording(today, today) == "امروز"
    assert due_wording(None, today) == "بدون سررسید"


def test_overdue_continuous_after_acceptance(people):
    from qarargah.resolutions.models import Assignment

    meeting = make_meeting(people.secretariat, date=SATURDAY)
    resolution = make_resolution(people.secretariat, meeting=meeting, kind=DeadlineKind.CONTINUOUS)
    assignment = assignment_of(resolution)
    Assignment.objects.filter(pk=assignment.pk).update(status="accepted")
    assignment.refresh_from_db()
    # Accepted for a period long gone: the next period's report is late.
    assert assignment.is_overdue()
    assert Assignment.objects.overdue().filter(pk=assignment.pk).exists()
