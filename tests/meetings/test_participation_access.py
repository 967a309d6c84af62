"""The participation access functions: the same 404 for hidden and missing, 403 for visible but
not writable, per role."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from qarargah.meetings.access import (
    NOT_THE_SECRETARIAT,
    NOT_THEIR_AGENCY,
    get_body_for_roster_reader,
    get_body_for_roster_writer,
    get_meeting_for_participation_writer,
    get_membership_for_representative_editor,
)

from .participation_world import committee, meeting_of, member

pytestmark = pytest.mark.django_db


def test_roster_readers(people):
    body = committee()
    for who in (people.secretariat, people.leadership, people.national, people.admin, people.varzesh):
        assert get_body_for_roster_reader(who, body.pk) == body
    for who in (people.taavon, people.markazi_secretariat, people.markazi_officer, people.hesar_manager):
        with pytest.raises(Http404):
            get_body_for_roster_reader(who, body.pk)
    with pytest.raises(Http404):
        get_body_for_roster_reader(people.secretariat, 10**9)
    with pytest.raises(Http404):
        get_body_for_roster_reader(people.secretariat, "x")


def test_roster_writers(people):
    body = committee()
    assert get_body_for_roster_writer(people.secretariat, body.pk) == body
    assert get_body_for_roster_writer(people.admin, body.pk) == body
    for who in (people.leadership, people.national, people.varzesh):
        with pytest.raises(PermissionDenied) as exc:
            get_body_for_roster_writer(who, body.pk)
        assert str(exc.value) == NOT_THE_SECRETARIAT


def test_representative_editors(people):
    body = committee()
    varzesh, behzisti = member(body, "ورزش"), member(body, "بهزیستی")
    assert get_membership_for_representative_editor(people.varzesh, body.pk, varzesh.pk) == varzesh
    assert get_membership_for_representative_editor(people.secretariat, body.pk, behzisti.pk) == behzisti
    with pytest.raises(PermissionDenied) as exc:
        get_membership_for_representative_editor(people.varzesh, body.pk, behzisti.pk)
    assert str(exc.value) == NOT_THEIR_AGENCY
    with pytest.raises(PermissionDenied):
        get_membership_for_representative_editor(people.leadership, body.pk, varzesh.pk)
    other = committee().memberships.model.objects.exclude(body=body).first()
    with pytest.raises(Http404):  # a membership of another body, named under this one
        get_membership_for_representative_editor(people.secretariat, body.pk, other.pk)


def test_meeting_participation_writers(people):
    meeting = meeting_of(committee())
    assert get_meeting_for_participation_writer(people.secretariat, meeting.pk) == meeting
    with pytest.raises(PermissionDenied) as exc:
        get_meeting_for_participation_writer(people.leadership, meeting.pk)
    assert str(exc.value) == NOT_THE_SECRETARIAT
    with pytest.raises(Http404):
        get_meeting_for_participation_writer(people.markazi_secretariat, meeting.pk)
    with pytest.raises(PermissionDenied):  # no meeting pages for an agency's officer at all
        get_meeting_for_participation_writer(people.varzesh, meeting.pk)
