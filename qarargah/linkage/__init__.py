"""Record linkage for the target-group registry (issue 15): one person id per person across
agencies' lists.

Pure (no Django): ``link_records`` takes plain dicts and returns plain results, so the
registry app stores them and tests run without a database.  National codes link
deterministically; everything else is scored by splink (Fellegi–Sunter, trained without
labels) on DuckDB with comparisons that know Persian names.  See
docs/decisions/0027-record-linkage.md.
"""

from qarargah.linkage.engine import (
    STAGE_LABELS_FA,
    LinkResult,
    LinkSettings,
    ReviewPair,
    link_incremental,
    link_records,
)

__all__ = ["STAGE_LABELS_FA", "LinkResult", "LinkSettings", "ReviewPair", "link_incremental", "link_records"]
