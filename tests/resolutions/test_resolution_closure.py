"""Issue 11 A.2: the secretariat closes or reopens a resolution explicitly, with a reason."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from qarargah.core.errors import ServiceError
from qarargah.resolutions import selectors, services
from qarargah.resolutions.models import (
    Assignment,
    AssignmentStatus,
    DeadlineKind,
    Resolution,
    ResolutionStatus,
)
from qarargah.resolutions.workflow import RESOLUTION_CLOSED, rollup_status
from tests.resolutions.factories import (
    KARAJ,
    TAAVON,
    VARZESH,
    agency,
    assignment_of,
    make_resolution,
    report,
    today,
)

pytestmark = pytest.mark.django_db


def _late(people, **extra):
    return make_resolution(
        people.secretariat, due=today() - datetime.timedelta(days=5), agencies=(VARZESH, TAAVON), **extra
    )


def _fresh(resolution: Resolution) -> Resolution:
    return Resolution.objects.get(pk=resolution.pk)


def test_closing_makes_it_done_and_nothing_of_it_due(people):
    late = _late(people)
    services.start_assignment(actor=people.varzesh, assignment=assignment_of(late, VARZESH))
    closed = services.close_resolution(actor=people.secretariat, resolution=late, reason="موضوع منتفی شد.")
    stored = _fresh(late)
    assert stored.status == ResolutionStatus.DONE and stored.open_due_date is None
    assert stored.closed_at is not None and stored.closed_by == people.secretariat
    assert stored.closure_reason == "موضوع منتفی شد." and closed.version == stored.version
    assert not Resolution.objects.overdue(today()).filter(pk=late.pk).exists()
    assert not Assignment.objects.filter(resolution=late).overdue(today()).exists()
    assert not Assignment.objects.filter(resolution=late).open().exists()
    assert (
        not selectors.assignments_for_user(people.varzesh, mine=True, status="open")
        .filter(resolution=late)
        .exists()
    )
    # The assignments keep their own statuses for a reopening.
    assert assignment_of(late, VARZESH).status == AssignmentStatus.IN_PROGRESS


def test_reopening_brings_back_what_was_there(people):
    late = _late(people)
    services.close_resolution(actor=people.secretariat, resolution=late, reason="منتفی")
    services.reopen_resolution(
        actor=people.secretariat, resolution=_fresh(late), reason="دوباره در دستور کار"
    )
    stored = _fresh(late)
    assert stored.closed_at is None and stored.status == ResolutionStatus.OPEN
    assert stored.open_due_date == today() - datetime.timedelta(days=5)
    assert Resolution.objects.overdue(today()).filter(pk=late.pk).exists()
    assert Assignment.objects.filter(resolution=late).open().count() == 2


def test_a_closed_resolution_takes_no_reports_starts_or_extensions(people):
    late = _late(people)
    services.close_resolution(actor=people.secretariat, resolution=late, reason="منتفی")
    assignment = assignment_of(late, VARZESH)
    for act in (
        lambda: services.start_assignment(actor=people.varzesh, assignment=assignment),
        lambda: report(people.varzesh, assignment),
        lambda: services.request_deadline_extension(
            actor=people.varzesh,
            assignment=assignment,
            requested_due_date=today() + datetime.timedelta(days=9),
            reason="دلیل",
        ),
    ):
        with pytest.raises(ServiceError) as refused:
            act()
        assert refused.value.message == RESOLUTION_CLOSED


def test_closing_needs_a_reason_and_cannot_repeat(people):
    late = _late(people)
    with pytest.raises(ServiceError) as no_reason:
        services.close_resolution(actor=people.secretariat, resolution=late, reason="  ")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(ServiceError) as not_closed:
        services.reopen_resolution(actor=people.secretariat, resolution=late, reason="x")
    assert not_closed.value.code == "invalid_transition"
    services.close_resolution(actor=people.secretariat, resolution=late, reason="منتفی")
    with pytest.raises(ServiceError) as twice:
        services.close_resolution(actor=people.secretariat, resolution=_fresh(late), reason="باز هم")
    assert twice.value.code == "invalid_transition"


def test_a_stale_version_is_refused(people):
    late = _late(people)
    with pytest.raises(ServiceError) as stale:
        services.close_resolution(
            actor=people.secretariat, resolution=late, reason="منتفی", expected_version=late.version + 3
        )
    assert stale.value.code == "conflict"


@pytest.mark.parametrize("who", ["varzesh", "markazi_secretariat", "leadership", "hesar_manager"])
def test_only_the_provinces_secretariat_closes(people, who):
    late = _late(people)
    with pytest.raises(PermissionDenied):
        services.close_resolution(actor=getattr(people, who), resolution=late, reason="منتفی")
    assert _fresh(late).closed_at is None


def test_rollups_agree_through_closure_and_new_assignments(people):
    late = _late(people, kind=DeadlineKind.DATE)
    services.close_resolution(actor=people.secretariat, resolution=late, reason="منتفی")
    added = services.assign_resolution(
        actor=people.secretariat, resolution=_fresh(late), agency=agency(KARAJ)
    )
    assert added.resolution_closed
    stored = _fresh(late)
    assert (stored.status, stored.open_due_date) == (ResolutionStatus.DONE, None)
    services.reopen_resolution(actor=people.secretariat, resolution=stored, reason="دوباره")
    stored = _fresh(late)
    statuses = Assignment.objects.filter(resolution=late).values_list("status", flat=True)
    dues = (
        Assignment.objects.filter(resolution=late)
        .open()
        .exclude(due_date=None)
        .values_list("due_date", flat=True)
    )
    assert stored.status == rollup_status(statuses) and stored.open_due_date == min(dues)


def test_the_page_closes_and_reopens_with_a_reason(people, client_for):
    late = _late(people)
    client = client_for(people.secretariat)
    page = client.get(f"/resolutions/{late.pk}/").content.decode()
    assert f"/resolutions/{late.pk}/close/" in page
    empty = client.post(f"/resolutions/{late.pk}/close/", {"reason": "", "version": late.version})
    assert empty.status_code == 200 and "دلیل بستن مصوبه را بنویسید." in empty.content.decode()
    done = client.post(
        f"/resolutions/{late.pk}/close/", {"reason": "موضوع منتفی شد.", "version": late.version}, follow=True
    )
    html = done.content.decode()
    assert (
        "مصوبه بسته شد." in html and "موضوع منتفی شد." in html and f"/resolutions/{late.pk}/reopen/" in html
    )
    assert "مصوبه بسته شد" in html  # the timeline names the event
    stored = _fresh(late)
    reopened = client.post(
        f"/resolutions/{late.pk}/reopen/", {"reason": "دوباره", "version": stored.version}, follow=True
    )
    assert "مصوبه دوباره باز شد." in reopened.content.decode() and _fresh(late).closed_at is None


@pytest.mark.parametrize(
    ("who", "code"), [("varzesh", 403), ("markazi_secretariat", 404), ("leadership", 403)]
)
def test_others_cannot_close_through_the_page(people, client_for, who, code):
    late = _late(people)
    response = client_for(getattr(people, who)).post(f"/resolutions/{late.pk}/close/", {"reason": "منتفی"})
    assert response.status_code == code
    assert _fresh(late).closed_at is None
    page = client_for(people.varzesh).get(f"/resolutions/{late.pk}/").content.decode()
    assert f"/resolutions/{late.pk}/close/" not in page


def test_a_closed_resolution_sends_no_reminders_and_offers_no_actions(people, client_for):
    from qarargah.notifications.selectors import (
        assignments_awaiting_agency,
        overdue_assignments_for_secretariat,
    )

    late = _late(people)
    services.close_resolution(actor=people.secretariat, resolution=late, reason="منتفی")
    waiting = assignments_awaiting_agency(people.varzesh, today=today())
    assert late.pk not in {a.resolution_id for a in waiting}
    overdue = overdue_assignments_for_secretariat(people.secretariat, today=today())
    assert late.pk not in {a.resolution_id for a in overdue}
    page = client_for(people.varzesh).get(f"/resolutions/assignments/{assignment_of(late, VARZESH).pk}/")
    html = page.content.decode()
    assert f"/resolutions/assignments/{assignment_of(late, VARZESH).pk}/report/" not in html
    assert f"/resolutions/assignments/{assignment_of(late, VARZESH).pk}/extension/" not in html
