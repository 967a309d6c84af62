from typing import Any

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "qarargah.notifications"
    label = "notifications"
    verbose_name = "اعلان‌ها و یادآوری‌ها"

    def ready(self) -> None:
        # The resolutions app announces its events (after commit) and knows nothing of who is
        # told: each event becomes one background task here (decision 0020).
        from qarargah.resolutions import signals

        from . import instant

        for signal, event in (
            (signals.assignments_created, instant.ASSIGNMENTS_CREATED_EVENT),
            (signals.report_submitted, instant.REPORT_SUBMITTED_EVENT),
            (signals.report_reviewed, instant.REPORT_REVIEWED_EVENT),
            (signals.extension_decided, instant.EXTENSION_DECIDED_EVENT),
        ):
            signal.connect(_enqueue_for(event), dispatch_uid=f"notifications.instant.{event}", weak=False)
        # The meetings app (a sibling) hands over its messages as plain data (decision 0031).
        from qarargah.core.messages import people_to_tell

        from .meeting_messages import enqueue_meeting_messages

        people_to_tell.connect(enqueue_meeting_messages, dispatch_uid="notifications.meeting_messages")


def _enqueue_for(event: str) -> Any:
    def receiver(sender: object, *, ids: list[int], actor_id: int | None, **kwargs: Any) -> None:
        from .tasks import deliver_event_notifications

        deliver_event_notifications.enqueue(event=event, ids=list(ids), actor_id=actor_id)

    return receiver
