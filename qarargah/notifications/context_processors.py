"""The unread count for the notification bell in the navbar (one COUNT query per page)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never render the navbar (downloads, JSON) pay nothing.
    return {"unread_notifications_count": SimpleLazyObject(lambda: unread_count(user))}
