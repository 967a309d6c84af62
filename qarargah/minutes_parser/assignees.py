"""Split an assignee cell into agencies: «فرمانداری کرج - کلیه دستگاههای اجرایی استان» → two.

Separators («/», « - », «،», «؛», newline, « و ») only split where *both* sides are agency
names; that keeps «اداره کل تعاون، کار و رفاه اجتماعی» and «دستگاههای عضو شورا و کارگروه»
whole while «فرمانداری ها و شهرداریهای محترم استان» becomes two.  Names of agencies whose
own name contains « و » or «،» (آموزش و پرورش، راه و شهرسازی …) are protected first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Final

from qarargah.minutes_parser.blocks import clean, register_cache
from qarargah.minutes_parser.vocab import AGENCY_HEADS, AGENCY_QUANTIFIERS, key

__all__ = ["is_agency_name", "split_assignees"]

_HEAD_KEYS: Final[tuple[str, ...]] = tuple(sorted({key(h) for h in AGENCY_HEADS}, key=len, reverse=True))
_QUANT_RE: Final = re.compile(r"^(?:" + "|".join(re.escape(q) for q in AGENCY_QUANTIFIERS) + r")[ \u200c]+")
# Compound names containing a separator; their inner « و »/«،» is not a split point.
_COMPOUNDS: Final[tuple[str, ...]] = (
    "آموزش و پرورش",
    "راه و شهرسازی",
    "راه شهرسازی",
    "ورزش و جوانان",
    "فرهنگ و ارشاد اسلامی",
    "تعاون، کار و رفاه اجتماعی",
    "تعاون کار و رفاه اجتماعی",
    "میراث فرهنگی، گردشگری و صنایع دستی",
    "میراث فرهنگی، صنایع دستی و گردشگری",
    "صنعت، معدن و تجارت",
    "امور زنان و خانواده",
    "امور اجتماعی و فرهنگی",
    "اجتماعی و فرهنگی",
    "امداد و نجات",
    "صدا و سیما",
    "علوم پزشکی و خدمات بهداشتی درمانی",
    "بهداشت، درمان و آموزش پزشکی",
    "مسکن و شهرسازی",
    "نوسازی، توسعه و تجهیز مدارس",
    "جوانان و ورزش",
    "حمل و نقل",
    "فنی و حرفه ای",
    "فنی و حرفه‌ای",
    "آب و فاضلاب",
    "آب و برق",
    "امور اقتصادی و دارایی",
    "اقتصادی و دارایی",
    "ثبت اسناد و املاک",
    "منابع طبیعی و آبخیزداری",
    "حفاظت محیط زیست",
    "سیاسی، امنیتی و اجتماعی",
    "هماهنگی امور عمرانی",
    "مبارزه با مواد مخدر",
)
_COMPOUND_RE: Final = re.compile(
    "|".join(
        "[ \u200c]*".join(re.escape(w) for w in c.replace("،", " ، ").split())
        for c in sorted(_COMPOUNDS, key=len, reverse=True)
    ).replace("،", "[،,]")
)
# The leading look-ahead only restates what every match starts with (whitespace or a separator
# character); it lets the engine skip other positions at once instead of trying each branch.
_SEP_RE: Final = re.compile(
    r"(?=[\s/\\؛;،,|\-–—])(?:\s*(?:/|\\|\n|؛|;|،|,|\s[-–—]\s|\s[-–—](?=\S)|(?<=\S)[-–—]\s|\|)\s*|\s+و\s+)"
)


@register_cache
@lru_cache(maxsize=2048)
def is_agency_name(text: str) -> bool:
    """Head-word rule: the part starts with an agency head («اداره کل»، «فرمانداری»، …),
    optionally after a quantifier («کلیه»، «سایر»)."""
    t = _QUANT_RE.sub("", clean(text))
    k = key(t)
    return bool(k) and k.startswith(_HEAD_KEYS)


def split_assignees(raw: str | None, is_agency: Callable[[str], bool] | None = None) -> tuple[str, ...]:
    """Agencies named in an assignee cell, as written (normalised), in order."""
    text = clean(raw).strip(" .،,:-–")
    if not text:
        return ()
    check = is_agency or is_agency_name

    def safe_check(part: str) -> bool:
        try:
            return bool(check(part))
        except Exception:  # a caller's predicate must not break parsing
            return is_agency_name(part)

    protected = [(m.start(), m.end()) for m in _COMPOUND_RE.finditer(text)]

    def inside(pos: int) -> bool:
        return any(s <= pos < e for s, e in protected)

    pieces: list[str] = []
    seps: list[str] = []
    last = 0
    for m in _SEP_RE.finditer(text):
        if m.start() == m.end() or inside(m.start()) or inside(m.end() - 1):
            continue
        pieces.append(text[last : m.start()])
        seps.append(m.group())
        last = m.end()
    pieces.append(text[last:])

    groups: list[str] = []
    current = ""
    for i, piece in enumerate(pieces):
        piece = piece.strip()
        if not current:
            current = piece
            continue
        sep = seps[i - 1]
        if piece and safe_check(current) and safe_check(piece):
            groups.append(current)
            current = piece
        else:
            # Rejoin with the separator as written, so a kept name reads as in the file.
            joiner = sep if sep.strip() in {"،", ","} else sep if sep.strip() else " "
            joiner = re.sub(r"\s*([،,])\s*", r"\1 ", joiner) if sep.strip() in {"،", ","} else joiner
            current = f"{current}{joiner}{piece}" if piece else current
    if current:
        groups.append(current)
    return tuple(g for g in (clean(x).strip(" .،,:-–/") for x in groups) if g)
