"""Canonical Persian text handling: one normalisation, digit conversion and matching keys.

The design rule (docs/decisions/0003) is that what a person typed is stored as typed, cleaned
only of what nobody means to type (:func:`clean_input`); search and matching use
:func:`match_key`.  Everything here is pure Python (no Django) so the minutes parser and the web
apps share the same behaviour.

Three forms exist on purpose:

* :func:`clean_input` keeps digits, diacritics and spacing; it is for storing typed text.
* :func:`normalise` may delete and collapse characters and turns digits Persian; the minutes
  parser reads documents through it, and :func:`match_key` starts from it.
* :func:`fold` maps character-for-character (same length as its input); it exists so that
  finders (dates, times, deadlines) can run simple regexes while still returning spans that
  index into the text the caller actually holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Final

__all__ = [
    "PERSIAN_DIGITS",
    "ZWNJ",
    "clean_input",
    "fold",
    "has_persian_letters",
    "match_key",
    "normalise",
    "persian_text",
    "strip_honorifics",
    "to_latin_digits",
    "to_persian_digits",
    "translator",
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
# byte-order mark, soft hyphen, bidi control marks pasted in from Word documents and control
# characters.
_DELETE: Final[str] = (
    "".join(chr(c) for c in range(0x064B, 0x0660))
    + "\u0670\u0640\ufeff\u00ad"
    + "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    # C0 controls that are neither whitespace nor line breaks, and DEL: they carry nothing a
    # person wrote, and PostgreSQL refuses NUL in text, so they never reach a column.
    + "".join(chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F))
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


def translator(table: Mapping[int, str | None]) -> Callable[[str], str]:
    """``str.translate(table)`` that only touches the characters the table maps.

    With a dict table, ``str.translate`` looks up every character and pays for a KeyError on
    each one it does not map — most of a Persian text — which made normalising a document
    cost more than parsing it.  A regex scan (in C) finds the runs that do need mapping and
    only those are translated; the result is the same string.
    """
    runs = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]+")

    def translate(text: str) -> str:
        return runs.sub(lambda m: m.group().translate(table), text)

    return translate


_normalise_chars = translator(_NORMALISE_TABLE)
_persian_digits = translator(_TO_PERSIAN_DIGITS)
_latin_digits = translator(_TO_LATIN_DIGITS)

# Line breaks as str.splitlines() understands them; everything else that is whitespace
# becomes a plain space.
# Patterns match only what must change ("\n" stays "\n", a single space stays a space): a
# substitution per ordinary newline or space was a sizeable share of normalising a document.
_LINE_BREAK_RE: Final = re.compile(r"\r\n?|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_HSPACE_RE: Final = re.compile(r"[^\S\n]{2,}|[^\S \n]")
_MANY_NEWLINES_RE: Final = re.compile(r"\n{3,}")

# Arabic presentation forms (what PDF extraction gives); NFKC turns them into base letters.
_PRESENTATION_RE: Final = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]")

# Guards for normalise().  Whitespace other than " " and "\n" (what _HSPACE_RE turns into a
# space; every str.isspace() character):
_ODD_SPACE_RE: Final = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0x110000) if chr(c).isspace() and chr(c) not in " \n")
    + "]"
)
# Any character the first three passes (presentation forms, the table, line breaks) change.
_SPECIAL_RE: Final = re.compile(
    r"[\ufb50-\ufdff\ufe70-\ufefe\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    + "".join(re.escape(chr(c)) for c in sorted(_NORMALISE_TABLE))
    + "]"
)
# A ZWNJ that _clean_zwnj would drop: one not between two letters/digits ([^\W_] is
# str.isalnum, which _is_word_char accepts).  Between two alphanumerics a single ZWNJ stays.
_LOOSE_ZWNJ_RE: Final = re.compile(r"\u200c(?:(?<![^\W_]\u200c)|(?![^\W_]))")


def _is_word_char(ch: str) -> bool:
    """A character a ZWNJ may sit next to: letters, digits and combining marks."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


_ZWNJ_RUN_RE: Final = re.compile("\u200c+")


def _clean_zwnj(text: str) -> str:
    """Collapse ZWNJ runs and keep a ZWNJ only between two word characters.

    A ZWNJ next to a space, punctuation or the text's edge has no visual effect, and it would
    make otherwise equal strings differ.  (Runs are found by a regex: Persian prose has a ZWNJ
    in every few words, and a character-by-character loop over the text was slow.)
    """
    if ZWNJ not in text:
        return text
    n = len(text)

    def keep(m: re.Match[str]) -> str:
        start, end = m.span()
        if start > 0 and end < n and _is_word_char(text[start - 1]) and _is_word_char(text[end]):
            return ZWNJ
        return ""

    return _ZWNJ_RUN_RE.sub(keep, text)


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
    # Each pass is guarded by a check done in C (a character-class scan or a substring
    # test): the parser normalises many strings that are already canonical, and a regex
    # substitution per pass per string was a large share of parsing time.  The result is
    # the same as running every pass unconditionally.
    if _SPECIAL_RE.search(text) is not None:
        text = _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        text = _normalise_chars(text)
        text = _LINE_BREAK_RE.sub("\n", text)
    # ZWNJ cleanup must run before whitespace collapsing: dropping a ZWNJ that sits between
    # two spaces must not leave a double space behind.
    if ZWNJ in text and _LOOSE_ZWNJ_RE.search(text) is not None:
        text = _clean_zwnj(text)
    if "  " in text or _ODD_SPACE_RE.search(text) is not None:
        text = _HSPACE_RE.sub(" ", text)
    if " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " ":
        text = "\n".join(line.strip(" ") for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _MANY_NEWLINES_RE.sub("\n\n", text)
    return text.strip()


# What clean_input removes: C0 controls other than tab and line breaks, DEL, C1 controls, the
# byte-order mark, and the bidi embeddings, overrides and isolates (U+202A–U+202E,
# U+2066–U+2069), which reorder how the text around them is displayed (a file name can be made
# to read backwards). Left-to-right / right-to-left marks (U+200E, U+200F, U+061C) stay: people
# type them to place «alert(2)» or a date correctly in a Persian sentence.
_INPUT_DELETE: Final[str] = (
    "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)))
    + "\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Arabic code points for the same Persian letters (an Arabic keyboard layout or font types them;
# «ي» and «ی» look alike): one letter for one letter, so «علي» and «علی» are the same word in
# the database too. ۀ and ة stay: they are spellings a person chose.
_INPUT_LETTERS: Final[dict[str, str]] = {
    k: v for k, v in _LETTER_MAP.items() if k not in ("\u06c0", "\u0629")
}
_clean_input_chars = translator(str.maketrans({**_INPUT_LETTERS, **dict.fromkeys(_INPUT_DELETE)}))


def clean_input(text: str) -> str:
    """What a person typed, as stored: digits, diacritics («لطفاً»), tatweel, ZWNJ and spacing
    are kept as typed; control characters and bidi overrides go, Arabic ي/ى/ك (and heh variants)
    become Persian ی/ک/ه, line breaks become ``\\n``, and the ends are stripped.

    Idempotent. Searches never compare this form: they use :func:`match_key` of it.
    """
    if not text:
        return ""
    text = _LINE_BREAK_RE.sub("\n", text)
    return _clean_input_chars(text).strip()


def to_persian_digits(s: str) -> str:
    """Convert Latin and Arabic-Indic digits in ``s`` to Persian digits; nothing else changes."""
    return _persian_digits(s)


def to_latin_digits(s: str) -> str:
    """Convert Persian and Arabic-Indic digits in ``s`` to ASCII digits; nothing else changes."""
    return _latin_digits(s)


def digits_only(s: str) -> str | None:
    """``s`` (stripped) as ASCII digits when it is a whole number in any of the three digit sets,
    else None: how searches tell «۱۲» (a number) from text. ``isdigit()`` alone also accepts
    «²» or «①», which ``int()`` refuses, so only ASCII digits pass."""
    latin = _latin_digits((s or "").strip())
    return latin if latin.isascii() and latin.isdigit() else None


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

_fold_chars = translator(_FOLD_TABLE)


def fold(text: str) -> str:
    """Length-preserving normalisation for *locating* things in text.

    Maps Arabic letter forms to Persian, all digits to ASCII, zero-width joiners to ZWNJ and
    tabs / carriage returns / no-break spaces to spaces, one character for one character, so
    ``fold(text)[i:j]`` and ``text[i:j]`` refer to the same phrase.
    """
    folded = _fold_chars(text)
    assert len(folded) == len(text)  # the table only holds 1:1 mappings
    return folded


# Hamza-carrying alefs are spelling variants for matching purposes («ائمه» / «أئمه»).
_MATCH_TABLE: Final = str.maketrans({"أ": "ا", "إ": "ا", "ٱ": "ا"})
_match_chars = translator(_MATCH_TABLE)
# \w is exactly str.isalnum() plus «_», so this drops every character that is not alnum.
_NON_ALNUM_RE: Final = re.compile(r"[\W_]+")


def match_key(text: str) -> str:
    """Key for search and matching: letters and Latin digits only, case-folded.

    ``normalise`` first, then drop ZWNJ, spaces and punctuation, so «دستگاه‌های»,
    «دستگاه های» and «دستگاههای» share a key.  Idempotent.
    """
    text = _match_chars(to_latin_digits(normalise(text))).casefold()
    return _NON_ALNUM_RE.sub("", text)


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


def has_persian_letters(text: str) -> bool:
    """Whether ``text`` holds any Arabic-script letter: tells our messages from a library's English."""
    return any("\u0600" <= ch <= "\u06ff" for ch in text)
