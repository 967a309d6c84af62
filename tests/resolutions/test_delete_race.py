"""A report sent at the very moment the secretariat takes its agency off the resolution, or deletes
the resolution, is never deleted with it: the deleting services lock the rows they check
(resolution, then assignments, then reports), as the report does (resolution, then assignment).

On PostgreSQL the two people are two connections in two threads, and the test holds one of them
inside its transaction while the other starts. SQLite takes one writer at a time (transactions
begin IMMEDIATE), so there the same two orders are played one after the other.
"""

from __future__ import annotations

import pytest

from qarargah.accounts.models import User
from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, ProgressReport, Resolution
from tests.races import play

from .factories import TAAVON, VARZESH, assignment_of, make_resolution


def _users() -> tuple[User, User]:
    return User.objects.get(username="dabir.alborz"), User.objects.get(username="varzesh.alborz")


def _submit(officer: User, assignment: Assignment) -> ProgressReport:
    # The officer opened the assignment's page before the deletion; the service reads it again.
    return services.submit_progress_report(actor=officer, assignment=assignment, text="گزارش همزمان با حذف")


def _unassign(secretariat: User, assignment_pk: int) -> None:
    services.unassign_resolution(actor=secretariat, assignment=Assignment.objects.get(pk=assignment_pk))


def _delete(secretariat: User, assignment_pk: int) -> None:
    resolution = Resolution.objects.get(assignments__pk=assignment_pk)
    services.delete_resolution(actor=secretariat, resolution=resolution)


def _setup() -> tuple[User, User, int, Assignment]:
    secretariat, officer = _users()
    resolution = make_resolution(secretariat, agencies=(VARZESH, TAAVON))
    pk = assignment_of(resolution, VARZESH).pk
    return secretariat, officer, pk, Assignment.objects.get(pk=pk)


DELETIONS = pytest.mark.parametrize("deletion", [_unassign, _delete], ids=["unassign", "delete_resolution"])


@DELETIONS
def test_a_report_sent_first_stops_the_deletion(world_restored, transactional_db, deletion):
    secretariat, officer, pk, opened = _setup()
    outcome = play(lambda: _submit(officer, opened), lambda: deletion(secretariat, pk))
    assert outcome == ("ok", "has_reports")
    assert ProgressReport.objects.filter(assignment_id=pk).count() == 1
    assert Assignment.objects.filter(pk=pk).exists()


@DELETIONS
def test_a_report_sent_while_deleting_is_refused_not_lost(world_restored, transactional_db, deletion):
    secretariat, officer, pk, opened = _setup()
    outcome = play(lambda: deletion(secretariat, pk), lambda: _submit(officer, opened))
    assert outcome == ("ok", "gone")
    assert not Assignment.objects.filter(pk=pk).exists()
    assert not ProgressReport.objects.filter(assignment_id=pk).exists()
