"""Navigation shown in the base layout, chosen by the capabilities on the user's scope.

``nav_items`` is the flat list of what the user may open; ``nav_menu`` the same entries as the
menu shows them: gathered under their app's group (``ui.navigation.NAV_GROUPS``) so the
secretariat's menu fits one line at 1366 px, a group of one shown as a plain link. Exactly one
entry is active: the one whose address is the longest prefix of the page's.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.ui.navigation import NAV_EXTENSIONS, NAV_GROUPS, nav_allowed

REGISTRY_GROUP = "اطلاعات پایه"


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    today = timezone.localdate()
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_menu": [], "today": today}
    scope = scope_for(user)
    # (label, url, group or "" for a top-level link)
    entries: list[tuple[str, str, str]] = [("پیشخوان", reverse("home"), "")]
    entries += [
        (label, reverse(name), NAV_GROUPS.get(name.partition(":")[0], ""))
        for label, name in NAV_EXTENSIONS
        if nav_allowed(name, scope)
    ]
    entries += [
        ("دستگاه‌های اجرایی", reverse("organisations:agency_list"), REGISTRY_GROUP),
        ("قرارگاه‌ها و شوراها", reverse("organisations:body_list"), REGISTRY_GROUP),
        ("محله‌های هدف", reverse("organisations:neighbourhood_list"), REGISTRY_GROUP),
    ]
    if scope.can_see_pending_agencies:
        entries.append(
            ("دستگاه‌های در انتظار تأیید", reverse("organisations:pending_agencies"), REGISTRY_GROUP)
        )
    if user.is_staff:
        entries.append(("مدیریت سامانه", reverse("admin:index"), ""))
    active = _active_url(request.path, [url for _, url, _ in entries])
    items = [{"label": label, "url": url, "active": url == active} for label, url, _ in entries]
    return {
        "nav_items": items,
        "nav_menu": _grouped(entries, items),
        "user_scope": scope,
        "today": today,
    }


def _active_url(path: str, urls: list[str]) -> str | None:
    matches = [url for url in urls if url == path or (url != "/" and path.startswith(url))]
    return max(matches, key=len) if matches else None


def _grouped(entries: list[tuple[str, str, str]], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Top-level links and groups, in the order their first entry appears."""
    menu: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for (_, _, group), item in zip(entries, items, strict=True):
        if not group:
            menu.append(item)
            continue
        if group not in groups:
            # «children», not «items»: a template reading entry.items on a plain link would find
            # the dict's own items() method and draw its keys as menu entries.
            groups[group] = {"label": group, "children": [], "active": False}
            menu.append(groups[group])
        groups[group]["children"].append(item)
        groups[group]["active"] |= item["active"]
    # A group of one is that one link.
    return [m["children"][0] if "children" in m and len(m["children"]) == 1 else m for m in menu]
