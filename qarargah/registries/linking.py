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

from .models import MatchDecision, SourceRecord

Progress = Callable[[str, float], None]

RECORD_FIELDS = (
    "id",
    "source__name",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "sex",
    "mobile",
    "address",
    "county__name",
    "neighbourhood__name",
    "head_national_code",
)


def engine_record(row: Mapping[str, Any]) -> dict[str, str]:
    """One ``values()`` row of :data:`RECORD_FIELDS` as the engine's record."""
    birth = row["birth_date"]
    return {
        "key": str(row["id"]),
        "source": str(row["source__name"]),
        "national_code": row["national_code"] or "",
        "first_name": row["first_name"] or "",
        "last_name": row["last_name"] or "",
        "father_name": row["father_name"] or "",
        "birth_date": birth.isoformat() if isinstance(birth, datetime.date) else "",
        "sex": row["sex"] or "",
        "mobile": row["mobile"] or "",
        "address": row["address"] or "",
        "county": row["county__name"] or "",
        "neighbourhood": row["neighbourhood__name"] or "",
        "head_national_code": row["head_national_code"] or "",
    }


def engine_records(records: QuerySet[SourceRecord]) -> list[dict[str, str]]:
    return [
        engine_record(row) for row in records.order_by("id").values(*RECORD_FIELDS).iterator(chunk_size=5000)
    ]


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
