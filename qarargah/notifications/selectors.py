"""Reads for notifications and for the reminder digests, already scoped to the user."""

from __future__ import annotations

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from qarargah.accounts.models import Role, User
from qarargah.accounts.scoping import scope_for
from qarargah.resolutions.models import (
    Assignment,
    AssignmentStatus,
    ProgressReport,
    ReviewStatus,
)

from .models import Notification, NotificationPreference


def notifications_for_user(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preference_of(user: User) -> NotificationPreference | None:
    """The person's saved preferences; None means the defaults (see NotificationPreference)."""
    try:
        return user.notification_preference
    except ObjectDoesNotExist:
        return None


def wants_event_email(user: User) -> bool:
    """Mail this person's instant notifications: they have an address and did not switch it off."""
    preference = preference_of(user)
    return bool(user.email) and (preference is None or preference.event_email_enabled)


# --- Reminder digests -----------------------------------------------------------------------------
# The reminder command runs "as of" a date (``--date``), so these take ``today`` rather than
# reading the clock, unlike the page selectors of the resolutions app.

# An assignment the agency has reported on waits for the secretariat, not for the agency: it is
# left out of the reminders and appears in the secretariat's review queue instead. An accepted
# continuous (مستمر) assignment still expects its next period's report by its (moved) due date.
# A resolution the secretariat closed expects nothing from anybody.
_WAITING_ON_AGENCY = (
    ~Q(status=AssignmentStatus.REPORTED)
    & (~Q(status=AssignmentStatus.ACCEPTED) | Q(continuous=True))
    & Q(resolution_closed=False)
)


def reminder_officers() -> list[User]:
    """Everyone who acts for an agency: agency officers, county governorates' officers and the
    managers of neighbourhood houses (decision 0022). The scope decides, not a list of roles."""
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(agency__isnull=False) | Q(neighbourhood__house__isnull=False))
        .select_related("agency", "province", "neighbourhood__house", "notification_preference")
        .order_by("pk")
    )
    return [user for user in candidates if scope_for(user).can_act_for_agency]


def reminder_secretariats() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role=Role.SECRETARIAT, province__isnull=False)
        .select_related("province", "body", "notification_preference")
        .order_by("pk")
    )


def _assignment_rows(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return qs.select_related("resolution__meeting__body", "agency").order_by("due_date", "pk")


def assignments_awaiting_agency(
    user: User, *, today: datetime.date, horizon_days: int = 3
) -> list[Assignment]:
    """The user's (agency's) assignments that are overdue or due within ``horizon_days``."""
    qs = Assignment.objects.visible_to(user).filter(
        _WAITING_ON_AGENCY, due_date__lte=today + datetime.timedelta(days=horizon_days)
    )
    return list(_assignment_rows(qs))


def overdue_assignments_for_secretariat(user: User, *, today: datetime.date) -> list[Assignment]:
    qs = Assignment.objects.visible_to(user).filter(_WAITING_ON_AGENCY, due_date__lt=today)
    return list(_assignment_rows(qs))


def reports_waiting_for_secretariat(user: User) -> list[ProgressReport]:
    qs = (
        ProgressReport.objects.visible_to(user)
        .filter(review_status=ReviewStatus.PENDING)
        .select_related("assignment__resolution__meeting__body", "assignment__agency")
        .order_by("submitted_at", "pk")
    )
    return list(qs)
