"""Fetching a notification by id for a user: the one place pages and the API ask.

A notification belongs to one person and is seen and marked read by that person only, so
there is no writer's version: someone else's notification is the same 404 as a missing one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from .models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.models import User

__all__ = ["get_notification_for_user"]


def get_notification_for_user(user: User | AnonymousUser, pk: int | str) -> Notification:
    if not user.is_authenticated or user.pk is None:
        raise Http404
    try:
        return Notification.objects.get(user_id=user.pk, pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
