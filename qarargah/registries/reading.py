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
from operator import itemgetter

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


def _latin(value: str) -> str:
    """``to_latin_digits``, skipped for ASCII text (half of what agencies type: no digit to convert)."""
    return value if value.isascii() else to_latin_digits(value)


def _digits(value: str) -> str:
    if value.isdigit() and value.isascii():  # most codes and mobiles: nothing to convert or drop
        return value
    return _NON_DIGITS.sub("", _latin(value))


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
    if code == code[0] * 10:
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
            match = _DATE_PARTS.match(_latin(value))
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
        match = _DATE_PARTS.match(_latin(text))
        if not match:
            return None, MESSAGES["date"].format(value=value)
        parts: tuple[str, str, str] = match.groups()  # type: ignore[assignment]
        order = (_order_of(parts) or self.order) if self.mixed else self.order
        if order == "ymd":
            y, m, d = map(int, parts)
        else:
            d, m, y = map(int, parts)
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
        """SHA-256 of ``[values, attributes]`` as JSON (keys sorted, dates as ISO text): stored
        with the record, so that the same row uploaded again is known to be unchanged."""
        return hashlib.sha256(_HASH_JSON.encode([self.values, self.attributes]).encode("utf-8")).hexdigest()


def _iso(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a value of a row")


# Built once (json.dumps builds an encoder per call), without the check for cycles (rows hold
# none); dates are written as their ISO text by the encoder's hook rather than by copying each
# row's values: the very text hashed before, so records loaded earlier keep their hashes.
_HASH_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_iso, check_circular=False)


@dataclass
class ParsedSheet:
    rows: list[ParsedRow]
    warnings: list[str]
    unknown_headers: list[str]
    mapping: dict[str, str]  # header key -> field ("" for an extra attribute)


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
    # What each column is, worked out once rather than per row: the cells of the standard fields
    # in FIELDS order (a field the file lacks reads the empty cell appended at ``width``), the
    # extra columns kept as attributes, the keys of the row as the file had it.
    positions = [fields.index(name) if name in fields else width for name in FIELDS]
    pick = itemgetter(*positions)
    lacks_a_field = width in positions
    has_neighbourhood = "neighbourhood" in fields
    raw_keys = [h or f"ستون {i + 1}" for i, h in enumerate(sheet.headers)]
    extra_columns = [
        (i, h) for i, (h, name) in enumerate(zip(sheet.headers, fields, strict=True)) if name is None and h
    ]
    # A list repeats its dates, sexes and places row after row: each distinct text is read once.
    parse_date = _memo(functools.partial(dates.parse, today=today))
    sex_of = _memo(parse_sex)
    place_of = _memo(functools.partial(_place, places))
    for number, cells in sheet.rows:
        if len(cells) != width:
            cells = [*cells, *[""] * (width - len(cells))][:width]
        (sid_text, code_text, first, last, father, birth_text, sex_text, mobile_text, address, county_text,
         neighbourhood_text, head_text) = map(str.strip, pick([*cells, ""] if lacks_a_field else cells))  # fmt: skip
        reasons: list[str] = []
        source_id = _source_id_text(sid_text) or str(number)
        if len(source_id) > 100:
            reasons.append(MESSAGES["source_id_long"].format(value=source_id[:100]))
            source_id = source_id[:100]
        code, reason = parse_national_code(code_text)
        if reason:
            reasons.append(reason)
        head, reason = parse_national_code(head_text, "head")
        if reason:
            reasons.append(reason)
        first, last, father = _normalise(first)[:100], _normalise(last)[:100], _normalise(father)[:100]
        birth, reason = parse_date(birth_text)
        if reason:
            reasons.append(reason)
        sex, reason = sex_of(sex_text)
        if reason:
            reasons.append(reason)
        mobile, reason = parse_mobile(mobile_text)
        if reason:
            reasons.append(reason)
        county_id, neighbourhood_id, reason, outside_name = place_of(county_text, neighbourhood_text)
        if reason:
            reasons.append(reason)
        if not code and not (first or last):
            reasons.append(MESSAGES["no_name"])
        values: dict[str, object] = {
            "source_id": source_id,
            "national_code": code,
            "head_national_code": head,
            "first_name": first,
            "last_name": last,
            "father_name": father,
            "address": normalise(address)[:400],
            "birth_date": birth,
            "sex": sex,
            "mobile": mobile,
            "county_id": county_id,
            "neighbourhood_id": neighbourhood_id,
        }
        attributes = {h: normalise(cells[i]) for i, h in extra_columns if cells[i].strip()}
        if outside_name:
            # Not every resident lives in a target neighbourhood: the name stays with the row.
            attributes[LABELS["neighbourhood"]] = outside_name
        if blank_invalid_codes and code == "" and code_text:
            code_reasons = [r for r in reasons if r.startswith("کد ملی «")]
            if code_reasons:
                reasons = [r for r in reasons if r not in code_reasons]
                attributes[INVALID_CODE_LABEL] = code_text
                blanked.append(number)
        outside += LABELS["neighbourhood"] in attributes and has_neighbourhood
        if source_id in first_seen:
            reasons.append(
                MESSAGES["source_id_repeated"].format(
                    value=source_id, first=to_persian_digits(str(first_seen[source_id]))
                )
            )
        else:
            first_seen[source_id] = number
        rows.append(ParsedRow(number, dict(zip(raw_keys, cells, strict=True)), values, attributes, reasons))
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


def _memo[T](fn: Callable[..., T]) -> Callable[..., T]:
    """``fn`` remembered for one sheet (by its arguments, all strings)."""
    seen: dict[tuple[str, ...], T] = {}

    def remembered(*args: str) -> T:
        found = seen.get(args)
        if found is None:
            found = seen[args] = fn(*args)
        return found

    return remembered


def _place(
    places: Places, county_text: str, neighbourhood_text: str
) -> tuple[int | None, int | None, str | None, str]:
    """(county id, neighbourhood id, the reason the county is refused, the neighbourhood's
    name when it is not a target neighbourhood and stays with the row as an attribute)."""
    county_id: int | None = None
    reason: str | None = None
    county_name = _normalise(county_text)
    if county_name:
        county_id = places.county(county_name)
        if county_id is None:
            reason = MESSAGES["county"].format(value=county_name, province=places.province_name)
    neighbourhood_id: int | None = None
    outside_name = ""
    neighbourhood_name = _normalise(neighbourhood_text)
    if neighbourhood_name and not (county_name and county_id is None):
        neighbourhood_id, found_county = places.neighbourhood(neighbourhood_name, county_id)
        if neighbourhood_id is None:
            outside_name = neighbourhood_name
        elif county_id is None:
            county_id = found_county
    return county_id, neighbourhood_id, reason, outside_name
