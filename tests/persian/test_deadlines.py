"""Tests for qarargah.persian.deadlines: deadline cells and phrases in sentences."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qarargah.persian import (
    Deadline,
    DeadlineKind,
    JalaliDate,
    describe_deadline,
    find_deadline_in_text,
    month_length,
    parse_deadline,
    to_persian_digits,
)
from qarargah.persian.numbers import words_to_int
from qarargah.persian.workdays import WorkingCalendar

# 1401/04/09, a Thursday: the twelfth meeting in the samples.
MEETING = datetime.date(2022, 6, 30)
meeting_dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2060, 12, 31))


def _j(y: int, m: int, d: int) -> datetime.date:
    return JalaliDate(y, m, d).to_gregorian()


@pytest.mark.parametrize(
    ("raw", "amount", "unit", "due"),
    [
        ("۴ روز", 4, "day", _j(1401, 4, 13)),
        ("چهار روز", 4, "day", _j(1401, 4, 13)),
        ("ظرف مدت ۱۰ روز", 10, "day", _j(1401, 4, 19)),
        ("ده روز", 10, "day", _j(1401, 4, 19)),
        ("۱۵ روز آینده", 15, "day", _j(1401, 4, 24)),
        ("یک هفته", 1, "week", _j(1401, 4, 16)),
        ("دو هفته", 2, "week", _j(1401, 4, 23)),
        ("یک ماه", 1, "month", _j(1401, 5, 9)),
        ("سه ماه", 3, "month", _j(1401, 7, 9)),
        ("يك ماه", 1, "month", _j(1401, 5, 9)),
        ("4 روز", 4, "day", _j(1401, 4, 13)),
        ("حداکثر ظرف ۴۸ ساعت", 2, "day", _j(1401, 4, 11)),
    ],
)
def test_relative(raw: str, amount: int, unit: str, due: datetime.date) -> None:
    assert parse_deadline(raw, MEETING) == Deadline(raw, DeadlineKind.RELATIVE, due, (), amount, unit)


def test_relative_without_meeting_date_has_no_due() -> None:
    assert parse_deadline("یک ماه", None) == Deadline("یک ماه", DeadlineKind.RELATIVE, None, (), 1, "month")


def test_working_days_skip_fridays() -> None:
    # Sunday 1405/09/15: no holiday in the next two weeks, so only the Friday is skipped.
    result = parse_deadline("ظرف ۷ روز کاری", _j(1405, 9, 15))
    assert result.kind is DeadlineKind.RELATIVE and result.warnings == ()
    assert (result.amount, result.unit) == (7, "day")
    assert result.due_date == _j(1405, 9, 23)


def test_working_days_skip_official_holidays_lunar_ones_included() -> None:
    # From Saturday 1403/12/25: the oil-nationalisation day, the year's last day, Nowruz and
    # Eid al-Fitr (lunar) fall inside, besides three Fridays; calendar days would give 1404/01/15.
    assert parse_deadline("۱۰ روز", _j(1403, 12, 25)).due_date == _j(1404, 1, 5)
    assert parse_deadline("۱۰ روز کاری", _j(1403, 12, 25)).due_date == _j(1404, 1, 16)


def test_the_administrators_amendments_move_working_days() -> None:
    meeting = _j(1405, 9, 15)
    closed = WorkingCalendar.amended(closed=[_j(1405, 9, 16)])  # a day closed for air pollution
    assert parse_deadline("۲ روز کاری", meeting, calendar=closed).due_date == _j(1405, 9, 18)
    # A listed holiday that was worked after all (1405/10/02 is one in the package's list).
    holiday = _j(1405, 10, 2)
    assert not WorkingCalendar().is_working_day(holiday)
    assert WorkingCalendar.amended(open=[holiday]).is_working_day(holiday)


def test_working_weeks_are_counted_as_calendar_weeks_with_a_warning() -> None:
    result = parse_deadline("دو هفته کاری", MEETING)
    assert result.due_date == MEETING + datetime.timedelta(weeks=2)
    assert result.warnings == ("«کاری» در «دو هفته کاری» فقط برای روز معنا دارد؛ به صورت تقویمی حساب شد.",)


def test_an_absurd_number_of_working_days_is_out_of_range_not_slow() -> None:
    result = parse_deadline("۹۹۹۹۹۹ روز کاری", MEETING)
    assert result.due_date is None
    assert result.warnings == ("مهلت «۹۹۹۹۹۹ روز کاری» خارج از محدوده تقویم است.",)


def test_month_clamps_to_month_end() -> None:
    assert parse_deadline("یک ماه", _j(1401, 6, 31)).due_date == _j(1401, 7, 30)
    assert parse_deadline("یک ماه", _j(1401, 11, 30)).due_date == _j(1401, 12, 29)


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        ("۱۴۰۱/۰۵/۳۰", _j(1401, 5, 30)),
        ("تا ۱۴۰۱/۵/۳۰", _j(1401, 5, 30)),
        ("۳۰ مرداد ۱۴۰۱", _j(1401, 5, 30)),
        ("۳۰ مرداد", _j(1401, 5, 30)),
        ("1401-05-30", _j(1401, 5, 30)),
        ("پایان خرداد ۱۴۰۲", _j(1402, 3, 31)),
        ("تا پایان خرداد ماه ۱۴۰۲", _j(1402, 3, 31)),
        ("تا پایان سال", _j(1401, 12, 29)),
        ("پایان ماه", _j(1401, 4, 31)),
        ("تا پایان شهریور", _j(1401, 6, 31)),
    ],
)
def test_date(raw: str, due: datetime.date) -> None:
    assert parse_deadline(raw, MEETING) == Deadline(raw, DeadlineKind.DATE, due)


def test_date_without_year_before_meeting_means_next_year() -> None:
    result = parse_deadline("۱ فروردین", MEETING)
    assert result.kind is DeadlineKind.DATE and result.due_date == _j(1402, 1, 1)
    assert result.warnings == ("سال مهلت «۱ فروردین» ذکر نشده بود؛ ۱۴۰۲/۰۱/۰۱ در نظر گرفته شد.",)
    assert parse_deadline("پایان خرداد", MEETING).due_date == _j(1402, 3, 31)


def test_explicit_date_before_meeting_warns() -> None:
    result = parse_deadline("۱۴۰۱/۰۴/۰۷", MEETING)
    assert result.kind is DeadlineKind.DATE and result.due_date == _j(1401, 4, 7)
    assert result.warnings == ("مهلت «۱۴۰۱/۰۴/۰۷» پیش از تاریخ جلسه است.",)


def test_invalid_date_is_not_a_deadline() -> None:
    result = parse_deadline("۱۴۰۱/۱۲/۳۰", MEETING)
    assert result.kind is DeadlineKind.NONE and result.due_date is None
    assert result.warnings == ("تاریخ «۱۴۰۱/۱۲/۳۰» (۱۴۰۱/۱۲/۳۰) در تقویم شمسی وجود ندارد.",)


@pytest.mark.parametrize("raw", ["هفته جاری", "همین هفته", "تا پایان هفته", "در هفته جاری"])
def test_this_week(raw: str) -> None:
    # The meeting is on Thursday 1401/04/09; its week ends on Friday 1401/04/10.
    assert parse_deadline(raw, MEETING) == Deadline(raw, DeadlineKind.THIS_WEEK, _j(1401, 4, 10))
    assert parse_deadline(raw, None).due_date is None


@pytest.mark.parametrize(
    "raw", ["اسرع وقت", "در اسرع وقت", "فوری", "فوراً", "فورا", "با قید فوریت", "در اسرع وقت ممکن"]
)
def test_asap(raw: str) -> None:
    assert parse_deadline(raw, MEETING) == Deadline(raw, DeadlineKind.ASAP, None)


@pytest.mark.parametrize("raw", ["مستمر", "دائمی", "به صورت مستمر", "دائم", "بصورت مستمر"])
def test_continuous(raw: str) -> None:
    assert parse_deadline(raw, MEETING) == Deadline(raw, DeadlineKind.CONTINUOUS, None)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty(raw: str | None) -> None:
    assert parse_deadline(raw, MEETING) == Deadline("", DeadlineKind.NONE, None)


@pytest.mark.parametrize("raw", ["چند روز", "پس از تصویب", "همزمان با اجرای طرح"])
def test_unrecognised(raw: str) -> None:
    assert parse_deadline(raw, MEETING) == Deadline(
        raw, DeadlineKind.NONE, None, (f"مهلت «{raw}» شناخته نشد.",)
    )


def test_raw_is_stripped_but_kept() -> None:
    assert parse_deadline("  يك ماه \n", MEETING).raw == "يك ماه"


# --- property tests over random meeting dates ------------------------------------------------

_DAY_WORDS = ["یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "پانزده", "بیست"]


@given(meeting_dates, st.integers(1, 400), st.booleans())
def test_relative_days_are_exact(meeting: datetime.date, n: int, persian: bool) -> None:
    raw = to_persian_digits(f"{n} روز") if persian else f"ظرف مدت {n} روز"
    result = parse_deadline(raw, meeting)
    assert result.kind is DeadlineKind.RELATIVE and result.amount == n and result.unit == "day"
    assert result.due_date == meeting + datetime.timedelta(days=n)


@given(meeting_dates, st.sampled_from(_DAY_WORDS))
def test_relative_weeks_in_words(meeting: datetime.date, word: str) -> None:
    result = parse_deadline(f"{word} هفته", meeting)
    n = words_to_int(word)
    assert n is not None
    assert result.due_date == meeting + datetime.timedelta(weeks=n)


@given(meeting_dates, st.integers(1, 24))
def test_relative_months_land_on_same_or_clamped_day(meeting: datetime.date, n: int) -> None:
    result = parse_deadline(f"{n} ماه", meeting)
    assert result.due_date is not None
    start, due = JalaliDate.from_gregorian(meeting), JalaliDate.from_gregorian(result.due_date)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == n
    if start.day <= month_length(due.year, due.month):
        assert due.day == start.day
    else:
        assert due.day == month_length(due.year, due.month)


@given(meeting_dates)
def test_this_week_is_friday_within_six_days(meeting: datetime.date) -> None:
    result = parse_deadline("هفته جاری", meeting)
    assert result.due_date is not None
    assert result.due_date.weekday() == 4  # Friday
    assert 0 <= (result.due_date - meeting).days <= 6


@given(meeting_dates, meeting_dates)
def test_explicit_dates_round_trip(meeting: datetime.date, target: datetime.date) -> None:
    raw = "تا " + JalaliDate.from_gregorian(target).display()
    result = parse_deadline(raw, meeting)
    assert result.kind is DeadlineKind.DATE and result.due_date == target


# --- finding deadlines in sentences ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("فرمانداران محترم نتایج را ظرف مدت چهار روز ارسال نمایند.", "ظرف مدت چهار روز"),
        ("گزارش اقدامات حداکثر تا ۱۴۰۱/۰۵/۳۰ به دبیرخانه ارسال شود.", "حداکثر تا ۱۴۰۱/۰۵/۳۰"),
        ("دستگاهها در اسرع وقت نسبت به تشکیل خانه ها اقدام نمایند.", "در اسرع وقت"),
        ("موضوع طی دو هفته آینده پیگیری شود.", "طی دو هفته آینده"),
        ("گزارش تا پایان خرداد ۱۴۰۲ ارائه شود.", "تا پایان خرداد ۱۴۰۲"),
        ("جلسات به صورت مستمر برگزار شود.", "به صورت مستمر"),
        ("میز خدمت در هفته جاری برگزار گردد.", "در هفته جاری"),
        # A specific date beats a vaguer phrase.
        ("در اسرع وقت و حداکثر تا تاریخ ۱۴۰۱/۰۶/۱۰ اقدام شود.", "حداکثر تا تاریخ ۱۴۰۱/۰۶/۱۰"),
    ],
)
def test_find_deadline_in_text(sentence: str, phrase: str) -> None:
    found = find_deadline_in_text(sentence)
    assert found == phrase
    assert parse_deadline(found, MEETING).kind is not DeadlineKind.NONE


@pytest.mark.parametrize(
    "sentence",
    [
        "بازدید از محلات هدف در یک هفته گذشته بیان شد.",
        "کلیه دستگاهها در روز چهارشنبه مورخ ۱۴۰۱/۴/۱۵ میز خدمت برگزار کنند.",
        "پیگیری مستمر مشکلات محله ضروری است.",
        "",
    ],
)
def test_find_deadline_in_text_none(sentence: str) -> None:
    assert find_deadline_in_text(sentence) is None


def test_describe_deadline() -> None:
    assert describe_deadline(parse_deadline("4 روز", MEETING)) == "۴ روز (تا ۱۴۰۱/۰۴/۱۳)"
    assert describe_deadline(parse_deadline("اسرع وقت", MEETING)) == "اسرع وقت"


def test_relative_off_the_calendar_warns() -> None:
    result = parse_deadline("۹۹۹۹۹۹۹ روز", MEETING)
    assert result.kind is DeadlineKind.RELATIVE and result.due_date is None and result.amount == 9_999_999
    assert result.warnings == ("مهلت «۹۹۹۹۹۹۹ روز» خارج از محدوده تقویم است.",)


_FUZZ_TOKENS = st.sampled_from(
    [
        "۱۴۰۱",
        "1401",
        "۱۲",
        "۳۰",
        "۰",
        "99999999",
        " ",
        "/",
        "-",
        ".",
        ":",
        "روز",
        "هفته",
        "ماه",
        "ساعت",
        "تا",
        "پایان",
        "آبان",
        "اسفند",
        "سال",
        "و",
        "بیست",
        "سومین",
        "صبح",
        "ظرف",
        "آینده",
        "حداکثر",
        "۲۹",
    ]
)


@given(st.lists(_FUZZ_TOKENS, max_size=10).map("".join), meeting_dates | st.none())
def test_parsers_never_raise(text: str, meeting: datetime.date | None) -> None:
    """Imports must not crash on odd cells: every parser returns a value for any input."""
    deadline = parse_deadline(text, meeting)
    describe_deadline(deadline)
    find_deadline_in_text(text)


@pytest.mark.parametrize("raw", ["ماهانه", "به صورت ماهانه", "هفتگی", "فصلی", "دوره‌ای"])
def test_periodic_phrases_are_continuous(raw: str) -> None:
    deadline = parse_deadline(raw, datetime.date(2024, 5, 1))
    assert deadline.kind == DeadlineKind.CONTINUOUS
    assert deadline.due_date is None
    assert deadline.warnings == ()


@pytest.mark.parametrize("raw", ["تا پایان هفته آینده", "هفته آینده", "آخر هفته بعد", "در طول هفته آتی"])
def test_next_week_is_the_friday_after_this_weeks(raw: str) -> None:
    # MEETING is Thursday 1401/04/09; its week ends Friday 1401/04/10, the next one 1401/04/17.
    d = parse_deadline(raw, MEETING)
    assert (d.kind, d.due_date, d.warnings) == (DeadlineKind.RELATIVE, datetime.date(2022, 7, 8), ())


def test_next_week_in_a_sentence_is_not_this_week() -> None:
    text = "شهرداری کرج تا پایان هفته آینده نسبت به پاکسازی معابر محله اقدام کند."
    assert find_deadline_in_text(text) == "تا پایان هفته آینده"


def test_a_number_of_weeks_ahead_stays_relative() -> None:
    assert parse_deadline("دو هفته آینده", MEETING).due_date == MEETING + datetime.timedelta(weeks=2)


# --- issue 16: deadlines in every phrasing ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "amount", "unit", "due"),
    [
        ("حداکثر طی ۷ روز آینده", 7, "day", _j(1401, 4, 16)),
        ("طی دو هفته", 2, "week", _j(1401, 4, 23)),
        ("ظرف یک ماه از تاریخ ابلاغ", 1, "month", _j(1401, 5, 9)),
        ("حداکثر ظرف ۱۰ روز پس از ابلاغ صورتجلسه", 10, "day", _j(1401, 4, 19)),
        ("طی سه هفته آتی", 3, "week", _j(1401, 4, 30)),
    ],
)
def test_relative_phrasings(raw: str, amount: int, unit: str, due: datetime.date) -> None:
    assert parse_deadline(raw, MEETING) == Deadline(raw, DeadlineKind.RELATIVE, due, amount=amount, unit=unit)


@pytest.mark.parametrize(
    ("raw", "due"),
    [
        # «سال جاری» is the meeting's own year even when the month has passed.
        ("تا پایان مهر ماه سال جاری", _j(1401, 7, 30)),
        ("تا پایان فروردین سال جاری", _j(1401, 1, 31)),
        ("پایان اسفند امسال", _j(1401, 12, 29)),
    ],
)
def test_end_of_month_this_year(raw: str, due: datetime.date) -> None:
    assert parse_deadline(raw, MEETING).due_date == due


@pytest.mark.parametrize(
    "raw",
    ["تا جلسه آینده", "حداکثر تا جلسه بعد", "قبل از برگزاری جلسه بعدی", "تا نشست آتی", "جلسه آینده شورا"],
)
def test_next_meeting_has_no_due_date_in_the_pure_layer(raw: str) -> None:
    d = parse_deadline(raw, MEETING)
    assert (d.kind, d.due_date, d.warnings) == (DeadlineKind.NEXT_MEETING, None, ())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("مقرر شد اتاق اصناف تا جلسه آینده نرخ‌نامه را به‌روز کند.", "تا جلسه آینده"),
        ("شهرداری ظرف یک ماه از تاریخ ابلاغ اقدام کند.", "ظرف یک ماه از تاریخ ابلاغ"),
        ("اداره حداکثر طی ۷ روز آینده اقدام کند.", "حداکثر طی ۷ روز آینده"),
        ("فهرست تا پایان مهر ماه سال جاری ارائه شود.", "تا پایان مهر ماه سال جاری"),
        # When a subject is discussed, or what the next meeting does, is not a deadline.
        ("موضوع مسکن در جلسه آینده بررسی شود.", None),
        ("جلسه آینده در فرمانداری برگزار شود.", None),
    ],
)
def test_issue_16_phrasings_in_a_sentence(text: str, found: str | None) -> None:
    assert find_deadline_in_text(text) == found
