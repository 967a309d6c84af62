"""Role scoping in one place.

Every list a user sees is built from ``Model.objects.visible_to(user)``; each scoped model says
once, in ``scope_q(scope)``, which of its rows a :class:`Scope` covers. Views never sprinkle their
own role checks: they ask for a scoped queryset, or fetch one object through
:func:`get_object_for_user` (404 when missing *or* hidden, so the two look the same) and, to
change it, :func:`require_write` (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, Self, cast

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

if TYPE_CHECKING:
    from qarargah.accounts.models import User

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """What part of the country a user's role covers, and what the role may do there.

    Places are flattened to ids for query building. Capabilities are named here once (the
    table in ``accounts.capabilities`` says which role has which) and read by navigation, pages,
    API and services alike: nobody outside that table compares role names.
    """

    role: str
    all_provinces: bool = False
    province_id: int | None = None
    county_id: int | None = None
    agency_id: int | None = None
    neighbourhood_id: int | None = None
    body_id: int | None = None
    # Registry: agencies, bodies, neighbourhoods and their aliases.
    can_edit_registry: bool = False
    can_see_pending_agencies: bool = False
    # Meetings: read the meeting list and pages; import minutes files.
    can_browse_meetings: bool = False
    can_import_minutes: bool = False
    # Resolutions: the full list; create, edit, assign and delete; review reports and extensions.
    can_browse_resolutions: bool = False
    can_edit_resolutions: bool = False
    can_review_reports: bool = False
    # Reading the agency scoreboard and the review of past resolutions.
    can_see_scoreboard: bool = False
    can_see_past_review: bool = False
    # Acting for an agency: an inbox, starting work, reports and extension requests.
    can_act_for_agency: bool = False
    # Home page: the bodies of the user's own province or county.
    can_see_area_bodies: bool = False
    # The neighbourhood programme: needs of the area (an agency without it sees only the needs
    # referred to it); registering them (a house manager: its own neighbourhood); referring
    # them and changing their status; the priority weights; the staff's private contacts.
    can_browse_needs: bool = False
    can_register_needs: bool = False
    can_refer_needs: bool = False
    can_set_need_weights: bool = False
    can_see_neighbourhood_contacts: bool = False
    # The target-group registry: people's records (data officer); suppressed aggregates.
    can_see_registry_persons: bool = False
    can_see_registry_aggregates: bool = False
    read_only: bool = True

    def province_q(self, field: str) -> Q:
        if self.all_provinces:
            return Q()
        if self.province_id is None:
            return NOTHING
        return Q(**{field: self.province_id})

    def covers_province(self, province_id: int | None) -> bool:
        return self.all_provinces or (province_id is not None and province_id == self.province_id)

    def follows_up(self, province_id: int | None) -> bool:
        """May edit resolutions and review reports of that province (its secretariat, or an admin)."""
        return self.can_edit_resolutions and self.covers_province(province_id)

    def acts_for(self, agency_id: int | None) -> bool:
        """May act (start, report, ask for time) on an assignment of that agency."""
        return self.can_act_for_agency and agency_id is not None and agency_id == self.agency_id

    def covers_neighbourhood(
        self, province_id: int | None, county_id: int | None, neighbourhood_id: int
    ) -> bool:
        """The neighbourhood lies in the scope's place: its province, county or the one neighbourhood."""
        if not self.covers_province(province_id):
            return False
        if self.county_id is not None and county_id != self.county_id:
            return False
        return self.neighbourhood_id is None or neighbourhood_id == self.neighbourhood_id


ANONYMOUS_SCOPE = Scope(role="anonymous")


def scope_for(user: User | Any) -> Scope:
    """The user's scope, cached on the user object for the length of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS_SCOPE
    cached = getattr(user, "_qarargah_scope", None)
    if cached is None:
        cached = user.build_scope()
        user._qarargah_scope = cached
    return cached


class ScopedModel(Protocol):
    """A model served through :class:`ScopedQuerySet`: it says which of its rows a scope sees."""

    @staticmethod
    def scope_q(scope: Scope) -> Q: ...


def _scope_q(model: type[models.Model], scope: Scope) -> Q:
    # Every model whose manager is built on ScopedQuerySet defines ``scope_q`` (default deny);
    # the queryset's type cannot say so, hence the cast.
    return cast("type[ScopedModel]", model).scope_q(scope)


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user: User | Any) -> Self:
        return self.filter(_scope_q(self.model, scope_for(user)))


def get_object_for_user[M: models.Model](
    queryset: models.QuerySet[M] | type[M], user: User | Any, **lookup: Any
) -> M:
    """The object if ``user`` may see it; otherwise the same 404 as for a missing one."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        return qs.filter(_scope_q(qs.model, scope_for(user))).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_write(user: User | Any, obj: models.Model | None = None) -> None:
    """403 unless the user's role may change registry data (the object is already visible)."""
    if not scope_for(user).can_edit_registry:
        raise PermissionDenied("شما اجازه تغییر این اطلاعات را ندارید.")
