"""Resolution items in running text: where one item starts, what sits between items.

Minutes number their resolutions in many ways — «۱-», «۵۱۷-» (a serial that continues across
meetings), «۴۴۳ -۲», «۱ مقرر گردید» (no delimiter), «۱ :مقرر شد … ۲: مقرر شد …» inside one
paragraph, «الف)», items separated by «/» or «؛» after one «مقرر شد:», or no numbers at all
(«… مقرر گردید … و همچنین مصوب گردید …»).  Between the items there may be vote lines («به
اتفاق آرا تصویب شد»), vote counts flattened onto their own lines («۵», «--») and page furniture
of a web or messenger copy (publication dates, «بازدید», «اشتراک‌گذاری»), none of which ends the
list or belongs to an item's text.

This module only classifies and splits paragraphs; :mod:`resolutions` builds the rows.
"""

from __future__ import annotations

import re
from typing import Final

from qarargah.minutes_parser.agenda import strip_enum
from qarargah.minutes_parser.assignees import is_agency_name
from qarargah.minutes_parser.furniture import is_furniture
from qarargah.persian import to_latin_digits

__all__ = [
    "DECISION_RE",
    "is_count_line",
    "is_furniture",
    "serial_sub",
    "split_item_starts",
    "split_vote",
    "vote_of_line",
]

_S = r"[ \u200c]*"  # spaces or ZWNJ, or nothing: «مقررشد» and «مقرر شد» alike
_P = r"[ \u200c]+"
_B = r"(?<![\w\u200c])"
_E = r"(?![\w\u200c])"

#: A decision verb, glued or spaced.  «تصویب شد» alone is also how vote lines end, so those
#: are recognised (and taken out) before this is asked.
DECISION_RE: Final = re.compile(
    _B
    + r"(?:مقرر"
    + _S
    + r"(?:گردید|شد|گردد|می"
    + _S
    + r"(?:شود|گردد))|(?:موافقت|توافق)"
    + _S
    + r"(?:شد|گردید)|تصمیم"
    + _P
    + r"(?:گرفته"
    + _P
    + r"شد|بر"
    + _P
    + r"این"
    + _P
    + r"شد)|مورد"
    + _P
    + r"(?:تصویب|موافقت)"
    + _P
    + r"قرار"
    + _P
    + r"گرفت|مصوب"
    + _S
    + r"(?:گردید|شد|گردیدند|شدند)|تصویب"
    + _S
    + r"(?:شد|گردید)|به"
    + _P
    + r"تصویب"
    + _P
    + r"رسید)"
    + _E
)
_DECISION_START: Final = (
    r"(?:مقرر"
    + _S
    + r"(?:گردید|شد|می"
    + _S
    + r"(?:گردد|شود))|مصوب"
    + _S
    + r"(?:گردید|شد)|تصویب"
    + _S
    + r"(?:شد|گردید)|(?:موافقت|توافق)"
    + _S
    + r"(?:شد|گردید)|تصمیم"
    + _P
    + r"گرفته"
    + _P
    + r"شد)"
)

# «به اتفاق آرا تصویب شد», «با اکثریت آراء», «با ۵ رأی موافق و ۲ مخالف», «(۷ موافق، ۱ ممتنع)».
_VOTE_CORE: Final = (
    r"(?:(?:(?:به|با)"
    + _P
    + r")?(?:اتفاق|اکثریت)"
    + _P
    + r"(?:قاطع"
    + _P
    + r")?(?:آرا|آراء|آرای|آراى)(?:"
    + _P
    + r"(?:اعضا|اعضای"
    + _P
    + r"حاضر|حاضرین|حاضران))?"
    + r"|(?:با"
    + _P
    + r")?[۰-۹]{1,3}"
    + _P
    + r"(?:رأی|رای)"
    + r"(?:"
    + _P
    + r"(?:موافق|مخالف|ممتنع))?"
    + _E
    + r"|[۰-۹]{1,3}"
    + _P
    + r"(?:موافق|مخالف|ممتنع)(?:ین)?"
    + _E
    # «(موافق ۷، مخالف ۲)»: the word before its count.
    + r"|(?:موافق|مخالف|ممتنع)(?:ین)?\s*[:：]?\s*[۰-۹]{1,3}(?:\s*[،,/\-–]\s*(?:مخالف|ممتنع|غایب)(?:ین)?\s*[:：]?\s*[۰-۹]{1,3})*"
    + _E
    + r")"
)
_VOTE_LINE_RE: Final = re.compile(
    # «این مصوبه با اکثریت آرا به تصویب رسید», «که به اتفاق آرا تصویب شد».
    r"^[(\[«]?\s*(?:(?:این|که|و)"
    + _P
    + r")?(?:(?:مصوبه|بند|مورد|پیشنهاد|موضوع)(?:"
    + _P
    + r"فوق)?"
    + _P
    + r")?"
    r"(?:" + _VOTE_CORE + r")(?:[^.؟!]{0,80})?\s*[)\]»]?[.]?$"
    # «نتیجه رأی‌گیری: اکثریت آرا», «رای گیری: ۶ موافق».
    r"|^(?:نتیجه" + _P + r")?(?:رأی|رای)(?:" + _S + r"گیری)?\s*[:：].{1,80}$"
    # «تعداد آرای موافق: ۸».
    r"|^(?:تعداد" + _P + r")?(?:آرای|آراء|آرا)" + _P + r"(?:موافق|مخالف|ممتنع)\s*[:：]?\s*[۰-۹]{1,3}.{0,40}$"
    # The counts under their own words: «موافق: ۷ مخالف: ۰ ممتنع: ۱».
    r"|^(?:(?:(?:رأی|رای|آرای|آراء)"
    + _P
    + r")?(?:موافق|مخالف|ممتنع|غایب)(?:ین)?\s*[:：]?\s*[۰-۹]{1,3}\s*(?:نفر)?"
    r"[\s،,/\-–|]*){1,4}$"
)
# A vote phrase closing an item's own paragraph: «… اقدام نماید. (به اتفاق آرا تصویب شد)».
_TRAILING_VOTE_RE: Final = re.compile(
    # «(تصویب به اتفاق آرا)», «(مصوب با ۵ رأی)»: the word of approval may lead the vote.
    r"(?:(?<=[.؛])|(?<=^)|\s)[(\[]?\s*(?:(?:تصویب|مصوب)"
    + _P
    + r")?(?:"
    + _VOTE_CORE
    + r")[^.؟!()]{0,80}[)\]]?[.]?\s*$"
)
_COUNT_LINE_RE: Final = re.compile(
    r"^(?:[۰-۹]{1,3}|[-–—_]{1,4}|[۰-۹]{1,3}\s*[-–/]\s*[۰-۹]{1,3}"
    # A vote table flattened into lines: its column words alone («موافق», «مخالف», «ممتنع»).
    r"|(?:تعداد[ \u200c]+)?(?:آرای[ \u200c]+)?(?:موافق|مخالف|ممتنع|غایب)(?:ین|ان)?(?:[ \u200c]*[:：])?)[.]?$"
)


def vote_of_line(text: str) -> str | None:
    """The vote result if the whole line is one («به اتفاق آرا تصویب شد»), else None."""
    if len(text) > 120:
        return None
    m = _VOTE_LINE_RE.match(text)
    return text.strip(" ()[]«».") if m else None


def is_count_line(text: str) -> bool:
    """A vote count flattened onto its own line («۵», «--», «۷ - ۲»)."""
    return bool(_COUNT_LINE_RE.match(text))


def split_vote(text: str) -> tuple[str, str | None]:
    """(item text without a closing vote phrase, the vote or None)."""
    if "آرا" not in text and "رأی" not in text and "رای" not in text and "موافق" not in text:
        return text, None
    m = _TRAILING_VOTE_RE.search(text)
    if not m or m.start() == 0:
        return text, None
    head = text[: m.start()].rstrip(" -–،")
    if len(head.split()) < 3:
        return text, None
    return head, m.group().strip(" ()[].")


_LONE_NUMBER_RE: Final = re.compile(
    r"^\s*(?:ردیف|مصوبه|بند|مورد)[ \u200c]*(?:شماره[ \u200c]*)?(?P<num>[۰-۹]{1,3})\s*[-–:.)]?\s*$"
)
# A number with no delimiter before a decision verb («۱ مقرر گردید», «۱۲مقرر شد»).
_BARE_NUMBER_RE: Final = re.compile(r"^(?P<num>[۰-۹]{1,4})\s*(?=" + _DECISION_START + r")")
# A serial with a sub-number: «۴۴۳ -۲», «۵۱۷-۳)»; and a serial of four digits: «۱۲۰۵-».
_SERIAL_RE: Final = re.compile(
    r"^[\s\-–•*]*(?P<num>[۰-۹]{1,4})\s*[-–]\s*(?P<sub>[۰-۹]{1,2})\s*[-–.)]?\s+(?=\D)|^(?P<big>[۰-۹]{4})\s*[-–.)]\s*"
)
# Where another numbered item starts inside a paragraph: «… ۲: مقرر شد …», «… ۳ - مصوب شد …».
_INLINE_ITEM_RE: Final = re.compile(
    r"(?:(?<=\s)|(?<=[.؛:]))(?<![۰-۹/])(?P<num>[۰-۹]{1,3})\s*(?:[-–.):/]\s*)?(?=" + _DECISION_START + r")"
)
# A lettered item inside a paragraph: «… ب) …», «… ج/ …».
_INLINE_LETTER_RE: Final = re.compile(
    r"(?:(?<=\s)|(?<=[.؛:]))(?P<let>الف|[بپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])\s*[)/]\s+"
)
_LETTERS: Final = "الف ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی".split()  # noqa: SIM905
# Lettered lists follow the alphabet («الف، ب، پ») or the abjad order («الف، ب، ج، د»).
_ABJAD: Final = "الف ب ج د ه و ز ح ط ی ک ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ".split()  # noqa: SIM905
# «مقرر شد: X / Y / Z» or «مصوب گردید: X؛ Y؛ Z».
_COLON_LIST_RE: Final = re.compile(
    r"^(?P<lead>.{0,60}?" + _DECISION_START + r"\s*(?:که\s*)?[:：])\s*(?P<rest>.+)$"
)
_LIST_SEP_RE: Final = re.compile(r"\s+/\s+|\s*؛\s*")
# Where a further resolution starts in prose: «… . همچنین مقرر شد …», «… و نیز مصوب گردید …».
_STRONG_BREAK_RE: Final = re.compile(
    r"[.؛]\s*|\s+(?:و" + _P + r")?(?:همچنین|نیز|ضمناً|ضمنا|در" + _P + r"ادامه|سپس)" + _P
)
_WEAK_BREAK_RE: Final = re.compile(r"\s+و" + _P)


def serial_sub(text: str) -> int | None:
    """The second number of an item numbered «۸۹ -۲», else None."""
    m = _SERIAL_RE.match(text)
    return _num(m.group("sub")) if m and m.group("sub") else None


def _num(digits: str) -> int:
    return int(to_latin_digits(digits))


def _colon_list(body: str) -> list[str] | None:
    m = _COLON_LIST_RE.match(body)
    if not m:
        return None
    parts = [p.strip(" .،") for p in _LIST_SEP_RE.split(m.group("rest"))]
    parts = [p for p in parts if p]
    if len(parts) < 2 or any(len(p.split()) < 3 for p in parts):
        return None
    return parts


def _inline_numbered(body: str) -> list[tuple[int | None, str]] | None:
    """«۱ :مقرر شد … ۲: مقرر شد …» → [(1, …), (2, …)], or None if there is one item."""
    matches = [m for m in _INLINE_ITEM_RE.finditer(body) if m.start() > 0]
    if not matches:
        return None
    out: list[tuple[int | None, str]] = []
    head = body[: matches[0].start()].strip()
    pieces: list[tuple[int | None, int, int]] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        pieces.append((_num(m.group("num")), m.end(), end))
    for n, s, e in pieces:
        out.append((n, body[s:e].strip()))
    return [(None, head), *out] if head else out


# A number that opens an item after a sentence ends inside a paragraph: «… نگه دارد. ۲- …».
_INLINE_SEQ_RE: Final = re.compile(
    r"(?:^|(?<=[.:：؛!؟])|(?<=[.:：؛!؟]\s))\s*(?<![۰-۹/])(?P<num>[۰-۹]{1,3})\s*[-–.)]\s+(?=[^\s۰-۹])"
)


def _inline_sequence(body: str, first: int, at_least: int = 2) -> list[tuple[int, int, int]] | None:
    """(number, start, end of the number) of items numbered ``first``, ``first``+1, … inside
    one paragraph; None unless there are ``at_least`` of them.  Only a number that follows
    the one before counts, so «ماده ۳.» or «۲. ...» out of turn does not cut a sentence."""
    chain: list[tuple[int, int, int]] = []
    want = first
    for m in _INLINE_SEQ_RE.finditer(body):
        n = _num(m.group("num"))
        if n == want:
            chain.append((n, m.start("num"), m.end()))
            want += 1
    return chain if len(chain) >= at_least else None


def _sequence_items(body: str) -> list[tuple[int | None, bool, str]] | None:
    """«موارد زیر مصوب شد: ۱- … ۲- … ۳- …» (items with no verb of their own), or «مقرر شد … .
    ۲- … ۳- …» (the first item unnumbered)."""
    chain = _inline_sequence(body, 1)
    if chain is not None:
        head = body[: chain[0][1]].strip()
        if head and not head.endswith((":", "：")):
            return None
        pieces: list[tuple[int | None, bool, str]] = []
    else:
        chain = _inline_sequence(body, 2)
        if chain is None:
            return None
        head = body[: chain[0][1]].strip()
        if not DECISION_RE.search(head):
            return None
        pieces = [(None, False, head)]
    for k, (n, _, end) in enumerate(chain):
        stop = chain[k + 1][1] if k + 1 < len(chain) else len(body)
        piece = body[end:stop].strip()
        if piece:
            pieces.append((n, True, piece))
    return pieces


def _inline_lettered(body: str, first: str) -> list[tuple[str, str]] | None:
    """«الف) … ب) … ج) …» in one paragraph, letters in order."""
    last = first
    cuts: list[tuple[str, int, int]] = []
    for m in _INLINE_LETTER_RE.finditer(body):
        let = m.group("let")
        if let in (_next(_LETTERS, last), _next(_ABJAD, last)):
            cuts.append((let, m.start(), m.end()))
            last = let
    if not cuts:
        return None
    out = [(first, body[: cuts[0][1]].strip())]
    for i, (let, _, end) in enumerate(cuts):
        stop = cuts[i + 1][1] if i + 1 < len(cuts) else len(body)
        out.append((let, body[end:stop].strip()))
    return out


def _next(order: list[str], letter: str) -> str | None:
    i = order.index(letter) if letter in order else -1
    return order[i + 1] if 0 <= i < len(order) - 1 else None


# «در جلسه … که … برگزار شد مقرر گردید …»: the meeting sentence before the first decision is the
# header's, not the resolution's.
_HELD_LEAD_RE: Final = re.compile(
    r"^[^.؛]{0,300}?"
    + _B
    + r"(?:برگزار|تشکیل)[ \u200c]*(?:شد|گردید)"
    + _E
    + r"[ \u200c،,و]*(?="
    + _DECISION_START
    + r")"
)


def _prose(text: str) -> list[str]:
    """Split an unnumbered paragraph at each further decision («… و همچنین مصوب گردید …»)."""
    verbs = list(DECISION_RE.finditer(text))
    if len(verbs) < 2:
        return [text]
    cuts: list[int] = []
    prev_end = verbs[0].end()
    for v in verbs[1:]:
        window = text[prev_end : v.start()]
        strong = list(_STRONG_BREAK_RE.finditer(window))
        cut = strong[-1] if strong else None
        if cut is None:
            weak = list(_WEAK_BREAK_RE.finditer(window))
            # «… و شهرداری مقرر شد …»: a bare «و» only a few words before the verb.
            if weak and len(window[weak[-1].end() :].split()) <= 4:
                cut = weak[-1]
        if cut is not None and len(window[: cut.start()].split()) >= 3:
            # A full stop stays with the sentence it ends; «؛» and «و همچنین» go.
            keep = 1 if cut.group().startswith(".") else 0
            cuts.append(prev_end + cut.start() + keep)
        prev_end = v.end()
    if not cuts:
        return [text]
    parts, last = [], 0
    for c in cuts:
        parts.append(text[last:c])
        last = c
    parts.append(text[last:])
    out = []
    for p in parts:
        p = _LEAD_JOINER_RE.sub("", p).strip()
        if p:
            out.append(p)
    return out


def _agency_clauses(text: str) -> list[str]:
    """«مقرر گردید شهرداری … کند؛ اداره برق … نماید؛ …»: one decision verb over several
    clauses, each with its own agency as subject, separated by «؛» or « / ».  A clause that
    does not start with an agency (or a verb of decision) only goes on with the one before."""
    if "؛" not in text and " / " not in text:
        return [text]
    parts = [p.strip() for p in _LIST_SEP_RE.split(text)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or any(len(p.split()) < 3 for p in parts):
        return [text]
    if not all(is_agency_name(_LEAD_JOINER_RE.sub("", p)) or DECISION_RE.match(p) for p in parts[1:]):
        return [text]
    return [_LEAD_JOINER_RE.sub("", p).strip() for p in parts]


_LEAD_JOINER_RE: Final = re.compile(
    r"^[.؛\s]*(?:و"
    + _P
    + r")?(?:(?:همچنین|نیز|ضمناً|ضمنا|سپس|در"
    + _P
    + r"ادامه)"
    + _P
    + r")?(?:و"
    + _P
    + r")?"
)


def split_item_starts(text: str) -> tuple[str, list[tuple[int | None, bool, str]]]:
    """Classify one cleaned paragraph of a resolutions list.

    Returns (kind, items): kind is «numbered» (it starts with a number or letter, or holds
    several numbered items), «prose» (unnumbered, with one or more decisions) or «plain» (no
    item starts here: a continuation or narrative).  Each item is (printed number or None,
    whether it was numbered at all, text).
    """
    lone = _LONE_NUMBER_RE.match(text)
    if lone:
        # «ردیف ۱» / «مصوبه شماره ۲:» alone on its line: the item's text follows on the next lines.
        return "numbered", [(_num(lone.group("num")), True, "")]
    serial = _SERIAL_RE.match(text)
    if serial:
        num = serial.group("num") or serial.group("big")
        return "numbered", _expand(_num(num), text[serial.end() :])
    body, enum = strip_enum(text)
    if enum is not None and enum != "•":
        if enum[0] in "۰۱۲۳۴۵۶۷۸۹":
            return "numbered", _expand(_num(enum), body)
        lettered = _inline_lettered(body, enum)
        if lettered:
            return "numbered", [(None, True, t) for _, t in lettered if t]
        return "numbered", [(None, True, body)]
    bare = _BARE_NUMBER_RE.match(text)
    if bare:
        return "numbered", _expand(_num(bare.group("num")), text[bare.end() :])
    if enum == "•":
        text = body
    if DECISION_RE.search(text):
        inline = _inline_numbered(text)
        if inline and len([n for n, _ in inline if n is not None]) >= 2:
            # Words before the first number («در جلسه … موارد زیر مطرح شد.») are narrative.
            return "numbered", [
                (n, n is not None, t) for n, t in inline if t and (n is not None or DECISION_RE.search(t))
            ]
        sequence = _sequence_items(text)
        if sequence:
            return "numbered", sequence
        listed = _colon_list(text)
        if listed:
            return "prose", [(None, False, t) for t in listed]
        text = _HELD_LEAD_RE.sub("", text, count=1)
        return "prose", [(None, False, t) for part in _prose(text) for t in _agency_clauses(part)]
    return "plain", []


def _expand(number: int | None, body: str) -> list[tuple[int | None, bool, str]]:
    """A numbered item that may carry further numbered items or a «/»-separated list."""
    inline = _inline_numbered(body)
    if inline and inline[0][0] is None and len(inline) >= 2 and len(inline[0][1].split()) >= 3:
        return [(number, True, inline[0][1])] + [(n, True, t) for n, t in inline[1:] if t]
    if number is not None:
        # «۱- … کند. ۲- … نماید.»: items typed on one line, without a verb of decision each.
        chain = _inline_sequence(body, number + 1, at_least=1)
        if chain is not None and len(body[: chain[0][1]].split()) >= 3:
            out: list[tuple[int | None, bool, str]] = [(number, True, body[: chain[0][1]].strip())]
            for k, (n, _, end) in enumerate(chain):
                stop = chain[k + 1][1] if k + 1 < len(chain) else len(body)
                out.append((n, True, body[end:stop].strip()))
            return [x for x in out if x[2]]
    return [(number, True, body)]
