"""Deadline phrasings minutes use beyond a number of days or a date: parts of a month
(«تا نیمه اسفند»), parts of a year, fractions («۲.۵ ماه», «یک ماه و نیم»), counted from the
notice, «تا قبل از نوروز» and a month alone as a deadline cell (issue 16)."""

from __future__ import annotations

import datetime

import pytest

from qarargah.persian import (
    DeadlineKind,
    JalaliDate,
    find_deadline_in_text,
    parse_deadline,
    validate_deadline,
)

# 1402/09/10 (Azar).
MEETING = JalaliDate(1402, 9, 10).to_gregorian()


def _j(y: int, m: int, d: int) -> datetime.date:
    return JalaliDate(y, m, d).to_gregorian()


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("تا نیمه اسفند", _j(1402, 12, 15)),
        ("نیمه‌ی اسفند ماه", _j(1402, 12, 15)),
        ("تا اواسط بهمن", _j(1402, 11, 15)),
        ("اوایل دی ماه", _j(1402, 10, 10)),
        ("حداکثر تا اوائل دی", _j(1402, 10, 10)),
        ("اواخر آذر", _j(1402, 9, 30)),
        ("تا ابتدای بهمن", _j(1402, 11, 1)),
        ("تا نیمه اول اسفند", _j(1402, 12, 15)),  # not the date «اول اسفند»
        ("تا نیمه دوم اسفند", _j(1402, 12, 29)),
        ("تا دهه اول بهمن", _j(1402, 11, 10)),
        ("تا پایان دهه دوم بهمن", _j(1402, 11, 20)),
        ("تا نیمه خرداد ۱۴۰۳", _j(1403, 3, 15)),
        ("اواسط مهر", _j(1403, 7, 15)),  # a month already past: next year's
        ("اواسط مهر سال جاری", _j(1402, 7, 15)),
        ("اوایل فروردین سال آینده", _j(1403, 1, 10)),
        ("تا پایان سال", _j(1402, 12, 29)),
        ("تا پایان سال ۱۴۰۳", _j(1403, 12, 30)),
        ("تا پایان نیمه دوم سال جاری", _j(1402, 12, 29)),
        ("سه ماهه چهارم", _j(1402, 12, 29)),
        ("تا پایان فصل", _j(1402, 9, 30)),
        ("تا قبل از عید نوروز", _j(1402, 12, 29)),
        ("اسفند ماه", _j(1402, 12, 29)),
        ("در بهمن ۱۴۰۲", _j(1402, 11, 30)),
    ],
)
def test_parts_of_a_month_or_year_are_dates(raw: str, due: datetime.date) -> None:
    d = parse_deadline(raw, MEETING)
    assert (d.kind, d.due_date) == (DeadlineKind.DATE, due)


@pytest.mark.parametrize(
    ("raw", "days"),
    [
        ("۲.۵ ماه", 75),  # was read as five months
        ("۲/۵ ماه", 75),
        ("2٫5 ماه", 75),
        ("یک ماه و نیم", 45),
        ("ظرف دو ماه و نیم", 75),
        ("یک هفته و نیم", 11),
        ("۴۵ روزه", 45),
    ],
)
def test_fractions_are_counted_in_days(raw: str, days: int) -> None:
    d = parse_deadline(raw, MEETING)
    assert (d.kind, d.amount, d.unit) == (DeadlineKind.RELATIVE, days, "day")
    assert d.due_date == MEETING + datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("raw", "amount", "unit", "due"),
    [
        ("ظرف دو هفته", 2, "week", MEETING + datetime.timedelta(weeks=2)),
        ("حداکثر تا ۱۵ روز آینده", 15, "day", MEETING + datetime.timedelta(days=15)),
        ("حداکثر طی ۷ روز آینده", 7, "day", MEETING + datetime.timedelta(days=7)),
        ("یک ماه پس از ابلاغ", 1, "month", _j(1402, 10, 10)),
        ("تا آخر هفته آینده", 1, "week", datetime.date(2023, 12, 8)),
    ],
)
def test_relative_phrases(raw: str, amount: int, unit: str, due: datetime.date) -> None:
    d = parse_deadline(raw, MEETING)
    assert (d.kind, d.amount, d.unit, d.due_date) == (DeadlineKind.RELATIVE, amount, unit, due)


def test_a_fraction_of_a_month_is_a_valid_deadline_not_a_half_written_date() -> None:
    assert validate_deadline("۲/۵ ماه", MEETING).amount == 75


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("مقرر شد شهرداری تا نیمه اسفند گزارش را ارسال کند.", "تا نیمه اسفند"),
        ("مقرر شد اداره ورزش حداکثر تا ۱۵ روز آینده اقدام نماید.", "حداکثر تا ۱۵ روز آینده"),
        ("مقرر شد بهزیستی یک ماه پس از ابلاغ صورتجلسه فهرست را بفرستد.", "یک ماه پس از ابلاغ صورتجلسه"),
        ("مقرر شد طرح تا دهه اول بهمن اجرا شود.", "تا دهه اول بهمن"),
        ("مقرر شد جشنواره تا قبل از عید نوروز برگزار شود.", "تا قبل از عید نوروز"),
        ("مقرر شد گزارش تا پایان سه ماهه سوم سال ارائه شود.", "تا پایان سه ماهه سوم سال"),
        ("مقرر شد آمار ظرف ۲.۵ ماه تکمیل شود.", "ظرف ۲.۵ ماه"),
    ],
)
def test_phrases_inside_a_sentence(sentence: str, phrase: str) -> None:
    assert find_deadline_in_text(sentence) == phrase


@pytest.mark.parametrize(
    "sentence",
    [
        "در ایام نوروز مسابقات برگزار شود.",  # when, not by when
        "در دو هفته گذشته سه جلسه برگزار شد.",
        "مقرر شد جشن در اسفند ماه برگزار شود.",  # a month alone in a sentence is not read
    ],
)
def test_what_is_not_a_deadline_in_a_sentence(sentence: str) -> None:
    assert find_deadline_in_text(sentence) is None


def test_the_end_of_the_school_year_is_the_end_of_shahrivar() -> None:
    assert parse_deadline("تا پایان سال تحصیلی", MEETING).due_date == _j(1403, 6, 31)
    spring = JalaliDate(1402, 3, 10).to_gregorian()
    assert parse_deadline("تا پایان سال تحصیلی جاری", spring).due_date == _j(1402, 6, 31)


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("مقرر شد شهرداری گزارش تخلفات را در جلسه آینده ارائه کند.", "در جلسه آینده"),
        ("مقرر شد نتیجه در جلسه بعدی شورا گزارش شود.", "در جلسه بعدی"),
    ],
)
def test_what_is_brought_to_the_next_meeting_is_due_then(sentence: str, phrase: str) -> None:
    assert find_deadline_in_text(sentence) == phrase
    assert parse_deadline(phrase, MEETING).kind == DeadlineKind.NEXT_MEETING


def test_a_subject_for_the_next_meeting_is_no_deadline() -> None:
    assert find_deadline_in_text("مقرر شد موضوع در جلسه آینده بررسی شود.") is None


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("در هفته اول اسفند", _j(1402, 12, 7)),
        ("تا پایان هفته سوم بهمن", _j(1402, 11, 21)),
        ("هفته آخر دی ماه", _j(1402, 10, 30)),
        ("در اواسط بهمن", _j(1402, 11, 15)),
    ],
)
def test_weeks_of_a_month(raw: str, due: datetime.date) -> None:
    assert parse_deadline(raw, MEETING).due_date == due
    assert find_deadline_in_text(f"مقرر شد جشن {raw} برگزار گردد.") == raw
