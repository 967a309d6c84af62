"""What each role finds on its home page.

The page is a list of panels; each app contributes panels through :data:`PANEL_PROVIDERS`
(a provider takes the user and returns zero or more panels), so the resolutions app can add
"your overdue assignments" without the web app knowing about resolutions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    width: str = "col-lg-6"


# A provider takes the signed-in ``accounts.User``; typed loosely because this low layer does not
# import accounts (each provider annotates its own ``user: User``).
PanelProvider = Callable[[Any], list[Panel]]
PANEL_PROVIDERS: list[PanelProvider] = []


def register_panel_provider(provider: PanelProvider) -> PanelProvider:
    PANEL_PROVIDERS.append(provider)
    return provider


def home_panels(user: Any) -> list[Panel]:  # Any: this layer does not import accounts (above)
    panels: list[Panel] = []
    for provider in PANEL_PROVIDERS:
        panels.extend(provider(user))
    return sorted(panels, key=lambda p: p.order)
