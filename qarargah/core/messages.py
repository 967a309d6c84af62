"""Messages an app asks the notifications app to deliver, announced after commit.

The notifications app sits beside meetings in the layers (neither imports the other), so a
meeting service cannot write an in-app notification or reach the SMS gateway itself. It sends
``people_to_tell`` with plain messages instead, once its transaction commits; the notifications
app connects a receiver that writes them and queues the mail and SMS (decision 0031, after 0020).
The signal lives here, below both, so that neither app imports the other.

Each message is a dict of JSON values:
``user_id`` (an account to notify in the app, or None), ``kind``, ``title``, ``body``, ``url``,
``event_key`` (unique per person, so a message told twice is written once), ``email`` (also mail
it to the account, if its preferences allow), ``sms_to`` (a mobile number given by the
meetings app, e.g. a representative named without an account) and ``sms_text`` (send this SMS
when the SMS channel is configured; to ``sms_to`` or the account's own number).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

people_to_tell = Signal()

type Message = dict[str, Any]


def tell_on_commit(messages: list[Message], *, sender: str) -> None:
    """Announce ``messages`` when the current transaction commits (at once outside one)."""
    if not messages:
        return
    batch = [dict(m) for m in messages]
    transaction.on_commit(lambda: people_to_tell.send(sender=sender, messages=batch))
