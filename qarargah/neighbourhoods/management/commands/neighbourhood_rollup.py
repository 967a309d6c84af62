"""`qarargah neighbourhood_rollup`: rebuild or check the stored roll-up of needs and indicators
by county and province (decision 0032), the way `qarargah tallies` does for the scoreboard."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qarargah.neighbourhoods.rollup import rebuild_rollup, rollup_differences
from qarargah.persian import to_persian_digits


class Command(BaseCommand):
    help = (
        "The neighbourhood programme's stored roll-up (needs by axis and status, indicator sums) "
        "per county and province. --rebuild recounts everything (after bulk writes); --check "
        "compares it with a fresh count and exits 1 on a difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--rebuild", action="store_true", help="recount every county and province")
        group.add_argument(
            "--check", action="store_true", help="compare with a fresh count; exit 1 if they differ"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            problems = rollup_differences()
            for line in problems:
                self.stderr.write(line)
            if problems:
                raise CommandError(
                    f"آمار تجمیعی {to_persian_digits(str(len(problems)))} واحد با شمارش تازه نمی‌خواند؛ "
                    "«qarargah neighbourhood_rollup --rebuild» آن را از نو می‌سازد."
                )
            self.stdout.write("آمار تجمیعی ذخیره‌شده با شمارش تازه یکی است.")
            return
        started = time.monotonic()
        n = rebuild_rollup()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"آمار تجمیعی {to_persian_digits(str(n))} شهرستان و استان در "
            f"{to_persian_digits(f'{seconds:.1f}')} ثانیه از نو ساخته شد."
        )
