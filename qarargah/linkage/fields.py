"""Reading the messy values agencies send into the clean fields ``link_records`` expects.

The registry app validates uploads with its own messages; these helpers are the shared,
pure readings of a single value (None when the value cannot be read), used by the synthetic
truth helper and available to the importer.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Final

from qarargah.persian import (
    JalaliDate,
    is_valid_jalali,
    match_key,
    normalise,
    parse_jalali_date,
    to_latin_digits,
)

_SEX: Final[dict[str, str]] = {
    "مرد": "m",
    "م": "m",
    "1": "m",
    "m": "m",
    "male": "m",
    "مذکر": "m",
    "زن": "f",
    "ز": "f",
    "2": "f",
    "f": "f",
    "female": "f",
    "مونث": "f",
    "مؤنث": "f",
}


@lru_cache(maxsize=256)
def parse_sex(text: str) -> str | None:
    """«مرد/زن», «م/ز», «1/2» (any digits), m/f → 'm' | 'f'; empty → ''; unknown → None."""
    value = to_latin_digits(normalise(text or "")).strip().casefold()
    if not value:
        return ""
    return _SEX.get(value)


_MOBILE_RE: Final = re.compile(r"^(?:\+?98|0098|0)?(9\d{9})$")


def parse_mobile(text: str) -> str | None:
    """09…, +989…, 989…, 9… (any digits, spaces and dashes ignored) → '09xxxxxxxxx'; empty → ''."""
    value = re.sub(r"[\s\-()\u200c]", "", to_latin_digits(text or ""))
    if not value:
        return ""
    m = _MOBILE_RE.match(value)
    return "0" + m.group(1) if m else None


@lru_cache(maxsize=200_000)
def parse_birth_date(text: str, today: datetime.date | None = None) -> str | None:
    """A Jalali date as people write it (YYYY/MM/DD, DD/MM/YYYY, dashes or dots, any digits,
    two-digit years) → Gregorian ISO 'YYYY-MM-DD'; empty → ''; unreadable → None.

    A birth date is never in the future: a two-digit year that the general reader takes as
    14xx («۳۸/۱۲/۲۲» → 1438) is read a century earlier (1338).  Cached: birth dates repeat."""
    if not (text or "").strip():
        return ""
    parsed = parse_jalali_date(text)
    if parsed.date is None:
        return None
    today = today or datetime.date.today()
    jalali = parsed.date
    if jalali.to_gregorian() > today:
        if re.search(r"\d{3}", to_latin_digits(text)):
            return None  # a written-out future year is a mistake, not a century
        y, m, d = jalali.year - 100, jalali.month, jalali.day
        if not is_valid_jalali(y, m, d):
            return None
        jalali = JalaliDate(y, m, d)
        if jalali.to_gregorian() > today:
            return None
    return jalali.to_gregorian().isoformat()


@lru_cache(maxsize=500_000)
def address_key(text: str) -> str:
    """The normalised address households are grouped on (letters and digits only)."""
    return match_key(text or "")
