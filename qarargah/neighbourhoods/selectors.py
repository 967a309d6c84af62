"""Reads of the neighbourhood programme, each starting from ``visible_to(user)``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qarargah.organisations.models import County, TargetNeighbourhood
from qarargah.resolutions.models import Axis, Resolution

from . import priority
from .models import OPEN_NEED_STATUSES, Need, Staff
from .services import weights_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.system import Actor


def neighbourhoods_for_user(
    user: Actor | AnonymousUser, *, county: int | None = None
) -> QuerySet[TargetNeighbourhood]:
    qs = (
        TargetNeighbourhood.objects.visible_to(user)
        .select_related("county", "profile", "house")
        .annotate(
            # The programme's pages are for those who read every need of their area
            # (access.require_needs_reader), so a visible neighbourhood's needs are all visible.
            open_needs=Count("needs", filter=Q(needs__status__in=OPEN_NEED_STATUSES))
        )
        .order_by("county__name", "name", "id")
    )
    if county is not None:
        qs = qs.filter(county_id=county)
    return qs


def counties_for_user(user: Actor | AnonymousUser) -> QuerySet[County]:
    return County.objects.visible_to(user).filter(neighbourhoods__isnull=False).distinct().order_by("name")


def needs_for_user(
    user: Actor | AnonymousUser,
    *,
    neighbourhood: int | None = None,
    county: int | None = None,
    axis: str | None = None,
    status: str | None = None,
) -> QuerySet[Need]:
    qs = Need.objects.visible_to(user).select_related("neighbourhood__county", "referred_agency")
    if neighbourhood is not None:
        qs = qs.filter(neighbourhood_id=neighbourhood)
    if county is not None:
        qs = qs.filter(neighbourhood__county_id=county)
    if axis:
        qs = qs.filter(axis=axis)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


@dataclass
class AxisNeeds:
    axis: str
    label: str
    needs: list[Need]


def open_needs_by_axis(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood) -> list[AxisNeeds]:
    """The neighbourhood's open needs the user may see, grouped by axis in the axes' order;
    every axis is listed, an empty one too (the page says «no open need»)."""
    needs = list(
        Need.objects.visible_to(user)
        .open()
        .filter(neighbourhood=neighbourhood)
        .select_related("referred_agency", "neighbourhood__county")
        .order_by("-severity", "created_at", "id")
    )
    return [AxisNeeds(code, str(label), [n for n in needs if n.axis == code]) for code, label in Axis.choices]


def staff_for_user(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood) -> list[Staff]:
    """Empty for those who may not read the contacts (Staff.scope_q)."""
    return list(Staff.objects.visible_to(user).filter(neighbourhood=neighbourhood))


def resolutions_concerning(
    user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood
) -> QuerySet[Resolution]:
    return (
        Resolution.objects.visible_to(user)
        .filter(neighbourhoods=neighbourhood)
        .select_related("meeting__body")
        .order_by("-meeting_date", "number")
    )


# --- Priorities -------------------------------------------------------------------------------------


@dataclass
class RankedNeedRow:
    rank: int
    need: Need
    score: priority.NeedScore


@dataclass
class RankedNeighbourhoodRow:
    rank: int
    neighbourhood: TargetNeighbourhood
    index: priority.NeighbourhoodIndex


@dataclass
class Priorities:
    county: County
    weights: priority.Weights
    needs: list[RankedNeedRow]
    neighbourhoods: list[RankedNeighbourhoodRow]
    as_of: Any


def priorities_for_county(user: Actor | AnonymousUser, county: County) -> Priorities:
    """The county's open needs the user sees, ranked, and its neighbourhoods ranked by index,
    with the province's weights."""
    weights = weights_for(county.province_id).as_weights()
    today = timezone.localdate()
    needs = list(
        Need.objects.visible_to(user)
        .open()
        .filter(neighbourhood__county=county)
        .select_related("neighbourhood", "referred_agency")
    )
    by_id = {n.pk: n for n in needs}
    facts = [
        priority.NeedFacts(
            n.pk, n.severity, n.households, n.residents, timezone.localtime(n.created_at).date()
        )
        for n in needs
    ]
    ranked = priority.rank_needs(facts, weights, today)
    scores_by_neighbourhood: dict[int, list[float]] = {}
    for r in ranked:
        scores_by_neighbourhood.setdefault(by_id[r.score.need_id].neighbourhood_id, []).append(r.score.score)
    neighbourhoods = {
        n.pk: n for n in TargetNeighbourhood.objects.visible_to(user).filter(county=county).order_by("name")
    }
    indexes = [priority.neighbourhood_index(pk, scores_by_neighbourhood.get(pk, [])) for pk in neighbourhoods]
    return Priorities(
        county=county,
        weights=weights,
        needs=[RankedNeedRow(r.rank, by_id[r.score.need_id], r.score) for r in ranked],
        neighbourhoods=[
            RankedNeighbourhoodRow(r.rank, neighbourhoods[r.index.neighbourhood_id], r.index)
            for r in priority.rank_neighbourhoods(indexes)
        ],
        as_of=timezone.now(),
    )
