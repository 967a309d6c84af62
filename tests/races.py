"""Two people at the same moment, for tests of services that lock what they check.

On PostgreSQL the two are two connections in two threads: the first does its work and holds its
transaction open while the second starts, which must wait for the first one's locks. SQLite takes
one writer at a time (transactions begin IMMEDIATE), so there the same order is played one after
the other. Tests using these helpers need ``transactional_db`` and ``world_restored`` (tests/conftest.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

from qarargah.core.errors import ServiceError

WAIT = 10  # seconds; a thread still blocked after this is a failure, not a hang


def outcome_of(work: Callable[[], Any], into: dict[str, Any], *, hold: threading.Event | None = None,
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


def race(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[str, str]:
    """``first`` does its work and holds its transaction; ``second`` starts and must wait for it;
    then ``first`` commits. Returns both outcomes."""
    held, release = threading.Event(), threading.Event()
    one: dict[str, Any] = {}
    two: dict[str, Any] = {}
    a = threading.Thread(target=outcome_of, args=(first, one), kwargs={"hold": release, "done": held})
    a.start()
    assert held.wait(WAIT), one
    b = threading.Thread(target=outcome_of, args=(second, two))
    b.start()
    b.join(1.0)
    assert b.is_alive(), f"the second writer did not wait for the first one's locks: {two}"
    release.set()
    a.join(WAIT)
    b.join(WAIT)
    return one["result"], two["result"]


def result_of(work: Callable[[], Any]) -> str:
    try:
        work()
    except ServiceError as error:
        return error.code
    return "ok"


def play(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[str, str]:
    """Both people's outcomes: racing on PostgreSQL, one after the other on SQLite."""
    if connection.vendor == "postgresql":
        return race(first, second)
    return result_of(first), result_of(second)
