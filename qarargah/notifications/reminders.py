"""The reminder run: build each person's digest and send it once per period per channel.

Idempotency lives in the database, not in the scheduler: the ``ReminderLog`` row for
(user, kind, period, channel) is inserted in the same transaction that writes the in-app
notification and registers the email/SMS task for commit. A second run, or a concurrent one,
hits the unique constraint and sends nothing; the insert blocks until the first run's
transaction ends, so two runs can never both send. The price is at-most-once delivery: if the
mail server refuses a message after the commit, that day's email is not retried (the in-app
notification is there regardless, and the task backend records the failure).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from . import selectors
from .channels import Channel, reminder_channels
from .digests import Digest, agency_digest, secretariat_digest
from .models import ReminderLog

SENT = "sent"
ALREADY_SENT = "already_sent"
WOULD_SEND = "would_send"


@dataclass(frozen=True)
class Delivery:
    digest: Digest
    channel: str
    address: str
    status: str


def digests_for(today: datetime.date) -> Iterable[Digest]:
    """Every non-empty digest due on ``today``: agency officers first, then secretariats."""
    for user in selectors.reminder_officers():
        digest = agency_digest(user, today)
        if not digest.is_empty:
            yield digest
    for user in selectors.reminder_secretariats():
        digest = secretariat_digest(user, today)
        if not digest.is_empty:
            yield digest


def send_reminders(
    *, today: datetime.date, dry_run: bool = False, channels: list[Channel] | None = None
) -> list[Delivery]:
    channels = channels if channels is not None else reminder_channels()
    deliveries: list[Delivery] = []
    for digest in digests_for(today):
        for channel in channels:
            address = channel.address(digest.user)
            if address is None:
                continue
            if dry_run:
                deliveries.append(Delivery(digest, channel.name, address, _dry_status(digest, channel)))
            else:
                deliveries.append(
                    Delivery(digest, channel.name, address, _send_once(digest, channel, address))
                )
    return deliveries


def _log_lookup(digest: Digest, channel: Channel) -> dict[str, Any]:
    return {"user": digest.user, "kind": digest.kind, "period": digest.period, "channel": channel.name}


def _already_logged(digest: Digest, channel: Channel) -> bool:
    return ReminderLog.objects.filter(**_log_lookup(digest, channel)).exists()


def _dry_status(digest: Digest, channel: Channel) -> str:
    return ALREADY_SENT if _already_logged(digest, channel) else WOULD_SEND


def _send_once(digest: Digest, channel: Channel, address: str) -> str:
    # Cheap check first so the usual hourly re-run does not even try the insert.
    if _already_logged(digest, channel):
        return ALREADY_SENT
    try:
        with transaction.atomic():
            ReminderLog.objects.create(**_log_lookup(digest, channel), item_count=digest.item_count)
            channel.send(digest, address)
    except IntegrityError:
        # Another run inserted the same row between our check and our insert: it sends.
        return ALREADY_SENT
    return SENT
