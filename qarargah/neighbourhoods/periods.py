"""Jalali periods of the indicators, without Django: «مهر ۱۴۰۳», «پاییز ۱۴۰۳», «۱۴۰۳»."""

from __future__ import annotations

from qarargah.persian import MONTHS_FA, to_persian_digits

SEASONS_FA = ("بهار", "تابستان", "پاییز", "زمستان")
PARTS = {"month": 12, "season": 4, "year": 0}


def valid_part(period: str, part: int) -> bool:
    most = PARTS[period]
    return part == 0 if most == 0 else 1 <= part <= most


def period_label(period: str, year: int, part: int) -> str:
    y = to_persian_digits(str(year))
    if period == "month":
        return f"{MONTHS_FA[part - 1]} {y}"
    if period == "season":
        return f"{SEASONS_FA[part - 1]} {y}"
    return y


def part_choices(period: str) -> list[tuple[int, str]]:
    if period == "month":
        return [(i, name) for i, name in enumerate(MONTHS_FA, start=1)]
    if period == "season":
        return [(i, name) for i, name in enumerate(SEASONS_FA, start=1)]
    return [(0, "کل سال")]
