"""Writes for notifications: create one, mark read, and hand mail to the task queue on commit."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from qarargah.accounts.models import User

from .models import Notification
from .tasks import send_email_message


@transaction.atomic
def notify(
    user: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    *,
    email: bool = False,
) -> Notification:
    """Give ``user`` an in-app notification; with ``email=True`` also mail it to them.

    The mail is enqueued only when the surrounding transaction commits, so a rolled-back change
    never sends a message about something that did not happen.
    """
    notification = Notification.objects.create(
        user=user, kind=kind, title=title[:300], body=body, url=url[:500]
    )
    if email and user.email:
        queue_email(to=[user.email], subject=title, body=body)
    return notification


def queue_email(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    """Enqueue one email, after the current transaction commits (at once outside one)."""
    transaction.on_commit(
        lambda: send_email_message.enqueue(to=list(to), subject=subject, body=body, html=html)
    )


@transaction.atomic
def mark_notification_read(*, actor: User, notification: Notification) -> Notification:
    """Idempotent: reading an already read notification keeps its first read time."""
    if notification.user_id != actor.pk:
        # The views fetch through notifications_for_user, so this is a programming error.
        raise ValueError("a notification can only be marked read by its recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_notifications_read(*, actor: User) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())
