"""In-app notifications and the ledger that makes reminders idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="کاربر"
    )
    kind = models.CharField("نوع", max_length=40)
    title = models.CharField("عنوان", max_length=300)
    body = models.TextField("متن", blank=True)
    url = models.CharField("پیوند", max_length=500, blank=True)
    created_at = models.DateTimeField("زمان", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("زمان خواندن", null=True, blank=True)

    class Meta:
        verbose_name = "اعلان"
        verbose_name_plural = "اعلان‌ها"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ReminderLog(models.Model):
    """One row per (recipient, digest kind, period): a second run in the same period sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    period = models.CharField(max_length=40)  # e.g. "1405-09-03" for a daily digest
    channel = models.CharField(max_length=20, default="email")
    sent_at = models.DateTimeField(auto_now_add=True)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period", "channel"], name="reminder_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} → {self.user_id}"
