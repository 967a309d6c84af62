"""Loading the linkage package's synthetic truth into a province (``qarargah generate_registry``,
the demo, benchmarks): each synthetic agency's rows become one CSV file imported through the
same ``import_upload`` an agency's file goes through, so quarantine and normalisation are the
real ones. Places are the province's own: a synthetic county the province does not have is
replaced by one of its counties, chosen by the name so the same input gives the same output.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from qarargah.accounts.system import SYSTEM
from qarargah.organisations.models import Province
from qarargah.organisations.selectors import find_agency
from qarargah.persian import match_key

from . import reading, services
from .models import Source, TargetGroup

# The target groups each synthetic agency's list is about (codes of the seeded groups).
SOURCE_GROUPS = {
    "بهزیستی": ("disabilities", "female_heads"),
    "کمیته امداد": ("needy_families", "female_heads"),
    "آموزش و پرورش": ("out_of_school",),
    "شهرداری": ("street_children", "beggars"),
    "شبکه بهداشت": ("addiction_treatment", "uninsured"),
    "تعاون، کار و رفاه اجتماعی": ("uninsured", "needy_families"),
    "اداره ورزش و جوانان": ("street_children",),
    "دادگستری": ("addiction_treatment",),
}


def _stable_pick(name: str, choices: list[str]) -> str:
    digest = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)
    return choices[digest % len(choices)]


def rows_as_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(reading.FIELDS)
    for row in rows:
        writer.writerow([row.get(name, "") for name in reading.FIELDS])
    return out.getvalue().encode("utf-8")


def load_synthetic(
    province: Province, rows: list[dict[str, Any]], *, log: Callable[[str], None] = lambda _line: None
) -> dict[str, services.UploadResult]:
    """Import the generator's rows, one source per synthetic agency (created on first use)."""
    counties = [c.name for c in province.counties.all()]
    known = {match_key(name) for name in counties}
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        county = str(row.get("county") or "")
        if county and match_key(county) not in known and counties:
            row = {**row, "county": _stable_pick(county, counties)}
        by_source[str(row["source"])].append(row)
    results: dict[str, services.UploadResult] = {}
    for name, source_rows in sorted(by_source.items()):
        source = Source.objects.filter(province=province, name_key=match_key(name)).first()
        if source is None:
            match = find_agency(name, province=province)
            agency = match.agency if match.kind in ("exact", "alias", "fuzzy") else None
            groups = TargetGroup.objects.filter(province__isnull=True, code__in=SOURCE_GROUPS.get(name, ()))
            source = services.create_source(
                actor=SYSTEM, province=province, name=name, agency=agency, groups=list(groups)
            )
        results[name] = services.import_upload(
            actor=SYSTEM, source=source, filename=f"{name}.csv", data=rows_as_csv(source_rows)
        )
        counts = results[name].counts()
        log(
            f"{name}: loaded={counts['loaded']} updated={counts['updated']} "
            f"unchanged={counts['unchanged']} quarantined={counts['quarantined']}"
        )
    return results
