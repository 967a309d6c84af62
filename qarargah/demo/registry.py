"""The target-group registry's demo: six agencies' lists of Alborz (synthetic people from the
linkage package's generator, with its known errors) loaded through the normal import, then
linked, so the data officer dadeh.alborz finds sources, a quarantine, a review queue and
persons; the officer of the cooperatives and welfare directorate (taavon.alborz) finds its own
agency's list; and the neighbourhood indicators get the month's counts. Running it again loads
nothing new."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from qarargah.organisations.models import Province, TargetNeighbourhood
from qarargah.persian import to_latin_digits

DEMO_PEOPLE = 1000
DEMO_SOURCES = 6
DEMO_SEED = 1403
# The share of the demo's households placed in the province's target neighbourhoods: the lists
# are of needy groups, and the neighbourhood programme's pages should have counts to show (at
# the generator's spread over every neighbourhood of Alborz, nearly every cell would be hidden).
IN_TARGET_NEIGHBOURHOODS = 0.7


def place_in_target_neighbourhoods(province: Province, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with most households moved into the province's target neighbourhoods (county,
    neighbourhood and the address's place), chosen by the household's address so that a
    household stays together and the same rows give the same result."""
    hoods = [
        (hood.county.name, hood.name)
        for hood in TargetNeighbourhood.objects.filter(county__province=province)
        .select_related("county")
        .order_by("pk")
    ]
    if not hoods:
        return rows
    # A person's place is decided once, by the address the person's rows carry (digits read
    # alike), so that every record of the person and every member of a household go together.
    key_of: dict[str, str] = {}
    for row in rows:
        address = to_latin_digits(str(row.get("address") or ""))
        if address:
            key_of.setdefault(str(row.get("true_person")), address)
    placed = []
    for row in rows:
        key = key_of.get(str(row.get("true_person")), str(row.get("true_person")))
        digest = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:12], 16)
        if (digest % 1000) / 1000 >= IN_TARGET_NEIGHBOURHOODS:
            placed.append(row)
            continue
        county, hood = hoods[(digest // 1000) % len(hoods)]
        address = str(row.get("address") or "")
        old = f"{row.get('county') or ''} {row.get('neighbourhood') or ''}".strip()
        moved = address.replace(old, f"{county} {hood}", 1) if old and old in address else address
        placed.append({**row, "county": county, "neighbourhood": hood, "address": moved})
    return placed


def load_demo_registry(log: Callable[[str], None]) -> None:
    from qarargah.accounts.system import SYSTEM
    from qarargah.core.errors import ServiceError
    from qarargah.registries import services
    from qarargah.registries.synthetic import load_synthetic

    try:
        from qarargah.linkage.synthetic import generate
    except ImportError:  # installed without the registry extra (splink, DuckDB)
        log("ثبت یکپارچه: بسته پیوند رکوردها نصب نیست؛ فهرست‌های نمونه بارگذاری نشد.")
        return
    province = Province.objects.filter(code="alborz").first()
    if province is None:
        return
    rows = generate(people=DEMO_PEOPLE, sources=DEMO_SOURCES, seed=DEMO_SEED)
    results = load_synthetic(province, place_in_target_neighbourhoods(province, rows))
    loaded = sum(r.loaded for r in results.values())
    log(f"ثبت یکپارچه: {len(results)} فهرست، {loaded} رکورد تازه")
    if loaded:
        try:
            summary = services.run_linking(actor=SYSTEM, province=province)
        except ServiceError as exc:  # the linkage extra is not installed: the lists stay unlinked
            log(exc.message)
        else:
            log(f"ثبت یکپارچه: {summary.records} رکورد به {summary.persons} فرد پیوند خورد")
    _feed_indicators(province, log)


def _feed_indicators(province: Province, log: Callable[[str], None]) -> None:
    """The linked people feed this month's neighbourhood indicators (decision 0035). A linking
    run already fed them; this also covers a database linked before the feed existed, and
    writes nothing when the values are already there."""
    from qarargah.accounts.system import SYSTEM
    from qarargah.registries.feed import feed_indicators
    from qarargah.registries.models import Person

    if not Person.objects.filter(province=province).exists():
        return
    summary = feed_indicators(actor=SYSTEM, province=province)
    log(
        f"ثبت یکپارچه: شاخص‌های {summary.neighbourhoods} محله برای {summary.period_label} "
        f"({summary.result.stored} مقدار، {summary.hidden} خانه پنهان)"
    )
