"""In-app notifications and the ledger that makes reminders idempotent."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q


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
    # The event an instant notification tells of («report_reviewed:42»): one row per person and
    # event, so a task run twice (a worker retry, a signal sent again) tells nobody twice.
    # Empty for reminder digests, whose ledger is ReminderLog.
    event_key = models.CharField("رویداد", max_length=100, blank=True, default="", editable=False)

    class Meta:
        verbose_name = "اعلان"
        verbose_name_plural = "اعلان‌ها"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], condition=~Q(event_key=""), name="notification_once_per_event"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReminderLog(models.Model):
    """One row per (recipient, digest kind, period): a second run in the same period sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="گیرنده"
    )
    kind = models.CharField("نوع یادآوری", max_length=40)
    period = models.CharField("دوره", max_length=40)  # e.g. "1405-09-03" for a daily digest
    channel = models.CharField("راه ارسال", max_length=20, default="email")
    sent_at = models.DateTimeField("زمان ارسال", auto_now_add=True)
    item_count = models.PositiveIntegerField("شمار موارد", default=0)

    class Meta:
        verbose_name = "یادآوری فرستاده‌شده"
        verbose_name_plural = "یادآوری‌های فرستاده‌شده"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period", "channel"], name="reminder_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} → {self.user_id}"


class NotificationPreference(models.Model):
    """How a person wants to be reached outside the app.

    The user model has no phone number, and SMS is the one channel that needs one; keeping the
    number here keeps the accounts app free of delivery concerns. No row means the defaults:
    email on (when the account has an address), SMS only once a number is given.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name="کاربر",
    )
    mobile = models.CharField(
        "شماره همراه",
        max_length=11,
        blank=True,
        validators=[
            RegexValidator(
                r"^09[0-9]{9}$", "شماره همراه را با ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ (با رقم‌های لاتین) وارد کنید."
            )
        ],
    )
    # Instant notifications (a new assignment, a review, an extension decision, a report to
    # review) are always shown in the app; this says whether they are also mailed.
    event_email_enabled = models.BooleanField("اعلان فوری رویدادها با رایانامه", default=True)
    email_enabled = models.BooleanField("یادآوری روزانه با رایانامه", default=True)
    sms_enabled = models.BooleanField("یادآوری روزانه با پیامک", default=True)

    class Meta:
        verbose_name = "تنظیمات اعلان"
        verbose_name_plural = "تنظیمات اعلان کاربران"

    def __str__(self) -> str:
        return f"تنظیمات اعلان {self.user}"
