"""Synthetic truth for the registry: messy agency lists whose true people are known.

``generate(people, sources, seed)`` builds households (a head, often a spouse, children, some
twins) with realistic Persian names — surnames with a Zipf-like frequency (محمدی, حسینی, احمدی …
common; hundreds of rarer ones), male and female first names including compound ones
(«محمدرضا», «فاطمه‌زهرا»), seyyed families — and valid national codes.  Each person appears in
1–4 of the sources, and each appearance is written as an agency would write it, with every
error the issue lists at the known rates in ``ERROR_RATES``.  Deterministic for a seed.

``clean_records(rows)`` reads those rows into the clean records ``link_records`` expects (what
the registry's importer does), and ``truth(rows)`` gives key → true person.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Final

from qarargah.linkage.codes import is_valid_national_code, make_code, normalise_national_code
from qarargah.linkage.fields import parse_birth_date, parse_mobile, parse_sex
from qarargah.persian import JalaliDate, month_length, to_persian_digits


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


COMMON_SURNAMES: Final = _words(
    "محمدی حسینی احمدی رضایی موسوی کریمی جعفری رحیمی هاشمی صادقی قاسمی مرادی محمودی کاظمی عباسی "
    "حیدری ابراهیمی نوری اکبری سلیمانی زارعی یوسفی امیری باقری قربانی نجفی شریفی رستمی کرمی طاهری "
    "میرزایی صفری عزیزی فتحی بهرامی اسدی خسروی نظری فرجی رحمانی غلامی سلطانی ملکی جلالی قنبری "
    "طباطبایی شیرازی اصفهانی کرمانی یزدانی حسنی مختاری نادری منصوری عسگری"
)
_ROOTS: Final = _words(
    "کاظم علی حسن رضا تقی نقی جواد باقر صادق مهدی نصر فرهاد بهمن جهان شاه خدا امام ولی قلی رستم "
    "اسماعیل یعقوب داوود سلمان ایزد مهر بهار کوه دشت نیک بابا جمال کمال اکرم فاضل شکر نوروز "
    "بیگ قاضی درویش زرگر آهنگر باغبان کشاورز دهقان صالح رحمت برکت"
)
_SUFFIXES: Final = (
    "ی",
    "پور",
    "\u200cزاده",
    "\u200cنژاد",
    "یان",
    "لو",
    "وند",
    "\u200cیار",
    "\u200cنیا",
    "\u200cفر",
    "خانی",
)
_PREFIXES: Final = ("", "", "میر", "حاج", "ملا", "شیخ", "آقا")
# Several thousand rarer surnames, as the register has (each a handful of families).
RARE_SURNAMES: Final = tuple(sorted({p + r + s for p in _PREFIXES for r in _ROOTS for s in _SUFFIXES}))

MALE_NAMES: Final = _words(
    "محمد علی حسین رضا مهدی امیر حسن محمدرضا علیرضا محمدعلی امیرحسین محمدحسین ابوالفضل مصطفی "
    "مجتبی سعید حمید مجید جواد احمد محمود عباس اکبر اصغر یوسف یعقوب ابراهیم اسماعیل کاظم هادی "
    "محسن مرتضی ناصر منصور بهروز فرهاد داوود سجاد میلاد امین آرمان پارسا آرش بهنام کیوان "
    "غلامرضا محمدمهدی امیرعلی محمدجواد محمدامین علی‌اکبر محمدصادق"
)
FEMALE_NAMES: Final = _words(
    "فاطمه زهرا مریم زینب معصومه سکینه لیلا سمیه نرگس الهام مهسا سارا نازنین ریحانه حدیثه کوثر "
    "طاهره اعظم اشرف منیژه پروین شهلا مینا نسرین هانیه یاسمن ستاره آزاده صدیقه رقیه کبری طیبه "
    "راضیه مرضیه فرشته ژیلا هستی نیلوفر فاطمه‌زهرا زهرا‌سادات مهدیه ملیکا"
)
COMPOUND_FIRST: Final[dict[str, str]] = {
    "محمدرضا": "محمد",
    "علیرضا": "علی",
    "محمدعلی": "محمد",
    "امیرحسین": "امیر",
    "محمدحسین": "محمد",
    "غلامرضا": "غلام",
    "محمدمهدی": "محمد",
    "امیرعلی": "امیر",
    "محمدجواد": "محمد",
    "محمدامین": "محمد",
    "علی‌اکبر": "علی",
    "محمدصادق": "محمد",
    "فاطمه‌زهرا": "فاطمه",
    "زهرا‌سادات": "زهرا",
}
# Where the two parts are joined in the list, how an agency may write them instead.
SEYYED_SURNAMES: Final = frozenset({"حسینی", "موسوی", "هاشمی", "طباطبایی", "حسنی", "کاظمی"})

COUNTIES: Final[dict[str, tuple[str, ...]]] = {
    "کرج": ("حصار", "اسلام‌آباد", "اخترآباد", "حیدرآباد", "گلشهر", "فردیس", "مهرشهر", "کوی کارمندان"),
    "فردیس": ("شهرک فردیس", "ملک‌آباد", "کانال"),
    "ساوجبلاغ": ("هشتگرد", "گلسار", "قاسم‌آباد"),
    "نظرآباد": ("تنکمان", "مرکز شهر"),
    "اشتهارد": ("پلنگ‌آباد", "مرکز شهر"),
    "طالقان": ("طالقان مرکزی",),
}
STREETS: Final = _words(
    "امام خمینی مطهری شریعتی طالقانی ولیعصر آزادی انقلاب بهشتی باهنر رجایی شهید چمران بسیج "
    "فردوسی سعدی حافظ گلستان بهار لاله نرگس یاس"
)

SOURCES: Final = (
    "بهزیستی",
    "کمیته امداد",
    "آموزش و پرورش",
    "شهرداری",
    "شبکه بهداشت",
    "تعاون، کار و رفاه اجتماعی",
    "اداره ورزش و جوانان",
    "دادگستری",
)

# Per record, the share of rows carrying each error (known rates, so accuracy can be read
# against them).
ERROR_RATES: Final[dict[str, float]] = {
    "missing_code": 0.12,
    "mistyped_code": 0.04,
    "arabic_letters": 0.15,
    "spacing": 0.30,  # of compound names: «محمد رضا» / «محمد‌رضا»
    "seyyed_written": 0.5,  # of seyyed people: «سید» written in this row
    "compound_shortened": 0.25,  # of compound names
    "swapped_names": 0.02,
    "typo": 0.05,
    "day_month_swap": 0.02,
    "date_typo": 0.01,
    "missing_birth_date": 0.03,
    "missing_father": 0.10,
    "missing_mobile": 0.35,
    "missing_address": 0.15,
    "missing_sex": 0.08,
}
# How many sources a person appears in (1–4).
APPEARANCES: Final = ((1, 0.30), (2, 0.33), (3, 0.22), (4, 0.15))

_SIMILAR: Final[dict[str, str]] = {
    "س": "صث",
    "ص": "س",
    "ث": "س",
    "ز": "ذظض",
    "ذ": "ز",
    "ض": "ز",
    "ظ": "ز",
    "ت": "ط",
    "ط": "ت",
    "ح": "ه",
    "ه": "ح",
    "ق": "غ",
    "غ": "ق",
    "ا": "آ",
    "آ": "ا",
}
_ARABIC: Final = str.maketrans({"ی": "ي", "ک": "ك"})
_ARABIC_DIGITS: Final = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class _Picker:
    """Weighted choice by bisect on cumulative weights (random.choices is slower per call)."""

    def __init__(self, items: tuple[str, ...] | list[str], weights: list[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect(self.cum, rng.random() * self.total)]


def _zipf(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (r**s) for r in range(1, n + 1)]


def _surname_picker() -> _Picker:
    common = _zipf(len(COMMON_SURNAMES), 0.9)
    # The common surnames carry about a third of people (محمدی alone ~3%); the rest spread
    # over thousands of rarer ones, themselves Zipf-like.
    scale = 0.25 / sum(common)
    rare = _zipf(len(RARE_SURNAMES), 0.6)
    rare_scale = 0.75 / sum(rare)
    order = random.Random(7).sample(RARE_SURNAMES, len(RARE_SURNAMES))
    return _Picker((*COMMON_SURNAMES, *order), [w * scale for w in common] + [w * rare_scale for w in rare])


_SURNAME = _surname_picker()
_MALE = _Picker(MALE_NAMES, _zipf(len(MALE_NAMES), 0.8))
_FEMALE = _Picker(FEMALE_NAMES, _zipf(len(FEMALE_NAMES), 0.8))


@dataclass(slots=True)
class _Person:
    pid: str
    code: str
    first: str
    last: str
    father: str
    sex: str
    birth: JalaliDate
    mobile: str
    address: str
    county: str
    neighbourhood: str
    head_code: str
    seyyed: bool


def _code(rng: random.Random, used: set[str]) -> str:
    while True:
        nine = f"{rng.randrange(1, 999_999_999):09d}"
        code = make_code(nine)
        if code not in used and code != code[0] * 10:
            used.add(code)
            return code


def _birth(rng: random.Random, year_from: int, year_to: int) -> JalaliDate:
    y = rng.randint(year_from, year_to)
    m = rng.randint(1, 12)
    return JalaliDate(y, m, rng.randint(1, month_length(y, m)))


def _mobile(rng: random.Random) -> str:
    return f"09{rng.choice('0123913')}{rng.randrange(10**8):08d}"


def _households(people: int, rng: random.Random) -> list[_Person]:
    used: set[str] = set()
    out: list[_Person] = []
    pid = 0

    def add(**kw: Any) -> _Person:
        nonlocal pid
        person = _Person(pid=f"P{pid}", code=_code(rng, used), **kw)
        pid += 1
        out.append(person)
        return person

    while len(out) < people:
        last = _SURNAME(rng)
        seyyed = rng.random() < (0.8 if last in SEYYED_SURNAMES else 0.04)
        county = rng.choice(tuple(COUNTIES))
        neighbourhood = rng.choice(COUNTIES[county])
        address = (
            f"{county} {neighbourhood} خیابان {rng.choice(STREETS)} کوچه {rng.randint(1, 40)} "
            f"پلاک {rng.randint(1, 250)}"
        )
        female_head = rng.random() < 0.15
        head_first = (_FEMALE if female_head else _MALE)(rng)
        head = add(
            first=head_first,
            last=last,
            father=_MALE(rng),
            sex="f" if female_head else "m",
            birth=_birth(rng, 1325, 1380),
            mobile=_mobile(rng),
            address=address,
            county=county,
            neighbourhood=neighbourhood,
            head_code="",
            seyyed=seyyed,
        )
        head.head_code = head.code
        common = {
            "address": address,
            "county": county,
            "neighbourhood": neighbourhood,
            "head_code": head.code,
        }
        if not female_head and rng.random() < 0.8 and len(out) < people:
            add(
                first=_FEMALE(rng),
                last=_SURNAME(rng),
                father=_MALE(rng),
                sex="f",
                birth=_birth(rng, max(1320, head.birth.year - 2), min(1385, head.birth.year + 12)),
                mobile=_mobile(rng) if rng.random() < 0.6 else head.mobile,
                seyyed=rng.random() < 0.05,
                **common,
            )
        father_name = head_first if not female_head else _MALE(rng)
        children = rng.choice((0, 1, 2, 2, 3, 3, 4, 5))
        lo = max(head.birth.year + 18, 1360)
        # Children are not named after a parent in the same house.
        names: set[str] = {head_first, father_name}
        twin_of: _Person | None = None
        # Children are born at least a year apart, twins apart.
        years = sorted(rng.sample(range(lo, 1403), min(children, 1403 - lo))) if lo < 1403 else []
        for c, year in enumerate(years):
            if len(out) >= people:
                break
            sex = "m" if rng.random() < 0.5 else "f"
            picker = _MALE if sex == "m" else _FEMALE
            first = picker(rng)
            while first in names:
                first = picker(rng)
            names.add(first)
            if twin_of is not None and c > 0 and rng.random() < 0.06:
                birth = twin_of.birth  # twins: same birth date, same everything but the name
            else:
                birth = _birth(rng, year, year)
            twin_of = add(
                first=first,
                last=last,
                father=father_name,
                sex=sex,
                birth=birth,
                mobile=head.mobile if rng.random() < 0.7 else _mobile(rng),
                seyyed=seyyed,
                **common,
            )
    return out


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))
    ch = text[i]
    kind = rng.random()
    if ch in _SIMILAR and kind < 0.5:
        return text[:i] + rng.choice(_SIMILAR[ch]) + text[i + 1 :]
    if kind < 0.7:
        return text[:i] + text[i + 1 :]
    if kind < 0.85 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("اوینرده") + text[i:]


def _digits(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.45:
        return to_persian_digits(text)
    if r < 0.5:
        return text.translate(_ARABIC_DIGITS)
    return text


def _write_date(rng: random.Random, d: JalaliDate) -> str:
    y, m, day = d.year, d.month, d.day
    if rng.random() < ERROR_RATES["day_month_swap"] and day <= 12 and day != m:
        m, day = day, m
    if rng.random() < ERROR_RATES["date_typo"]:
        # A neighbouring key on the last digit of the day (kept a valid date).
        day = max(1, min(month_length(y, m) if m <= 12 else 29, day + rng.choice((-1, 1))))
    r = rng.random()
    if r < 0.55:
        text = f"{y}/{m:02d}/{day:02d}"
    elif r < 0.75:
        text = f"{day:02d}/{m:02d}/{y}"
    elif r < 0.85:
        text = f"{y}-{m}-{day}"
    elif r < 0.93:
        text = f"{y}.{m:02d}.{day:02d}"
    else:
        text = f"{day}/{m}/{y}"
    return _digits(rng, text)


def _write_code(rng: random.Random, code: str) -> str:
    if rng.random() < ERROR_RATES["mistyped_code"]:
        # A slip of one digit or two swapped digits, kept only if the checksum catches it (it
        # nearly always does; remainders 1 and 10 share check digit 1, so a few slips stay valid).
        true = code
        while code == true or is_valid_national_code(code):
            i = rng.randrange(10)
            if rng.random() < 0.5 and i < 9 and true[i] != true[i + 1]:
                code = true[:i] + true[i + 1] + true[i] + true[i + 2 :]
            else:
                code = true[:i] + str((int(true[i]) + rng.randint(1, 9)) % 10) + true[i + 1 :]
    r = rng.random()
    if r < 0.1 and code.startswith("0"):
        code = code.lstrip("0")  # Excel ate the leading zeros
    elif r < 0.15:
        code = f"{code[:3]}-{code[3:9]}-{code[9]}"
    return _digits(rng, code)


def _write_mobile(rng: random.Random, mobile: str) -> str:
    r = rng.random()
    if r < 0.6:
        text = mobile
    elif r < 0.8:
        text = "+98" + mobile[1:]
    elif r < 0.9:
        text = "98" + mobile[1:]
    else:
        text = f"{mobile[:4]} {mobile[4:7]} {mobile[7:]}"
    return _digits(rng, text)


_SEX_TEXT: Final = (("مرد", "زن"), ("م", "ز"), ("1", "2"), ("۱", "۲"))


def _row(rng: random.Random, p: _Person, source: str, source_id: str) -> dict[str, Any]:
    e = ERROR_RATES
    first, last, father = p.first, p.last, p.father
    if first in COMPOUND_FIRST:
        if rng.random() < e["compound_shortened"]:
            first = COMPOUND_FIRST[first]
        elif rng.random() < e["spacing"]:
            short = COMPOUND_FIRST[first]
            rest = first[len(short) :].lstrip("\u200c")
            first = short + rng.choice((" ", "\u200c", "  ")) + rest
    elif "\u200c" in last and rng.random() < e["spacing"]:
        last = last.replace("\u200c", rng.choice((" ", "")))
    if p.seyyed and rng.random() < e["seyyed_written"]:
        if p.sex == "m":
            first = rng.choice(("سید ", "سید", "سید ")) + first
        else:
            first = rng.choice(("سیده ", "سیده ")) + first if rng.random() < 0.6 else first + " سادات"
    if rng.random() < e["typo"]:
        which = rng.random()
        if which < 0.4:
            first = _typo(rng, first)
        elif which < 0.8:
            last = _typo(rng, last)
        else:
            father = _typo(rng, father)
    if rng.random() < e["missing_father"]:
        father = ""
    if rng.random() < e["swapped_names"]:
        first, last = last, first
    if rng.random() < e["arabic_letters"]:
        first, last, father = first.translate(_ARABIC), last.translate(_ARABIC), father.translate(_ARABIC)
    code = "" if rng.random() < e["missing_code"] else _write_code(rng, p.code)
    head = p.head_code if rng.random() < 0.6 else ""
    return {
        "source": source,
        "source_id": source_id,
        "national_code": code,
        "first_name": first,
        "last_name": last,
        "father_name": father,
        "birth_date": "" if rng.random() < e["missing_birth_date"] else _write_date(rng, p.birth),
        "sex": "" if rng.random() < e["missing_sex"] else rng.choice(_SEX_TEXT)[0 if p.sex == "m" else 1],
        "mobile": "" if rng.random() < e["missing_mobile"] else _write_mobile(rng, p.mobile),
        "address": "" if rng.random() < e["missing_address"] else _digits(rng, p.address),
        "county": p.county,
        "neighbourhood": p.neighbourhood,
        "head_national_code": _digits(rng, head) if head else "",
        "true_person": p.pid,
    }


def generate(people: int, sources: int = 6, seed: int = 0) -> list[dict[str, Any]]:
    """Rows as agencies send them, for ``people`` true people over ``sources`` sources."""
    if not 1 <= sources <= len(SOURCES):
        raise ValueError(f"sources must be 1…{len(SOURCES)}")
    rng = random.Random(seed)
    persons = _households(people, rng)
    names = SOURCES[:sources]
    counters = [0] * sources
    appearances = _Picker([str(k) for k, _ in APPEARANCES], [w for _, w in APPEARANCES])
    rows: list[dict[str, Any]] = []
    for p in persons:
        k = min(int(appearances(rng)), sources)
        for s in rng.sample(range(sources), k):
            counters[s] += 1
            rows.append(_row(rng, p, names[s], f"{s + 1}-{counters[s]}"))
    rng.shuffle(rows)
    return rows


def record_key(row: dict[str, Any]) -> str:
    return f"{row['source']}:{row['source_id']}"


def clean_records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The generator's rows read as the registry's importer reads them: valid national code or
    '', Gregorian ISO birth date or '', sex 'm'/'f'/'', mobile '09…' or ''."""
    out: list[dict[str, Any]] = []
    for row in rows:
        head = normalise_national_code(row.get("head_national_code") or "")
        out.append(
            {
                "key": record_key(row),
                "source": row["source"],
                "national_code": normalise_national_code(row.get("national_code") or "") or "",
                "first_name": row.get("first_name") or "",
                "last_name": row.get("last_name") or "",
                "father_name": row.get("father_name") or "",
                "birth_date": parse_birth_date(row.get("birth_date") or "") or "",
                "sex": parse_sex(row.get("sex") or "") or "",
                "mobile": parse_mobile(row.get("mobile") or "") or "",
                "address": row.get("address") or "",
                "county": row.get("county") or "",
                "neighbourhood": row.get("neighbourhood") or "",
                "head_national_code": head or "",
            }
        )
    return out


def truth(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Record key → true person id."""
    return {record_key(r): r["true_person"] for r in rows}
