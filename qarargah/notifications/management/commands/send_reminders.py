"""`qarargah send_reminders`: the daily reminder digests, safe to run every hour."""

from __future__ import annotations

import datetime
import io
import logging
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils import timezone

from qarargah.notifications.digests import fa
from qarargah.notifications.reminders import ALREADY_SENT, SENT, WOULD_SEND, send_reminders
from qarargah.persian import fold, format_jalali, parse_jalali_iso, to_persian_digits

STATUS_LABELS = {
    SENT: "فرستاده شد",
    ALREADY_SENT: "پیش‌تر در همین روز فرستاده شده بود؛ دوباره فرستاده نشد",
    WOULD_SEND: "فرستاده می‌شود",
}
CHANNEL_LABELS = {"in_app": "اعلان درون سامانه", "email": "رایانامه", "sms": "پیامک"}


def parse_as_of(value: str) -> datetime.date:
    """«2026-11-24» (Gregorian) or «1405-09-03» / «۱۴۰۵/۰۹/۰۳» (Jalali), told apart by the year."""
    text = fold(value).strip()
    try:
        year = int(text[:4])
    except ValueError:
        year = 0
    if year >= 1700:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    else:
        try:
            return parse_jalali_iso(text)
        except ValueError:
            pass
    raise CommandError(
        f"تاریخ «{value}» خوانده نشد؛ آن را به شکل ۱۴۰۵-۰۹-۰۳ (شمسی) یا 2026-11-24 (میلادی) بدهید."
    )


class Command(BaseCommand):
    help = (
        "Send the daily reminder digests (email, in-app, SMS when configured) to agency officers "
        "and secretariats. Idempotent: safe to run every hour; each digest goes once per day. "
        "-v 0 prints nothing (for cron), -v 1 one block per person, -v 2 the digest texts too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
        parser.add_argument("--date", help="run as of this date: YYYY-MM-DD, Gregorian or Jalali")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        if verbosity > 0:
            self._run(verbosity=verbosity, as_of=options["date"], dry_run=options["dry_run"])
            return
        # cron mails whatever a job prints; at -v 0 an ordinary run prints nothing, so the tasks
        # framework's per-task INFO lines are held back too (warnings and errors still show).
        tasks_logger = logging.getLogger("django.tasks")
        level = tasks_logger.level
        tasks_logger.setLevel(logging.WARNING)
        self.stdout = OutputWrapper(io.StringIO())  # kept in memory, never shown
        try:
            self._run(verbosity=verbosity, as_of=options["date"], dry_run=options["dry_run"])
        finally:
            tasks_logger.setLevel(level)

    def _run(self, *, verbosity: int, as_of: str | None, dry_run: bool) -> None:
        if as_of:
            today = parse_as_of(as_of)
        else:
            now = timezone.localtime()
            if now.hour < settings.QARARGAH_REMINDER_EARLIEST_HOUR:
                self.stdout.write(
                    f"ساعت {to_persian_digits(now.strftime('%H:%M'))} است؛ یادآوری‌ها از ساعت "
                    f"{fa(settings.QARARGAH_REMINDER_EARLIEST_HOUR)} فرستاده می‌شوند."
                )
                return
            today = now.date()
        deliveries = send_reminders(today=today, dry_run=dry_run)
        heading = "پیش‌نمایش یادآوری‌ها (چیزی فرستاده نمی‌شود)" if dry_run else "یادآوری‌ها"
        self.stdout.write(f"{heading} — {format_jalali(today)}")
        if not deliveries:
            self.stdout.write("امروز یادآوری‌ای برای فرستادن نیست.")
            return
        last_digest = None
        for delivery in deliveries:
            digest = delivery.digest
            if digest is not last_digest:
                last_digest = digest
                user = digest.user
                self.stdout.write("")
                self.stdout.write(
                    f"{user.get_full_name() or user.username} ({user.username}): {digest.subject}"
                )
                self.stdout.write(f"  {digest.summary}")
                if verbosity > 1:
                    self.stdout.write(digest.render_text())
            self.stdout.write(
                f"  - {CHANNEL_LABELS.get(delivery.channel, delivery.channel)} ({delivery.address}): "
                f"{STATUS_LABELS[delivery.status]}"
            )
        sent = sum(1 for d in deliveries if d.status == SENT)
        skipped = sum(1 for d in deliveries if d.status == ALREADY_SENT)
        if dry_run:
            pending = sum(1 for d in deliveries if d.status == WOULD_SEND)
            self.stdout.write(
                f"\n{fa(pending)} پیام فرستاده می‌شود؛ {fa(skipped)} پیام پیش‌تر فرستاده شده است."
            )
        else:
            self.stdout.write(f"\n{fa(sent)} پیام فرستاده شد؛ {fa(skipped)} پیام تکراری فرستاده نشد.")
