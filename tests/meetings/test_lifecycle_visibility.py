"""Assignments reach the agencies when the minutes are signed, not when they are typed: scope,
inbox, stored tallies and the notification of new assignments (decision 0029)."""

from __future__ import annotations

import pytest

from qarargah.notifications.models import Notification
from qarargah.resolutions.models import AgencyTally, Assignment, Resolution
from qarargah.resolutions.tallies import tally_differences
from tests.meetings.lifecycle_world import circulate, record_two, schedule, sign_both


@pytest.fixture
def recorded(people, django_capture_on_commit_callbacks):
    meeting = schedule(people)
    with django_capture_on_commit_callbacks(execute=True):
        record_two(people, meeting)
    return meeting


def _tally(people, user) -> int:
    row = AgencyTally.objects.filter(
        agency_id=user.agency_id, province_id=people.secretariat.province_id
    ).first()
    return row.assigned if row else 0


def test_agencies_do_not_see_a_drafts_assignments_the_secretariat_does(people, client_for, recorded):
    ours = Assignment.objects.filter(resolution__meeting=recorded)
    assert ours.count() == 3
    for officer in (people.varzesh, people.taavon):
        assert not Assignment.objects.visible_to(officer).filter(resolution__meeting=recorded).exists()
        assert not Resolution.objects.visible_to(officer).filter(meeting=recorded).exists()
    assert Assignment.objects.visible_to(people.secretariat).filter(resolution__meeting=recorded).count() == 3
    inbox = client_for(people.varzesh).get("/resolutions/inbox/")
    assert "برگزاری جشنواره ورزشی محلات" not in inbox.content.decode()
    resolution = Resolution.objects.filter(meeting=recorded).first()
    assert client_for(people.varzesh).get(f"/resolutions/{resolution.pk}/").status_code == 404
    # Neither told nor counted yet.
    assert not Notification.objects.filter(kind="assignment_new").exists()
    assert (
        _tally(people, people.varzesh)
        == Assignment.objects.filter(
            agency_id=people.varzesh.agency_id, resolution__meeting__status__in=["signed", "locked"]
        ).count()
    )


def test_signing_shows_them_counts_them_and_tells_the_agencies_once(
    people, client_for, recorded, django_capture_on_commit_callbacks
):
    before = _tally(people, people.varzesh)
    circulate(people, recorded)
    with django_capture_on_commit_callbacks(execute=True):
        sign_both(people, recorded)
    assert Assignment.objects.visible_to(people.varzesh).filter(resolution__meeting=recorded).count() == 2
    assert Assignment.objects.visible_to(people.taavon).filter(resolution__meeting=recorded).count() == 1
    inbox = client_for(people.varzesh).get("/resolutions/inbox/")
    assert "برگزاری جشنواره ورزشی محلات" in inbox.content.decode()
    assert _tally(people, people.varzesh) == before + 2
    assert tally_differences() == []
    told = set(Notification.objects.filter(kind="assignment_new").values_list("user__username", flat=True))
    assert {people.varzesh.username, people.taavon.username} <= told
    assert Notification.objects.filter(kind="assignment_new", user=people.varzesh).count() == 1


def test_county_officers_and_house_managers_wait_for_signing_too(people, django_capture_on_commit_callbacks):
    meeting = schedule(people)
    from qarargah.meetings import services as services_rows
    from qarargah.organisations.models import Agency

    house = Agency.objects.get(pk=people.hesar_manager.house_id)
    with django_capture_on_commit_callbacks(execute=True):
        services_rows.save_record(
            actor=people.secretariat,
            meeting=meeting,
            expected_version=None,
            narrative="",
            statements=[],
            rows=[
                services_rows.RecordRow(
                    text="میز خدمت در محله", leads=[people.karaj_governorate.agency, house], deadline="یک ماه"
                )
            ],
        )
    for user in (people.karaj_governorate, people.hesar_manager):
        assert not Assignment.objects.visible_to(user).filter(resolution__meeting=meeting).exists()
        assert not Resolution.objects.visible_to(user).filter(meeting=meeting).exists()
    circulate(people, meeting)
    sign_both(people, meeting)
    for user in (people.karaj_governorate, people.hesar_manager):
        assert Assignment.objects.visible_to(user).filter(resolution__meeting=meeting).exists()
        assert Resolution.objects.visible_to(user).filter(meeting=meeting).exists()


def test_an_agency_downloads_only_signed_minutes_assigning_it(people, client_for, recorded):
    officer = client_for(people.varzesh)
    assert officer.get(f"/meetings/{recorded.pk}/minutes.pdf").status_code == 404
    circulate(people, recorded)
    sign_both(people, recorded)
    assert officer.get(f"/meetings/{recorded.pk}/minutes.docx").status_code == 200
    assert client_for(people.markazi_officer).get(f"/meetings/{recorded.pk}/minutes.docx").status_code == 404
