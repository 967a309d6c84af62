"""The stored roll-up ``Resolution.open_due_date`` follows every change the services make, so the
list's «overdue» filter (``open_due_date < today``) agrees with the assignments themselves."""

from __future__ import annotations

import datetime

import pytest

from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, DeadlineKind, Resolution
from qarargah.resolutions.services import recompute_open_due_dates
from qarargah.resolutions.workflow import open_due_date_of
from tests.resolutions.factories import TAAVON, VARZESH, agency, assignment_of, make_resolution, report, today

pytestmark = pytest.mark.django_db


def _expected(resolution: Resolution) -> datetime.date | None:
    """What the roll-up should be, read from the assignments as Assignment.objects.open() does."""
    dues = Assignment.objects.open().filter(resolution=resolution).exclude(due_date=None)
    return min(dues.values_list("due_date", flat=True), default=None)


def _stored(resolution: Resolution) -> datetime.date | None:
    return Resolution.objects.get(pk=resolution.pk).open_due_date


def _agrees(resolution: Resolution) -> bool:
    overdue = Resolution.objects.filter(pk=resolution.pk).overdue(today()).exists()
    late = Assignment.objects.filter(resolution=resolution).overdue(today()).exists()
    return _stored(resolution) == _expected(resolution) and overdue == late


def test_the_pure_rollup_takes_the_earliest_open_due_date():
    d1, d2, d3 = (datetime.date(2026, 1, day) for day in (5, 9, 20))
    assert open_due_date_of([("accepted", False, d1), ("in_progress", False, d3), ("new", False, d2)]) == d2
    assert open_due_date_of([("accepted", True, d1), ("new", False, d2)]) == d1  # continuous stays open
    assert open_due_date_of([("accepted", False, d1), ("new", False, None)]) is None
    assert open_due_date_of([]) is None


def test_created_one_by_one_or_together_with_or_without_agencies(people):
    due = today() + datetime.timedelta(days=4)
    one = make_resolution(people.secretariat, due=due)
    assert _stored(one) == due and _agrees(one)
    nobody = make_resolution(people.secretariat, due=due, agencies=())
    assert _stored(nobody) is None and _agrees(nobody)
    (together,) = services.create_resolutions(
        actor=people.secretariat,
        meeting=one.meeting,
        items=[
            services.NewResolution(
                number=900,
                text="مقرر گردید: ورزش همگانی در محله‌ها گسترش یابد.",
                deadline_kind=DeadlineKind.DATE,
                parsed_due=due,
                agencies=((agency(VARZESH), "lead"),),
            )
        ],
    )
    assert _stored(together) == due and _agrees(together)


def test_accepting_the_last_report_clears_it_and_a_late_one_makes_the_resolution_overdue(people):
    late = make_resolution(
        people.secretariat, due=today() - datetime.timedelta(days=3), agencies=(VARZESH, TAAVON)
    )
    assert Resolution.objects.overdue(today()).filter(pk=late.pk).exists()
    for officer, name in ((people.varzesh, VARZESH), (people.taavon, TAAVON)):
        sent = report(officer, assignment_of(late, name))
        services.review_progress_report(actor=people.secretariat, report=sent, decision="accept")
        assert _agrees(late)
    assert _stored(late) is None
    assert not Resolution.objects.overdue(today()).filter(pk=late.pk).exists()


def test_a_continuous_resolution_moves_to_the_next_period_when_its_report_is_accepted(people):
    start = today() - datetime.timedelta(days=2)
    monthly = make_resolution(
        people.secretariat, kind=DeadlineKind.CONTINUOUS, due=start, report_period_days=30
    )
    assert _agrees(monthly)
    sent = report(people.varzesh, assignment_of(monthly))
    services.review_progress_report(actor=people.secretariat, report=sent, decision="accept")
    assert _stored(monthly) == assignment_of(monthly).due_date > today()
    assert _agrees(monthly)


def test_an_approved_extension_moves_it(people):
    resolution = make_resolution(people.secretariat, due=today() + datetime.timedelta(days=2))
    later = today() + datetime.timedelta(days=20)
    asked = services.request_deadline_extension(
        actor=people.varzesh,
        assignment=assignment_of(resolution),
        requested_due_date=later,
        reason="نیاز به هماهنگی بیشتر",
    )
    services.decide_deadline_extension(actor=people.secretariat, extension=asked, approve=True)
    assert _stored(resolution) == later and _agrees(resolution)


def test_editing_the_due_date_or_the_kind_and_changing_agencies(people):
    resolution = make_resolution(people.secretariat, due=today() + datetime.timedelta(days=5))
    earlier = today() - datetime.timedelta(days=1)
    services.update_resolution(
        actor=people.secretariat,
        resolution=resolution,
        expected_version=None,
        cascade_due_date=True,
        due_date=earlier,
    )
    assert _stored(resolution) == earlier and _agrees(resolution)
    services.assign_resolution(
        actor=people.secretariat,
        resolution=Resolution.objects.get(pk=resolution.pk),
        agency=agency(TAAVON),
        due_date=today() - datetime.timedelta(days=9),
    )
    assert _stored(resolution) == today() - datetime.timedelta(days=9) and _agrees(resolution)
    services.unassign_resolution(actor=people.secretariat, assignment=assignment_of(resolution, TAAVON))
    assert _stored(resolution) == earlier and _agrees(resolution)
    sent = report(people.varzesh, assignment_of(resolution))
    services.review_progress_report(actor=people.secretariat, report=sent, decision="accept")
    assert _stored(resolution) is None
    services.update_resolution(
        actor=people.secretariat,
        resolution=Resolution.objects.get(pk=resolution.pk),
        expected_version=None,
        deadline_kind=DeadlineKind.CONTINUOUS,
    )
    # Accepted, but continuous now: open again, and late since its due date has passed.
    assert _stored(resolution) == earlier and _agrees(resolution)


def test_bulk_recompute_matches_the_services(people):
    rows = [make_resolution(people.secretariat, due=today() + datetime.timedelta(days=d)) for d in (-4, 3)]
    Resolution.objects.filter(pk__in=[r.pk for r in rows]).update(open_due_date=None)
    assert recompute_open_due_dates(Resolution.objects.filter(pk__in=[r.pk for r in rows])) == 2
    assert all(_agrees(r) for r in rows)


# --- Issue 11 A.2: the new transitions keep the roll-ups right -------------------------------------


def _status_agrees(resolution: Resolution) -> bool:
    from qarargah.resolutions.workflow import rollup_status

    fresh = rollup_status(Assignment.objects.filter(resolution=resolution).values_list("status", flat=True))
    return Resolution.objects.get(pk=resolution.pk).status == fresh


@pytest.mark.parametrize("decision", ["accept_progress", "accept_close", "accept", "return"])
def test_every_review_decision_keeps_both_rollups(people, decision):
    late = make_resolution(
        people.secretariat, due=today() - datetime.timedelta(days=3), agencies=(VARZESH, TAAVON)
    )
    sent = report(people.varzesh, assignment_of(late, VARZESH))
    assert _agrees(late) and _status_agrees(late)
    services.review_progress_report(actor=people.secretariat, report=sent, decision=decision, comment="دلیل")
    assert _agrees(late) and _status_agrees(late)
    # Accepted as progress, the late assignment is still open and the resolution still overdue.
    if decision == "accept_progress":
        assert Resolution.objects.overdue(today()).filter(pk=late.pk).exists()
        assert _stored(late) == today() - datetime.timedelta(days=3)


def test_accepting_as_progress_never_clears_the_last_open_assignment(people):
    one = make_resolution(people.secretariat, due=today() - datetime.timedelta(days=1))
    sent = report(people.varzesh, assignment_of(one))
    services.review_progress_report(actor=people.secretariat, report=sent, decision="accept_progress")
    assert _stored(one) == today() - datetime.timedelta(days=1) and _agrees(one) and _status_agrees(one)


def test_a_continuous_period_accepted_as_progress_moves_it(people):
    monthly = make_resolution(people.secretariat, kind=DeadlineKind.CONTINUOUS, report_period_days=30)
    before = _stored(monthly)
    sent = report(people.varzesh, assignment_of(monthly))
    services.review_progress_report(actor=people.secretariat, report=sent, decision="accept_progress")
    assert _stored(monthly) == before + datetime.timedelta(days=30) and _agrees(monthly)


def test_withdrawing_a_report_keeps_both_rollups(people):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON))
    sent = report(people.varzesh, assignment_of(resolution, VARZESH))
    services.withdraw_progress_report(actor=people.varzesh, report=sent)
    assert _agrees(resolution) and _status_agrees(resolution)
    monthly = make_resolution(people.secretariat, kind=DeadlineKind.CONTINUOUS)
    first = report(people.varzesh, assignment_of(monthly))
    services.review_progress_report(actor=people.secretariat, report=first, decision="accept_progress")
    second = report(people.varzesh, assignment_of(monthly))
    services.withdraw_progress_report(actor=people.varzesh, report=second)
    assert _agrees(monthly) and _status_agrees(monthly)


def test_closing_and_reopening_a_resolution_keeps_both_rollups(people):
    late = make_resolution(
        people.secretariat, due=today() - datetime.timedelta(days=3), agencies=(VARZESH, TAAVON)
    )
    services.close_resolution(actor=people.secretariat, resolution=late, reason="منتفی شد")
    assert _agrees(late) and _stored(late) is None
    assert Resolution.objects.get(pk=late.pk).status == "done"
    services.reopen_resolution(
        actor=people.secretariat, resolution=Resolution.objects.get(pk=late.pk), reason="دوباره"
    )
    assert _agrees(late) and _status_agrees(late) and _stored(late) == today() - datetime.timedelta(days=3)
    # The bulk recomputation (rows written outside the services) agrees with a closed resolution too.
    services.close_resolution(
        actor=people.secretariat, resolution=Resolution.objects.get(pk=late.pk), reason="منتفی"
    )
    recompute_open_due_dates(Resolution.objects.filter(pk=late.pk))
    assert _stored(late) is None
