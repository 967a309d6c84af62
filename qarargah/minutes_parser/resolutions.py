"""Resolutions (مصوبات): from tables (tab, Markdown or Word) and from numbered/lettered lists.

Tables: columns are found by header names in any order; rows whose columns were reversed by a
right-to-left conversion are detected per row by content; a row without a row number (or with
empty leading cells) continues the row above (a page break in Word); repeated header rows,
title rows and tables of attendees, signatures or copy-to lists are not resolutions.

Lists: items after «مصوبات:» / «موارد ذیل مصوب گردید:», numbered («۱-», «۱.») or lettered
(«الف)»), with the responsible agency and deadline on labelled lines below, in labelled
fragments inside the item, or only in the sentence («... توسط اداره کل X ... ظرف مدت یک هفته»).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from qarargah.minutes_parser.agenda import RESOLUTIONS_HEADING_RE, strip_enum
from qarargah.minutes_parser.assignees import is_agency_name, split_assignees
from qarargah.minutes_parser.blocks import Block, Para, Table, clean, clean_keep_lines, register_cache
from qarargah.minutes_parser.header import exact_label
from qarargah.minutes_parser.items import (
    DECISION_RE,
    is_count_line,
    is_furniture,
    serial_sub,
    split_item_starts,
    split_vote,
    vote_of_line,
)
from qarargah.minutes_parser.model import ParsedResolution
from qarargah.minutes_parser.vocab import (
    AGENCY_HEADS,
    COLUMN_ROLES,
    KNOWN_AGENCY_SUBJECTS,
    NON_RESOLUTION_COLUMNS,
    key,
    phrase_re,
)
from qarargah.persian import (
    DeadlineKind,
    find_deadline_in_text,
    parse_deadline,
    to_latin_digits,
    to_persian_digits,
)

__all__ = ["column_role", "extract_resolutions"]

_B = r"(?<![\w\u200c])"
_E = r"(?![\w\u200c])"
_SMALL_INT_RE: Final = re.compile(r"^\(?[۰-۹]{1,3}\)?[.\-–)]?$")
_SENTENCE_END_RE: Final = re.compile(r"[.!؟]\s*$")

_ASSIGNEE_LABELS: Final = (
    "مسئول پیگیری",
    "مسئول اجرا",
    "مسئول اقدام",
    "مسئولین پیگیری",
    "مسئول",
    "مسئولیت",
    "اقدام کننده",
    "اقدام",
    "دستگاه مسئول",
    "دستگاه اجرایی",
    "دستگاه متولی",
    "دستگاههای مسئول",
    "پیگیری کننده",
    "پیگیری",
    "مجری",
    "متولی",
)
_DEADLINE_LABELS: Final = (
    "مهلت اقدام",
    "مهلت اجرا",
    "مهلت انجام",
    "مهلت",
    "زمان اجرا",
    "زمان اقدام",
    "زمان انجام",
    "زمان پیگیری",
    "زمان",
    "زمانبندی",
    "زمان بندی",
    "موعد",
    "تاریخ اجرا",
)
_ITEM_LABEL_RE: Final = re.compile(
    r"[(\[]?\s*"
    + _B
    + r"(?:(?P<a>"
    + "|".join(phrase_re(x) for x in sorted(_ASSIGNEE_LABELS, key=len, reverse=True))
    + r")|(?P<d>"
    + "|".join(phrase_re(x) for x in sorted(_DEADLINE_LABELS, key=len, reverse=True))
    + r"))[ \u200c]*[:：]\s*"
)
_TRIGGER_RE: Final = RESOLUTIONS_HEADING_RE
_DECISION_RE: Final = DECISION_RE
_STOP_RE: Final = re.compile(
    r"^(?:رونوشت|حاضرین|حاضران|غایبین|غائبین|اسامی|امضا|امضاء|محل[ \u200c]+امضا|پایان[ \u200c]+جلسه|جلسه[ \u200c]+با|"
    r"ختم[ \u200c]+جلسه|دستور[ \u200c]*(?:کار|جلسه)|اهم[ \u200c]+مطالب|نام[ \u200c]+و[ \u200c]+نام|تهیه[ \u200c]+کننده|"
    r"بررسی[ \u200c]+مصوبات|گزارش[ \u200c]+پیگیری|وقت[ \u200c]+جلسه|جلسه[ \u200c]+ساعت)"
)
# Where an agency phrase inside a sentence ends.
_AGENCY_END_RE: Final = re.compile(
    r"\s+(?:برگزار|اجرا|ارائه|ارسال|تهیه|تکمیل|انجام|نماید|نمایند|کند|کنند|شود|گردد|دهد|دهند|یابد|"
    r"نسبت|ضمن|در|با|ظرف|جهت|به|تا|طی|حداکثر|اقدام|پیگیری|پیگیری[ \u200c]*های|گزارش|نتیجه|موضوع|را|مکلف|موظف|"
    r"مکلفند|موظفند|می[ \u200c]*بایست|بایستی|باید|نیز|هم|برای|از|که|پس|مراتب|است|می[ \u200c]*باشد|باشد|"
    # What an agency is told to act on starts its object, never its name («اداره X فهرست …
    # را»); words that also occur in agency names («برنامه»، «بودجه»، «آمار») are not here.
    r"فهرست|هزینه|هزینه[ \u200c]*های|اعتبار|اعتبارات|نتایج|اسامی|مستندات|پیشنهاد|درخواست|کارگاه|"
    r"کارگاه[ \u200c]*های|مسابقه|مسابقات|جشنواره|همایش|تسهیلات|مجوز|مجوزهای|سهمیه|آمار[ \u200c]*های|پرونده|"
    r"پرونده[ \u200c]*های|وام|لایحه|نقشه|بروشور|تابلو|تابلوهای|صورتجلسه|"
    r"نرخ|تعرفه|کرایه|عوارض|قیمت|ساعت|ساعات|محل|زمین|ساختمان|مسیر|تعداد|میزان|وضعیت|روند|"
    r"دستورالعمل|آیین[ \u200c]*نامه|شیوه[ \u200c]*نامه|بخشنامه|اطلاعات|کلاس|کلاس[ \u200c]*های|دوره[ \u200c]*های|"
    r"جلسه|جلسات|بازدید|سامانه|طرح|طرح[ \u200c]*های|پروژه|پروژه[ \u200c]*های|ایستگاه|ایستگاه[ \u200c]*های|"
    r"مدارک|شرایط|امکانات|تجهیزات|اقلام|لیست|سهم|بسته|بسته[ \u200c]*های|خودرو|نیروهای|سبد|قرارداد|قراردادهای|"
    # Work an agency is told to do («اداره برق روشنایی معابر را …»); not words of agency names
    # («توزیع» of «شرکت توزیع نیروی برق», «ساماندهی» of «ستاد ساماندهی …»).
    r"روشنایی|آسفالت|نظافت|پاکسازی|بهسازی|تعمیر|تعمیرات|نصب|احداث|بازسازی|لایروبی|هرس|خط[ \u200c]*کشی)"
    + _E
    + r"|[.:؛]|$"
)
_AGENCY_START_RE: Final = re.compile(r"(?:" + _B + r"توسط|مقرر[ \u200c]+(?:گردید|شد)\s*:?|^)\s*(?P<rest>.+)")


# Cheap pre-check before the full deadline parser: every deadline form has a digit or one of
# these words (agency names, the usual short cells, have neither).
_DEADLINE_HINT_RE: Final = re.compile(
    r"[۰-۹]|روز|هفته|ماه|سال|ساعت|وقت|فور|مستمر|دائم|مداوم|همیشگی|پایان|آخر|انتها|"
    r"فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند|"
    r"یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|بیست|سی"
)


@dataclass
class _Row:
    number: int | None
    text: list[str] = field(default_factory=list)
    assignee: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    vote: str | None = None
    # Whether the item carried a number or letter of its own (prose items do not).
    numbered: bool = True
    # The second number of «۸۹ -۲» (a serial, then the item's place in this meeting).
    sub: int | None = None
    # Cut with others out of one unnumbered paragraph: its bounds are a guess.
    split_guessed: bool = False


@register_cache
@lru_cache(maxsize=2048)
def column_role(cell: str) -> str | None:
    t = clean(cell).rstrip(" :：")
    if not t or len(t.split()) > 14:
        return None
    k = key(t)
    for role, exact, prefixes in COLUMN_ROLES:
        if k in exact or (prefixes and k.startswith(prefixes)):
            return role
    return None


@register_cache
@lru_cache(maxsize=2048)
def _is_int(cell: str) -> bool:
    # Cached per document: the row scorer asks this of every cell twice (forward and reversed).
    return bool(_SMALL_INT_RE.match(clean(cell)))


def _int(cell: str) -> int | None:
    digits = re.sub(r"[^۰-۹]", "", clean(cell))
    return int(to_latin_digits(digits)) if digits else None


@register_cache
@lru_cache(maxsize=2048)
@register_cache
@lru_cache(maxsize=1024)
def _is_deadline(cell: str) -> bool:
    """Whether a cell reads as a deadline; asked of each cell several times while a table's rows
    are scored, hence the per-document cache."""
    c = clean(cell)
    if not c or len(c.split()) > 8 or not _DEADLINE_HINT_RE.search(c):
        return False
    return parse_deadline(c, None).kind != DeadlineKind.NONE


def _find_header(rows: Sequence[Sequence[str]]) -> tuple[int, list[str | None]] | None:
    for r, row in enumerate(rows[:4]):
        roles = [column_role(c) for c in row]
        found = [x for x in roles if x]
        if len(found) >= 2 and ("text" in found or "num" in found) and not any(_is_int(c) for c in row):
            return r, roles
    return None


def _is_other_table(rows: Sequence[Sequence[str]]) -> bool:
    """Attendance, signature and copy-to tables, and header-label tables."""
    for row in rows[:3]:
        keys = [key(clean(c).rstrip(" :")) for c in row if c.strip()]
        if any(
            k in NON_RESOLUTION_COLUMNS or k.startswith(("رونوشت", "امضا", "نامونام")) for k in keys
        ) and not any(column_role(c) == "text" for c in row):
            return True
    labels = sum(1 for row in rows for c in row if c.strip() and exact_label(c))
    filled = sum(1 for row in rows for c in row if c.strip())
    return filled > 0 and labels * 3 >= filled


def _score(cells: Sequence[str], roles: Sequence[str | None]) -> int:
    """How well a row's cells fit the header's roles (for spotting reversed rows)."""
    score = 0
    lengths = [len(c.split()) for c in cells]
    longest = max(range(len(cells)), key=lambda i: lengths[i]) if cells else -1
    for i, role in enumerate(roles):
        c = cells[i] if i < len(cells) else ""
        if role == "num":
            score += 3 if _is_int(c) else (-1 if c else 0)
        elif role == "deadline":
            score += 1 if (not c or _is_deadline(c)) else -1
        elif role == "text":
            score += 2 if i == longest and c else (-2 if _is_int(c) else 0)
        elif role == "assignee":
            score += 1 if c and is_agency_name(c) else (-1 if _is_int(c) or _is_deadline(c) else 0)
    return score


def _by_content(cells: Sequence[str], row: _Row) -> None:
    """Assign cells without trusting their positions."""
    rest = [c for c in cells if c and not (_is_int(c) and row.number is not None and _int(c) == row.number)]
    if not rest:
        return
    deadline = next((c for c in reversed(rest) if _is_deadline(c)), None)
    if deadline is not None:
        rest.remove(deadline)
        row.deadline.append(deadline)
    if rest:
        text = max(rest, key=lambda c: len(c.split()))
        rest.remove(text)
        row.text.append(text)
        row.assignee.extend(rest)


def _continue(prev: _Row, cells: Sequence[str], roles: Sequence[str | None]) -> None:
    """Append a continuation row's fragments to the row above, by content first."""
    for i, c in enumerate(cells):
        if not c or c in prev.text or c in prev.assignee or c in prev.deadline:
            continue  # empty, or a vertically merged cell repeating the row above
        role = roles[i] if i < len(roles) else None
        words = len(c.split())
        if role == "num" and _is_int(c):
            continue
        if words >= 6 or _SENTENCE_END_RE.search(c):
            prev.text.append(c)
        elif _is_deadline(c) and not prev.deadline:
            prev.deadline.append(c)
        elif role == "assignee" or (role != "text" and is_agency_name(c)):
            prev.assignee.append(c)
        else:
            prev.text.append(c)


def _is_split(cells: Sequence[str], roles: Sequence[str | None], prev: _Row) -> bool:
    """A row repeating the previous row's number (a vertically merged number cell) is the
    second half of that resolution unless its text is a new one."""
    if "text" not in roles:
        return True
    text = cells[roles.index("text")]
    return not text or text in prev.text or not _DECISION_RE.search(text)


def _table_rows(table: Table, warnings: list[str]) -> list[_Row]:
    rows = [tuple(clean_keep_lines(c) for c in r) for r in table.rows]
    header = _find_header(rows)
    if header is None:
        # No header: accept the table only if it reads like resolutions (numbered long texts).
        if _is_other_table(rows):
            return []
        numbered = [r for r in rows if any(_is_int(c) for c in r) and any(len(c.split()) >= 8 for c in r)]
        if not numbered or len(numbered) * 2 < len([r for r in rows if any(r)]):
            return []
        start, roles = 0, []
    else:
        start, roles = header[0] + 1, header[1]
        if "text" not in roles and _is_other_table(rows):
            return []
    n = len(roles)
    has_num_col = "num" in roles
    out: list[_Row] = []
    for r in rows[start:]:
        cells = list(r)
        if not any(cells):
            continue
        if roles and sum(1 for c in cells if column_role(c)) >= 2 and not any(_is_int(c) for c in cells):
            continue  # the header repeated after a page break
        if roles and len(cells) == n:
            forward, backward = _score(cells, roles), _score(cells[::-1], roles)
            if backward > forward:
                cells = cells[::-1]
                warnings.append("ترتیب ستون‌های یک ردیف جدول مصوبات معکوس بود و اصلاح شد.")
            num_cell = cells[roles.index("num")] if has_num_col else ""
            number = _int(num_cell) if _is_int(num_cell) else None
            if (
                out
                and has_num_col
                and (number is None or (number == out[-1].number and _is_split(cells, roles, out[-1])))
            ):
                _continue(out[-1], cells, roles)
                continue
            text_idx = roles.index("text") if "text" in roles else None
            if number is None and not has_num_col and out and text_idx is not None and not cells[text_idx]:
                _continue(out[-1], cells, roles)
                continue
            row = _Row(number)
            for i, role in enumerate(roles):
                c = cells[i]
                if not c:
                    continue
                if role == "text":
                    row.text.append(c)
                elif role == "assignee":
                    row.assignee.append(c)
                elif role == "deadline":
                    row.deadline.append(c)
                # Other columns (partners, remarks) are not part of the resolution record.
            # Same positions but swapped contents (deadline written in the assignee column…).
            if (
                row.deadline
                and not _is_deadline(row.deadline[0])
                and row.assignee
                and _is_deadline(row.assignee[0])
            ):
                row.deadline, row.assignee = row.assignee, row.deadline
            out.append(row)
            continue
        # Cell count differs from the header: decide by content.
        ints = [c for c in (cells[0], cells[-1]) if c and _is_int(c)]
        number = _int(ints[0]) if ints else None
        if number is None and out and (has_num_col or not cells[0]):
            _continue(out[-1], cells, roles)
            continue
        row = _Row(number)
        _by_content(cells, row)
        if row.text:
            out.append(row)
    return out


# Nouns that follow a bare «شهرستان»/«شهر» in a sentence as its object, never a place's name.
_COMMON_NOUNS: Final = frozenset(
    {"برنامه", "بودجه", "آمار", "طرح", "گزارش", "فهرست", "اعتبار", "اعتبارات", "نسبت", "موضوع", "نتیجه"}
)
_COMMON_NOUNS_ALT: Final = "(?:" + "|".join(sorted(_COMMON_NOUNS)) + r")(?![\w\u200c])"
_KNOWN_HEADS_RE: Final = "|".join(phrase_re(h) for h in sorted(AGENCY_HEADS, key=len, reverse=True))
_KNOWN_SUBJECTS_RE: Final = "|".join(
    phrase_re(s) for s in sorted(KNOWN_AGENCY_SUBJECTS, key=len, reverse=True)
)
_KNOWN_AGENCY_RE: Final = re.compile(
    rf"^(?:(?:{_KNOWN_HEADS_RE})[ \u200c]+)?(?:{_KNOWN_SUBJECTS_RE})"
    # «… شهرستان کرج»: the county's name, not the object that may follow a bare «شهرستان».
    r"(?:[ \u200c]+(?:استان(?:داری)?|مرکز[ \u200c]+استان|شهرستان(?:[ \u200c]+(?!"
    + _COMMON_NOUNS_ALT
    + r")\S+)?))?"
    + _E
)


def _trim_to_known(phrase: str) -> str:
    """Cut a sentence-extracted agency right after a well-known agency name, if it starts with one."""
    m = _KNOWN_AGENCY_RE.match(phrase)
    if not (m and m.end() < len(phrase) and " " in phrase[m.end() :]):
        return phrase
    # «اداره کل بهزیستی استان و کمیته امداد امام خمینی (ره) تا ...»: a second agency joined by
    # «و»/«،» belongs to the phrase too.
    joined = re.match(r"[ \u200c]*(?:و|،)[ \u200c]*", phrase[m.end() :])
    if joined:
        rest = phrase[m.end() + joined.end() :]
        if is_agency_name(rest):
            return phrase[: m.end() + joined.end()] + _trim_to_known(rest)
    return phrase[: m.end()]


# One-word agencies named by their office («شهرداری», «بخشداری»): in a sentence the words
# after them are the object («شهرداری روشنایی کوچه‌ها را …»), unless a stop word follows at once
# («شهرداری کرج نسبت به …»), or the city follows («شهرداری شهر X»، «شهرداری منطقه ۳»).
_OFFICE_RE: Final = re.compile(
    r"^(?P<head>شهرداری|فرمانداری|بخشداری|دهیاری|استانداری|دبیرخانه|بسیج|هلال[ \u200c]+احمر|صدا[ \u200c]+و[ \u200c]+سیما)"
    # «دهیاری‌های بخش», «شهرداری‌های استان», «فرمانداری‌های تابعه»: the plural and its scope.
    r"(?P<plural>[ \u200c]?ها(?:ی(?:[ \u200c]+(?:بخش|شهرستان|استان|تابعه|محترم|منطقه|سطح[ \u200c]+\S+))?)?(?![\w\u200c]))?"
    r"(?P<rest>(?:[ \u200c]+(?:شهر|منطقه|بخش|شهرستان|روستای)[ \u200c]+\S+)?)(?P<tail>.*)$"
)


def _short_office(phrase: str, places: Container[str] = frozenset()) -> str:
    m = _OFFICE_RE.match(phrase)
    if not m or not m.group("tail").strip():
        return phrase
    tail = m.group("tail").split()
    if len(tail) == 1 and not m.group("rest") and not m.group("plural"):
        # «شهرداری کرج»: one word right before the stop word is the city.
        return phrase
    for joiner in (0, 1):
        # «شهرداری ساوه و اداره آموزش و پرورش …»: a second agency joined on.
        if (
            len(tail) > joiner + 1
            and tail[joiner] in ("و", "،")
            and is_agency_name(" ".join(tail[joiner + 1 :]))
        ):
            return phrase
    if not m.group("rest") and not m.group("plural") and len(tail) > 1 and tail[0] in places:
        # «شهرداری هشتگرد ساماندهی … را»: the word after the office is a place the minutes
        # name elsewhere («شهر هشتگرد», «شهرداری هشتگرد نسبت به …»), so it is the office's.
        return f"{m.group('head')} {tail[0]}"
    return (m.group("head") + (m.group("plural") or "") + m.group("rest")).strip()


# «شهر هشتگرد», «شهرستان طالقان», «بخش کهریزک», «روستای کردان», «دهستان X»: the place after its kind.
_PLACE_KIND = r"(?:شهر|شهرستان|بخش|روستای|روستا|دهستان)"
_PLACE_IN_TEXT_RE: Final = re.compile(_B + _PLACE_KIND + r"[ \u200c]+(?P<name>[^\s،.:؛()«»\-–0-9۰-۹]{2,})")
# «شهرداری هشتگرد نسبت به …»: an office, one word, then a word that ends an agency phrase.
_OFFICE_PLACE_RE: Final = re.compile(
    _B + r"(?:شهرداری|فرمانداری|بخشداری|دهیاری)[ \u200c]+(?P<name>[^\s،.:؛()«»\-–0-9۰-۹]{2,})"
    r"(?=\s+(?:نسبت|موظف|مکلف|با|و|ضمن|در|به|تا|ظرف|طی|حداکثر|از|پیگیری|اقدام)" + _E + r"|\s*[.،؛:])"
)
_NOT_PLACE: Final = frozenset(
    {
        "استان",
        "مرکز",
        "تابعه",
        "محترم",
        "ها",
        "های",
        "جلسه",
        "و",
        "در",
        "به",
        "با",
        "از",
        "را",
        "نیز",
        "هم",
        "جاری",
    }
)


class _DocPlaces:
    """Places the minutes name («شهر X», «شهرستان X», «شهرداری X نسبت به …»), for telling an
    office's place from its object elsewhere in the same minutes; read from the whole text
    only when a phrase first asks (most minutes never do)."""

    def __init__(self, blocks: list[Block]) -> None:
        self._blocks = blocks
        self._names: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._names is None:
            text = "\n".join(
                b.text if isinstance(b, Para) else " ".join(" ".join(r) for r in b.rows) for b in self._blocks
            )
            found = {m.group("name") for m in _PLACE_IN_TEXT_RE.finditer(text)}
            found |= {m.group("name") for m in _OFFICE_PLACE_RE.finditer(text)}
            self._names = frozenset(found - _NOT_PLACE - _COMMON_NOUNS)
        return word in self._names


# An agency phrase from a sentence ends after its place: «شورای اسلامی شهر هشتگرد بودجه …».
_AFTER_PLACE_RE: Final = re.compile(_B + _PLACE_KIND + r"[ \u200c]+(?P<name>\S+)(?=[ \u200c]+(?P<next>\S+))")


def _cut_after_place(phrase: str, places: Container[str]) -> str:
    for m in _AFTER_PLACE_RE.finditer(phrase):
        if m.group("name") in places and m.group("next") not in ("و", "،") and m.start() > 0:
            return phrase[: m.end()]
    return phrase


def _extract_agency(text: str, places: Container[str] = frozenset()) -> str | None:
    """The agency a sentence names as responsible: «توسط X»/«مقرر گردید: X نسبت به ...»."""
    for m in re.finditer(
        _B
        + r"(?:توسط|از[ \u200c]+طریق|(?:بر|به)[ \u200c]+عهده)\s+|(?:مقرر|مصوب)[ \u200c]*(?:گردید|شد)\s*:?\s*",
        text,
    ):
        rest = text[m.end() :]
        if is_agency_name(rest):
            end = _AGENCY_END_RE.search(rest)
            phrase = rest[: end.start()] if end else rest
            if phrase.strip():
                return _short_office(_cut_after_place(_trim_to_known(phrase.strip(" ،")), places), places)
    body, _ = strip_enum(text)
    if is_agency_name(body):
        end = _AGENCY_END_RE.search(body)
        phrase = body[: end.start()] if end else body
        if 0 < len(phrase.split()) <= 12:
            return _short_office(_cut_after_place(_trim_to_known(phrase.strip(" ،")), places), places)
    # «از طریق واحد خدمات شهری منطقه پیگیری شود», «توسط پیمانکار فضای سبز انجام شود»: no office
    # word, but the sentence says who acts; the name is marked for checking (not an agency head).
    actor = _ACTOR_CUE_RE.search(text)
    if actor and not _NOT_ACTOR_RE.match(actor.group("who")):
        return actor.group("who").strip(" ،")
    return None


_ACTOR_CUE_RE: Final = re.compile(
    _B
    + r"(?:توسط|از[ \u200c]+طریق)[ \u200c]+(?P<who>[^\s،.؛:۰-۹]+(?:[ \u200c]+[^\s،.؛:۰-۹]+){0,4}?)[ \u200c]+"
    r"(?:پیگیری|انجام|اجرا|تهیه|ارائه|تکمیل|بررسی|ارسال|تامین|تأمین)(?:[ \u200c]*(?:و|شود|گردد|شوند|گردند))"
    + _E
)
# What follows «توسط/از طریق» without being who acts: «از طریق مکاتبه», «توسط اعضا».
_NOT_ACTOR_RE: Final = re.compile(
    r"(?:مکاتبه|نامه|سامانه|رسانه|فضای[ \u200c]+مجازی|اعضا|اعضای|جلسه|کمیته[ \u200c]+فرعی|ایشان|وی|آنها|این|آن)"
    + _E
)


def _split_item_labels(text: str, row: _Row) -> str:
    """Move «مسئول پیگیری: X» / «مهلت: Y» fragments out of an item's text into the row."""
    matches = list(_ITEM_LABEL_RE.finditer(text))
    if not matches:
        return text
    head = text[: matches[0].start()]
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end() : end].strip(" ()[]،,؛;-–")
        if value:
            (row.assignee if m.group("a") else row.deadline).append(value)
    return head.strip(" ()[]،,؛;-–")


def _starts_list(text: str) -> bool:
    """Whether a paragraph (no «مصوبات:» heading above it) opens a resolutions list."""
    if not _DECISION_RE.search(text):
        return False
    kind, items = split_item_starts(text)
    return kind in ("numbered", "prose") and bool(items)


def _enum_number(block: Block) -> int | None:
    if not isinstance(block, Para):
        return None
    _, enum = strip_enum(clean(block.text))
    return int(to_latin_digits(enum)) if enum and enum[0] in "۰۱۲۳۴۵۶۷۸۹" else None


def _back_to_item_one(blocks: list[Block], first: int, skip: set[int]) -> int:
    """The list was found at its first «مقرر شد»; items numbered just before it in turn
    («۱- پیگیری … بر عهده … است.» above «۲- مقرر شد …») belong to it too."""
    number = _enum_number(blocks[first])
    while number is not None and number > 1 and first > 0 and first - 1 not in skip:
        if _enum_number(blocks[first - 1]) != number - 1:
            break
        first -= 1
        number -= 1
    return first


# A subjunctive or passive verb at the end of an item: it tells someone to do something.
_DIRECTIVE_END_RE: Final = re.compile(
    _B
    + r"(?:شود|شوند|گردد|گردند|کند|کنند|نماید|نمایند|دهد|دهند|یابد|یابند|گیرد|گیرند|پذیرد|گذارد|بپردازد)"
    + r"[.!]?\s*$"
)


def _is_directive_item(text: str) -> bool:
    """A numbered or lettered item that ends by telling someone to act."""
    body, enum = strip_enum(text)
    return (
        enum is not None and enum != "•" and len(body.split()) >= 4 and bool(_DIRECTIVE_END_RE.search(body))
    )


def _new_rows(items: list[tuple[int | None, bool, str]]) -> list[_Row]:
    rows = []
    for number, numbered, raw in items:
        text, vote = split_vote(raw)
        row = _Row(number, numbered=numbered, vote=vote, split_guessed=not numbered and len(items) > 1)
        row.text.append(_split_item_labels(text, row))
        rows.append(row)
    return rows


def _list_rows(blocks: list[Block], skip: set[int]) -> tuple[list[_Row], set[int]]:
    """Items of a list in running text.

    Vote lines, flattened vote counts and page furniture between items are set aside; a
    paragraph that starts no item after a finished one is held back and joins the item above
    only if the list goes on after it (otherwise the narrative has resumed).
    """
    used: set[int] = set()
    start = None
    for i, b in enumerate(blocks):
        if i in skip or not isinstance(b, Para):
            continue
        if _TRIGGER_RE.search(clean(b.text)):
            start = i
            break
    candidates: range
    if start is not None:
        candidates = range(start + 1, len(blocks))
    else:
        # No heading: the first paragraph that decides something («مقرر گردید») opens the list.
        first = next(
            (
                i
                for i, b in enumerate(blocks)
                if i not in skip and isinstance(b, Para) and _starts_list(clean(b.text))
            ),
            None,
        )
        if first is None:
            # Nor any verb of decision: a numbered list whose items tell someone to act («…
            # از طریق شهرداری پیگیری گردد.») is the resolutions list.
            first = next(
                (
                    i
                    for i, b in enumerate(blocks)
                    if i not in skip and isinstance(b, Para) and _is_directive_item(clean(b.text))
                ),
                None,
            )
        if first is None:
            return [], used
        first = _back_to_item_one(blocks, first, skip)
        candidates = range(first, len(blocks))
    out: list[_Row] = []
    held: list[tuple[int, str]] = []
    for i in candidates:
        b = blocks[i]
        if isinstance(b, Table):
            if out:
                break
            continue
        if i in skip:
            if out:
                break
            continue
        text = clean(b.text)
        if not text:
            continue
        if is_furniture(text):
            used.add(i)
            continue
        vote = vote_of_line(text)
        if vote is not None:
            if out:
                out[-1].vote = vote if out[-1].vote is None else f"{out[-1].vote}؛ {vote}"
                used.add(i)
                continue
            if start is not None:
                continue
        if out and is_count_line(text):
            used.add(i)
            continue
        if _STOP_RE.match(text) or (text.endswith(":") and not _ITEM_LABEL_RE.match(text) and out):
            break
        label = _ITEM_LABEL_RE.match(text)
        if label and out:
            _split_item_labels(text, out[-1])
            used.add(i)
            continue
        kind, items = split_item_starts(text)
        if kind == "plain" and start is not None and (not out or out[-1].numbered) and not held:
            # Under the heading, a bulleted line that tells someone to act is an item too
            # («- شبکه بهداشت … اقدام نماید.»), as a numbered one is.
            body, enum = strip_enum(b.text.strip())
            if enum == "•" and len(body.split()) >= 4 and _DIRECTIVE_END_RE.search(body):
                kind, items = "numbered", [(None, True, clean(body))]
        if kind in ("plain", "prose") and out:
            # «۳ تعمیر پل …», «۴ با پیشنهاد … موافقت شد»: a bare number (its «ـ» lost in
            # normalising) is an item when it is the next number of the list.
            nxt = _NEXT_BARE_RE.match(text)
            last = next((r.number for r in reversed(out) if r.number is not None), None)
            if nxt and last is not None and int(to_latin_digits(nxt.group("num"))) == last + 1:
                kind, items = "numbered", [(last + 1, True, text[nxt.end() :])]
        if kind == "prose" and out and out[-1].numbered and not held:
            # An unnumbered paragraph that decides, right below a numbered item, goes on with it.
            out[-1].text.append(_split_item_labels(text, out[-1]))
            used.add(i)
            continue
        if kind != "plain" and (not held or _resumes(out, items)):
            for j, held_text in held:
                if _REPORTED_RE.search(held_text):
                    continue  # what was said in the meeting, not part of the item above
                out[-1].text.append(_split_item_labels(held_text, out[-1]))
                used.add(j)
            held = []
            rows = _new_rows(items)
            if rows:
                rows[0].sub = serial_sub(text)
            out.extend(rows)
            used.add(i)
            continue
        if held and (kind != "plain" or text.endswith(":")):
            break
        if out and not text.endswith(":"):
            if not _DECISION_RE.search(text) and out[-1].text and _SENTENCE_END_RE.search(out[-1].text[-1]):
                held.append((i, text))
                if len(held) > 2:
                    break
                continue
            out[-1].text.append(_split_item_labels(text, out[-1]))
            used.add(i)
            continue
        if out:
            break
    return _serials_or_subs(out), used


def _serials_or_subs(rows: list[_Row]) -> list[_Row]:
    """«۸۹ -۱، ۸۹ -۲، ۸۹ -۳»: one serial (the meeting's) on every item, so the item's own
    number is the second one.  «۴۴۳ -۱، ۴۴۴ -۲»: the serial runs on and is the number kept."""
    subbed = [r for r in rows if r.sub is not None]
    if len(subbed) >= 2 and len({r.number for r in subbed}) == 1:
        for r in subbed:
            r.number = r.sub
    return rows


_NEXT_BARE_RE: Final = re.compile(r"^(?P<num>[۰-۹]{1,3})\s+(?=[^\s۰-۹])")
# A sentence that reports what happened («… توضیح داد.», «… بیان کرد.»): resolutions tell
# someone to act (subjunctive, present); the narrative between them is in the past tense.
_REPORTED_RE: Final = re.compile(
    _B + r"(?:کرد|کردند|داد|دادند|گفت|گفتند|افزود|نمود|نمودند|داشت|داشتند|بود|بودند|پرداخت|پرداختند)[.!]?\s*$"
)


def _resumes(out: list[_Row], items: list[tuple[int | None, bool, str]]) -> bool:
    """After held-back paragraphs, whether the next item goes on with the same list: it
    decides something, or its number follows the last one."""
    if not out or not items:
        return False
    number, _, text = items[0]
    last = next((r.number for r in reversed(out) if r.number is not None), None)
    if number is not None and last is not None and number == last + 1:
        return True
    return bool(_DECISION_RE.search(text))


# «شرح: …», «شرح مصوبه: …», «متن مصوبه: …»: the label of an item's text, not part of it.
_TEXT_LABEL_RE: Final = re.compile(
    r"^(?:شرح|متن|عنوان)(?:[ \u200c]+(?:مصوبه|مصوبات|تصمیم|اقدام))?[ \u200c]*[:：]\s*|^مصوبه[ \u200c]*[:：]\s*"
)


def _finish(
    rows: list[_Row],
    meeting_date: datetime.date | None,
    is_agency: Callable[[str], bool] | None,
    places: Container[str] = frozenset(),
) -> list[ParsedResolution]:
    result: list[ParsedResolution] = []
    expected = 1
    # A printed number anywhere in the list makes a missing one worth a warning.
    printed = any(r.number is not None for r in rows)
    last: int | None = None
    for row in rows:
        text = _TEXT_LABEL_RE.sub("", clean(" ".join(t for t in row.text if t)).strip())
        if not text:
            continue
        notes: list[str] = []
        if row.number is None:
            number = expected
            if printed:
                notes.append(f"شماره نداشت؛ شماره {_fa(number)} به آن داده شد.")
        else:
            number = row.number
            if last is not None and number == last:
                notes.append(f"شماره {_fa(number)} تکرار شده است.")
            elif last is not None and number > last + 1:
                notes.append(f"پس از مصوبه {_fa(last)} آمده است؛ شماره‌ای جا افتاده است.")
            elif last is not None and number < last:
                notes.append(f"شماره {_fa(number)} پس از {_fa(last)} آمده است.")
        last = number
        expected = number + 1
        raw_assignee = "\n".join(a for a in row.assignee if a).strip()
        guessed = False
        if not raw_assignee:
            raw_assignee = _extract_agency(text, places) or ""
            # A short or well-known name is safe; a longer one may have run into the sentence,
            # and one without an office word was read from «توسط/از طریق» alone.
            guessed = bool(raw_assignee) and (
                (len(raw_assignee.split()) > 3 and not _KNOWN_AGENCY_RE.match(raw_assignee))
                or not is_agency_name(raw_assignee)
            )
        assignees_raw = clean(raw_assignee) or None
        deadline_raw = clean(" ".join(row.deadline)) if row.deadline else ""
        if not deadline_raw:
            deadline_raw = clean(find_deadline_in_text(text) or "")
        deadline = parse_deadline(deadline_raw, meeting_date)
        text, _signature = _strip_signature(text)
        result.append(
            ParsedResolution(
                number=number,
                text=text,
                assignees_raw=assignees_raw,
                assignees=split_assignees(raw_assignee, is_agency),
                deadline=deadline,
                vote=clean(row.vote) or None,
                partners=_partners(text, is_agency, places),
                assignee_guessed=guessed,
                number_warnings=tuple(notes),
                split_guessed=row.split_guessed,
            )
        )
    return result


_PARTNER_RE: Final = re.compile(_B + r"با[ \u200c]+(?:همکاری|مشارکت|هماهنگی)[ \u200c]+(?P<rest>.+)")


def _partners(
    text: str, is_agency: Callable[[str], bool] | None, places: Container[str] = frozenset()
) -> tuple[str, ...]:
    """«… با همکاری اداره ورزش و جوانان …» → the agencies named as partners."""
    if "همکاری" not in text and "مشارکت" not in text and "هماهنگی" not in text:
        return ()  # the usual case, without running the pattern
    out: list[str] = []
    for m in _PARTNER_RE.finditer(text):
        rest = m.group("rest")
        if not is_agency_name(rest):
            continue
        end = _AGENCY_END_RE.search(rest)
        phrase = _short_office(
            _cut_after_place(_trim_to_known((rest[: end.start()] if end else rest).strip(" ،")), places),
            places,
        )
        if phrase and len(phrase.split()) <= 10:
            # Each partner of a list is cut at its own name: the last one runs into the sentence
            # («… و هلال احمر طرح غربالگری را …»).
            out.extend(_short_office(_trim_to_known(p), places) for p in split_assignees(phrase, is_agency))
    return tuple(dict.fromkeys(out))


# A signature glued after the last item's full stop: «… ارسال نماید. محمد رضایی دبیر شورا».
_SIGNATURE_RE: Final = re.compile(
    r"(?<=[.!؟])\s+(?:(?:امضا|امضاء|محل[ \u200c]+امضا)\s*[:：]?\s*)?(?P<sig>(?:\S+\s+){0,4}?"
    r"(?:دبیر|رئیس|رییس|منشی|مسئول[ \u200c]+دبیرخانه|فرماندار|بخشدار|شهردار)(?:\s+\S+){0,4})\s*$"
)


def _strip_signature(text: str) -> tuple[str, str | None]:
    m = _SIGNATURE_RE.search(text)
    if not m or _DECISION_RE.search(m.group("sig")) or len(m.group("sig").split()) > 7:
        return text, None
    if re.search(r"(?:شود|نماید|نمایند|کند|کنند|گردد|است|باشد|شد|گردید|دهد|دهند)$|[.:]$", m.group("sig")):
        return text, None  # a sentence, not a name and a role
    return text[: m.start()].rstrip(), m.group("sig")


def _fa(n: int) -> str:
    return to_persian_digits(str(n))


def extract_resolutions(
    blocks: list[Block],
    meeting_date: datetime.date | None,
    *,
    skip: set[int],
    is_agency: Callable[[str], bool] | None = None,
    warnings: list[str],
) -> tuple[list[ParsedResolution], set[int]]:
    """Resolutions from the tables, or (if no table holds any) from a list in the text."""
    table_rows: list[_Row] = []
    for b in blocks:
        if isinstance(b, Table):
            rows = _table_rows(b, warnings)
            if rows:
                table_rows.extend(rows)
    if table_rows:
        return _finish(table_rows, meeting_date, is_agency, _DocPlaces(blocks)), set()
    rows, used = _list_rows(blocks, skip)
    return _finish(rows, meeting_date, is_agency, _DocPlaces(blocks)), used
