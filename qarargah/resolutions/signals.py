"""What happened in the follow-up loop, announced after it is committed.

The resolutions app does not know who is told about its events, nor how (the notifications app
sits above it and may not be imported from here): the services announce each event with
:func:`send_on_commit`, and whoever cares connects a receiver (``notifications/apps.py``).

An event is sent only once its transaction commits, so a rolled-back write announces nothing,
and it carries row ids, not model instances: a receiver reads the rows fresh, and can hand the
ids to a background task as they are. A bulk write announces itself once: the minutes importer's
500 new assignments are one ``assignments_created`` with 500 ids, not 500 signals, and a
command that commits many transactions (``qarargah import`` of an archive) wraps them in
:func:`batched` to announce them once at its end.

Every signal is sent with ``ids`` (a sorted list of primary keys) and ``actor_id`` (the acting
user's id, None for the system):

* ``assignments_created``: new assignments (create_resolutions, assign_resolutions);
* ``report_submitted``: a progress report now waiting for the secretariat's review;
* ``report_reviewed``: a report accepted (as progress or closing) or returned with a reason;
* ``extension_decided``: a deadline extension request approved or refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.db import transaction
from django.dispatch import Signal

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

assignments_created = Signal()
report_submitted = Signal()
report_reviewed = Signal()
extension_decided = Signal()

# By name, so that events gathered in another process can be handed back as plain data.
SIGNALS: dict[str, Signal] = {
    "assignments_created": assignments_created,
    "report_submitted": report_submitted,
    "report_reviewed": report_reviewed,
    "extension_decided": extension_decided,
}
_NAMES = {id(signal): name for name, signal in SIGNALS.items()}

# (signal name, ids, actor id): an event as plain, picklable data.
type Event = tuple[str, list[int], int | None]


class Collected:
    """Events committed inside :func:`collected`, merged per (signal, actor)."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, int | None], set[int]] = {}

    def add(self, name: str, ids: Iterable[int], actor_id: int | None) -> None:
        self._ids.setdefault((name, actor_id), set()).update(ids)

    def events(self) -> list[Event]:
        return [(name, sorted(ids), actor_id) for (name, actor_id), ids in self._ids.items()]


_collector: ContextVar[Collected | None] = ContextVar("resolutions_signals_collector", default=None)


def send_on_commit(signal: Signal, *, actor: Actor, ids: Iterable[int | None]) -> None:
    """Send ``signal`` with these row ids once the current transaction commits (at once outside
    one); nothing when there are no ids. Inside :func:`batched`, the ids wait for its end."""
    keys = sorted({pk for pk in ids if pk is not None})
    if not keys:
        return
    name = _NAMES[id(signal)]
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: send_events([(name, keys, actor_id)]))


def send_events(events: Iterable[Event]) -> None:
    """Send events now, or add them to the batch being gathered.

    ``send_robust``: a failing receiver (a task queue that is down) is logged and does not turn
    a write that has already been committed into an error page.
    """
    box = _collector.get()
    for name, ids, actor_id in events:
        if box is not None:
            box.add(name, ids, actor_id)
        else:
            SIGNALS[name].send_robust(sender=None, ids=list(ids), actor_id=actor_id)


@contextmanager
def collected() -> Iterator[Collected]:
    """Gather the events committed inside the block instead of sending them (a worker process
    hands them to its parent with :meth:`Collected.events`)."""
    box = Collected()
    token = _collector.set(box)
    try:
        yield box
    finally:
        _collector.reset(token)


@contextmanager
def batched() -> Iterator[None]:
    """Many transactions, one announcement: the events committed inside the block are sent once
    at its end, merged per signal (an archive imported file by file tells each officer once).
    What was committed is announced even if the block ends with an error."""
    with collected() as box:
        try:
            yield
        finally:
            events = box.events()
    send_events(events)
