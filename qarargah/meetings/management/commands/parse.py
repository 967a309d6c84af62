"""`qarargah parse FILE ...`: read minutes files with the pure parser; never touches the database."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand

from qarargah.minutes_parser import MinutesParseError, ParsedMinutes, parse_file, to_json
from qarargah.persian import format_jalali, to_persian_digits


class Command(BaseCommand):
    help = "خواندن فایل‌های صورتجلسه (.txt، .md، .docx) و نمایش داده‌های استخراج‌شده، بدون ثبت در پایگاه داده."
    # Pure parsing: no system checks (they may query the database) and no database access at all.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="فایل صورتجلسه")
        parser.add_argument(
            "--json",
            action="store_true",
            help="خروجی JSON (یک شیء برای هر فایل؛ فهرست برای چند فایل)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        results: list[dict[str, Any]] = []
        failed = 0
        for path in options["files"]:
            try:
                if not os.path.isfile(path):
                    raise MinutesParseError("unsupported", "فایل پیدا نشد؛ نشانی آن را بررسی کنید.")
                parsed = parse_file(path)
            except MinutesParseError as exc:
                failed += 1
                self.stderr.write(f"{path}: {exc.message}")
                continue
            if options["json"]:
                results.append(to_json(parsed))
            else:
                self.stdout.write(summary(path, parsed))
        if options["json"]:
            payload: Any = results[0] if len(options["files"]) == 1 and results else results
            if results or len(options["files"]) > 1:
                self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        if failed:
            self.stdout.flush()
            sys.exit(2)


def _fa(value: object) -> str:
    return to_persian_digits(str(value)) if value not in (None, "") else "—"


def summary(path: str, pm: ParsedMinutes) -> str:
    """A readable Persian account of what was read from one file; «⚠» marks a field the
    parser is unsure of (missing, guessed or ambiguous), with the reason among the warnings."""
    unsure = {f for f, _ in pm.unsure}

    def mark(*fields: str) -> str:
        return " ⚠" if unsure.intersection(fields) else ""

    lines = [
        f"■ {path}",
        f"  عنوان: {pm.title or '—'}{mark('title')}",
        f"  نهاد: {pm.body or '—'}{mark('body')}",
    ]
    if pm.is_joint:
        sessions = "، ".join(f"{b.body} (جلسه {_fa(b.number)})" for b in pm.bodies)
        lines.append(f"  نشست مشترک: {sessions}")
    else:
        lines.append(f"  شماره جلسه: {_fa(pm.number)}{mark('number')}")
    when = format_jalali(pm.date) if pm.date else "—"
    time = _fa(pm.time.strftime("%H:%M")) if pm.time else "—"
    lines += [
        f"  تاریخ: {when} {pm.weekday or ''}".rstrip()
        + mark("date")
        + f" · ساعت: {time}{mark('time')} · محل: {pm.place or '—'}{mark('place')}",
        f"  دعوتنامه: {_fa(pm.invitation.number)} · "
        f"{format_jalali(pm.invitation.date) if pm.invitation.date else '—'}",
        f"  رئیس جلسه: {' · '.join(x for x in (pm.chair.name, pm.chair.role) if x) or '—'}{mark('chair')}",
        f"  دبیر جلسه: {' · '.join(x for x in (pm.secretary.name, pm.secretary.role) if x) or '—'}",
        f"  دستور کار: {_fa(len(pm.agenda))} بند · سخنرانان: "
        + ("، ".join(s.name or s.role or "" for s in pm.speakers) or "—"),
        f"  مصوبات ({_fa(len(pm.resolutions))}):",
    ]
    for i, r in enumerate(pm.resolutions):
        text = r.text if len(r.text) <= 90 else r.text[:90] + "…"
        due = f" (تا {format_jalali(r.deadline.due_date)})" if r.deadline.due_date else ""
        lines.append(f"    {_fa(r.number)}{mark(f'resolutions[{i}].number')}. {text}")
        lines.append(
            f"       اقدام‌کننده: {' / '.join(r.assignees) or '—'}{mark(f'resolutions[{i}].assignees')}"
            f" · مهلت: {r.deadline.raw or '—'}{due}{mark(f'resolutions[{i}].deadline')}"
            + (f" · رأی: {r.vote}" if r.vote else "")
        )
    for warning in pm.warnings:
        lines.append(f"  ⚠ {warning}")
    return "\n".join(lines)
