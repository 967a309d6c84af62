"""Persian number words and ordinals («بیست و سه», «دوازدهمین», «سی‌امین»).

Minutes write counts and meeting numbers in words («سومین صورتجلسه», «ظرف مدت چهار روز»);
these helpers turn them into integers.  The grammar is the written standard one: additive
parts are joined by « و », multipliers (صد، هزار، میلیون) follow their coefficient.
"""

from __future__ import annotations

import re
from typing import Final

from qarargah.persian.text import ZWNJ, normalise, to_latin_digits

__all__ = ["NUMBER_WORDS_PATTERN", "ORDINAL_PATTERN", "ordinal_to_int", "words_to_int"]

_UNITS: Final[dict[str, int]] = {
    "صفر": 0,
    "یک": 1,
    "یه": 1,
    "دو": 2,
    "سه": 3,
    "چهار": 4,
    "پنج": 5,
    "شش": 6,
    "شیش": 6,
    "هفت": 7,
    "هشت": 8,
    "نه": 9,
}
_TEENS: Final[dict[str, int]] = {
    "ده": 10,
    "یازده": 11,
    "دوازده": 12,
    "سیزده": 13,
    "چهارده": 14,
    "پانزده": 15,
    "پونزده": 15,
    "شانزده": 16,
    "شونزده": 16,
    "هفده": 17,
    "هیفده": 17,
    "هجده": 18,
    "هیجده": 18,
    "نوزده": 19,
}
_TENS: Final[dict[str, int]] = {
    "بیست": 20,
    "سی": 30,
    "چهل": 40,
    "پنجاه": 50,
    "شصت": 60,
    "هفتاد": 70,
    "هشتاد": 80,
    "نود": 90,
}
_HUNDREDS: Final[dict[str, int]] = {
    "صد": 100,
    "یکصد": 100,
    "دویست": 200,
    "سیصد": 300,
    "چهارصد": 400,
    "پانصد": 500,
    "پونصد": 500,
    "ششصد": 600,
    "هفتصد": 700,
    "هشتصد": 800,
    "نهصد": 900,
}
_MULTIPLIERS: Final[dict[str, int]] = {"هزار": 1_000, "میلیون": 1_000_000, "میلیارد": 1_000_000_000}

_SMALL: Final[dict[str, int]] = {**_UNITS, **_TEENS, **_TENS, **_HUNDREDS}
_ALL_WORDS: Final[tuple[str, ...]] = tuple(sorted({*_SMALL, *_MULTIPLIERS}, key=len, reverse=True))

_DIGITS_RE: Final = re.compile(r"[0-9]+(?:[,٬][0-9]{3})*")

# Separator between additive parts: « و » with spaces or ZWNJ around it, or glued on one side
# («سی‌ویکمین», «بیست وسه»).
_AND = r"(?:[ \u200c]+و[ \u200c]*|[ \u200c]*و[ \u200c]+)"
_WORD_ALT = "|".join(_ALL_WORDS)
_WORD_NUM = rf"(?:{_WORD_ALT})"

#: Regex (for normalised text) matching a cardinal written in words: «بیست و سه», «سه هزار و پانصد».
NUMBER_WORDS_PATTERN: Final[str] = (
    rf"(?<![\w\u200c])(?:{_WORD_NUM}(?:[ \u200c]+{_WORD_NUM})*(?:{_AND}{_WORD_NUM}(?:[ \u200c]+{_WORD_NUM})*)*)"
    r"(?![\w\u200c])"
)


def _magnitude(value: int) -> int:
    """Which slot of a < 1000 group a word fills: 100s, 10s (incl. teens) or units."""
    if value >= 100:
        return 100
    if value >= 10:
        return 10
    return 1


def _parse_group(parts: list[list[str]]) -> int | None:
    """Parse additive parts (already split on « و ») of a number below 1000.

    Each part is one word («بیست») or a coefficient and «صد» («دو صد»).  Parts must be in
    decreasing magnitude, each slot used once: «صد و بیست و سه» yes, «سه و بیست» no.
    """
    total = 0
    last_mag = 1000
    for part in parts:
        if len(part) == 2 and part[1] == "صد" and part[0] in _UNITS and _UNITS[part[0]] > 0:
            value = _UNITS[part[0]] * 100
        elif len(part) == 1 and part[0] in _SMALL:
            value = _SMALL[part[0]]
        elif len(part) == 1 and len(parts) == 1 and _DIGITS_RE.fullmatch(part[0]):
            # Digits only as a whole group: «۲ هزار», «سه هزار و ۵۰۰».
            value = int(part[0].replace(",", "").replace("٬", ""))
            return value if value < 1000 else None
        else:
            return None
        mag = _magnitude(value)
        if mag >= last_mag or (value == 0 and len(parts) > 1):
            return None
        total += value
        last_mag = mag
    return total


def _parse_tokens(tokens: list[str]) -> int | None:
    """Parse a token list (« و » kept as a token) into an integer, or None."""
    # Split into additive parts on « و ».
    parts: list[list[str]] = [[]]
    for tok in tokens:
        if tok == "و":
            if not parts[-1]:
                return None
            parts.append([])
        else:
            parts[-1].append(tok)
    if not parts[-1]:
        return None
    total = 0
    group: list[list[str]] = []
    last_multiplier = 10**12
    for part in parts:
        if part[-1] in _MULTIPLIERS:
            mult = _MULTIPLIERS[part[-1]]
            coeff_part = part[:-1]
            if mult >= last_multiplier:
                return None
            if coeff_part:
                group.append(coeff_part)
            coeff = _parse_group(group) if group else 1
            if coeff is None or coeff == 0:
                return None
            total += coeff * mult
            last_multiplier = mult
            group = []
        else:
            group.append(part)
    if group:
        rest = _parse_group(group)
        if rest is None:
            return None
        total += rest
    return total


def words_to_int(text: str) -> int | None:
    """Return the integer written in ``text`` (words or digits), or None if it is not a number.

    «بیست و سه» → 23, «صد و دوازده» → 112, «سه هزار و پانصد» → 3500, «۱۰» → 10, «یه» → 1.
    Arabic letter forms and any digit set are accepted.
    """
    text = to_latin_digits(normalise(text)).replace(ZWNJ, " ")
    if not text:
        return None
    if _DIGITS_RE.fullmatch(text):
        return int(text.replace(",", "").replace("٬", ""))
    tokens = text.split()
    # «بیست‌وسه» / «بیست وسه» style: peel a leading «و» off glued tokens.
    split_tokens: list[str] = []
    for tok in tokens:
        if len(tok) > 1 and tok.startswith("و") and tok[1:] in _SMALL:
            split_tokens.extend(["و", tok[1:]])
        else:
            split_tokens.append(tok)
    if any(t != "و" and t not in _SMALL and t not in _MULTIPLIERS and not t.isdigit() for t in split_tokens):
        return None
    return _parse_tokens(split_tokens)


_FIRST: Final[frozenset[str]] = frozenset({"اول", "اولین", "نخست", "نخستین"})
_ORDINAL_SUFFIX_RE: Final = re.compile(r"^(?P<base>.+?) ?(?:ا)?م(?:ین)?$")
_DIGIT_ORDINAL_RE: Final = re.compile(r"^(?P<n>[0-9]+) ?(?:ا?م(?:ین)?)$")


def ordinal_to_int(text: str) -> int | None:
    """Return the number of a Persian ordinal, or None.

    «اول»/«نخستین»/«یکم» → 1, «سوم»/«سومین» → 3, «دوازدهمین» → 12, «بیست و سومین» → 23,
    «سی امین»/«سی‌امین» → 30, «صدمین» → 100, «۲۳مین»/«23امین» → 23.
    Plain cardinals («سه») are not ordinals and give None.
    """
    text = to_latin_digits(normalise(text)).replace(ZWNJ, " ")
    # «سی ویکمین»: the «و» glued to the next part (no number word starts with «و»).
    text = " ".join(re.sub(r"(?<=\s)و(?=\S)", "و ", text).split())
    if not text:
        return None
    if text in _FIRST:
        return 1
    m = _DIGIT_ORDINAL_RE.match(text)
    if m:
        return int(m.group("n"))
    m = _ORDINAL_SUFFIX_RE.match(text)
    if not m:
        return None
    base = m.group("base").rstrip()
    tokens = base.split(" ")
    last = tokens[-1]
    if last == "سو":
        # «سوم» is the ordinal of «سه»; «سهم» is the word "share", not an ordinal.
        tokens[-1] = "سه"
    elif last == "سه":
        return None
    elif last == "سی" and not re.search(r"سی ?ام(?:ین)?$", text):
        # «سیم» is "wire"; thirtieth is written «سی‌ام» / «سی امین».
        return None
    if "ا" in text[len(base) :] and last != "سی":
        # «دوام» or «هفتام» are not ordinals; the ا-form is only used after «سی».
        return None
    return (
        _parse_tokens(tokens) if all(t == "و" or t in _SMALL or t in _MULTIPLIERS for t in tokens) else None
    )


# Ordinal bases: every number word except «سه» (its ordinal stem is «سو») and «سی» (which needs
# «ام»: «سی‌ام», «سی امین»).
_ORD_BASES = "|".join(w for w in _ALL_WORDS if w not in {"سه", "سی"})
_ORD_LAST = rf"(?:(?:{_ORD_BASES}|سو)م(?:ین)?|سی[ \u200c]?ام(?:ین)?)"
# Words before the last one are joined by « و » or, before a multiplier, by a space («دو هزارمین»).
_ORD_PREFIX = rf"(?:{_WORD_NUM}(?:[ \u200c]+{_WORD_NUM})*(?:{_AND}|[ \u200c]+))*"

#: Regex (for normalised text) matching one ordinal phrase: «سومین», «بیست و سومین», «۲۳امین», «اول».
ORDINAL_PATTERN: Final[str] = (
    r"(?<![\w\u200c])(?:"
    r"نخستین|نخست|اولین|اول"
    r"|[0-9۰-۹٠-٩]+[ \u200c]?(?:امین|ام|مین|م)"
    rf"|{_ORD_PREFIX}{_ORD_LAST}"
    r")(?![\w\u200c])"
)
