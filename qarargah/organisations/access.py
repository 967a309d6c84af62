"""Fetching registry objects by id for a user: the one place pages, API and commands ask.

``get_<thing>_for_user`` gives the object or a 404 that is the same for a missing and a hidden
one (garbage and out-of-range ids too); ``get_<thing>_for_writer`` adds a 403 when the user
sees it but may not change the registry (``scope.can_edit_registry``, the secretariat and admins).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qarargah.accounts.scoping import get_object_for_user, require_write

from .models import Agency, Body, County, Province, TargetNeighbourhood

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.models import User

__all__ = [
    "get_agency_for_user",
    "get_agency_for_writer",
    "get_body_for_user",
    "get_body_for_writer",
    "get_county_for_user",
    "get_neighbourhood_for_user",
    "get_province_for_user",
]


def get_agency_for_user(user: User | AnonymousUser, pk: object) -> Agency:
    """An agency the user may see (a pending one only for those who confirm or merge it)."""
    return get_object_for_user(Agency.objects.select_related("province", "county"), user, pk=pk)


def get_agency_for_writer(user: User | AnonymousUser, pk: object) -> Agency:
    """An agency the user may edit, rename, confirm or merge."""
    agency = get_agency_for_user(user, pk)
    require_write(user, agency)
    return agency


def get_body_for_user(user: User | AnonymousUser, pk: object) -> Body:
    return get_object_for_user(
        Body.objects.select_related("province", "county", "parent", "secretariat_agency"), user, pk=pk
    )


def get_body_for_writer(user: User | AnonymousUser, pk: object) -> Body:
    body = get_body_for_user(user, pk)
    require_write(user, body)
    return body


def get_neighbourhood_for_user(user: User | AnonymousUser, pk: object) -> TargetNeighbourhood:
    return get_object_for_user(TargetNeighbourhood.objects.select_related("county"), user, pk=pk)


def get_county_for_user(user: User | AnonymousUser, pk: object) -> County:
    return get_object_for_user(County.objects.select_related("province"), user, pk=pk)


def get_province_for_user(user: User | AnonymousUser, pk: object) -> Province:
    return get_object_for_user(Province, user, pk=pk)
