"""Turning a person record into the normalised features the linkage model compares.

Everything here is cached per distinct string: names repeat (a million records hold a few
thousand distinct first names), so normalising each distinct value once keeps preparation of
a million records to seconds.
"""

from __future__ import annotations

from functools import cache
from operator import itemgetter
from typing import Any, Final

from qarargah.linkage.codes import is_valid_national_code
from qarargah.linkage.fields import address_key
from qarargah.linkage.names import KNOWN_FIRST_NAMES
from qarargah.persian import match_key, strip_honorifics

# Honorific words of descent written in the name fields («سید علی», «فاطمه سادات», «میر احمد»):
# present in one agency's list and absent in another's, so they are kept as a flag and dropped
# from the compared name.
SEYYED_TOKENS: Final = frozenset({"سید", "سیده", "سادات", "میر", "سيد", "سيده"})
# Glued forms («سیدعلی», «سیدهزهرا»): dropped only when a real name (3+ letters) remains, so a
# surname such as «سیدی» stays whole.
_GLUED_PREFIXES: Final = ("سیده", "سید")
# Titles people carry in front of a name in Iranian lists and that one agency writes and another
# does not: pilgrimage titles («حاج رضا», «کربلایی حسن», «مشهدی قاسم») and, in the father's name
# column, «مرحوم» / «شادروان» (the father has died).  Dropped, as a separate word only and only
# when a name remains, so a surname «حاجی» stays whole.
TITLE_TOKENS: Final = frozenset(
    {"حاج", "حاجی", "حاجیه", "کربلایی", "کربلائی", "مشهدی", "مرحوم", "شادروان", "زنده‌یاد"}
)
# Spellings of one letter that Iranian lists mix freely in names: «آ» typed without its madda
# («آرش» / «ارش»), the hamza seats «ؤ» and «ئ» written as their plain letters («مؤمن» /
# «مومن», «رضائی» / «رضایی»), a lone hamza dropped.  Keys only: what is shown stays as typed.
_LETTERS: Final = str.maketrans({"آ": "ا", "ؤ": "و", "ئ": "ی", "ء": None, "أ": "ا", "إ": "ا"})
# «الله» at the end of a compound name is often written «اله» («عبداله», «روح‌اله»): one key.
_ALLAH_SHORT: Final = "اله"


@cache
def name_key(text: str, *, first: bool = False) -> tuple[str, bool]:
    """(comparison key, had a «سید»-type honorific) for a name field.

    The key is :func:`qarargah.persian.match_key` of the name without honorifics: Arabic ي/ك
    unified, diacritics, ZWNJ and spaces dropped, so «محمد رضا», «محمد‌رضا» and «محمدرضا» are
    one key.
    """
    if not text:
        return "", False
    words = strip_honorifics(text).replace("\u200c", " ").split()
    seyyed = False
    kept: list[str] = []
    for word in words:
        if word in SEYYED_TOKENS:
            seyyed = True
            continue
        kept.append(word)
    if len(kept) > 1:
        kept = [w for w in kept if w not in TITLE_TOKENS] or kept
    if first and kept:
        head = kept[0]
        for prefix in _GLUED_PREFIXES:
            if head.startswith(prefix) and len(head) - len(prefix) >= 3:
                kept[0] = head[len(prefix) :]
                seyyed = True
                break
    return spelling_key(match_key("".join(kept))), seyyed


def spelling_key(key: str) -> str:
    """One spelling per name for the variants Iranian lists mix (see ``_LETTERS``): madda,
    hamza seats, and a compound's «اله» for «الله» (only after two letters or more, so «لاله»
    and «ژاله» stay as they are; applied alike to both records, so a name that really ends in
    «اله», «غزاله», gets one key and still matches itself)."""
    key = key.translate(_LETTERS)
    if key.endswith(_ALLAH_SHORT) and not key.endswith("الله") and len(key) >= len(_ALLAH_SHORT) + 2:
        key = key[: -len(_ALLAH_SHORT)] + "الله"
    return key


def _iso_parts(iso: str) -> tuple[int | None, int | None, int | None]:
    if len(iso) != 10:
        return None, None, None
    try:
        return int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    except ValueError:
        return None, None, None


# What ``features`` writes, as a version: a store of features prepared by an earlier version
# (the registry keeps the last run's) is not mixed with new ones — bump it whenever
# ``features`` or the name keys change what they write.
FEATURES_VERSION: Final = "2026-12-06"

COLUMNS: Final = (
    "unique_id",
    "fn",
    "fk",
    "ln",
    "fa",
    "dob",
    "byear",
    "bmonth",
    "bday",
    "sex",
    "mob",
    "code",
    "addr",
    "county",
    "nb",
    "head",
    "key",
)


@cache
def _first_key(text: str) -> str:
    return name_key(text, first=True)[0]


_KNOWN: Final = frozenset(spelling_key(match_key(n)) for n in KNOWN_FIRST_NAMES)


@cache
def _last_key(text: str) -> str:
    return name_key(text)[0]


@cache
def _date_parts(iso: str) -> tuple[str | None, int | None, int | None, int | None]:
    y, m, d = _iso_parts(iso)
    return (iso if y is not None else None), y, m, d


def _valid_code(code: str) -> str | None:
    return code if code and is_valid_national_code(code) else None


_FIELDS: Final = (
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "sex",
    "mobile",
    "national_code",
    "address",
    "county",
    "neighbourhood",
    "head_national_code",
)
_get_fields = itemgetter(*_FIELDS)


def _columns(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The input fields as columns, in one C-level pass per record (itemgetter) when every
    record has every field, as the interface promises; field by field otherwise."""
    if not records:
        return [() for _ in _FIELDS]
    try:
        return list(zip(*map(_get_fields, records), strict=True))
    except KeyError:
        return [tuple(r.get(f) for r in records) for f in _FIELDS]


def features(records: list[dict[str, Any]], start: int = 0) -> dict[str, list[Any]]:
    """Column lists (for a pyarrow table) of the compared features; ``unique_id`` counts from
    ``start``.  Empty values become None so the model's null levels apply.  Column by column
    with cached per-value functions: a million records prepare in seconds."""
    first, last, father, birth, sex, mobile, code, address, county, hood, head = _columns(records)
    dates = [_date_parts(v or "") for v in birth]
    fn = [_first_key(v) or None if v else None for v in first]
    return {
        "unique_id": list(range(start, start + len(records))),
        "fn": fn,
        "fk": [(v in _KNOWN) if v else None for v in fn],
        "ln": [_last_key(v) or None if v else None for v in last],
        "fa": [_first_key(v) or None if v else None for v in father],
        "dob": [d[0] for d in dates],
        "byear": [d[1] for d in dates],
        "bmonth": [d[2] for d in dates],
        "bday": [d[3] for d in dates],
        "sex": [v or None for v in sex],
        "mob": [v or None for v in mobile],
        "code": [_valid_code(v) if v else None for v in code],
        "addr": [address_key(v) or None if v else None for v in address],
        "county": [address_key(v) or None if v else None for v in county],
        "nb": [address_key(v) or None if v else None for v in hood],
        "head": [v or None for v in head],
        "key": [str(r["key"]) for r in records],
    }
