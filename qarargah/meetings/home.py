"""The secretariat's home panel: latest meetings and the import button."""

from __future__ import annotations

from typing import Any

from qarargah.accounts.models import Role
from qarargah.ui.home import Panel, register_panel_provider

from .selectors import meetings_for_user


@register_panel_provider
def meeting_panels(user: Any) -> list[Panel]:
    if user.role != Role.SECRETARIAT:
        return []
    return [
        Panel(
            "آخرین جلسات",
            "meetings/panels/latest.html",
            {"meetings": list(meetings_for_user(user)[:5])},
            order=20,
        )
    ]
