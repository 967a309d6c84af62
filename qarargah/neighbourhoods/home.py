"""The house manager's home panel: their neighbourhood's open needs, by axis, with the buttons
to register one or import a survey."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qarargah.accounts.scoping import scope_for
from qarargah.organisations.models import TargetNeighbourhood
from qarargah.ui.home import Panel, register_panel_provider

from . import selectors

if TYPE_CHECKING:
    from qarargah.accounts.models import User


@register_panel_provider
def neighbourhood_panels(user: User) -> list[Panel]:
    scope = scope_for(user)
    if scope.neighbourhood_id is None or not scope.can_browse_needs:
        return []
    neighbourhood = TargetNeighbourhood.objects.visible_to(user).filter(pk=scope.neighbourhood_id).first()
    if neighbourhood is None:
        return []
    by_axis = [group for group in selectors.open_needs_by_axis(user, neighbourhood) if group.needs]
    return [
        Panel(
            f"مسائل باز محله {neighbourhood.name}",
            "neighbourhoods/panels/house_needs.html",
            {
                "neighbourhood": neighbourhood,
                "by_axis": by_axis,
                "open_count": sum(len(g.needs) for g in by_axis),
                "can_register": scope.can_register_needs,
            },
            order=15,
        )
    ]


@register_panel_provider
def ranked_list_panels(user: User) -> list[Panel]:
    """The province's readers (secretariat, leadership): the ranked lists the county
    governorates approved and sent, newest first — how the province hears of them."""
    scope = scope_for(user)
    if (
        not scope.can_browse_needs
        or scope.province_id is None
        or scope.county_id is not None
        or scope.neighbourhood_id is not None
    ):
        return []
    from .approvals import approvals_for_user

    latest = list(approvals_for_user(user).filter(province_id=scope.province_id)[:5])
    return [
        Panel(
            "فهرست‌های اولویت فرستاده‌شده از شهرستان‌ها",
            "neighbourhoods/panels/ranked_lists.html",
            {"approvals": latest},
            order=40,
        )
    ]
