"""The main menu's registry: apps add their entries here when they are ready.

Each app appends ``(label, url name)`` to :data:`NAV_EXTENSIONS` and says who sees the entry in
:data:`NAV_RULES` (a rule takes the user's scope and answers yes or no). The web layer's
context processor builds the menu from them, so no app has to import the web layer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# A rule reads the user's ``accounts.scoping.Scope``; typed loosely so this low layer does not
# import accounts.
NavRule = Callable[[Any], bool]

NAV_EXTENSIONS: list[tuple[str, str]] = []
NAV_RULES: dict[str, NavRule] = {}


def nav_allowed(name: str, scope: object) -> bool:
    """Whether the entry named ``name`` is shown to a user with ``scope`` (no rule: everybody)."""
    rule = NAV_RULES.get(name)
    return rule is None or bool(rule(scope))


# URL namespace -> the menu group its entries are gathered under («جلسات», «پیگیری مصوبات»), so
# the secretariat's dozen entries fit one line. A group with one visible entry is a plain link.
NAV_GROUPS: dict[str, str] = {}


def register_nav_group(namespace: str, label: str) -> None:
    NAV_GROUPS[namespace] = label
