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
from qarargah.accounts.scoping import scope_for
from qarargah.persian import to_persian_digits

from . import selectors, services
from .access import get_notification_for_user
from .forms import NotificationPreferenceForm
from .models import NotificationPreference


def _what_comes(request: AuthenticatedHttpRequest) -> list[str]:
    """What this person is told, by what their scope lets them do: the page says only what is so."""
    scope = scope_for(request.user)
    lines = []
    if scope.can_act_for_agency:
        lines += [
            "تکلیف تازه‌ای که به دستگاه شما سپرده شود (اگر چند تکلیف با هم ثبت شود، در یک اعلان)؛",
            "پذیرش یا برگشت گزارش‌های دستگاه شما، با دلیل دبیرخانه؛",
            "تصمیم دبیرخانه درباره درخواست تمدید مهلتی که فرستاده‌اید؛",
            "و هر روز، یادآوری تکالیفی که مهلتشان نزدیک است یا گذشته است.",
        ]
    if scope.can_review_reports and not scope.all_provinces:
        lines += [
            "گزارش تازه‌ای که دستگاهی برای مصوبات استان شما بفرستد و در انتظار بررسی باشد "
            "(اگر مسئول پیگیری مصوبه تعیین شده باشد، فقط برای او)؛",
            "و هر روز، خلاصه تکالیف گذشته از مهلت و گزارش‌های در انتظار بررسی.",
        ]
    return lines


def _list_page(
    request: AuthenticatedHttpRequest, form: NotificationPreferenceForm | None = None, status: int = 200
) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notifications_for_user(request.user, unread_only=unread_only)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    if form is None:
        form = NotificationPreferenceForm(instance=_preference_instance(request))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread_total": selectors.unread_count(request.user),
            "what_comes": _what_comes(request),
            "preference_form": form,
        },
        status=status,
    )


def _preference_instance(request: AuthenticatedHttpRequest) -> NotificationPreference:
    return selectors.preference_of(request.user) or NotificationPreference(user=request.user)


@require_GET
@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list_page(request)


@require_POST
@login_required
def notification_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's own preferences: there is no other person's to name, so no 404 or 403 case."""
    form = NotificationPreferenceForm(request.POST, instance=_preference_instance(request))
    if not form.is_valid():
        return _list_page(request, form, status=400)
    data = form.cleaned_data
    services.save_notification_preference(
        actor=request.user,
        event_email=data["event_email_enabled"],
        digest_email=data["email_enabled"],
        sms=data.get("sms_enabled"),
        mobile=data.get("mobile"),
    )
    messages.success(request, "تنظیمات اعلان‌های شما ذخیره شد.")
    return redirect(reverse("notifications:list"))


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
