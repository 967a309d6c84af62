"""Reading and writing the needs' upload table: Excel (xlsx/xls/ods through python-calamine) or
CSV (UTF-8, with or without the BOM Excel writes), headers as the API's field names or their
Persian labels. This module only turns bytes into rows of text and back; what a row means is
the services' business (``services.import_needs``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from qarargah.core.errors import ServiceError
from qarargah.persian import match_key, normalise

# Bounded so one upload cannot tie a worker up: a survey of a few hundred households fits well.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 2000

# Column order of the template; each field with its Persian header.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("county", "شهرستان"),
    ("neighbourhood", "محله"),
    ("axis", "محور"),
    ("title", "عنوان مسئله"),
    ("description", "شرح"),
    ("severity", "شدت (۱ تا ۵)"),
    ("households", "خانوارهای درگیر"),
    ("residents", "ساکنان مطرح‌کننده"),
    ("source", "منبع"),
)
REQUIRED = ("axis", "title", "severity")
# Other spellings a person may type as a header.
_ALIASES = {
    "شدت": "severity",
    "عنوان": "title",
    "مسئله": "title",
    "خانوار": "households",
    "تعداد خانوار": "households",
    "ساکنان": "residents",
    "تعداد ساکنان": "residents",
    "نام محله": "neighbourhood",
}
_HEADER_KEYS: dict[str, str] = {
    **{match_key(name): name for name, _ in COLUMNS},
    **{match_key(label): name for name, label in COLUMNS},
    **{match_key(alias): name for alias, name in _ALIASES.items()},
}

MESSAGES = {
    "too_large": f"حجم فایل بیش از {MAX_IMPORT_BYTES // (1024 * 1024)} مگابایت است؛ آن را در چند فایل کوچک‌تر بارگذاری کنید.",
    "too_many_rows": "فایل بیش از {max} ردیف دارد؛ آن را در چند فایل کوچک‌تر بارگذاری کنید.",
    "unreadable": "فایل خوانده نشد. فایل Excel (‎.xlsx‎) یا CSV با کدگذاری UTF-8 بارگذاری کنید.",
    "kind": "نوع فایل پذیرفته نیست. فایل Excel (‎.xlsx‎، ‎.xls‎، ‎.ods‎) یا CSV بارگذاری کنید.",
    "empty": "فایل هیچ ردیفی ندارد.",
    "missing_columns": "ستون‌های «{columns}» در سطر عنوان فایل نیست. از قالب آماده استفاده کنید.",
    "unknown_column": "ستون «{column}» شناخته نشد. از قالب آماده استفاده کنید.",
}


@dataclass(frozen=True)
class Row:
    number: int  # as the user sees it in the sheet: the header is row 1
    values: dict[str, str]


_EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # xlsx/ods (zip), xls (OLE)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _grid(filename: str, data: bytes) -> list[list[str]]:
    lower = filename.lower()
    if data.startswith(_EXCEL_MAGIC):
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            return [[_cell_text(c) for c in row] for row in sheet.to_python(skip_empty_area=False)]
        except Exception:  # calamine raises its own errors for every kind of broken file
            raise ServiceError(MESSAGES["unreadable"], code="unreadable") from None
    if not lower.endswith((".csv", ".txt")):
        raise ServiceError(MESSAGES["kind"], code="unsupported")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(MESSAGES["unreadable"], code="unreadable") from None
    if "\x00" in text:
        raise ServiceError(MESSAGES["unreadable"], code="unreadable")
    return [list(r) for r in csv.reader(io.StringIO(text))]


def read_rows(filename: str, data: bytes) -> list[Row]:
    """The file's rows under their field names; a ServiceError for a file that cannot be read
    as a whole (too big, not a table, headers missing)."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ServiceError(MESSAGES["too_large"], code="too_large")
    grid = [r for r in _grid(filename, data)]
    # Blank rows are skipped, but the numbers stay those of the sheet.
    numbered = [(i, r) for i, r in enumerate(grid, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise ServiceError(MESSAGES["empty"], code="empty")
    header_number, header = numbered[0]
    fields: list[str | None] = []
    for cell in header:
        key = match_key(normalise(cell)) if cell.strip() else ""
        if not key:
            fields.append(None)
            continue
        name = _HEADER_KEYS.get(key)
        if name is None:
            raise ServiceError(
                MESSAGES["unknown_column"].format(column=normalise(cell)), code="unknown_column"
            )
        fields.append(name)
    missing = [label for name, label in COLUMNS if name in REQUIRED and name not in fields]
    if missing:
        raise ServiceError(
            MESSAGES["missing_columns"].format(columns="»، «".join(missing)), code="missing_columns"
        )
    body = numbered[1:]
    if not body:
        raise ServiceError(MESSAGES["empty"], code="empty")
    if len(body) > MAX_IMPORT_ROWS:
        from qarargah.persian import to_persian_digits

        raise ServiceError(
            MESSAGES["too_many_rows"].format(max=to_persian_digits(str(MAX_IMPORT_ROWS))),
            code="too_many_rows",
        )
    rows = []
    for number, cells in body:
        values = {
            name: normalise(cells[i]) if i < len(cells) else ""
            for i, name in enumerate(fields)
            if name is not None
        }
        rows.append(Row(number, values))
    del header_number
    return rows


def template_csv(example: Sequence[Sequence[str]] = ()) -> bytes:
    """The upload template as CSV with a BOM, so Excel opens it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in COLUMNS])
    for row in example:
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(
    example: Sequence[Sequence[str]] = (), choices: dict[str, Sequence[str]] | None = None
) -> bytes:
    """The upload template as a right-to-left Excel sheet; ``choices`` (field -> allowed values)
    become drop-down lists on their column."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("مسائل")
    sheet.right_to_left()
    bold = book.add_format({"bold": True})
    for col, (_, label) in enumerate(COLUMNS):
        sheet.write(0, col, label, bold)
        sheet.set_column(col, col, 22)
    for r, row in enumerate(example, start=1):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    for col, (name, _) in enumerate(COLUMNS):
        if choices and name in choices:
            sheet.data_validation(
                1, col, MAX_IMPORT_ROWS, col, {"validate": "list", "source": list(choices[name])}
            )
    book.close()
    return out.getvalue()
