"""The assignment state machine: every allowed transition, every forbidden one with its
Persian message, and the resolution's status rolled up each time."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from qarargah.core.errors import ServiceError
from qarargah.history.selectors import history_for
from qarargah.resolutions import services
from qarargah.resolutions.models import AssignmentStatus, DeadlineKind, ResolutionStatus

from .factories import TAAVON, VARZESH, assignment_of, make_resolution, report

pytestmark = pytest.mark.django_db


def _refused(call, message: str) -> None:
    with pytest.raises(ServiceError) as error:
        call()
    assert error.value.code == "invalid_transition"
    assert error.value.message == message


def test_new_to_in_progress_to_reported_to_accepted(people):
    resolution = make_resolution(people.secretariat)
    assignment = assignment_of(resolution)
    assert assignment.status == AssignmentStatus.NEW

    services.start_assignment(
        actor=people.varzesh, assignment=assignment, expected_version=assignment.version
    )
    assert assignment.status == AssignmentStatus.IN_PROGRESS
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.IN_PROGRESS

    submitted = report(people.varzesh, assignment, expected_version=assignment.version)
    assignment.refresh_from_db()
    resolution.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPORTED
    assert assignment.last_reported_at == submitted.submitted_at
    assert resolution.status == ResolutionStatus.AWAITING_REVIEW

    services.review_progress_report(actor=people.secretariat, report=submitted, decision="accept")
    assignment.refresh_from_db()
    resolution.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED
    assert assignment.accepted_at is not None
    assert assignment.reported_on_time is True
    assert resolution.status == ResolutionStatus.DONE


def test_new_may_report_directly(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    report(people.varzesh, assignment)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPORTED


def test_returned_goes_back_to_in_progress_or_reported(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    first = report(people.varzesh, assignment)
    services.review_progress_report(
        actor=people.secretariat, report=first, decision="return", comment="سند ندارد"
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RETURNED
    assert assignment.resolution.status == ResolutionStatus.IN_PROGRESS

    services.start_assignment(actor=people.varzesh, assignment=assignment)
    assert assignment.status == AssignmentStatus.IN_PROGRESS

    second = report(people.varzesh, assignment, text="مستندات پیوست شد.")
    services.review_progress_report(
        actor=people.secretariat, report=second, decision="return", comment="باز هم ناقص"
    )
    assignment.refresh_from_db()
    report(people.varzesh, assignment, text="گزارش کامل")  # returned → reported directly
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPORTED


def test_start_twice_is_refused(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    services.start_assignment(actor=people.varzesh, assignment=assignment)
    _refused(
        lambda: services.start_assignment(actor=people.varzesh, assignment=assignment),
        "اقدام این تکلیف پیش‌تر شروع شده و وضعیت آن «در حال اقدام» است.",
    )


def test_start_while_reported_is_refused(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    report(people.varzesh, assignment)
    assignment.refresh_from_db()
    _refused(
        lambda: services.start_assignment(actor=people.varzesh, assignment=assignment),
        "گزارش این تکلیف فرستاده شده و در انتظار بررسی دبیرخانه است؛ "
        "تا تصمیم دبیرخانه نمی‌توان آن را به «در حال اقدام» برگرداند.",
    )


def test_second_report_while_waiting_is_refused(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    report(people.varzesh, assignment)
    assignment.refresh_from_db()
    _refused(
        lambda: report(people.varzesh, assignment),
        "گزارش قبلی این تکلیف هنوز در انتظار بررسی دبیرخانه است؛ "
        "پس از تصمیم دبیرخانه می‌توانید گزارش تازه بفرستید.",
    )


def test_accepted_is_closed_for_start_and_reports(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment), decision="accept"
    )
    assignment.refresh_from_db()
    _refused(
        lambda: services.start_assignment(actor=people.varzesh, assignment=assignment),
        "این تکلیف پذیرفته و بسته شده است و نمی‌توان آن را دوباره «در حال اقدام» کرد.",
    )
    _refused(
        lambda: report(people.varzesh, assignment),
        "این تکلیف پذیرفته و بسته شده است و گزارش تازه‌ای لازم ندارد.",
    )


def test_accept_or_return_without_a_pending_report_is_refused(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    submitted = report(people.varzesh, assignment)
    services.review_progress_report(actor=people.secretariat, report=submitted, decision="accept")
    submitted.refresh_from_db()
    for decision in ("accept", "return"):
        _refused(
            lambda decision=decision: services.review_progress_report(
                actor=people.secretariat, report=submitted, decision=decision, comment="x"
            ),
            "این گزارش پیش‌تر بررسی شده و «پذیرفته شد» است.",
        )


def test_check_transition_names_both_states():
    class Fake:
        status = AssignmentStatus.NEW
        is_continuous = False

    with pytest.raises(ServiceError) as error:
        services.check_transition(Fake(), AssignmentStatus.ACCEPTED)
    assert error.value.message == (
        "فقط تکلیفی که گزارشش در انتظار بررسی است پذیرفته یا برگشت داده می‌شود؛ وضعیت این تکلیف «جدید» است."
    )
    with pytest.raises(ServiceError) as error:
        services.check_transition(Fake(), AssignmentStatus.NEW)
    assert error.value.message == "تغییر وضعیت تکلیف از «جدید» به «جدید» مجاز نیست."


def test_continuous_assignment_reports_every_period(people):
    resolution = make_resolution(people.secretariat, kind=DeadlineKind.CONTINUOUS, report_period_days=30)
    assignment = assignment_of(resolution)
    first_due = assignment.due_date
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment), decision="accept"
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED
    assert (assignment.due_date - first_due).days == 30
    # Accepted for this period, the next period's report is welcome.
    report(people.varzesh, assignment, text="گزارش ماه دوم")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPORTED


def test_roll_up_waits_for_every_agency(people):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON))
    varzesh, taavon = assignment_of(resolution, VARZESH), assignment_of(resolution, TAAVON)
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, varzesh), decision="accept"
    )
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.IN_PROGRESS  # taavon still new
    services.review_progress_report(
        actor=people.secretariat, report=report(people.taavon, taavon), decision="accept"
    )
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.DONE


def test_only_the_assigned_agency_may_start_or_report(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    for outsider in (people.taavon, people.secretariat, people.leadership, people.karaj_governorate):
        with pytest.raises(PermissionDenied):
            services.start_assignment(actor=outsider, assignment=assignment)
        with pytest.raises(PermissionDenied):
            report(outsider, assignment)


def test_county_officer_reports_for_their_governorate(people):
    assignment = assignment_of(
        make_resolution(people.secretariat, agencies=("فرمانداری کرج",)), "فرمانداری کرج"
    )
    report(people.karaj_governorate, assignment)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.REPORTED


def test_only_the_provinces_secretariat_reviews(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    submitted = report(people.varzesh, assignment)
    for outsider in (people.varzesh, people.leadership, people.national, people.markazi_secretariat):
        with pytest.raises(PermissionDenied) as error:
            services.review_progress_report(actor=outsider, report=submitted, decision="accept")
        assert "دبیرخانه" in str(error.value)
    services.review_progress_report(actor=people.admin, report=submitted, decision="accept")


def test_every_step_is_in_the_timeline(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    services.start_assignment(actor=people.varzesh, assignment=assignment)
    submitted = report(people.varzesh, assignment)
    services.review_progress_report(
        actor=people.secretariat, report=submitted, decision="return", comment="ناقص"
    )
    events = [
        e.event for e in history_for(people.secretariat, [assignment.resolution, assignment, submitted])
    ]
    for label in ("دستگاه اقدام را شروع کرد", "گزارش اقدام فرستاده شد", "گزارش برگشت داده شد"):
        assert label in events
    status_change = next(
        c
        for e in history_for(people.secretariat, [assignment])
        if e.event == "گزارش برگشت داده شد"
        for c in e.changes
        if c.label == "وضعیت"
    )
    assert (status_change.old, status_change.new) == ("گزارش‌شده", "برگشت‌خورده")
