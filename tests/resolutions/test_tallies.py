"""The stored per-agency tallies (decision 0018) equal a fresh count after every kind of change
the services make, and readers see them counted for the day they ask about."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qarargah.organisations.models import Agency
from qarargah.organisations.services import create_pending_agency, merge_agency
from qarargah.resolutions import scoreboard, services
from qarargah.resolutions.home import follow_up_panels
from qarargah.resolutions.models import AgencyTally, Assignment, DeadlineKind, ProgressReport, Resolution
from qarargah.resolutions.tallies import current_tallies, rebuild_tallies, tally_differences

from .factories import TAAVON, VARZESH, agency, assignment_of, make_resolution, report, today

pytestmark = pytest.mark.django_db


def agrees() -> bool:
    problems = tally_differences(today())
    assert problems == []
    # «Reported» assignments are the reports waiting for review (one each at most).
    waiting = ProgressReport.objects.filter(review_status="pending").count()
    assert sum(AgencyTally.objects.values_list("reported", flat=True)) == waiting
    return True


def stored(name: str) -> AgencyTally:
    return AgencyTally.objects.get(agency=agency(name))


def test_every_kind_of_change_keeps_the_tallies_equal_to_a_fresh_count(people):
    past, future = today() - datetime.timedelta(days=3), today() + datetime.timedelta(days=3)
    late = make_resolution(people.secretariat, due=past, agencies=(VARZESH, TAAVON))
    assert agrees() and stored(VARZESH).overdue == 1 and stored(TAAVON).assigned == 1
    soon = make_resolution(people.secretariat, due=future)
    assert agrees() and stored(VARZESH).due_this_week in (0, 1) and stored(VARZESH).open == 2

    services.start_assignment(actor=people.varzesh, assignment=assignment_of(soon))
    assert agrees()
    sent = report(people.varzesh, assignment_of(late))
    assert agrees() and stored(VARZESH).reported == 1
    services.withdraw_progress_report(actor=people.varzesh, report=sent)
    assert agrees() and stored(VARZESH).reported == 0
    sent = report(people.varzesh, assignment_of(late))
    services.review_progress_report(actor=people.secretariat, report=sent, decision="accept_progress")
    assert agrees() and stored(VARZESH).accepted == 0
    sent = report(people.varzesh, assignment_of(late))
    services.review_progress_report(actor=people.secretariat, report=sent, decision="accept_close")
    assert agrees() and stored(VARZESH).accepted == 1 and stored(VARZESH).overdue == 0
    returned = report(people.taavon, assignment_of(late, TAAVON))
    services.review_progress_report(
        actor=people.secretariat, report=returned, decision="return", comment="پیوست ندارد"
    )
    assert agrees() and stored(TAAVON).overdue == 1

    asked = services.request_deadline_extension(
        actor=people.taavon,
        assignment=assignment_of(late, TAAVON),
        requested_due_date=future,
        reason="هماهنگی با شهرداری",
    )
    services.decide_deadline_extension(actor=people.secretariat, extension=asked, approve=True)
    assert agrees() and stored(TAAVON).overdue == 0

    services.update_resolution(
        actor=people.secretariat, resolution=soon, expected_version=None, cascade_due_date=True, due_date=past
    )
    assert agrees() and stored(VARZESH).overdue == 1
    services.update_resolution(
        actor=people.secretariat,
        resolution=Resolution.objects.get(pk=late.pk),
        expected_version=None,
        deadline_kind=DeadlineKind.CONTINUOUS,
    )
    assert agrees()

    services.assign_resolution(actor=people.secretariat, resolution=soon, agency=agency(TAAVON))
    assert agrees() and stored(TAAVON).assigned == 2
    services.unassign_resolution(actor=people.secretariat, assignment=assignment_of(soon, TAAVON))
    assert agrees() and stored(TAAVON).assigned == 1

    before = stored(VARZESH).overdue
    services.close_resolution(actor=people.secretariat, resolution=soon, reason="در جلسه بسته شد")
    assert agrees() and stored(VARZESH).overdue == before - 1
    services.reopen_resolution(
        actor=people.secretariat, resolution=Resolution.objects.get(pk=soon.pk), reason="دوباره باز شد"
    )
    assert agrees() and stored(VARZESH).overdue == before

    services.delete_resolution(actor=people.secretariat, resolution=Resolution.objects.get(pk=soon.pk))
    assert agrees() and stored(VARZESH).assigned == 1


def test_a_merge_moves_the_counts_to_the_agency_kept(people, alborz):
    pending = create_pending_agency(actor=people.secretariat, province=alborz, name="اداره ورزش البرز")
    make_resolution(people.secretariat, due=today() - datetime.timedelta(days=1), agencies=(pending.name,))
    make_resolution(people.secretariat, due=today() - datetime.timedelta(days=1))
    assert agrees() and stored(VARZESH).overdue == 1
    merge_agency(actor=people.secretariat, source=pending, target=agency(VARZESH))
    assert agrees() and stored(VARZESH).overdue == 2
    assert not AgencyTally.objects.filter(agency_id=pending.pk).exists()


def test_a_new_day_recounts_what_the_calendar_changed(people):
    make_resolution(people.secretariat, due=today())
    assert stored(VARZESH).overdue == 0
    tomorrow = today() + datetime.timedelta(days=1)
    (row,) = current_tallies(people.secretariat, today=tomorrow).filter(agency=agency(VARZESH))
    assert (row.as_of, row.overdue) == (tomorrow, 1)
    assert tally_differences(tomorrow) == []


def test_rows_written_past_the_services_are_caught_by_the_check_and_fixed_by_a_rebuild(people):
    resolution = make_resolution(people.secretariat, due=today() + datetime.timedelta(days=9))
    Assignment.objects.filter(pk=assignment_of(resolution).pk).update(
        due_date=today() - datetime.timedelta(days=9)
    )
    assert tally_differences(today()) != []
    with pytest.raises(CommandError):
        call_command("tallies", "--check", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("tallies", "--rebuild", stdout=out)
    assert "از نو ساخته شد" in out.getvalue()
    assert tally_differences(today()) == [] and stored(VARZESH).overdue == 1
    call_command("tallies", "--check", stdout=io.StringIO())


def test_readers_see_the_same_numbers_as_a_live_count_and_only_their_province(people):
    make_resolution(people.secretariat, due=today() - datetime.timedelta(days=2), agencies=(VARZESH, TAAVON))
    make_resolution(people.secretariat, due=today() + datetime.timedelta(days=30))
    rebuild_tallies()
    stored_scores = {
        s.agency.name: (s.open, s.overdue) for s in scoreboard.agency_scoreboard(people.leadership)
    }
    assert stored_scores[VARZESH] == (2, 1) and stored_scores[TAAVON] == (1, 1)
    # The agency officer's own view is counted live and agrees.
    (own,) = scoreboard.agency_scoreboard(people.varzesh)
    assert (own.open, own.overdue) == (2, 1)
    assert scoreboard.agency_scoreboard(people.markazi_secretariat) == []
    (panel,) = [p for p in follow_up_panels(people.secretariat) if p.title == "پیگیری مصوبات"]
    assert (
        panel.context["overdue_count"]
        == Assignment.objects.visible_to(people.secretariat).overdue().count()
        == 2
    )
    report(people.varzesh, assignment_of(Resolution.objects.order_by("pk").last()))
    (panel,) = [p for p in follow_up_panels(people.secretariat) if p.title == "پیگیری مصوبات"]
    assert panel.context["waiting_count"] == 1


def test_a_missing_agency_row_is_created_by_the_first_write(people):
    AgencyTally.objects.all().delete()
    make_resolution(people.secretariat, due=today())
    assert AgencyTally.objects.filter(agency__name=VARZESH).exists()
    assert Agency.objects.filter(tallies__isnull=False).count() == AgencyTally.objects.count()
