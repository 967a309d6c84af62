"""Agenda items after «دستور کار:» / «دستور جلسه:» / «... با دستور کارهای ذیل برگزار گردید:».

Items come as numbered or bulleted lines, as plain short lines, or as one paragraph of
sentences; the list ends where the narrative or the next section starts.
"""

from __future__ import annotations

import re
from typing import Final

from qarargah.minutes_parser.blocks import Block, Para, clean
from qarargah.minutes_parser.header import labelled_segments

__all__ = [
    "ENUM_RE",
    "RESOLUTIONS_HEADING_RE",
    "extract_agenda",
    "is_agenda_trigger",
    "split_sentences",
    "strip_enum",
]

_W = r"[ \u200c]+"
# The heading of the resolutions: «مصوبات:», «تصمیمات متخذه:», «مصوبات جلسه به شرح ذیل می‌باشد:»,
# or a line that ends by announcing them («… موارد زیر مصوب شد:», «… تصمیمات زیر اتخاذ گردید:»).
RESOLUTIONS_HEADING_RE: Final = re.compile(
    r"^(?:خلاصه" + _W + r")?(?:مصوبات|تصمیمات|مصوبات" + _W + r"و" + _W + r"تصمیمات|نتایج" + _W + r"جلسه)"
    r"(?:" + _W + r"(?:جلسه|نشست|متخذه|اتخاذ" + _W + r"شده|اتخاذی|کمیته|کارگروه|شورا))*"
    r"(?:"
    + _W
    + r"به"
    + _W
    + r"شرح"
    + _W
    + r"(?:ذیل|زیر))?(?:"
    + _W
    + r"(?:می[ \u200c]*باشد|است|اعلام"
    + _W
    + r"می[ \u200c]*(?:گردد|شود)))?\s*[:：]?\s*$"
    r"|(?:مصوب"
    + _W
    + r"(?:گردید|شد|گردیدند|شدند)|به"
    + _W
    + r"تصویب"
    + _W
    + r"(?:رسید|رسیدند)|تصویب"
    + _W
    + r"(?:شد|گردید)|به"
    + _W
    + r"شرح"
    + _W
    + r"(?:ذیل|زیر)(?:"
    + _W
    + r"(?:می[ \u200c]*باشد|است))?|مقرر"
    + _W
    + r"(?:گردید|شد)|اتخاذ"
    + _W
    + r"(?:گردید|شد))\s*[:：]\s*$"
)

# «۱.», «۱-», «- ۱ -», «۱)», «(۱)», «الف)», «ب-», bullets.  Dates («۱۴۰۱/۰۱/۲۴») are not numbers.
_LETTERS = "الف|[بپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی]"
_ORDINALS: Final[dict[str, int]] = {
    "اول": 1,
    "نخست": 1,
    "دوم": 2,
    "سوم": 3,
    "چهارم": 4,
    "پنجم": 5,
    "ششم": 6,
    "هفتم": 7,
    "هشتم": 8,
    "نهم": 9,
    "دهم": 10,
    "یازدهم": 11,
    "دوازدهم": 12,
    "اولا": 1,
    "ثانیا": 2,
    "ثالثا": 3,
    "رابعا": 4,
    "خامسا": 5,
}
_ORDINAL_ALT = "|".join(k + "ً?" if k.endswith("ا") else k for k in sorted(_ORDINALS, key=len, reverse=True))
# Bullets: dashes, dots and the symbols and emoji of a messenger post («✅», «🔸», «📌», «▫️»).
_BULLETS = (
    "\\-–—•●▪◆■►▶❖➤➢*✓✔·\u2190-\u21ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\U0001f300-\U0001faff"
)
ENUM_RE: Final = re.compile(
    r"^[\s" + _BULLETS + r"]*"
    r"(?:"
    # «مصوبه ۱:», «بند ۲-», «ردیف ۳)»: the number after a word naming the item.
    r"(?:(?:مصوبه|بند|ردیف|مورد)[ \u200c]*(?:شماره[ \u200c]*)?(?P<wnum>[۰-۹]{1,3})\s*[-–.):]\s*)"
    r"|(?P<num>[۰-۹]{1,3})\s*(?:[-–.)\]:/_]|\s-)(?![۰-۹])"
    r"|\(\s*(?P<pnum>[۰-۹]{1,3})\s*\)"
    r"|(?P<let>" + _LETTERS + r")\s*[)\-–](?=\s|[^\s\-–)])"
    # «اول-», «دوم:», «سوم)», «اولاً،», «ثانیاً -»: ordinal words as the numbers.
    r"|(?P<ord>" + _ORDINAL_ALT + r")\s*[)\-–:،](?!\s*[۰-۹])"
    r")\s*"
)
_TO_PERSIAN: Final = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_BULLET_RE: Final = re.compile(r"^\s*[" + _BULLETS + r"]+\s*")
_TRIGGER_RE: Final = re.compile(
    r"^(?:\d+\s*[-.]\s*)?(?:دستور(?:ات)?[ \u200c]*(?:کار|جلسه)(?:[ \u200c]*ها)?(?:[ \u200c]+جلسه)?|موضوعات[ \u200c]+جلسه|"
    r"محورهای[ \u200c]+جلسه|موضوعات[ \u200c]+مورد[ \u200c]+بحث)\s*[:：]?\s*(?P<rest>.*)$"
)
_NARRATIVE_RE: Final = re.compile(
    r"(?<![\w\u200c])برگزار|تشکیل[ \u200c]+(?:شد|گردید)|^(?:پس[ \u200c]+از|در[ \u200c]+ابتدا|در[ \u200c]+ادامه|ابتدا|سپس|در[ \u200c]+این[ \u200c]+جلسه|"
    r"در[ \u200c]+پایان|اهم[ \u200c]+مطالب|مصوبات|خلاصه[ \u200c]+مذاکرات|شرح[ \u200c]+مذاکرات|جمع[ \u200c]*بندی)"
)


# Where the next item starts inside one line of numbered items («... حصار ۲- بررسی ...»).
_INLINE_ENUM_SPLIT_RE: Final = re.compile(r"\s+(?=(?<![۰-۹/])[۰-۹]{1,2}\s*[-.)]\s)")


def strip_enum(text: str) -> tuple[str, str | None]:
    """(text without its leading enumerator, the enumerator's number/letter or None)."""
    m = ENUM_RE.match(text)
    if m:
        if m.group("ord"):
            number = _ORDINALS[m.group("ord").replace("ً", "")]
            return text[m.end() :], str(number).translate(_TO_PERSIAN)
        return text[m.end() :], m.group("wnum") or m.group("num") or m.group("pnum") or m.group("let")
    b = _BULLET_RE.match(text)
    if b and b.end() < len(text):
        return text[b.end() :], "•"
    return text, None


def _item(text: str) -> str:
    text = clean(text)
    body, _ = strip_enum(text)
    return clean(body).strip(" .،,؛;:-–")


def split_sentences(text: str) -> list[str]:
    """One paragraph of agenda sentences → items (split at «.» followed by a space or the end)."""
    parts = re.split(r"(?<=[.!؟])\s+|\s*؛\s*", clean(text))
    return [p for p in (_item(x) for x in parts) if p]


def is_agenda_trigger(text: str) -> tuple[bool, str]:
    """Whether a paragraph opens the agenda, and any items written on the same line."""
    t = clean(text)
    m = _TRIGGER_RE.match(t)
    if m:
        return True, m.group("rest")
    if (
        t.endswith(":")
        and re.search(r"دستور[ \u200c]*(?:کار|جلسه)", t)
        and not RESOLUTIONS_HEADING_RE.search(t)
    ):
        # «… پس از بحث پیرامون دستور جلسه تصمیمات زیر اتخاذ گردید:» opens the resolutions.
        return True, ""
    return False, ""


def _is_enumerated(text: str) -> bool:
    return strip_enum(clean(text))[1] is not None or bool(_BULLET_RE.match(text))


def extract_agenda(blocks: list[Block], header_value: str | None) -> tuple[tuple[str, ...], set[int]]:
    """Agenda items and the indexes of the blocks they came from."""
    used: set[int] = set()
    for i, block in enumerate(blocks):
        if not isinstance(block, Para):
            continue
        ok, rest = is_agenda_trigger(block.text)
        if not ok:
            continue
        used.add(i)
        items: list[str] = []
        if rest.strip():
            if _is_enumerated(rest):
                # «دستور جلسه: ۱- ... ۲- ... ۳- ...» on one line: split at each number.
                items.extend(x for x in (_item(p) for p in _INLINE_ENUM_SPLIT_RE.split(clean(rest))) if x)
            else:
                items.extend(split_sentences(rest))
        j = i + 1
        plain: list[tuple[int, str]] = []
        while j < len(blocks):
            b = blocks[j]
            if not isinstance(b, Para):
                break
            text = b.text
            cleaned = clean(text)
            if labelled_segments(text) or is_agenda_trigger(text)[0]:
                break
            if _is_enumerated(text) and "**" not in text and not cleaned.endswith(":"):
                if plain:
                    break
                items.append(_item(text))
                used.add(j)
                j += 1
                continue
            if items and not plain:
                break  # the numbered list ended
            if _NARRATIVE_RE.search(cleaned) or "**" in text or cleaned.endswith(":"):
                break
            plain.append((j, text))
            j += 1
            if len(plain) == 1 and len(cleaned.split()) > 40:
                break  # one long paragraph of sentences
        if plain:
            if len(plain) == 1:
                items.extend(split_sentences(plain[0][1]))
            else:
                items.extend(x for x in (_item(t) for _, t in plain) if x)
            used.update(k for k, _ in plain)
        if items:
            return tuple(items), used
    if header_value:
        text = clean(header_value)
        parts = [p for p in re.split(r"\s*(?=(?<![۰-۹])[۰-۹]{1,2}\s*[-.)]\s)", text) if p.strip()]
        items = [_item(p) for p in parts] if len(parts) > 1 else split_sentences(text)
        return tuple(x for x in items if x), used
    return (), used
