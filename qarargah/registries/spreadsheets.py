"""The registry's Excel files (right to left): the suppressed aggregates, and the person-level
list for the roles allowed (the view logs the export before it builds the file)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from qarargah.persian import jalali_iso

from .models import SourceRecord
from .selectors import Aggregates, AggregateTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HIDDEN = "کمتر از حد"


def _table(book: object, sheet: object, table: AggregateTable, start: int) -> int:
    bold = book.add_format({"bold": True})  # type: ignore[attr-defined]
    sheet.write(start, 0, table.title, bold)  # type: ignore[attr-defined]
    sheet.write(start + 1, 0, "محل", bold)  # type: ignore[attr-defined]
    for col, label in enumerate(table.column_labels, start=1):
        sheet.write(start + 1, col, label, bold)  # type: ignore[attr-defined]
    sheet.write(start + 1, len(table.column_labels) + 1, "جمع", bold)  # type: ignore[attr-defined]
    row = start + 2
    for label, cells, total in table.rows():
        sheet.write(row, 0, label)  # type: ignore[attr-defined]
        for col, value in enumerate([*cells, total], start=1):
            sheet.write(row, col, HIDDEN if value is None else value)  # type: ignore[attr-defined]
        row += 1
    sheet.write(row, 0, "جمع", bold)  # type: ignore[attr-defined]
    for col, value in enumerate([*table.table.column_totals, table.table.total], start=1):
        sheet.write(row, col, HIDDEN if value is None else value, bold)  # type: ignore[attr-defined]
    return row + 3


def aggregates_xlsx(aggregates: Aggregates) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("آمار گروه‌های هدف")
    sheet.right_to_left()
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 12, 18)
    place = aggregates.province.name + (f"، شهرستان {aggregates.county.name}" if aggregates.county else "")
    sheet.write(0, 0, f"استان {place}")
    sheet.write(
        1, 0, f"شمارهای کمتر از {aggregates.minimum} و خانه‌هایی که آن‌ها را آشکار می‌کنند پنهان شده‌اند."
    )
    row = 3
    for table in (aggregates.counts, aggregates.overlaps, aggregates.gaps):
        row = _table(book, sheet, table, row)
    book.close()
    return out.getvalue()


RECORD_COLUMNS = (
    ("شناسه فرد", lambda r: r.person.registry_id if r.person_id else ""),
    ("نوع پیوند", lambda r: r.get_match_display()),
    ("منبع", lambda r: r.source.name),
    ("شناسه ردیف", lambda r: r.external_id),
    ("کد ملی", lambda r: r.national_code),
    ("نام", lambda r: r.first_name),
    ("نام خانوادگی", lambda r: r.last_name),
    ("نام پدر", lambda r: r.father_name),
    ("تاریخ تولد", lambda r: jalali_iso(r.birth_date) if r.birth_date else ""),
    ("جنسیت", lambda r: r.get_sex_display()),
    ("تلفن همراه", lambda r: r.mobile),
    ("شهرستان", lambda r: r.county.name if r.county_id else ""),
    ("محله", lambda r: r.neighbourhood.name if r.neighbourhood_id else ""),
    ("نشانی", lambda r: r.address),
    ("کد ملی سرپرست", lambda r: r.head_national_code),
)


def records_xlsx(records: Iterable[SourceRecord]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("افراد")
    sheet.right_to_left()
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    for col, (label, _) in enumerate(RECORD_COLUMNS):
        sheet.write(0, col, label, bold)
        sheet.set_column(col, col, 16)
    for row, record in enumerate(records, start=1):
        for col, (_, value) in enumerate(RECORD_COLUMNS):
            sheet.write_string(row, col, str(value(record)), text)  # codes keep their leading zeros
    book.close()
    return out.getvalue()
