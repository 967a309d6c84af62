from django.contrib import admin
from django.http import HttpRequest

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens can be read and revoked (deleted) here, never created or edited: the key is shown
    once, to the client that logged in."""

    list_display = ["prefix", "user", "created_at", "expires_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "prefix"]
    readonly_fields = ["user", "prefix", "created_at", "expires_at", "last_used_at"]
    exclude = ["digest", "password_fingerprint"]

    def has_add_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
