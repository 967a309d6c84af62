"""Who may write what in the neighbourhood programme, read from the actor's scope
(``accounts.capabilities`` is the one table that names roles). Services, access functions and
templates share these, so the pages, the API and the commands refuse the same people with the
same Persian message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from qarargah.accounts.scoping import scope_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.system import Actor
    from qarargah.organisations.models import Agency, TargetNeighbourhood

    from .models import Indicator, Need

NOT_YOUR_NEIGHBOURHOOD = (
    "فقط مسئول خانه همین محله یا دبیرخانه استان می‌تواند مسائل این محله را ثبت یا ویرایش کند."
)
NOT_A_REFERRER = "ارجاع مسائل به دستگاه‌ها کار فرمانداری شهرستان یا دبیرخانه استان است."
NOT_THE_AGENCY = (
    "فقط دستگاهی که مسئله به آن ارجاع شده یا فرمانداری و دبیرخانه می‌توانند وضعیت آن را تغییر دهند."
)
NOT_SERVICE_OWNER = "خدمات هر دستگاه را کارشناس همان دستگاه یا دبیرخانه استان ثبت می‌کند."
NOT_INDICATOR_WRITER = "ثبت این شاخص برای این محله در اختیار نقش شما نیست."
NOT_WEIGHTS_OWNER = "وزن‌های اولویت‌بندی را دبیرخانه استان تعیین می‌کند."


def _covers(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood) -> bool:
    county = neighbourhood.county
    return scope_for(user).covers_neighbourhood(county.province_id, county.id, neighbourhood.id)


def can_register_needs_in(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood) -> bool:
    return scope_for(user).can_register_needs and _covers(user, neighbourhood)


def require_need_registrar(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood) -> None:
    if not can_register_needs_in(user, neighbourhood):
        raise PermissionDenied(NOT_YOUR_NEIGHBOURHOOD)


def can_refer_in(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood) -> bool:
    return scope_for(user).can_refer_needs and _covers(user, neighbourhood)


def require_referrer(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood) -> None:
    if not can_refer_in(user, neighbourhood):
        raise PermissionDenied(NOT_A_REFERRER)


def can_change_status(user: Actor | AnonymousUser, need: Need) -> bool:
    """The referrers of its area, or the agency it was referred to."""
    return can_refer_in(user, need.neighbourhood) or scope_for(user).acts_for(need.referred_agency_id)


def require_status_changer(user: Actor | AnonymousUser, need: Need) -> None:
    if not can_change_status(user, need):
        raise PermissionDenied(NOT_THE_AGENCY)


def can_set_weights(user: Actor | AnonymousUser, province_id: int | None) -> bool:
    scope = scope_for(user)
    return scope.can_set_need_weights and scope.covers_province(province_id)


def require_weights_owner(user: Actor | AnonymousUser, province_id: int | None) -> None:
    if not can_set_weights(user, province_id):
        raise PermissionDenied(NOT_WEIGHTS_OWNER)


def can_declare_services(user: Actor | AnonymousUser, agency: Agency) -> bool:
    """The agency's own officer, or the registry's keepers in its province (the secretariat)."""
    scope = scope_for(user)
    return scope.acts_for(agency.pk) or (
        scope.can_edit_registry and scope.covers_province(agency.province_id)
    )


def require_service_owner(user: Actor | AnonymousUser, agency: Agency) -> None:
    if not can_declare_services(user, agency):
        raise PermissionDenied(NOT_SERVICE_OWNER)


def can_record_indicator(
    user: Actor | AnonymousUser, indicator: Indicator, neighbourhood: TargetNeighbourhood
) -> bool:
    """The secretariat of the province always; otherwise whom the indicator names: the house of
    that neighbourhood, or an agency officer of the province."""
    scope = scope_for(user)
    if indicator.entered_by == "registry":
        # Counted from the target-group registry (decision 0035): typed by nobody, the
        # secretariat included; only the feed writes it.
        return False
    if not _covers(user, neighbourhood):
        return False
    if scope.can_edit_registry:
        return True
    if indicator.entered_by == "house_manager":
        return scope.can_register_needs
    if indicator.entered_by == "agency":
        # An agency's officer, not a house manager (who acts for its house like an agency on
        # resolutions, decision 0022, but enters only the house's indicators).
        return scope.can_act_for_agency and scope.neighbourhood_id is None
    return False


def require_indicator_writer(
    user: Actor | AnonymousUser, indicator: Indicator, neighbourhood: TargetNeighbourhood
) -> None:
    if indicator.entered_by == "registry":
        raise PermissionDenied(NOT_TYPED_INDICATOR)
    if not can_record_indicator(user, indicator, neighbourhood):
        raise PermissionDenied(NOT_INDICATOR_WRITER)


NOT_TYPED_INDICATOR = (
    "این شاخص را سامانه ثبت گروه‌های هدف پس از هر پیوند رکوردها می‌شمارد و نوشتن دستی آن ممکن نیست."
)
NOT_A_FEEDER = (
    "شاخص‌های برگرفته از ثبت گروه‌های هدف را فقط کارشناس داده دبیرخانه همان استان یا سامانه به‌روز می‌کند."
)


def require_registry_feeder(user: Actor | AnonymousUser, province_id: int) -> None:
    """The registry's data officer of the province (or the system, for commands and the
    linking task) writes the indicators counted from the registry."""
    scope = scope_for(user)
    if not (scope.can_see_registry_persons and scope.covers_province(province_id)):
        raise PermissionDenied(NOT_A_FEEDER)


NOT_ACTIVITY_WRITER = (
    "فعالیت‌های هر محله را مسئول خانه همان محله، فرمانداری شهرستان یا دبیرخانه استان ثبت و ویرایش می‌کند."
)
NOT_PROGRAMME_OWNER = "طرح‌های استان را دبیرخانه همان استان و طرح‌های ملی را مدیر سامانه تعریف می‌کند."
NOT_RANKED_LIST_APPROVER = "فهرست اولویت هر شهرستان را فرمانداری همان شهرستان تأیید می‌کند."


def can_write_activity_in(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood) -> bool:
    """The house of the neighbourhood, its county governorate, or the secretariat."""
    return can_register_needs_in(user, neighbourhood) or can_refer_in(user, neighbourhood)


def require_activity_writer(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood) -> None:
    if not can_write_activity_in(user, neighbourhood):
        raise PermissionDenied(NOT_ACTIVITY_WRITER)


def can_define_programme(user: Actor | AnonymousUser, level: str, province_id: int | None) -> bool:
    """A national programme: whoever keeps every province's registry (an admin); a provincial
    one: the province's registry keepers (its secretariat)."""
    scope = scope_for(user)
    if not scope.can_edit_registry:
        return False
    if level == "national":
        return scope.all_provinces
    return scope.covers_province(province_id)


def require_programme_owner(user: Actor | AnonymousUser, level: str, province_id: int | None) -> None:
    if not can_define_programme(user, level, province_id):
        raise PermissionDenied(NOT_PROGRAMME_OWNER)


def can_edit_programme_part(user: Actor | AnonymousUser, programme: object, province_id: int | None) -> bool:
    """A province's part of a programme (its neighbourhoods, agencies, targets): that province's
    secretariat; the national part (province None): an admin."""
    scope = scope_for(user)
    if not scope.can_edit_registry:
        return False
    if province_id is None:
        return scope.all_provinces
    own = getattr(programme, "province_id", None)
    return scope.covers_province(province_id) and own in (None, province_id)


def require_programme_coverage(
    user: Actor | AnonymousUser, programme: object, province_id: int | None
) -> None:
    if not can_edit_programme_part(user, programme, province_id):
        raise PermissionDenied(NOT_PROGRAMME_OWNER)


def can_approve_ranked_list(user: Actor | AnonymousUser, county_id: int) -> bool:
    """The county governorate of that county (those who refer its needs, placed in it)."""
    scope = scope_for(user)
    return scope.can_refer_needs and scope.county_id is not None and scope.county_id == county_id


def require_ranked_list_approver(user: Actor | AnonymousUser, county_id: int) -> None:
    if not can_approve_ranked_list(user, county_id):
        raise PermissionDenied(NOT_RANKED_LIST_APPROVER)
