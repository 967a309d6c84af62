"""Words typed glued to their values: «درساعت9», «روزدوشنبه مورخ4/5/88», «درمحل سالن»,
«به ریاست بخشدارکهریزک».  Header sentences are unglued before they are read; resolution text
is kept as written (it is the record)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from qarargah.minutes_parser.blocks import register_cache

__all__ = ["unglue"]

_LETTER = r"[آ-یءئؤأإ]"
_WEEKDAYS = r"(?:شنبه|یکشنبه|دوشنبه|سه[ \u200c]*شنبه|چهارشنبه|پنج[ \u200c]*شنبه|جمعه)"
_RULES: Final = (
    # A letter glued to a digit, either way: «مورخ4/5/88», «ساعت9», «۱۷بعدازظهر».
    (re.compile(r"(?<=" + _LETTER + r")(?=[۰-۹0-9])"), " "),
    (re.compile(r"(?<=[۰-۹0-9])(?=(?!ام\b|م\b)" + _LETTER + r")"), " "),
    # A preposition glued to the header word after it: «درمحل», «ازساعت», «رأسساعت».
    (
        re.compile(
            r"(?<![\w\u200c])(در|از|راس|رأس)(?=(?:ساعت|محل|سالن|تالار|تاریخ|روز|مورخ|دفتر|اتاق|ساختمان)(?![\w\u200c]))"
        ),
        r"\1 ",
    ),
    (re.compile(r"(?<![\w\u200c])(به|با)(?=(?:ریاست|حضور|میزبانی|دستور)(?![\w\u200c]))"), r"\1 "),
    # «بریاست» is «به ریاست» with the «ه» dropped, as it is often typed.
    (re.compile(r"(?<![\w\u200c])ب(?=ریاست(?![\w\u200c]))"), "به "),
    # «روزدوشنبه» → «روز دوشنبه».
    (re.compile(r"(?<![\w\u200c])(روز)(?=" + _WEEKDAYS + r"(?![\w\u200c]))"), r"\1 "),
    # A role glued to the place it serves: «بخشدارکهریزک» (not «بخشداری», «فرمانداران»).
    (
        re.compile(r"(?<![\w\u200c])(بخشدار|فرماندار|استاندار|شهردار|دهیار)(?=" + _LETTER + r"{2,})(?!ی|ان)"),
        r"\1 ",
    ),
)
# Only what one of the rules would change: a letter against a digit, or a word glued to the next.
_HINT_RE: Final = re.compile(
    _LETTER
    + r"[۰-۹0-9]|[۰-۹0-9]"
    + _LETTER
    + r"|(?:در|از|راس|رأس)(?:ساعت|محل|سالن|تالار|تاریخ|روز|مورخ|دفتر|اتاق|ساختمان)"
    r"|(?:به|با)(?:ریاست|حضور|میزبانی|دستور)|بریاست|روز(?:شنبه|یک|دو|سه|چهار|پنج|جمعه)"
    r"|(?:بخشدار|فرماندار|استاندار|شهردار|دهیار)(?!ی|ان)" + _LETTER
)


@register_cache
@lru_cache(maxsize=512)
def unglue(text: str) -> str:
    """Put back the spaces a typist left out between a word and its value."""
    if not text or not _HINT_RE.search(text):
        return text
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text
