"""What `qarargah minutes` and `qarargah invitation` share: find the meeting, build, write.

Errors are Persian and the exit code says what went wrong: 2 for a bad argument (an unknown
format, a meeting id that is not a number, an unknown --user), 1 for a meeting that does not
exist or that --user may not see (the same message for both, as on the pages), 1 for a file
that cannot be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from qarargah.accounts.models import User
from qarargah.meetings.access import get_meeting_for_document_reader
from qarargah.meetings.documents import build_document
from qarargah.meetings.models import DocumentFormat, Meeting
from qarargah.persian import to_latin_digits, to_persian_digits

FORMATS = " یا ".join(DocumentFormat.values)


class DocumentCommand(BaseCommand):
    kind = ""
    kind_fa = ""

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("meeting", metavar="MEETING_ID", help="شناسه جلسه")
        parser.add_argument("--format", default="docx", help=f"قالب فایل: {FORMATS} (پیش‌فرض docx)")
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="فایل خروجی (پیش‌فرض: نام سند در همین پوشه)"
        )
        parser.add_argument("--user", help="نام کاربری؛ فقط جلسه‌ای که او می‌بیند (بدون آن: سامانه)")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = (options["format"] or "").strip().lower()
        if fmt not in DocumentFormat.values:
            raise CommandError(
                f"قالب «{options['format']}» پشتیبانی نمی‌شود؛ یکی از {FORMATS} را بدهید.", returncode=2
            )
        raw_id = to_latin_digits(str(options["meeting"])).strip()
        if not raw_id.isdigit():
            raise CommandError(f"شناسه جلسه باید عدد باشد، نه «{options['meeting']}».", returncode=2)
        meeting = self._meeting(int(raw_id), options["user"])
        document = build_document(meeting, kind=self.kind, fmt=fmt)
        path = Path(options["output"] or document.filename)
        try:
            path.write_bytes(document.content)
        except OSError as exc:
            raise CommandError(f"نوشتن فایل «{path}» ممکن نشد: {exc.strerror or exc}", returncode=1) from None
        line = f"{self.kind_fa} جلسه {to_persian_digits(str(meeting.pk))} در «{path}» نوشته شد."
        if document.issued is not None:
            line += f" کد تصدیق: {document.issued.code}؛ SHA-256: {document.issued.sha256}"
        else:
            line += " (پیش‌نویس: جلسه هنوز امضا نشده است)"
        self.stdout.write(line)

    def _meeting(self, pk: int, username: str | None) -> Meeting:
        missing = f"جلسه‌ای با شناسه {to_persian_digits(str(pk))} پیدا نشد."
        if username:
            try:
                user = User.objects.get(username=username, is_active=True)
            except User.DoesNotExist:
                raise CommandError(f"کاربر «{username}» پیدا نشد.", returncode=2) from None
            try:
                return get_meeting_for_document_reader(user, pk)
            except Http404:
                raise CommandError(missing, returncode=1) from None
        # Without --user the system writes it, as `qarargah import` imports (decision 0012).
        meeting = Meeting.objects.select_related("body", "body__province").filter(pk=pk).first()
        if meeting is None:
            raise CommandError(missing, returncode=1)
        return meeting
