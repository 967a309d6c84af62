"""A second, independently written messy generator, so the linkage is not tuned to one
generator's habits.

Different name lists (Azeri, Kurdish, Lur and Arab Iranian names beside Persian ones, and
surnames the main generator never uses), a different structure (people drawn one by one with
a family attached only sometimes, no shared household mobile) and a harsher error mix: more
missing codes, more typos, courtesy words («آقای», «خانم», «حاج») in the name fields, «ة/ۀ»
endings, «زاده» written apart, two-digit Jalali years, abbreviations in addresses.  The rows
have the same fields as :func:`qarargah.linkage.synthetic.generate`.
"""

from __future__ import annotations

import random
from typing import Any, Final

from qarargah.linkage.codes import is_valid_national_code, make_code
from qarargah.persian import JalaliDate, month_length, to_persian_digits

MEN: Final = [
    "آراز",
    "ایلقار",
    "سهند",
    "ساوالان",
    "ئاسو",
    "هیوا",
    "شاهو",
    "رامین",
    "کاوه",
    "ژیار",
    "بارزان",
    "ریبوار",
    "فرامرز",
    "کیومرث",
    "منوچهر",
    "بهمن",
    "خسرو",
    "یدالله",
    "عزت\u200cالله",
    "نعمت\u200cالله",
    "روح\u200cالله",
    "فتح\u200cالله",
    "حبیب\u200cالله",
    "سیف\u200cالله",
    "عبدالرضا",
    "عبدالحسین",
    "جلیل",
    "خلیل",
    "اسدالله",
    "قدرت\u200cالله",
    "ذبیح\u200cالله",
    "نصرالله",
    "عیسی",
    "موسی",
    "یحیی",
    "زکریا",
    "ادریس",
    "عارف",
    "عادل",
    "فاضل",
    "حسن",
    "حسین",
    "علی",
    "محمد",
    "رضا",
]
WOMEN: Final = [
    "آیسان",
    "آیدا",
    "سولماز",
    "گلاله",
    "ژینا",
    "شیلان",
    "روناک",
    "هیرو",
    "بیان",
    "تارا",
    "ترانه",
    "گلرخ",
    "گلبهار",
    "گلچهره",
    "قمر",
    "بتول",
    "خاتون",
    "عصمت",
    "عفت",
    "ربابه",
    "شوکت",
    "منور",
    "فخری",
    "قدسی",
    "جمیله",
    "نجیبه",
    "سهیلا",
    "ثمینه",
    "ثمانه",
    "سمن",
    "گیتی",
    "زهرا",
    "فاطمه",
    "مریم",
]
SURNAMES_COMMON: Final = [
    "قادری",
    "تبریزی",
    "اردبیلی",
    "کردی",
    "لرستانی",
    "بختیاری",
    "زند",
    "آذری",
    "قشقایی",
    "عرب",
    "خزاعی",
]
_STEMS: Final = [
    "ساری",
    "گل",
    "بابا",
    "قره",
    "آق",
    "داش",
    "یار",
    "خان",
    "بیگ",
    "دده",
    "ممد",
    "شکور",
    "ملک",
    "نور",
    "قلعه",
    "چشمه",
    "سنگ",
    "برف",
    "باد",
    "آتش",
]
_ENDS: Final = ("لو", "زاده", "ی", "وند", "پور", "نژاد", "بیگی", "آبادی", "خانی")
SURNAMES_RARE: Final = tuple(a + b for a in _STEMS for b in _ENDS)

COUNTIES: Final = {
    "اراک": ("کوی مسلم", "شهرک صنعتی", "باغ ملی"),
    "ساوه": ("آزادگان", "صنعتی"),
    "خمین": ("مرکزی",),
    "محلات": ("نیمور",),
}
SOURCES: Final = (
    "بهزیستی",
    "کمیته امداد",
    "شهرداری",
    "آموزش و پرورش",
    "شبکه بهداشت",
    "زندان‌ها",
    "بنیاد مسکن",
)

RATES: Final = {
    "missing_code": 0.30,
    "bad_code": 0.06,
    "typo": 0.10,
    "courtesy": 0.06,
    "swap": 0.04,
    "zadeh_apart": 0.5,
    "two_digit_year": 0.10,
    "day_month_swap": 0.03,
    "missing_date": 0.06,
    "missing_father": 0.2,
    "missing_mobile": 0.55,
    "missing_address": 0.25,
    "short_address": 0.3,
}


def _typo(rng: random.Random, s: str) -> str:
    if len(s) < 3:
        return s
    i = rng.randrange(len(s))
    op = rng.randrange(3)
    if op == 0:
        return s[:i] + s[i + 1 :]
    if op == 1:
        return s[:i] + rng.choice("بپتسشکگلمنوهی") + s[i + 1 :]
    return s[:i] + rng.choice("اوی") + s[i:]


def generate_variant(people: int, sources: int = 6, seed: int = 0) -> list[dict[str, Any]]:
    rng = random.Random(seed * 7919 + 13)
    used: set[str] = set()
    persons: list[dict[str, Any]] = []
    weights = [1 / (i + 1) for i in range(len(SURNAMES_COMMON))]
    while len(persons) < people:
        last = rng.choices(SURNAMES_COMMON, weights)[0] if rng.random() < 0.3 else rng.choice(SURNAMES_RARE)
        county = rng.choice(list(COUNTIES))
        hood = rng.choice(COUNTIES[county])
        street = rng.randint(1, 60)
        plaque = rng.randint(1, 400)
        father = rng.choice(MEN)
        family = 1 if rng.random() < 0.5 else rng.randint(2, 6)
        year0 = rng.randint(1330, 1400)
        names: set[str] = set()
        head_code = ""
        twin_date: JalaliDate | None = None
        for k in range(family):
            if len(persons) >= people:
                break
            sex = rng.choice("mf")
            pool = MEN if sex == "m" else WOMEN
            first = rng.choice(pool)
            while first in names:
                first = rng.choice(pool)
            names.add(first)
            if twin_date is not None and rng.random() < 0.1:
                birth = twin_date
            else:
                y = min(1402, year0 + 2 * k)
                m = rng.randint(1, 12)
                birth = JalaliDate(y, m, rng.randint(1, month_length(y, m)))
            twin_date = birth
            while True:
                code = make_code(f"{rng.randrange(10**9):09d}")
                if code not in used and code != code[0] * 10:
                    used.add(code)
                    break
            head_code = head_code or code
            persons.append(
                {
                    "pid": f"V{len(persons)}",
                    "first": first,
                    "last": last,
                    "father": father,
                    "sex": sex,
                    "birth": birth,
                    "code": code,
                    "mobile": f"09{rng.randrange(10**9):09d}",
                    "address": f"{county}، {hood}، خیابان {street}، پلاک {plaque}",
                    "short": f"{county} خ {street} پ {plaque}",
                    "county": county,
                    "hood": hood,
                    "head": head_code,
                }
            )
    rows: list[dict[str, Any]] = []
    names_of = SOURCES[:sources]
    counters = dict.fromkeys(names_of, 0)
    for p in persons:
        for source in rng.sample(names_of, rng.choice((1, 1, 2, 2, 2, 3, 3, 4))):
            counters[source] += 1
            rows.append(_row(rng, p, source, f"v{counters[source]}"))
    rng.shuffle(rows)
    return rows


def _row(rng: random.Random, p: dict[str, Any], source: str, sid: str) -> dict[str, Any]:
    r = RATES
    first, last, father = p["first"], p["last"], p["father"]
    if last.endswith("زاده") and rng.random() < r["zadeh_apart"]:
        last = last[:-4] + " زاده"
    if rng.random() < r["typo"]:
        if rng.random() < 0.5:
            first = _typo(rng, first)
        else:
            last = _typo(rng, last)
    if rng.random() < r["courtesy"]:
        first = ("آقای " if p["sex"] == "m" else "خانم ") + first
    if rng.random() < r["swap"]:
        first, last = last, first
    code = p["code"]
    if rng.random() < r["bad_code"]:
        while is_valid_national_code(code):
            i = rng.randrange(10)
            code = code[:i] + str(rng.randrange(10)) + code[i + 1 :]
    if rng.random() < r["missing_code"]:
        code = ""
    d: JalaliDate = p["birth"]
    y, m, day = d.year, d.month, d.day
    if rng.random() < r["day_month_swap"] and day <= 12:
        m, day = day, m
    if rng.random() < r["two_digit_year"] and y % 100 > 31:
        date = f"{y % 100:02d}/{m:02d}/{day:02d}"
    else:
        date = rng.choice(
            (f"{y}/{m}/{day}", f"{day}-{m}-{y}", f"{y}{m:02d}{day:02d}"[:0] + f"{y}/{m:02d}/{day:02d}")
        )
    if rng.random() < r["missing_date"]:
        date = ""
    address = p["short"] if rng.random() < r["short_address"] else p["address"]
    return {
        "source": source,
        "source_id": sid,
        "national_code": to_persian_digits(code) if rng.random() < 0.5 else code,
        "first_name": first,
        "last_name": last,
        "father_name": "" if rng.random() < r["missing_father"] else father,
        "birth_date": to_persian_digits(date) if rng.random() < 0.5 else date,
        "sex": rng.choice(({"m": "مرد", "f": "زن"}, {"m": "1", "f": "2"}))[p["sex"]],
        "mobile": "" if rng.random() < r["missing_mobile"] else "+98" + p["mobile"][1:],
        "address": "" if rng.random() < r["missing_address"] else address,
        "county": p["county"],
        "neighbourhood": p["hood"],
        "head_national_code": p["head"] if rng.random() < 0.4 else "",
        "true_person": p["pid"],
    }
