from django.contrib import admin

from .models import Notification, NotificationPreference, ReminderLog


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "mobile", "email_enabled", "sms_enabled")
    search_fields = ("user__username", "user__last_name", "mobile")
    raw_id_fields = ("user",)


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "period", "channel", "item_count", "sent_at")
    list_filter = ("kind", "channel")
    search_fields = ("user__username", "period")
    raw_id_fields = ("user",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "title", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("user__username", "title")
    raw_id_fields = ("user",)
