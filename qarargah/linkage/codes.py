"""Iranian national codes (کد ملی): checksum and normalisation.

A code is ten digits; the last is a check digit over the first nine with weights 10…2:
``r = Σ dᵢ·wᵢ mod 11`` and the check digit is ``r`` when ``r < 2`` else ``11 − r``.  Codes whose
ten digits are all the same pass that arithmetic but are known fillers («۰۰۰۰۰۰۰۰۰۰»,
«۱۱۱۱۱۱۱۱۱۱») and are refused.  Agencies often drop leading zeros (the column was a number
in Excel), so 8 and 9 digit input is left-padded before the check.
"""

from __future__ import annotations

import re
from typing import Final

from qarargah.persian import to_latin_digits

_SEPARATORS_RE: Final = re.compile(r"[\s\u200c\-_.]+")


def check_digit(first_nine: str) -> int:
    """The check digit for nine leading digits."""
    r = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return r if r < 2 else 11 - r


def is_valid_national_code(code: str) -> bool:
    """Whether ``code`` is exactly ten ASCII digits with a correct check digit, not all alike."""
    if len(code) != 10 or not code.isascii() or not code.isdigit():
        return False
    if code == code[0] * 10:
        return False
    # Unrolled on the bytes (48 is «0»; the weights 10…2 sum to 54): linking checks a million
    # codes, and this is several times faster than a generator over the digits.
    d = code.encode()
    r = (
        d[0] * 10
        + d[1] * 9
        + d[2] * 8
        + d[3] * 7
        + d[4] * 6
        + d[5] * 5
        + d[6] * 4
        + d[7] * 3
        + d[8] * 2
        - 48 * 54
    ) % 11
    return (r if r < 2 else 11 - r) == d[9] - 48


def normalise_national_code(text: str) -> str | None:
    """``text`` as a valid ten-digit code, or None.

    Persian, Arabic-Indic and Latin digits are accepted, spaces, dashes and dots between digit
    groups are ignored, and 8–9 digit input is left-padded with zeros.
    """
    if not text:
        return None
    digits = _SEPARATORS_RE.sub("", to_latin_digits(str(text)).strip())
    if not digits.isascii() or not digits.isdigit() or not 8 <= len(digits) <= 10:
        return None
    code = digits.zfill(10)
    return code if is_valid_national_code(code) else None


def make_code(first_nine: str) -> str:
    """A valid code from nine digits (used by the synthetic generator)."""
    return first_nine + str(check_digit(first_nine))
