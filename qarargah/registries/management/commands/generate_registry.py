"""`qarargah generate_registry`: synthetic agencies' lists with a known truth, loaded into a
province through the normal import (for tests, benchmarks and the demo)."""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qarargah.persian import to_persian_digits

from ...synthetic import load_synthetic
from .registry import find_province


class Command(BaseCommand):
    help = (
        "ساخت فهرست‌های ساختگی گروه‌های هدف (نام‌های واقع‌نما، خانوارها، دوقلوها، کدهای ملی معتبر و خطاهای "
        "شناخته‌شده) و بارگذاری آن‌ها در منابع یک استان؛ با --truth فرد واقعی هر ردیف در CSV نوشته می‌شود."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, required=True, help="شمار افراد واقعی")
        parser.add_argument("--sources", type=int, default=6, help="شمار منابع (۱ تا ۸؛ پیش‌فرض ۶)")
        parser.add_argument("--seed", type=int, default=0, help="بذر تصادفی")
        parser.add_argument("--province", default="alborz", help="استان (کد، نام یا شناسه؛ پیش‌فرض alborz)")
        parser.add_argument("--truth", metavar="FILE", help="CSV: source, source_id, true_person")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("ساخت داده ساختگی در محیط production مجاز نیست.", returncode=2)
        if options["people"] < 1:
            raise CommandError("--people باید عددی مثبت باشد.", returncode=2)
        from qarargah.linkage.synthetic import generate

        province = find_province(options["province"])
        try:
            rows = generate(people=options["people"], sources=options["sources"], seed=options["seed"])
        except ValueError:
            raise CommandError("--sources باید عددی از ۱ تا ۸ باشد.", returncode=2) from None
        load_synthetic(province, rows, log=self.stdout.write)
        if options["truth"]:
            try:
                with open(options["truth"], "w", newline="", encoding="utf-8") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(["source", "source_id", "true_person"])
                    for row in rows:
                        writer.writerow([row["source"], row["source_id"], row["true_person"]])
            except OSError:
                raise CommandError(f"فایل «{options['truth']}» نوشته نشد.", returncode=1) from None
        self.stdout.write(
            f"{to_persian_digits(str(len(rows)))} ردیف ساختگی برای استان {province.name} ساخته شد."
        )
