"""Tests for qarargah.persian.jalali: conversion, arithmetic, parsing and formatting."""

from __future__ import annotations

import datetime

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qarargah.persian import (
    MONTHS_FA,
    WEEKDAYS_FA,
    DateParse,
    JalaliDate,
    find_jalali_dates,
    format_jalali,
    is_leap_year,
    is_valid_jalali,
    jalali_iso,
    month_length,
    parse_jalali_date,
    parse_jalali_iso,
    to_persian_digits,
    week_end_friday,
)

# Gregorian days covering Jalali 1300–1500 roughly; used to draw random valid Jalali dates.
gregorian_dates = st.dates(min_value=datetime.date(1921, 3, 21), max_value=datetime.date(2121, 3, 20))
jalali_dates = gregorian_dates.map(JalaliDate.from_gregorian)


def test_every_day_1300_1500_round_trips() -> None:
    """Every valid Jalali day maps to the next Gregorian day and back, with no gaps."""
    expected = JalaliDate(1300, 1, 1).to_gregorian()
    one_day = datetime.timedelta(days=1)
    count = 0
    for year in range(1300, 1501):
        for month in range(1, 13):
            for day in range(1, month_length(year, month) + 1):
                j = JalaliDate(year, month, day)
                g = j.to_gregorian()
                assert g == expected, j
                assert JalaliDate.from_gregorian(g) == j
                expected = g + one_day
                count += 1
    assert count == (JalaliDate(1501, 1, 1).to_gregorian() - JalaliDate(1300, 1, 1).to_gregorian()).days


def test_leap_years_agree_with_jdatetime() -> None:
    for year in range(1300, 1501):
        leap = jdatetime.date(year, 1, 1).isleap()
        assert is_leap_year(year) == leap
        assert month_length(year, 12) == (30 if leap else 29)
        assert is_valid_jalali(year, 12, 30) == leap


def test_known_leap_years() -> None:
    assert [y for y in range(1395, 1412) if is_leap_year(y)] == [1395, 1399, 1403, 1408]


def test_month_lengths() -> None:
    assert [month_length(1401, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert month_length(1403, 12) == 30
    with pytest.raises(ValueError):
        month_length(1401, 13)


@pytest.mark.parametrize(
    ("y", "m", "d", "ok"),
    [
        (1401, 1, 24, True),
        (1401, 13, 1, False),
        (1401, 1, 32, False),
        (1401, 7, 31, False),
        (1401, 12, 30, False),
        (1403, 12, 30, True),
        (1401, 0, 1, False),
        (1401, 1, 0, False),
    ],
)
def test_is_valid_jalali(y: int, m: int, d: int, ok: bool) -> None:
    assert is_valid_jalali(y, m, d) is ok


def test_known_dates_from_the_minutes() -> None:
    j = JalaliDate(1401, 1, 24)
    assert j.to_gregorian() == datetime.date(2022, 4, 13)
    assert j.weekday_name() == "چهارشنبه"  # the minutes say «چهارشنبه»
    assert j.isoformat() == "1401-01-24"
    assert j.display() == "۱۴۰۱/۰۱/۲۴"
    assert str(j) == "۱۴۰۱/۰۱/۲۴"
    assert j.month_name() == "فروردین"
    assert JalaliDate(1401, 4, 9).weekday_name() == "پنجشنبه"
    assert JalaliDate.from_gregorian(datetime.date(2024, 3, 5)) == JalaliDate(1402, 12, 15)
    assert JalaliDate.from_gregorian(datetime.datetime(2022, 4, 13, 23, 59)) == j


def test_invalid_jalali_date_raises() -> None:
    with pytest.raises(ValueError, match="وجود ندارد"):
        JalaliDate(1401, 12, 30)


def test_weekdays_and_months() -> None:
    assert WEEKDAYS_FA == ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")
    assert len(MONTHS_FA) == 12 and MONTHS_FA[0] == "فروردین" and MONTHS_FA[-1] == "اسفند"
    saturday = JalaliDate.from_gregorian(datetime.date(2024, 3, 2))
    assert saturday.weekday() == 0 and saturday.weekday_name() == "شنبه"


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ((1401, 6, 31), 1, (1401, 7, 30)),
        ((1401, 4, 9), 1, (1401, 5, 9)),
        ((1401, 11, 30), 1, (1401, 12, 29)),
        ((1402, 11, 30), 1, (1402, 12, 29)),
        ((1403, 11, 30), 1, (1403, 12, 30)),
        ((1401, 12, 15), 1, (1402, 1, 15)),
        ((1401, 1, 31), -1, (1400, 12, 29)),
        ((1401, 5, 10), 12, (1402, 5, 10)),
        ((1401, 5, 10), 0, (1401, 5, 10)),
    ],
)
def test_add_months(start: tuple[int, int, int], n: int, expected: tuple[int, int, int]) -> None:
    assert JalaliDate(*start).add_months(n) == JalaliDate(*expected)


def test_add_days() -> None:
    assert JalaliDate(1401, 12, 29).add_days(1) == JalaliDate(1402, 1, 1)
    assert JalaliDate(1403, 12, 29).add_days(1) == JalaliDate(1403, 12, 30)
    assert JalaliDate(1401, 1, 1).add_days(-1) == JalaliDate(1400, 12, 29)


@given(jalali_dates, st.integers(min_value=-36, max_value=36))
def test_add_months_property(j: JalaliDate, n: int) -> None:
    out = j.add_months(n)
    assert (out.year * 12 + out.month) - (j.year * 12 + j.month) == n
    assert out.day == min(j.day, month_length(out.year, out.month))


@given(gregorian_dates, st.integers(min_value=-1000, max_value=1000))
def test_add_days_property(g: datetime.date, n: int) -> None:
    assert JalaliDate.from_gregorian(g).add_days(n).to_gregorian() == g + datetime.timedelta(days=n)


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۴۰۱/۰۱/۲۴", (1401, 1, 24)),
        ("۱۴۰۲/۷/۲۹", (1402, 7, 29)),
        ("1401-4-15", (1401, 4, 15)),
        ("۱۴۰۱.۰۴.۰۹", (1401, 4, 9)),
        ("١٤٠١/٠٤/٠٩", (1401, 4, 9)),
        ("۱۵/۰۲/۱۴۰۳", (1403, 2, 15)),
        ("۹۹/۰۲/۰۳", (1399, 2, 3)),
        ("۲۱ آبان‌ماه ۱۴۰۲", (1402, 8, 21)),
        ("۲۱ آبان ۱۴۰۲", (1402, 8, 21)),
        ("۵ اردیبهشت ماه ۱۴۰۳", (1403, 2, 5)),
        ("بیست و یکم آبان ۱۴۰۲", (1402, 8, 21)),
        ("اول مهر ۱۴۰۲", (1402, 7, 1)),
        ("۱۰ امرداد ۱۴۰۱", (1401, 5, 10)),
        ("۳ دی ۱۴۰۲", (1402, 10, 3)),
        ("۱۴۰۳/۱۲/۳۰", (1403, 12, 30)),
        ("مورخ ۱۴۰۱/۰۴/۰۹", (1401, 4, 9)),
    ],
)
def test_parse_jalali_date(text: str, expected: tuple[int, int, int]) -> None:
    result = parse_jalali_date(text)
    assert result.date == JalaliDate(*expected)
    assert result.warnings == ()
    assert result.span is not None


def test_parse_span_points_into_input() -> None:
    text = "مورخ ۱۴۰۱/۰۴/۰۹ برگزار"
    result = parse_jalali_date(text)
    assert result.span is not None
    assert text[result.span[0] : result.span[1]] == "۱۴۰۱/۰۴/۰۹"


def test_parse_ambiguous_two_digit_year_first() -> None:
    result = parse_jalali_date("۰۲/۰۳/۰۸")
    assert result.date == JalaliDate(1402, 3, 8)
    assert result.warnings == ("تاریخ «۰۲/۰۳/۰۸» مبهم است؛ به صورت سال/ماه/روز (۱۴۰۲/۰۳/۰۸) خوانده شد.",)
    result = parse_jalali_date("۰۸/۰۳/۰۲")
    assert result.date == JalaliDate(1408, 3, 2)
    assert len(result.warnings) == 1 and "مبهم" in result.warnings[0]


def test_parse_ambiguous_falls_back_to_day_first_when_only_that_is_valid() -> None:
    # Year-first would be 1415/12/30, which does not exist (1415 is not leap).
    assert not is_leap_year(1415)
    result = parse_jalali_date("۱۵/۱۲/۳۰")
    assert result.date == JalaliDate(1430, 12, 15)
    assert result.warnings == ("تاریخ «۱۵/۱۲/۳۰» مبهم است؛ به صورت روز/ماه/سال (۱۴۳۰/۱۲/۱۵) خوانده شد.",)


def test_parse_ambiguous_uses_reference_year() -> None:
    assert parse_jalali_date("۰۸/۰۳/۰۲", reference_year=1402).date == JalaliDate(1402, 3, 8)


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("۱۴۰۱/۱۳/۰۱", "ماه «۱۳» در تاریخ «۱۴۰۱/۱۳/۰۱» معتبر نیست."),
        ("۱۴۰۱/۰۱/۳۲", "تاریخ «۱۴۰۱/۰۱/۳۲» (۱۴۰۱/۰۱/۳۲) در تقویم شمسی وجود ندارد."),
        ("۱۴۰۱/۱۲/۳۰", "تاریخ «۱۴۰۱/۱۲/۳۰» (۱۴۰۱/۱۲/۳۰) در تقویم شمسی وجود ندارد."),
        ("2023/04/13", "سال «۲۰۲۳» در «۲۰۲۳/۰۴/۱۳» میلادی به نظر می‌رسد؛ تاریخ شمسی خوانده نشد."),
        ("۱۳/۰۴/۲۰۲۲", "سال «۲۰۲۲» در «۱۳/۰۴/۲۰۲۲» میلادی به نظر می‌رسد؛ تاریخ شمسی خوانده نشد."),
        ("۲۱ آبان", "سال تاریخ «۲۱ آبان» مشخص نیست."),
        ("امروز", "تاریخ «امروز» شناخته نشد."),
        ("", "تاریخ «» شناخته نشد."),
    ],
)
def test_parse_invalid_dates(text: str, warning: str) -> None:
    result = parse_jalali_date(text)
    assert result.date is None
    assert result.warnings == (warning,)


def test_parse_month_name_with_reference_year() -> None:
    assert parse_jalali_date("۲۱ آبان", reference_year=1402).date == JalaliDate(1402, 8, 21)


FORMATS = [
    "{y}/{m:02d}/{d:02d}",
    "{y}/{m}/{d}",
    "{y}-{m}-{d}",
    "{y}.{m:02d}.{d:02d}",
    "{d:02d}/{m:02d}/{y}",
    "{d} {month} {y}",
    "{d} {month}\u200cماه {y}",
    "{d} {month} ماه {y}",
    "روز شنبه مورخ {y}/{m}/{d} رأس ساعت ۹",
]


@given(jalali_dates, st.sampled_from(FORMATS), st.booleans())
def test_parse_round_trips_formats(j: JalaliDate, fmt: str, persian: bool) -> None:
    text = fmt.format(y=j.year, m=j.month, d=j.day, month=j.month_name())
    if persian:
        text = to_persian_digits(text)
    result = parse_jalali_date(text)
    assert result == DateParse(j, (), result.span)
    assert result.gregorian == j.to_gregorian()


def test_find_dates_in_header_row() -> None:
    row = "۱۴۰۱/۰۱/۲۴\tچهارشنبه\t۱۴/۳۰\tسالن جلسات شهدای دولت\t۲۱/۲۵/۲۷۴۱\t۱۴۰۱/۰۱/۲۲"
    found = find_jalali_dates(row)
    assert [f.date for f in found] == [JalaliDate(1401, 1, 24), JalaliDate(1401, 1, 22)]
    assert [row[f.span[0] : f.span[1]] for f in found if f.span] == ["۱۴۰۱/۰۱/۲۴", "۱۴۰۱/۰۱/۲۲"]


def test_find_dates_in_body_text() -> None:
    text = "روز شنبه مورخ ۱۴۰۲/۷/۲۹ رأس ساعت ۹ صبح و جلسه بعد ۵ آبان ۱۴۰۲"
    found = find_jalali_dates(text)
    assert [f.date for f in found] == [JalaliDate(1402, 7, 29), JalaliDate(1402, 8, 5)]
    assert text[found[0].span[0] : found[0].span[1]] == "۱۴۰۲/۷/۲۹"  # type: ignore[index]


def test_find_dates_reports_invalid_but_skips_letter_numbers() -> None:
    found = find_jalali_dates("شماره ۲۱/۲۵/۲۷۴۱ مورخ ۱۴۰۱/۱۲/۳۰")
    assert len(found) == 1
    assert found[0].date is None and "وجود ندارد" in found[0].warnings[0]
    assert find_jalali_dates("ساعت ۱۴/۳۰ و ماده ۱۶") == []


# --- formatting and forms --------------------------------------------------------------------


def test_format_jalali() -> None:
    assert format_jalali(datetime.date(2022, 4, 13)) == "۱۴۰۱/۰۱/۲۴"
    assert format_jalali(datetime.date(2022, 4, 13), persian_digits=False) == "1401/01/24"
    moment = datetime.datetime(2022, 4, 13, 14, 30)
    assert format_jalali(moment) == "۱۴۰۱/۰۱/۲۴"
    assert format_jalali(moment, with_time=True) == "۱۴۰۱/۰۱/۲۴ ساعت ۱۴:۳۰"
    # Aware datetimes are shown in Tehran time (UTC+4:30 in April 2022, when Iran still had DST).
    utc = datetime.datetime(2022, 4, 13, 20, 0, tzinfo=datetime.UTC)
    assert format_jalali(utc, with_time=True, persian_digits=False) == "1401/01/25 ساعت 00:30"


def test_jalali_iso_and_parse() -> None:
    assert jalali_iso(datetime.date(2022, 4, 13)) == "1401-01-24"
    for value in ("1401-01-24", "1401/1/24", "۱۴۰۱/۰۱/۲۴", " ۱۴۰۱-۱-۲۴ "):
        assert parse_jalali_iso(value) == datetime.date(2022, 4, 13)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "تاریخ «» قابل خواندن نیست؛ آن را به شکل ۱۴۰۱/۰۱/۲۴ وارد کنید."),
        ("فردا", "تاریخ «فردا» قابل خواندن نیست؛ آن را به شکل ۱۴۰۱/۰۱/۲۴ وارد کنید."),
        ("24/01/1401", "تاریخ «24/01/1401» قابل خواندن نیست؛ آن را به شکل ۱۴۰۱/۰۱/۲۴ وارد کنید."),
        ("1401-13-01", "تاریخ «۱۴۰۱-۱۳-۰۱» در تقویم شمسی وجود ندارد."),
        ("1401/12/30", "تاریخ «۱۴۰۱/۱۲/۳۰» در تقویم شمسی وجود ندارد."),
        ("2022-04-13", "سال «۲۰۲۲» معتبر نیست؛ تاریخ را به شمسی وارد کنید."),
    ],
)
def test_parse_jalali_iso_errors(value: str, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_jalali_iso(value)
    assert str(excinfo.value) == message


@given(gregorian_dates)
def test_jalali_iso_round_trip(g: datetime.date) -> None:
    assert parse_jalali_iso(jalali_iso(g)) == g
    assert parse_jalali_iso(format_jalali(g)) == g


def test_week_end_friday_examples() -> None:
    assert week_end_friday(datetime.date(2022, 4, 13)) == datetime.date(2022, 4, 15)  # Wed → Fri
    assert week_end_friday(datetime.date(2022, 4, 15)) == datetime.date(2022, 4, 15)  # Fri → itself
    assert week_end_friday(datetime.date(2022, 4, 16)) == datetime.date(2022, 4, 22)  # Sat → next Fri


@given(gregorian_dates)
def test_week_end_friday_property(g: datetime.date) -> None:
    friday = week_end_friday(g)
    assert friday.weekday() == 4
    assert 0 <= (friday - g).days <= 6
    # Same Iranian week: Saturday start is on or before g.
    assert JalaliDate.from_gregorian(friday - datetime.timedelta(days=6)).weekday_name() == "شنبه"


def test_parse_ambiguous_reads_the_reading_nearest_the_reference_year() -> None:
    # An invitation dated day-first with a two-digit year, beside a 1402 meeting.
    result = parse_jalali_date("۲۵/۰۲/۰۲", reference_year=1402)
    assert result.date == JalaliDate(1402, 2, 25)
    assert result.warnings == ("تاریخ «۲۵/۰۲/۰۲» مبهم است؛ به صورت روز/ماه/سال (۱۴۰۲/۰۲/۲۵) خوانده شد.",)
    # Equally near: year first, as without a reference.
    assert parse_jalali_date("۰۲/۰۳/۰۸", reference_year=1405).date == JalaliDate(1402, 3, 8)
