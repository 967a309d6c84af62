"""Resolution deadlines («زمان اقدام» / «مهلت اقدام») as minutes write them.

A deadline cell says «۴ روز», «یک ماه», «هفته جاری», «اسرع وقت», «مستمر» or a date.  We keep
the raw text (what the secretariat wrote is the record) and derive a kind and, when the meeting
date allows, a Gregorian due date.  Month arithmetic is Jalali («یک ماه» after 1401/04/09 is
1401/05/09), day and week arithmetic is plain ``timedelta``.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

from qarargah.persian.jalali import (
    MONTHS_FA,
    JalaliDate,
    find_jalali_dates,
    is_leap_year,
    month_length,
    week_end_friday,
)
from qarargah.persian.numbers import NUMBER_WORDS_PATTERN, words_to_int
from qarargah.persian.text import fold, normalise, to_latin_digits, to_persian_digits
from qarargah.persian.workdays import DEFAULT_CALENDAR, WorkingCalendar

# Working days are counted one by one; a deadline of more working days than five years holds is
# a typo, reported as out of range like «۹۹۹۹۹۹ روز».
_MAX_WORKING_DAYS: Final = 5 * 300

__all__ = [
    "Deadline",
    "DeadlineError",
    "DeadlineKind",
    "describe_deadline",
    "find_deadline_in_text",
    "parse_deadline",
    "validate_deadline",
]


class DeadlineKind(StrEnum):
    """How a deadline is expressed; stored as the string value."""

    RELATIVE = "relative"
    DATE = "date"
    THIS_WEEK = "this_week"
    ASAP = "asap"
    CONTINUOUS = "continuous"
    #: «تا جلسه آینده»: due on the body's next scheduled meeting, which only the app knows, so
    #: the pure layer leaves ``due_date`` empty.
    NEXT_MEETING = "next_meeting"
    NONE = "none"


@dataclass(frozen=True)
class Deadline:
    """A parsed deadline.

    ``due_date`` is None for ASAP (the app applies a province setting), continuous and
    unrecognised deadlines, and for relative ones when the meeting date is unknown.
    ``amount``/``unit`` ("day", "week", "month") are set for relative deadlines.
    """

    raw: str
    kind: DeadlineKind
    due_date: datetime.date | None
    warnings: tuple[str, ...] = ()
    amount: int | None = None
    unit: str | None = None


_B = r"(?<![\w\u200c])"  # word start
_E = r"(?![\w\u200c])"  # word end
_NUM = r"(?:[0-9]+|" + NUMBER_WORDS_PATTERN + r")"


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` where a literal space means "spaces or ZWNJ" and «⟨B⟩»/«⟨E⟩»/«⟨N⟩»
    stand for word start, word end and a number (digits or words).

    Keeps the Persian phrase lists readable instead of a wall of concatenations.
    """
    pattern = pattern.replace(" ", "[ \u200c]").replace("⟨B⟩", _B).replace("⟨E⟩", _E)
    return re.compile(pattern.replace("⟨N⟩", _NUM))


_ASAP_RE: Final = _rx(
    r"⟨B⟩(?:(?:در +)?اسرع *وقت(?: +ممکن)?|(?:با +)?قید +فوریت|فوراً|فورا|فوری|به *صورت +فوری)⟨E⟩"
)
_CONTINUOUS_RE: Final = _rx(
    # Periodic phrases («ماهانه», «هفتگی», «فصلی») are continuous too: a report every period.
    r"⟨B⟩(?:(?:به *(?:صورت|طور) +)?(?:مستمر|دائمی|دائم|مداوم|همیشگی|ماهانه|ماهیانه|هفتگی|فصلی|دوره ?ای)"
    r"|مستمراً|مستمرا)⟨E⟩"
)
_THIS_WEEK_RE: Final = _rx(
    r"⟨B⟩(?:(?:تا +)?(?:پایان|آخر) +هفته(?: +جاری)?|(?:در +)?(?:طول +)?(?:هفته +جاری|همین +هفته))⟨E⟩"
    r"(?! +(?:آینده|بعد|آتی|دیگر)⟨E⟩)"
)
# «تا پایان هفته آینده», «هفته آتی»: the Friday that ends the week after the meeting's.
_NEXT_WEEK_RE: Final = _rx(r"⟨B⟩(?:(?:تا +)?(?:پایان|آخر) +|(?:در +)?(?:طول +)?)هفته +(?:آینده|بعد|آتی)⟨E⟩")
_NEXT_MEETING_RE: Final = _rx(
    r"⟨B⟩(?:(?:حداکثر +)?(?:تا|در|قبل +از|پیش +از) +)?(?:برگزاری +)?(?:جلسه|نشست)(?: +(?:شورا|کارگروه|کمیته|ستاد))?"
    r" +(?:آینده|بعد|بعدی|آتی)⟨E⟩"
)
# What an agency brings to the next meeting: «… در جلسه آینده ارائه/گزارش/اعلام کند».
_PRESENT_AT_NEXT_RE: Final = _rx(
    r" +(?:\S+ +){0,2}?(?:ارائه|گزارش|اعلام|تحویل|منعکس|تقدیم)(?: *(?:کند|کنند|نماید|نمایند|شود|گردد|دهد|دهند))?⟨E⟩"
)
_MONTH_NUMBERS: Final[dict[str, int]] = {**{n: i for i, n in enumerate(MONTHS_FA, start=1)}, "امرداد": 5}
_MONTH_ALT = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
_END_OF_RE: Final = _rx(
    r"⟨B⟩(?:تا +)?(?:پایان|آخر|انتهای) +(?:"
    rf"(?P<month>{_MONTH_ALT})(?: *ماه)?(?: +(?:سال +)?(?P<year>[0-9]{{4}})| +(?:سال +)?(?P<this>جاری|امسال))?"
    r"|(?P<this_month>ماه(?: +جاری)?)"
    # «تا پایان سال تحصیلی»: the school year ends with Shahrivar.
    r"|(?P<school>سال +تحصیلی(?: +جاری)?)"
    r"|(?P<this_year>سال(?: +(?:جاری|(?P<year_only>[0-9]{4})))?)"
    r")⟨E⟩"
)
_UNITS: Final[dict[str, str]] = {"روز": "day", "هفته": "week", "ماه": "month", "ساعت": "hour"}
_RELATIVE_CORE = (
    # «۲.۵ ماه», «۲/۵ ماه», «۲٫۵ ماه» (a fraction, not «۵ ماه»), «یک ماه و نیم», «۴۵ روزه».
    r"(?<![0-9][./٫])(?P<num>⟨N⟩)(?:[./٫](?P<frac>[0-9]{1,2}))? *(?P<unit>روز|هفته|ماه|ساعت)(?:ه(?=⟨E⟩))?"
    r"(?: +و +(?P<half>نیم))?(?: *(?P<working>کاری))?(?: +(?:آینده|بعد|آتی))?"
    # «ظرف یک ماه از تاریخ ابلاغ»: counted from the notice, which follows the meeting.
    r"(?: +(?:پس +)?(?:از|بعد +از) +(?:تاریخ +)?(?:ابلاغ|جلسه|صورت *جلسه|دریافت)(?: +(?:صورت *جلسه|مصوبه|نامه))?)?⟨E⟩"
)
_RELATIVE_RE: Final = _rx(r"⟨B⟩(?:(?:ظرف|طی|حداکثر|مهلت|در|به)(?: +(?:مدت|ظرف|طی))* +)?" + _RELATIVE_CORE)
# In a sentence a bare «دو هفته» may be the past («در یک هفته گذشته»), so we require a
# deadline-ish lead word or «آینده» and refuse «گذشته» / «اخیر» right after.
_RELATIVE_IN_TEXT_RE: Final = _rx(
    r"⟨B⟩(?:ظرف|طی|حداکثر|مهلت)(?: +(?:مدت|ظرف|طی|تا))* +" + _RELATIVE_CORE + r"(?! *(?:گذشته|اخیر|قبل))"
    r"|⟨B⟩(?:تا +)?⟨N⟩ *(?:روز|هفته|ماه)(?: +و +نیم)? +آینده⟨E⟩"
    # «یک ماه پس از ابلاغ», «ده روز بعد از دریافت نامه»: counted from the notice.
    r"|⟨B⟩⟨N⟩ *(?:روز|هفته|ماه)(?: +و +نیم)?(?: *کاری)? +(?:پس|بعد) +از +(?:تاریخ +)?(?:ابلاغ|دریافت)"
    r"(?: +(?:صورت *جلسه|مصوبه|نامه))?⟨E⟩"
)
# Part of a month: «تا نیمه اسفند», «اواسط بهمن ماه», «اوایل دی سال آینده», «دهه دوم آذر ۱۴۰۲»,
# «در هفته اول اسفند».
# Day of the month it stands for (None = the month's last day).
_MONTH_PARTS: Final[dict[str, int | None]] = {
    "ابتدای": 1,
    "آغاز": 1,
    "اوایل": 10,
    "اوائل": 10,
    "دهه اول": 10,
    "دهه نخست": 10,
    "نیمه": 15,
    "نیمه اول": 15,
    "اواسط": 15,
    "میانه": 15,
    "دهه دوم": 20,
    "دهه میانی": 20,
    "هفته اول": 7,
    "هفته نخست": 7,
    "هفته دوم": 14,
    "هفته سوم": 21,
    "هفته چهارم": None,
    "هفته آخر": None,
    "نیمه دوم": None,
    "دهه سوم": None,
    "دهه آخر": None,
    "اواخر": None,
}
_MONTH_PART_ALT = "|".join(sorted((k.replace(" ", " +") for k in _MONTH_PARTS), key=len, reverse=True))
_MONTH_PART_RE: Final = _rx(
    rf"⟨B⟩(?:حداکثر +)?(?:تا +|در +(?:طول +)?)?(?:(?:قبل|پیش) +از +)?(?:پایان +)?(?P<part>{_MONTH_PART_ALT})(?:[‌ ]?ی)? +"
    rf"(?P<month>{_MONTH_ALT})(?: *ماه)?"
    r"(?: +(?:سال +)?(?P<year>[0-9]{4})| +(?:سال +)?(?P<this>جاری|امسال)| +(?:سال +)?(?P<next>آینده|بعد))?⟨E⟩"
)
# Part of a year: «تا پایان نیمه اول سال», «شش ماهه دوم سال جاری», «سه ماهه سوم», «پایان فصل».
_YEAR_PART_RE: Final = _rx(
    r"⟨B⟩(?:حداکثر +)?(?:تا +)?(?:پایان +)?(?:"
    r"(?:نیمه|شش *ماهه) +(?P<half>اول|نخست|دوم)(?: +سال)?"
    r"|(?:سه *ماهه|فصل) +(?P<quarter>اول|نخست|دوم|سوم|چهارم|آخر)(?: +سال)?"
    r"|(?P<season>فصل(?: +جاری)?)"
    r")(?: +(?P<year>[0-9]{4})| +(?P<this>جاری|امسال))?⟨E⟩"
)
# Every part-of-a-month or part-of-a-year phrase has one of these words: a cheap test first.
_PART_HINT_RE: Final = re.compile(r"نیمه|اواسط|اوایل|اوائل|اواخر|ابتدای|آغاز|دهه|میانه|ماهه|فصل|هفته")
_ORDINAL_PART: Final[dict[str, int]] = {"اول": 1, "نخست": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "آخر": 4}
# «تا قبل از عید نوروز», «پیش از نوروز ۱۴۰۴»: the year's last day.
_NOWRUZ_RE: Final = _rx(
    r"⟨B⟩(?:حداکثر +)?(?:تا +)?(?:(?:قبل|پیش) +از +)?(?:(?:عید|تعطیلات) +)?نوروز(?: +(?:سال +)?(?P<year>[0-9]{4}))?⟨E⟩"
)
# A month alone as a deadline cell: «اسفند ماه», «در آذر ۱۴۰۲», «طی بهمن ماه سال جاری».
_BARE_MONTH_RE: Final = _rx(
    rf"^(?:(?:در|طی|تا) +)?(?:طول +)?(?P<month>{_MONTH_ALT})(?: *ماه)?"
    r"(?: +(?:سال +)?(?P<year>[0-9]{4})| +(?:سال +)?(?P<this>جاری|امسال))?\.?$"
)
_DATE_LEAD_IN_TEXT_RE: Final = _rx(r"⟨B⟩(?:حداکثر +)?(?:تا|مهلت)(?: +(?:تاریخ|مورخ|قبل +از|پایان))? +$")


@lru_cache(maxsize=256)
def _jalali(meeting_date: datetime.date) -> JalaliDate:
    """The meeting date in Jalali.  Every deadline of a document is read against the same
    meeting date (a dozen conversions per document otherwise); JalaliDate is immutable, and
    the cache holds dates, not text."""
    return JalaliDate.from_gregorian(meeting_date)


def _unrecognised(raw: str) -> Deadline:
    return Deadline(raw, DeadlineKind.NONE, None, (f"مهلت «{raw}» شناخته نشد.",))


def _relative_due(meeting_date: datetime.date, amount: int, unit: str) -> datetime.date:
    if unit == "day":
        return meeting_date + datetime.timedelta(days=amount)
    if unit == "week":
        return meeting_date + datetime.timedelta(weeks=amount)
    return _jalali(meeting_date).add_months(amount).to_gregorian()


def _parse_date(raw: str, text: str, meeting_date: datetime.date | None) -> Deadline | None:
    reference_year = _jalali(meeting_date).year if meeting_date else None
    dates = find_jalali_dates(text, reference_year=reference_year)
    if not dates:
        return None
    parsed = dates[0]
    if parsed.date is None:
        return Deadline(raw, DeadlineKind.NONE, None, parsed.warnings)
    due = parsed.date.to_gregorian()
    warnings = list(parsed.warnings)
    if meeting_date is not None and due < meeting_date:
        span_text = text[parsed.span[0] : parsed.span[1]].rstrip() if parsed.span else ""
        if span_text and not span_text[-1].isdigit():
            # No year written («۳۰ مرداد») and the day has passed: it means next year's.
            year = parsed.date.year + 1
            nxt = JalaliDate(
                year, parsed.date.month, min(parsed.date.day, month_length(year, parsed.date.month))
            )
            due = nxt.to_gregorian()
            warnings.append(f"سال مهلت «{raw}» ذکر نشده بود؛ {nxt.display()} در نظر گرفته شد.")
        else:
            warnings.append(f"مهلت «{raw}» پیش از تاریخ جلسه است.")
    return Deadline(raw, DeadlineKind.DATE, due, tuple(warnings))


def _parse_end_of(raw: str, m: re.Match[str], meeting_date: datetime.date | None) -> Deadline:
    meeting = _jalali(meeting_date) if meeting_date else None
    if m.group("month"):
        month = _MONTH_NUMBERS[m.group("month")]
        if m.group("year"):
            year = int(m.group("year"))
        elif meeting is not None and m.group("this"):
            # «تا پایان مهر ماه سال جاری»: the meeting's own year, even if that month has passed.
            year = meeting.year
        elif meeting is not None:
            year = meeting.year if month >= meeting.month else meeting.year + 1
        else:
            return Deadline(raw, DeadlineKind.DATE, None, (f"سال مهلت «{raw}» مشخص نیست.",))
        if not 1200 <= year <= 1699:
            return _unrecognised(raw)
        due = JalaliDate(year, month, month_length(year, month))
        return Deadline(raw, DeadlineKind.DATE, due.to_gregorian())
    if meeting is None and not m.group("year_only"):
        return Deadline(raw, DeadlineKind.DATE, None, (f"برای محاسبه مهلت «{raw}» تاریخ جلسه لازم است.",))
    if m.group("this_month") and meeting is not None:
        return Deadline(raw, DeadlineKind.DATE, meeting.month_end().to_gregorian())
    if m.group("school") and meeting is not None:
        year = meeting.year if meeting.month <= 6 else meeting.year + 1
        return Deadline(raw, DeadlineKind.DATE, JalaliDate(year, 6, 31).to_gregorian())
    if m.group("year_only"):
        year = int(m.group("year_only"))
        if not 1200 <= year <= 1699:
            return _unrecognised(raw)
        return Deadline(raw, DeadlineKind.DATE, JalaliDate(year, 12, month_length(year, 12)).to_gregorian())
    assert meeting is not None
    return Deadline(
        raw, DeadlineKind.DATE, JalaliDate(meeting.year, 12, month_length(meeting.year, 12)).to_gregorian()
    )


def _month_year(
    raw: str, month: int, year_text: str | None, this: bool, nxt: bool, meeting_date: datetime.date | None
) -> int | Deadline:
    """The year of «<month> [year|جاری|آینده]» read against the meeting: the written year; the
    meeting's year for «جاری»; the next for «آینده»; else the month's next occurrence."""
    meeting = _jalali(meeting_date) if meeting_date else None
    if year_text:
        year = int(year_text)
        return year if 1200 <= year <= 1699 else _unrecognised(raw)
    if meeting is None:
        return Deadline(raw, DeadlineKind.DATE, None, (f"سال مهلت «{raw}» مشخص نیست.",))
    if this:
        return meeting.year
    if nxt:
        return meeting.year + 1
    return meeting.year if month >= meeting.month else meeting.year + 1


def _parse_month_part(raw: str, m: re.Match[str], meeting_date: datetime.date | None) -> Deadline:
    month = _MONTH_NUMBERS[m.group("month")]
    year = _month_year(
        raw, month, m.group("year"), bool(m.group("this")), bool(m.group("next")), meeting_date
    )
    if isinstance(year, Deadline):
        return year
    part = re.sub(r"[ \u200c]+", " ", m.group("part"))
    day = _MONTH_PARTS.get(part, 15)
    length = month_length(year, month)
    due = JalaliDate(year, month, length if day is None else min(day, length)).to_gregorian()
    warnings: tuple[str, ...] = ()
    if meeting_date is not None and due < meeting_date:
        warnings = (f"مهلت «{raw}» پیش از تاریخ جلسه است.",)
    return Deadline(raw, DeadlineKind.DATE, due, warnings)


def _parse_year_part(raw: str, m: re.Match[str], meeting_date: datetime.date | None) -> Deadline:
    meeting = _jalali(meeting_date) if meeting_date else None
    if m.group("half"):
        last_month = 6 if _ORDINAL_PART[m.group("half")] == 1 else 12
    elif m.group("quarter"):
        last_month = 3 * _ORDINAL_PART[m.group("quarter")]
    elif meeting is not None:
        last_month = 3 * ((meeting.month - 1) // 3 + 1)  # the meeting's own season
    else:
        return Deadline(raw, DeadlineKind.DATE, None, (f"برای محاسبه مهلت «{raw}» تاریخ جلسه لازم است.",))
    year = _month_year(raw, last_month, m.group("year"), bool(m.group("this")), False, meeting_date)
    if isinstance(year, Deadline):
        return year
    return Deadline(
        raw, DeadlineKind.DATE, JalaliDate(year, last_month, month_length(year, last_month)).to_gregorian()
    )


def parse_deadline(
    raw: str | None, meeting_date: datetime.date | None, *, calendar: WorkingCalendar | None = None
) -> Deadline:
    """Interpret a deadline cell or phrase relative to ``meeting_date`` (Gregorian).

    «۴ روز»/«ظرف مدت ده روز»/«دو هفته»/«یک ماه» → relative; «۱۴۰۱/۰۵/۳۰»/«۳۰ مرداد ۱۴۰۱» →
    date; «پایان خرداد ۱۴۰۲»/«تا پایان سال» → date (month/year end); «هفته جاری» → this_week
    (the Friday ending the meeting's week); «اسرع وقت»/«فوری» → asap; «مستمر» → continuous;
    empty → none.  Anything else: kind none with a Persian warning.  ``raw`` is kept (stripped).
    «۱۰ روز کاری» counts working days of ``calendar`` (Iran's official holidays and Fridays when
    none is given).
    """
    raw = (raw or "").strip()
    if not raw:
        return Deadline("", DeadlineKind.NONE, None)
    text = fold(normalise(raw))

    # Before dates: «نیمه اول اسفند» is not the date «اول اسفند».
    if _PART_HINT_RE.search(text):
        m = _MONTH_PART_RE.search(text)
        if m:
            return _parse_month_part(raw, m, meeting_date)
        m = _YEAR_PART_RE.search(text)
        if m:
            return _parse_year_part(raw, m, meeting_date)

    by_date = _parse_date(raw, text, meeting_date)
    if by_date is not None:
        return by_date

    m = _END_OF_RE.search(text)
    if m:
        return _parse_end_of(raw, m, meeting_date)

    m = _NOWRUZ_RE.search(text) if "نوروز" in text else None
    if m:
        year = _month_year(raw, 12, m.group("year"), False, False, meeting_date)
        if isinstance(year, Deadline):
            return year
        if m.group("year"):
            year -= 1  # «نوروز ۱۴۰۴» begins 1404: the day before it ends 1403
        return Deadline(raw, DeadlineKind.DATE, JalaliDate(year, 12, month_length(year, 12)).to_gregorian())

    m = _BARE_MONTH_RE.match(text)
    if m:
        month = _MONTH_NUMBERS[m.group("month")]
        year = _month_year(raw, month, m.group("year"), bool(m.group("this")), False, meeting_date)
        if isinstance(year, Deadline):
            return year
        return Deadline(
            raw, DeadlineKind.DATE, JalaliDate(year, month, month_length(year, month)).to_gregorian()
        )

    if _THIS_WEEK_RE.search(text):
        due = week_end_friday(meeting_date) if meeting_date else None
        return Deadline(raw, DeadlineKind.THIS_WEEK, due)

    if _NEXT_MEETING_RE.search(text):
        return Deadline(raw, DeadlineKind.NEXT_MEETING, None)

    m = _RELATIVE_RE.search(text)
    if m:
        num = m.group("num")
        amount = int(num) if num.isdigit() else words_to_int(num)
        unit = _UNITS[m.group("unit")]
        if amount is not None and (m.group("frac") or m.group("half")) and unit != "hour":
            # «۲.۵ ماه», «یک ماه و نیم»: counted in days (a month as 30, a week as 7).
            frac = m.group("frac")
            value = amount + (int(frac) / 10 ** len(frac) if frac else 0.5)
            amount, unit = math.ceil(value * {"day": 1, "week": 7, "month": 30}[unit]), "day"
        if amount is not None and amount > 0:
            warnings: list[str] = []
            if unit == "hour":
                # «ظرف ۴۸ ساعت»: deadlines are days, so round hours up to whole days.
                amount, unit = max(1, math.ceil(amount / 24)), "day"
            working = bool(m.group("working"))
            if working and unit != "day":
                warnings.append(f"«کاری» در «{raw}» فقط برای روز معنا دارد؛ به صورت تقویمی حساب شد.")
            due = None
            if meeting_date is not None:
                try:
                    if working and unit == "day":
                        if amount > _MAX_WORKING_DAYS:
                            raise OverflowError(amount)  # counted day by day: bound the walk
                        due = (calendar or DEFAULT_CALENDAR).add_working_days(meeting_date, amount)
                    else:
                        due = _relative_due(meeting_date, amount, unit)
                except (OverflowError, ValueError):
                    # «۹۹۹۹۹۹ روز» runs off the calendar; keep the parse, flag it.
                    warnings.append(f"مهلت «{raw}» خارج از محدوده تقویم است.")
            return Deadline(raw, DeadlineKind.RELATIVE, due, tuple(warnings), amount=amount, unit=unit)

    # After the numbered forms: «دو هفته آینده» is two weeks, not the end of next week.
    if _NEXT_WEEK_RE.search(text):
        due = week_end_friday(meeting_date) + datetime.timedelta(weeks=1) if meeting_date else None
        return Deadline(raw, DeadlineKind.RELATIVE, due, amount=1, unit="week")
    if _ASAP_RE.search(text):
        return Deadline(raw, DeadlineKind.ASAP, None)
    if _CONTINUOUS_RE.search(text):
        return Deadline(raw, DeadlineKind.CONTINUOUS, None)
    return _unrecognised(raw)


def find_deadline_in_text(text: str) -> str | None:
    """Find a deadline phrase inside a resolution sentence and return it as written.

    «... ظرف مدت چهار روز ارسال نمایند» → «ظرف مدت چهار روز»; «... حداکثر تا ۱۴۰۱/۰۵/۳۰ ...» →
    «حداکثر تا ۱۴۰۱/۰۵/۳۰»; «... در اسرع وقت ...» → «در اسرع وقت».  The more specific kind wins
    (date, month/year end, this week, relative, ASAP, continuous); within a kind, the first.
    Dates without a lead word («تا», «حداکثر تا», «مهلت») are event dates, not deadlines.
    """
    if not text:
        return None
    folded = fold(text)
    has_part = bool(_PART_HINT_RE.search(folded))

    for parsed in find_jalali_dates(text):
        if parsed.span is None:
            continue
        start, end = parsed.span
        if has_part and _MONTH_PART_RE.search(folded, max(0, start - 30), end):
            break  # «تا نیمه اول اسفند»: a part of the month, read below
        lead = _DATE_LEAD_IN_TEXT_RE.search(folded[max(0, start - 40) : start])
        if lead:
            return text[max(0, start - 40) + lead.start() : end].strip()

    for pattern in (
        _MONTH_PART_RE,
        _YEAR_PART_RE,
        _END_OF_RE,
        _THIS_WEEK_RE,
        _NEXT_MEETING_RE,
        _RELATIVE_IN_TEXT_RE,
        _NEXT_WEEK_RE,
        _NOWRUZ_RE,
        _ASAP_RE,
        _CONTINUOUS_RE,
    ):
        if (pattern is _MONTH_PART_RE or pattern is _YEAR_PART_RE) and not has_part:
            continue
        if pattern is _NEXT_MEETING_RE or pattern is _NOWRUZ_RE:
            # In a sentence only «تا/قبل از جلسه آینده» is a deadline: «در جلسه آینده بررسی
            # شود» says when a subject is discussed, and «جلسه آینده» alone may be the subject.
            m = pattern.search(folded)
            if m and re.match(r"(?:حداکثر|تا|قبل|پیش)", m.group()):
                return text[m.start() : m.end()].strip()
            if m and m.group().startswith("در") and _PRESENT_AT_NEXT_RE.match(folded, m.end()):
                # «گزارش را در جلسه آینده ارائه کند»: something to bring by then, unlike
                # «در جلسه آینده بررسی شود», a subject for the next meeting.
                return text[m.start() : m.end()].strip()
            continue
        if pattern is _CONTINUOUS_RE:
            # Bare «مستمر» in a sentence usually qualifies a noun («پیگیری مستمر»); only the
            # adverbial «به صورت مستمر» / «مستمراً» reads as a deadline.
            for m in pattern.finditer(folded):
                if re.match(r"(?:به|مستمرا)", m.group()):
                    return text[m.start() : m.end()].strip()
            continue
        found = pattern.search(folded)
        if found:
            return text[found.start() : found.end()].strip()
    return None


def describe_deadline(deadline: Deadline) -> str:
    """Short Persian description for display, e.g. «۴ روز (تا ۱۴۰۱/۰۴/۱۳)»."""
    if deadline.due_date is None:
        return normalise(deadline.raw)
    due = JalaliDate.from_gregorian(deadline.due_date).display()
    return f"{normalise(deadline.raw)} (تا {due})"


# --- Validation (every form, the API and the importer's preview) ---------------------------------

DEADLINE_EXAMPLE: Final = "مثلاً ۱۴۰۳/۰۵/۳۰، «۱۰ روز»، «هفته جاری»، «اسرع وقت» یا «مستمر»"

# What looks like a date written in digits: y/m/d with one separator («۱۴۰۳/۱۳/۴۰», «1403-13-40»,
# «۱۴۰۳.۱۳.۴۰»), or two numbers with a slash («۱۴۰۳/۱۲», «۱۳/۴۰»), which no phrase uses.
_DATE_LIKE_RE: Final = re.compile(
    # Not a piece of a longer run such as a letter number «۲۱/۲۵/۲۷۴۱/۳» (as jalali's own pattern).
    r"(?<![0-9/.\-])(?P<a>[0-9]{1,4}) *(?P<sep>[/\-.]) *(?P<b>[0-9]{1,2}) *(?P=sep) *(?P<c>[0-9]{1,4})"
    r"(?![0-9])(?! *[/.\-] *[0-9])"
    r"|(?<![0-9/.\-])[0-9]{1,4} */ *[0-9]{1,4}(?![0-9])(?! *[/.\-] *[0-9])(?! *(?:روز|هفته|ماه|ساعت))"
)
# «بدون مهلت», «ندارد», «-»: the person says on purpose there is no deadline.
_NO_DEADLINE_RE: Final = _rx(r"^(?:⟨B⟩(?:بدون +مهلت|فاقد +مهلت|ندارد|مهلت +ندارد)⟨E⟩|[-–—ـ]+)$")


class DeadlineError(ValueError):
    """A deadline that must not be saved: a date that does not exist or cannot be read.

    ``message`` is Persian, written for the person who typed ``raw``.
    """

    def __init__(self, raw: str, message: str) -> None:
        super().__init__(message)
        self.raw = raw
        self.message = message


def _date_problem(raw: str, text: str, meeting_date: datetime.date | None) -> str | None:
    """Why the date in ``text`` (folded, normalised) cannot be a deadline, or None when it is a
    real day (or no date is written at all)."""
    latin = to_latin_digits(text)
    shown = to_persian_digits(raw)
    m = _DATE_LIKE_RE.search(latin)
    if m is not None and m.group("sep") is None:
        return f"تاریخ «{shown}» کامل نیست؛ سال، ماه و روز را بنویسید ({DEADLINE_EXAMPLE})."
    if m is not None:
        a, b, c = (int(m.group(g)) for g in ("a", "b", "c"))
        # Year first as minutes write it («۱۴۰۳/۰۵/۳۰»); a day-first date («۳۰/۰۵/۱۴۰۳») is read too.
        year, month, day = (a, b, c) if len(m.group("a")) >= 3 or a > 31 else (c, b, a)
        if not 1 <= month <= 12:
            return (
                f"تاریخ «{shown}» در تقویم شمسی وجود ندارد: ماه «{to_persian_digits(str(month))}» نداریم "
                f"(ماه از ۱ تا ۱۲ است). تاریخ را درست کنید ({DEADLINE_EXAMPLE})."
            )
        if 1200 <= year <= 1699:
            length = month_length(year, month)
            if not 1 <= day <= length:
                leap = "" if month != 12 else (" (سال کبیسه)" if is_leap_year(year) else " (سال غیرکبیسه)")
                return (
                    f"تاریخ «{shown}» در تقویم شمسی وجود ندارد: {MONTHS_FA[month - 1]} "
                    f"{to_persian_digits(str(year))}{leap} {to_persian_digits(str(length))} روز دارد. "
                    f"تاریخ را درست کنید ({DEADLINE_EXAMPLE})."
                )
    reference_year = _jalali(meeting_date).year if meeting_date else None
    for parsed in find_jalali_dates(text, reference_year=reference_year):
        if parsed.date is not None:
            continue
        problems = [w for w in parsed.warnings if "مشخص نیست" not in w]
        if problems:
            # The parser's own words («... در تقویم شمسی وجود ندارد.», «سال ... میلادی به نظر می‌رسد»).
            return f"{problems[0]} تاریخ را درست کنید ({DEADLINE_EXAMPLE})."
    if m is not None and parse_deadline(raw, meeting_date).kind == DeadlineKind.NONE:
        # Shaped like a date, a real day, and still not read (a year out of range, say).
        return f"تاریخ «{shown}» خوانده نشد؛ آن را به شکل ۱۴۰۳/۰۵/۳۰ بنویسید."
    return None


def validate_deadline(
    raw: str | None, meeting_date: datetime.date | None = None, *, calendar: WorkingCalendar | None = None
) -> Deadline:
    """:func:`parse_deadline`, refusing what it would quietly turn into «no deadline».

    The one check every path that takes a deadline runs (the edit form, the hand-entry form,
    the import preview and the API). Raises :class:`DeadlineError` with a Persian message for a
    date that does not exist («۱۴۰۳/۱۳/۴۰», «۱۴۰۲/۱۲/۳۰» in a common year, «۳۱ مهر ۱۴۰۳») or a
    date-like text that is not a whole date («۱۴۰۳/۱۲»). Empty text, «بدون مهلت» or «-» is no
    deadline; a phrase it knows («۴ روز», «هفته جاری», «اسرع وقت», «مستمر») or a real date is
    parsed; any other wording (minutes write «پس از تخصیص اعتبار») is kept as written without a
    due date, as before. A date written without its year («۳۰ اسفند») is checked against the
    meeting's year when ``meeting_date`` is given, and only for the day being possible at all
    otherwise.
    """
    raw = (raw or "").strip()
    if not raw:
        return Deadline("", DeadlineKind.NONE, None)
    text = fold(normalise(raw))
    if _NO_DEADLINE_RE.match(text.strip()):
        return Deadline(raw, DeadlineKind.NONE, None)
    problem = _date_problem(raw, text, meeting_date)
    if problem is not None:
        raise DeadlineError(raw, problem)
    return parse_deadline(raw, meeting_date, calendar=calendar)
