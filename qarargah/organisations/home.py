"""Registry panels on the home page."""

from __future__ import annotations

from qarargah.accounts.models import Role, User
from qarargah.accounts.scoping import scope_for
from qarargah.ui.home import Panel, register_panel_provider

from .models import Agency, AgencyStatus, Body, TargetNeighbourhood
from .selectors import provinces_for_user


@register_panel_provider
def registry_panels(user: User) -> list[Panel]:
    scope = scope_for(user)
    panels: list[Panel] = []
    if user.role == Role.NATIONAL_VIEWER or (scope.all_provinces and user.role == Role.ADMIN):
        panels.append(
            Panel(
                "استان‌ها",
                "organisations/panels/provinces.html",
                {"provinces": provinces_for_user(user)},
                order=50,
            )
        )
    if user.role in (Role.AGENCY_OFFICER, Role.COUNTY_OFFICER) and user.agency_id:
        panels.append(
            Panel(
                "دستگاه شما",
                "organisations/panels/my_agency.html",
                {
                    "agency": user.agency,
                    "bodies": Body.objects.visible_to(user).filter(memberships__agency_id=user.agency_id),
                },
                order=80,
            )
        )
    if user.role == Role.HOUSE_MANAGER and user.neighbourhood_id:
        panels.append(
            Panel(
                "محله شما",
                "organisations/panels/my_neighbourhood.html",
                {
                    "neighbourhood": TargetNeighbourhood.objects.select_related("county").get(
                        pk=user.neighbourhood_id
                    )
                },
                order=80,
            )
        )
    if scope.can_see_pending_agencies:
        pending = Agency.objects.visible_to(user).filter(status=AgencyStatus.PENDING)
        panels.append(
            Panel(
                "دستگاه‌های در انتظار تأیید",
                "organisations/panels/pending.html",
                {"count": pending.count(), "agencies": pending[:5]},
                order=90,
            )
        )
    if user.role in (Role.SECRETARIAT, Role.LEADERSHIP, Role.COUNTY_OFFICER):
        panels.append(
            Panel(
                "قرارگاه‌ها و شوراهای حوزه شما",
                "organisations/panels/bodies.html",
                {"bodies": Body.objects.visible_to(user).select_related("parent")[:12]},
                order=95,
            )
        )
    return panels
