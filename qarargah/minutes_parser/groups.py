"""Group phrases: which set of agencies «فرمانداران محترم تابعه» or «ادارات عضو کارگروه» means.

Pure text, no Django. A :class:`GroupReader` is given a province's county and body names (each
with whatever item the caller wants back) and reads an assignee name into a :class:`GroupPhrase`:
the kind of agency meant (:class:`GroupTarget`), perhaps narrowed to the counties the phrase
names or to the members of the body it names. ``None`` means the name is not a group phrase.
Turning the description into agency rows is the importer's job (``qarargah.meetings.linking``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from qarargah.persian import match_key, normalise, strip_honorifics

__all__ = [
    "GROUP_RULES",
    "GroupPhrase",
    "GroupReader",
    "GroupRule",
    "GroupTarget",
    "body_keys",
    "group_key",
]


class GroupTarget(StrEnum):
    COUNTY_GOVERNORATES = "county_governorates"
    EXECUTIVE_AGENCIES = "executive_agencies"
    BODY_MEMBERS = "body_members"
    MUNICIPALITIES = "municipalities"
    NEIGHBOURHOOD_HOUSES = "neighbourhood_houses"


@dataclass(frozen=True)
class GroupRule:
    """A phrase that stands for a set of agencies.

    ``head`` and ``tail`` are regular expressions over the phrase's *match key* (normalised,
    honorifics dropped, spaces/ZWNJ/punctuation removed — «فرمانداران محترم تابعه» →
    «فرماندارانتابعه»), so spelling variants need no extra entries. The whole key must be
    ``head`` + ``tail``. With ``by_county``, a tail made of county names («…شهرستانهای شازند،
    ساوه و خمین») narrows the group to those counties; with ``by_body``, a tail naming another
    body of the province («…عضو کارگروه حاشیه‌نشینی») means that body's members.
    """

    head: str
    tail: str
    target: GroupTarget
    label: str
    by_county: bool = False
    by_body: bool = False

    def fits(self, key: str) -> bool:
        """The whole phrase is the head and filler words: the group as a whole."""
        return _compiled(f"(?:{self.head})(?:{self.tail})").fullmatch(key) is not None

    def rest(self, key: str) -> str | None:
        """What follows the head (alternatives are written longest first, so the head takes
        «فرمانداریهای» whole), or None when the phrase does not start with the head."""
        m = _compiled(f"(?:{self.head})(?P<rest>.*)").fullmatch(key)
        return m.group("rest") if m is not None else None


# Alternatives longest first: the head must take «فرمانداریهای» whole, not «فرمانداریها».
_ALL = r"(?:کلیه|تمامی|همه|سایر)?"
_FILLER = r"(?:شهرستانهای|شهرستانها|شهرستان|تابعه|استان|اجرایی|ذیربط)*"
_BODY_WORDS = r"(?:کارگروه|قرارگاه|شورای|شورا|کمیته|ستاد)"

#: The group phrases of minutes and what they stand for, tried in order (first match wins).
GROUP_RULES: tuple[GroupRule, ...] = (
    # «فرمانداران (محترم) تابعه», «فرمانداریها(ی استان)», «فرمانداران محترم شهرستانها»,
    # «فرمانداریهای شهرستانهای شازند، ساوه و خمین» (narrowed to the counties named).
    GroupRule(
        head=_ALL + r"فرماندار(?:یهای|یها|ان|ی)",
        tail=_FILLER,
        target=GroupTarget.COUNTY_GOVERNORATES,
        label="فرمانداری‌های استان",
        by_county=True,
    ),
    # «شهرداریهای (محترم) استان», «کلیه شهرداریها».
    GroupRule(
        head=_ALL + r"شهرداری(?:های|ها)",
        tail=_FILLER,
        target=GroupTarget.MUNICIPALITIES,
        label="شهرداری‌های استان",
        by_county=True,
    ),
    # «مسئولین خانه محلات», «خانه‌های محله».
    GroupRule(
        head=_ALL + r"(?:مسئولین|مسئولان|مدیران)?خانه(?:های|ها)?محل(?:ههای|هها|ات|ه)",
        tail=_FILLER + r"(?:هدف)?",
        target=GroupTarget.NEIGHBOURHOOD_HOUSES,
        label="خانه‌های محله",
    ),
    # «ادارات عضو کارگروه», «دستگاههای (اجرایی) عضو شورا (و کارگروه)», «اعضای قرارگاه».
    GroupRule(
        head=_ALL + r"(?:دستگاه(?:های|ها)|ادارات|اعضای)(?:اجرایی)?عضو|" + _ALL + "اعضای",
        tail=_BODY_WORDS + r"(?:و" + _BODY_WORDS + r")*" + r"(?:استان)?",
        target=GroupTarget.BODY_MEMBERS,
        label="دستگاه‌های عضو",
        by_body=True,
    ),
    # «کلیه دستگاههای اجرایی (استان)».
    GroupRule(
        head=_ALL + r"(?:دستگاه(?:های|ها)|ادارات)",
        tail=r"(?:اجرایی|خدماترسان|ذیربط|استان)*",
        target=GroupTarget.EXECUTIVE_AGENCIES,
        label="دستگاه‌های اجرایی استان",
    ),
)


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def group_key(text: str) -> str:
    """The key group rules are matched on (see :class:`GroupRule`)."""
    return match_key(strip_honorifics(normalise(text)))


def body_keys(name: str) -> tuple[str, str]:
    """(full key, key without a trailing «استان …» / «در سال …») of a body name or title."""
    text = strip_honorifics(normalise(name))
    text = re.sub(r"\s+در\s+سال\s+\S+$", "", text)
    short = re.sub(r"\s+استان(?:\s+\S+)?$", "", text)
    return match_key(text), match_key(short)


@dataclass(frozen=True)
class GroupPhrase[C, B]:
    """Which set a group phrase means: every agency of ``target``'s kind in the province, or
    only those of ``counties``, or (``body`` given) the members of that other body.

    For a whole :attr:`GroupTarget.BODY_MEMBERS` or :attr:`GroupTarget.EXECUTIVE_AGENCIES`
    phrase the set depends on the meeting: its own body's members (see the importer).
    """

    target: GroupTarget
    label: str
    counties: tuple[C, ...] = ()
    body: B | None = None

    @property
    def whole(self) -> bool:
        """The group as a whole, not narrowed to counties or another body."""
        return not self.counties and self.body is None


_COUNTY_WORD = re.compile(r"^(?:شهرستانهای|شهرستانها|شهرستان)")


class GroupReader[C, B]:
    """Reads names against one province's counties and bodies, given as (name, item) pairs;
    the items come back in the :class:`GroupPhrase` (rows for the importer, names for tests)."""

    def __init__(
        self, *, counties: Iterable[tuple[str, C]] = (), bodies: Iterable[tuple[str, B]] = ()
    ) -> None:
        # Longest first, so «کرج» does not take the start of a longer county name.
        self._county_keys = sorted(
            ((match_key(name), item) for name, item in counties), key=lambda kc: len(kc[0]), reverse=True
        )
        self._body_keys = [(body_keys(name), item) for name, item in bodies]

    def read(self, text: str) -> GroupPhrase[C, B] | None:
        """What the name ``text`` stands for, or None when it is no group phrase."""
        key = group_key(text)
        for rule in GROUP_RULES:
            phrase = self._read_rule(rule, key)
            if phrase is not None:
                return phrase
        return None

    def _read_rule(self, rule: GroupRule, key: str) -> GroupPhrase[C, B] | None:
        if rule.fits(key):
            return GroupPhrase(rule.target, rule.label)
        rest = rule.rest(key)
        if not rest:
            return None
        if rule.by_county:
            counties = self.counties_in(rest)
            if counties:
                return GroupPhrase(rule.target, rule.label, counties=tuple(counties))
        if rule.by_body:
            body = self.body_named(rest)
            if body is not None:
                return GroupPhrase(rule.target, rule.label, body=body)
        return None

    def counties_in(self, rest: str) -> list[C] | None:
        """Counties named in ``rest`` (a key) when it is made only of county names, «و» and
        filler words; otherwise None."""
        found: list[C] = []
        pos = 0
        rest = _COUNTY_WORD.sub("", rest)
        while pos < len(rest):
            for key, county in self._county_keys:
                if key and rest.startswith(key, pos):
                    found.append(county)
                    pos += len(key)
                    break
            else:
                if rest.startswith("و", pos):
                    pos += 1
                    continue
                return None
        return found or None

    def body_named(self, rest: str) -> B | None:
        """The body whose name (with or without its trailing «استان …») is exactly ``rest``."""
        for (full, short), body in self._body_keys:
            if rest and rest in (full, short):
                return body
        return None
