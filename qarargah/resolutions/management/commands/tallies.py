"""`qarargah tallies`: recount or check the stored per-agency counts (decision 0018)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qarargah.persian import to_persian_digits
from qarargah.resolutions.tallies import rebuild_tallies, refresh_stale_tallies, tally_differences


class Command(BaseCommand):
    help = (
        "The scoreboard's stored counts per agency. Without options, recount the rows of an "
        "earlier day (what the daily run does); --rebuild recounts everything (after data was "
        "written in bulk); --check compares them with a fresh count and exits 1 on a difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--rebuild", action="store_true", help="recount every agency from scratch")
        group.add_argument(
            "--check", action="store_true", help="compare with a fresh count; exit 1 if they differ"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            problems = tally_differences()
            for line in problems:
                self.stderr.write(line)
            if problems:
                raise CommandError(
                    f"شمارش ذخیره‌شده {to_persian_digits(str(len(problems)))} دستگاه با شمارش تازه نمی‌خواند؛ "
                    "«qarargah tallies --rebuild» آن را از نو می‌سازد."
                )
            self.stdout.write("شمارش‌های ذخیره‌شده با شمارش تازه یکی است.")
        elif options["rebuild"]:
            n = rebuild_tallies()
            self.stdout.write(f"شمارش {to_persian_digits(str(n))} دستگاه از نو ساخته شد.")
        else:
            n = refresh_stale_tallies()
            self.stdout.write(f"شمارش {to_persian_digits(str(n))} دستگاه برای امروز به‌روز شد.")
