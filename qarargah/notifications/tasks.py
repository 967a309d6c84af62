"""Background tasks (Django's tasks framework): the only place mail and SMS leave the system.

Arguments are plain JSON values (addresses and rendered text), so the database backend can
store the task and a worker in another process can send it without re-reading anything.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task

from .sms import get_sms_backend


@task
def send_email_message(*, to: list[str], subject: str, body: str, html: str = "") -> int:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@task
def deliver_event_notifications(*, event: str, ids: list[int], actor_id: int | None = None) -> int:
    """Tell everyone concerned about one follow-up event (``resolutions.signals``): their in-app
    notifications, and each email as its own task. Returns how many notifications were written.

    Enqueued on commit by the receivers in ``apps.py``; reads the rows fresh, so an event whose
    rows changed meanwhile (a report withdrawn before the worker got to it) tells what is true.
    """
    # Imported here: services and instant import this module for send_email_message.
    from .instant import messages_for
    from .services import deliver_instant

    return len(deliver_instant(messages_for(event, ids, actor_id)))


@task
def send_sms_message(*, to: str, text: str) -> bool:
    backend = get_sms_backend()
    if backend is None:
        # SMS was switched off between enqueueing and running: drop it quietly.
        return False
    backend.send(to=to, text=text)
    return True
