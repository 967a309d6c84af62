"""The registry's counts by target group, fed to the neighbourhood indicators (issue 15; decision
0035).

After each linking run (and on ``qarargah registry feed-indicators``) every target neighbourhood
of the province gets, for the current Jalali month, one value per target group: the number of
people of that group the registry links to the neighbourhood, and, for the groups counted by
household, the number of households no agency serves. The counts are the aggregates page's own
tables (one per county: its neighbourhoods × the groups), suppressed the same way; a cell the page
hides is stored as no value at all, so no reader of the indicators (house managers and county
officers included) learns more than the aggregates page shows.

The registry calls one neighbourhoods service (``feed_registry_indicators``) with plain counts:
the only import from this layer's sibling, allowed by one line of the import contract.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from qarargah.neighbourhoods.services import FedIndicator, FeedResult, feed_registry_indicators
from qarargah.organisations.models import County, Province
from qarargah.persian import JalaliDate

from . import selectors
from .models import GroupTotal, TargetGroup

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

logger = logging.getLogger(__name__)

# The axis of the programme each seeded group belongs to (a province's own groups: social).
GROUP_AXES = {
    "needy_families": "welfare",
    "street_children": "social",
    "beggars": "social",
    "addiction_treatment": "health",
    "female_heads": "welfare",
    "uninsured": "health",
    "out_of_school": "education",
    "disabilities": "welfare",
}
_CODE_MAX = 50  # Indicator.code


def indicator_code(kind: str, group: TargetGroup) -> str:
    """``registry_people_<group code>`` / ``registry_unserved_<group code>``; a long group code
    is replaced by a short digest of itself so the indicator code stays unique and in length."""
    prefix = f"registry_{kind}_"
    if len(prefix) + len(group.code) <= _CODE_MAX:
        return prefix + group.code
    return prefix + hashlib.sha256(group.code.encode()).hexdigest()[:12]


def _group_label(group: TargetGroup, province: Province) -> str:
    # A province's own group is in the national list too: its name says whose it is.
    return f"«{group.name}»" + (f" (استان {province.name})" if group.province_id is not None else "")


def people_indicator_name(group: TargetGroup, province: Province) -> str:
    return f"شمار افراد گروه هدف {_group_label(group, province)} در ثبت یکپارچه"


def unserved_indicator_name(group: TargetGroup, province: Province) -> str:
    return f"خانوارهای گروه هدف {_group_label(group, province)} که هیچ دستگاهی به آن‌ها خدمت نمی‌دهد"


@dataclass
class FeedSummary:
    """What one feed wrote: the period, the neighbourhood cells stored and those left empty
    because the aggregates page hides them."""

    province: Province
    result: FeedResult
    neighbourhoods: int
    hidden: int

    @property
    def period_label(self) -> str:
        return self.result.period_label


def current_period(today: datetime.date | None = None) -> tuple[int, int]:
    day = JalaliDate.from_gregorian(today or timezone.localdate())
    return day.year, day.month


def feed_indicators(*, actor: Actor, province: Province, today: datetime.date | None = None) -> FeedSummary:
    """Count the province's registry by neighbourhood and group (suppressed) and replace this
    month's values of the registry's indicators with the counts."""
    year, month = current_period(today)
    groups = list(
        TargetGroup.objects.filter(province__isnull=True) | TargetGroup.objects.filter(province=province)
    )
    groups.sort(key=lambda g: g.pk)
    people: dict[int, dict[int, int]] = {g.pk: {} for g in groups}
    unserved: dict[int, dict[int, int]] = {g.pk: {} for g in groups if g.counts_households}
    neighbourhoods = hidden = 0
    # The province's own tables, once: every county's table is suppressed consistently with them.
    above = selectors.aggregates_for_user(actor, province=province)
    for county in (
        County.objects.filter(province=province, neighbourhoods__isnull=False).distinct().order_by("pk")
    ):
        # The aggregates page's own table of this county (its rows: the neighbourhoods by name,
        # then everyone outside them), so a value stored here is a value the page shows.
        data = selectors.aggregates_for_user(actor, province=province, county=county, above=above)
        keys, _field, _labels = selectors.places(province, county)
        hood_ids = [k for k in keys if k is not None]
        neighbourhoods += len(hood_ids)
        for table, columns, target in (
            (data.counts.table, data.groups, people),
            (data.gaps.table, [g for g in data.groups if g.counts_households], unserved),
        ):
            for row, hood_id in zip(table.cells, hood_ids, strict=False):
                for value, group in zip(row, columns, strict=True):
                    if value is None:
                        hidden += 1
                    else:
                        target[group.pk][hood_id] = value
    fed = []
    for group in groups:
        axis = GROUP_AXES.get(group.code, "social")
        fed.append(
            FedIndicator(
                code=indicator_code("people", group),
                name=people_indicator_name(group, province),
                unit="نفر",
                values=people[group.pk],
                axis=axis,
            )
        )
        if group.counts_households:
            fed.append(
                FedIndicator(
                    code=indicator_code("unserved", group),
                    name=unserved_indicator_name(group, province),
                    unit="خانوار",
                    values=unserved[group.pk],
                    axis=axis,
                )
            )
    with transaction.atomic():
        result = feed_registry_indicators(
            actor=actor, province=province, year=year, part=month, indicators=fed
        )
        store_group_totals(province)
    return FeedSummary(province=province, result=result, neighbourhoods=neighbourhoods, hidden=hidden)


def store_group_totals(province: Province) -> None:
    """The province's people per group as the aggregates page shows them, for the home page
    (written after the indicators, whose service has checked the actor)."""
    now = timezone.now()
    GroupTotal.objects.filter(province=province).delete()
    GroupTotal.objects.bulk_create(
        [
            GroupTotal(province=province, group=group, people=people, as_of=now)
            for group, people in selectors.count_group_totals(province)
        ]
    )


def feed_after_linking(*, actor: Actor, province: Province) -> FeedSummary | None:
    """The end of a successful linking run: the run stands whatever happens here, so a failed
    feed is logged (and ``qarargah registry feed-indicators`` repeats it) rather than raised."""
    try:
        return feed_indicators(actor=actor, province=province)
    except Exception:
        logger.exception("Feeding the neighbourhood indicators of province %s failed", province.pk)
        return None
