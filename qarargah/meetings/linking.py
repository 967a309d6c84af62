"""Registry linking: which agencies and bodies of a province the names in minutes mean.

One :class:`ProvinceRegistry` snapshot per province and run (:class:`ImportContext`) answers the
importer's look-ups without a query per name: an assignee name links exactly, by alias, fuzzily
(:class:`~qarargah.organisations.selectors.AgencyMatcher`) or as a group phrase
(:mod:`qarargah.minutes_parser.groups` reads the phrase, the registry turns it into agencies);
a name nothing explains becomes a pending agency (:func:`create_pending_agencies`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from qarargah.minutes_parser.assignees import is_agency_name, split_assignees
from qarargah.minutes_parser.groups import GroupPhrase, GroupReader, GroupTarget, body_keys
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
from qarargah.organisations.selectors import (
    AgencyMatch,
    AgencyMatcher,
    MatchKind,
    agency_name_key,
    working_calendar,
)
from qarargah.persian import match_key, normalise, to_persian_digits

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

__all__ = [
    "UNKNOWN_AGENCY_NOTE",
    "ImportContext",
    "LinkedAssignee",
    "ProvinceRegistry",
    "create_pending_agencies",
    "link_name",
    "split_names",
]

UNKNOWN_AGENCY_NOTE = "نام ناشناخته — به عنوان دستگاه در انتظار تأیید ثبت می‌شود"

#: The kind of agency a group phrase of each target stands for (the others mean body members).
_KIND_OF = {
    GroupTarget.COUNTY_GOVERNORATES: AgencyKind.COUNTY_GOVERNORATE,
    GroupTarget.MUNICIPALITIES: AgencyKind.MUNICIPALITY,
    GroupTarget.NEIGHBOURHOOD_HOUSES: AgencyKind.NEIGHBOURHOOD_HOUSE,
}


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
        # Pending agencies created during this run, so the next file links to them directly.
        self.added: dict[str, Agency] = {}
        self.groups: GroupReader[County, Body] = GroupReader(
            counties=((c.name, c) for c in self.counties), bodies=((b.name, b) for b in self.bodies)
        )
        self._body_keys = [(body_keys(b.name), b) for b in self.bodies]
        self._is_agency_cache: dict[str, bool] = {}
        # Working days with the administrator's amendments, for «۱۰ روز کاری».
        self.calendar = working_calendar()

    def active(self, kind: str | None = None) -> list[Agency]:
        return [
            a for a in self.agencies if a.status == AgencyStatus.ACTIVE and (kind is None or a.kind == kind)
        ]

    def members(self, bodies: Iterable[Body]) -> list[Agency]:
        ids: dict[int, None] = {}
        for body in bodies:
            ids.update(dict.fromkeys(self._members.get(body.pk, ())))
        return [a for a in self.active() if a.pk in ids]

    def find(self, text: str) -> AgencyMatch:
        key = agency_name_key(text)
        if key in self.added:
            return AgencyMatch(MatchKind.EXACT, self.added[key], 100.0, text)
        return self.matcher.find(text)

    def group_agencies(self, phrase: GroupPhrase[County, Body], bodies: list[Body]) -> list[Agency]:
        """The agencies a group phrase stands for in a meeting of ``bodies`` (its own first)."""
        if phrase.body is not None:
            return self.members([phrase.body])
        if phrase.counties:
            ids = {c.pk for c in phrase.counties}
            names = [match_key(c.name) for c in phrase.counties]
            return [
                a
                for a in self.active(_KIND_OF[phrase.target])
                if a.county_id in ids or (a.county_id is None and any(n in a.name_key for n in names))
            ]
        if phrase.target in _KIND_OF:
            return self.active(_KIND_OF[phrase.target])
        if phrase.target == GroupTarget.BODY_MEMBERS:
            return self.members(bodies)
        # «کلیه دستگاههای اجرایی»: the body's member agencies, or every agency if it lists none.
        return self.members(bodies[:1]) or self.active()

    def detect_bodies(self, candidates: Iterable[str]) -> list[Body]:
        """Bodies of the province named by ``candidates`` (most specific spelling first)."""
        found: list[Body] = []
        for text in candidates:
            if not text:
                continue
            full, short = body_keys(text)
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
                or self.groups.read(text) is not None
                or self.find(text).agency is not None
            )
            self._is_agency_cache[text] = cached
        return cached


class ImportContext:
    """Caches shared by the files of one run (one registry snapshot per province)."""

    def __init__(self) -> None:
        self._registries: dict[int, ProvinceRegistry] = {}

    def registry(self, province: Province) -> ProvinceRegistry:
        reg = self._registries.get(province.pk)
        if reg is None:
            reg = self._registries[province.pk] = ProvinceRegistry(province)
        return reg


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


# «شهرداری ساوجبلاغ», «فرمانداری شهرستان طالقان»: an office named by its county.  The parser
# writes a bare «شهرداری» of a county body this way; the county's municipality is named after
# its city («شهرداری هشتگرد»), which the registry knows by the county it belongs to.
_OFFICE_OF_COUNTY_RE = re.compile(
    r"^(?P<office>شهرداری|فرمانداری)[ \u200c]+(?:شهرستان[ \u200c]+)?(?P<place>\S.*)$"
)
_OFFICE_KINDS = {"شهرداری": AgencyKind.MUNICIPALITY, "فرمانداری": AgencyKind.COUNTY_GOVERNORATE}


def _office_of_county(reg: ProvinceRegistry, text: str) -> Agency | None:
    """The one active municipality / county governorate of the county ``text`` names, or the
    one of several whose own name has the county's name; None when that does not decide."""
    m = _OFFICE_OF_COUNTY_RE.match(text)
    if m is None:
        return None
    place = match_key(m.group("place"))
    county = next((c for c in reg.counties if match_key(c.name) == place), None)
    if county is None:
        return None
    found = [a for a in reg.active(_OFFICE_KINDS[m.group("office")]) if a.county_id == county.pk]
    if len(found) > 1:
        found = [a for a in found if place in a.name_key]
    return found[0] if len(found) == 1 else None


def link_name(reg: ProvinceRegistry, text: str, bodies: list[Body]) -> LinkedAssignee:
    """Link one assignee name: an exact or alias match wins over an office named by its county,
    then a group phrase, which wins over a fuzzy match; otherwise the name is unknown (a
    pending agency once imported)."""
    text = normalise(text).strip(" .،,:-–/")
    m = reg.find(text)
    if m.kind in (MatchKind.EXACT, MatchKind.ALIAS) and m.agency is not None:
        return LinkedAssignee(text, str(m.kind), [m.agency], m.score)
    office = _office_of_county(reg, text)
    if office is not None:
        return LinkedAssignee(text, str(MatchKind.ALIAS), [office], 100.0)
    phrase = reg.groups.read(text)
    if phrase is not None:
        return LinkedAssignee(text, "group", reg.group_agencies(phrase, bodies), 100.0, phrase.label)
    if m.kind == MatchKind.FUZZY and m.agency is not None:
        return LinkedAssignee(text, "fuzzy", [m.agency], m.score)
    return LinkedAssignee(text, "unknown")


def split_names(reg: ProvinceRegistry, value: str | Iterable[str]) -> list[str]:
    """Names from an edited assignee field: lines are hard boundaries, and inside a line the
    parser's own rules split «/», «،», « - » and « و » only between agency names."""
    lines = value.splitlines() if isinstance(value, str) else list(value)
    names: list[str] = []
    for line in lines:
        if normalise(line).strip():
            names.extend(split_assignees(line, reg.is_agency) or [normalise(line)])
    return names


def create_pending_agencies(
    *, actor: Actor, province: Province, names: Iterable[str], registry: ProvinceRegistry | None
) -> dict[str, Agency]:
    """Create (or find) a pending agency for each unknown name; returns them by name key.

    With ``registry``, later files of the same run link to them directly, once this file's
    transaction has committed (a rolled-back file leaves no agency behind to link to).
    """
    max_length = Agency._meta.get_field("name").max_length
    pending: dict[str, Agency] = {}
    for name in names:
        agency = org_services.create_pending_agency(
            actor=actor, province=province, name=normalise(name)[:max_length]
        )
        key = agency_name_key(name)
        pending[key] = agency
        if registry is not None:
            transaction.on_commit(functools.partial(registry.added.__setitem__, key, agency))
    return pending
