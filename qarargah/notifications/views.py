"""The notifications page: the person's own notifications, newest first; marking read is POST."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from qarargah.accounts.http import AuthenticatedHttpRequest
from qarargah.persian import to_persian_digits

from . import selectors, services
from .access import get_notification_for_user


@require_GET
@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notifications_for_user(request.user, unread_only=unread_only)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": unread_only, "unread_total": selectors.unread_count(request.user)},
    )


@require_POST
@login_required
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Only the recipient's own rows are looked at, so someone else's id is the same 404 as none.
    notification = get_notification_for_user(request.user, pk)
    services.mark_notification_read(actor=request.user, notification=notification)
    if request.POST.get("open") and notification.url and _is_local(request, notification.url):
        return redirect(notification.url)
    return redirect(_back(request))


@require_POST
@login_required
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.mark_all_notifications_read(actor=request.user)
    if count:
        messages.success(request, f"{to_persian_digits(str(count))} اعلان خوانده‌شده علامت خورد.")
    else:
        messages.info(request, "اعلان خوانده‌نشده‌ای نداشتید.")
    return redirect(_back(request))


def _is_local(request: HttpRequest, url: str) -> bool:
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and _is_local(request, target):
        return target
    return reverse("notifications:list")
