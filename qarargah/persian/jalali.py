"""Jalali (Solar Hijri) dates: the calendar people see, type and write in minutes.

The database stores Gregorian ``datetime.date``; this module converts at the edges.  The
conversion itself is jdatetime's (one well-tested implementation, whose leap years follow the
33-year arithmetic that matches the official calendar for the years we care about); the rest
is parsing the many ways dates are written in minutes and forms, and calendar arithmetic.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

import jdatetime
from jdatetime import GregorianToJalali, JalaliToGregorian

from qarargah.persian.numbers import ORDINAL_PATTERN, ordinal_to_int
from qarargah.persian.text import fold, to_persian_digits

__all__ = [
    "MONTHS_FA",
    "TEHRAN",
    "WEEKDAYS_FA",
    "DateParse",
    "JalaliDate",
    "find_jalali_dates",
    "format_jalali",
    "is_leap_year",
    "is_valid_jalali",
    "jalali_iso",
    "month_length",
    "parse_jalali_date",
    "parse_jalali_iso",
    "week_end_friday",
]

TEHRAN: Final = ZoneInfo("Asia/Tehran")

#: Iranian week, Saturday first (Friday is the weekend).
WEEKDAYS_FA: Final[tuple[str, ...]] = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")

#: Jalali month names, index 0 = فروردین.
MONTHS_FA: Final[tuple[str, ...]] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Spellings seen in the wild, mapped to month numbers.
_MONTH_NUMBERS: Final[dict[str, int]] = {
    **{name: i for i, name in enumerate(MONTHS_FA, start=1)},
    "امرداد": 5,
    "اردی بهشت": 2,
}

# Sanity range for Jalali years: outside it a number is not a plausible date in minutes.
_MIN_YEAR: Final = 1200
_MAX_YEAR: Final = 1699


def is_leap_year(year: int) -> bool:
    """True if Jalali ``year`` has 30 days in Esfand (jdatetime's leap rule)."""
    if type(year) is not int or not jdatetime.MINYEAR <= year <= jdatetime.MAXYEAR:
        return bool(jdatetime.date(year, 1, 1).isleap())  # jdatetime's own errors for bad years
    # jdatetime.date.isleap(), without building a jdatetime.date: its constructor reads the
    # process locale on every call, which was most of the cost of date arithmetic in parsing.
    return year % 33 in (1, 5, 9, 13, 17, 22, 26, 30)


def month_length(year: int, month: int) -> int:
    """Days in a Jalali month: 31 for months 1–6, 30 for 7–11, 29/30 for Esfand."""
    if not 1 <= month <= 12:
        raise ValueError(f"ماه «{month}» معتبر نیست.")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap_year(year) else 29


def is_valid_jalali(y: int, m: int, d: int) -> bool:
    """True if y/m/d is a real Jalali day (within jdatetime's supported years)."""
    if not (jdatetime.MINYEAR <= y <= jdatetime.MAXYEAR and 1 <= m <= 12 and d >= 1):
        return False
    return d <= month_length(y, m)


@dataclass(frozen=True, order=True)
class JalaliDate:
    """A valid Jalali calendar day; ordering follows the calendar."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if not is_valid_jalali(self.year, self.month, self.day):
            raise ValueError(f"تاریخ {self.year}/{self.month}/{self.day} در تقویم شمسی وجود ندارد.")

    def to_gregorian(self) -> datetime.date:
        """The same day as a Gregorian ``datetime.date`` (the storage form)."""
        # jdatetime's conversion (what jdatetime.date.togregorian() runs); the day is already
        # validated by __post_init__, so no jdatetime.date (and its locale lookup) is built.
        return datetime.date(*JalaliToGregorian(self.year, self.month, self.day).getGregorianList())

    @classmethod
    def from_gregorian(cls, d: datetime.date) -> JalaliDate:
        """The Jalali day of Gregorian ``d`` (a ``datetime`` uses its own date part)."""
        if isinstance(d, datetime.datetime):
            d = d.date()
        # What jdatetime.date.fromgregorian() computes, without its locale lookups.
        try:
            y, m, day = GregorianToJalali(d.year, d.month, d.day).getJalaliList()
        except AttributeError:
            raise ValueError(
                "When calling fromgregorian(date=) the parameter should be a date like object."
            ) from None
        if not jdatetime.MINYEAR <= y <= jdatetime.MAXYEAR:
            raise ValueError("year is out of range")  # jdatetime's message for the same case
        return cls(y, m, day)

    def isoformat(self) -> str:
        """«1401-01-24»: Latin digits, zero padded, for forms and interchange."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """«۱۴۰۱/۰۱/۲۴»: what a person sees."""
        return to_persian_digits(f"{self.year:04d}/{self.month:02d}/{self.day:02d}")

    def weekday(self) -> int:
        """Day of the Iranian week: 0 = Saturday … 6 = Friday."""
        return (self.to_gregorian().weekday() + 2) % 7

    def weekday_name(self) -> str:
        """Persian weekday name, e.g. «چهارشنبه»."""
        return WEEKDAYS_FA[self.weekday()]

    def month_name(self) -> str:
        """Persian month name, e.g. «فروردین»."""
        return MONTHS_FA[self.month - 1]

    def add_days(self, n: int) -> JalaliDate:
        """The date ``n`` days later (negative ``n`` goes back)."""
        return JalaliDate.from_gregorian(self.to_gregorian() + datetime.timedelta(days=n))

    def add_months(self, n: int) -> JalaliDate:
        """The same day ``n`` Jalali months later, clamped to the target month's length.

        1401/06/31 + 1 → 1401/07/30; 1402/11/30 + 1 → 1402/12/29 (1402 is not leap).
        """
        index = self.year * 12 + (self.month - 1) + n
        year, month0 = divmod(index, 12)
        month = month0 + 1
        return JalaliDate(year, month, min(self.day, month_length(year, month)))

    def month_end(self) -> JalaliDate:
        """The last day of this date's month."""
        return JalaliDate(self.year, self.month, month_length(self.year, self.month))

    def __str__(self) -> str:
        return self.display()


@dataclass(frozen=True)
class DateParse:
    """Result of reading one date from text.

    ``date`` is None when the text held no usable date; ``warnings`` are Persian messages for
    the person checking an import; ``span`` indexes into the text that was parsed.
    """

    date: JalaliDate | None
    warnings: tuple[str, ...]
    span: tuple[int, int] | None

    @property
    def gregorian(self) -> datetime.date | None:
        """The parsed date as a Gregorian date, or None."""
        return self.date.to_gregorian() if self.date else None


# --- parsing ---------------------------------------------------------------------------

_SP = r"[ \u200c]"

# Three digit groups with the same separator.  The look-arounds reject pieces of longer
# slash/dot sequences (invitation numbers like ۲۱/۲۵/۲۷۴۱/۳).
_NUMERIC_DATE_RE: Final = re.compile(
    r"(?<![0-9/.\-])(?P<a>[0-9]{1,4})" + _SP + r"*(?P<sep>[/.\-])" + _SP + r"*(?P<b>[0-9]{1,2})"
    r"" + _SP + r"*(?P=sep)" + _SP + r"*(?P<c>[0-9]{1,4})(?![0-9])(?!" + _SP + r"*(?P=sep)" + _SP + r"*[0-9])"
)

_MONTH_ALT: Final = "|".join(
    n.replace(" ", _SP).replace("\u200c", _SP) for n in sorted(_MONTH_NUMBERS, key=len, reverse=True)
)
_MONTH_NAME_DATE_RE: Final = re.compile(
    r"(?<![\w\u200c])(?:(?P<dnum>[0-9]{1,2})(?:" + _SP + r"?(?:ام|م))?|(?P<dword>" + ORDINAL_PATTERN + r"))"
    r"" + _SP + r"+(?P<month>" + _MONTH_ALT + r")(?:" + _SP + r"*ماه)?"
    r"(?:" + _SP + r"*[،,]?" + _SP + r"*(?:سال" + _SP + r"+)?(?P<year>[0-9]{2,4}))?"
    r"(?![0-9/\w])"
)

_NUMERIC_HINT_RE: Final = re.compile(r"[0-9]" + _SP + r"*[/.\-]")
_MONTH_HINT_RE: Final = re.compile(_MONTH_ALT)


def _expand_two_digit_year(y: int) -> int:
    """«۰۲» → 1402, «۹۹» → 1399: minutes written 1350–1449 use two-digit years."""
    return 1300 + y if y >= 50 else 1400 + y


def _check_year(year: int, raw: str) -> str | None:
    """A Persian warning if ``year`` cannot be a Jalali year in minutes, else None."""
    if 1900 <= year <= 2199:
        return f"سال «{to_persian_digits(str(year))}» در «{raw}» میلادی به نظر می‌رسد؛ تاریخ شمسی خوانده نشد."
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return f"سال «{to_persian_digits(str(year))}» در «{raw}» معتبر نیست."
    return None


def _make(y: int, m: int, d: int, raw: str, span: tuple[int, int], warnings: list[str]) -> DateParse:
    problem = _check_year(y, raw)
    if problem:
        return DateParse(None, (*warnings, problem), span)
    if not 1 <= m <= 12:
        return DateParse(
            None, (*warnings, f"ماه «{to_persian_digits(str(m))}» در تاریخ «{raw}» معتبر نیست."), span
        )
    if not is_valid_jalali(y, m, d):
        shown = to_persian_digits(f"{y}/{m:02d}/{d:02d}")
        return DateParse(None, (*warnings, f"تاریخ «{raw}» ({shown}) در تقویم شمسی وجود ندارد."), span)
    return DateParse(JalaliDate(y, m, d), tuple(warnings), span)


def _is_plausible(y: int, m: int) -> bool:
    return (y < 100 or _MIN_YEAR <= y <= _MAX_YEAR or 1900 <= y <= 2199) and 1 <= m <= 12


def _numeric(match: re.Match[str], raw: str, reference_year: int | None) -> tuple[DateParse, bool]:
    """Read a/b/c; returns the parse and whether the shape is date-like at all."""
    sa, sb, sc = match.group("a", "b", "c")
    a, b, c = int(sa), int(sb), int(sc)
    span = match.span()
    if len(sa) >= 3 or a > 31:
        # Year first; the two-digit form («۹۹/۰۲/۰۳») is unambiguous when a > 31.
        y = _expand_two_digit_year(a) if len(sa) <= 2 else a
        return _make(y, b, c, raw, span, []), _is_plausible(a if len(sa) > 2 else 0, b)
    if len(sc) >= 3 or c > 31:
        y = _expand_two_digit_year(c) if len(sc) <= 2 else c
        return _make(y, b, a, raw, span, []), _is_plausible(c if len(sc) > 2 else 0, b)
    # Both ends could be a two-digit year: year first unless only day-first is valid or
    # day-first gives the year nearer the reference year (e.g. the meeting's year for its
    # invitation: «۲۵/۰۲/۰۲» beside a 1402 meeting is 1402/02/25, not 1425/02/02).
    ya, yc = _expand_two_digit_year(a), _expand_two_digit_year(c)
    year_first_ok = is_valid_jalali(ya, b, c)
    day_first_ok = is_valid_jalali(yc, b, a)
    day_first = day_first_ok and (
        not year_first_ok
        or (reference_year is not None and abs(yc - reference_year) < abs(ya - reference_year))
    )
    if day_first:
        shown = to_persian_digits(f"{yc}/{b:02d}/{a:02d}")
        warning = f"تاریخ «{raw}» مبهم است؛ به صورت روز/ماه/سال ({shown}) خوانده شد."
        return _make(yc, b, a, raw, span, [warning]), True
    shown = to_persian_digits(f"{ya}/{b:02d}/{c:02d}")
    warning = f"تاریخ «{raw}» مبهم است؛ به صورت سال/ماه/روز ({shown}) خوانده شد."
    return _make(ya, b, c, raw, span, [warning]), 1 <= b <= 12


def _month_named(match: re.Match[str], raw: str, reference_year: int | None) -> DateParse:
    span = match.span()
    dnum = match.group("dnum")
    day = int(dnum) if dnum else (ordinal_to_int(match.group("dword")) or 0)
    month = _MONTH_NUMBERS[re.sub(_SP + "+", " ", match.group("month"))]
    year_text = match.group("year")
    warnings: list[str] = []
    if year_text is None:
        if reference_year is None:
            return DateParse(None, (f"سال تاریخ «{raw}» مشخص نیست.",), span)
        year = reference_year
    elif len(year_text) <= 2:
        year = _expand_two_digit_year(int(year_text))
    else:
        year = int(year_text)
    return _make(year, month, day, raw, span, warnings)


def _candidates(text: str, reference_year: int | None) -> list[tuple[DateParse, bool]]:
    """All date-shaped matches in ``text`` as (parse, plausible), in order, without overlaps."""
    folded = fold(text)
    found: list[tuple[int, int, DateParse, bool]] = []
    # Each full pattern runs only if its necessary part is there (a digit before a separator;
    # a month name): found by a plain scan, which is far cheaper than the full patterns'
    # look-arounds and ordinal alternation tried at every position of every cell.
    if _NUMERIC_HINT_RE.search(folded) is not None:
        for m in _NUMERIC_DATE_RE.finditer(folded):
            parse, plausible = _numeric(m, to_persian_digits(text[m.start() : m.end()]), reference_year)
            found.append((m.start(), m.end(), parse, plausible))
    if _MONTH_HINT_RE.search(folded) is not None:
        for m in _MONTH_NAME_DATE_RE.finditer(folded):
            parse = _month_named(m, to_persian_digits(text[m.start() : m.end()]), reference_year)
            found.append((m.start(), m.end(), parse, True))
    found.sort(key=lambda item: (item[0], -item[1]))
    result: list[tuple[DateParse, bool]] = []
    last_end = -1
    for start, end, parse, plausible in found:
        if start >= last_end:
            result.append((parse, plausible))
            last_end = end
    return result


def parse_jalali_date(text: str, *, reference_year: int | None = None) -> DateParse:
    """Read the first Jalali date in ``text``.

    Accepts «۱۴۰۱/۰۱/۲۴», «1401-4-15», «۱۴۰۱.۰۴.۰۹», day-first «۱۵/۰۲/۱۴۰۳», two-digit years
    «۰۲/۰۳/۰۸» (ambiguous ones are read year-first, with a warning), and month names
    «۲۱ آبان‌ماه ۱۴۰۲», «بیست و یکم آبان ۱۴۰۲».  ``reference_year`` supplies the year when
    the text has none («۲۱ آبان») and breaks ties for ambiguous two-digit dates.
    Invalid or Gregorian-looking dates give ``date=None`` and a Persian warning.
    """
    candidates = _candidates(text, reference_year)
    if not candidates:
        return DateParse(None, (f"تاریخ «{text.strip()}» شناخته نشد.",), None)
    for parse, plausible in candidates:
        if plausible:
            return parse
    return candidates[0][0]


def find_jalali_dates(text: str, *, reference_year: int | None = None) -> list[DateParse]:
    """Every date in running text, with spans into ``text``.

    Date-shaped numbers that cannot be dates in any reading (invitation numbers such as
    «۲۱/۲۵/۲۷۴۱») are skipped; real-looking but invalid dates (1401/12/30) are returned
    with ``date=None`` and a warning so the importer can show them.
    """
    return [parse for parse, plausible in _candidates(text, reference_year) if plausible]


# --- formatting and forms --------------------------------------------------------------


def format_jalali(
    d: datetime.date | datetime.datetime, *, with_time: bool = False, persian_digits: bool = True
) -> str:
    """«۱۴۰۱/۰۱/۲۴», or «۱۴۰۱/۰۱/۲۴ ساعت ۱۴:۳۰» for a datetime with ``with_time``.

    Aware datetimes are shown in Tehran time (the stored value is UTC).
    """
    if isinstance(d, datetime.datetime) and d.tzinfo is not None:
        d = d.astimezone(TEHRAN)
    j = JalaliDate.from_gregorian(d)
    out = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    if with_time and isinstance(d, datetime.datetime):
        out += f" ساعت {d.hour:02d}:{d.minute:02d}"
    return to_persian_digits(out) if persian_digits else out


def jalali_iso(d: datetime.date) -> str:
    """«1401-01-24» for Gregorian ``d``."""
    return JalaliDate.from_gregorian(d).isoformat()


_ISO_RE: Final = re.compile(r"([0-9]{4})\s*([-/.])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})")


def parse_jalali_iso(s: str) -> datetime.date:
    """Parse a form field «1401-01-24» / «1401/1/24» / «۱۴۰۱/۰۱/۲۴» into a Gregorian date.

    Strict (year first, whole value) because a form can ask the person to correct it;
    raises ValueError with a Persian message.
    """
    value = fold(s or "").strip()
    m = _ISO_RE.fullmatch(value)
    if not m:
        raise ValueError(f"تاریخ «{(s or '').strip()}» قابل خواندن نیست؛ آن را به شکل ۱۴۰۱/۰۱/۲۴ وارد کنید.")
    y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        raise ValueError(f"سال «{to_persian_digits(str(y))}» معتبر نیست؛ تاریخ را به شمسی وارد کنید.")
    if not is_valid_jalali(y, mo, d):
        raise ValueError(f"تاریخ «{to_persian_digits(value)}» در تقویم شمسی وجود ندارد.")
    return JalaliDate(y, mo, d).to_gregorian()


def week_end_friday(d: datetime.date) -> datetime.date:
    """The Friday that ends the Iranian week (Saturday–Friday) containing ``d``."""
    if isinstance(d, datetime.datetime):
        d = d.date()
    return d + datetime.timedelta(days=(4 - d.weekday()) % 7)
