"""The minutes importer: a file's bytes become a meeting, its resolutions and their assignments.

Two steps, both here so the web page, the command line and the demo loader behave alike:

* :func:`preview_minutes` parses the file (pure parser), decides which body it belongs to, links
  every named agency through the registry (exact, alias, fuzzy or a *group phrase* that stands
  for many agencies), finds the meeting the file was already imported as, and lists what would
  change. It writes nothing.
* :func:`import_minutes` turns the same plan, plus the person's inline fixes (``overrides``),
  into rows through the normal services (``meetings.services`` and ``resolutions.services``) in
  one transaction, and keeps the file as a :class:`MinutesDocument`.

Re-importing the same bytes changes nothing (matched by SHA-256); a corrected file updates the
meeting it came from (same body, number and date, or same invitation number and date).

The hand-entry form goes through :func:`record_meeting`, which shares the linking rules and the
writer with the importer.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from auditlog.context import disable_auditlog
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q

from qarargah.core.errors import ServiceError
from qarargah.history.registry import acting_as, deferred_history, log_created
from qarargah.minutes_parser import MinutesParseError, ParsedMinutes, parse_bytes
from qarargah.minutes_parser.assignees import is_agency_name, split_assignees
from qarargah.organisations import services as org_services
from qarargah.organisations.models import (
    Agency,
    AgencyKind,
    AgencyStatus,
    Body,
    BodyMembership,
    County,
    Province,
)
from qarargah.organisations.selectors import AgencyMatcher, MatchKind, agency_name_key
from qarargah.persian import (
    Deadline,
    JalaliDate,
    format_jalali,
    match_key,
    normalise,
    parse_deadline,
    strip_honorifics,
    to_persian_digits,
)
from qarargah.resolutions import services as res_services
from qarargah.resolutions.models import Assignment, AssignmentRole, ProgressReport, Resolution

from . import services as meeting_services
from .events import MeetingEvent
from .models import Meeting, MinutesDocument
from .services import MeetingData

__all__ = [
    "GROUP_RULES",
    "GroupRule",
    "GroupTarget",
    "ImportContext",
    "ImportPreview",
    "ImportResult",
    "LinkedAssignee",
    "PlannedResolution",
    "ResolutionInput",
    "import_minutes",
    "preview_minutes",
    "record_meeting",
]

UNKNOWN_AGENCY_NOTE = "نام ناشناخته — به عنوان دستگاه در انتظار تأیید ثبت می‌شود"

# --- Group phrases ------------------------------------------------------------------------------


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

_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        compiled = _PATTERNS[pattern] = re.compile(pattern)
    return compiled


def group_key(text: str) -> str:
    """The key group rules are matched on (see :class:`GroupRule`)."""
    return match_key(strip_honorifics(normalise(text)))


# --- Per-run registry snapshot --------------------------------------------------------------------


class ProvinceRegistry:
    """One province's agencies, bodies, counties and memberships, read once per run."""

    def __init__(self, province: Province) -> None:
        self.province = province
        self.matcher = AgencyMatcher(province)
        self.agencies = list(Agency.objects.filter(province=province).order_by("name"))
        self.bodies = list(Body.objects.filter(province=province).select_related("province", "county"))
        self.counties = list(County.objects.filter(province=province))
        self._members: dict[int, list[int]] = {}
        for body_id, agency_id in BodyMembership.objects.filter(body__province=province).values_list(
            "body_id", "agency_id"
        ):
            self._members.setdefault(body_id, []).append(agency_id)
        self._by_id = {a.pk: a for a in self.agencies}
        # Pending agencies created during this run, so the next file links to them directly.
        self.added: dict[str, Agency] = {}
        self._county_keys = sorted(
            ((match_key(c.name), c) for c in self.counties), key=lambda kc: len(kc[0]), reverse=True
        )
        self._body_keys = [(_body_keys(b.name), b) for b in self.bodies]
        self._is_agency_cache: dict[str, bool] = {}

    def active(self, kind: str | None = None) -> list[Agency]:
        return [
            a for a in self.agencies if a.status == AgencyStatus.ACTIVE and (kind is None or a.kind == kind)
        ]

    def members(self, bodies: Iterable[Body]) -> list[Agency]:
        ids: dict[int, None] = {}
        for body in bodies:
            ids.update(dict.fromkeys(self._members.get(body.pk, ())))
        return [a for a in self.active() if a.pk in ids]

    def find(self, text: str):
        key = agency_name_key(text)
        if key in self.added:
            return _Match(MatchKind.EXACT, self.added[key], 100.0)
        m = self.matcher.find(text)
        return _Match(m.kind, m.agency, m.score)

    def counties_in(self, rest: str) -> list[County] | None:
        """Counties named in ``rest`` (a key) when it is made only of county names, «و» and
        filler words; otherwise None."""
        found: list[County] = []
        pos = 0
        rest = re.sub(r"^(?:شهرستانهای|شهرستانها|شهرستان)", "", rest)
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

    def body_named(self, rest: str) -> Body | None:
        for (full, short), body in self._body_keys:
            if rest and rest in (full, short):
                return body
        return None

    def detect_bodies(self, candidates: Iterable[str]) -> list[Body]:
        """Bodies of the province named by ``candidates`` (most specific spelling first)."""
        found: list[Body] = []
        for text in candidates:
            if not text:
                continue
            full, short = _body_keys(text)
            match = next((b for (bf, _bs), b in self._body_keys if bf == full), None)
            if match is None:
                match = next((b for (_bf, bs), b in self._body_keys if bs == short), None)
            if match is None:
                # The body's name inside a longer title («… صورتجلسه قرارگاه اجتماعی استان»).
                inside = [(len(bf), b) for (bf, _bs), b in self._body_keys if bf and bf in full]
                match = max(inside, key=lambda lb: lb[0])[1] if inside else None
            if match is not None and match not in found:
                found.append(match)
        return found

    def is_agency(self, text: str) -> bool:
        """The parser's splitting predicate: its own head-word rule, our group phrases, or a
        registry match decide that a piece of an assignee cell names an agency."""
        cached = self._is_agency_cache.get(text)
        if cached is None:
            cached = (
                is_agency_name(text)
                or _group(self, group_key(text), []) is not None
                or self.find(text).agency is not None
            )
            self._is_agency_cache[text] = cached
        return cached


@dataclass(frozen=True)
class _Match:
    kind: MatchKind
    agency: Agency | None
    score: float


def _body_keys(name: str) -> tuple[str, str]:
    """(full key, key without a trailing «استان …» / «در سال …») of a body name or title."""
    text = strip_honorifics(normalise(name))
    text = re.sub(r"\s+در\s+سال\s+\S+$", "", text)
    short = re.sub(r"\s+استان(?:\s+\S+)?$", "", text)
    return match_key(text), match_key(short)


class ImportContext:
    """Caches shared by the files of one run (one registry snapshot per province).

    ``concurrent``: other processes import files of the same batch at the same time (``qarargah
    import --jobs``); each file then locks what it is about to look up and create (see
    :func:`_lock_identities`).
    """

    def __init__(self, *, concurrent: bool = False) -> None:
        self._registries: dict[int, ProvinceRegistry] = {}
        self.concurrent = concurrent

    def registry(self, province: Province) -> ProvinceRegistry:
        reg = self._registries.get(province.pk)
        if reg is None:
            reg = self._registries[province.pk] = ProvinceRegistry(province)
        return reg


def _group(reg: ProvinceRegistry, key: str, bodies: list[Body]) -> tuple[GroupRule, list[Agency]] | None:
    """The first group rule that ``key`` fits, with the agencies it stands for."""
    for rule in GROUP_RULES:
        agencies = _expand(reg, rule, key, bodies)
        if agencies is not None:
            return rule, agencies
    return None


# --- Plans -----------------------------------------------------------------------------------------


@dataclass
class LinkedAssignee:
    """One name of an assignee cell and the agencies it stands for."""

    text: str
    kind: str  # exact | alias | fuzzy | group | unknown
    agencies: list[Agency] = field(default_factory=list)
    score: float = 0.0
    group_label: str = ""

    @property
    def is_unknown(self) -> bool:
        return self.kind == "unknown"

    @property
    def note(self) -> str:
        if self.kind == "unknown":
            return UNKNOWN_AGENCY_NOTE
        if self.kind == "fuzzy":
            return f"شباهت {to_persian_digits(str(round(self.score)))}٪ با «{self.agencies[0]}»"
        if self.kind == "group":
            return f"{self.group_label}: {to_persian_digits(str(len(self.agencies)))} دستگاه"
        return ""


@dataclass
class PlannedResolution:
    number: int
    text: str
    assignees_raw: str
    assignees: list[LinkedAssignee]
    deadline: Deadline
    due_date: datetime.date | None
    warnings: list[str] = field(default_factory=list)

    def roles(self) -> list[tuple[Agency | str, str]]:
        """(agency, or the unknown name, role): the first name is the lead — every agency a group
        phrase in that first place stands for leads too — the others are partners."""
        out: list[tuple[Agency | str, str]] = []
        seen: set[object] = set()
        for index, linked in enumerate(self.assignees):
            role = AssignmentRole.LEAD if index == 0 else AssignmentRole.PARTNER
            targets: list[Agency | str] = list(linked.agencies) if not linked.is_unknown else [linked.text]
            for target in targets:
                marker = target.pk if isinstance(target, Agency) else agency_name_key(target)
                if marker in seen:
                    continue
                seen.add(marker)
                out.append((target, role))
        return out

    @property
    def assignees_text(self) -> str:
        """The names one per line, as the inline editor shows them."""
        return "\n".join(a.text for a in self.assignees)


@dataclass
class MeetingPlan:
    body: Body
    province: Province
    meeting: MeetingData
    resolutions: list[PlannedResolution]
    warnings: list[str]
    joint_bodies: list[Body] = field(default_factory=list)

    @property
    def pending_names(self) -> list[str]:
        names: dict[str, str] = {}
        for r in self.resolutions:
            for a in r.assignees:
                if a.is_unknown:
                    names.setdefault(agency_name_key(a.text), a.text)
        return list(names.values())


Outcome = Literal["new", "update", "unchanged"]


@dataclass
class ImportPreview(MeetingPlan):
    filename: str = ""
    sha256: str = ""
    parsed: ParsedMinutes | None = None
    outcome: Outcome = "new"
    existing: Meeting | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def source_text(self) -> str:
        return self.parsed.source_text if self.parsed is not None else ""


@dataclass
class ImportResult:
    meeting: Meeting
    outcome: Literal["created", "updated", "unchanged"]
    changes: list[str]
    warnings: list[str]
    pending_agencies: list[Agency]


@dataclass
class ResolutionInput:
    """A resolution typed by hand: the same three things a minutes table has."""

    text: str
    assignees: str = ""
    deadline: str = ""
    number: int | None = None


# --- Building the plan ---------------------------------------------------------------------------


def _limit(value: str | None, model: type, name: str) -> str:
    """Trim to the column's length: a runaway cell must not fail the whole import on PostgreSQL."""
    text = normalise(value or "")
    max_length = model._meta.get_field(name).max_length
    return text[:max_length] if max_length else text


def _link(reg: ProvinceRegistry, text: str, bodies: list[Body]) -> LinkedAssignee:
    text = normalise(text).strip(" .،,:-–/")
    m = reg.find(text)
    if m.kind in (MatchKind.EXACT, MatchKind.ALIAS) and m.agency is not None:
        return LinkedAssignee(text, str(m.kind), [m.agency], m.score)
    hit = _group(reg, group_key(text), bodies)
    if hit is not None:
        return LinkedAssignee(text, "group", hit[1], 100.0, hit[0].label)
    if m.kind == MatchKind.FUZZY and m.agency is not None:
        return LinkedAssignee(text, "fuzzy", [m.agency], m.score)
    return LinkedAssignee(text, "unknown")


def _expand(reg: ProvinceRegistry, rule: GroupRule, key: str, bodies: list[Body]) -> list[Agency] | None:
    """The agencies ``rule`` stands for, or None when the phrase ``key`` does not fit the rule."""
    kind_of = {
        GroupTarget.COUNTY_GOVERNORATES: AgencyKind.COUNTY_GOVERNORATE,
        GroupTarget.MUNICIPALITIES: AgencyKind.MUNICIPALITY,
        GroupTarget.NEIGHBOURHOOD_HOUSES: AgencyKind.NEIGHBOURHOOD_HOUSE,
    }
    if rule.fits(key):
        if rule.target in kind_of:
            return reg.active(kind_of[rule.target])
        if rule.target == GroupTarget.BODY_MEMBERS:
            return reg.members(bodies)
        # «کلیه دستگاههای اجرایی»: the body's member agencies, or every agency if it lists none.
        return reg.members(bodies[:1]) or reg.active()
    rest = rule.rest(key)
    if not rest:
        return None
    if rule.by_county:
        counties = reg.counties_in(rest)
        if counties:
            ids = {c.pk for c in counties}
            names = [match_key(c.name) for c in counties]
            return [
                a
                for a in reg.active(kind_of[rule.target])
                if a.county_id in ids or (a.county_id is None and any(n in a.name_key for n in names))
            ]
    if rule.by_body:
        other = reg.body_named(rest)
        if other is not None:
            return reg.members([other])
    return None


def _deadline_for(raw: str, meeting_date: datetime.date | None) -> Deadline:
    return parse_deadline(raw or "", meeting_date)


def _plan_resolution(
    reg: ProvinceRegistry,
    *,
    number: int,
    text: str,
    assignee_names: list[str],
    assignees_raw: str,
    deadline: Deadline,
    meeting_date: datetime.date | None,
    bodies: list[Body],
    warnings: list[str],
) -> PlannedResolution:
    linked = [_link(reg, name, bodies) for name in assignee_names if normalise(name).strip()]
    row_warnings = [w for w in warnings if w.startswith(f"مصوبه {number}:")]
    n_fa = to_persian_digits(str(number))
    for a in linked:
        if a.kind == "fuzzy":
            row_warnings.append(
                f"مصوبه {n_fa}: «{a.text}» با «{a.agencies[0]}» (شباهت {to_persian_digits(str(round(a.score)))}٪) "
                "یکی گرفته شد؛ اگر درست نیست نام را اصلاح کنید."
            )
        elif a.kind == "unknown":
            row_warnings.append(f"مصوبه {n_fa}: «{a.text}» در فهرست دستگاه‌ها نیست؛ {UNKNOWN_AGENCY_NOTE}.")
        elif a.kind == "group" and not a.agencies:
            row_warnings.append(
                f"مصوبه {n_fa}: «{a.text}» به هیچ دستگاهی در فهرست استان نرسید؛ اقدام‌کننده را اصلاح کنید."
            )
    if not linked:
        row_warnings.append(f"مصوبه {n_fa}: اقدام‌کننده‌ای برای این مصوبه مشخص نشده است.")
    due = None
    if meeting_date is not None:
        due = res_services.resolve_due_date(
            kind=deadline.kind,
            parsed_due=deadline.due_date,
            meeting_date=meeting_date,
            asap_days=reg.province.asap_days,
        )
    return PlannedResolution(
        number=number,
        text=normalise(text),
        assignees_raw=normalise(assignees_raw),
        assignees=linked,
        deadline=deadline,
        due_date=due,
        warnings=row_warnings,
    )


def _split(reg: ProvinceRegistry, value: str | Iterable[str]) -> list[str]:
    """Names from an edited assignee field: lines are hard boundaries, and inside a line the
    parser's own rules split «/», «،», « - » and « و » only between agency names."""
    lines = value.splitlines() if isinstance(value, str) else list(value)
    names: list[str] = []
    for line in lines:
        if normalise(line).strip():
            names.extend(split_assignees(line, reg.is_agency) or [normalise(line)])
    return names


_MEETING_OVERRIDE_FIELDS = (
    "number",
    "title",
    "date",
    "weekday",
    "time",
    "place",
    "invitation_number",
    "invitation_date",
    "chair_name",
    "chair_role",
    "secretary_name",
    "secretary_role",
)


def _meeting_data(pm: ParsedMinutes, overrides: dict[str, Any]) -> MeetingData:
    speakers = [
        (_limit(s.name or s.role, _speaker_model(), "name"), _limit(s.role, _speaker_model(), "role"))
        for s in pm.speakers
        if (s.name or s.role)
    ]
    data = MeetingData(
        date=pm.date,  # type: ignore[arg-type]  # may be None until the person fills it in
        number=pm.number,
        joint_sessions=[{"body": b.body, "number": b.number} for b in pm.bodies] if pm.is_joint else [],
        title=_limit(pm.title, Meeting, "title"),
        weekday=_limit(pm.weekday, Meeting, "weekday"),
        time=pm.time,
        place=_limit(pm.place, Meeting, "place"),
        invitation_number=_limit(pm.invitation.number, Meeting, "invitation_number"),
        invitation_date=pm.invitation.date,
        chair_name=_limit(pm.chair.name, Meeting, "chair_name"),
        chair_role=_limit(pm.chair.role, Meeting, "chair_role"),
        secretary_name=_limit(pm.secretary.name, Meeting, "secretary_name"),
        secretary_role=_limit(pm.secretary.role, Meeting, "secretary_role"),
        agenda=[normalise(a) for a in pm.agenda],
        speakers=speakers,
    )
    for name in _MEETING_OVERRIDE_FIELDS:
        if name in overrides:
            value = overrides[name]
            setattr(data, name, _limit(value, Meeting, name) if isinstance(value, str) else value)
    if "agenda" in overrides:
        data.agenda = [normalise(a) for a in overrides["agenda"] if normalise(a)]
    if "weekday" not in overrides and data.date is not None and data.date != pm.date:
        # A corrected date brings its own weekday; the parsed one belonged to the wrong date.
        data.weekday = JalaliDate.from_gregorian(data.date).weekday_name()
    return data


def _speaker_model() -> type:
    from .models import Speaker

    return Speaker


def _province_for(actor: Any, body: Body | None, province: Province | None) -> Province:
    if body is not None:
        return body.province
    if province is not None:
        return province
    own = getattr(actor, "province", None)
    if own is None:
        raise ServiceError(
            "استان این صورتجلسه مشخص نیست؛ لطفاً قرارگاه یا شورای آن را انتخاب کنید.", code="body_required"
        )
    return own


def _parse(data: bytes, filename: str, reg: ProvinceRegistry) -> ParsedMinutes:
    try:
        return parse_bytes(data, filename, is_agency=reg.is_agency)
    except MinutesParseError as exc:
        raise ServiceError(exc.message, code=exc.code) from exc


def _build_plan(
    pm: ParsedMinutes,
    *,
    reg: ProvinceRegistry,
    body: Body | None,
    overrides: dict[str, Any],
) -> MeetingPlan:
    joint = reg.detect_bodies([b.body for b in pm.bodies]) if pm.bodies else []
    if body is None:
        detected = joint or reg.detect_bodies([pm.body or "", pm.title or ""])
        if not detected:
            named = pm.body or pm.title or ""
            said = f"«{named}» " if named else ""
            raise ServiceError(
                f"نهاد این صورتجلسه {said}در فهرست قرارگاه‌ها و شوراهای استان {reg.province} پیدا نشد؛ "
                "لطفاً قرارگاه یا شورای آن را انتخاب کنید.",
                code="body_unknown",
            )
        body = detected[0]
    elif body.province_id != reg.province.pk:
        raise ServiceError("قرارگاه انتخاب‌شده از استان دیگری است.", code="wrong_province")
    bodies = [body, *[b for b in joint if b != body]]

    meeting = _meeting_data(pm, overrides.get("meeting") or {})
    warnings = list(pm.warnings)
    if meeting.date is None:
        warnings.insert(0, "تاریخ جلسه در فایل پیدا نشد؛ پیش از ثبت آن را وارد کنید.")
    date_changed = meeting.date != pm.date
    resolution_overrides: dict[int, dict[str, Any]] = {
        int(k): v for k, v in (overrides.get("resolutions") or {}).items()
    }
    planned: list[PlannedResolution] = []
    for r in pm.resolutions:
        fix = resolution_overrides.get(r.number, {})
        if fix.get("remove"):
            continue
        text = fix.get("text", r.text)
        if "assignees" in fix:
            names = _split(reg, fix["assignees"])
            raw = " / ".join(names) if names != list(r.assignees) else (r.assignees_raw or "")
        else:
            names, raw = list(r.assignees), r.assignees_raw or ""
        if "deadline" in fix and normalise(fix["deadline"] or "") != normalise(r.deadline.raw or ""):
            deadline = _deadline_for(fix["deadline"], meeting.date)
        elif date_changed:
            deadline = _deadline_for(r.deadline.raw, meeting.date)
        else:
            deadline = r.deadline
        planned.append(
            _plan_resolution(
                reg,
                number=r.number,
                text=text,
                assignee_names=names,
                assignees_raw=raw,
                deadline=deadline,
                meeting_date=meeting.date,
                bodies=bodies,
                warnings=warnings,
            )
        )
    for p in planned:
        for w in p.warnings:
            if w not in warnings:
                warnings.append(w)
    return MeetingPlan(body, reg.province, meeting, planned, warnings, joint_bodies=bodies[1:])


# --- What exists and what would change ----------------------------------------------------------


def meeting_identity_keys(
    *,
    actor: Any,
    body: Body | None,
    filename: str,
    data: bytes,
    province: Province | None = None,
    context: ImportContext | None = None,
) -> list[int]:
    """Keys of the meeting a file would create or update (its body, date and number; its
    invitation): two files of one batch that share a key are versions of one meeting and must
    be imported one after the other, in the batch's order. Raises ServiceError for a bad file."""
    planned = _plan_file(actor, body, filename, data, None, province, context or ImportContext())
    return _identity_keys(planned.plan, agencies=False)


def _identity_keys(plan: MeetingPlan, *, agencies: bool = True) -> list[int]:
    """Lock keys for what a file may match or create: its meeting (body, date, number), its
    invitation (province, number, date) and each agency name it would add as pending."""
    m = plan.meeting
    names: list[tuple[Any, ...]] = []
    if m.date is not None:
        names.append(("meeting", plan.body.pk, m.date.isoformat(), m.number))
    inv_number = normalise(m.invitation_number or "")
    if inv_number and m.invitation_date is not None:
        names.append(("invitation", plan.province.pk, inv_number, m.invitation_date.isoformat()))
    if agencies:
        names.extend(("agency", plan.province.pk, agency_name_key(name)) for name in plan.pending_names)
    keys = {
        int.from_bytes(hashlib.blake2b(repr(n).encode(), digest_size=8).digest(), "big", signed=True)
        for n in names
    }
    return sorted(keys)


def _lock_identities(plan: MeetingPlan) -> None:
    """Hold, until this file's transaction ends, PostgreSQL advisory locks on its identities.

    Two processes of one ``--jobs`` run may hold two versions of the same minutes, or name the
    same unknown agency: without a lock each would find nothing and both would create it. With
    it the second waits for the first to commit, then finds its meeting (and updates it, or
    finds the same bytes) or its pending agency. Keys are taken in sorted order, so two files
    never wait on each other. Other databases serialise writers anyway (SQLite: one writer).
    """
    keys = _identity_keys(plan)
    if not keys or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest(%s::bigint[]) AS k ORDER BY k) AS keys",
            [keys],
        )


def _find_existing(plan: MeetingPlan, sha: str, reg: ProvinceRegistry) -> tuple[Meeting | None, bool]:
    """(the meeting this file belongs to, whether the very same bytes were imported before)."""
    # Two plain SELECTs without joins (the province's bodies come from the registry snapshot):
    # every file runs them, and most files are new. Joined to the province, PostgreSQL may also
    # walk every meeting of the province for each file while its statistics lag behind an import.
    body_ids = {b.pk for b in reg.bodies} | {plan.body.pk}
    documents = MinutesDocument.objects.filter(sha256=sha).order_by("-imported_at")
    meeting_ids = list(documents.values_list("meeting_id", flat=True))
    if meeting_ids:
        same_bytes = {
            m.pk: m
            for m in Meeting.objects.filter(pk__in=meeting_ids, body_id__in=body_ids).select_related("body")
        }
        for meeting_id in meeting_ids:
            if meeting_id in same_bytes:
                return same_bytes[meeting_id], True
    m = plan.meeting
    # Both identities in one query; the same body, number and date wins over the invitation.
    same: Q | None = None
    if m.date is not None:
        same = Q(body_id=plan.body.pk, date=m.date) & (
            Q(number=m.number) if m.number is not None else Q(number__isnull=True)
        )
    inv_number = normalise(m.invitation_number or "")
    invitation: Q | None = None
    if inv_number and m.invitation_date is not None:
        invitation = Q(body_id__in=body_ids, invitation_number=inv_number, invitation_date=m.invitation_date)
    if same is None and invitation is None:
        return None, False
    condition = same if invitation is None else invitation if same is None else same | invitation
    candidates = list(
        Meeting.objects.filter(condition)
        .order_by("pk")
        .values_list("pk", "body_id", "date", "number", "invitation_number", "invitation_date")
    )
    found = next(
        (row[0] for row in candidates if same is not None and row[1:4] == (plan.body.pk, m.date, m.number)),
        None,
    )
    if found is None and invitation is not None:
        found = next(
            (
                row[0]
                for row in candidates
                if row[1] in body_ids and row[4:] == (inv_number, m.invitation_date)
            ),
            None,
        )
    if found is None:
        return None, False
    return Meeting.objects.select_related("body").get(pk=found), False


def _show(value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date):
        return format_jalali(value)
    if isinstance(value, datetime.time):
        return to_persian_digits(value.strftime("%H:%M"))
    return to_persian_digits(str(value))


def _existing_resolutions(meeting: Meeting) -> dict[int, Resolution]:
    reports = ProgressReport.objects.filter(assignment=OuterRef("pk"))
    assignments = Assignment.objects.select_related("agency").annotate(has_reports=Exists(reports))
    return {
        r.number: r
        for r in meeting.resolutions.prefetch_related(Prefetch("assignments", queryset=assignments))
    }


def _diff(plan: MeetingPlan, meeting: Meeting) -> list[str]:
    """Persian lines saying what applying ``plan`` to ``meeting`` would change."""
    lines: list[str] = []
    values = plan.meeting.values() if plan.meeting.date is not None else {}
    for name, new in values.items():
        if name == "narrative":
            continue
        old = getattr(meeting, name)
        if old != new:
            label = Meeting._meta.get_field(name).verbose_name
            if name == "joint_sessions":
                lines.append(f"{label} تغییر کرد")
            else:
                lines.append(f"{label}: {_show(old)} ← {_show(new)}")
    if plan.meeting.date is not None and meeting_services.children_differ(meeting, plan.meeting):
        lines.append("دستور کار یا سخنرانان جلسه تغییر کرد")
    existing = _existing_resolutions(meeting)
    planned_numbers = {p.number for p in plan.resolutions}
    for p in plan.resolutions:
        n = to_persian_digits(str(p.number))
        old = existing.get(p.number)
        if old is None:
            lines.append(f"مصوبه {n} اضافه شد")
            continue
        if old.text != p.text:
            lines.append(f"مصوبه {n}: متن تغییر کرد")
        new_raw = _limit(p.deadline.raw, Resolution, "deadline_raw")
        if (old.deadline_raw, old.deadline_kind) != (new_raw, str(p.deadline.kind)):
            lines.append(f"مصوبه {n}: مهلت اقدام: {_show(old.deadline_raw)} ← {_show(new_raw)}")
        elif old.due_date != p.due_date:
            lines.append(f"مصوبه {n}: سررسید: {_show(old.due_date)} ← {_show(p.due_date)}")
        have = {a.agency_id: a.agency.name for a in old.assignments.all()}
        want = p.roles()
        want_ids = {t.pk for t, _ in want if isinstance(t, Agency)}
        added = [t.name if isinstance(t, Agency) else t for t, _ in want if not isinstance(t, Agency)] + [
            t.name for t, _ in want if isinstance(t, Agency) and t.pk not in have
        ]
        removed = [name for pk, name in have.items() if pk not in want_ids]
        if added or removed:
            parts = []
            if added:
                parts.append("افزوده: " + "، ".join(added))
            if removed:
                parts.append("حذف: " + "، ".join(removed))
            lines.append(f"اقدام‌کننده مصوبه {n}: " + "؛ ".join(parts))
    for number, old in sorted(existing.items()):
        if number not in planned_numbers:
            n = to_persian_digits(str(number))
            if any(a.has_reports for a in old.assignments.all()):
                lines.append(f"مصوبه {n} در فایل نیست ولی گزارش اقدام دارد و نگه داشته می‌شود")
            else:
                lines.append(f"مصوبه {n} حذف شد")
    return lines


# --- Public entry points -----------------------------------------------------------------------


def preview_minutes(
    *,
    user_or_actor: Any,
    body: Body | None,
    filename: str,
    data: bytes,
    overrides: dict[str, Any] | None = None,
    province: Province | None = None,
    context: ImportContext | None = None,
) -> ImportPreview:
    """Parse and plan the import of one file without writing anything.

    Raises :class:`ServiceError` with the parser's Persian message for a bad file, or asking the
    person to choose the body when the file's body is not in the registry.
    """
    context = context or ImportContext()
    planned = _plan_file(user_or_actor, body, filename, data, overrides, province, context)
    return _preview(planned)


@dataclass
class _PlannedFile:
    """A file parsed and planned, before anything in the database is looked at."""

    filename: str
    parsed: ParsedMinutes
    plan: MeetingPlan
    sha256: str
    registry: ProvinceRegistry
    overrides: dict[str, Any]


def _plan_file(
    user_or_actor: Any,
    body: Body | None,
    filename: str,
    data: bytes,
    overrides: dict[str, Any] | None,
    province: Province | None,
    context: ImportContext,
) -> _PlannedFile:
    reg = context.registry(_province_for(user_or_actor, body, province))
    pm = _parse(data, filename, reg)
    plan = _build_plan(pm, reg=reg, body=body, overrides=overrides or {})
    return _PlannedFile(filename, pm, plan, hashlib.sha256(data).hexdigest(), reg, overrides or {})


def _preview(planned: _PlannedFile) -> ImportPreview:
    pm, plan, sha, reg, overrides = (
        planned.parsed,
        planned.plan,
        planned.sha256,
        planned.registry,
        planned.overrides,
    )
    existing, same_bytes = _find_existing(plan, sha, reg)
    outcome: Outcome = "new"
    changes: list[str] = []
    if existing is not None:
        # The same bytes again: nothing to do, unless the person fixed something inline.
        if same_bytes and overrides:
            base = _build_plan(pm, reg=reg, body=plan.body, overrides={})
            edited = _state(plan) != _state(base)
        else:
            edited = False
        if same_bytes and not edited:
            outcome = "unchanged"
        else:
            changes = _diff(plan, existing)
            # Other bytes with the same content (the file re-saved as UTF-16, or as .docx)
            # change nothing either: saying «updated» with an empty list of changes misleads.
            outcome = "update" if changes else "unchanged"
    return ImportPreview(
        body=plan.body,
        province=plan.province,
        meeting=plan.meeting,
        resolutions=plan.resolutions,
        warnings=plan.warnings,
        joint_bodies=plan.joint_bodies,
        filename=os.path.basename(planned.filename),
        sha256=sha,
        parsed=pm,
        outcome=outcome,
        existing=existing,
        changes=changes,
    )


def _state(plan: MeetingPlan) -> tuple:
    return (
        tuple(sorted((k, str(v)) for k, v in vars(plan.meeting).items())),
        tuple(
            (p.number, p.text, p.deadline.raw, p.due_date, tuple((str(t), r) for t, r in p.roles()))
            for p in plan.resolutions
        ),
    )


@transaction.atomic
def import_minutes(
    *,
    actor: Any,
    body: Body | None,
    filename: str,
    data: bytes,
    overrides: dict[str, Any] | None = None,
    province: Province | None = None,
    context: ImportContext | None = None,
) -> ImportResult:
    """Save one minutes file (see the module docstring); one transaction, idempotent."""
    context = context or ImportContext()
    planned = _plan_file(actor, body, filename, data, overrides, province, context)
    if context.concurrent:
        _lock_identities(planned.plan)
    preview = _preview(planned)
    if preview.meeting.date is None:
        raise ServiceError(
            "تاریخ جلسه در فایل پیدا نشد؛ آن را وارد کنید و دوباره ثبت کنید.", code="date_required"
        )
    reg = context.registry(preview.province)
    if preview.outcome == "unchanged":
        assert preview.existing is not None
        return ImportResult(preview.existing, "unchanged", [], preview.warnings, [])
    # The history rows of the rows written in bulk go in one INSERT at the end (inside this
    # transaction: an error anywhere drops them with the rest).
    with deferred_history():
        pending = _create_pending(actor, preview, reg)
        if preview.existing is None:
            meeting = _write_new(actor, preview, pending)
            outcome: Literal["created", "updated"] = "created"
            warnings = list(preview.warnings)
        else:
            meeting, warnings = _write_update(actor, preview, preview.existing, pending)
            outcome = "updated"
        if (
            outcome == "created"
            or not MinutesDocument.objects.filter(meeting=meeting, sha256=preview.sha256).exists()
        ):
            _store_document(actor, meeting, preview, data, warnings)
    return ImportResult(meeting, outcome, preview.changes, warnings, list(pending.values()))


def _create_pending(actor: Any, plan: MeetingPlan, reg: ProvinceRegistry | None) -> dict[str, Agency]:
    pending: dict[str, Agency] = {}
    for name in plan.pending_names:
        agency = org_services.create_pending_agency(
            actor=actor, province=plan.province, name=_limit(name, Agency, "name")
        )
        key = agency_name_key(name)
        pending[key] = agency
        if reg is not None:
            # Later files of this run link to it directly (only once this file is committed).
            transaction.on_commit(lambda key=key, agency=agency: reg.added.__setitem__(key, agency))
    return pending


def _agencies_for(p: PlannedResolution, pending: dict[str, Agency]) -> list[tuple[Agency, str]]:
    out: list[tuple[Agency, str]] = []
    seen: set[int] = set()
    for target, role in p.roles():
        agency = target if isinstance(target, Agency) else pending[agency_name_key(target)]
        if agency.pk not in seen:
            seen.add(agency.pk)
            out.append((agency, role))
    return out


def _write_new(actor: Any, plan: MeetingPlan, pending: dict[str, Agency]) -> Meeting:
    meeting = meeting_services.create_meeting(actor=actor, body=plan.body, data=plan.meeting)
    _create_resolutions(actor, meeting, plan.resolutions, pending, taken=())
    return meeting


def _create_resolutions(
    actor: Any,
    meeting: Meeting,
    planned: list[PlannedResolution],
    pending: dict[str, Agency],
    *,
    taken: Iterable[int],
) -> None:
    # All of a file's resolutions in one call: a few INSERTs instead of two or three per row.
    res_services.create_resolutions(
        actor=actor,
        meeting=meeting,
        taken_numbers=taken,
        items=[
            res_services.NewResolution(
                number=p.number,
                text=p.text,
                assignees_raw=p.assignees_raw,
                deadline_raw=_limit(p.deadline.raw, Resolution, "deadline_raw"),
                deadline_kind=str(p.deadline.kind),
                parsed_due=p.deadline.due_date,
                agencies=tuple(_agencies_for(p, pending)),
            )
            for p in planned
        ],
    )


def _write_update(
    actor: Any, plan: MeetingPlan, meeting: Meeting, pending: dict[str, Agency]
) -> tuple[Meeting, list[str]]:
    warnings = list(plan.warnings)
    meeting = meeting_services.update_meeting(
        actor=actor, meeting=meeting, data=plan.meeting, expected_version=None
    )
    meeting.body = plan.body  # the services read the province from it
    existing = _existing_resolutions(meeting)
    _create_resolutions(
        actor, meeting, [p for p in plan.resolutions if p.number not in existing], pending, taken=existing
    )
    # Assignments the file no longer names go first, all at once, so that a new due date is not
    # first cascaded to rows about to be deleted; new ones are added at the end in one INSERT.
    to_remove: list[Assignment] = []
    wanted: dict[int, list[tuple[Agency, str]]] = {}
    for p in plan.resolutions:
        old = existing.get(p.number)
        if old is None:
            continue
        want = wanted[p.number] = _agencies_for(p, pending)
        want_ids = {a.pk for a, _ in want}
        n = to_persian_digits(str(p.number))
        for assignment in old.assignments.all():
            if assignment.agency_id in want_ids:
                continue
            if assignment.has_reports:
                warnings.append(
                    f"مصوبه {n}: «{assignment.agency}» در فایل جدید نیست ولی گزارش فرستاده است؛ تکلیفش حذف نشد."
                )
                continue
            to_remove.append(assignment)
    res_services.unassign_resolutions(actor=actor, assignments=to_remove)
    to_add: list[tuple[Resolution, Agency, str]] = []
    for p in plan.resolutions:
        old = existing.get(p.number)
        if old is None:
            continue
        old.meeting = meeting
        updated = res_services.update_resolution(
            actor=actor,
            resolution=old,
            expected_version=None,
            cascade_due_date=True,
            text=p.text,
            assignees_raw=p.assignees_raw,
            deadline_raw=_limit(p.deadline.raw, Resolution, "deadline_raw"),
            deadline_kind=str(p.deadline.kind),
            due_date=p.due_date,
        )
        updated.meeting = meeting
        have = {a.agency_id for a in old.assignments.all()}
        to_add.extend((updated, agency, role) for agency, role in wanted[p.number] if agency.pk not in have)
    res_services.assign_resolutions(actor=actor, items=to_add)
    planned = {p.number for p in plan.resolutions}
    for number, old in sorted(existing.items()):
        if number in planned:
            continue
        if any(a.has_reports for a in old.assignments.all()):
            warnings.append(
                f"مصوبه {to_persian_digits(str(number))} در فایل جدید نیست ولی گزارش اقدام دارد؛ حذف نشد."
            )
            continue
        res_services.delete_resolution(actor=actor, resolution=old)
    return meeting, warnings


def _store_document(
    actor: Any, meeting: Meeting, preview: ImportPreview, data: bytes, warnings: list[str]
) -> None:
    document = MinutesDocument(
        meeting=meeting,
        file_name=preview.filename[: MinutesDocument._meta.get_field("file_name").max_length],
        sha256=preview.sha256,
        source_text=preview.source_text,
        warnings=warnings,
        imported_by=actor if getattr(actor, "pk", None) else None,
    )
    document.file.save(os.path.basename(preview.filename) or "minutes.txt", ContentFile(data), save=False)
    try:
        with acting_as(actor, event=MeetingEvent.MINUTES_IMPORTED):
            with disable_auditlog():  # its history row goes with the file's others (log_created)
                document.save(force_insert=True)
            log_created([document])
    except Exception:
        # The bytes were written before the row; do not leave an orphan file behind.
        document.file.storage.delete(document.file.name)
        raise


# --- Hand entry ------------------------------------------------------------------------------------


@transaction.atomic
def record_meeting(
    *,
    actor: Any,
    body: Body,
    data: MeetingData,
    resolutions: list[ResolutionInput],
    context: ImportContext | None = None,
) -> ImportResult:
    """Create a meeting typed into the hand-entry form, with the importer's linking rules."""
    reg = (context or ImportContext()).registry(body.province)
    planned: list[PlannedResolution] = []
    used: set[int] = set()
    for index, r in enumerate(resolutions, start=1):
        number = r.number or index
        if number in used:
            raise ServiceError(
                f"شماره مصوبه {to_persian_digits(str(number))} دو بار آمده است.", code="duplicate"
            )
        used.add(number)
        planned.append(
            _plan_resolution(
                reg,
                number=number,
                text=r.text,
                assignee_names=_split(reg, r.assignees),
                assignees_raw=r.assignees,
                deadline=_deadline_for(r.deadline, data.date),
                meeting_date=data.date,
                bodies=[body],
                warnings=[],
            )
        )
    plan = MeetingPlan(body, body.province, data, planned, [w for p in planned for w in p.warnings])
    with deferred_history():
        pending = _create_pending(actor, plan, None)
        meeting = _write_new(actor, plan, pending)
    return ImportResult(meeting, "created", [], plan.warnings, list(pending.values()))
