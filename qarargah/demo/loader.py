"""Loads the demo world through the normal services; running it twice changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from qarargah.accounts.models import User
from qarargah.accounts.services import create_user
from qarargah.organisations import services as org
from qarargah.organisations.models import Agency, Body, County, Province, TargetNeighbourhood

from .data import DEMO_PASSWORD, PROVINCES, USERS

MINUTES_DIR = Path(__file__).resolve().parent / "minutes"

# Later apps (the minutes importer) add steps that run after the registry is in place.
EXTRA_STEPS: list[Callable[[Callable[[str], None]], None]] = []


@transaction.atomic
def load_registry(log: Callable[[str], None] = print) -> None:
    actor = None  # demo data is written by the system itself
    for code, spec in PROVINCES.items():
        province, _ = Province.objects.get_or_create(code=code, defaults={"name": spec["name"]})
        counties = {}
        for name in spec["counties"]:
            counties[name], _ = County.objects.get_or_create(province=province, name=name)
        for county, name, kind, population, households in spec["neighbourhoods"]:
            if not TargetNeighbourhood.objects.filter(county=counties[county], name=name).exists():
                TargetNeighbourhood.objects.create(
                    county=counties[county],
                    name=name,
                    kind=kind,
                    population=population,
                    households=households,
                )
        agencies: dict[str, Agency] = {}
        for name, kind, county, aliases in spec["agencies"]:
            agency = Agency.objects.filter(province=province, name=name).first()
            if agency is None:
                agency = org.create_agency(
                    actor=actor,
                    province=province,
                    name=name,
                    kind=kind,
                    county=counties.get(county) if county else None,
                )
            agencies[name] = agency
            known = set(agency.aliases.values_list("name", flat=True))
            for alias in aliases:
                if alias not in known:
                    org.add_agency_alias(actor=actor, agency=agency, name=alias)
        bodies: dict[str, Body] = {}
        for name, kind, level, county, parent, secretariat, members in spec["bodies"]:
            body = Body.objects.filter(province=province, name=name).first()
            if body is None:
                body = org.create_body(
                    actor=actor,
                    province=province,
                    name=name,
                    kind=kind,
                    level=level,
                    county=counties.get(county) if county else None,
                    parent=bodies.get(parent),
                    secretariat_agency=agencies[secretariat],
                )
            bodies[name] = body
            wanted = list(agencies.values()) if members == "*" else [agencies[m] for m in members]
            org.set_body_members(actor=actor, body=body, agencies=wanted)
        log(f"استان {province.name}: {len(counties)} شهرستان، {len(agencies)} دستگاه، {len(bodies)} نهاد")


@transaction.atomic
def load_users(log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    created = []
    for spec in USERS:
        scope: dict[str, Any] = {}
        if "province" in spec:
            province = Province.objects.get(code=spec["province"])
            scope["province"] = province
            if "agency" in spec:
                scope["agency"] = Agency.objects.get(province=province, name=spec["agency"])
            if "body" in spec:
                scope["body"] = Body.objects.get(province=province, name=spec["body"], county=None)
            if "county" in spec:
                scope["county"] = County.objects.get(province=province, name=spec["county"])
            if "neighbourhood" in spec:
                scope["neighbourhood"] = TargetNeighbourhood.objects.get(
                    county__province=province, name=spec["neighbourhood"]
                )
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            create_user(
                actor=None,
                username=spec["username"],
                password=DEMO_PASSWORD,
                role=spec["role"],
                first_name=spec["first_name"],
                last_name=spec["last_name"],
                **scope,
            )
            created.append(spec["username"])
    if created:
        log(f"{len(created)} کاربر نمونه ساخته شد.")
    return demo_users()


def demo_users() -> list[dict[str, Any]]:
    """The demo accounts as the README and `qarargah demo_users --json` show them."""
    rows = []
    users = User.objects.filter(username__in=[u["username"] for u in USERS]).select_related(
        "province", "agency", "body", "neighbourhood", "county"
    )
    by_name = {u.username: u for u in users}
    for spec in USERS:
        user = by_name.get(spec["username"])
        if user is None:
            continue
        rows.append(
            {
                "username": user.username,
                "password": DEMO_PASSWORD,
                "role": user.role,
                "role_fa": user.get_role_display(),
                "name": user.get_full_name(),
                "province": user.province.name if user.province else None,
                "agency": user.agency.name if user.agency else None,
                "body": user.body.name if user.body else None,
                "county": user.county.name if user.county else None,
                "neighbourhood": user.neighbourhood.name if user.neighbourhood else None,
            }
        )
    return rows


def load_demo(log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    load_registry(log)
    users = load_users(log)
    for step in EXTRA_STEPS:
        step(log)
    return users


def _import_demo_minutes(log: Callable[[str], None]) -> None:
    # Imported late: the meetings app depends on the registry this module loads.
    from qarargah.demo.sample_minutes import import_demo_minutes

    import_demo_minutes(log)


EXTRA_STEPS.append(_import_demo_minutes)


def _play_demo_activity(log: Callable[[str], None]) -> None:
    from qarargah.demo.activity import play_demo_activity

    play_demo_activity(log)


EXTRA_STEPS.append(_play_demo_activity)


def _load_demo_neighbourhoods(log: Callable[[str], None]) -> None:
    # After the minutes: Hesar's needs link to the resolutions of the twelfth meeting.
    from qarargah.demo.neighbourhoods import load_demo_neighbourhoods

    load_demo_neighbourhoods(log)


EXTRA_STEPS.append(_load_demo_neighbourhoods)


def _load_demo_registry(log: Callable[[str], None]) -> None:
    # The target-group registry (issue 15): two agencies' lists of Alborz, linked.
    from qarargah.demo.registry import load_demo_registry

    load_demo_registry(log)


EXTRA_STEPS.append(_load_demo_registry)
