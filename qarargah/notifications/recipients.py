"""Who is told about a follow-up event: decided by the same scope rules that let them act.

Nobody here names a role. An agency's people are those whose scope ``acts_for`` the agency
(its officers; a county governorate's officers), so whoever the capability table later lets act
for an assignee (a neighbourhood house's manager, say) is told about its work with no change
here, as long as the account names the agency it acts for (``User.agency``, which is what the
scope reads). A report's reviewers are those who ``can_review`` its province.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from qarargah.accounts.models import User
from qarargah.accounts.scoping import scope_for
from qarargah.resolutions.models import Resolution
from qarargah.resolutions.permissions import can_review


def officers_acting_for(agency_ids: Iterable[int]) -> dict[int, list[User]]:
    """Agency id -> the active accounts that act for it (in id order); agencies nobody acts
    for are left out."""
    ids = set(agency_ids)
    if not ids:
        return {}
    out: dict[int, list[User]] = {}
    # An officer names the agency on the account; a house manager acts for the house of their
    # neighbourhood (decision 0022). The scope decides in both cases.
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Q(agency_id__in=ids) | Q(neighbourhood__house__in=ids))
        .select_related("agency", "neighbourhood__house", "notification_preference")
        .order_by("pk")
    )
    for user in candidates:
        scope = scope_for(user)
        if scope.agency_id in ids and scope.acts_for(scope.agency_id):
            out.setdefault(scope.agency_id, []).append(user)
    return out


def acts_for(user: User, agency_id: int) -> bool:
    return user.is_active and scope_for(user).acts_for(agency_id)


def reviewers_of(resolution: Resolution) -> list[User]:
    """Who reviews this resolution's reports: its follow-up owner in the secretariat when one is
    named (and may still review there), else every secretariat account of its province.

    The owner alone, because a province's secretariat shares its queue by resolution: the
    colleague who follows a resolution up is the one a new report on it is for; the others
    still see it in the review queue.
    """
    owner = resolution.follow_up_owner
    if owner is not None and owner.is_active and can_review(owner, resolution.province_id):
        return [owner]
    secretariat = User.objects.secretariat_of(resolution.province_id).select_related(
        "notification_preference"
    )
    return [user for user in secretariat.order_by("pk") if can_review(user, resolution.province_id)]
