"""Navigation shown in the base layout, chosen by the capabilities on the user's scope."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.ui.navigation import NAV_EXTENSIONS, nav_allowed


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    today = timezone.localdate()
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "today": today}
    scope = scope_for(user)
    items: list[tuple[str, str]] = [("پیشخوان", reverse("home"))]
    items += [(label, reverse(name)) for label, name in NAV_EXTENSIONS if nav_allowed(name, scope)]
    items += [
        ("دستگاه‌های اجرایی", reverse("organisations:agency_list")),
        ("قرارگاه‌ها و شوراها", reverse("organisations:body_list")),
        ("محله‌های هدف", reverse("organisations:neighbourhood_list")),
    ]
    if scope.can_see_pending_agencies:
        items.append(("دستگاه‌های در انتظار تأیید", reverse("organisations:pending_agencies")))
    if user.is_staff:
        items.append(("مدیریت سامانه", reverse("admin:index")))
    current = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "active": (url != "/" and current.startswith(url)) or url == current}
            for label, url in items
        ],
        "user_scope": scope,
        "today": today,
    }
