"""What happened in the follow-up loop, announced after it is committed.

The resolutions app does not know who is told about its events, nor how (the notifications app
sits above it and may not be imported from here): the services announce each event with
:func:`send_on_commit`, and whoever cares connects a receiver (``notifications/apps.py``).

An event is sent only once its transaction commits, so a rolled-back write announces nothing,
and it carries row ids, not model instances: a receiver reads the rows fresh, and can hand the
ids to a background task as they are. A bulk write announces itself once: the minutes importer's
500 new assignments are one ``assignments_created`` with 500 ids, not 500 signals.

Every signal is sent with ``ids`` (a sorted list of primary keys) and ``actor_id`` (the acting
user's id, None for the system):

* ``assignments_created``: new assignments (create_resolutions, assign_resolutions);
* ``report_submitted``: a progress report now waiting for the secretariat's review;
* ``report_reviewed``: a report accepted (as progress or closing) or returned with a reason;
* ``extension_decided``: a deadline extension request approved or refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.dispatch import Signal

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

assignments_created = Signal()
report_submitted = Signal()
report_reviewed = Signal()
extension_decided = Signal()


def send_on_commit(signal: Signal, *, actor: Actor, ids: Iterable[int | None]) -> None:
    """Send ``signal`` with these row ids once the current transaction commits (at once outside
    one); nothing when there are no ids.

    ``send_robust``: a failing receiver (a task queue that is down) is logged and does not turn
    a write that has already been committed into an error page.
    """
    keys = sorted({pk for pk in ids if pk is not None})
    if not keys:
        return
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: signal.send_robust(sender=None, ids=keys, actor_id=actor_id))
