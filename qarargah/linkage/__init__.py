"""Record linkage for the target-group registry (issue 15): one person id per person across
agencies' lists.

Pure (no Django): ``link_records`` takes plain dicts and returns plain results, so the
registry app stores them and tests run without a database.  National codes link
deterministically; everything else is scored by splink (Fellegi–Sunter, trained without
labels) on DuckDB with comparisons that know Persian names.  See
docs/decisions/0027-record-linkage.md.

The engine is imported on first use (PEP 562): splink, DuckDB and pyarrow are the optional
``registry`` extra, and the light modules of this package (``codes``, ``fields``) — which the
registry's importer needs to check an upload — must load without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qarargah.linkage.engine import (
        STAGE_LABELS_FA,
        LinkResult,
        LinkSettings,
        ReviewPair,
        link_incremental,
        link_new,
        link_records,
    )

__all__ = [
    "STAGE_LABELS_FA",
    "LinkResult",
    "LinkSettings",
    "ReviewPair",
    "link_incremental",
    "link_new",
    "link_records",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from qarargah.linkage import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
