"""Delivery channels for reminder digests, one interface for in-app, email and SMS.

A channel answers two questions: can it reach this person (an address, a switched-on backend),
and how to send a digest there. Sending never talks to the outside world inside the
transaction: in-app rows are written in it, email and SMS are enqueued as tasks on commit.
"""

from __future__ import annotations

from typing import Protocol

from django.db import transaction

from qarargah.accounts.models import User

from . import selectors, services, sms
from .digests import Digest
from .tasks import send_sms_message


class Channel(Protocol):
    name: str  # the ReminderLog.channel value

    def address(self, user: User) -> str | None:
        """Where this channel reaches ``user``; None when it cannot."""

    def send(self, digest: Digest, address: str) -> None: ...


_preference = selectors.preference_of


class InAppChannel:
    name = "in_app"

    def address(self, user: User) -> str | None:
        return user.username

    def send(self, digest: Digest, address: str) -> None:
        services.notify(digest.user, digest.kind, digest.subject, digest.summary, digest.link_path)


class EmailChannel:
    name = "email"

    def address(self, user: User) -> str | None:
        pref = _preference(user)
        if pref is not None and not pref.email_enabled:
            return None
        return user.email or None

    def send(self, digest: Digest, address: str) -> None:
        services.queue_email(
            to=[address], subject=digest.subject, body=digest.render_text(), html=digest.render_html()
        )


class SmsChannel:
    name = "sms"

    def address(self, user: User) -> str | None:
        if not sms.sms_enabled():
            return None
        pref = _preference(user)
        if pref is None or not pref.sms_enabled or not pref.mobile:
            return None
        return pref.mobile

    def send(self, digest: Digest, address: str) -> None:
        text = digest.render_sms()
        transaction.on_commit(lambda: send_sms_message.enqueue(to=address, text=text))


def reminder_channels() -> list[Channel]:
    """Every channel; each decides per person whether it can reach them."""
    return [InAppChannel(), EmailChannel(), SmsChannel()]
