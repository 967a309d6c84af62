"""An archive imported file by file (`qarargah import`): each file commits on its own, and the
officers hear of the whole batch once, with one process or several.

No module-wide database mark here: the transactional test's ``world_restored`` must be set up
before the database fixture (so it puts the shared world back after the flush), which an
autouse mark would reverse.
"""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command

from qarargah.accounts.models import User
from qarargah.meetings.models import Meeting
from qarargah.notifications.digests import fa
from qarargah.resolutions.models import Assignment
from tests.meetings.samples import SAMPLE_000, SAMPLE_002
from tests.meetings.test_import_jobs import _qarargah, _scratch_database
from tests.notifications.test_instant_notifications import told

# --- An archive imported file by file -------------------------------------------------------------


def test_an_archive_import_tells_each_officer_once_for_the_whole_batch(world_restored, transactional_db):
    # Each file commits on its own (so this test commits for real); the command announces the
    # new assignments of all its files at the end, as one batch.
    call_command(
        "import",
        str(SAMPLE_000),
        str(SAMPLE_002),
        "--province",
        "alborz",
        "--user",
        "dabir.alborz",
        "--jobs",
        "1",
        stdout=io.StringIO(),
    )
    notes = told("assignment_new")
    assert notes, "the samples assign work to the demo agencies' officers"
    assert all(len(mine) == 1 for mine in notes.values())
    meetings_per_agency: dict[int, set[int]] = {}
    for agency_id, meeting_id in Assignment.objects.values_list("agency_id", "resolution__meeting_id"):
        meetings_per_agency.setdefault(agency_id, set()).add(meeting_id)
    assert Meeting.objects.count() == 2
    officers = User.objects.filter(username__in=notes)
    # Someone assigned work in both files still got one notification, counting all of it.
    spanning = [u for u in officers if len(meetings_per_agency.get(u.agency_id, ())) == 2]
    assert spanning
    for user in spanning:
        count = Assignment.objects.filter(agency_id=user.agency_id).count()
        assert notes[user.username][0].title.startswith(f"{fa(count)} تکلیف تازه برای")


def _own_scratch_database(tmp_path) -> tuple[str, object]:
    """PostgreSQL's scratch database as the meetings tests make it; on SQLite a file of this
    test's own (theirs is shared and kept between runs)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return _scratch_database()
    return f"sqlite:///{tmp_path / 'jobs.sqlite3'}", lambda: None


@pytest.mark.django_db
def test_an_archive_imported_by_two_processes_is_still_one_batch(tmp_path):
    # The worker processes hand what they committed back to the command, which announces it once.
    url, drop = _own_scratch_database(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("QARARGAH_TESTING", "QARARGAH_TEST_DATABASE_URL")}
    env.update(
        DATABASE_URL=url,
        QARARGAH_VAR_DIR=str(tmp_path / "var"),
        LOG_LEVEL="ERROR",
        QARARGAH_TASKS_BACKEND="immediate",
    )
    try:
        assert _qarargah(env, "migrate", "-v0").returncode == 0
        load = "from qarargah.demo.loader import load_registry as r, load_users as u; r(print); u(print)"
        assert _qarargah(env, "shell", "-v0", "-c", load).returncode == 0
        files = ["--user", "dabir.alborz", str(SAMPLE_000), str(SAMPLE_002)]
        run = _qarargah(env, "import", "--province", "alborz", "--jobs", "2", *files)
        assert run.returncode == 0, run.stderr
        assert run.stdout.count("ثبت شد") == 2
        count = (
            "from collections import Counter; from qarargah.notifications.models import Notification as N; "
            "c = Counter(N.objects.filter(kind='assignment_new').values_list('user_id', flat=True)); "
            "print(len(c), max(c.values(), default=0))"
        )
        check = _qarargah(env, "shell", "-v0", "-c", count)
        assert check.returncode == 0, check.stderr
        people, most = map(int, check.stdout.split())
        assert people > 0 and most == 1
    finally:
        drop()
