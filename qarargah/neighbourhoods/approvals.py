"""The county governorate approves its ranked list and sends it to the province.

The approval keeps a snapshot (ranks, scores, formulas, weights) as it stood, with who and
when: the province reads what the county sent, not a list that moved since. The province's
whole list is the counties' latest approved lists merged by score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from qarargah.accounts.models import User
from qarargah.core.errors import ServiceError
from qarargah.core.messages import tell_on_commit
from qarargah.history.registry import acting_as
from qarargah.organisations.models import County, Province
from qarargah.persian import clean_input, to_persian_digits

from . import permissions, selectors
from .events import NeighbourhoodEvent
from .models import RankedListApproval

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.system import Actor

EMPTY_LIST = "شهرستان مسئله بازی ندارد؛ فهرستی برای تأیید نیست."


def snapshot_of(p: selectors.Priorities) -> dict[str, Any]:
    w = p.weights
    return {
        "county": {"id": p.county.pk, "name": p.county.name},
        "as_of": p.as_of.isoformat(),
        "weights": {
            name: getattr(w, name)
            for name in (
                "severity",
                "households",
                "residents",
                "age",
                "households_cap",
                "residents_cap",
                "age_cap_days",
            )
        },
        "needs": [
            {
                "rank": row.rank,
                "id": row.need.pk,
                "title": row.need.title,
                "neighbourhood": row.need.neighbourhood.name,
                "axis": row.need.axis,
                "axis_label": row.need.get_axis_display(),
                "status_label": row.need.get_status_display(),
                "score": row.score.score,
                "formula": row.score.formula,
            }
            for row in p.needs
        ],
        "neighbourhoods": [
            {
                "rank": row.rank,
                "id": row.neighbourhood.pk,
                "name": row.neighbourhood.name,
                "index": row.index.index,
                "open_needs": row.index.open_needs,
                "formula": row.index.formula,
            }
            for row in p.neighbourhoods
        ],
    }


@transaction.atomic
def approve_ranked_list(*, actor: Actor, county: County, note: str = "") -> RankedListApproval:
    """The county governorate approves its ranked list as it stands and sends it to the province."""
    permissions.require_ranked_list_approver(actor, county.pk)
    ranked = selectors.priorities_for_county(actor, county)
    if not ranked.needs:
        raise ServiceError(EMPTY_LIST, code="empty")
    with acting_as(actor, event=NeighbourhoodEvent.RANKED_LIST_APPROVED):
        approval = RankedListApproval.objects.create(
            county=county,
            province_id=county.province_id,
            approved_by=actor if getattr(actor, "pk", None) else None,
            approved_at=timezone.now(),
            note=clean_input(note or ""),
            snapshot=snapshot_of(ranked),
        )
    _tell_the_province(approval)
    return approval


def _tell_the_province(approval: RankedListApproval) -> None:
    """The province's secretariat hears that a county sent its list (in the app and by mail, by
    their preferences), after commit, through the notifications app (decision 0031's seam)."""
    county = approval.county
    count = len(approval.snapshot.get("needs", []))
    title = f"فهرست اولویت مسائل شهرستان {county.name} فرستاده شد"
    body = f"فرمانداری {county.name} فهرست رتبه‌بندی‌شده {to_persian_digits(str(count))} مسئله را تأیید کرد و فرستاد."
    if approval.note:
        body += f"\nیادداشت: {approval.note}"
    url = reverse("neighbourhoods:province_ranked")
    tell_on_commit(
        [
            {
                "user_id": user.pk,
                "kind": "ranked_list_sent",
                "title": title,
                "body": body,
                "url": url,
                "event_key": f"ranked_list:{approval.pk}",
                "email": True,
            }
            for user in User.objects.secretariat_of(approval.province_id)
        ],
        sender="neighbourhoods",
    )


def approvals_for_user(user: Actor | AnonymousUser) -> QuerySet[RankedListApproval]:
    return RankedListApproval.objects.visible_to(user).select_related("county", "approved_by")


def latest_approval(user: Actor | AnonymousUser, county: County) -> RankedListApproval | None:
    return approvals_for_user(user).filter(county=county).first()


@dataclass
class CountyState:
    county: County
    approval: RankedListApproval | None


@dataclass
class ProvinceRanked:
    province: Province
    counties: list[CountyState]
    needs: list[dict[str, Any]]


def province_ranked(user: Actor | AnonymousUser, province: Province) -> ProvinceRanked:
    """Every county of the province with its latest approved list, and the province's list:
    those lists merged and ranked by score."""
    latest: dict[int, RankedListApproval] = {}
    for approval in (
        approvals_for_user(user).filter(province=province).order_by("county_id", "-approved_at", "-id")
    ):
        latest.setdefault(approval.county_id, approval)
    counties = list(
        County.objects.visible_to(user)
        .filter(province=province, neighbourhoods__isnull=False)
        .distinct()
        .order_by("name")
    )
    merged = []
    for approval in latest.values():
        for row in approval.snapshot.get("needs", []):
            merged.append({**row, "county": approval.county.name, "county_rank": row["rank"]})
    merged.sort(key=lambda r: (-r["score"], r["county"], r["county_rank"]))
    for rank, row in enumerate(merged, start=1):
        row["rank"] = rank
    return ProvinceRanked(province, [CountyState(c, latest.get(c.pk)) for c in counties], merged)
