"""Reads of the neighbourhood programme, each starting from ``visible_to(user)``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.organisations.models import Agency, AgencyStatus, County, TargetNeighbourhood
from qarargah.resolutions.models import Axis, Resolution

from . import coverage, periods, priority
from .models import (
    OPEN_NEED_STATUSES,
    Activity,
    ActivityPhoto,
    AgencyService,
    Indicator,
    IndicatorDirection,
    IndicatorValue,
    Need,
    Programme,
    ProgrammeTarget,
    Staff,
)
from .services import weights_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.system import Actor


def neighbourhoods_for_user(
    user: Actor | AnonymousUser, *, county: int | None = None
) -> QuerySet[TargetNeighbourhood]:
    qs = (
        TargetNeighbourhood.objects.visible_to(user)
        .select_related("county", "profile", "programme_house")
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


RANKING_CACHE_SECONDS = 600


def priorities_for_county(user: Actor | AnonymousUser, county: County) -> Priorities:
    """The county's open needs the user sees, ranked, and its neighbourhoods ranked by index,
    with the province's weights.

    Kept in the cache under the county's roll-up time (``RollupUnit.as_of``, moved by every
    service that writes a need of the county), the weights, the day (scores count a need's age)
    and whose view it is (a house manager sees its own neighbourhood's needs only), so any
    change to what the list is made of asks for a new key."""
    from django.core.cache import cache

    from .models import RollupUnit

    scope = scope_for(user)
    as_of = (
        RollupUnit.objects.filter(level="county", unit_id=county.pk).values_list("as_of", flat=True).first()
    )
    saved = weights_for(county.province_id)
    key = None
    if as_of is not None and (scope.all_provinces or scope.province_id is not None):
        key = ":".join(
            [
                "ranked",
                str(county.pk),
                as_of.isoformat(),
                saved.updated_at.isoformat() if saved.pk else "default",
                timezone.localdate().isoformat(),
                str(scope.neighbourhood_id or "area"),
            ]
        )
        found = cache.get(key)
        if found is not None:
            return found
    ranked = _rank_county(user, county, saved.as_weights())
    if key is not None:
        cache.set(key, ranked, RANKING_CACHE_SECONDS)
    return ranked


def _rank_county(user: Actor | AnonymousUser, county: County, weights: priority.Weights) -> Priorities:
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


# --- Agency services and coverage ---------------------------------------------------------------------


def services_for_user(user: Actor | AnonymousUser, *, agency: int | None = None) -> QuerySet[AgencyService]:
    qs = (
        AgencyService.objects.visible_to(user)
        .select_related("agency")
        .prefetch_related("counties", "neighbourhoods")
    )
    if agency is not None:
        qs = qs.filter(agency_id=agency)
    return qs.order_by("agency__name", "axis", "name", "id")


@dataclass
class Proposal:
    agency: Agency
    services: list[AgencyService]


def proposed_agencies(need: Need) -> list[Proposal]:
    """The agencies whose declared services fit the need's axis and county (or serve its
    neighbourhood on that axis): offered first when the need is referred."""
    services = (
        AgencyService.objects.filter(axis=need.axis, agency__status=AgencyStatus.ACTIVE)
        .filter(Q(counties=need.neighbourhood.county_id) | Q(neighbourhoods=need.neighbourhood_id))
        .select_related("agency")
        .distinct()
        .order_by("agency__name", "name")
    )
    by_agency: dict[int, Proposal] = {}
    for service in services:
        by_agency.setdefault(service.agency_id, Proposal(service.agency, [])).services.append(service)
    return list(by_agency.values())


@dataclass
class CoverageRow:
    neighbourhood: TargetNeighbourhood
    cells: list[coverage.Cell]


@dataclass
class Coverage:
    county: County
    axes: list[tuple[str, str]]
    rows: list[CoverageRow]
    as_of: Any

    def counts(self) -> dict[str, int]:
        found = {state: 0 for state in coverage.LABELS}
        for row in self.rows:
            for cell in row.cells:
                found[cell.state] += 1
        return found


def coverage_for_county(user: Actor | AnonymousUser, county: County) -> Coverage:
    """The county's neighbourhoods × axes, each cell with its open needs and acting agencies."""
    neighbourhoods = list(TargetNeighbourhood.objects.visible_to(user).filter(county=county).order_by("name"))
    ids = [n.pk for n in neighbourhoods]
    open_needs = (
        Need.objects.visible_to(user)
        .open()
        .filter(neighbourhood_id__in=ids)
        .values_list("pk", "neighbourhood_id", "axis", "referred_agency_id")
    )
    served = (
        AgencyService.objects.visible_to(user)
        .filter(neighbourhoods__in=ids, agency__status=AgencyStatus.ACTIVE)
        .values_list("agency_id", "neighbourhoods", "axis")
    )
    axes = [(str(code), str(label)) for code, label in Axis.choices]
    cells = coverage.build_cells(ids, [code for code, _ in axes], open_needs, served)
    rows = [CoverageRow(n, [cells[(n.pk, code)] for code, _ in axes]) for n in neighbourhoods]
    return Coverage(county, axes, rows, timezone.now())


@dataclass
class CellDetail:
    neighbourhood: TargetNeighbourhood
    axis: str
    axis_label: str
    needs: list[Need]
    services: list[AgencyService]
    state: str
    state_label: str


def coverage_cell(user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood, axis: str) -> CellDetail:
    """What is behind one cell: the open needs and the services acting there."""
    needs = list(
        Need.objects.visible_to(user)
        .open()
        .filter(neighbourhood=neighbourhood, axis=axis)
        .select_related("referred_agency")
        .order_by("-severity", "id")
    )
    services = list(
        AgencyService.objects.visible_to(user)
        .filter(neighbourhoods=neighbourhood, axis=axis, agency__status=AgencyStatus.ACTIVE)
        .select_related("agency")
        .order_by("agency__name")
    )
    cell = coverage.build_cells(
        [neighbourhood.pk],
        [axis],
        [(n.pk, neighbourhood.pk, axis, n.referred_agency_id) for n in needs],
        [(s.agency_id, neighbourhood.pk, axis) for s in services],
    )[(neighbourhood.pk, axis)]
    return CellDetail(neighbourhood, axis, str(Axis(axis).label), needs, services, cell.state, cell.label)


# --- Indicators ------------------------------------------------------------------------------------------


@dataclass
class IndicatorPoint:
    year: int
    part: int
    label: str
    value: Decimal


@dataclass
class IndicatorSeries:
    indicator: Indicator
    points: list[IndicatorPoint]

    @property
    def latest(self) -> IndicatorPoint | None:
        return self.points[-1] if self.points else None

    @property
    def trend(self) -> str:
        """«better», «worse» or «same» from the last two periods, read with the indicator's
        direction; empty with fewer than two."""
        if len(self.points) < 2:
            return ""
        before, now = self.points[-2].value, self.points[-1].value
        if now == before:
            return "same"
        rising = now > before
        return (
            "better" if rising == (self.indicator.direction == IndicatorDirection.HIGHER_BETTER) else "worse"
        )

    def chart(self) -> dict[str, Any]:
        """What the page's chart script reads (through json_script: no inline script)."""
        return {
            "label": f"{self.indicator.name} ({self.indicator.unit})",
            "labels": [p.label for p in self.points],
            "values": [float(p.value) for p in self.points],
        }


def indicator_series(
    user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood
) -> list[IndicatorSeries]:
    """Every indicator with the neighbourhood's values in period order (the last 24 periods)."""
    values = list(
        IndicatorValue.objects.visible_to(user)
        .filter(neighbourhood=neighbourhood)
        .order_by("indicator_id", "year", "part")
    )
    series = []
    for indicator in Indicator.objects.order_by("name"):
        own = [v for v in values if v.indicator_id == indicator.pk][-24:]
        series.append(
            IndicatorSeries(
                indicator,
                [
                    IndicatorPoint(
                        v.year, v.part, periods.period_label(indicator.period, v.year, v.part), v.value
                    )
                    for v in own
                ],
            )
        )
    return series


# --- Activities and programmes --------------------------------------------------------------------------


def activities_for_user(
    user: Actor | AnonymousUser,
    *,
    neighbourhood: int | None = None,
    county: int | None = None,
    kind: str | None = None,
    programme: int | None = None,
) -> QuerySet[Activity]:
    qs = Activity.objects.visible_to(user).select_related("resolution__meeting__body", "programme")
    if neighbourhood is not None:
        qs = qs.filter(
            pk__in=Activity.neighbourhoods.through.objects.filter(
                targetneighbourhood_id=neighbourhood
            ).values("activity_id")
        )
    if county is not None:
        qs = qs.filter(
            pk__in=Activity.neighbourhoods.through.objects.filter(
                targetneighbourhood__county_id=county
            ).values("activity_id")
        )
    if kind:
        qs = qs.filter(kind=kind)
    if programme is not None:
        qs = qs.filter(programme_id=programme)
    return qs.prefetch_related("neighbourhoods", "agencies").order_by("-held_on", "-id")


@dataclass
class ActivityPage:
    activity: Activity
    neighbourhoods: list[TargetNeighbourhood]
    agencies: list[Agency]
    photos: list[Any]
    resolution: Resolution | None


def activity_page(user: Actor | AnonymousUser, activity: Activity) -> ActivityPage:
    """What the activity's page shows: its neighbourhoods and resolution only as far as the
    reader may see them."""
    resolution = None
    if activity.resolution_id is not None:
        resolution = Resolution.objects.visible_to(user).filter(pk=activity.resolution_id).first()
    return ActivityPage(
        activity,
        list(activity.neighbourhoods.select_related("county").order_by("name")),
        list(activity.agencies.order_by("name")),
        list(ActivityPhoto.objects.visible_to(user).filter(activity=activity)),
        resolution,
    )


def programmes_for_user(user: Actor | AnonymousUser) -> QuerySet[Programme]:
    return Programme.objects.visible_to(user).select_related("province").order_by("level", "name")


def programmes_covering(
    user: Actor | AnonymousUser, neighbourhood: TargetNeighbourhood
) -> QuerySet[Programme]:
    return programmes_for_user(user).filter(neighbourhoods=neighbourhood)


@dataclass
class ProgrammePage:
    programme: Programme
    targets: list[ProgrammeTarget]
    agencies: list[Agency]
    neighbourhoods: list[TargetNeighbourhood]
    resolutions: list[Resolution]
    activities: list[Activity]


def programme_page(user: Actor | AnonymousUser, programme: Programme) -> ProgrammePage:
    """A programme with the parts the reader may see: the national targets and its own
    province's share, its province's agencies and neighbourhoods, resolutions and activities."""
    scope = scope_for(user)
    agencies = programme.agencies.order_by("name")
    if not scope.all_provinces:
        agencies = agencies.filter(scope.province_q("province_id"))
    return ProgrammePage(
        programme,
        list(ProgrammeTarget.objects.visible_to(user).filter(programme=programme).select_related("province")),
        list(agencies),
        list(
            TargetNeighbourhood.objects.visible_to(user)
            .filter(programmes=programme)
            .select_related("county")
            .order_by("county__name", "name")
        ),
        list(
            Resolution.objects.visible_to(user)
            .filter(programmes=programme)
            .select_related("meeting__body")
            .order_by("-meeting_date", "number")[:100]
        ),
        list(activities_for_user(user, programme=programme.pk)[:100]),
    )
