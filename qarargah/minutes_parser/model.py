"""What the parser returns: frozen dataclasses, and their JSON form.

Dates are Gregorian ``datetime.date`` inside Python (the storage form, per the design notes)
and Jalali ISO strings in JSON (what a person checking an import compares against the paper).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from qarargah.persian import Deadline, JalaliDate

__all__ = [
    "BodySession",
    "Invitation",
    "ParsedDeadline",
    "ParsedMinutes",
    "ParsedResolution",
    "Person",
    "to_json",
    "unsure_json",
]

#: Resolutions reuse the shared deadline type so the importer and the forms agree on kinds.
ParsedDeadline = Deadline


@dataclass(frozen=True, slots=True)
class Person:
    """A named official: ``name`` without courtesy words, ``role`` as written."""

    name: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class Invitation:
    """The letter that called the meeting: its number as written and its date (Gregorian)."""

    number: str | None
    date: datetime.date | None


@dataclass(frozen=True, slots=True)
class ParsedResolution:
    number: int
    text: str
    assignees_raw: str | None
    assignees: tuple[str, ...]
    deadline: Deadline
    #: The vote result written with the item («به اتفاق آرا», «۵ موافق، ۲ مخالف»), if any.
    vote: str | None = None
    #: Agencies the item names as helping («با همکاری X»), not as responsible.  Not in the
    #: JSON form (whose keys the importer and its tests fix); the importer reads it here.
    partners: tuple[str, ...] = ()
    #: The assignee was read out of the sentence (no column or label gave it), so where the
    #: agency's name ends is a guess the preview should show.
    assignee_guessed: bool = False
    #: Problems with the printed numbering (missing, repeated, skipped), for the preview.
    number_warnings: tuple[str, ...] = ()
    #: The item was cut out of running prose («… مقرر گردید … و همچنین مصوب گردید …») or out
    #: of a «؛»-list, so where it starts and ends is a guess the preview should show.
    split_guessed: bool = False


@dataclass(frozen=True, slots=True)
class BodySession:
    """One body's session in a joint meeting («پنجمین جلسه شورای اجتماعی» → body, 5)."""

    body: str
    number: int


@dataclass(frozen=True, slots=True)
class ParsedMinutes:
    title: str | None
    body: str | None
    number: int | None
    bodies: tuple[BodySession, ...]
    date: datetime.date | None
    weekday: str | None
    time: datetime.time | None
    place: str | None
    invitation: Invitation
    chair: Person
    secretary: Person
    agenda: tuple[str, ...]
    speakers: tuple[Person, ...]
    resolutions: tuple[ParsedResolution, ...]
    warnings: tuple[str, ...] = field(default=())
    source_text: str = ""
    #: (field, message) for every field the parser is unsure of — missing, guessed or
    #: ambiguous — named as in the JSON form («date», «chair», «resolutions[2].deadline»), so
    #: the import preview can highlight exactly those fields.
    unsure: tuple[tuple[str, str], ...] = field(default=())

    @property
    def is_joint(self) -> bool:
        """A joint meeting of several bodies, each with its own session number."""
        return len(self.bodies) > 1


def _jalali(d: datetime.date | None) -> str | None:
    return JalaliDate.from_gregorian(d).isoformat() if d is not None else None


def _resolution(r: ParsedResolution) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": r.number,
        "text": r.text,
        "assignees_raw": r.assignees_raw,
        "assignees": list(r.assignees),
        "deadline": {
            "raw": r.deadline.raw or None,
            "kind": str(r.deadline.kind),
            "due_date": _jalali(r.deadline.due_date),
        },
    }
    if r.vote is not None:
        # Present only when the minutes record a vote, so other minutes keep the documented keys.
        out["vote"] = r.vote
    return out


def unsure_json(pm: ParsedMinutes) -> list[dict[str, str]]:
    """The fields to check, as ``[{"field": "date", "message": "…"}]`` in document order."""
    return [{"field": f, "message": m} for f, m in pm.unsure]


def _person(p: Person) -> dict[str, str | None]:
    return {"name": p.name, "role": p.role}


def to_json(pm: ParsedMinutes) -> dict[str, Any]:
    """The interchange form: Jalali «YYYY-MM-DD» dates, «HH:MM» times, null when absent.

    The «bodies» key is present only for a joint meeting, so a one-body meeting's JSON has
    exactly the documented keys.
    """
    out: dict[str, Any] = {
        "title": pm.title,
        "body": pm.body,
        "number": pm.number,
        "date": _jalali(pm.date),
        "weekday": pm.weekday,
        "time": pm.time.strftime("%H:%M") if pm.time is not None else None,
        "place": pm.place,
        "invitation": {"number": pm.invitation.number, "date": _jalali(pm.invitation.date)},
        "chair": _person(pm.chair),
        "secretary": _person(pm.secretary),
        "agenda": list(pm.agenda),
        "speakers": [_person(s) for s in pm.speakers],
        "resolutions": [_resolution(r) for r in pm.resolutions],
        "warnings": list(pm.warnings),
    }
    if pm.is_joint:
        out["bodies"] = [{"body": b.body, "number": b.number} for b in pm.bodies]
    return out
