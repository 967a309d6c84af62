"""A report sent at the very moment the secretariat takes its agency off the resolution, or deletes
the resolution, is never deleted with it: the deleting services lock the rows they check
(resolution, then assignments, then reports), as the report does (resolution, then assignment).

On PostgreSQL the two people are two connections in two threads, and the test holds one of them
inside its transaction while the other starts. SQLite takes one writer at a time (transactions
begin IMMEDIATE), so there the same two orders are played one after the other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from qarargah.accounts.models import User
from qarargah.core.errors import ServiceError
from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, ProgressReport, Resolution

from .factories import TAAVON, VARZESH, assignment_of, make_resolution

WAIT = 10  # seconds; a thread still blocked after this is a failure, not a hang


@pytest.fixture
def world_restored(django_db_blocker: Any) -> Iterator[None]:
    """A transactional test empties every table when it ends; put the shared world back for the
    tests that follow on this database (this fixture is set up first, so torn down last)."""
    yield
    from qarargah.demo.loader import load_registry, load_users

    with django_db_blocker.unblock():
        load_registry(lambda _line: None)
        load_users(lambda _line: None)


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


def _outcome(work: Callable[[], Any], into: dict[str, Any], *, hold: threading.Event | None = None,
             done: threading.Event | None = None) -> None:  # fmt: skip
    """Run ``work`` in this thread's own connection; with ``hold``, keep its transaction (and
    locks) open until the test releases it."""
    try:
        with transaction.atomic():
            work()
            if done is not None:
                done.set()
            if hold is not None:
                assert hold.wait(WAIT)
        into["result"] = "ok"
    except ServiceError as error:
        into["result"] = error.code
    except Exception as error:  # the test reports it as the outcome
        into["result"] = repr(error)
    finally:
        connection.close()


def _race(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[str, str]:
    """``first`` does its work and holds its transaction; ``second`` starts and must wait for it;
    then ``first`` commits. Returns both outcomes."""
    held, release = threading.Event(), threading.Event()
    one: dict[str, Any] = {}
    two: dict[str, Any] = {}
    a = threading.Thread(target=_outcome, args=(first, one), kwargs={"hold": release, "done": held})
    a.start()
    assert held.wait(WAIT), one
    b = threading.Thread(target=_outcome, args=(second, two))
    b.start()
    b.join(1.0)
    assert b.is_alive(), f"the second writer did not wait for the first one's locks: {two}"
    release.set()
    a.join(WAIT)
    b.join(WAIT)
    return one["result"], two["result"]


def _result(work: Callable[[], Any]) -> str:
    try:
        work()
    except ServiceError as error:
        return error.code
    return "ok"


def _play(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[str, str]:
    """Both people's outcomes: racing on PostgreSQL, one after the other on SQLite."""
    if connection.vendor == "postgresql":
        return _race(first, second)
    return _result(first), _result(second)


def _setup() -> tuple[User, User, int, Assignment]:
    secretariat, officer = _users()
    resolution = make_resolution(secretariat, agencies=(VARZESH, TAAVON))
    pk = assignment_of(resolution, VARZESH).pk
    return secretariat, officer, pk, Assignment.objects.get(pk=pk)


DELETIONS = pytest.mark.parametrize("deletion", [_unassign, _delete], ids=["unassign", "delete_resolution"])


@DELETIONS
def test_a_report_sent_first_stops_the_deletion(world_restored, transactional_db, deletion):
    secretariat, officer, pk, opened = _setup()
    outcome = _play(lambda: _submit(officer, opened), lambda: deletion(secretariat, pk))
    assert outcome == ("ok", "has_reports")
    assert ProgressReport.objects.filter(assignment_id=pk).count() == 1
    assert Assignment.objects.filter(pk=pk).exists()


@DELETIONS
def test_a_report_sent_while_deleting_is_refused_not_lost(world_restored, transactional_db, deletion):
    secretariat, officer, pk, opened = _setup()
    outcome = _play(lambda: deletion(secretariat, pk), lambda: _submit(officer, opened))
    assert outcome == ("ok", "gone")
    assert not Assignment.objects.filter(pk=pk).exists()
    assert not ProgressReport.objects.filter(assignment_id=pk).exists()
