"""The bridge to the linkage engine (``qarargah.linkage``, a pure package on splink/DuckDB):
records of the database as the engine's plain dicts, and the engine called with people's
decisions. The engine is imported when called, so the app imports (and its pages work) on an
install without the ``registry`` extra; only linking needs it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models import QuerySet

from qarargah.organisations.models import County, TargetNeighbourhood

from .models import MatchDecision, Source, SourceRecord

Progress = Callable[[str, float], None]

# The record's own columns the engine reads; the source's, county's and neighbourhood's names
# are looked up by id (a few hundred rows) rather than joined into each of a million rows.
RECORD_FIELDS = (
    "id",
    "source_id",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "sex",
    "mobile",
    "address",
    "county_id",
    "neighbourhood_id",
    "head_national_code",
)


def engine_records(records: QuerySet[SourceRecord]) -> list[dict[str, str]]:
    """The records as the engine's plain dicts, in id order. Read as tuples: a million rows
    as ``values()`` dicts through three joins took 8 s on PostgreSQL."""
    sources = dict(Source.objects.values_list("id", "name"))
    counties = dict(County.objects.values_list("id", "name"))
    neighbourhoods = dict(TargetNeighbourhood.objects.values_list("id", "name"))
    out = []
    for (
        pk,
        source,
        code,
        first,
        last,
        father,
        birth,
        sex,
        mobile,
        address,
        county,
        neighbourhood,
        head,
    ) in records.order_by("id").values_list(*RECORD_FIELDS).iterator(chunk_size=10_000):
        out.append(
            {
                "key": str(pk),
                "source": str(sources.get(source, "")),
                "national_code": code or "",
                "first_name": first or "",
                "last_name": last or "",
                "father_name": father or "",
                "birth_date": birth.isoformat() if isinstance(birth, datetime.date) else "",
                "sex": sex or "",
                "mobile": mobile or "",
                "address": address or "",
                "county": str(counties.get(county, "")),
                "neighbourhood": str(neighbourhoods.get(neighbourhood, "")),
                "head_national_code": head or "",
            }
        )
    return out


def engine_decisions(decisions: Iterable[MatchDecision]) -> list[tuple[str, str, str]]:
    return [(str(d.record_a_id), str(d.record_b_id), str(d.decision)) for d in decisions]


def call_engine(
    records: list[dict[str, str]],
    decisions: list[tuple[str, str, str]],
    progress: Progress | None,
    model: dict[str, Any] | None = None,
) -> Any:
    """The engine's ``LinkResult`` for these records; with ``model`` (a trained model of an
    earlier run) it skips training. Tests of the services replace this one function with a fake
    result; the engine has its own tests."""
    from qarargah.linkage import LinkSettings, link_records

    settings = LinkSettings(model=model) if model is not None else None
    return link_records(records, decisions=decisions, settings=settings, progress=progress)


def call_engine_new(
    new_records: list[dict[str, str]],
    features: Any,
    previous_clusters: Mapping[str, str],
    previous_match: Mapping[str, str],
    decisions: list[tuple[str, str, str]],
    progress: Progress | None,
    model: dict[str, Any],
) -> Any:
    """The engine's incremental ``LinkResult``: ``new_records`` scored against the existing
    records' stored ``features`` with the last run's trained ``model``; it answers only for
    the records whose person or household may have changed."""
    from qarargah.linkage import LinkSettings, link_new

    return link_new(
        new_records,
        features,
        previous_clusters,
        previous_match=previous_match,
        decisions=decisions,
        settings=LinkSettings(model=model),
        progress=progress,
    )


_VERSION_KEY = b"qarargah_features_version"


def features_to_parquet(table: Any) -> bytes:
    """A run's prepared features as Parquet (zstd), the file the next run reads."""
    import io

    import pyarrow.parquet as pq

    from qarargah.linkage.prepare import FEATURES_VERSION

    buffer = io.BytesIO()
    tagged = table.replace_schema_metadata({**(table.schema.metadata or {}), _VERSION_KEY: FEATURES_VERSION})
    pq.write_table(tagged, buffer, compression="zstd")
    return buffer.getvalue()


def features_for(stored: Any, keys: Iterable[str]) -> Any:
    """The stored features (a Parquet file object) of exactly ``keys``, or None when one of
    them is missing from it or it was prepared by another version of the engine (then the run
    links everything again)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from qarargah.linkage.prepare import FEATURES_VERSION

    wanted = pa.array(list(keys), type=pa.string())
    with stored.open("rb") as handle:
        table = pq.read_table(handle)
    if (table.schema.metadata or {}).get(_VERSION_KEY) != FEATURES_VERSION.encode():
        return None  # prepared by another version of the engine: everything is prepared again
    table = table.filter(pc.is_in(table.column("key"), value_set=wanted))
    if table.num_rows != len(wanted):
        return None
    return table
