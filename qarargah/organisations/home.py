"""Registry panels on the home page."""

from __future__ import annotations

from qarargah.accounts.models import User
from qarargah.accounts.scoping import scope_for
from qarargah.ui.home import Panel, register_panel_provider

from .models import Agency, AgencyStatus, Body, TargetNeighbourhood
from .selectors import provinces_for_user


@register_panel_provider
def registry_panels(user: User) -> list[Panel]:
    scope = scope_for(user)
    panels: list[Panel] = []
    if scope.all_provinces:
        panels.append(
            Panel(
                "استان‌ها",
                "organisations/panels/provinces.html",
                {"provinces": provinces_for_user(user)},
                order=50,
            )
        )
    # A house manager's house is shown in the neighbourhood's panel, not as a second one.
    if scope.agency_id is not None and scope.neighbourhood_id is None:
        panels.append(
            Panel(
                "دستگاه شما",
                "organisations/panels/my_agency.html",
                {
                    "agency": user.acting_agency,
                    "bodies": Body.objects.visible_to(user).filter(memberships__agency_id=scope.agency_id),
                },
                order=80,
            )
        )
    if scope.neighbourhood_id is not None:
        panels.append(
            Panel(
                "محله شما",
                "organisations/panels/my_neighbourhood.html",
                {
                    "neighbourhood": TargetNeighbourhood.objects.select_related("county").get(
                        pk=scope.neighbourhood_id
                    ),
                    "house": user.acting_agency,
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
    if scope.can_see_area_bodies:
        panels.append(
            Panel(
                "قرارگاه‌ها و شوراهای حوزه شما",
                "organisations/panels/bodies.html",
                {"bodies": Body.objects.visible_to(user).select_related("parent")[:12]},
                order=95,
            )
        )
    return panels
