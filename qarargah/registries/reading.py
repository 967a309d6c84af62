"""Reading an agency's list: bytes -> a sheet of text -> rows of standard fields, each valid or
with its Persian reasons.

Bounded before anything is parsed (size, then rows). Excel through python-calamine; CSV as
UTF-8 (with or without the BOM Excel writes) and, when that fails, Windows-1256 (what Persian
Excel saves as "CSV"). Headers are the standard field names or their Persian labels, or a
mapping the source remembered; values are read as people type them (Persian or Latin digits,
Jalali dates either way round, «مرد/زن», «م/ز», «1/2», mobiles as 09…, +989…, 989…).

No database access here: county and neighbourhood names are looked up through the
:class:`Places` the caller builds from the organisation registry.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from qarargah.core.errors import ServiceError
from qarargah.persian import (
    JalaliDate,
    is_valid_jalali,
    match_key,
    normalise,
    to_latin_digits,
    to_persian_digits,
)

# One upload is bounded before it is read: a province agency's list is tens of thousands of
# rows; a bigger list is split (or loaded with the command, which has the same bounds).
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
MAX_UPLOAD_ROWS = 300_000

FIELDS: tuple[str, ...] = (
    "source_id",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "sex",
    "mobile",
    "address",
    "county",
    "neighbourhood",
    "head_national_code",
)
LABELS: dict[str, str] = {
    "source_id": "شناسه ردیف",
    "national_code": "کد ملی",
    "first_name": "نام",
    "last_name": "نام خانوادگی",
    "father_name": "نام پدر",
    "birth_date": "تاریخ تولد",
    "sex": "جنسیت",
    "mobile": "تلفن همراه",
    "address": "نشانی",
    "county": "شهرستان",
    "neighbourhood": "محله",
    "head_national_code": "کد ملی سرپرست",
}
# Other headers people write for the same fields.
_ALIASES: dict[str, str] = {
    "شناسه": "source_id",
    "ردیف": "source_id",
    "شماره پرونده": "source_id",
    "کد پرونده": "source_id",
    "id": "source_id",
    "شماره ملی": "national_code",
    "کدملی": "national_code",
    "نام کوچک": "first_name",
    "فامیل": "last_name",
    "فامیلی": "last_name",
    "نام فامیل": "last_name",
    "تاریخ تولد شمسی": "birth_date",
    "تاریخ تولد میلادی": "birth_date",
    "birth_date_gregorian": "birth_date",
    "تاریخ تولد (میلادی)": "birth_date",
    "جنس": "sex",
    "موبایل": "mobile",
    "تلفن": "mobile",
    "شماره همراه": "mobile",
    "شماره تلفن همراه": "mobile",
    "تلفن همراه سرپرست": "mobile",
    "آدرس": "address",
    "نشانی محل سکونت": "address",
    "نام شهرستان": "county",
    "نام محله": "neighbourhood",
    "محله هدف": "neighbourhood",
    "کد ملی سرپرست خانوار": "head_national_code",
    "شماره ملی سرپرست": "head_national_code",
}
HEADER_KEYS: dict[str, str] = {
    **{match_key(name): name for name in FIELDS},
    **{match_key(label): name for name, label in LABELS.items()},
    **{match_key(alias): name for alias, name in _ALIASES.items()},
}
_GREGORIAN_WORDS = ("میلادی", "gregorian", "miladi")

MESSAGES = {
    "too_large": "حجم فایل بیش از {mb} مگابایت است؛ فهرست را در چند فایل کوچک‌تر بارگذاری کنید.",
    "too_many_rows": "فایل بیش از {max} ردیف دارد؛ فهرست را در چند فایل کوچک‌تر بارگذاری کنید.",
    "unreadable": "فایل خوانده نشد. فایل Excel (‎.xlsx‎) یا CSV با کدگذاری UTF-8 یا Windows-1256 بارگذاری کنید.",
    "kind": "نوع فایل پذیرفته نیست. فایل Excel (‎.xlsx‎، ‎.xls‎، ‎.ods‎) یا CSV بارگذاری کنید.",
    "empty": "فایل هیچ ردیف داده‌ای ندارد.",
    "no_fields": "هیچ‌یک از ستون‌های فایل به فیلدهای استاندارد نگاشته نشده است؛ ستون‌ها را نگاشت کنید.",
    "duplicate_field": "دو ستون «{a}» و «{b}» هر دو به «{field}» نگاشته شده‌اند؛ فقط یکی را نگه دارید.",
    "no_source_id": "ستون «شناسه ردیف» در فایل نیست؛ شماره ردیف هر سطر شناسه آن شد، پس ویرایش بعدی همین فهرست باید همین ترتیب ردیف‌ها را داشته باشد.",
    "date_ambiguous": "ترتیب روز و ماه و سال ستون «{column}» از مقدارها روشن نبود؛ سال‌ـماه‌ـروز خوانده شد.",
    "date_mixed": "ستون «{column}» تاریخ‌ها را به دو ترتیب (سال‌ـماه‌ـروز و روز‌ـماه‌ـسال) دارد؛ هر مقدار به ترتیب خودش خوانده شد.",
    # Row reasons.
    "code_checksum": "کد ملی «{value}» معتبر نیست (رقم کنترل نمی‌خواند).",
    "code_repeated": "کد ملی «{value}» معتبر نیست (همه رقم‌ها یکسان است).",
    "code_length": "کد ملی «{value}» باید ۱۰ رقم باشد.",
    "head_code": "کد ملی سرپرست «{value}» معتبر نیست.",
    "date": "تاریخ تولد «{value}» تاریخ درستی نیست.",
    "date_future": "تاریخ تولد «{value}» پس از امروز است.",
    "mobile": "تلفن همراه «{value}» معتبر نیست (باید مانند ۰۹۱۲۳۴۵۶۷۸۹ باشد).",
    "sex": "جنسیت «{value}» شناخته نشد (مرد/زن، م/ز یا ۱/۲ بنویسید).",
    "county": "شهرستان «{value}» در استان {province} پیدا نشد.",
    "neighbourhood_outside": "{count} ردیف محله‌ای نام برده‌اند که در فهرست محله‌های هدف {where} نیست؛ نام محله در «ستون‌های دیگر» آن‌ها نگه داشته شد.",
    "source_id_long": "شناسه ردیف «{value}» بیش از ۱۰۰ نویسه است.",
    "source_id_repeated": "شناسه ردیف «{value}» در همین فایل تکرار شده است (ردیف {first}).",
    "no_name": "نه نام و نام خانوادگی دارد و نه کد ملی؛ این ردیف کسی را نشان نمی‌دهد.",
    "codes_blanked": "کد ملی {count} ردیف معتبر نبود و آن ردیف‌ها بی کد ملی بارگذاری شدند (کد نوشته‌شده در «{label}» نگه داشته شد): ردیف‌های {rows}.",
}
INVALID_CODE_LABEL = "کد ملی نامعتبر"


@dataclass(frozen=True)
class Sheet:
    """The file as text: its header cells and its data rows with the row numbers of the sheet
    (the header is row 1, blank rows keep their numbers)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]


_T = TypeVar("_T")

_EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # xlsx/ods (zip), xls (OLE)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; Windows-1256 when the bytes are not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1256")
        except UnicodeDecodeError:
            raise ServiceError(MESSAGES["unreadable"], code="unreadable") from None
    if "\x00" in text:
        raise ServiceError(MESSAGES["unreadable"], code="unreadable")
    return text


def _grid(filename: str, data: bytes) -> list[list[str]]:
    if data.startswith(_EXCEL_MAGIC):
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            rows = sheet.to_python(skip_empty_area=False)
        except Exception:  # calamine raises its own errors for every kind of broken file
            raise ServiceError(MESSAGES["unreadable"], code="unreadable") from None
        if len(rows) > MAX_UPLOAD_ROWS + 1:
            raise _too_many_rows()
        return [[_cell_text(c) for c in row] for row in rows]
    if not filename.lower().endswith((".csv", ".txt", ".tsv")):
        raise ServiceError(MESSAGES["kind"], code="unsupported")
    text = decode_csv(data)
    dialect: type[csv.Dialect] = csv.excel  # one column, or nothing to tell from: Excel's commas
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    grid: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            grid.append(row)
            if len(grid) > MAX_UPLOAD_ROWS + 1:
                raise _too_many_rows()
    except csv.Error:
        raise ServiceError(MESSAGES["unreadable"], code="unreadable") from None
    return grid


def _too_many_rows() -> ServiceError:
    return ServiceError(
        MESSAGES["too_many_rows"].format(max=to_persian_digits(f"{MAX_UPLOAD_ROWS:,}").replace(",", "٬")),
        code="too_many_rows",
    )


def read_sheet(filename: str, data: bytes) -> Sheet:
    """The file's header and rows as text; a ServiceError (Persian) for a file that cannot be
    read as a whole: too big, not a table, no data rows."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ServiceError(
            MESSAGES["too_large"].format(mb=to_persian_digits(str(MAX_UPLOAD_BYTES // (1024 * 1024)))),
            code="too_large",
        )
    # A row is blank when every cell is whitespace: joined and stripped in C, not a generator per row.
    numbered = [(i, r) for i, r in enumerate(_grid(filename, data), start=1) if "".join(r).strip()]
    if len(numbered) < 2:
        raise ServiceError(MESSAGES["empty"], code="empty")
    _, header = numbered[0]
    return Sheet(headers=[h.strip() for h in header], rows=numbered[1:])


def header_key(header: str) -> str:
    return match_key(normalise(header))


def recognise(header: str) -> str | None:
    """The standard field a header names, or None. «تاریخ تولد (میلادی)» is ``birth_date``."""
    key = header_key(header)
    if key in HEADER_KEYS:
        return HEADER_KEYS[key]
    # A header with a calendar word beside a known one: «تاریخ تولد میلادی».
    for word in _GREGORIAN_WORDS:
        stripped = key.replace(match_key(word), "")
        if stripped != key and stripped in HEADER_KEYS:
            return HEADER_KEYS[stripped]
    return None


def says_gregorian(header: str) -> bool:
    key = header_key(header)
    return any(match_key(word) in key for word in _GREGORIAN_WORDS)


def resolve_mapping(
    headers: Sequence[str], remembered: Mapping[str, str], chosen: Mapping[str, str] | None = None
) -> tuple[list[str | None], list[str]]:
    """Each column's standard field (``None``: kept as an extra attribute) and the headers that
    were neither recognised nor mapped (the page asks about them; the command keeps them as
    attributes). ``chosen`` (the mapping step's answers, by header key) wins over ``remembered``
    (the source's), which wins over recognition."""
    fields: list[str | None] = []
    unknown: list[str] = []
    for header in headers:
        key = header_key(header)
        if not key:
            fields.append(None)
            continue
        if chosen is not None and key in chosen:
            value = chosen[key]
        elif key in remembered:
            value = remembered[key]
        else:
            found = recognise(header)
            if found is None:
                unknown.append(header)
            value = found or ""
        fields.append(value if value in FIELDS else None)
    seen: dict[str, str] = {}
    for header, name in zip(headers, fields, strict=True):
        if name is None:
            continue
        if name in seen:
            raise ServiceError(
                MESSAGES["duplicate_field"].format(a=seen[name], b=header, field=LABELS[name]),
                code="duplicate_field",
            )
        seen[name] = header
    if not seen:
        raise ServiceError(MESSAGES["no_fields"], code="no_fields")
    return fields, unknown


# --- Values ----------------------------------------------------------------------------------

# A list repeats the same names, places and words row after row: each distinct text is
# normalised once (bounded, so a file of unique addresses does not grow it without end).
_normalise = functools.lru_cache(maxsize=100_000)(normalise)
_match_key = functools.lru_cache(maxsize=20_000)(match_key)
# Values that are nearly all distinct (addresses, row ids) would only push names out of the
# cache above: they are normalised directly.


@functools.cache
def _checksum() -> Callable[[str], bool]:
    # The checksum lives with the linkage engine (qarargah.linkage.codes), imported when used so
    # that the app imports without the optional package's heavy parts.
    from qarargah.linkage.codes import is_valid_national_code

    return is_valid_national_code


_NON_DIGITS = re.compile(r"\D")


def _digits(value: str) -> str:
    if value.isdigit() and value.isascii():  # most codes and mobiles: nothing to convert or drop
        return value
    return _NON_DIGITS.sub("", to_latin_digits(value))


# A row id of Latin letters, digits and - _ . / : is its own normalised form with Latin digits
# (normalise changes only its digits, which to_latin_digits turns back).
_PLAIN_ID = re.compile(r"[0-9A-Za-z_\-./:]+")


def _source_id_text(value: str) -> str:
    if _PLAIN_ID.fullmatch(value):
        return value
    return to_latin_digits(normalise(value))


def parse_national_code(value: str, message: str = "code") -> tuple[str, str | None]:
    """The 10-digit code, or "" with a reason. Excel drops leading zeros, so 8 and 9 digits
    are padded back."""
    text = value.strip()
    if not text:
        return "", None
    digits = _digits(text)
    if len(digits) in (8, 9):
        digits = digits.zfill(10)
    if len(digits) != 10:
        key = "code_length" if message == "code" else "head_code"
        return "", MESSAGES[key].format(value=value)
    code = digits
    if len(set(code)) == 1:
        return "", MESSAGES["code_repeated" if message == "code" else "head_code"].format(value=value)
    if not _checksum()(code):
        return "", MESSAGES["code_checksum" if message == "code" else "head_code"].format(value=value)
    return code, None


def parse_mobile(value: str) -> tuple[str, str | None]:
    text = value.strip()
    if not text:
        return "", None
    digits = _digits(text)
    for prefix in ("0098", "98"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 10:
            digits = "0" + digits[len(prefix) :]
    if len(digits) == 10 and digits.startswith("9"):
        digits = "0" + digits  # Excel dropped the leading zero
    if re.fullmatch(r"09\d{9}", digits):
        return digits, None
    return "", MESSAGES["mobile"].format(value=value)


_SEX = {
    **dict.fromkeys(("مرد", "م", "1", "male", "m", "آقا", "ذکور", "پسر"), "m"),
    **dict.fromkeys(("زن", "ز", "2", "female", "f", "خانم", "اناث", "دختر"), "f"),
}
_SEX_KEYS = {match_key(k): v for k, v in _SEX.items()}


def parse_sex(value: str) -> tuple[str, str | None]:
    text = value.strip()
    if not text:
        return "", None
    found = _SEX_KEYS.get(_match_key(text))
    if found is None:
        return "", MESSAGES["sex"].format(value=value)
    return found, None


_DATE_PARTS = re.compile(r"^\s*(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,4})\s*(?:[T ].*)?$")


def _order_of(parts: tuple[str, str, str]) -> str | None:
    """'ymd' or 'dmy' when the value itself shows it (a 4-digit part, or a part above 31)."""
    first, _, last = parts
    if len(first) == 4 or (len(first) <= 2 and int(first) > 31 and len(last) <= 2 and int(last) <= 31):
        return "ymd"
    if len(last) == 4 or (int(last) > 31 and int(first) <= 31):
        return "dmy"
    return None


@dataclass(frozen=True)
class DateColumn:
    """How one column's dates are read, decided once from all its values."""

    gregorian: bool = False
    order: str = "ymd"
    mixed: bool = False

    @classmethod
    def decide(cls, values: Sequence[str], *, gregorian: bool) -> tuple[DateColumn, str | None]:
        """The reading, and a warning key ('date_ambiguous' | 'date_mixed') or None."""
        orders = {"ymd": 0, "dmy": 0}
        undecided = 0
        # A column repeats its dates (and every empty cell): each distinct text is looked at once.
        for value, count in Counter(values).items():
            match = _DATE_PARTS.match(to_latin_digits(value))
            if not match:
                continue
            order = _order_of(match.groups())  # type: ignore[arg-type]
            if order is None:
                undecided += count
            else:
                orders[order] += count
        if orders["ymd"] and orders["dmy"]:
            order = "ymd" if orders["ymd"] >= orders["dmy"] else "dmy"
            return cls(gregorian=gregorian, order=order, mixed=True), "date_mixed"
        if orders["dmy"]:
            return cls(gregorian=gregorian, order="dmy"), None
        return cls(gregorian=gregorian, order="ymd"), ("date_ambiguous" if undecided else None)

    def parse(self, value: str, today: datetime.date) -> tuple[datetime.date | None, str | None]:
        text = value.strip()
        if not text:
            return None, None
        match = _DATE_PARTS.match(to_latin_digits(text))
        if not match:
            return None, MESSAGES["date"].format(value=value)
        parts: tuple[str, str, str] = match.groups()  # type: ignore[assignment]
        order = (_order_of(parts) or self.order) if self.mixed else self.order
        if order == "ymd":
            y, m, d = (int(p) for p in parts)
        else:
            d, m, y = (int(p) for p in parts)
        gregorian = self.gregorian or y >= 1800  # an Excel date cell, or a Gregorian year
        if m > 12 and d <= 12:
            m, d = d, m  # day and month written the other way round: «۱۳۷۰/۲۵/۰۵»
        if y < 100:
            y += 1300  # a two-digit Jalali year: «۶۵/۰۲/۱۲»
        try:
            if gregorian:
                result = datetime.date(y, m, d)
            else:
                found = _jalali_day(y, m, d)
                if found is None:
                    return None, MESSAGES["date"].format(value=value)
                result = found
        except ValueError:
            return None, MESSAGES["date"].format(value=value)
        if result > today:
            return None, MESSAGES["date_future"].format(value=value)
        if result.year < 1890:
            return None, MESSAGES["date"].format(value=value)
        return result, None


@functools.lru_cache(maxsize=65_536)  # a century of days; a list's birth dates repeat them
def _jalali_day(y: int, m: int, d: int) -> datetime.date | None:
    """The Gregorian day of a Jalali one, or None when there is no such Jalali day."""
    if not is_valid_jalali(y, m, d):
        return None
    try:
        return JalaliDate(y, m, d).to_gregorian()
    except ValueError:
        return None


class Places:
    """County and neighbourhood names of one province, by match key (built by the service)."""

    def __init__(
        self,
        province_name: str,
        counties: Mapping[str, int],
        neighbourhoods: Mapping[tuple[int, str], int],
        neighbourhood_counties: Mapping[str, list[int]],
    ) -> None:
        self.province_name = province_name
        self.counties = counties
        self.neighbourhoods = neighbourhoods
        self.neighbourhood_counties = neighbourhood_counties
        self._county_cache: dict[str, int | None] = {}
        self._neighbourhood_cache: dict[tuple[str, int | None], tuple[int | None, int | None]] = {}

    def county(self, name: str) -> int | None:
        # Names repeat row after row: each is looked up once per upload.
        if name not in self._county_cache:
            self._county_cache[name] = self._find_county(name)
        return self._county_cache[name]

    def _find_county(self, name: str) -> int | None:
        key = _match_key(name)
        found = self.counties.get(key)
        if found is None:
            for prefix in ("شهرستان", "شهر"):
                if key.startswith(match_key(prefix)):
                    found = self.counties.get(key[len(match_key(prefix)) :])
                    if found is not None:
                        break
        return found

    def neighbourhood(self, name: str, county_id: int | None) -> tuple[int | None, int | None]:
        """(neighbourhood id, its county id); a name found in one county only needs no county."""
        if (name, county_id) not in self._neighbourhood_cache:
            self._neighbourhood_cache[(name, county_id)] = self._find_neighbourhood(name, county_id)
        return self._neighbourhood_cache[(name, county_id)]

    def _find_neighbourhood(self, name: str, county_id: int | None) -> tuple[int | None, int | None]:
        key = _match_key(name)
        if key.startswith(match_key("محله")) and key not in self.neighbourhood_counties:
            key = key[len(match_key("محله")) :]
        if county_id is not None:
            return self.neighbourhoods.get((county_id, key)), county_id
        counties = self.neighbourhood_counties.get(key, [])
        if len(counties) == 1:
            return self.neighbourhoods[(counties[0], key)], counties[0]
        return None, None


@dataclass
class ParsedRow:
    number: int
    raw: dict[str, str]  # header -> cell text, as the file had it
    values: dict[str, object] = field(default_factory=dict)  # the standard fields, clean
    attributes: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.reasons

    def content_hash(self) -> str:
        payload = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in self.values.items()}
        text = _HASH_JSON.encode([payload, self.attributes])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


# What json.dumps(..., ensure_ascii=False, sort_keys=True) builds on every call, built once: the
# same text, so records loaded before keep their hashes.
_HASH_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


@dataclass
class ParsedSheet:
    rows: list[ParsedRow]
    warnings: list[str]
    unknown_headers: list[str]
    mapping: dict[str, str]  # header key -> field ("" for an extra attribute)


_NAME_FIELDS = ("first_name", "last_name", "father_name")


def parse_sheet(
    sheet: Sheet,
    *,
    places: Places,
    remembered: Mapping[str, str],
    chosen: Mapping[str, str] | None = None,
    today: datetime.date | None = None,
    blank_invalid_codes: bool = False,
) -> ParsedSheet:
    """Every row of ``sheet`` as standard fields, with Persian reasons for the invalid ones.

    ``blank_invalid_codes``: a national code that fails the checksum does not keep the row out;
    the row loads without it (the engine links it on names, birth date and father's name), the
    code as written stays in ``attributes`` and the upload warns with the row numbers."""
    today = today or datetime.date.today()
    fields, unknown = resolve_mapping(sheet.headers, remembered, chosen)
    width = len(sheet.headers)
    warnings: list[str] = []
    date_col = fields.index("birth_date") if "birth_date" in fields else None
    dates = DateColumn()
    if date_col is not None:
        column_values = [cells[date_col] for _, cells in sheet.rows if date_col < len(cells)]
        dates, warning = DateColumn.decide(column_values, gregorian=says_gregorian(sheet.headers[date_col]))
        if warning:
            warnings.append(MESSAGES[warning].format(column=sheet.headers[date_col]))
    if "source_id" not in fields:
        warnings.append(MESSAGES["no_source_id"])
    outside = 0
    blanked: list[int] = []
    rows: list[ParsedRow] = []
    first_seen: dict[str, int] = {}
    # What each column is, worked out once rather than per row.
    raw_keys = [h or f"ستون {i + 1}" for i, h in enumerate(sheet.headers)]
    field_columns = [(i, name) for i, name in enumerate(fields) if name is not None]
    extra_columns = [(i, h) for i, (h, name) in enumerate(zip(sheet.headers, fields, strict=True)) if name is None and h]
    parse_date = _memo(functools.partial(dates.parse, today=today))
    for number, cells in sheet.rows:
        cells = [*cells, *[""] * (width - len(cells))][:width] if len(cells) != width else cells
        row = ParsedRow(number=number, raw=dict(zip(raw_keys, cells, strict=True)))
        by_field = {name: cells[i].strip() for i, name in field_columns}
        row.attributes = {h: normalise(cells[i]) for i, h in extra_columns if cells[i].strip()}
        _parse_values(row, by_field, parse_date, places)
        if blank_invalid_codes and row.values["national_code"] == "" and by_field.get("national_code"):
            code_reasons = [r for r in row.reasons if r.startswith("کد ملی «")]
            if code_reasons:
                row.reasons = [r for r in row.reasons if r not in code_reasons]
                row.attributes[INVALID_CODE_LABEL] = by_field["national_code"]
                blanked.append(number)
        outside += LABELS["neighbourhood"] in row.attributes and "neighbourhood" in by_field
        source_id = str(row.values["source_id"])
        if source_id in first_seen:
            row.reasons.append(
                MESSAGES["source_id_repeated"].format(
                    value=source_id, first=to_persian_digits(str(first_seen[source_id]))
                )
            )
        else:
            first_seen[source_id] = number
        rows.append(row)
    if blanked:
        shown = "، ".join(to_persian_digits(str(n)) for n in blanked[:20]) + (
            "، …" if len(blanked) > 20 else ""
        )
        warnings.append(
            MESSAGES["codes_blanked"].format(
                count=to_persian_digits(str(len(blanked))), rows=shown, label=INVALID_CODE_LABEL
            )
        )
    if outside:
        warnings.append(
            MESSAGES["neighbourhood_outside"].format(
                count=to_persian_digits(str(outside)), where=f"استان {places.province_name}"
            )
        )
    mapping = {
        header_key(h): (name or "") for h, name in zip(sheet.headers, fields, strict=True) if header_key(h)
    }
    return ParsedSheet(rows=rows, warnings=warnings, unknown_headers=unknown, mapping=mapping)


def _memo(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """``fn`` remembered for one sheet: a column's dates repeat row after row."""
    seen: dict[str, _T] = {}

    def remembered(value: str) -> _T:
        found = seen.get(value)
        if found is None:
            found = seen[value] = fn(value)
        return found

    return remembered


def _parse_values(
    row: ParsedRow,
    by_field: dict[str, str],
    parse_date: Callable[[str], tuple[datetime.date | None, str | None]],
    places: Places,
) -> None:
    reasons = row.reasons
    source_id = _source_id_text(by_field.get("source_id", "")) or str(row.number)
    if len(source_id) > 100:
        reasons.append(MESSAGES["source_id_long"].format(value=source_id[:100]))
        source_id = source_id[:100]
    values: dict[str, object] = {"source_id": source_id}
    code, reason = parse_national_code(by_field.get("national_code", ""))
    values["national_code"] = code
    if reason:
        reasons.append(reason)
    head, reason = parse_national_code(by_field.get("head_national_code", ""), "head")
    values["head_national_code"] = head
    if reason:
        reasons.append(reason)
    for name in _NAME_FIELDS:
        values[name] = _normalise(by_field.get(name, ""))[:100]
    values["address"] = normalise(by_field.get("address", ""))[:400]
    birth, reason = parse_date(by_field.get("birth_date", ""))
    values["birth_date"] = birth
    if reason:
        reasons.append(reason)
    sex, reason = parse_sex(by_field.get("sex", ""))
    values["sex"] = sex
    if reason:
        reasons.append(reason)
    mobile, reason = parse_mobile(by_field.get("mobile", ""))
    values["mobile"] = mobile
    if reason:
        reasons.append(reason)
    county_id: int | None = None
    county_text = _normalise(by_field.get("county", ""))
    if county_text:
        county_id = places.county(county_text)
        if county_id is None:
            reasons.append(MESSAGES["county"].format(value=county_text, province=places.province_name))
    neighbourhood_id: int | None = None
    neighbourhood_text = _normalise(by_field.get("neighbourhood", ""))
    if neighbourhood_text and not (county_text and county_id is None):
        neighbourhood_id, found_county = places.neighbourhood(neighbourhood_text, county_id)
        if neighbourhood_id is None:
            # Not every resident lives in a target neighbourhood: the name stays with the row.
            row.attributes[LABELS["neighbourhood"]] = neighbourhood_text
        elif county_id is None:
            county_id = found_county
    values["county_id"] = county_id
    values["neighbourhood_id"] = neighbourhood_id
    if not code and not (values["first_name"] or values["last_name"]):
        reasons.append(MESSAGES["no_name"])
    row.values = values
