"""Ordinals typed with the «و» glued to one side («سی‌ویکمین», «بیست‌وسومین»), as minutes'
titles often are (issue 16)."""

from __future__ import annotations

import re

import pytest

from qarargah.persian import ORDINAL_PATTERN, ordinal_to_int, words_to_int


@pytest.mark.parametrize(
    ("text", "n"),
    [("سی‌ویکمین", 31), ("بیست‌وسومین", 23), ("سی و یکمین", 31), ("صد وپنجمین", 105), ("دومین", 2)],
)
def test_glued_and_is_read(text: str, n: int) -> None:
    assert ordinal_to_int(text) == n
    m = re.search(ORDINAL_PATTERN, f"صورتجلسه {text} جلسه")
    assert m is not None and m.group() == text


def test_words_that_only_look_glued_are_not_numbers() -> None:
    assert ordinal_to_int("ویکمین") is None
    assert words_to_int("دو") == 2
