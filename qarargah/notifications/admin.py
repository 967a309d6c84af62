from django.contrib import admin
from django.http import HttpRequest

from qarargah.ui.templatetags.persian_tags import jalali_datetime

from .models import Notification, NotificationPreference, ReminderLog


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "mobile", "event_email_enabled", "email_enabled", "sms_enabled")
    search_fields = ("user__username", "user__last_name", "mobile")
    raw_id_fields = ("user",)


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "period", "channel", "item_count", "sent_at_jalali")
    list_filter = ("kind", "channel")
    search_fields = ("user__username", "period")
    raw_id_fields = ("user",)

    def has_change_permission(self, request: HttpRequest, obj: ReminderLog | None = None) -> bool:
        return False

    @admin.display(description="زمان ارسال", ordering="sent_at")
    def sent_at_jalali(self, obj: ReminderLog) -> str:
        return jalali_datetime(obj.sent_at)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "title", "created_at_jalali", "read_at_jalali")
    list_filter = ("kind",)
    search_fields = ("user__username", "title")
    raw_id_fields = ("user",)

    @admin.display(description="زمان", ordering="created_at")
    def created_at_jalali(self, obj: Notification) -> str:
        return jalali_datetime(obj.created_at)

    @admin.display(description="خوانده شده")
    def read_at_jalali(self, obj: Notification) -> str:
        return jalali_datetime(obj.read_at) or "خوانده نشده"
