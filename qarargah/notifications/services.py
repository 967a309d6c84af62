"""Writes for notifications: create one, deliver instant ones, mark read, save preferences, and
hand mail to the task queue on commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from qarargah.accounts.models import User

from . import selectors
from .digests import absolute, site_path
from .models import Notification, NotificationPreference
from .tasks import send_email_message

if TYPE_CHECKING:
    from .instant import InstantMessage


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


@transaction.atomic
def deliver_instant(messages: Iterable[InstantMessage]) -> list[Notification]:
    """Write each message as an in-app notification, and mail it (on commit) to those whose
    preference says so. A message whose person already has the notification of that event is
    skipped, email included: delivering the same event twice tells nobody twice.
    """
    messages = list(messages)
    if not messages:
        return []
    seen = set(
        Notification.objects.filter(
            user_id__in={m.user.pk for m in messages}, event_key__in={m.event_key for m in messages}
        ).values_list("user_id", "event_key")
    )
    created: list[Notification] = []
    for message in messages:
        if (message.user.pk, message.event_key) in seen:
            continue
        seen.add((message.user.pk, message.event_key))
        try:
            # A savepoint: a concurrent delivery of the same event wins the unique constraint,
            # and this one goes on with the next person.
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=message.user,
                    kind=message.kind,
                    title=message.title[:300],
                    body=message.body,
                    url=message.path[:500],
                    event_key=message.event_key,
                )
        except IntegrityError:
            continue
        created.append(notification)
        if selectors.wants_event_email(message.user):
            context = {
                "message": message,
                "link": absolute(message.path),
                "settings_link": absolute(site_path("notifications:list")),
            }
            queue_email(
                to=[message.user.email],
                subject=message.title,
                body=render_to_string("notifications/email/instant.txt", context),
                html=render_to_string("notifications/email/instant.html", context),
            )
    return created


@transaction.atomic
def save_notification_preference(
    *, actor: User, event_email: bool, digest_email: bool, sms: bool | None = None, mobile: str | None = None
) -> NotificationPreference:
    """The person's own choices; ``sms`` and ``mobile`` None keep what was saved (the form
    shows them only where SMS is switched on)."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=actor)
    preference.event_email_enabled = event_email
    preference.email_enabled = digest_email
    fields = ["event_email_enabled", "email_enabled"]
    if sms is not None:
        preference.sms_enabled = sms
        fields.append("sms_enabled")
    if mobile is not None:
        preference.mobile = mobile
        fields.append("mobile")
    preference.full_clean()
    preference.save(update_fields=fields)
    return preference
