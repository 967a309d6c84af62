"""`qarargah import FILE ...`: save minutes files as meetings through the importer service."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qarargah.accounts.models import User
from qarargah.core.errors import ServiceError
from qarargah.meetings.importer import ImportContext, import_minutes, preview_minutes
from qarargah.minutes_parser import MAX_FILE_BYTES
from qarargah.organisations.models import Body, Province
from qarargah.persian import match_key, to_persian_digits

OUTCOME_FA = {
    "created": "ثبت شد",
    "updated": "به‌روزرسانی شد",
    "unchanged": "بدون تغییر (پیش‌تر وارد شده است)",
    "new": "ثبت می‌شود (آزمایشی)",
    "update": "به‌روزرسانی می‌شود (آزمایشی)",
}


class Command(BaseCommand):
    help = "ورود فایل‌های صورتجلسه به سامانه: جلسه، دستور کار، مصوبات و تکالیف دستگاه‌ها."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="فایل صورتجلسه (.txt، .md، .docx)")
        parser.add_argument("--body", help="شناسه یا نام قرارگاه/شورا (در نبودِ آن از متن تشخیص داده می‌شود)")
        parser.add_argument("--province", help="کد استان (مثلاً alborz)")
        parser.add_argument("--user", help="نام کاربری ثبت‌کننده (برای تاریخچه)")
        parser.add_argument("--dry-run", action="store_true", help="فقط نشان بده چه ثبت می‌شود")
        parser.add_argument("--json", action="store_true", help="خروجی JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._user(options["user"])
        province = self._province(options["province"], actor)
        body = self._body(options["body"], province)
        if province is None and body is not None:
            province = body.province
        if province is None and body is None:
            raise CommandError("استان را با --province یا قرارگاه را با --body مشخص کنید.", returncode=2)
        context = ImportContext()
        report: list[dict[str, Any]] = []
        failed = 0
        for path in options["files"]:
            try:
                data = _read(path)
                if options["dry_run"]:
                    preview = preview_minutes(
                        user_or_actor=actor,
                        body=body,
                        filename=path,
                        data=data,
                        province=province,
                        context=context,
                    )
                    entry = {
                        "file": path,
                        "outcome": preview.outcome,
                        "meeting_id": preview.existing.pk if preview.existing else None,
                        "body": str(preview.body),
                        "changes": preview.changes,
                        "warnings": preview.warnings,
                        "pending_agencies": preview.pending_names,
                    }
                else:
                    result = import_minutes(
                        actor=actor,
                        body=body,
                        filename=path,
                        data=data,
                        province=province,
                        context=context,
                    )
                    entry = {
                        "file": path,
                        "outcome": result.outcome,
                        "meeting_id": result.meeting.pk,
                        "body": str(result.meeting.body),
                        "changes": result.changes,
                        "warnings": result.warnings,
                        "pending_agencies": [a.name for a in result.pending_agencies],
                    }
            except ServiceError as exc:
                failed += 1
                self.stderr.write(f"{path}: {exc.message}")
                continue
            report.append(entry)
            if not options["json"]:
                self._print(entry)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        if failed:
            self.stdout.flush()
            sys.exit(2)

    def _print(self, entry: dict[str, Any]) -> None:
        meeting = f" — جلسه {to_persian_digits(str(entry['meeting_id']))}" if entry["meeting_id"] else ""
        self.stdout.write(f"{entry['file']}: {OUTCOME_FA[entry['outcome']]}{meeting} · {entry['body']}")
        for line in entry["changes"]:
            self.stdout.write(f"  • {line}")
        for name in entry["pending_agencies"]:
            self.stdout.write(f"  + دستگاه در انتظار تأیید: {name}")

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"کاربری با نام «{username}» پیدا نشد.", returncode=2)
        return user

    def _province(self, code: str | None, actor: User | None) -> Province | None:
        if code:
            province = Province.objects.filter(code=code).first()
            if province is None:
                raise CommandError(f"استانی با کد «{code}» پیدا نشد.", returncode=2)
            return province
        return actor.province if actor is not None else None

    def _body(self, value: str | None, province: Province | None) -> Body | None:
        if not value:
            return None
        bodies = Body.objects.select_related("province")
        if province is not None:
            bodies = bodies.filter(province=province)
        if value.isdigit():
            found = bodies.filter(pk=int(value)).first()
        else:
            matches = list(bodies.filter(name_key=match_key(value))[:2])
            if len(matches) > 1:
                raise CommandError(
                    f"چند نهاد با نام «{value}» هست؛ استان را با --province بدهید.", returncode=2
                )
            found = matches[0] if matches else None
        if found is None:
            raise CommandError(f"قرارگاه یا شورایی با «{value}» پیدا نشد.", returncode=2)
        return found


def _read(path: str) -> bytes:
    """The file's bytes, or a ServiceError in the same words the parser uses for bad files."""
    if not os.path.isfile(path):
        raise ServiceError("فایل پیدا نشد؛ نشانی آن را بررسی کنید.", code="missing")
    if os.path.getsize(path) > MAX_FILE_BYTES:
        from qarargah.minutes_parser import MESSAGES

        raise ServiceError(MESSAGES["too_large"], code="too_large")
    with open(path, "rb") as fh:
        return fh.read()
