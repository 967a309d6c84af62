"""Turning a person record into the normalised features the linkage model compares.

Everything here is cached per distinct string: names repeat (a million records hold a few
thousand distinct first names), so normalising each distinct value once keeps preparation of
a million records to seconds.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Final

from qarargah.linkage.codes import is_valid_national_code
from qarargah.linkage.fields import address_key
from qarargah.persian import match_key, strip_honorifics

# Honorific words of descent written in the name fields («سید علی», «فاطمه سادات», «میر احمد»):
# present in one agency's list and absent in another's, so they are kept as a flag and dropped
# from the compared name.
SEYYED_TOKENS: Final = frozenset({"سید", "سیده", "سادات", "میر", "سيد", "سيده"})
# Glued forms («سیدعلی», «سیدهزهرا»): dropped only when a real name (3+ letters) remains, so a
# surname such as «سیدی» stays whole.
_GLUED_PREFIXES: Final = ("سیده", "سید")


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
    if first and kept:
        head = kept[0]
        for prefix in _GLUED_PREFIXES:
            if head.startswith(prefix) and len(head) - len(prefix) >= 3:
                kept[0] = head[len(prefix) :]
                seyyed = True
                break
    return match_key("".join(kept)), seyyed


def _iso_parts(iso: str) -> tuple[int | None, int | None, int | None]:
    if len(iso) != 10:
        return None, None, None
    try:
        return int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    except ValueError:
        return None, None, None


COLUMNS: Final = (
    "unique_id",
    "fn",
    "ln",
    "fa",
    "dob",
    "by",
    "bm",
    "bd",
    "sex",
    "mob",
    "code",
    "addr",
    "county",
    "nb",
)


def features(records: list[dict[str, Any]], start: int = 0) -> dict[str, list[Any]]:
    """Column lists (for a pyarrow table) of the compared features; ``unique_id`` counts from
    ``start``.  Empty values become None so the model's null levels apply."""
    cols: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for i, r in enumerate(records, start):
        fn, _ = name_key(r.get("first_name") or "", first=True)
        ln, _ = name_key(r.get("last_name") or "")
        fa, _ = name_key(r.get("father_name") or "", first=True)
        dob = r.get("birth_date") or ""
        y, m, d = _iso_parts(dob)
        code = r.get("national_code") or ""
        cols["unique_id"].append(i)
        cols["fn"].append(fn or None)
        cols["ln"].append(ln or None)
        cols["fa"].append(fa or None)
        cols["dob"].append(dob if y is not None else None)
        cols["by"].append(y)
        cols["bm"].append(m)
        cols["bd"].append(d)
        cols["sex"].append(r.get("sex") or None)
        cols["mob"].append(r.get("mobile") or None)
        cols["code"].append(code if code and is_valid_national_code(code) else None)
        cols["addr"].append(address_key(r.get("address") or "") or None)
        cols["county"].append(address_key(r.get("county") or "") or None)
        cols["nb"].append(address_key(r.get("neighbourhood") or "") or None)
    return cols
