"""The same minutes uploaded twice at the same moment (two browser tabs, a retried API call)
make one meeting: every import locks the meeting's identity before looking for it, not only the
command's --jobs runs (four parallel uploads once made four meetings on PostgreSQL)."""

from __future__ import annotations

from qarargah.accounts.models import User
from qarargah.meetings import importer
from qarargah.meetings.models import Meeting
from tests.meetings.samples import SAMPLE_000
from tests.races import play


def _import(secretariat: User) -> None:
    result = importer.import_minutes(
        actor=secretariat, body=None, filename=SAMPLE_000.name, data=SAMPLE_000.read_bytes()
    )
    if result.outcome == "unchanged":
        from qarargah.core.errors import ServiceError

        raise ServiceError("همین فایل پیش‌تر ثبت شده است.", code="unchanged")


def test_two_uploads_of_one_file_at_once_make_one_meeting(world_restored, transactional_db):
    secretariat = User.objects.get(username="dabir.alborz")
    before = Meeting.objects.count()
    # On PostgreSQL the second upload must wait for the first one's lock, then find its meeting.
    outcome = play(lambda: _import(secretariat), lambda: _import(secretariat))
    assert outcome == ("ok", "unchanged")
    assert Meeting.objects.count() == before + 1
