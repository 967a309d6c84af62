"""Tests for qarargah.persian.times: clock times in cells and running text."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qarargah.persian import find_time, parse_time, to_persian_digits


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۴/۳۰", (14, 30)),
        ("۷/۳۰", (7, 30)),
        ("14:30", (14, 30)),
        ("۰۸:۰۵", (8, 5)),
        ("۸ صبح", (8, 0)),
        ("ساعت ۹ صبح", (9, 0)),
        ("۹:۳۰ صبح", (9, 30)),
        ("۴ بعدازظهر", (16, 0)),
        ("۴ بعد از ظهر", (16, 0)),
        ("۴ بعد‌ازظهر", (16, 0)),
        ("۴ عصر", (16, 0)),
        ("۱ ظهر", (13, 0)),
        ("۱۲ ظهر", (12, 0)),
        ("۱۰ شب", (22, 0)),
        ("ساعت ۱۰", (10, 0)),
        ("ساعت: ۱۴:۳۰", (14, 30)),
        ("۱۰ و ۳۰ دقیقه", (10, 30)),
        ("ساعت ده و نیم", (10, 30)),
        ("ساعت دو بعدازظهر", (14, 0)),
        ("٩:١٥", (9, 15)),
        ("  ۱۶  ", (16, 0)),
    ],
)
def test_parse_time(text: str, expected: tuple[int, int]) -> None:
    assert parse_time(text) == datetime.time(*expected)


@pytest.mark.parametrize(
    "text",
    ["", "سلام", "۲۵:۰۰", "۱۰:۶۰", "۲۴", "۱۴۰۱/۰۱/۲۴", "۲۱/۲۵/۲۷۴۱", "۱۴ صبح", "ساعت", "۱۰ و ۷۰ دقیقه"],
)
def test_parse_time_rejects(text: str) -> None:
    assert parse_time(text) is None


@given(
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["{h}:{m:02d}", "{h}/{m:02d}", "ساعت {h}:{m:02d}"]),
)
def test_parse_time_round_trip(h: int, m: int, fmt: str) -> None:
    assert parse_time(to_persian_digits(fmt.format(h=h, m=m))) == datetime.time(h, m)


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        ("روز شنبه مورخ ۱۴۰۲/۷/۲۹ رأس ساعت ۹ صبح", (9, 0), "۹ صبح"),
        ("دوازدهمین جلسه قرارگاه اجتماعی استان ساعت ۷/۳۰ روز پنجشنبه مورخ ۱۴۰۱/۰۴/۰۹", (7, 30), "۷/۳۰"),
        ("جلسه در ساعت کاری و از ساعت ۱۰ صبح آغاز شد", (10, 0), "۱۰ صبح"),
        ("جلسه ۱۴:۳۰ برگزار شد", (14, 30), "۱۴:۳۰"),
        ("جلسه ساعت ۱۴ الی ۱۶ برگزار شد", (14, 0), "۱۴"),
    ],
)
def test_find_time(text: str, expected: tuple[int, int], phrase: str) -> None:
    found = find_time(text)
    assert found is not None
    time, (start, end) = found
    assert time == datetime.time(*expected)
    assert text[start:end] == phrase


@pytest.mark.parametrize(
    "text",
    [
        "۱۴۰۱/۰۱/۲۴\tچهارشنبه\tسالن جلسات\t۲۱/۲۵/۲۷۴۱\t۱۴۰۱/۰۱/۲۲",
        "ساعت ۲۱/۲۵/۲۷۴۱",
        "شماره دعوتنامه ۲۱/۲۵",
        "سه شب اقامت",
        "مورخ ۱۴۰۱/۰۴/۰۹",
        "",
    ],
)
def test_find_time_ignores_dates_and_numbers(text: str) -> None:
    assert find_time(text) is None
