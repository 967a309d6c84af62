"""Reads of the registry, always scoped to the user asking."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Q, QuerySet
from rapidfuzz import fuzz, process

from qarargah.accounts.models import User
from qarargah.persian import match_key, normalise, strip_honorifics
from qarargah.persian.workdays import WorkingCalendar

from .models import (
    Agency,
    AgencyAlias,
    AgencyStatus,
    Body,
    CalendarAmendment,
    CalendarAmendmentKind,
    County,
    Province,
    TargetNeighbourhood,
)


def agencies_for_user(
    user: User, *, query: str = "", kind: str = "", status: str = "", province_id: int | None = None
) -> QuerySet[Agency]:
    qs = Agency.objects.visible_to(user).select_related("province", "county")
    if query:
        key = match_key(query)
        qs = qs.filter(Q(name_key__contains=key) | Q(aliases__name_key__contains=key)).distinct()
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if province_id:
        qs = qs.filter(province_id=province_id)
    return qs.annotate(alias_count=Count("aliases", distinct=True)).order_by("province__name", "name")


def bodies_for_user(user: User) -> QuerySet[Body]:
    return (
        Body.objects.visible_to(user)
        .select_related("province", "county", "parent", "secretariat_agency")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("province__name", "level", "name")
    )


def neighbourhoods_for_user(
    user: User, *, query: str = "", county_id: int | None = None
) -> QuerySet[TargetNeighbourhood]:
    qs = TargetNeighbourhood.objects.visible_to(user).select_related("county", "county__province")
    if query:
        qs = qs.filter(name_key__contains=match_key(query))
    if county_id:
        qs = qs.filter(county_id=county_id)
    return qs.order_by("county__province__name", "county__name", "name")


def provinces_for_user(user: User) -> QuerySet[Province]:
    return Province.objects.visible_to(user).annotate(
        county_count=Count("counties", distinct=True),
        agency_count=Count("agencies", distinct=True),
    )


def counties_for_user(user: User) -> QuerySet[County]:
    return County.objects.visible_to(user).select_related("province")


# --- Agency look-up -------------------------------------------------------------------------------


class MatchKind(StrEnum):
    EXACT = "exact"
    ALIAS = "alias"
    FUZZY = "fuzzy"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class AgencyMatch:
    kind: MatchKind
    agency: Agency | None
    score: float  # 100 for exact and alias matches, the similarity for fuzzy ones, 0 for unknown
    query: str


# Words that minutes add around an agency's name without changing which agency it is.
_TRAILING_NOISE = re.compile(r"(?:\s+(?:استان|استان\s+البرز|استان\s+مرکزی))+$")
FUZZY_THRESHOLD = 88.0


def agency_name_key(text: str) -> str:
    """The key two spellings of one agency share: honorifics and a trailing «استان» dropped."""
    cleaned = strip_honorifics(normalise(text))
    cleaned = _TRAILING_NOISE.sub("", cleaned).strip(" .،:-")
    return match_key(cleaned)


class AgencyMatcher:
    """Matches many names against one province's agencies with a single pair of queries.

    The importer builds one matcher per file; :func:`find_agency` is the one-off form.
    """

    def __init__(self, province: Province, *, include_pending: bool = True) -> None:
        agencies = Agency.objects.filter(province=province)
        if not include_pending:
            agencies = agencies.filter(status=AgencyStatus.ACTIVE)
        self._by_id = {a.pk: a for a in agencies}
        self._exact: dict[str, int] = {}
        self._alias: dict[str, int] = {}
        for agency in self._by_id.values():
            self._exact.setdefault(agency_name_key(agency.name), agency.pk)
        for alias in AgencyAlias.objects.filter(agency_id__in=self._by_id):
            self._alias.setdefault(agency_name_key(alias.name), alias.agency_id)
        self._choices = {**self._alias, **self._exact}

    def find(self, text: str) -> AgencyMatch:
        key = agency_name_key(text)
        if not key:
            return AgencyMatch(MatchKind.UNKNOWN, None, 0.0, text)
        if key in self._exact:
            return AgencyMatch(MatchKind.EXACT, self._by_id[self._exact[key]], 100.0, text)
        if key in self._alias:
            return AgencyMatch(MatchKind.ALIAS, self._by_id[self._alias[key]], 100.0, text)
        best = process.extractOne(key, self._choices.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        if best is not None:
            choice, score, _ = best
            return AgencyMatch(MatchKind.FUZZY, self._by_id[self._choices[choice]], float(score), text)
        return AgencyMatch(MatchKind.UNKNOWN, None, 0.0, text)


def find_agency(text: str, *, province: Province) -> AgencyMatch:
    """Which agency of ``province`` the name ``text`` means: exact, alias, fuzzy (scored) or unknown."""
    return AgencyMatcher(province).find(text)


def working_calendar() -> WorkingCalendar:
    """Iran's working days with the administrator's amendments (a small table, read whole)."""
    closed: list[datetime.date] = []
    open_: list[datetime.date] = []
    for day, kind in CalendarAmendment.objects.values_list("date", "kind"):
        (closed if kind == CalendarAmendmentKind.CLOSED else open_).append(day)
    return WorkingCalendar.amended(closed=closed, open=open_)
