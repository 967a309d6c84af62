"""Two writers on one agency's tallies at the same moment (decision 0018).

A module of its own: its test empties the database (``transactional_db``) and puts the shared
world back (``world_restored``), which a module-wide ``django_db`` mark would undo."""

from __future__ import annotations

from qarargah.resolutions import services
from qarargah.resolutions.models import AgencyTally
from qarargah.resolutions.tallies import tally_differences

from .factories import VARZESH, agency, assignment_of, make_resolution, today


def test_two_reports_of_one_agency_at_the_same_moment_are_both_counted(world_restored, transactional_db):
    """The second writer waits for the first one's tally lock and counts what it committed; a
    tally written from a count taken before the first commit would say 1, not 2."""
    from qarargah.accounts.models import User
    from tests.races import play

    secretariat = User.objects.get(username="dabir.alborz")
    officer = User.objects.get(username="varzesh.alborz")
    one, two = (make_resolution(secretariat, due=today()) for _ in range(2))
    first, second = assignment_of(one), assignment_of(two)
    outcome = play(
        lambda: services.submit_progress_report(actor=officer, assignment=first, text="گزارش اول"),
        lambda: services.submit_progress_report(actor=officer, assignment=second, text="گزارش دوم"),
    )
    assert outcome == ("ok", "ok")
    assert AgencyTally.objects.get(agency=agency(VARZESH)).reported == 2
    assert tally_differences(today()) == []
