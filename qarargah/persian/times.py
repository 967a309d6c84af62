"""Clock times as minutes write them: «۱۴/۳۰», «۷/۳۰», «ساعت ۹ صبح», «۴ بعد از ظهر».

Minutes use «/» as the hour/minute separator, the same character used in dates and letter
numbers («۲۱/۲۵/۲۷۴۱»); a time is therefore only accepted when the hour is 0–23, the minutes
0–59, and the pair is not part of a longer a/b/c sequence.
"""

from __future__ import annotations

import datetime
import re
from typing import Final

from qarargah.persian.numbers import NUMBER_WORDS_PATTERN, words_to_int
from qarargah.persian.text import fold

__all__ = ["find_time", "parse_time"]

_SP = r"[ \u200c]"

# Day-period words and how they move the hour.
_PERIOD_ALT = (
    r"بعد" + _SP + r"*از" + _SP + r"*ظهر|بعد" + _SP + r"*ظهر|قبل" + _SP + r"*از" + _SP + r"*ظهر"
    r"|صبح|ظهر|عصر|شب|بامداد"
)

# Hour (digits or words), optional minutes (":"/"/"/"." + digits, or «و ۳۰ دقیقه», «و نیم»,
# «و ربع»), optional seconds, optional period word.
_TIME_CORE = (
    r"(?P<hour>[0-9]{1,2}|" + NUMBER_WORDS_PATTERN + r")"
    r"(?:" + _SP + r"*(?P<sep>[:/.])" + _SP + r"*(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"|" + _SP + r"+و" + _SP + r"+(?:(?P<wminute>[0-9]{1,2}|" + NUMBER_WORDS_PATTERN + r")" + _SP + r"+دقیقه"
    r"|(?P<half>نیم)|(?P<quarter>ربع)))?"
    r"(?:" + _SP + r"*(?P<period>" + _PERIOD_ALT + r"))?"
)
# Not followed by another separator and digits (a/b/c sequence) nor preceded by one.
_NOT_SEQUENCE_AFTER = r"(?![0-9])(?!" + _SP + r"*[/:.]" + _SP + r"*[0-9])"
_NOT_SEQUENCE_BEFORE = r"(?<![0-9/:.])"

_FULL_RE: Final = re.compile(
    r"(?:ساعت" + _SP + r"*:?" + _SP + r"*)?" + _TIME_CORE,
)
_ANCHORED_RE: Final = re.compile(
    r"(?<![\w\u200c])ساعت" + _SP + r"*:?" + _SP + r"*(?:حدود" + _SP + r"+)?"
    r"(?P<time>" + _NOT_SEQUENCE_BEFORE + _TIME_CORE + _NOT_SEQUENCE_AFTER + r")"
)
# Without «ساعت», only shapes that cannot be something else: «۱۰:۳۰» or a number + period word.
_LOOSE_RE: Final = re.compile(
    _NOT_SEQUENCE_BEFORE + r"(?<![\w\u200c])(?P<time>" + _TIME_CORE + r")" + _NOT_SEQUENCE_AFTER
)


def _to_time(m: re.Match[str]) -> datetime.time | None:
    """Validate a matched time and apply its period word; None if out of range."""
    hour_text = m.group("hour")
    hour = int(hour_text) if hour_text.isdigit() else words_to_int(hour_text)
    if hour is None:
        return None
    minute = 0
    second = 0
    if m.group("minute") is not None:
        minute = int(m.group("minute"))
        if m.group("second") is not None:
            second = int(m.group("second"))
    elif m.group("wminute") is not None:
        wm = m.group("wminute")
        parsed = int(wm) if wm.isdigit() else words_to_int(wm)
        if parsed is None:
            return None
        minute = parsed
    elif m.group("half"):
        minute = 30
    elif m.group("quarter"):
        minute = 15
    period = re.sub(_SP + "+", "", m.group("period") or "")
    if period in {"بعدازظهر", "بعدظهر", "عصر"}:
        if 1 <= hour < 12:
            hour += 12
    elif period == "ظهر":
        if 1 <= hour <= 5:
            hour += 12
    elif period == "شب":
        if hour == 12:
            hour = 0
        elif 6 <= hour < 12:
            hour += 12
    elif period in {"صبح", "قبلازظهر", "بامداد"} and hour > 12:
        return None  # «۱۴ صبح» contradicts itself
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        return None
    return datetime.time(hour, minute, second)


def parse_time(text: str) -> datetime.time | None:
    """Parse a whole value that is a time: «۱۴/۳۰», «14:30», «ساعت ۹ صبح», «۴ عصر» (16:00),
    «۱۰ و ۳۰ دقیقه», «ساعت ۱۰».  Returns None when it is not a valid time of day.
    """
    value = fold(text or "").strip()
    m = _FULL_RE.fullmatch(value)
    if not m:
        return None
    return _to_time(m)


def find_time(text: str) -> tuple[datetime.time, tuple[int, int]] | None:
    """Find the meeting time in running text, e.g. «... رأس ساعت ۹ صبح ...».

    Looks first right after the word «ساعت»; failing that, accepts only unambiguous shapes
    («۱۰:۳۰», «۹ صبح»).  The span covers the time expression (without «ساعت»).  Dates and
    letter numbers («۱۴۰۱/۰۱/۲۴», «۲۱/۲۵/۲۷۴۱») are never read as times.
    """
    folded = fold(text or "")
    for m in _ANCHORED_RE.finditer(folded):
        t = _to_time(m)
        if t is not None:
            return t, m.span("time")
    for m in _LOOSE_RE.finditer(folded):
        if not m.group("hour").isdigit() or not (m.group("period") or m.group("sep") == ":"):
            continue
        t = _to_time(m)
        if t is not None:
            return t, m.span("time")
    return None
