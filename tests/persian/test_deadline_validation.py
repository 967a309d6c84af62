"""persian.validate_deadline: the one check every path that takes a deadline runs (issue 11, A.1)."""

from __future__ import annotations

import datetime

import pytest

from qarargah.persian import DeadlineError, DeadlineKind, validate_deadline

MEETING = datetime.date(2024, 5, 1)  # 1403/02/12


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("۱۴۰۳/۱۳/۴۰", "ماه «۱۳» نداریم"),
        ("1403-13-40", "ماه «۱۳» نداریم"),
        ("۱۴۰۳/۰۱/۳۲", "فروردین ۱۴۰۳ ۳۱ روز دارد"),
        ("۱۴۰۳/۰۷/۳۱", "مهر ۱۴۰۳ ۳۰ روز دارد"),
        ("1402/12/30", "اسفند ۱۴۰۲ (سال غیرکبیسه) ۲۹ روز دارد"),
        ("۳۱ مهر ۱۴۰۳", "در تقویم شمسی وجود ندارد"),
        ("۱۴۰۳/۱۲", "کامل نیست"),
        ("تا ۱۴۰۳/۱۳/۴۰", "ماه «۱۳» نداریم"),
        ("۲۰۲۴/۰۵/۰۱", "میلادی"),
    ],
)
def test_an_impossible_or_partial_date_is_refused_in_persian(raw, words):
    for meeting_date in (None, MEETING):
        with pytest.raises(DeadlineError) as caught:
            validate_deadline(raw, meeting_date)
        assert words in caught.value.message
        assert caught.value.raw == raw


def test_real_dates_pass_and_get_their_due_date():
    assert validate_deadline("۱۴۰۳/۰۲/۳۱", MEETING).due_date == datetime.date(2024, 5, 20)
    # 1403 is a leap year: Esfand has a 30th; 1402 is not.
    leap = validate_deadline("1403/12/30", MEETING)
    assert (leap.kind, leap.due_date) == (DeadlineKind.DATE, datetime.date(2025, 3, 20))
    assert validate_deadline("۳۰/۰۵/۱۴۰۳").due_date == datetime.date(2024, 8, 20)


@pytest.mark.parametrize(
    ("raw", "kind", "due"),
    [
        ("۴ روز", DeadlineKind.RELATIVE, datetime.date(2024, 5, 5)),
        ("هفته جاری", DeadlineKind.THIS_WEEK, datetime.date(2024, 5, 3)),
        ("اسرع وقت", DeadlineKind.ASAP, None),
        ("مستمر", DeadlineKind.CONTINUOUS, None),
        ("تا جلسه آینده", DeadlineKind.NEXT_MEETING, None),
    ],
)
def test_phrases_pass(raw, kind, due):
    deadline = validate_deadline(raw, MEETING)
    assert (deadline.kind, deadline.due_date) == (kind, due)


@pytest.mark.parametrize("raw", ["", "   ", None, "بدون مهلت", "-", "ندارد"])
def test_no_deadline_said_on_purpose_is_none_without_a_warning(raw):
    deadline = validate_deadline(raw, MEETING)
    assert deadline.kind == DeadlineKind.NONE and deadline.warnings == ()


def test_other_wording_is_kept_as_written_with_its_warning():
    # Minutes write such conditions; they are not dates, so they are not refused.
    deadline = validate_deadline("پس از تخصیص اعتبار", MEETING)
    assert deadline.kind == DeadlineKind.NONE and deadline.raw == "پس از تخصیص اعتبار"
    assert deadline.warnings


def test_a_date_without_its_year_is_checked_in_the_meetings_year():
    # Without a meeting the year is unknown, so «۳۰ اسفند» may be right; in 1402 it is not.
    assert validate_deadline("۳۰ اسفند").kind == DeadlineKind.NONE
    assert validate_deadline("۳۰ اسفند", MEETING).due_date == datetime.date(2025, 3, 20)
    with pytest.raises(DeadlineError):
        validate_deadline("۳۱ مهر", MEETING)


def test_a_letter_number_is_not_read_as_a_broken_date():
    # «۲۱/۲۵/۲۷۴۱/۳» is a reference number, not a date with month 25: kept as wording.
    assert validate_deadline("طبق نامه ۲۱/۲۵/۲۷۴۱/۳", MEETING).kind == DeadlineKind.NONE
