"""API tokens, stored as SHA-256 digests: a copy of the database opens no account."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="کاربر"
    )
    # The key itself is shown once, when it is issued; only its digest is kept.
    digest = models.CharField("چکیده توکن", max_length=64, unique=True, editable=False)
    # The first characters, so a person can tell their tokens apart in the admin.
    prefix = models.CharField("ابتدای توکن", max_length=8, editable=False)
    # Django's session hash of the password at issue time: a new password voids the token, the
    # same way it ends the account's sessions.
    password_fingerprint = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField("زمان صدور", auto_now_add=True)
    expires_at = models.DateTimeField("زمان انقضا")
    last_used_at = models.DateTimeField("آخرین استفاده", null=True, blank=True)

    class Meta:
        verbose_name = "توکن API"
        verbose_name_plural = "توکن‌های API"
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
