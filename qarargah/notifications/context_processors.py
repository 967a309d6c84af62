"""The unread count for the notification bell in the navbar (one COUNT query per page)."""

from __future__ import annotations

from django.http import HttpRequest

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never render the navbar (downloads, JSON) pay nothing.
    return {"unread_notifications_count": _LazyCount(user)}


class _LazyCount:
    def __init__(self, user) -> None:
        self._user = user
        self._value: int | None = None

    def _get(self) -> int:
        if self._value is None:
            self._value = unread_count(self._user)
        return self._value

    def __int__(self) -> int:
        return self._get()

    def __bool__(self) -> bool:
        return self._get() > 0

    def __str__(self) -> str:
        return str(self._get())
