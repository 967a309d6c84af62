"""Persian text handling for Qarargah: the single place for normalisation, digits, number
words, Jalali dates, clock times and deadline phrases.

Pure Python (no Django import) so the minutes parser, the importer and the web apps all share
exactly the same behaviour, and so it can be property-tested in isolation.
"""

from qarargah.persian.deadlines import (
    Deadline,
    DeadlineError,
    DeadlineKind,
    describe_deadline,
    find_deadline_in_text,
    parse_deadline,
    validate_deadline,
)
from qarargah.persian.jalali import (
    MONTHS_FA,
    TEHRAN,
    WEEKDAYS_FA,
    DateParse,
    JalaliDate,
    find_jalali_dates,
    format_jalali,
    is_leap_year,
    is_valid_jalali,
    jalali_iso,
    month_length,
    parse_jalali_date,
    parse_jalali_iso,
    week_end_friday,
)
from qarargah.persian.numbers import NUMBER_WORDS_PATTERN, ORDINAL_PATTERN, ordinal_to_int, words_to_int
from qarargah.persian.text import (
    PERSIAN_DIGITS,
    ZWNJ,
    clean_input,
    digits_only,
    fold,
    match_key,
    normalise,
    persian_text,
    strip_honorifics,
    to_latin_digits,
    to_persian_digits,
)
from qarargah.persian.times import find_time, parse_time

__all__ = [
    "MONTHS_FA",
    "NUMBER_WORDS_PATTERN",
    "ORDINAL_PATTERN",
    "PERSIAN_DIGITS",
    "TEHRAN",
    "WEEKDAYS_FA",
    "ZWNJ",
    "DateParse",
    "Deadline",
    "DeadlineError",
    "DeadlineKind",
    "JalaliDate",
    "clean_input",
    "describe_deadline",
    "digits_only",
    "find_deadline_in_text",
    "find_jalali_dates",
    "find_time",
    "fold",
    "format_jalali",
    "is_leap_year",
    "is_valid_jalali",
    "jalali_iso",
    "match_key",
    "month_length",
    "normalise",
    "ordinal_to_int",
    "parse_deadline",
    "parse_jalali_date",
    "parse_jalali_iso",
    "parse_time",
    "persian_text",
    "strip_honorifics",
    "to_latin_digits",
    "to_persian_digits",
    "validate_deadline",
    "week_end_friday",
    "words_to_int",
]
