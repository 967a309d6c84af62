"""Quantified targets stated in a resolution's text («آموزش ۳۰۰۰ نفر», «۱۰ خانه احسان دیگر»).

Pure text work (no ORM): :func:`propose_target` finds a count followed by a countable unit
from a known vocabulary. Only units that name what is delivered are known (people,
households, houses, service desks, courses…); time words («۴ روز»), articles of law
(«ماده ۱۶»), dates and the seven axes («۷ محور») are never targets. The secretariat can always
correct the proposal on the edit page.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from qarargah.persian import NUMBER_WORDS_PATTERN, normalise, to_latin_digits, words_to_int

# Longest first, so «خانه احسان» wins over «خانه» and «میز خدمت» over «میز».
UNITS: Final[tuple[str, ...]] = tuple(
    sorted(
        {
            "نفر",
            "خانوار",
            "خانواده",
            "خانه احسان",
            "خانه محله",
            "خانه",
            "میز خدمت",
            "جلسه",
            "نشست",
            "دوره آموزشی",
            "دوره",
            "کارگاه آموزشی",
            "کارگاه",
            "کلاس",
            "مرکز",
            "پایگاه",
            "بسته معیشتی",
            "بسته",
            "سبد غذایی",
            "سبد",
            "واحد مسکونی",
            "واحد",
            "طرح",
            "پروژه",
            "اردو",
            "همایش",
            "جشنواره",
            "مسابقه",
            "گروه جهادی",
            "تیم",
            "مدرسه",
            "کتابخانه",
            "سالن",
            "زمین ورزشی",
            "فرصت شغلی",
            "شغل",
            "دانش آموز",
            "دانشجو",
            "کودک",
            "نوجوان",
            "جوان",
            "زوج",
            "مددجو",
            "سالمند",
            "معتاد",
            "پزشک",
            "تخت",
            "پرونده",
            "مورد",
            "قلم",
            "عدد",
            "ریال",
            "تومان",
            "هکتار",
            "کیلومتر",
            "متر مربع",
            "تن",
        },
        key=len,
        reverse=True,
    )
)

_MULTIPLIERS: Final[dict[str, int]] = {"هزار": 1_000, "میلیون": 1_000_000, "میلیارد": 1_000_000_000}
_SP = "[ \u200c]+"
_UNIT_ALT = "|".join(_SP.join(re.escape(part) for part in unit.split(" ")) for unit in UNITS)
_DIGITS = r"[0-9]+(?:[,٬][0-9]{3})*(?:[.٫][0-9]+)?"
_TARGET_RE: Final = re.compile(
    rf"(?<![\w\u200c/.٫-])(?P<num>{_DIGITS}|{NUMBER_WORDS_PATTERN})"
    rf"(?:{_SP}(?P<mult>هزار|میلیون|میلیارد))?"
    rf"{_SP}(?P<unit>{_UNIT_ALT})(?![\w\u200c])"
    rf"(?P<more>{_SP}دیگر(?![\w\u200c]))?"
)
# What precedes «مقرر گردید:» is context («با عنایت به راه‌اندازی ۱۰ خانه احسان …»); the
# decision, and so its target, follows it.
_DECIDED_RE: Final = re.compile(r"مقرر[ \u200c]*(?:گردید|شد)[ :]*")


def _number(raw: str) -> Decimal | None:
    raw = raw.replace(",", "").replace("٬", "").replace("٫", ".")
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", raw):
        return Decimal(raw)
    value = words_to_int(raw)
    return Decimal(value) if value is not None else None


def propose_target(text: str) -> tuple[Decimal, str] | None:
    """The target a resolution's text states, as (quantity, unit), or None.

    «آموزش ۳۰۰۰ نفر» → (3000, «نفر»); «۱۰ خانه احسان دیگر» → (10, «خانه احسان»);
    «برگزاری پنج میز خدمت» → (5, «میز خدمت»); «سه هزار نفر» → (3000, «نفر»).
    A count followed by «دیگر» (“10 more”) wins; otherwise the first count after «مقرر گردید».
    """
    text = to_latin_digits(normalise(text or ""))
    if not text:
        return None
    decided = _DECIDED_RE.search(text)
    body = text[decided.end() :] if decided else text
    candidates: list[tuple[Decimal, str, bool]] = []
    for m in _TARGET_RE.finditer(body):
        quantity = _number(m.group("num"))
        # «یک نفر نماینده معرفی شود» names a person, not a target; a target of one is noise.
        if quantity is None or (quantity <= 1 and not m.group("mult")):
            continue
        if m.group("mult"):
            quantity *= _MULTIPLIERS[m.group("mult")]
        unit = normalise(re.sub(_SP, " ", m.group("unit")))
        candidates.append((quantity, unit, bool(m.group("more"))))
    if not candidates:
        return None
    for quantity, unit, more in candidates:
        if more:
            return quantity, unit
    quantity, unit, _ = candidates[0]
    return quantity, unit


def progress_percent(achieved: Decimal | None, target: Decimal | None) -> int | None:
    """Whole percent of the target reached (capped at 100 for display), or None without a target."""
    if not target:
        return None
    achieved = achieved or Decimal(0)
    return min(100, int(achieved * 100 / target))
