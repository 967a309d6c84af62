"""The secretariat's home panel: latest meetings and the import button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qarargah.accounts.scoping import scope_for
from qarargah.ui.home import Panel, register_panel_provider

from .selectors import meetings_for_user

if TYPE_CHECKING:
    from qarargah.accounts.models import User


@register_panel_provider
def meeting_panels(user: User) -> list[Panel]:
    scope = scope_for(user)
    # The secretariat of a body records its meetings; an admin (no body of its own) is not
    # shown the country's latest meetings on its home page.
    if not (scope.can_import_minutes and scope.body_id is not None):
        return []
    return [
        Panel(
            "آخرین جلسات",
            "meetings/panels/latest.html",
            {"meetings": list(meetings_for_user(user)[:5])},
            order=20,
        )
    ]
