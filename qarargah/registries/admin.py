"""The access log, readable by the administrator (and by nobody else, nor editable by anyone):
who saw or exported whose records, when, and why."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qarargah.ui.templatetags.persian_tags import jalali_datetime

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["when", "user", "action", "person_label", "reason", "detail"]
    list_filter = ["action"]
    search_fields = ["person_label", "reason", "user__username", "user__last_name"]
    fields = readonly_fields = ["when", "user", "person_label", "action", "reason", "detail"]
    ordering = ["-at"]

    @admin.display(description="زمان", ordering="at")
    def when(self, obj: AccessLog) -> str:
        # Jalali, as every date a person reads.
        return str(jalali_datetime(obj.at))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)
