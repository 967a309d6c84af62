"""notifications.access: a notification is its recipient's; anyone else's id is the same 404 as none."""

from __future__ import annotations

import re

import pytest
from django.http import Http404

from qarargah.notifications.access import get_notification_for_user
from qarargah.notifications.services import notify

pytestmark = pytest.mark.django_db

MISSING = 987_654_321
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def body_of(response) -> bytes:
    return _CSRF.sub(b'name="csrfmiddlewaretoken"', response.content)


@pytest.fixture
def note(people):
    return notify(people.varzesh, "agency_digest", "یادآوری مهلت تکالیف", "۱ تکلیف گذشته از مهلت.")


def test_the_recipient_gets_the_notification(people, note):
    assert get_notification_for_user(people.varzesh, note.pk) == note
    assert get_notification_for_user(people.varzesh, str(note.pk)) == note


@pytest.mark.parametrize("pk", ["abc", None, -1, 2**70, MISSING])
def test_garbage_and_missing_ids_are_404(people, note, pk):
    with pytest.raises(Http404):
        get_notification_for_user(people.varzesh, pk)


@pytest.mark.parametrize("persona", ["taavon", "secretariat", "admin"])
def test_anyone_elses_notification_is_the_same_404_as_none(people, note, client_for, persona):
    user = getattr(people, persona)
    with pytest.raises(Http404):
        get_notification_for_user(user, note.pk)
    client = client_for(user)
    hidden = client.post(f"/notifications/{note.pk}/read/")
    missing = client.post(f"/notifications/{MISSING}/read/")
    assert hidden.status_code == missing.status_code == 404
    assert body_of(hidden) == body_of(missing)
    note.refresh_from_db()
    assert note.read_at is None


def test_anonymous_gets_404_from_the_function(note):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        get_notification_for_user(AnonymousUser(), note.pk)
