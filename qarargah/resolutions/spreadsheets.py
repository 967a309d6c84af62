"""The resolution list and the agencies' scoreboard as Excel files (XlsxWriter).

What a secretariat opens in Excel should read like the page: the sheet runs right to left, the
headers are Persian, the first row says which filters made it, dates are Jalali in Persian digits
(Excel has no Jalali calendar, so they are text, zero-padded so that they still sort), and what
a person typed (resolution texts, agency names) is written exactly as stored. Counts and
resolution numbers stay numbers, so that Excel can sort and add them.

Every text goes through ``write_string``: ``write`` would turn a text starting with «=» into a
formula (a resolution text is whatever the minutes said) and a web address into a link.

Files are written in XlsxWriter's ``constant_memory`` mode (each row is flushed to a temporary
file as soon as the next one starts) into a spooled temporary file, so a large export holds one
row in memory, not the sheet; the list export is also capped (:data:`LIST_ROW_CAP`).
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

import xlsxwriter

from qarargah.persian import format_jalali

from .models import AssignmentStatus, Resolution

if TYPE_CHECKING:
    from .scoreboard import AgencyScore, CountyScore

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Past this many resolutions the list export refuses and asks for narrower filters: a sheet of
# 5,000 rows is already more than anyone reads, and the file stays a few megabytes.
LIST_ROW_CAP = 5_000
# Rows are loaded this many at a time (their assignments with them), so memory stays bounded.
CHUNK = 500
# Spooled files stay in memory up to this size, then move to disk.
SPOOL_BYTES = 4 * 1024 * 1024

LIST_COLUMNS: tuple[tuple[str, int], ...] = (
    ("شماره مصوبه", 10),
    ("متن مصوبه", 70),
    ("قرارگاه / شورا", 28),
    ("شماره جلسه", 10),
    ("تاریخ جلسه", 12),
    ("محور", 16),
    ("اقدام‌کنندگان و وضعیت", 45),
    ("سررسید", 14),
    ("وضعیت", 14),
    ("گذشته از سررسید", 12),
)

SCORE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("باز", 10),
    ("گذشته از سررسید", 14),
    ("پذیرفته به‌موقع", 14),
    ("پذیرفته با تأخیر", 14),
    ("نرخ به‌موقع (درصد)", 16),
)


def jalali_text(value: datetime.date | datetime.datetime | None, empty: str = "") -> str:
    """«۱۴۰۵/۰۹/۱۵»: a Jalali date as text in Persian digits."""
    return format_jalali(value) if value else empty


class _Book:
    """One workbook in constant-memory mode, written into a spooled temporary file."""

    def __init__(self) -> None:
        # Handed to the response, which closes it when the download ends.
        self.file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        self.workbook = xlsxwriter.Workbook(self.file, {"constant_memory": True})
        self.workbook.set_properties({"title": "سامانه قرارگاه اجتماعی", "author": "سامانه قرارگاه"})
        # Reading order 2 is right-to-left: a cell of Persian that starts with a Latin word or a
        # digit still reads from the right.
        self.text = self.workbook.add_format({"reading_order": 2, "valign": "top", "text_wrap": True})
        self.plain = self.workbook.add_format({"reading_order": 2, "valign": "top"})
        self.header = self.workbook.add_format(
            {"reading_order": 2, "bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True}
        )
        self.title = self.workbook.add_format({"reading_order": 2, "bold": True, "font_size": 12})

    def sheet(self, name: str, title: str, columns: Sequence[tuple[str, int]]) -> Any:
        """A right-to-left sheet: the title (what was filtered) in row 1, the headers in row 2."""
        sheet = self.workbook.add_worksheet(name)
        sheet.right_to_left()
        for index, (_header, width) in enumerate(columns):
            sheet.set_column(index, index, width)
        sheet.write_string(0, 0, title, self.title)
        for index, (header, _width) in enumerate(columns):
            sheet.write_string(1, index, header, self.header)
        sheet.freeze_panes(2, 0)
        return sheet

    def close(self) -> IO[bytes]:
        self.workbook.close()
        self.file.seek(0)
        return self.file


def _assignments_text(resolution: Resolution, today: datetime.date) -> str:
    lines = []
    for assignment in getattr(resolution, "visible_assignments", []):
        line = f"{assignment.agency.name}: {AssignmentStatus(assignment.status).label}"
        if assignment.is_overdue(today):
            line += " (گذشته از سررسید)"
        lines.append(line)
    return "\n".join(lines) or "تعیین نشده"


def resolution_list_workbook(
    chunks: Iterable[Iterable[Resolution]], *, title: str, today: datetime.date
) -> IO[bytes]:
    """The list's rows, one resolution a row, in the list's order. ``chunks`` yields the rows a
    few hundred at a time (as :func:`~qarargah.resolutions.selectors.resolution_rows` loads them)."""
    book = _Book()
    sheet = book.sheet("مصوبات", title, LIST_COLUMNS)
    row = 2
    for chunk in chunks:
        for resolution in chunk:
            meeting = resolution.meeting
            shown_due = resolution.shown_due_date
            sheet.write_number(row, 0, resolution.number, book.plain)
            sheet.write_string(row, 1, resolution.text, book.text)
            sheet.write_string(row, 2, meeting.body.name, book.text)
            if meeting.number:
                sheet.write_number(row, 3, meeting.number, book.plain)
            sheet.write_string(row, 4, jalali_text(meeting.date), book.plain)
            sheet.write_string(row, 5, resolution.get_axis_display() if resolution.axis else "", book.plain)
            sheet.write_string(row, 6, _assignments_text(resolution, today), book.text)
            due = jalali_text(shown_due) if shown_due else resolution.get_deadline_kind_display()
            sheet.write_string(row, 7, due, book.plain)
            sheet.write_string(row, 8, resolution.get_status_display(), book.plain)
            sheet.write_string(row, 9, "بله" if getattr(resolution, "has_overdue", False) else "", book.plain)
            row += 1
    if row > 2:
        sheet.autofilter(1, 0, row - 1, len(LIST_COLUMNS) - 1)
    return book.close()


def _write_scores(book: _Book, sheet: Any, row: int, first: Sequence[str], score: Any) -> None:
    for column, value in enumerate(first):
        sheet.write_string(row, column, value, book.text)
    offset = len(first)
    for column, value in enumerate(
        (score.open, score.overdue, score.accepted_on_time, score.accepted_late), start=offset
    ):
        sheet.write_number(row, column, value, book.plain)
    if score.on_time_rate is not None:
        sheet.write_number(row, offset + 4, score.on_time_rate, book.plain)


def scoreboard_workbook(
    agency_scores: Sequence[AgencyScore], county_scores: Sequence[CountyScore], *, title: str
) -> IO[bytes]:
    """Two sheets, as on the page: per agency, then per county."""
    book = _Book()
    first = (("دستگاه", 40), ("استان", 14), ("شهرستان", 16))
    sheet = book.sheet("به تفکیک دستگاه", title, (*first, *SCORE_COLUMNS))
    for row, score in enumerate(agency_scores, start=2):
        agency = score.agency
        names = (agency.name, agency.province.name, agency.county.name if agency.county else "")
        _write_scores(book, sheet, row, names, score)
    sheet = book.sheet("به تفکیک شهرستان", title, (("شهرستان", 20), ("استان", 14), *SCORE_COLUMNS))
    for row, county_score in enumerate(county_scores, start=2):
        county = county_score.county
        _write_scores(book, sheet, row, (county.name, county.province.name), county_score)
    return book.close()
