"""Issue 11 A.2: the secretariat accepts a report as progress (the assignment stays open), or
accepts it and closes the assignment (never a continuous one), or returns it; an agency edits or
withdraws its report until it is reviewed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from qarargah.core.errors import ServiceError
from qarargah.history.selectors import history_for
from qarargah.resolutions import selectors, services
from qarargah.resolutions.models import (
    AssignmentStatus,
    DeadlineKind,
    ProgressReport,
    ResolutionStatus,
    ReviewStatus,
)
from qarargah.resolutions.workflow import CONTINUOUS_NEVER_CLOSED
from tests.resolutions.factories import TAAVON, VARZESH, assignment_of, make_resolution, report, today

pytestmark = pytest.mark.django_db


def _target_resolution(people, **extra):
    return make_resolution(
        people.secretariat,
        text="مقرر گردید: ۱۰ خانه احسان در محله‌های هدف راه‌اندازی شود.",
        target_quantity=Decimal(10),
        target_unit="خانه احسان",
        due=today() + datetime.timedelta(days=10),
        **extra,
    )


# --- Accept as progress / accept and close --------------------------------------------------------


def test_accepting_as_progress_keeps_the_assignment_open_and_counts_the_quantity(people):
    resolution = _target_resolution(people)
    assignment = assignment_of(resolution)
    sent = report(people.varzesh, assignment, achieved_quantity=Decimal(6))
    reviewed = services.review_progress_report(
        actor=people.secretariat, report=sent, decision="accept_progress"
    )
    assert reviewed.review_status == ReviewStatus.PROGRESS
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS  # «۶ از ۱۰» is not «انجام‌شده»
    assert assignment.accepted_at is None and assignment.reported_on_time is None  # not closed yet
    assert assignment.due_date == today() + datetime.timedelta(days=10)
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.IN_PROGRESS
    assert resolution.open_due_date == assignment.due_date
    progress = selectors.resolution_progress(resolution)
    assert progress is not None and progress.achieved == Decimal(6) and progress.percent == 60
    # The agency reports again; this time the secretariat closes it.
    assignment = assignment_of(resolution)
    second = report(people.varzesh, assignment, achieved_quantity=Decimal(4))
    services.review_progress_report(actor=people.secretariat, report=second, decision="accept_close")
    assignment.refresh_from_db()
    resolution.refresh_from_db()
    assert assignment.status == AssignmentStatus.ACCEPTED and assignment.accepted_at is not None
    assert resolution.status == ResolutionStatus.DONE and resolution.open_due_date is None
    assert selectors.resolution_progress(resolution).achieved == Decimal(10)


def test_the_timeline_names_the_progress_decision(people):
    resolution = _target_resolution(people)
    sent = report(people.varzesh, assignment_of(resolution))
    services.review_progress_report(actor=people.secretariat, report=sent, decision="accept_progress")
    labels = [entry.event for entry in history_for(people.secretariat, [sent], collapse=False)]
    assert "گزارش به‌عنوان پیشرفت پذیرفته شد" in labels


def test_the_older_accept_still_closes_a_one_off_assignment(people):
    resolution = _target_resolution(people)
    sent = report(people.varzesh, assignment_of(resolution))
    reviewed = services.review_progress_report(actor=people.secretariat, report=sent, decision="accept")
    assert reviewed.review_status == ReviewStatus.ACCEPTED
    assert assignment_of(resolution).status == AssignmentStatus.ACCEPTED


def test_a_continuous_assignment_is_never_closed_by_a_report(people):
    start = today() - datetime.timedelta(days=1)
    monthly = make_resolution(
        people.secretariat, kind=DeadlineKind.CONTINUOUS, due=start, report_period_days=30
    )
    first_due = assignment_of(monthly).due_date
    sent = report(people.varzesh, assignment_of(monthly))
    with pytest.raises(ServiceError) as refused:
        services.review_progress_report(actor=people.secretariat, report=sent, decision="accept_close")
    assert refused.value.message == CONTINUOUS_NEVER_CLOSED and refused.value.code == "continuous"
    sent.refresh_from_db()
    assert sent.review_status == ReviewStatus.PENDING
    # Accepted as progress, the period closes and the next report falls due a period later.
    services.review_progress_report(actor=people.secretariat, report=sent, decision="accept_progress")
    assignment = assignment_of(monthly)
    assert assignment.due_date == first_due + datetime.timedelta(days=30)
    assert not assignment.is_closed
    # And the older «accept» does the same for it, never closing it.
    again = report(people.varzesh, assignment)
    services.review_progress_report(actor=people.secretariat, report=again, decision="accept")
    assignment = assignment_of(monthly)
    assert assignment.due_date == first_due + datetime.timedelta(days=60) and not assignment.is_closed
    monthly.refresh_from_db()
    assert monthly.open_due_date == assignment.due_date


def test_an_officer_cannot_review(people):
    sent = report(people.varzesh, assignment_of(_target_resolution(people)))
    with pytest.raises(PermissionDenied):
        services.review_progress_report(actor=people.varzesh, report=sent, decision="accept_progress")


# --- Edit and withdraw -----------------------------------------------------------------------------


def test_the_agency_edits_its_pending_report(people):
    resolution = _target_resolution(people)
    sent = report(people.varzesh, assignment_of(resolution), achieved_quantity=Decimal(2))
    edited = services.edit_progress_report(
        actor=people.varzesh,
        report=sent,
        text="سه خانه احسان راه‌اندازی شد.",
        achieved_quantity=Decimal(3),
        expected_version=sent.version,
    )
    fresh = ProgressReport.objects.get(pk=sent.pk)
    assert (fresh.text, fresh.achieved_quantity) == ("سه خانه احسان راه‌اندازی شد.", Decimal(3))
    assert fresh.review_status == ReviewStatus.PENDING and fresh.version == edited.version
    labels = [entry.event for entry in history_for(people.varzesh, [fresh], collapse=False)]
    assert "گزارش اقدام ویرایش شد" in labels


def test_an_edit_needs_text_and_the_version_seen(people):
    sent = report(people.varzesh, assignment_of(_target_resolution(people)))
    with pytest.raises(ServiceError) as empty:
        services.edit_progress_report(actor=people.varzesh, report=sent, text="  ")
    assert empty.value.code == "text_required"
    with pytest.raises(ServiceError) as stale:
        services.edit_progress_report(
            actor=people.varzesh, report=sent, text="متن تازه", expected_version=sent.version - 1
        )
    assert stale.value.code == "conflict"


def test_the_agency_withdraws_its_pending_report_and_may_report_again(people):
    resolution = _target_resolution(people, agencies=(VARZESH, TAAVON))
    assignment = assignment_of(resolution)
    services.start_assignment(actor=people.varzesh, assignment=assignment)
    sent = report(people.varzesh, assignment)
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.AWAITING_REVIEW
    withdrawn = services.withdraw_progress_report(actor=people.varzesh, report=sent)
    assert withdrawn.review_status == ReviewStatus.WITHDRAWN
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS and assignment.last_reported_at is None
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.IN_PROGRESS
    assert not selectors.reports_awaiting_review(people.secretariat).filter(pk=sent.pk).exists()
    report(people.varzesh, assignment_of(resolution), text="گزارش تازه")
    assert assignment_of(resolution).status == AssignmentStatus.REPORTED


def test_a_withdrawn_report_of_a_continuous_period_leaves_the_period_accepted(people):
    monthly = make_resolution(
        people.secretariat, kind=DeadlineKind.CONTINUOUS, due=today() - datetime.timedelta(days=1)
    )
    first = report(people.varzesh, assignment_of(monthly))
    services.review_progress_report(actor=people.secretariat, report=first, decision="accept_progress")
    accepted = assignment_of(monthly)
    second = report(people.varzesh, accepted)
    services.withdraw_progress_report(actor=people.varzesh, report=second)
    after = assignment_of(monthly)
    assert after.status == AssignmentStatus.ACCEPTED and after.due_date == accepted.due_date
    assert after.last_reported_at == ProgressReport.objects.get(pk=first.pk).submitted_at


@pytest.mark.parametrize("decision", ["accept_progress", "accept_close", "return"])
def test_a_reviewed_report_can_be_neither_edited_nor_withdrawn(people, decision):
    sent = report(people.varzesh, assignment_of(_target_resolution(people)))
    services.review_progress_report(actor=people.secretariat, report=sent, decision=decision, comment="دلیل")
    with pytest.raises(ServiceError) as edit:
        services.edit_progress_report(actor=people.varzesh, report=sent, text="متن دیگر")
    with pytest.raises(ServiceError) as withdraw:
        services.withdraw_progress_report(actor=people.varzesh, report=sent)
    assert edit.value.code == withdraw.value.code == "invalid_transition"
    assert "پیش‌تر بررسی شده" in withdraw.value.message


def test_a_withdrawn_report_cannot_be_reviewed(people):
    sent = report(people.varzesh, assignment_of(_target_resolution(people)))
    services.withdraw_progress_report(actor=people.varzesh, report=sent)
    with pytest.raises(ServiceError):
        services.review_progress_report(actor=people.secretariat, report=sent, decision="accept_close")


@pytest.mark.parametrize("who", ["taavon", "secretariat", "markazi_officer", "hesar_manager"])
def test_only_the_reports_agency_edits_or_withdraws_it(people, who):
    sent = report(people.varzesh, assignment_of(_target_resolution(people, agencies=(VARZESH, TAAVON))))
    with pytest.raises(PermissionDenied):
        services.edit_progress_report(actor=getattr(people, who), report=sent, text="متن دیگر")
    with pytest.raises(PermissionDenied):
        services.withdraw_progress_report(actor=getattr(people, who), report=sent)
    assert ProgressReport.objects.get(pk=sent.pk).review_status == ReviewStatus.PENDING


# --- Pages -----------------------------------------------------------------------------------------


def test_the_review_buttons_offer_progress_and_closure(people, client_for):
    sent = report(people.varzesh, assignment_of(_target_resolution(people)))
    html = client_for(people.secretariat).get("/resolutions/reviews/").content.decode()
    assert 'value="accept_progress"' in html and 'value="accept_close"' in html
    response = client_for(people.secretariat).post(
        f"/resolutions/reports/{sent.pk}/review/",
        {"decision": "accept_progress", "version": sent.version},
        follow=True,
    )
    assert "به‌عنوان پیشرفت پذیرفته شد و تکلیف باز می‌ماند" in response.content.decode()
    assert ProgressReport.objects.get(pk=sent.pk).review_status == ReviewStatus.PROGRESS


def test_a_continuous_report_offers_no_closing_button(people, client_for):
    monthly = make_resolution(people.secretariat, kind=DeadlineKind.CONTINUOUS)
    report(people.varzesh, assignment_of(monthly))
    html = client_for(people.secretariat).get("/resolutions/reviews/").content.decode()
    assert 'value="accept_progress"' in html and 'value="accept_close"' not in html


def test_an_officer_cannot_review_through_the_page(people, client_for):
    sent = report(people.varzesh, assignment_of(_target_resolution(people)))
    response = client_for(people.varzesh).post(
        f"/resolutions/reports/{sent.pk}/review/", {"decision": "accept_close"}
    )
    assert response.status_code == 403
    other_province = client_for(people.markazi_secretariat).post(
        f"/resolutions/reports/{sent.pk}/review/", {"decision": "accept_close"}
    )
    assert other_province.status_code == 404


def test_the_assignment_page_offers_edit_and_withdraw_to_the_author_while_pending(people, client_for):
    resolution = _target_resolution(people)
    sent = report(people.varzesh, assignment_of(resolution))
    page = f"/resolutions/assignments/{sent.assignment_id}/"
    html = client_for(people.varzesh).get(page).content.decode()
    assert (
        f"/resolutions/reports/{sent.pk}/edit/" in html
        and f"/resolutions/reports/{sent.pk}/withdraw/" in html
    )
    secretariat_html = client_for(people.secretariat).get(page).content.decode()
    assert f"/resolutions/reports/{sent.pk}/withdraw/" not in secretariat_html
    response = client_for(people.varzesh).post(
        f"/resolutions/reports/{sent.pk}/edit/",
        {"text": "متن ویرایش‌شده", "achieved_quantity": "۵", "version": sent.version},
        follow=True,
    )
    assert "گزارش ویرایش شد" in response.content.decode()
    fresh = ProgressReport.objects.get(pk=sent.pk)
    assert (fresh.text, fresh.achieved_quantity) == ("متن ویرایش‌شده", Decimal(5))
    response = client_for(people.varzesh).post(
        f"/resolutions/reports/{sent.pk}/withdraw/", {"version": fresh.version}, follow=True
    )
    assert "گزارش پس گرفته شد" in response.content.decode()
    assert ProgressReport.objects.get(pk=sent.pk).review_status == ReviewStatus.WITHDRAWN
    html = client_for(people.varzesh).get(page).content.decode()
    assert f"/resolutions/reports/{sent.pk}/withdraw/" not in html and "پس گرفته شد" in html


def test_an_empty_edit_keeps_the_page_and_says_why(people, client_for):
    sent = report(people.varzesh, assignment_of(_target_resolution(people)))
    response = client_for(people.varzesh).post(
        f"/resolutions/reports/{sent.pk}/edit/", {"text": "", "version": sent.version}
    )
    assert response.status_code == 200
    assert "شرح اقدامات را بنویسید" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "code"), [("taavon", 404), ("secretariat", 403), ("markazi_secretariat", 404)]
)
def test_other_people_cannot_edit_or_withdraw_through_the_pages(people, client_for, who, code):
    sent = report(people.varzesh, assignment_of(_target_resolution(people)))
    client = client_for(getattr(people, who))
    assert client.post(f"/resolutions/reports/{sent.pk}/edit/", {"text": "x"}).status_code == code
    assert client.post(f"/resolutions/reports/{sent.pk}/withdraw/").status_code == code
    fresh = ProgressReport.objects.get(pk=sent.pk)
    assert fresh.review_status == ReviewStatus.PENDING and fresh.text == sent.text
