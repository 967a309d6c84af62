"""Fetching the programme's objects by id for a user: the one place pages, API and commands ask.

``get_<thing>_for_user`` gives the object or the same 404 for a missing and a hidden one;
``get_<thing>_for_writer`` adds a 403 (a Persian message) when the user sees it but may not
change it. Who may change what is in ``permissions`` (capabilities of the user's scope).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from qarargah.accounts.scoping import get_object_for_user, scope_for
from qarargah.organisations.models import County, TargetNeighbourhood

from . import permissions
from .models import Activity, ActivityPhoto, AgencyService, Need, Programme, ProgrammeTarget

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.system import Actor

NOT_A_NEEDS_READER = "مسائل محله‌ها را مسئولان خانه محله، فرمانداری، دبیرخانه و مدیران استان می‌بینند."

__all__ = [
    "NOT_AN_ACTIVITY_READER",
    "NOT_A_NEEDS_READER",
    "get_activity_for_user",
    "get_activity_for_writer",
    "get_activity_photo_for_user",
    "get_county_for_approver",
    "get_county_for_user",
    "get_need_for_referrer",
    "get_need_for_status_change",
    "get_need_for_user",
    "get_need_for_writer",
    "get_neighbourhood_for_registrar",
    "get_neighbourhood_for_user",
    "get_programme_for_user",
    "get_programme_target_for_writer",
    "get_service_for_writer",
    "require_activity_reader",
    "require_needs_reader",
]

_NEED_RELATED = ("neighbourhood__county__province", "referred_agency")


def require_needs_reader(user: Actor | AnonymousUser) -> None:
    """The programme's pages (neighbourhoods, priorities) are for those who read the area's needs."""
    if not scope_for(user).can_browse_needs:
        raise PermissionDenied(NOT_A_NEEDS_READER)


def get_neighbourhood_for_user(user: Actor | AnonymousUser, pk: object) -> TargetNeighbourhood:
    require_needs_reader(user)
    return get_object_for_user(TargetNeighbourhood.objects.select_related("county__province"), user, pk=pk)


def get_neighbourhood_for_registrar(user: Actor | AnonymousUser, pk: object) -> TargetNeighbourhood:
    """A neighbourhood whose needs the user may register: 404 when hidden, 403 when only read."""
    neighbourhood = get_object_for_user(
        TargetNeighbourhood.objects.select_related("county__province"), user, pk=pk
    )
    permissions.require_need_registrar(user, neighbourhood)
    return neighbourhood


def get_county_for_user(user: Actor | AnonymousUser, pk: object) -> County:
    return get_object_for_user(County.objects.select_related("province"), user, pk=pk)


def get_need_for_user(user: Actor | AnonymousUser, pk: object) -> Need:
    return get_object_for_user(Need.objects.select_related(*_NEED_RELATED), user, pk=pk)


def get_need_for_writer(user: Actor | AnonymousUser, pk: object) -> Need:
    """A need the user may edit: the house of its neighbourhood or the secretariat."""
    need = get_need_for_user(user, pk)
    permissions.require_need_registrar(user, need.neighbourhood)
    return need


def get_need_for_referrer(user: Actor | AnonymousUser, pk: object) -> Need:
    need = get_need_for_user(user, pk)
    permissions.require_referrer(user, need.neighbourhood)
    return need


def get_need_for_status_change(user: Actor | AnonymousUser, pk: object) -> Need:
    need = get_need_for_user(user, pk)
    permissions.require_status_changer(user, need)
    return need


def get_service_for_writer(user: Actor | AnonymousUser, pk: object) -> AgencyService:
    """An agency's declared service that the user may change: its officer or the secretariat."""
    service = get_object_for_user(AgencyService.objects.select_related("agency"), user, pk=pk)
    permissions.require_service_owner(user, service.agency)
    return service


NOT_AN_ACTIVITY_READER = (
    "فعالیت‌های محله را خانه محله، فرمانداری، دبیرخانه، مدیران استان و دستگاه‌های شرکت‌کننده می‌بینند."
)


def require_activity_reader(user: Actor | AnonymousUser) -> None:
    scope = scope_for(user)
    if not (scope.can_browse_needs or scope.can_act_for_agency):
        raise PermissionDenied(NOT_AN_ACTIVITY_READER)


def get_activity_for_user(user: Actor | AnonymousUser, pk: object) -> Activity:
    return get_object_for_user(
        Activity.objects.select_related("province", "resolution", "programme"), user, pk=pk
    )


def get_activity_for_writer(user: Actor | AnonymousUser, pk: object) -> Activity:
    """An activity the user may edit: allowed on every one of its neighbourhoods (403 otherwise)."""
    activity = get_activity_for_user(user, pk)
    for n in activity.neighbourhoods.select_related("county"):
        permissions.require_activity_writer(user, n)
    return activity


def get_activity_photo_for_user(user: Actor | AnonymousUser, pk: object) -> ActivityPhoto:
    return get_object_for_user(ActivityPhoto.objects.all(), user, pk=pk)


def get_programme_for_user(user: Actor | AnonymousUser, pk: object) -> Programme:
    return get_object_for_user(Programme.objects.select_related("province"), user, pk=pk)


def get_programme_target_for_writer(user: Actor | AnonymousUser, pk: object) -> ProgrammeTarget:
    target = get_object_for_user(ProgrammeTarget.objects.select_related("programme"), user, pk=pk)
    permissions.require_programme_coverage(user, target.programme, target.province_id)
    return target


def get_county_for_approver(user: Actor | AnonymousUser, pk: object) -> County:
    county = get_county_for_user(user, pk)
    permissions.require_ranked_list_approver(user, county.pk)
    return county
