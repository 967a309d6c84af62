"""Who may act on resolutions, in one place for services, views and templates.

Seeing is decided by ``Model.objects.visible_to(user)`` (see ``accounts.scoping``); acting is
decided here. Two kinds of actor exist in the follow-up loop:

* the agency: an officer of the assigned agency (or the county officer of that governorate)
  starts work, reports and asks for more time;
* the secretariat of the resolution's province (or a system admin) edits resolutions, assigns
  agencies, reviews reports and decides extension requests.

Leadership, national viewers and house managers read only. Services call the ``require_*``
helpers so that the API and the pages refuse the same people with the same 403 message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from qarargah.accounts.models import Role

from .models import Assignment, Resolution

AGENCY_ROLES = (Role.AGENCY_OFFICER, Role.COUNTY_OFFICER)
FOLLOW_UP_ROLES = (Role.SECRETARIAT, Role.ADMIN)

NOT_YOUR_AGENCY = "فقط کارشناس دستگاه مسئول این تکلیف می‌تواند برای آن اقدام یا گزارش ثبت کند."
NOT_SECRETARIAT = "فقط دبیرخانه همین استان می‌تواند مصوبات را ویرایش و گزارش‌ها و درخواست‌ها را بررسی کند."


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_follow_up_staff(user: Any) -> bool:
    """Secretariat or admin: the roles that run the follow-up (province checked separately)."""
    return _active(user) and (user.role in FOLLOW_UP_ROLES or user.is_superuser)


def can_follow_up(user: Any, province_id: int | None) -> bool:
    if not is_follow_up_staff(user):
        return False
    if user.role == Role.ADMIN or user.is_superuser:
        return True
    return province_id is not None and user.province_id == province_id


def can_act_for(user: Any, assignment: Assignment) -> bool:
    return (
        _active(user)
        and user.role in AGENCY_ROLES
        and user.agency_id is not None
        and user.agency_id == assignment.agency_id
    )


def resolution_province_id(resolution: Resolution) -> int:
    return resolution.meeting.body.province_id


def require_follow_up(user: Any, resolution: Resolution) -> None:
    if not can_follow_up(user, resolution_province_id(resolution)):
        raise PermissionDenied(NOT_SECRETARIAT)


def require_agency_actor(user: Any, assignment: Assignment) -> None:
    if not can_act_for(user, assignment):
        raise PermissionDenied(NOT_YOUR_AGENCY)


def is_agency_user(user: Any) -> bool:
    return _active(user) and user.role in AGENCY_ROLES and user.agency_id is not None
