"""Tests for qarargah.persian.numbers: cardinal words, ordinals and ORDINAL_PATTERN."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qarargah.persian import ORDINAL_PATTERN, ordinal_to_int, words_to_int

_UNITS = ["", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_TEENS = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"]
_TENS = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
_HUNDREDS = ["", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]


def _below_1000(n: int) -> list[str]:
    parts = []
    if n >= 100:
        parts.append(_HUNDREDS[n // 100])
    rest = n % 100
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    else:
        if rest >= 20:
            parts.append(_TENS[rest // 10])
        if rest % 10:
            parts.append(_UNITS[rest % 10])
    return parts


def int_to_words(n: int) -> str:
    """Independent reference speller (standard written Persian) for round-trip tests."""
    parts: list[str] = []
    if n >= 1000:
        thousands = n // 1000
        parts.append(("" if thousands == 1 else " و ".join(_below_1000(thousands)) + " ") + "هزار")
    parts += _below_1000(n % 1000)
    return " و ".join(parts)


def int_to_ordinal(n: int) -> str:
    words = int_to_words(n)
    if words.endswith("سه"):
        return words[:-2] + "سومین"
    if words.endswith("سی"):
        return words + "\u200cامین"
    return words + "مین"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("یک", 1),
        ("یه", 1),
        ("ده", 10),
        ("یازده", 11),
        ("نوزده", 19),
        ("بیست", 20),
        ("نود", 90),
        ("صد", 100),
        ("یکصد", 100),
        ("دویست", 200),
        ("سیصد", 300),
        ("چهارصد", 400),
        ("هزار", 1000),
        ("بیست و سه", 23),
        ("صد و دوازده", 112),
        ("سه هزار و پانصد", 3500),
        ("دو هزار و بیست و یک", 2021),
        ("یک میلیون و دویست هزار", 1_200_000),
        ("بیست‌وسه", 23),
        ("يك", 1),  # Arabic yeh and kaf
        ("۱۰", 10),
        ("10", 10),
        ("٢٣", 23),
        ("  چهار  ", 4),
    ],
)
def test_words_to_int(text: str, expected: int) -> None:
    assert words_to_int(text) == expected


@pytest.mark.parametrize(
    "text", ["", "و", "سلام", "بیست سه", "سه و بیست", "بیست و", "چند", "۱۲الف", "هزار هزار"]
)
def test_words_to_int_rejects(text: str) -> None:
    assert words_to_int(text) is None


@given(st.integers(min_value=1, max_value=999_999))
def test_words_round_trip(n: int) -> None:
    assert words_to_int(int_to_words(n)) == n


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اول", 1),
        ("نخست", 1),
        ("نخستین", 1),
        ("یکم", 1),
        ("یکمین", 1),
        ("اولین", 1),
        ("دوم", 2),
        ("دومین", 2),
        ("سوم", 3),
        ("سومین", 3),
        ("چهارمین", 4),
        ("هفتم", 7),
        ("نهم", 9),
        ("دهمین", 10),
        ("دوازدهمین", 12),
        ("بیستمین", 20),
        ("بیست و سومین", 23),
        ("سی امین", 30),
        ("سی‌امین", 30),
        ("صدمین", 100),
        ("صد و یکم", 101),
        ("۲۳مین", 23),
        ("23امین", 23),
        ("۵ام", 5),
    ],
)
def test_ordinal_to_int(text: str, expected: int) -> None:
    assert ordinal_to_int(text) == expected


@pytest.mark.parametrize("text", ["", "سه", "یک", "۲۳", "سهم", "سیم", "مردم", "هم", "دوام", "جلسه"])
def test_ordinal_to_int_rejects(text: str) -> None:
    assert ordinal_to_int(text) is None


@given(st.integers(min_value=1, max_value=9999))
def test_ordinal_round_trip_and_pattern(n: int) -> None:
    ordinal = int_to_ordinal(n)
    assert ordinal_to_int(ordinal) == n
    title = f"موضوع: {ordinal} جلسه قرارگاه"
    found = re.search(ORDINAL_PATTERN, title)
    assert found is not None and found.group() == ordinal


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("موضوع: سومین صورتجلسه قرارگاه اجتماعی استان", ["سومین"]),
        ("دوازدهمین جلسه قرارگاه", ["دوازدهمین"]),
        ("بیست و سومین جلسه", ["بیست و سومین"]),
        ("(پنجمین جلسه شورای اجتماعی و نهمین جلسه کارگروه)", ["پنجمین", "نهمین"]),
        ("سی‌امین نشست", ["سی\u200cامین"]),
        ("جلسه ۲۳ام", ["۲۳ام"]),
        ("سهم مردم در جلسه", []),
    ],
)
def test_ordinal_pattern_in_titles(title: str, expected: list[str]) -> None:
    assert [m.group() for m in re.finditer(ORDINAL_PATTERN, title)] == expected
