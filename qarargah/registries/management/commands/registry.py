"""`qarargah registry import|link|export-links|feed-indicators`: the target-group registry from the command line.

The commands act as the system (decision 0012): whoever runs them on the server already has the
database. Provinces are named by code (alborz), Persian name (البرز) or id.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qarargah.accounts.system import SYSTEM
from qarargah.core.errors import ServiceError
from qarargah.organisations.models import Province
from qarargah.organisations.selectors import find_agency
from qarargah.persian import match_key, to_persian_digits

from ... import reading, services
from ...models import MatchClass, Source, SourceRecord


def fa(n: int) -> str:
    return to_persian_digits(f"{n:,}").replace(",", "٬")


def find_province(value: str) -> Province:
    text = (value or "").strip()
    if text.isdigit():
        found = Province.objects.filter(pk=int(text)).first()
    else:
        found = Province.objects.filter(code=text.lower()).first()
        if found is None:
            key = match_key(text)
            found = next(
                (p for p in Province.objects.all() if match_key(p.name) in (key, key.removeprefix("استان"))),
                None,
            )
    if found is None:
        raise CommandError(f"استانی با نام، کد یا شناسه «{value}» پیدا نشد.", returncode=2)
    return found


class Command(BaseCommand):
    help = "ثبت یکپارچه گروه‌های هدف: بارگذاری فهرست‌ها، پیوند رکوردها و خروجی پیوندها."
    # Django's system checks import every URL pattern and view of the project: 0.85 CPU-seconds
    # per run, as long as loading 15,000 rows, paid by every file an agency's list is split into.
    # `qarargah check` and the server run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{import,link,export-links,feed-indicators}"
        )
        load = sub.add_parser("import", help="بارگذاری یک فایل Excel یا CSV در یک منبع")
        load.add_argument("file", metavar="FILE")
        load.add_argument("--province", required=True, help="استان (کد، نام یا شناسه)")
        load.add_argument("--source", required=True, help="نام منبع (در نخستین بار ساخته می‌شود)")
        load.add_argument("--agency", help="دستگاه فرستنده (نام یا شناسه)")
        load.add_argument("--group", action="append", default=[], help="گروه هدف (کد یا نام؛ چندبار)")
        load.add_argument("--dry-run", action="store_true", help="فقط بررسی؛ چیزی ذخیره نمی‌شود")
        link = sub.add_parser("link", help="پیوند همه رکوردهای استان (تا پایان صبر می‌کند)")
        link.add_argument("--province", required=True, help="استان (کد، نام یا شناسه)")
        link.add_argument(
            "--retrain", action="store_true", help="مدل را از نو آموزش بده (پیش‌فرض: مدل اجرای پیشین)"
        )
        export = sub.add_parser("export-links", help="خروجی CSV: منبع، شناسه ردیف، شناسه فرد، نوع پیوند")
        export.add_argument("--province", required=True, help="استان (کد، نام یا شناسه)")
        export.add_argument("-o", "--output", required=True, metavar="FILE.csv")
        feed = sub.add_parser(
            "feed-indicators", help="شمار افراد هر گروه هدف در هر محله را در شاخص‌های این ماه بنویس"
        )
        feed.add_argument("--province", required=True, help="استان (کد، نام یا شناسه)")

    def handle(self, *args: Any, **options: Any) -> None:
        province = find_province(options["province"])
        action = options["action"]
        try:
            if action == "import":
                self._import(province, options)
            elif action == "link":
                self._link(province, retrain=options["retrain"])
            elif action == "feed-indicators":
                self._feed(province)
            else:
                self._export(province, options["output"])
        except ServiceError as exc:
            raise CommandError(exc.message, returncode=1) from None

    # --- import ---------------------------------------------------------------------------

    def _import(self, province: Province, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            size = path.stat().st_size
            if size > reading.MAX_UPLOAD_BYTES:
                raise ServiceError(
                    reading.MESSAGES["too_large"].format(
                        mb=to_persian_digits(str(reading.MAX_UPLOAD_BYTES // (1024 * 1024)))
                    ),
                    code="too_large",
                )
            data = path.read_bytes()
        except OSError:
            raise CommandError(
                f"فایل «{path}» خوانده نشد؛ نشانی و اجازه خواندن آن را بررسی کنید.", returncode=1
            ) from None
        source = self._source(province, options)
        result = services.import_upload(
            actor=SYSTEM, source=source, filename=path.name, data=data, dry_run=options["dry_run"]
        )
        for warning in result.warnings:
            self.stderr.write(f"هشدار: {warning}")
        if result.unknown_headers:
            self.stderr.write(
                "ستون‌های «"
                + "»، «".join(result.unknown_headers)
                + "» شناخته نشد و به‌عنوان ویژگی‌های دیگر نگه داشته شد."
            )
        for row in result.invalid[:50]:
            self.stderr.write(f"ردیف {fa(row.number)}: {'؛ '.join(row.reasons)}")
        if len(result.invalid) > 50:
            self.stderr.write(f"… و {fa(len(result.invalid) - 50)} ردیف دیگر در قرنطینه.")
        prefix = "(آزمایشی، چیزی ذخیره نشد) " if result.dry_run else ""
        self.stdout.write(
            f"{prefix}{source.name}: تازه {fa(result.loaded)}، به‌روزشده {fa(result.updated)}، "
            f"بدون تغییر {fa(result.unchanged)}، قرنطینه {fa(result.quarantined)}"
        )
        self.stdout.write(
            f"loaded={result.loaded} updated={result.updated} unchanged={result.unchanged} "
            f"quarantined={result.quarantined}"
        )

    def _source(self, province: Province, options: dict[str, Any]) -> Source:
        name = options["source"]
        source = (
            Source.objects.filter(province=province, name_key=match_key(name))
            .select_related("province")
            .first()
        )
        groups = []
        for text in options["group"]:
            group = services.find_group(province, text)
            if group is None:
                raise CommandError(f"گروه هدف «{text}» پیدا نشد.", returncode=2)
            groups.append(group)
        if source is not None:
            if groups:
                source.groups.add(*groups)
            return source
        agency = None
        if options["agency"]:
            text = options["agency"].strip()
            if text.isdigit():
                agency = province.agencies.filter(pk=int(text)).first()
            else:
                match = find_agency(text, province=province)
                agency = match.agency if match.kind in ("exact", "alias") else None
            if agency is None:
                raise CommandError(
                    f"دستگاه «{options['agency']}» در استان {province.name} پیدا نشد.", returncode=2
                )
        return services.create_source(
            actor=SYSTEM, province=province, name=name, agency=agency, groups=groups
        )

    # --- link -----------------------------------------------------------------------------

    def _link(self, province: Province, *, retrain: bool = False) -> None:
        last = [-1]

        def progress(stage: str, fraction: float) -> None:
            step = int(fraction * 10)
            if step != last[0]:
                last[0] = step
                self.stderr.write(f"{to_persian_digits(str(round(fraction * 100)))}٪ {stage}")

        summary = services.run_linking(actor=SYSTEM, province=province, progress=progress, retrain=retrain)
        labels = [(cls.value, str(cls.label)) for cls in MatchClass]
        self.stdout.write(
            f"{fa(summary.records)} رکورد، {fa(summary.persons)} فرد؛ "
            + services.counts_text(summary.counts, labels)
            + f"؛ صف بررسی {fa(summary.review_items)} جفت؛ زمان {to_persian_digits(f'{summary.seconds:.1f}')} ثانیه"
            + (
                f" (فقط {fa(summary.linked)} رکورد تازه یا تغییرکرده سنجیده شد)"
                if summary.incremental
                else " (همه رکوردها سنجیده شد)"
            )
        )
        self.stdout.write(
            " ".join(f"{key}={summary.counts.get(key, 0)}" for key in MatchClass.values)
            + f" records={summary.records} persons={summary.persons} review_pairs={summary.review_items}"
            + f" seconds={summary.seconds:.2f} mode={'incremental' if summary.incremental else 'full'}"
            + f" linked={summary.linked}"
        )

    # --- export-links ---------------------------------------------------------------------

    def _export(self, province: Province, output: str) -> None:
        rows = (
            SourceRecord.objects.filter(source__province=province)
            .order_by("source__name", "external_id")
            .values_list(
                "source__name",
                "external_id",
                "link__person__province_id",
                "link__person__number",
                "link__match",
            )
        )
        target = sys.stdout if output == "-" else None
        try:
            handle = target or open(output, "w", newline="", encoding="utf-8")  # noqa: SIM115
        except OSError:
            raise CommandError(
                f"فایل «{output}» نوشته نشد؛ نشانی و اجازه نوشتن را بررسی کنید.", returncode=1
            ) from None
        count = 0
        try:
            writer = csv.writer(handle)
            writer.writerow(["source", "source_id", "person_id", "match"])
            for source, external_id, person_province, number, match in rows.iterator(chunk_size=5000):
                person_id = f"{person_province}-{number:07d}" if number is not None else ""
                writer.writerow([source, external_id, person_id, match or ""])
                count += 1
        finally:
            if target is None:
                handle.close()
        self.stderr.write(f"{fa(count)} ردیف در {output} نوشته شد.")

    # --- feed-indicators ------------------------------------------------------------------

    def _feed(self, province: Province) -> None:
        from ...feed import feed_indicators

        summary = feed_indicators(actor=SYSTEM, province=province)
        result = summary.result
        self.stdout.write(
            f"شاخص‌های محله‌های استان {province.name} برای {summary.period_label}: "
            f"{fa(result.indicators)} شاخص، {fa(summary.neighbourhoods)} محله؛ "
            f"ثبت یا تغییر {fa(result.written)}، بدون تغییر {fa(result.unchanged)}، "
            f"حذف {fa(result.removed)}؛ {fa(summary.hidden)} خانه جدول به سبب شمار کم پنهان ماند."
        )
        self.stdout.write(
            f"indicators={result.indicators} neighbourhoods={summary.neighbourhoods} "
            f"written={result.written} unchanged={result.unchanged} removed={result.removed} "
            f"hidden={summary.hidden} year={result.year} month={result.part}"
        )
