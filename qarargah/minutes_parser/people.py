"""People in minutes: «جناب آقای دکتر مخلص الائمه، استاندار محترم» → name + role, and the
officials whose statements the minutes report (speakers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from qarargah.minutes_parser.blocks import clean
from qarargah.minutes_parser.model import Person
from qarargah.minutes_parser.vocab import ROLE_HEADS, key, phrase_re

__all__ = ["find_speakers", "parse_person"]

_B = r"(?<![\w\u200c])"
_E = r"(?![\w\u200c])"

# Courtesy words go; professional titles (دکتر، مهندس، حجت الاسلام) are part of how the person
# is named in the record, so they stay («دکتر مخلص الائمه»).
_COURTESY_RE: Final = re.compile(
    _B
    + r"(?:"
    + "|".join(phrase_re(w) for w in ("سرکار خانم", "جناب آقای", "جناب", "آقای", "خانم", "سرکار", "آقا"))
    + r")"
    + _E
)
_TITLES: Final = (
    "دکتر",
    "مهندس",
    "حجت الاسلام والمسلمین",
    "حجت الاسلام و المسلمین",
    "حجت الاسلام",
    "آیت الله",
    "سردار",
    "سرهنگ",
    "استاد",
)
_TITLE_RE: Final = re.compile(
    _B + r"(?:" + "|".join(phrase_re(t) for t in sorted(_TITLES, key=len, reverse=True)) + r")" + _E
)
_ROLE_RE: Final = re.compile(
    _B + r"(?:" + "|".join(phrase_re(r) for r in sorted(set(ROLE_HEADS), key=len, reverse=True)) + r")" + _E
)
# Where a person is introduced: a courtesy word, optionally followed by titles.
_MENTION_RE: Final = re.compile(
    _B
    + r"(?:(?:سرکار[ \u200c]+خانم|جناب[ \u200c]+آقای|جناب|آقای|خانم)[ \u200c]+)"
    + r"(?:(?:دکتر|مهندس|حجت[ \u200c]*الاسلام(?:[ \u200c]+و?[ \u200c]*المسلمین)?|سردار)[ \u200c]+)*"
)
# A professional or clerical title opening a mention without a courtesy word
# («حجت الاسلام رضوانی، امام جمعه ...», «سردار X، فرمانده ...»).
_TITLE_START_RE: Final = re.compile(
    r"^(?:دکتر|مهندس|حجت[ \u200c]*الاسلام(?:[ \u200c]+و?[ \u200c]*المسلمین)?|آیت[ \u200c]*الله|سردار|سرهنگ)[ \u200c]+"
)
_COURTESY_BEFORE_RE: Final = re.compile(r"(?:آقای|خانم|جناب|سرکار)[ \u200c]*$")
# The same title after a clause opener in running text («در ابتدای جلسه، حجت الاسلام X ...»).
_TITLE_MENTION_RE: Final = re.compile(
    r"(?:^|[،,]\s*|(?:در[ \u200c]+ابتدا(?:ی[ \u200c]+جلسه)?|سپس|در[ \u200c]+ادامه|همچنین)\s+)"
    r"(?P<t>(?:دکتر|مهندس|حجت[ \u200c]*الاسلام(?:[ \u200c]+و?[ \u200c]*المسلمین)?|آیت[ \u200c]*الله|سردار|سرهنگ)[ \u200c]+)"
)
# (The look-ahead restates a match's first character so other positions are skipped at once.)
_SEP_RE: Final = re.compile(r"(?=[\s،,])\s*(?:،|,|\s[-–—]\s)\s*")
# Words that end a role phrase in running text: the statement starts there.
_ROLE_STOP_RE: Final = re.compile(
    _B
    + r"(?:ضمن|با|طی|تسلیت|گفت|افزود|افزودند|اظهار|بیان|خاطرنشان|خاطر[ \u200c]نشان|در[ \u200c]+ابتدا|در[ \u200c]+این|"
    r"در[ \u200c]+خصوص|در[ \u200c]+ادامه|پس[ \u200c]+از|نیز|هم[ \u200c]+چنین|همچنین|گزارشی|به[ \u200c]+بیان|"
    r"فرمودند|اشاره|تاکید|تأکید|عنوان[ \u200c]+کرد|یادآور|یادآوری|ارائه|خواستار|درخواست|"
    # «… بخشدار مرکزی بر لزوم/ضرورت/اهمیت … تأکید کرد»: what is stressed starts after the role.
    r"بر[ \u200c]+(?:لزوم|ضرورت|اهمیت|نقش|توجه|ادامه|تسریع|استمرار))" + _E + r"|[:؛.]"
)
_SPEECH_RE: Final = re.compile(
    r"افزود|گفت|بیان|اظهار|تاکید|تأکید|ارائه|خواستار|فرمود|اشاره|تشریح|پرداخت|داشت|نمود|کرد|خاطر[ \u200c]?نشان|توضیح|یادآور|متذکر|ضمن|:"
)
# A mention right after these words is an attendee or a reference, not a speaker.
_NOT_SPEAKER_BEFORE_RE: Final = re.compile(
    r"(?:با[ \u200c]+حضور|و[ \u200c]+حضور|حضور|ریاست|توسط|رهنمودهای|رهنمود|نماینده|از[ \u200c]+سوی|دستور|دعوت|از|به|با|و)[ \u200c]*$"
)
# Every match of _MENTION_RE contains one of the first three, of _TITLE_MENTION_RE one of the rest.
_MENTION_HINTS: Final = ("جناب", "آقای", "خانم", "دکتر", "مهندس", "حجت", "آیت", "سردار", "سرهنگ")
_HEADING_WORDS: Final = ("اهم مطالب", "سایر", "مصوبات", "دستور", "خلاصه", "جمع بندی", "نتیجه")


def _strip_courtesy(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _COURTESY_RE.sub(" ", text).strip()
    return re.sub(r"\s+", " ", text).strip(" ،,:-–")


def parse_person(text: str | None) -> Person:
    """Split «جناب آقای دکتر X، استاندار محترم» into Person("دکتر X", "استاندار محترم").

    The split is at the first «،»/«-» or, without one, at the first role word («استاندار»,
    «مدیرکل», «معاون», …) after the name.  A value that starts with a role word names only a
    position («استاندار محترم») and gives ``name=None``.
    """
    t = clean(text).strip(" :؛،-–")
    t = re.sub(r"^\(|\)$", "", t).strip()
    if not t:
        return Person(None, None)
    body = _strip_courtesy(t)
    if not body:
        return Person(None, None)
    role_start = None
    for m in _ROLE_RE.finditer(body):
        # A role word only ends the name if some name precedes it (titles alone are no name).
        if _TITLE_RE.sub("", body[: m.start()]).strip():
            role_start = m.start()
            break
        if m.start() == 0:
            return Person(None, body)
    sep = _SEP_RE.search(body)
    cut = min((p for p in (sep.start() if sep else None, role_start) if p is not None), default=None)
    if cut is None:
        return Person(body, None)
    # «محترم» right after a name is courtesy («آقای X محترم، ...»); in a role it is kept.
    name = re.sub(r"[ \u200c]+محترم(?:ه)?$", "", body[:cut].strip(" ،,-–"))
    role = body[sep.end() :] if sep and sep.start() == cut else body[cut:]
    return Person(name or None, role.strip(" ،,:-–") or None)


def _name_key(name: str | None) -> str:
    return key(_TITLE_RE.sub("", name or ""))


def _from_running_text(sentence: str, start: int) -> Person | None:
    """The person introduced at ``start`` in a sentence of running text, name and role."""
    tail = sentence[start:]
    m = _MENTION_RE.match(tail)
    rest = tail[m.end() :] if m else tail
    prefix = tail[: m.end()] if m else ""
    # The name is one to three words before a «،», a role word or a statement word.
    name_end = len(rest)
    for rx in (_SEP_RE, _ROLE_RE, _ROLE_STOP_RE):
        found = rx.search(rest)
        if found and found.start() < name_end:
            name_end = found.start()
    name = rest[:name_end].strip()
    if not name or len(name.split()) > 4:
        return None
    after = rest[name_end:]
    role = None
    sep = _SEP_RE.match(after)
    role_text = after[sep.end() :] if sep else after
    if _ROLE_RE.match(role_text):
        stop = _ROLE_STOP_RE.search(role_text)
        comma = _SEP_RE.search(role_text)
        end = min(
            p for p in (stop.start() if stop else len(role_text), comma.start() if comma else len(role_text))
        )
        role = role_text[:end].strip(" ،,") or None
    titles = _TITLE_RE.findall(prefix)
    full = " ".join([*titles, name]) if titles else name
    return Person(clean(full), clean(role) if role else None)


def _is_heading(text: str) -> bool:
    return any(text.startswith(w) for w in _HEADING_WORDS)


def find_speakers(paragraphs: Iterable[str]) -> tuple[Person, ...]:
    """Officials whose statements are reported, in order of appearance, each once.

    Signals, strongest first: a bold name («**آقای X، مدیرکل ...**», also from Word bold runs),
    a short line that introduces a statement («➤ جناب آقای X، معاون ...:»), and in running
    text a courtesy word + name in a sentence with a statement verb («در ادامه آقای X، مدیرکل
    ... گزارشی ارائه نمودند»).  Attendees («با حضور جناب آقای ...») are not speakers.
    """
    found: list[Person] = []
    seen: set[str] = set()

    def add(person: Person | None) -> None:
        if person is None or not person.name:
            return
        k = _name_key(person.name)
        if not k or k in seen or len(person.name.split()) > 5:
            return
        seen.add(k)
        found.append(person)

    for para in paragraphs:
        bold_spans = [m for m in re.finditer(r"\*\*(.+?)\*\*", para) if m.group(1).strip(" :")]
        stripped = clean(para)
        for m in bold_spans:
            inner = clean(m.group(1)).strip(" :")
            if not inner or _is_heading(inner):
                continue
            if _MENTION_RE.match(inner) or _TITLE_START_RE.match(inner):
                add(parse_person(inner))
        if not stripped:
            continue
        # A short line ending in «:» that introduces a person: «➤ جناب آقای X، معاون ...:»
        if stripped.endswith(":") and len(stripped.split()) <= 25 and not bold_spans:
            inner = stripped.rstrip(":")
            if _MENTION_RE.match(inner) or _TITLE_START_RE.match(inner):
                add(parse_person(inner))
                continue
        if not any(w in para for w in _MENTION_HINTS):
            # Neither _MENTION_RE nor _TITLE_MENTION_RE can match without one of these words;
            # most paragraphs have none, and the sentence scan below is regex-heavy.
            continue
        plain = re.sub(r"\*\*(.+?)\*\*", lambda m: " " * len(m.group(0)), para)  # bold handled above
        for sentence in re.split(r"(?<=[.!؟])\s+", plain):
            for m in _MENTION_RE.finditer(sentence):
                before = sentence[: m.start()].rstrip()
                # «با حضور آقای X» is an attendee; «پس از ...، آقای X» is fine (the comma ends
                # the previous clause).
                if _NOT_SPEAKER_BEFORE_RE.search(before) and not before.endswith("،"):
                    continue
                if not _SPEECH_RE.search(sentence[m.end() :]):
                    continue
                add(_from_running_text(sentence, m.start()))
            # «دکتر عبداللهی بیان داشتند: ...» at the start of a sentence, or after «در ابتدای
            # جلسه،», without a courtesy word.
            stripped_sentence = sentence.strip()
            for tm in _TITLE_MENTION_RE.finditer(stripped_sentence):
                start = tm.start("t")
                if _COURTESY_BEFORE_RE.search(stripped_sentence[:start]):
                    continue  # «آقای دکتر X»: read above through the courtesy word
                if _SPEECH_RE.search(stripped_sentence[tm.end() :]):
                    add(_from_running_text(stripped_sentence, start))
                    break
    return tuple(found)
