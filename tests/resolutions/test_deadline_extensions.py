"""Extension requests: the agency asks with a reason, the secretariat decides, history is kept."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from qarargah.core.errors import ServiceError
from qarargah.history.selectors import history_for
from qarargah.persian import format_jalali
from qarargah.resolutions import services
from qarargah.resolutions.models import ExtensionStatus

from .factories import assignment_of, make_resolution, report, today

pytestmark = pytest.mark.django_db


def _request(people, assignment, days: int = 30, reason: str = "انتظار تخصیص اعتبار"):
    return services.request_deadline_extension(
        actor=people.varzesh,
        assignment=assignment,
        requested_due_date=today() + datetime.timedelta(days=days),
        reason=reason,
    )


def test_approval_moves_the_due_date_and_keeps_history(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    old_due = assignment.due_date
    extension = _request(people, assignment)
    assert extension.previous_due_date == old_due
    services.decide_deadline_extension(
        actor=people.secretariat, extension=extension, approve=True, comment="موافقت"
    )
    assignment.refresh_from_db()
    extension.refresh_from_db()
    assert assignment.due_date == today() + datetime.timedelta(days=30)
    assert extension.status == ExtensionStatus.APPROVED
    assert extension.previous_due_date == old_due
    assert extension.decided_by == people.secretariat
    changes = [
        (c.old, c.new)
        for e in history_for(people.secretariat, [assignment])
        for c in e.changes
        if c.label == "سررسید"
    ]
    # The timeline shows the due dates in Jalali (decision 0013), never the stored ISO text.
    assert (format_jalali(old_due), format_jalali(assignment.due_date)) in changes


def test_refusal_keeps_the_due_date(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    old_due = assignment.due_date
    services.decide_deadline_extension(
        actor=people.secretariat, extension=_request(people, assignment), approve=False
    )
    assignment.refresh_from_db()
    assert assignment.due_date == old_due


def test_reason_and_a_later_date_are_required(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    with pytest.raises(ServiceError) as error:
        _request(people, assignment, reason=" ")
    assert error.value.message == "دلیل درخواست تمدید را بنویسید."
    with pytest.raises(ServiceError) as error:
        _request(people, assignment, days=0)
    assert error.value.message == "سررسید درخواستی باید پس از امروز باشد."
    with pytest.raises(ServiceError) as error:
        _request(people, assignment, days=5)  # the due date is in 10 days
    assert error.value.message == (
        f"سررسید درخواستی باید پس از سررسید فعلی ({format_jalali(assignment.due_date)}) باشد."
    )


def test_one_pending_request_at_a_time(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    _request(people, assignment)
    with pytest.raises(ServiceError) as error:
        _request(people, assignment, days=50)
    assert error.value.code == "pending_extension"


def test_decided_request_cannot_be_decided_again(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    extension = _request(people, assignment)
    services.decide_deadline_extension(actor=people.secretariat, extension=extension, approve=False)
    with pytest.raises(ServiceError) as error:
        services.decide_deadline_extension(actor=people.secretariat, extension=extension, approve=True)
    assert error.value.message == "درباره این درخواست تمدید پیش‌تر تصمیم گرفته شده است («موافقت نشد»)."


def test_accepted_assignment_needs_no_extension(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment), decision="accept"
    )
    with pytest.raises(ServiceError) as error:
        _request(people, assignment)
    assert error.value.message == "این تکلیف پذیرفته و بسته شده است و تمدید مهلت لازم ندارد."


def test_who_may_request_and_decide(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    with pytest.raises(PermissionDenied):
        services.request_deadline_extension(
            actor=people.taavon, assignment=assignment, requested_due_date=today(), reason="x"
        )
    extension = _request(people, assignment)
    for outsider in (people.varzesh, people.leadership, people.markazi_secretariat):
        with pytest.raises(PermissionDenied):
            services.decide_deadline_extension(actor=outsider, extension=extension, approve=True)
