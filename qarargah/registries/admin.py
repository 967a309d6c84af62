"""The access log, readable by the administrator (and by nobody else, nor editable by anyone):
who saw or exported whose records, when, and why."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "action", "person_label", "reason", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["person_label", "reason", "user__username", "user__last_name"]
    date_hierarchy = "at"
    readonly_fields = ["at", "user", "person", "person_label", "action", "reason", "detail"]
    ordering = ["-at"]

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
