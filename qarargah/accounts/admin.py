from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "province", "agency", "is_active"]
    list_filter = ["role", "province", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("نقش و حوزه", {"fields": ("role", "province", "county", "agency", "body", "neighbourhood")}),
    )
    autocomplete_fields = ["agency", "body", "neighbourhood", "county"]
