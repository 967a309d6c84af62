"""The rows' copy of «minutes signed» (decision 0036) equals a fresh computation from the meeting's
status after every kind of change: recording a draft, circulating, each signature, resolutions
and assignments created in signed or unsigned minutes, imported minutes, the data generator, the
data migration, and a status set back (no service does that today; the copy follows anyway)."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps as django_apps
from django.db import connection

from qarargah.meetings.models import Meeting, MeetingStatus
from qarargah.resolutions import services
from qarargah.resolutions.models import (
    SIGNED_ASSIGNMENT_FROM_MEETING,
    SIGNED_RESOLUTION_FROM_MEETING,
    Assignment,
    Resolution,
)
from qarargah.resolutions.tallies import tally_differences
from tests.meetings.lifecycle_world import circulate, record_two, schedule, sign_both
from tests.resolutions.factories import TAAVON, VARZESH, agency, make_meeting, make_resolution

pytestmark = pytest.mark.django_db


def copy_differences() -> dict[str, set[int]]:
    """Rows whose stored copy is not what their meeting's status says, for all rows."""

    def wrong(model, fresh) -> set[int]:
        signed = set(model.objects.filter(fresh).values_list("pk", flat=True))
        stored = set(model.objects.filter(minutes_signed=True).values_list("pk", flat=True))
        return signed ^ stored

    found = {
        "resolutions": wrong(Resolution, SIGNED_RESOLUTION_FROM_MEETING),
        "assignments": wrong(Assignment, SIGNED_ASSIGNMENT_FROM_MEETING),
    }
    return {name: rows for name, rows in found.items() if rows}


def _copies(meeting: Meeting) -> set[bool]:
    return {
        *Resolution.objects.filter(meeting=meeting).values_list("minutes_signed", flat=True),
        *Assignment.objects.filter(resolution__meeting=meeting).values_list("minutes_signed", flat=True),
    }


def test_a_draft_circulated_and_half_signed_stays_unsigned_then_signing_copies_it(people):
    meeting = schedule(people)
    record_two(people, meeting)
    assert _copies(meeting) == {False}
    assert copy_differences() == {}
    circulate(people, meeting)
    assert _copies(meeting) == {False}
    assert copy_differences() == {}
    # The secretary alone: still circulated, still unsigned.
    from qarargah.meetings import services as meeting_services

    meeting_services.sign_minutes(actor=people.secretariat, meeting=meeting, password="qarargah-demo-1403")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CIRCULATED
    assert _copies(meeting) == {False}
    assert not Assignment.objects.visible_to(people.varzesh).filter(resolution__meeting=meeting).exists()
    meeting_services.sign_minutes(actor=people.leadership, meeting=meeting, password="qarargah-demo-1403")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.LOCKED
    assert _copies(meeting) == {True}
    assert copy_differences() == {}
    assert Assignment.objects.visible_to(people.varzesh).filter(resolution__meeting=meeting).count() == 2
    assert Resolution.objects.visible_to(people.taavon).filter(meeting=meeting).count() == 1
    # The tallies counted on the copy agree with a count through the meeting.
    assert tally_differences() == []


def test_resolutions_of_minutes_recorded_after_the_fact_are_signed_at_once(people):
    meeting = make_meeting(people.secretariat)  # the hand-entry form: locked
    resolution = make_resolution(people.secretariat, meeting=meeting, agencies=(VARZESH, TAAVON))
    assert _copies(meeting) == {True}
    assert Resolution.objects.visible_to(people.varzesh).filter(pk=resolution.pk).exists()
    assert copy_differences() == {}


def test_assigning_copies_the_resolutions_state_in_a_draft_and_in_signed_minutes(people):
    draft = schedule(people)
    record_two(people, draft)
    in_draft = Resolution.objects.filter(meeting=draft).order_by("number").first()
    added = services.assign_resolution(actor=people.secretariat, resolution=in_draft, agency=agency(TAAVON))
    assert added.minutes_signed is False
    assert not Assignment.objects.visible_to(people.taavon).filter(pk=added.pk).exists()

    signed = make_meeting(people.secretariat)
    resolution = make_resolution(people.secretariat, meeting=signed, agencies=(VARZESH,))
    later = services.assign_resolution(actor=people.secretariat, resolution=resolution, agency=agency(TAAVON))
    assert later.minutes_signed is True
    assert copy_differences() == {}

    circulate(people, draft)
    sign_both(people, draft)
    added.refresh_from_db()
    assert added.minutes_signed is True
    assert Assignment.objects.visible_to(people.taavon).filter(pk=added.pk).exists()
    assert copy_differences() == {}


def test_a_resolution_assigned_with_a_stale_copy_in_hand_takes_the_stored_one(people):
    """The page's resolution was read before the minutes were signed; the service locks and
    re-reads the row, so the new assignment is signed like its resolution."""
    draft = schedule(people)
    record_two(people, draft)
    stale = Resolution.objects.filter(meeting=draft).order_by("number").first()
    circulate(people, draft)
    sign_both(people, draft)
    assert stale.minutes_signed is False  # as the page read it
    created = services.assign_resolutions(
        actor=people.secretariat, items=[(stale, agency(TAAVON), "partner")]
    )
    assert [a.minutes_signed for a in created] == [True]
    assert copy_differences() == {}


def test_imported_minutes_are_signed_on_paper(people):
    from qarargah.meetings.importer import import_minutes

    text = (
        "صورتجلسه شماره ۹۸ قرارگاه اجتماعی استان البرز\n"
        "تاریخ: ۱۴۰۳/۰۹/۱۵\n"
        "مصوبات:\n"
        "۱- مقرر شد گزارش برنامه‌های ورزشی محلات ارسال شود. مسئول: اداره کل ورزش و جوانان. مهلت: یک ماه\n"
    )
    result = import_minutes(
        actor=people.secretariat, body=None, filename="signed.txt", data=text.encode(), province=None
    )
    assert _copies(result.meeting) == {True}
    assert Assignment.objects.visible_to(people.varzesh).filter(resolution__meeting=result.meeting).exists()
    assert copy_differences() == {}


def test_a_status_set_back_is_copied_back(people):
    """No service unsigns minutes (amendments change their text, not their status); should one
    ever do, the same function sets the copy back and the agencies lose sight of the rows."""
    meeting = make_meeting(people.secretariat)
    make_resolution(people.secretariat, meeting=meeting, agencies=(VARZESH,))
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CIRCULATED)
    meeting.refresh_from_db()
    assert services.store_minutes_signed(meeting) == 1
    assert _copies(meeting) == {False}
    assert not Resolution.objects.visible_to(people.varzesh).filter(meeting=meeting).exists()
    assert copy_differences() == {}


def test_an_amendment_keeps_the_copy(people):
    from qarargah.meetings import services as meeting_services

    meeting = schedule(people)
    record_two(people, meeting)
    circulate(people, meeting)
    sign_both(people, meeting)
    meeting.refresh_from_db()
    amendment = meeting_services.propose_amendment(
        actor=people.secretariat,
        meeting=meeting,
        values={"date": meeting.date - datetime.timedelta(days=1)},
        reason="تاریخ جلسه اشتباه نوشته شده بود.",
    )
    for signer in (people.secretariat, people.leadership):
        meeting_services.sign_amendment(actor=signer, amendment=amendment, password="qarargah-demo-1403")
        amendment.refresh_from_db()
    assert _copies(meeting) == {True}
    assert copy_differences() == {}


def test_the_data_generator_writes_the_copy(people):
    from qarargah.demo.generate import generate

    generate(
        scale="small",
        province="qom",
        resolutions=40,
        assignments=90,
        reports=60,
        analyze=False,
        log=lambda _line: None,
    )
    generated = Resolution.objects.filter(province__code="qom")
    assert generated.exists()
    assert set(generated.values_list("minutes_signed", flat=True)) == {True}
    assert copy_differences() == {}


def test_the_data_migration_fills_the_copy_from_the_meetings(people):
    draft = schedule(people)
    record_two(people, draft)
    signed = make_meeting(people.secretariat)
    make_resolution(people.secretariat, meeting=signed, agencies=(VARZESH, TAAVON))
    # As the rows were before the migration: no copy at all.
    Resolution.objects.update(minutes_signed=False)
    Assignment.objects.update(minutes_signed=False)
    assert copy_differences()

    from importlib import import_module

    migration = import_module("qarargah.resolutions.migrations.0015_minutes_signed_copy")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migration.copy_from_meetings(django_apps, editor)
    assert copy_differences() == {}
    assert _copies(draft) == {False} and _copies(signed) == {True}
