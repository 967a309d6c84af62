from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from qarargah.ui.templatetags.persian_tags import jalali_datetime

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "province", "agency", "is_active"]
    list_filter = ["role", "province", "is_active"]
    # Django's own "important dates" fieldset edits Gregorian datetimes; here they are facts to
    # read (set by logging in and by creating the account), shown in the Jalali calendar.
    fieldsets = (
        *(fs for fs in BaseUserAdmin.fieldsets or () if "last_login" not in fs[1]["fields"]),
        ("نقش و حوزه", {"fields": ("role", "province", "county", "agency", "body", "neighbourhood")}),
        ("تاریخ‌ها", {"fields": ("last_login_jalali", "date_joined_jalali")}),
    )
    readonly_fields = ("last_login_jalali", "date_joined_jalali")
    autocomplete_fields = ["agency", "body", "neighbourhood", "county"]

    @admin.display(description="آخرین ورود")
    def last_login_jalali(self, obj: User) -> str:
        return jalali_datetime(obj.last_login) or "هنوز وارد نشده"

    @admin.display(description="تاریخ ساخت حساب")
    def date_joined_jalali(self, obj: User) -> str:
        return jalali_datetime(obj.date_joined)
