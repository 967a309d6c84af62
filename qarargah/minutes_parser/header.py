"""The meeting's identity: title, body, number (or joint sessions), date, weekday, time,
place, invitation, chair and secretary.

Three layouts are read with one set of labels (vocab.HEADER_LABELS):

* a row of labels over a row of values (tab-separated, Markdown or a Word table);
* «label: value» cells or lines, several per line;
* nothing labelled at all: the first sentence that says the meeting «برگزار شد» gives
  date, weekday, time, place and chair.

Labels win over running text; specific labels win over the bare letterhead ones.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from qarargah.minutes_parser.blocks import Block, Para, clean, register_cache
from qarargah.minutes_parser.furniture import is_furniture
from qarargah.minutes_parser.glue import unglue
from qarargah.minutes_parser.model import BodySession, Person
from qarargah.minutes_parser.people import parse_person
from qarargah.minutes_parser.vocab import BODY_HEADS, HEADER_LABELS, canon_weekday, key, phrase_re
from qarargah.persian import (
    ORDINAL_PATTERN,
    DateParse,
    JalaliDate,
    find_jalali_dates,
    find_time,
    ordinal_to_int,
    parse_jalali_date,
    parse_time,
    to_latin_digits,
    words_to_int,
)

__all__ = ["Header", "exact_label", "extract_header", "labelled_segments"]

_B = r"(?<![\w\u200c])"
_E = r"(?![\w\u200c])"
_LABELS_LONGEST_FIRST: Final = sorted(HEADER_LABELS, key=len, reverse=True)
_LABEL_KEYS: Final[dict[str, str]] = {key(label): f for label, f in HEADER_LABELS.items()}
_INLINE_LABEL_RE: Final = re.compile(
    _B + r"(?P<label>" + "|".join(phrase_re(label) for label in _LABELS_LONGEST_FIRST) + r")[ \u200c]*[:：]"
)
_MEETING_WORD = r"(?:صورت[ \u200c]*جلسه|جلسه|نشست)"
_ORD_MEETING_RE: Final = re.compile(
    r"(?P<ord>" + ORDINAL_PATTERN + r")[ \u200c]+(?:" + _MEETING_WORD + r")" + _E + r"(?:[ \u200c]+مشترک)?"
)
_MEETING_ORD_RE: Final = re.compile(
    _B
    + r"(?:صورت[ \u200c]*جلسه|جلسه|نشست)[ \u200c]+(?:شماره[ \u200c]*:?[ \u200c]*(?P<num>[۰-۹]{1,4})|(?P<ord>"
    + ORDINAL_PATTERN
    + r"))"
)
_BODY_HEAD_RE: Final = re.compile(_B + r"(?:" + "|".join(phrase_re(h) for h in BODY_HEADS) + r")" + _E)
# Where a body name ends in a title or sentence.
_BODY_END_RE: Final = re.compile(
    r"\s*(?:[():؛.]|"
    + _B
    + r"(?:مورخ|در[ \u200c]+سال|در[ \u200c]+تاریخ|سال[ \u200c]+[۰-۹]|به[ \u200c]+ریاست|با[ \u200c]+ریاست|"
    r"با[ \u200c]+حضور|با[ \u200c]+دستور|ساعت|روز|در[ \u200c]+محل|در[ \u200c]+سالن|برگزار|تشکیل|که|رأس|راس|به[ \u200c]+میزبانی|"
    r"در[ \u200c]+روز|در[ \u200c]+مورخ|در[ \u200c]+ساعت|در[ \u200c]+[۰-۹]|صبح|عصر|امروز|دیروز|بعد[ \u200c]*از[ \u200c]*ظهر)"
    + _E
    + r"|[۰-۹]{2,4}/)"
)
_MEETING_THEN_BODY_RE: Final = re.compile(
    _B + r"(?:جلسه|نشست)[ \u200c]+(?=" + "|".join(phrase_re(h) for h in BODY_HEADS) + r")"
)
# «برگزار» as a word of its own: not the one inside «خبرگزاری» of a news byline.
_MEETING_SENTENCE_RE: Final = re.compile(
    r"(?<![\w\u200c])برگزار|تشکیل[ \u200c]+(?:شد|گردید|شده|گردیده|و)(?![\w\u200c])|تشکیل[ \u200c]+جلسه"
)
_PLACE_RE: Final = re.compile(
    _B
    + r"در[ \u200c]+(?:محل[ \u200c]+)?(?P<place>(?:سالن|تالار|اتاق|ساختمان|محل|مجتمع|مرکز|دفتر|استانداری|فرمانداری|"
    r"بخشداری|شهرداری|دانشگاه|سازمان|اداره|کتابخانه|مسجد|حسینیه|فرهنگسرا|خانه|ستاد)" + _E + r".*?)"
    r"(?=\s*(?:[،.:؛]|"
    + _B
    + r"(?:با|به|برگزار|تشکیل|و[ \u200c]+با|و[ \u200c]+به|رأس|راس|ساعت|روز|مورخ|در[ \u200c]+تاریخ|"
    r"در[ \u200c]+ساعت|در[ \u200c]+روز)" + _E + r"|$))"
)
# Where a person named in the meeting sentence («به ریاست X», «و دبیری Y») ends.
_PERSON_END: Final = (
    r"(?=\s*(?:[.:؛]|"
    # «،» ends the person unless it lists words of one role («سیاسی، امنیتی و اجتماعی»).
    + r"،(?![ \u200c]*[^\s،]+[ \u200c]+و[ \u200c]+(?!با|به|حضور)[^\s،]+)|"
    + _B
    + r"(?:(?:و|با)[ \u200c]+دبیری|و[ \u200c]+با|و[ \u200c]+به|با[ \u200c]+حضور|و[ \u200c]+حضور|برگزار|تشکیل|"
    r"در[ \u200c]+محل|در[ \u200c]+سالن|با[ \u200c]+دستور)" + _E + r"|$))"
)
_CHAIR_RE: Final = re.compile(_B + r"(?:به|با)[ \u200c]+ریاست[ \u200c]+(?P<person>.+?)" + _PERSON_END)
# «… و دبیری رئیس اداره X …»: the secretary, named in the same sentence as the chair.
_SECRETARY_RE: Final = re.compile(_B + r"(?:و|با)[ \u200c]+دبیری[ \u200c]+(?P<person>.+?)" + _PERSON_END)
# A numbered or lettered list item («۱-», «ب)»): never a title.
ENUM_START_RE: Final = re.compile(
    r"^[\s\-–•*]*(?:[۰-۹]{1,3}|الف|[بپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])\s*[-–.)](?:\s|$)"
)
_TITLE_HINT_RE: Final = re.compile(_B + r"(?:صورت[ \u200c]*جلسه|نشست|جلسه)")
_SKIP_TOP_RE: Final = re.compile(r"^(?:بسم|باسمه|بسمه|به[ \u200c]+نام)")
_INV_SPLIT_RE: Final = re.compile(r"\s*(?:" + _B + r"(?:مورخ|مورخه|به[ \u200c]+تاریخ|تاریخ)" + _E + r"|،)\s*")


@dataclass
class Header:
    title: str | None = None
    body: str | None = None
    number: int | None = None
    bodies: tuple[BodySession, ...] = ()
    date: datetime.date | None = None
    weekday: str | None = None
    time: datetime.time | None = None
    place: str | None = None
    inv_number: str | None = None
    inv_date: datetime.date | None = None
    chair: Person = field(default_factory=lambda: Person(None, None))
    secretary: Person = field(default_factory=lambda: Person(None, None))
    agenda_value: str | None = None
    title_block: int | None = None
    label_blocks: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    #: (field, message) for values that were guessed or are ambiguous.
    unsure: list[tuple[str, str]] = field(default_factory=list)


@register_cache
@lru_cache(maxsize=2048)
def exact_label(cell: str) -> str | None:
    """The field of a cell that is only a label («تاریخ تشکیل:»), else None."""
    text = clean(cell).rstrip(" :：")
    if not text or len(text) > 40:
        return None
    return _LABEL_KEYS.get(key(text))


@register_cache
@lru_cache(maxsize=2048)
def labelled_segments(text: str) -> tuple[tuple[str, str], ...]:
    """(field, value) pairs of «label: value label2: value2» text; () if it does not start
    with a label."""
    t = clean(text)
    first = _INLINE_LABEL_RE.match(t)
    if first is None:
        return ()
    matches = list(_INLINE_LABEL_RE.finditer(t))
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(t)
        label_key = key(m.group("label"))
        out.append((_LABEL_KEYS.get(label_key, ""), t[m.end() : end].strip(" \t،,")))
    return tuple(out)


def _int_value(text: str) -> int | None:
    t = clean(text)
    m = re.search(r"[۰-۹]{1,4}", t)
    if m:
        return int(to_latin_digits(m.group()))
    m = re.search(ORDINAL_PATTERN, t)
    if m:
        return ordinal_to_int(m.group())
    return words_to_int(t)


def _collect_labelled(blocks: list[Block]) -> list[tuple[int, str, str]]:
    """Every (block index, field, value) the labels give, in document order."""
    found: list[tuple[int, str, str]] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Para):
            for f, v in labelled_segments(block.text):
                found.append((i, f, v))
            continue
        rows = block.rows
        for r, row in enumerate(rows):
            labels = [exact_label(c) for c in row]
            filled = [c for c in row if c.strip()]
            n_labels = sum(1 for x in labels if x)
            if n_labels >= 2 and n_labels == len(filled) and r + 1 < len(rows):
                # A row of labels over a row of values.
                values = rows[r + 1]
                for col, label in enumerate(labels):
                    if label and col < len(values) and values[col].strip():
                        found.append((i, label, values[col]))
                continue
            row_has_labels = any(labelled_segments(c) for c in row)
            for col, cell in enumerate(row):
                segs = labelled_segments(cell)
                if segs:
                    found.extend((i, f, v) for f, v in segs)
                    continue
                if row_has_labels and _TIME_CELL_RE.match(clean(cell)):
                    found.append((i, "time", cell))
                    continue
                label = labels[col]
                if label and col + 1 < len(row) and row[col + 1].strip() and not exact_label(row[col + 1]):
                    # A «label | value» pair in adjacent cells (a two-column Markdown table).
                    if r > 0 and n_labels >= 2 and n_labels == len(filled):
                        continue
                    found.append((i, label, row[col + 1]))
    return found


_HOSTED_BY_RE: Final = re.compile(r"^(?:به|با)[ \u200c]+میزبانی[ \u200c]+")
_COVER_VERB_RE: Final = re.compile(
    r"^(?:ارسال|ابلاغ|تقدیم|ارائه|پیوست|اعلام)(?:[ \u200c]+(?:یک[ \u200c]+نسخه|نسخه|متن|تصویر))?[ \u200c]+"
    r"(?:از[ \u200c]+)?(?=صورت[ \u200c]*جلسه|مصوبات)"
)


def _find_title(blocks: list[Block], labelled: list[tuple[int, str, str]]) -> tuple[str | None, int | None]:
    for i, f, v in labelled:
        if f == "title" and clean(v):
            # «موضوع: ارسال صورتجلسه شورای …» of a cover letter: the minutes' title is what is sent.
            return _COVER_VERB_RE.sub("", clean(v)), i
    fallback: tuple[str, int] | None = None
    for i, block in enumerate(blocks[:15]):
        if not isinstance(block, Para):
            continue
        text = clean(block.text)
        if not text or _SKIP_TOP_RE.match(text) or labelled_segments(block.text):
            continue
        if (
            len(text.split()) > 30
            or _MEETING_SENTENCE_RE.search(text)
            or text.endswith(":")
            or _DECIDES_RE.search(text)
        ):
            # The narrative, a section or the resolutions have started: a title comes before these.
            break
        if ENUM_START_RE.match(text):
            continue
        if fallback is None and _BODY_HEAD_RE.match(text) and len(text.split()) <= 12:
            # «شورای اجتماعی شهرستان خمین» alone on top: the body's name serves as the title.
            fallback = (text.strip(" .:"), i)
        if _TITLE_HINT_RE.search(text):
            if re.fullmatch(_MEETING_WORD + r"[ \u200c]*[.:]?", text) and i + 1 < len(blocks):
                # «صورتجلسه» alone on a line, the body's name (or «نشست/جلسه …» of it) on the next.
                nxt_block = blocks[i + 1]
                nxt = clean(nxt_block.text) if isinstance(nxt_block, Para) else ""
                starts_body = _BODY_HEAD_RE.match(nxt) or _MEETING_THEN_BODY_RE.match(nxt)
                if nxt and starts_body and len(nxt.split()) <= 14 and ":" not in nxt:
                    return f"{text.strip(' .:')} {nxt.strip(' .:')}", i
            # A title Word wrapped onto a second short line: «... زنان و خانواده» + «استان در سال ۱۴۰۲».
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(following, Para):
                nxt = clean(following.text)
                if (
                    nxt
                    and len(nxt.split()) <= 6
                    and ":" not in nxt
                    and re.match(r"^(?:استان|شهرستان|در[ \u200c]+سال|سال|\(|مورخ)", nxt)
                ):
                    text = f"{text} {nxt}"
            return text.strip(" .:"), i
    if fallback is not None:
        return fallback
    return None, None


def _body_after_meeting_word(text: str, *, in_sentence: bool = False) -> str | None:
    """«سومین صورتجلسه قرارگاه اجتماعی استان» → «قرارگاه اجتماعی استان».

    In a title the body runs to the end («... زنان و خانواده استان»), whose commas belong to
    the name; in a sentence a «،» ends it.
    """
    m = _BODY_HEAD_RE.search(text)
    if not m:
        return None
    rest = text[m.start() :]
    end = _BODY_END_RE.search(rest)
    body = rest[: end.start()] if end else rest
    if in_sentence:
        body = body.split("،")[0]
    body = re.sub(r"\s+(?:و|در|به|با)$", "", body.strip(" ،-–"))
    return body or None


def _sessions(text: str) -> list[tuple[int, str | None]]:
    """Every «ordinal + جلسه + body» in ``text``: [(number, body or None)]."""
    out: list[tuple[int, str | None]] = []
    taken: list[tuple[int, int]] = []
    for m in _ORD_MEETING_RE.finditer(text):
        taken.append(m.span("ord"))
        n = ordinal_to_int(m.group("ord"))
        if n is None:
            continue
        rest = text[m.end() :]
        nxt = _ORD_MEETING_RE.search(rest)
        segment = rest[: nxt.start()] if nxt else rest
        segment = re.sub(r"\s+و\s*$", "", segment)
        body = (
            _body_after_meeting_word(segment, in_sentence=True)
            if _BODY_HEAD_RE.match(segment.strip())
            else None
        )
        out.append((n, body))
    for m in _MEETING_ORD_RE.finditer(text):
        if m.group("ord") and any(s < m.end("ord") and m.start("ord") < e for s, e in taken):
            continue  # «صورتجلسه هفتمین جلسه ...»: the same ordinal, already read above
        n = int(to_latin_digits(m.group("num"))) if m.group("num") else ordinal_to_int(m.group("ord") or "")
        if n is not None:
            out.append((n, _body_after_meeting_word(text[m.end() :], in_sentence=True)))
    return out


def _split_bodies(text: str) -> list[str]:
    """«شورای اجتماعی و کارگروه اجتماعی، ...» → the names of the bodies it lists."""
    parts = re.split(r"\s+و\s+(?=" + _BODY_HEAD_RE.pattern + r")", text)
    return [p.strip(" ،") for p in parts if p.strip(" ،")]


def _meeting_sentence(blocks: list[Block], skip: set[int]) -> str | None:
    found = _meeting_sentences(blocks, skip, limit=1)
    return found[0] if found else None


# A sentence about another meeting («جلسه آینده … برگزار می‌شود») says nothing of this one.
_OTHER_MEETING_RE: Final = re.compile(_B + r"(?:آینده|بعدی|آتی|قبلی|گذشته)" + _E)


def _meeting_sentences(blocks: list[Block], skip: set[int], *, limit: int = 3) -> list[str]:
    """The sentences that say the meeting was held, before the resolutions start: a news
    headline («نشست شورای … برگزار شد») and then the lead that gives place and chair."""
    out: list[str] = []
    for i, block in enumerate(blocks[:60]):
        if i in skip or not isinstance(block, Para):
            continue
        text = clean(block.text)
        if out and _DECIDES_RE.search(text):
            break
        if (
            _MEETING_SENTENCE_RE.search(text)
            and re.search(r"جلسه|نشست", text)
            and not labelled_segments(block.text)
        ):
            sentence = next(
                (x for x in re.split(r"(?<=[.!؟])\s+", text) if _MEETING_SENTENCE_RE.search(x)), text
            )
            if out and _OTHER_MEETING_RE.search(sentence):
                continue
            out.append(sentence)
            if len(out) >= limit:
                break
    return out


_FULL_YEAR_RE: Final = re.compile(r"(?<![۰-۹/])۱[۳۴][۰-۹]{2}(?![۰-۹])")


def _document_year(blocks: list[Block]) -> int | None:
    """A four-digit Jalali year written near the top («... در سال ۱۴۰۲», a letterhead date):
    the tie-breaker for a meeting date written with a two-digit year."""
    for block in blocks[:15]:
        texts = [block.text] if isinstance(block, Para) else [c for row in block.rows for c in row]
        for text in texts:
            m = _FULL_YEAR_RE.search(text)
            if m:
                return int(to_latin_digits(m.group()))
    return None


def _apply_datetime(
    h: Header, value: str, *, time_field: bool, warnings: list[str], reference_year: int | None = None
) -> None:
    if h.date is None:
        parsed = parse_jalali_date(value, reference_year=reference_year)
        if parsed.date is not None:
            h.date = parsed.date.to_gregorian()
            warnings.extend(parsed.warnings)
            # An ambiguous order («۰۲/۰۳/۰۸») or a guessed century: the preview should ask.
            h.unsure.extend(("date", w) for w in parsed.warnings)
    if h.weekday is None:
        h.weekday = canon_weekday(value)
    if h.time is None:
        t = parse_time(value) if time_field else None
        if t is None and (time_field or "ساعت" in value):
            found = find_time(value)
            t = found[0] if found else None
        if t is None and time_field:
            # A range («۱۱ الی ۱۳», «از ۸:۳۰ تا ۱۰»): the meeting starts at its first end.
            start = _TIME_RANGE_RE.match(clean(value))
            t = parse_time(start.group("start")) if start else None
        h.time = t


_TIME_RANGE_RE: Final = re.compile(
    r"^(?:از[ \u200c]+)?(?:ساعت[ \u200c]+)?(?P<start>[۰-۹]{1,2}(?:[:/][۰-۹]{2})?)"
    r"[ \u200c]*(?:الی|إلی|تا|لغایت|-|–)[ \u200c]*[۰-۹]"
)
# An unlabelled header cell that gives the time: «از ساعت ۸:۳۰ لغایت ۱۰:۳۰», «ساعت ۹ صبح».
_TIME_CELL_RE: Final = re.compile(r"^(?:از[ \u200c]+)?ساعت[ \u200c]*[۰-۹]")


def extract_header(blocks: list[Block]) -> Header:
    h = Header()
    warnings = h.warnings
    labelled = _collect_labelled(blocks)
    h.title, h.title_block = _find_title(blocks, labelled)
    h.label_blocks = {i for i, _, _ in labelled}

    by_field: dict[str, list[tuple[int, str]]] = {}
    for i, f, v in labelled:
        if clean(v):
            by_field.setdefault(f, []).append((i, v))

    doc_year = _document_year(blocks)
    for f in ("date", "datetime", "weekday", "time"):
        for _, v in by_field.get(f, []):
            _apply_datetime(
                h, v, time_field=f in ("time", "datetime"), warnings=warnings, reference_year=doc_year
            )
    # Bare «تاریخ:» is the letter's date when it sits in the letterhead (before the title, or
    # next to «شماره:»/«پیوست:»); elsewhere it may be the meeting's date.
    letterhead_rows = {i for f in ("lh_number", "lh_attach") for i, _ in by_field.get(f, [])}
    if h.date is None:
        for i, v in by_field.get("lh_date", []):
            before_title = h.title_block is not None and i < h.title_block
            near_letterhead = any(abs(i - j) <= 2 for j in letterhead_rows)
            if not before_title and not near_letterhead:
                _apply_datetime(h, v, time_field=False, warnings=warnings, reference_year=doc_year)
                break

    # The invitation is dated shortly before the meeting: its year settles two-digit years.
    ref_year = JalaliDate.from_gregorian(h.date).year if h.date is not None else None
    for _, v in by_field.get("place", [])[:1]:
        # «محل: به میزبانی اداره کل … - سالن همایش‌ها»: the host is where it was held.
        h.place = _HOSTED_BY_RE.sub("", clean(v)).strip(" .،") or None
    for _, v in by_field.get("inv_number", [])[:1]:
        parts = _INV_SPLIT_RE.split(clean(v), maxsplit=1)
        h.inv_number = parts[0].strip(" .،") or None
        if len(parts) > 1 and h.inv_date is None:
            d = parse_jalali_date(parts[1], reference_year=ref_year).date
            h.inv_date = d.to_gregorian() if d else None
    for _, v in by_field.get("inv_date", [])[:1]:
        d = parse_jalali_date(v, reference_year=ref_year).date
        if d is not None:
            h.inv_date = d.to_gregorian()
    for _, v in by_field.get("chair", [])[:1]:
        h.chair = parse_person(v)
    for _, v in by_field.get("secretary", [])[:1]:
        h.secretary = parse_person(v)
    for _, v in by_field.get("agenda", [])[:1]:
        h.agenda_value = v
    for _, v in by_field.get("number", [])[:1]:
        h.number = _int_value(v)

    _identity(h, blocks)
    if h.inv_number is None and h.inv_date is None:
        _invitation_in_text(h, blocks)
    if h.date is None:
        # Before the meeting sentence's first date: «تاریخ برگزاری …», «جلسه … مورخ …» or a
        # date in the title, anywhere near the top, beats an invitation's or a publication's.
        _held_date(h, blocks, minimum=2)
    _fallback_from_sentence(h, blocks)
    return h


# What the words just before a date say about it.  The nearest cue decides: «جلسه آینده مورخ»
# ends in «آینده», «دعوتنامه شماره ۱۲ مورخ» in «دعوتنامه», «جلسه شورا در تاریخ» in «جلسه».
_DATE_CUE_RE: Final = re.compile(
    _B
    + r"(?:(?P<held>تاریخ[ \u200c]+(?:جلسه|برگزاری|تشکیل|نشست)|جلسه|نشست|صورت[ \u200c]*جلسه|برگزاری|برگزار|تشکیل|"
    r"شنبه|یکشنبه|دوشنبه|سه[ \u200c]*شنبه|چهارشنبه|پنج[ \u200c]*شنبه|جمعه)"
    r"|(?P<other>دعوت[ \u200c]*نامه|نامه|پیرو|عطف|بازگشت|انتشار|منتشر|درج|خبر|بخشنامه|ابلاغ|مصوبه|مصوبات|مهلت|حداکثر|"
    r"تا|لغایت|آینده|بعدی|بعد|آتی|قبلی|قبل|گذشته|پیشین|بروزرسانی|چاپ|ارسال|ثبت))" + _E
)
_DECISION_IN_TEXT_RE: Final = re.compile(
    r"مقرر[ \u200c]*(?:گردید|شد|می[ \u200c]*(?:گردد|شود))|مصوب[ \u200c]*(?:گردید|شد)|تصویب[ \u200c]*(?:شد|گردید)"
    r"|موافقت[ \u200c]*(?:شد|گردید)|تصمیم[ \u200c]+گرفته[ \u200c]+شد"
)
# A paragraph that decides is a resolution, never the title.
_DECIDES_RE: Final = re.compile(_B + r"(?:مقرر|مصوب|تصویب)[ \u200c]*(?:گردید|شد)" + _E)


_INV_IN_TEXT_RE: Final = re.compile(
    _B
    # «۷۴۰/۱۰/ش», «۲۲۱/د», «۱۲/۳۴۵۶/ص/۱۴۰۲»: any run of pieces up to the space before «مورخ».
    + r"دعوت[ \u200c]*نامه[ \u200c]+(?:شماره[ \u200c]*:?[ \u200c]*)?(?P<num>[۰-۹][۰-۹/\-]*(?:/[^\s/]{1,4})*(?:/[۰-۹]+)?)"
    r"[ \u200c]+(?:مورخ|مورخه|به[ \u200c]+تاریخ|تاریخ)[ \u200c]*(?P<date>[^،.]{4,24})"
)


def _invitation_in_text(h: Header, blocks: list[Block]) -> None:
    """«پیرو دعوتنامه شماره ۴۵۱۲ مورخ ۹۸/۶/۱۰ …» in the opening paragraphs."""
    for block in blocks[:20]:
        if not isinstance(block, Para) or "دعوت" not in block.text:
            continue
        m = _INV_IN_TEXT_RE.search(unglue(clean(block.text)))
        if m:
            ref = JalaliDate.from_gregorian(h.date).year if h.date is not None else _document_year(blocks)
            parsed = parse_jalali_date(m.group("date"), reference_year=ref)
            h.inv_number = m.group("num")
            h.inv_date = parsed.date.to_gregorian() if parsed.date is not None else None
            return


def _scored_dates(text: str, doc_year: int | None, *, title: bool = False) -> list[tuple[int, datetime.date]]:
    """Dates in ``text`` that may be the day the meeting was held, with a score, best first.

    Score 3: the nearest cue before the date names the meeting («تاریخ برگزاری»، «جلسه … مورخ»,
    a weekday); 2: a date in the title with no cue against it; 1: no cue at all.  A date whose
    nearest cue is an invitation, a publication, a deadline or another meeting is never taken,
    nor is a date after the paragraph's decision verb (it is inside a resolution).
    """
    decided = _DECISION_IN_TEXT_RE.search(text)
    limit = decided.start() if decided else len(text)
    scored: list[tuple[int, int, datetime.date]] = []
    for parsed in find_jalali_dates(text, reference_year=doc_year):
        if parsed.date is None or parsed.span is None or parsed.span[0] >= limit:
            continue
        start = parsed.span[0]
        cues = list(_DATE_CUE_RE.finditer(text[max(0, start - 70) : start]))
        if cues and cues[-1].group("other"):
            continue
        score = 3 if cues else (2 if title else 1)
        scored.append((-score, start, _in_century(parsed, text, doc_year)))
    return [(-s, d) for s, _, d in sorted(scored)]


def _dates_held(text: str, doc_year: int | None, *, minimum: int) -> list[datetime.date]:
    return [d for score, d in _scored_dates(text, doc_year) if score >= minimum]


def _in_century(parsed: DateParse, text: str, doc_year: int | None) -> datetime.date:
    """A two-digit year read in the century of the document's own four-digit years."""
    assert parsed.date is not None and parsed.span is not None
    d = parsed.date
    raw = text[parsed.span[0] : parsed.span[1]]
    if doc_year is not None and not re.search(r"[۰-۹0-9]{4}", raw) and abs(d.year - doc_year) >= 50:
        shifted = d.year + (100 if doc_year > d.year else -100)
        try:
            return JalaliDate(shifted, d.month, d.day).to_gregorian()
        except ValueError:
            pass
    return d.to_gregorian()


def _held_date(h: Header, blocks: list[Block], *, minimum: int = 1) -> None:
    """The best-scored date of the opening paragraphs (see :func:`_scored_dates`).

    With ``minimum=2`` only a cue or the title counts, anywhere in the first 60 blocks; with
    ``minimum=1`` (the last resort) any date of the first 12 paragraphs that nothing argues
    against, with a warning.
    """
    doc_year = _document_year(blocks)
    best: tuple[int, datetime.date] | None = None
    last_block = 60 if minimum >= 2 else 12
    for i, block in enumerate(blocks[:last_block]):
        if not isinstance(block, Para) or (minimum < 2 and i in h.label_blocks):
            continue
        text = unglue(clean(block.text))
        if is_furniture(text):
            continue
        scored = _scored_dates(text, doc_year, title=i == h.title_block)
        if scored and scored[0][0] >= minimum and (best is None or scored[0][0] > best[0]):
            best = scored[0]
            if best[0] == 3:
                break
    if best is None:
        return
    h.date = best[1]
    if minimum < 2:
        h.warnings.append("تاریخ جلسه از متن صورتجلسه برداشت شد؛ لطفاً بررسی کنید.")
        h.unsure.append(("date", "تاریخ جلسه از متن صورتجلسه برداشت شد؛ لطفاً بررسی کنید."))


def _identity(h: Header, blocks: list[Block]) -> None:
    """Body, number and joint sessions, from the title and then the meeting sentence."""
    title = h.title or ""
    sentence = _meeting_sentence(blocks, {h.title_block} if h.title_block is not None else set())
    sentence = unglue(sentence) if sentence else sentence
    # «نشست شورای اداری بخش کهریزک درساعت9»: unglued, so the body ends before «در ساعت».
    first_paras = [unglue(clean(b.text)) for b in blocks[:40] if isinstance(b, Para)][:12]
    sources = [title] + ([sentence] if sentence else []) + first_paras
    sessions: list[tuple[int, str | None]] = []
    for text in sources:
        sessions = _sessions(text)
        if sessions:
            break
    title_body = _ORD_MEETING_RE.sub("", _body_after_meeting_word(title) or "") if title else ""
    title_bodies = _split_bodies(re.sub(r"\s+", " ", title_body).strip())
    distinct = {(n, key(b or "")) for n, b in sessions}
    if len(distinct) >= 2 and len({n for n, _ in sessions}) >= 2 and all(b for _, b in sessions):
        bodies = []
        for n, b in sessions:
            assert b is not None
            fuller = next((t for t in title_bodies if key(t).startswith(key(b)) and len(t) > len(b)), None)
            bodies.append(BodySession(fuller or b, n))
        h.bodies = tuple(bodies)
        h.number = None
    elif sessions and h.number is None:
        h.number = sessions[0][0]
    if h.body is None:
        h.body = _body_after_meeting_word(title) if title else None
        if h.body and h.bodies:
            # «شورای X و چهارمین جلسه کمیته Y» → «شورای X و کمیته Y»
            h.body = re.sub(r"\s+", " ", _ORD_MEETING_RE.sub("", h.body)).strip() or h.body
    if h.body is None:
        for text in ([sentence] if sentence else []) + first_paras[:3]:
            for m in list(_ORD_MEETING_RE.finditer(text)) + list(_MEETING_ORD_RE.finditer(text)):
                body = _body_after_meeting_word(text[m.end() :], in_sentence=True)
                if body and _BODY_HEAD_RE.match(text[m.end() :].strip()):
                    h.body = body
                    break
            if h.body:
                break
    if h.body is None:
        # «جلسه شورای فرهنگ عمومی شهرستان صبح امروز … برگزار شد»: no ordinal, but the body
        # is named right after the meeting word.
        for text in ([sentence] if sentence else []) + first_paras[:3]:
            lead = _MEETING_THEN_BODY_RE.search(text)
            if lead:
                h.body = _body_after_meeting_word(text[lead.end() :], in_sentence=True)
                if h.body:
                    break
    if h.body is None:
        # «هیئت امنای بوستان‌های شهری منطقه ۴» alone on a line at the top, the title being only
        # «جلسه مورخ …»: that line names the body.
        for text in first_paras[:6]:
            if _BODY_HEAD_RE.match(text) and len(text.split()) <= 12 and ":" not in text:
                h.body = text.strip(" .:") or None
                break
    if h.number is None and not h.bodies:
        h.warnings.append("شماره جلسه در متن پیدا نشد.")


def _fallback_from_sentence(h: Header, blocks: list[Block]) -> None:
    skip = {h.title_block} if h.title_block is not None else set()
    for sentence in _meeting_sentences(blocks, skip):
        _from_sentence(h, blocks, unglue(sentence))
    if h.date is None:
        _held_date(h, blocks)
    if h.date is None:
        h.warnings.append("تاریخ جلسه پیدا نشد.")
    elif h.weekday is None:
        h.weekday = JalaliDate.from_gregorian(h.date).weekday_name()


def _from_sentence(h: Header, blocks: list[Block], sentence: str) -> None:
    """Fill what is still missing from one sentence that says the meeting was held."""
    if sentence:
        if h.date is None:
            for parsed in _dates_held(sentence, _document_year(blocks), minimum=1):
                h.date = parsed
                break
        if h.weekday is None:
            m = re.search(r"روز[ \u200c]+(\S+(?:[ \u200c]شنبه)?)", sentence)
            h.weekday = canon_weekday(m.group(0)) if m else None
        if h.time is None:
            found = find_time(sentence)
            if found:
                h.time = found[0]
        if h.place is None:
            m = _PLACE_RE.search(sentence)
            if m:
                h.place = clean(m.group("place")).strip(" ،.") or None
        if h.chair == Person(None, None):
            m = _CHAIR_RE.search(sentence)
            if m:
                h.chair = parse_person(m.group("person"))
        if h.secretary == Person(None, None):
            m = _SECRETARY_RE.search(sentence)
            if m:
                h.secretary = parse_person(m.group("person"))
