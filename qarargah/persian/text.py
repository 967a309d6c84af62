"""Canonical Persian text handling: one normalisation, digit conversion and matching keys.

The design rule (docs/decisions/0003) is that Persian text is normalised *once*, at the
boundary, by :func:`normalise`; search and matching use :func:`match_key`.  Everything here is
pure Python (no Django) so the minutes parser and the web apps share the same behaviour.

Two forms exist on purpose:

* :func:`normalise` may delete and collapse characters; it is for storage and display.
* :func:`fold` maps character-for-character (same length as its input); it exists so that
  finders (dates, times, deadlines) can run simple regexes while still returning spans that
  index into the text the caller actually holds.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = [
    "PERSIAN_DIGITS",
    "ZWNJ",
    "fold",
    "match_key",
    "normalise",
    "persian_text",
    "strip_honorifics",
    "to_latin_digits",
    "to_persian_digits",
]

ZWNJ: Final = "\u200c"
PERSIAN_DIGITS: Final = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS: Final = "٠١٢٣٤٥٦٧٨٩"
_LATIN_DIGITS: Final = "0123456789"

# Arabic letter forms that Persian keyboards / Arabic fonts / Urdu-ish encodings produce in
# place of the Persian letters.  ئ and ؤ and أ are real Persian spellings, so they stay.
_LETTER_MAP: Final[dict[str, str]] = {
    "\u064a": "ی",  # ي Arabic yeh
    "\u0649": "ی",  # ى alef maksura
    "\u0643": "ک",  # ك Arabic kaf
    "\u06c1": "ه",  # ہ heh goal (seen in the samples: «عبداللہی»)
    "\u06c0": "ه",  # ۀ heh with yeh above: the ezafe is a pronunciation aid, not spelling
    "\u0629": "ه",  # ة teh marbuta
    "\u06d5": "ه",  # ە ae
    "\u06be": "ه",  # ھ heh doachashmee (same visual letter in Persian fonts)
}

# Characters that carry no meaning for storage: Arabic harakat, superscript alef, tatweel,
# byte-order mark, soft hyphen and bidi control marks pasted in from Word documents.
_DELETE: Final[str] = (
    "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670\u0640\ufeff\u00ad"
    + "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# Zero-width characters people (or their keyboards) use where Persian wants a ZWNJ
# («می‌شود»): zero-width space, zero-width joiner and word joiner.
_ZW_TO_ZWNJ: Final = "\u200b\u200d\u2060"

_NORMALISE_TABLE: Final = str.maketrans(
    {
        **_LETTER_MAP,
        **{a: p for a, p in zip(_LATIN_DIGITS, PERSIAN_DIGITS, strict=True)},
        **{a: p for a, p in zip(_ARABIC_DIGITS, PERSIAN_DIGITS, strict=True)},
        **dict.fromkeys(_ZW_TO_ZWNJ, ZWNJ),
        **dict.fromkeys(_DELETE),
    }
)

_TO_PERSIAN_DIGITS: Final = str.maketrans(
    {
        **{a: p for a, p in zip(_LATIN_DIGITS, PERSIAN_DIGITS, strict=True)},
        **{a: p for a, p in zip(_ARABIC_DIGITS, PERSIAN_DIGITS, strict=True)},
    }
)
_TO_LATIN_DIGITS: Final = str.maketrans(
    {
        **{p: a for a, p in zip(_LATIN_DIGITS, PERSIAN_DIGITS, strict=True)},
        **{p: a for a, p in zip(_LATIN_DIGITS, _ARABIC_DIGITS, strict=True)},
    }
)

# Line breaks as str.splitlines() understands them; everything else that is whitespace
# becomes a plain space.
_LINE_BREAK_RE: Final = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_HSPACE_RE: Final = re.compile(r"[^\S\n]+")
_MANY_NEWLINES_RE: Final = re.compile(r"\n{3,}")

# Arabic presentation forms (what PDF extraction gives); NFKC turns them into base letters.
_PRESENTATION_RE: Final = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]")


def _is_word_char(ch: str) -> bool:
    """A character a ZWNJ may sit next to: letters, digits and combining marks."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _clean_zwnj(text: str) -> str:
    """Collapse ZWNJ runs and keep a ZWNJ only between two word characters.

    A ZWNJ next to a space, punctuation or the text's edge has no visual effect, and it would
    make otherwise equal strings differ.
    """
    if ZWNJ not in text:
        return text
    out: list[str] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch != ZWNJ:
            out.append(ch)
            i += 1
            continue
        j = i
        while j < n and text[j] == ZWNJ:
            j += 1
        before = out[-1] if out else ""
        after = text[j] if j < n else ""
        if before and after and _is_word_char(before) and _is_word_char(after):
            out.append(ZWNJ)
        i = j
    return "".join(out)


def normalise(text: str) -> str:
    """Return the canonical storage/display form of Persian ``text``.

    Arabic letter forms become Persian, every digit becomes a Persian digit, diacritics,
    tatweel and invisible marks are removed, zero-width characters are unified to a single
    ZWNJ kept only inside words, horizontal whitespace collapses to one space, lines are
    trimmed, 3+ newlines collapse to a blank line, and the whole text is stripped.
    Punctuation (، ؛ ؟) is left alone.  The function is idempotent.
    """
    if not text:
        return ""
    text = _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = text.translate(_NORMALISE_TABLE)
    text = _LINE_BREAK_RE.sub("\n", text)
    # ZWNJ cleanup must run before whitespace collapsing: dropping a ZWNJ that sits between
    # two spaces must not leave a double space behind.
    text = _clean_zwnj(text)
    text = _HSPACE_RE.sub(" ", text)
    text = "\n".join(line.strip(" ") for line in text.split("\n"))
    text = _MANY_NEWLINES_RE.sub("\n\n", text)
    return text.strip()


def to_persian_digits(s: str) -> str:
    """Convert Latin and Arabic-Indic digits in ``s`` to Persian digits; nothing else changes."""
    return s.translate(_TO_PERSIAN_DIGITS)


def to_latin_digits(s: str) -> str:
    """Convert Persian and Arabic-Indic digits in ``s`` to ASCII digits; nothing else changes."""
    return s.translate(_TO_LATIN_DIGITS)


_FOLD_TABLE: Final = str.maketrans(
    {
        **_LETTER_MAP,
        **{p: a for a, p in zip(_LATIN_DIGITS, PERSIAN_DIGITS, strict=True)},
        **{p: a for a, p in zip(_LATIN_DIGITS, _ARABIC_DIGITS, strict=True)},
        **dict.fromkeys(_ZW_TO_ZWNJ, ZWNJ),
        "\t": " ",
        "\r": " ",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


def fold(text: str) -> str:
    """Length-preserving normalisation for *locating* things in text.

    Maps Arabic letter forms to Persian, all digits to ASCII, zero-width joiners to ZWNJ and
    tabs / carriage returns / no-break spaces to spaces, one character for one character, so
    ``fold(text)[i:j]`` and ``text[i:j]`` refer to the same phrase.
    """
    folded = text.translate(_FOLD_TABLE)
    assert len(folded) == len(text)  # the table only holds 1:1 mappings
    return folded


# Hamza-carrying alefs are spelling variants for matching purposes («ائمه» / «أئمه»).
_MATCH_TABLE: Final = str.maketrans({"أ": "ا", "إ": "ا", "ٱ": "ا"})


def match_key(text: str) -> str:
    """Key for search and matching: letters and Latin digits only, case-folded.

    ``normalise`` first, then drop ZWNJ, spaces and punctuation, so «دستگاه‌های»,
    «دستگاه های» and «دستگاههای» share a key.  Idempotent.
    """
    text = to_latin_digits(normalise(text)).translate(_MATCH_TABLE).casefold()
    return "".join(ch for ch in text if ch.isalnum())


# Honorifics are matched longest first so «جناب آقای» goes as one unit.  Internal spaces
# accept any run of spaces/ZWNJ («حجت‌الاسلام» / «حجت الاسلام» / «حجت الاسلام»).
_HONORIFICS: Final[tuple[str, ...]] = (
    "حجت الاسلام و المسلمین",
    "حجت الاسلام والمسلمین",
    "حجت الاسلام",
    "آیت الله",
    "سرکار خانم",
    "جناب آقای",
    "جناب",
    "آقای",
    "خانم",
    "محترمه",
    "محترم",
    "دکتر",
    "مهندس",
    "سردار",
)


def _honorific_pattern(phrase: str) -> str:
    return "[ \u200c]*".join(re.escape(part) for part in phrase.split(" "))


_HONORIFIC_RE: Final = re.compile(
    r"(?<![\w\u200c])(?:"
    + "|".join(_honorific_pattern(h) for h in sorted(_HONORIFICS, key=len, reverse=True))
    + r")(?![\w\u200c])"
)


def strip_honorifics(text: str) -> str:
    """Remove honorifics (جناب آقای، دکتر، محترم، …) from a name or title; returns normalised text.

    «جناب آقای دکتر عبداللهی، استاندار محترم» → «عبداللهی، استاندار»;
    «فرمانداران محترم تابعه» → «فرمانداران تابعه».  Used for matching people and agencies,
    whose names appear with varying courtesy words across minutes.
    """
    text = normalise(text)
    previous = None
    # Loop because removing one honorific can expose another at a boundary.
    while previous != text:
        previous = text
        text = normalise(_HONORIFIC_RE.sub(" ", text))
    # A removed honorific can leave a space before punctuation: «آقای ، ...».
    return re.sub(r" +([،,؛;.:!؟?)])", r"\1", text)


def persian_text(value: object) -> str:
    """``str(value)`` with Persian digits, for display; ``None`` displays as the empty string."""
    if value is None:
        return ""
    return to_persian_digits(str(value))
