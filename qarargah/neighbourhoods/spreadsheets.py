"""Ranked lists as Excel files, the way ``resolutions.spreadsheets`` writes them: right to left,
Persian headers, a title row saying what the sheet is, Jalali dates as text, texts written with
``write_string`` (a need's title is whatever was typed) and scores as numbers."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import IO, Any

from qarargah.persian import to_persian_digits
from qarargah.resolutions.spreadsheets import XLSX_CONTENT_TYPE, _Book, jalali_text

__all__ = ["XLSX_CONTENT_TYPE", "county_ranked_workbook", "province_ranked_workbook"]

NEED_COLUMNS: tuple[tuple[str, int], ...] = (
    ("رتبه", 8),
    ("مسئله", 50),
    ("محله", 18),
    ("محور", 20),
    ("امتیاز", 10),
    ("چرا این رتبه", 70),
)
NEIGHBOURHOOD_COLUMNS: tuple[tuple[str, int], ...] = (
    ("رتبه", 8),
    ("محله", 24),
    ("مسائل باز", 10),
    ("شاخص محله", 12),
    ("چرا این رتبه", 80),
)


def _when(value: str | None) -> str:
    if not value:
        return ""
    return jalali_text(datetime.datetime.fromisoformat(value))


def _need_rows(book: _Book, sheet: Any, rows: Sequence[dict[str, Any]], county_column: bool) -> None:
    for i, row in enumerate(rows, start=2):
        c = 0
        sheet.write_number(i, c, row["rank"], book.plain)
        if county_column:
            c += 1
            sheet.write_string(i, c, row.get("county", ""), book.text)
        sheet.write_string(i, c + 1, row["title"], book.text)
        sheet.write_string(i, c + 2, row["neighbourhood"], book.text)
        sheet.write_string(i, c + 3, row.get("axis_label", row["axis"]), book.text)
        sheet.write_number(i, c + 4, row["score"], book.plain)
        sheet.write_string(i, c + 5, row["formula"], book.text)


def county_ranked_workbook(snapshot: dict[str, Any], *, approved: str = "") -> IO[bytes]:
    """One county's ranked list (live or as approved): needs, then neighbourhoods."""
    book = _Book()
    county = snapshot["county"]["name"]
    title = f"فهرست اولویت مسائل شهرستان {county} — {approved or 'به تاریخ ' + _when(snapshot.get('as_of'))}"
    sheet = book.sheet("مسائل", title, NEED_COLUMNS)
    _need_rows(book, sheet, snapshot["needs"], county_column=False)
    sheet = book.sheet("محله‌ها", f"رتبه محله‌های شهرستان {county}", NEIGHBOURHOOD_COLUMNS)
    for i, row in enumerate(snapshot["neighbourhoods"], start=2):
        sheet.write_number(i, 0, row["rank"], book.plain)
        sheet.write_string(i, 1, row["name"], book.text)
        sheet.write_number(i, 2, row["open_needs"], book.plain)
        sheet.write_number(i, 3, row["index"], book.plain)
        sheet.write_string(i, 4, row["formula"], book.text)
    return book.close()


def province_ranked_workbook(
    province: str, counties: Sequence[Any], needs: Sequence[dict[str, Any]]
) -> IO[bytes]:
    """The province's list (the counties' approved lists merged by score) and which county sent
    what, when."""
    book = _Book()
    sheet = book.sheet(
        "استان",
        f"فهرست اولویت مسائل استان {province} (از فهرست‌های تأییدشده شهرستان‌ها)",
        (NEED_COLUMNS[0], ("شهرستان", 16), *NEED_COLUMNS[1:]),
    )
    _need_rows(book, sheet, needs, county_column=True)
    sheet = book.sheet(
        "شهرستان‌ها",
        "وضعیت تأیید فهرست شهرستان‌ها",
        (("شهرستان", 20), ("تأییدکننده", 24), ("زمان تأیید", 16), ("تعداد مسائل", 12)),
    )
    for i, state in enumerate(counties, start=2):
        sheet.write_string(i, 0, state.county.name, book.text)
        if state.approval is None:
            sheet.write_string(i, 1, "هنوز تأیید نشده", book.text)
            continue
        who = state.approval.approved_by
        sheet.write_string(i, 1, who.get_full_name() if who else "", book.text)
        sheet.write_string(i, 2, jalali_text(state.approval.approved_at), book.text)
        sheet.write_string(
            i, 3, to_persian_digits(str(len(state.approval.snapshot.get("needs", [])))), book.text
        )
    return book.close()
