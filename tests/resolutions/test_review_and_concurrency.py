"""Secretariat review of reports, and what happens when two people change the same thing."""

from __future__ import annotations

import datetime

import pytest

from qarargah.core.errors import ConcurrentEditError, ServiceError
from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, ProgressReport, ReviewStatus

from .factories import assignment_of, make_resolution, report, today

pytestmark = pytest.mark.django_db


def test_return_needs_a_comment(people):
    submitted = report(people.varzesh, assignment_of(make_resolution(people.secretariat)))
    with pytest.raises(ServiceError) as error:
        services.review_progress_report(
            actor=people.secretariat, report=submitted, decision="return", comment="  "
        )
    assert error.value.message == "برای برگرداندن گزارش، توضیح لازم است."
    submitted.refresh_from_db()
    assert submitted.review_status == ReviewStatus.PENDING


def test_unknown_decision_is_refused(people):
    submitted = report(people.varzesh, assignment_of(make_resolution(people.secretariat)))
    with pytest.raises(ServiceError) as error:
        services.review_progress_report(actor=people.secretariat, report=submitted, decision="maybe")
    assert error.value.message == (
        "تصمیم بررسی باید یکی از «پذیرش به‌عنوان پیشرفت»، «پذیرش و بستن» یا «برگشت» باشد."
    )


def test_review_records_who_when_and_comment(people):
    submitted = report(people.varzesh, assignment_of(make_resolution(people.secretariat)))
    reviewed = services.review_progress_report(
        actor=people.secretariat,
        report=submitted,
        decision="return",
        comment="عکس‌های میز خدمت را پیوست کنید.",
    )
    assert reviewed.review_status == ReviewStatus.RETURNED
    assert reviewed.reviewed_by == people.secretariat
    assert reviewed.reviewed_at is not None
    assert reviewed.review_comment == "عکس‌های میز خدمت را پیوست کنید."


def test_two_reviews_of_the_same_report_second_gets_a_conflict(people):
    submitted = report(people.varzesh, assignment_of(make_resolution(people.secretariat)))
    seen_version = submitted.version
    first_copy = ProgressReport.objects.get(pk=submitted.pk)
    second_copy = ProgressReport.objects.get(pk=submitted.pk)
    services.review_progress_report(
        actor=people.secretariat, report=first_copy, decision="accept", expected_version=seen_version
    )
    with pytest.raises(ConcurrentEditError) as error:
        services.review_progress_report(
            actor=people.admin,
            report=second_copy,
            decision="return",
            comment="x",
            expected_version=seen_version,
        )
    assert "توسط کاربر دیگری تغییر کرده است" in error.value.message
    assert error.value.code == "conflict"
    second_copy.refresh_from_db()
    assert second_copy.review_status == ReviewStatus.ACCEPTED


def test_second_review_without_version_is_told_it_is_already_reviewed(people):
    submitted = report(people.varzesh, assignment_of(make_resolution(people.secretariat)))
    stale = ProgressReport.objects.get(pk=submitted.pk)
    services.review_progress_report(actor=people.secretariat, report=submitted, decision="accept")
    with pytest.raises(ServiceError) as error:
        services.review_progress_report(actor=people.secretariat, report=stale, decision="accept")
    assert error.value.code == "invalid_transition"


def test_stale_assignment_version_on_start_and_report(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    old_version = assignment.version
    services.start_assignment(actor=people.varzesh, assignment=Assignment.objects.get(pk=assignment.pk))
    with pytest.raises(ConcurrentEditError):
        services.start_assignment(actor=people.varzesh, assignment=assignment, expected_version=old_version)
    with pytest.raises(ConcurrentEditError):
        report(people.varzesh, assignment, expected_version=old_version)
    assert not ProgressReport.objects.filter(assignment=assignment).exists()


def test_stale_extension_version(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    extension = services.request_deadline_extension(
        actor=people.varzesh,
        assignment=assignment,
        requested_due_date=today() + datetime.timedelta(days=40),
        reason="نیاز به هماهنگی با شهرداری",
    )
    seen = extension.version
    services.decide_deadline_extension(
        actor=people.secretariat, extension=extension, approve=False, expected_version=seen
    )
    with pytest.raises(ConcurrentEditError):
        services.decide_deadline_extension(
            actor=people.secretariat, extension=extension, approve=True, expected_version=seen
        )


def test_stale_resolution_edit(people):
    resolution = make_resolution(people.secretariat)
    seen = resolution.version
    services.update_resolution(
        actor=people.secretariat, resolution=resolution, expected_version=seen, axis="health"
    )
    with pytest.raises(ConcurrentEditError):
        services.set_resolution_target(
            actor=people.secretariat, resolution=resolution, quantity=10, unit="نفر", expected_version=seen
        )


def test_late_report_is_accepted_late(people):
    assignment = assignment_of(make_resolution(people.secretariat, due=today() - datetime.timedelta(days=3)))
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment), decision="accept"
    )
    assignment.refresh_from_db()
    assert assignment.reported_on_time is False
