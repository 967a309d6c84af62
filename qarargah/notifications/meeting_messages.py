"""Delivering the messages the meetings app asks for (``meetings.signals.people_to_tell``):
the request to name a representative, an invitation's in-app note and its SMS.

Meetings and notifications are siblings in the layers, so the messages arrive as plain data
(decision 0031); this module writes them the way instant notifications are written
(decision 0020): one in-app row per person and event, mail by preference, SMS only when the
gateway is configured.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.tasks import task

from qarargah.accounts.models import User

from . import selectors, sms
from .instant import InstantMessage
from .models import Notification
from .services import deliver_instant
from .tasks import send_sms_message


def enqueue_meeting_messages(sender: object, *, messages: list[dict[str, Any]], **kwargs: Any) -> None:
    """The receiver: one task per batch; the worker does the reading."""
    deliver_meeting_messages.enqueue(messages=list(messages))


@task
def deliver_meeting_messages(*, messages: list[dict[str, Any]]) -> int:
    """Write and send ``messages``; returns how many in-app notifications were written."""
    users = User.objects.select_related("notification_preference").in_bulk(
        {m["user_id"] for m in messages if m.get("user_id")}
    )
    written = 0
    mailed: list[InstantMessage] = []
    for message in messages:
        user = users.get(message.get("user_id") or 0)
        if user is not None and user.is_active:
            instant = InstantMessage(
                user=user,
                kind=message["kind"],
                event_key=message["event_key"][:100],
                title=message["title"],
                body=message.get("body", ""),
                path=message.get("url", ""),
            )
            if message.get("email"):
                mailed.append(instant)
            else:
                written += _in_app_only(instant)
        _send_sms(message, user)
    written += len(deliver_instant(mailed))
    return written


def _in_app_only(message: InstantMessage) -> int:
    if Notification.objects.filter(user=message.user, event_key=message.event_key).exists():
        return 0
    try:
        with transaction.atomic():
            Notification.objects.create(
                user=message.user,
                kind=message.kind,
                title=message.title[:300],
                body=message.body,
                url=message.path[:500],
                event_key=message.event_key,
            )
    except IntegrityError:  # a concurrent delivery of the same event won
        return 0
    return 1


def _send_sms(message: dict[str, Any], user: User | None) -> None:
    text = message.get("sms_text") or ""
    if not text or not sms.sms_enabled():
        return
    number = message.get("sms_to") or ""
    if not number and user is not None:
        preference = selectors.preference_of(user)
        if preference is not None and preference.sms_enabled:
            number = preference.mobile
    if number:
        transaction.on_commit(lambda: send_sms_message.enqueue(to=number, text=text))
