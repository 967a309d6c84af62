"""Who may act on resolutions, in one place for services, views and templates.

Seeing is decided by ``Model.objects.visible_to(user)`` (see ``accounts.scoping``); acting is
decided here, from the capabilities on the actor's scope (``accounts.capabilities`` is the one
table that names roles). Two kinds of actor exist in the follow-up loop:

* the agency: an officer of the assigned agency (or the county officer of that governorate)
  starts work, reports and asks for more time (``can_act_for_agency``);
* the secretariat of the resolution's province (or a system admin) edits resolutions, assigns
  agencies (``can_edit_resolutions``), reviews reports and decides extension requests
  (``can_review_reports``).

Leadership, national viewers and house managers read only. The services call the
``require_*`` helpers (decision 0012), so the API, the pages and the commands refuse the same
people with the same 403 message. The province is the resolution's own copy (decision 0010),
so no check walks ``meeting.body``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from qarargah.accounts.scoping import scope_for

from .models import Assignment, Resolution

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.system import Actor

NOT_YOUR_AGENCY = "فقط کارشناس دستگاه مسئول این تکلیف می‌تواند برای آن اقدام یا گزارش ثبت کند."
NOT_SECRETARIAT = "فقط دبیرخانه همین استان می‌تواند مصوبات را ویرایش و گزارش‌ها و درخواست‌ها را بررسی کند."


def can_follow_up(user: Actor | AnonymousUser, province_id: int | None) -> bool:
    """May edit the resolutions of that province and assign their agencies."""
    return scope_for(user).follows_up(province_id)


def can_review(user: Actor | AnonymousUser, province_id: int | None) -> bool:
    """May accept or return the reports, and decide the extension requests, of that province."""
    scope = scope_for(user)
    return scope.can_review_reports and scope.covers_province(province_id)


def can_act_for(user: Actor | AnonymousUser, assignment: Assignment) -> bool:
    return scope_for(user).acts_for(assignment.agency_id)


def require_follow_up(user: Actor | AnonymousUser, resolution: Resolution) -> None:
    require_follow_up_in(user, resolution.province_id)


def require_reviewer(user: Actor | AnonymousUser, resolution: Resolution) -> None:
    if not can_review(user, resolution.province_id):
        raise PermissionDenied(NOT_SECRETARIAT)


def require_agency_actor(user: Actor | AnonymousUser, assignment: Assignment) -> None:
    if not can_act_for(user, assignment):
        raise PermissionDenied(NOT_YOUR_AGENCY)


def require_follow_up_in(user: Actor | AnonymousUser, province_id: int | None) -> None:
    """:func:`require_follow_up` before the resolution exists (creating one in that province)."""
    if not can_follow_up(user, province_id):
        raise PermissionDenied(NOT_SECRETARIAT)
