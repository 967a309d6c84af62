"""``link_records``: national codes link deterministically, splink on DuckDB links the rest.

See docs/decisions/0027-record-linkage.md for the design: why splink, the comparisons, the
thresholds and classes (OpenCR's auto / review / distinct), people's decisions and the
incremental mode.
"""

from __future__ import annotations

import copy
import gc
import logging
import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from qarargah.linkage.cluster import Clusters
from qarargah.linkage.model import (
    DETERMINISTIC_RULES,
    EM_BLOCKING_RULES,
    FIELD_LABELS_FA,
    settings_dict,
)
from qarargah.linkage.prepare import COLUMNS, features

Progress = Callable[[str, float], None]

# The stages ``progress`` reports, with the fraction done when each starts; Persian labels for
# the page that shows a running link.
STAGE_LABELS_FA: dict[str, str] = {
    "prepare": "آماده‌سازی و یکسان‌سازی سوابق",
    "train": "برآورد وزن‌ها (بدون برچسب)",
    "predict": "مقایسهٔ زوج‌های نامزد",
    "cluster": "خوشه‌بندی افراد و خانوارها",
    "done": "پایان پیوند",
}
Decision = tuple[str, str, str]
MatchClass = Literal["code", "auto", "review", "single", "manual"]

# Too few records for the model's parameters to be estimated from the data itself: the
# priors in model.py are used as they are.
MIN_RECORDS_TO_TRAIN = 200

# Expectation maximisation needs a few hundred thousand pairs, not all of them: above this
# many records it samples (pairs fall with the square of the share).
EM_RECORDS = 300_000

# Shorter normalised addresses («کرج», «خیابان اصلی») say nothing about a household.
MIN_HOUSEHOLD_ADDRESS = 12


@dataclass(frozen=True)
class LinkSettings:
    """Thresholds and engine knobs.

    ``auto_threshold``: match probability at or above which a pair links without a person;
    ``review_threshold``: at or above it (and below auto) the pair goes to the review queue;
    below it the records are distinct.  ``model`` is a trained model (``LinkResult.model``)
    to reuse instead of training again — the incremental mode passes it.
    """

    auto_threshold: float = 0.995
    review_threshold: float = 0.9
    seed: int = 1403
    u_max_pairs: float = 4e5
    # Share of records EM samples before blocking; None: all up to EM_RECORDS, then fewer.
    em_sample_proportion: float | None = None
    threads: int | None = None
    memory_limit: str | None = None
    model: dict[str, Any] | None = None
    train: bool = True


@dataclass(frozen=True)
class ReviewPair:
    key_a: str
    key_b: str
    probability: float
    match_weight: float
    # (Persian field label, agrees? (None: a value is missing), the field's match weight)
    contributions: list[tuple[str, bool | None, float]]


@dataclass
class LinkResult:
    clusters: dict[str, str]
    match: dict[str, MatchClass]
    review_pairs: list[ReviewPair]
    households: dict[str, str]
    seconds: float
    counts: dict[str, int]
    # The trained splink model (a settings dictionary); pass it back as LinkSettings.model.
    model: dict[str, Any] | None = None
    stages: dict[str, float] = field(default_factory=dict)
    # The prepared features of the records, in input order with their keys (a pyarrow table):
    # pass it to link_incremental(existing_features=...) so existing records are not prepared
    # again; store it beside the model (e.g. as Parquet) between runs.
    features: pa.Table | None = None


def _quiet_splink() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)


_SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("fn", pa.string()),
        ("fk", pa.bool_()),
        ("ln", pa.string()),
        ("fa", pa.string()),
        ("dob", pa.string()),
        ("byear", pa.int32()),
        ("bmonth", pa.int32()),
        ("bday", pa.int32()),
        ("sex", pa.string()),
        ("mob", pa.string()),
        ("code", pa.string()),
        ("addr", pa.string()),
        ("county", pa.string()),
        ("nb", pa.string()),
        ("head", pa.string()),
        ("key", pa.string()),
    ]
)
assert tuple(_SCHEMA.names) == COLUMNS


def _connect(settings: LinkSettings) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    if settings.threads:
        con.execute(f"SET threads = {int(settings.threads)}")
    if settings.memory_limit:
        con.execute("SET memory_limit = ?", [settings.memory_limit])
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    return con


class _Model:
    """A splink linker over one table of prepared records."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: pa.Table, settings: LinkSettings) -> None:
        from splink import DuckDBAPI, Linker

        _quiet_splink()
        self.con = con
        self.db_api = DuckDBAPI(con)
        self.sdf = self.db_api.register(table, table_name="records")
        model = copy.deepcopy(settings.model) if settings.model else settings_dict()
        self.linker = Linker(self.sdf, model, log_level=None)

    def train(self, settings: LinkSettings, n: int) -> None:
        training = self.linker.training
        training.estimate_probability_two_random_records_match(list(DETERMINISTIC_RULES), recall=0.7)
        training.estimate_u_using_random_sampling(
            max_pairs=settings.u_max_pairs, seed=settings.seed, min_count_per_level=None, num_chunks=1
        )
        for rule in EM_BLOCKING_RULES:
            training.estimate_parameters_using_expectation_maximisation(
                rule,
                estimate_without_term_frequencies=True,
                record_sample_proportion=(
                    settings.em_sample_proportion
                    if settings.em_sample_proportion is not None
                    else min(1.0, EM_RECORDS / max(n, 1))
                ),
            )

    def level_weights(self) -> dict[tuple[str, int], tuple[str, bool | None, float]]:
        """(comparison, gamma) → (Persian field label, agrees?, log2 Bayes factor)."""
        out: dict[tuple[str, int], tuple[str, bool | None, float]] = {}
        for comparison in self.linker._settings_obj.comparisons:
            name = comparison.output_column_name
            label = FIELD_LABELS_FA.get(name, name)
            for level in comparison.comparison_levels:
                gamma = level.comparison_vector_value
                if level.is_null_level:
                    out[(name, gamma)] = (label, None, 0.0)
                    continue
                try:
                    weight = float(level._log2_bayes_factor)
                except (TypeError, ValueError, ZeroDivisionError):
                    weight = 0.0
                if not math.isfinite(weight):
                    weight = 0.0
                out[(name, gamma)] = (label, weight > 0, round(weight, 2))
        return out

    def level_by_weight(self) -> dict[str, dict[float, int]]:
        """comparison → {level match weight: gamma}; null levels (weight 0) are left out."""
        out: dict[str, dict[float, int]] = {}
        for comparison in self.linker._settings_obj.comparisons:
            levels: dict[float, int] = {}
            for level in sorted(comparison.comparison_levels, key=lambda lv: -lv.comparison_vector_value):
                if level.is_null_level:
                    continue
                try:
                    weight = float(level._log2_bayes_factor)
                except (TypeError, ValueError, ZeroDivisionError):
                    continue
                levels.setdefault(weight, level.comparison_vector_value)
            out[comparison.output_column_name] = levels
        return out

    def comparison_names(self) -> list[str]:
        return [c.output_column_name for c in self.linker._settings_obj.comparisons]

    def model_dict(self) -> dict[str, Any]:
        return self.linker.misc.save_model_to_json()


def _table(
    records: Sequence[dict[str, Any]], existing: int = 0, existing_features: pa.Table | None = None
) -> pa.Table:
    """The prepared feature table; with ``existing_features`` only the records after the first
    ``existing`` are prepared, the rest reused once their keys are checked to be the same."""
    if existing_features is not None and existing:
        keys = [str(r["key"]) for r in records[:existing]]
        if existing_features.num_rows != existing or existing_features.column("key").to_pylist() != keys:
            raise ValueError("existing_features do not hold the existing records in the same order")
        head = existing_features.select(_SCHEMA.names).cast(_SCHEMA)
        tail = pa.table(features(list(records[existing:]), start=existing), schema=_SCHEMA)
        return pa.concat_tables([head, tail])
    return pa.table(features(list(records)), schema=_SCHEMA)


def _table_after(existing_features: pa.Table, new_records: Sequence[dict[str, Any]]) -> pa.Table:
    """Stored features of the existing records (any subset of an earlier run's, in any order)
    followed by the new records' prepared features; ``unique_id`` is numbered again from 0,
    the row index every later step uses."""
    n = existing_features.num_rows
    head = existing_features.select(_SCHEMA.names).cast(_SCHEMA)
    head = head.set_column(0, "unique_id", pa.array(range(n), type=pa.int64()))
    tail = pa.table(features(list(new_records), start=n), schema=_SCHEMA)
    return pa.concat_tables([head, tail]).combine_chunks()


@dataclass
class _Pairs:
    """Scored candidate pairs at or above the review threshold.

    ``auto``: (id_l, id_r) to link, most probable first; ``review``: rows of (id_l, id_r,
    probability, match weight, level per comparison…, weight per comparison…) for people."""

    auto: list[tuple[int, int]]
    review: list[tuple[Any, ...]]
    names: list[str]


# Family members are never linked, however much surname, father, mobile and address agree: a
# pair whose first names plainly differ (twins, siblings), whose birth dates are years apart
# (a parent and a child of the same name) or whose valid national codes differ is distinct; a
# pair whose sexes differ or whose first names are only near («مریم» / «مرضیه») goes to a
# person at most.  Levels count up from 0, a comparison's «else» level; first name level 1 is
# «near» (Jaro–Winkler ≥ 0.85).
DISTINCT_IF = ("g_fn = 0", "g_dob = 0", "g_code = 0")
REVIEW_IF = ("g_sex = 0", "g_fn = 1")


def _predict(model: _Model, settings: LinkSettings, sql_from: str | None = None) -> _Pairs:
    """Score candidate pairs (or read already scored ones from ``sql_from``) and split them.

    splink's output carries each comparison's match weight (``mw_x``, and ``mw_tf_adj_x`` for
    the term-frequency adjustment) but not the level; the level is read back from the weight,
    which is one value per level of a trained model.  The split is done in DuckDB so that a
    million records' pairs never pass through Python rows, only the links' ids do."""
    names = model.comparison_names()
    if sql_from is None:
        df = model.linker.inference.predict(threshold_match_probability=settings.review_threshold)
        sql_from = df.physical_name
    available = {d[0] for d in model.con.execute(f"SELECT * FROM {sql_from} LIMIT 0").description}
    level_of = model.level_by_weight()
    gamma_sql, weight_sql = [], []
    for n in names:
        cases = " ".join(
            f'WHEN abs("mw_{n}" - ({w!r})) < 1e-6 THEN {g}' for w, g in level_of[n].items() if w != 0.0
        )
        gamma_sql.append(f'CASE {cases} ELSE -1 END AS "g_{n}"')
        tf = f' + coalesce("mw_tf_adj_{n}", 0)' if f"mw_tf_adj_{n}" in available else ""
        weight_sql.append(f'"mw_{n}"{tf} AS "w_{n}"')
    con = model.con
    con.execute(
        "CREATE OR REPLACE TEMP TABLE scored AS SELECT unique_id_l AS l, unique_id_r AS r, "
        "match_probability AS p, match_weight AS w, "
        + ", ".join(gamma_sql + weight_sql)
        + f" FROM {sql_from}"
    )
    distinct = " OR ".join(DISTINCT_IF)
    to_review = " OR ".join(REVIEW_IF)
    auto_sql = f"p >= {float(settings.auto_threshold)!r} AND NOT ({to_review})"
    auto = con.sql(
        f"SELECT l, r FROM scored WHERE NOT ({distinct}) AND {auto_sql} ORDER BY p DESC, l, r"
    ).to_arrow_table()
    review = con.execute(
        "SELECT l, r, p, w, "
        + ", ".join([f'"g_{n}"' for n in names] + [f'"w_{n}"' for n in names])
        + f" FROM scored WHERE NOT ({distinct}) AND NOT ({auto_sql}) ORDER BY p DESC, l, r"
    ).fetchall()
    con.execute("DROP TABLE scored")
    pairs = list(zip(auto.column(0).to_pylist(), auto.column(1).to_pylist(), strict=True))
    return _Pairs(pairs, review, names)


def _decision_index(
    decisions: Iterable[Decision], index: dict[str, int]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], set[tuple[int, int]]]:
    links: list[tuple[int, int]] = []
    separations: list[tuple[int, int]] = []
    decided: set[tuple[int, int]] = set()
    # The latest decision on a pair wins (people may change their mind).
    latest: dict[tuple[int, int], str] = {}
    for a, b, verdict in decisions:
        if a not in index or b not in index or a == b:
            continue
        i, j = sorted((index[a], index[b]))
        latest[(i, j)] = verdict
    for pair, verdict in latest.items():
        decided.add(pair)
        if verdict == "link":
            links.append(pair)
        elif verdict == "separate":
            separations.append(pair)
        else:
            raise ValueError(f"unknown decision {verdict!r}: expected 'link' or 'separate'")
    return links, separations, decided


def _splits(group: list[int], separations: list[tuple[int, int]]) -> bool:
    members = set(group)
    return any(a in members and b in members for a, b in separations)


def _cluster(
    n: int,
    codes: list[str | None],
    pairs: _Pairs,
    decisions: Iterable[Decision],
    index: dict[str, int],
    settings: LinkSettings,
    initial: Iterable[Iterable[int]] = (),
    previous_match: Mapping[str, str] | None = None,
) -> tuple[Clusters, list[str], list[tuple[Any, ...]], set[tuple[int, int]]]:
    """Cluster and classify each record; returns the clusters, the class per record, the
    candidate review rows and the decided pairs."""
    clusters = Clusters(n, codes)
    how: list[str] = ["single"] * n
    if previous_match:
        for key, cls in previous_match.items():
            i = index.get(key)
            if i is not None:
                how[i] = cls
    links, separations, decided = _decision_index(decisions, index)
    # Previous people come back whole, except one a person has since separated inside: its
    # records start alone and rejoin through codes and this run's links.
    apart = {i for pair in separations for i in pair}
    groups = [list(g) for g in initial]
    clusters.join_groups([g for g in groups if not apart.intersection(g) or not _splits(g, separations)])
    for a, b in separations:
        clusters.forbid(a, b)
    for a, b in links:
        if clusters.union(a, b, manual=True):
            how[a] = how[b] = "manual"
    by_code: dict[str, int] = {}
    for i, code in enumerate(codes):
        if code is None:
            continue
        first = by_code.setdefault(code, i)
        if first != i and clusters.union(first, i):
            for x in (first, i):
                if how[x] in ("single", "review"):
                    how[x] = "code"
    for a, b in pairs.auto:
        if (a, b) in decided or (b, a) in decided:
            continue
        if clusters.union(a, b):
            if how[a] in ("single", "review"):
                how[a] = "auto"
            if how[b] in ("single", "review"):
                how[b] = "auto"
    review_rows = [row for row in pairs.review if (min(row[0], row[1]), max(row[0], row[1])) not in decided]
    return clusters, how, review_rows, decided


def _review_pairs(
    clusters: Clusters,
    how: list[str],
    rows: list[tuple[Any, ...]],
    keys: list[str],
    weights: dict[tuple[str, int], tuple[str, bool | None, float]],
    names: list[str],
) -> list[ReviewPair]:
    """One pair per two clusters still apart (the most probable), never a separated pair."""
    seen: set[tuple[int, int]] = set()
    out: list[ReviewPair] = []
    for row in rows:
        a, b, p, w = row[0], row[1], row[2], row[3]
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb:
            continue
        key = (ra, rb) if ra < rb else (rb, ra)
        if key in seen or clusters.separated(a, b):
            continue
        seen.add(key)
        k = len(names)
        contributions = [
            (weights[(name, int(g))][0], weights[(name, int(g))][1] if g != -1 else None, round(float(w), 2))
            for name, g, w in zip(names, row[4 : 4 + k], row[4 + k :], strict=True)
        ]
        out.append(ReviewPair(keys[a], keys[b], float(p), float(w), contributions))
        for x in (a, b):
            if how[x] == "single":
                how[x] = "review"
    return out


def _households(clusters: Clusters, codes: list[str | None], table: pa.Table) -> Clusters:
    """People grouped through the head's national code or a shared normalised address (in
    the same county; addresses shorter than MIN_HOUSEHOLD_ADDRESS say too little).

    A plain union–find over the people's roots (no constraints apply to households), grouped
    by key first so each group costs one union per member."""
    parent = clusters.roots()  # every record starts at its person's root

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    groups: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        if code is not None:
            groups.setdefault("c" + code, []).append(i)
    for i, head in enumerate(table.column("head").to_pylist()):
        if head:
            groups.setdefault("c" + head, []).append(i)
    addresses = table.column("addr").to_pylist()
    counties = table.column("county").to_pylist()
    for i, (addr, county) in enumerate(zip(addresses, counties, strict=True)):
        if addr is not None and len(addr) >= MIN_HOUSEHOLD_ADDRESS:
            groups.setdefault(f"a{county or ''}|{addr}", []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        root = find(members[0])
        for i in members[1:]:
            other = find(i)
            if other != root:
                parent[other] = root
    house = Clusters(0)
    house.parent = parent
    return house


def _ids(
    clusters: Clusters, keys: list[str], prefix: str = "", only: Sequence[int] | None = None
) -> dict[str, str]:
    """key → id of its cluster: the smallest key in it, so ids are stable from run to run.
    ``only``: the record indexes to answer for, whole clusters (an incremental run's)."""
    smallest: dict[int, str] = {}
    roots = clusters.roots()
    indexes = range(len(keys)) if only is None else only
    for i in indexes:
        root, key = roots[i], keys[i]
        current = smallest.get(root)
        if current is None or key < current:
            smallest[root] = key
    return {keys[i]: prefix + smallest[roots[i]] for i in indexes}


def _result(
    keys: list[str],
    clusters: Clusters,
    how: list[str],
    review: list[ReviewPair],
    codes: list[str | None],
    table: pa.Table,
    started: float,
    model: dict[str, Any] | None,
    stages: dict[str, float],
) -> LinkResult:
    house = _households(clusters, codes, table)
    cluster_of = _ids(clusters, keys)
    match: dict[str, MatchClass] = {keys[i]: how[i] for i in range(len(keys))}  # type: ignore[misc]
    return _link_result(cluster_of, match, review, _ids(house, keys, "h-"), started, model, stages, table)


def _link_result(
    clusters: dict[str, str],
    match: dict[str, MatchClass],
    review: list[ReviewPair],
    households: dict[str, str],
    started: float,
    model: dict[str, Any] | None,
    stages: dict[str, float],
    table: pa.Table,
) -> LinkResult:
    counts: dict[str, int] = {str(k): v for k, v in Counter(match.values()).items()}
    for name in ("code", "auto", "review", "single", "manual"):
        counts.setdefault(name, 0)
    return LinkResult(
        clusters=clusters,
        match=match,
        review_pairs=review,
        households=households,
        seconds=time.perf_counter() - started,
        counts=counts,
        model=model,
        stages=stages,
        features=table,
    )


def _rows_where(column: Any, values: Iterable[Any]) -> list[int]:
    """Row indexes whose value is one of ``values`` (vectorised: one pass in Arrow)."""
    wanted = list(values)
    if not wanted:
        return []
    mask = pc.is_in(column, value_set=pa.array(wanted, type=column.type))
    return pc.indices_nonzero(mask).to_pylist()


def _result_of_upload(
    keys: list[str],
    existing: int,
    codes: list[str | None],
    table: pa.Table,
    pairs: _Pairs,
    weights: dict[tuple[str, int], tuple[str, bool | None, float]],
    decisions: list[Decision],
    settings: LinkSettings,
    previous_clusters: Mapping[str, str],
    previous_match: Mapping[str, str],
) -> LinkResult:
    """Cluster an upload (records ``existing`` on) into the people of the existing records
    without walking the whole registry: only the records a new record can reach — through a
    scored pair or a shared national code — and every record of their earlier people are
    clustered; the result answers for the people that hold a new record or a record of a new
    review pair, and (households) for every record of the households those are in.  The same
    clusters and households as :func:`link_incremental` over all records, for the records it
    answers for."""
    started = time.perf_counter()
    n = len(keys)
    previous_l = [previous_clusters.get(k) if i < existing else None for i, k in enumerate(keys)]
    previous = pa.array(previous_l, type=pa.string())
    reached: set[int] = set(range(existing, n))
    for a, b in pairs.auto:
        reached.update((a, b))
    for row in pairs.review:
        reached.update((row[0], row[1]))
    new_codes = {c for c in codes[existing:] if c is not None}
    reached.update(_rows_where(table.column("code"), new_codes))
    # Whole earlier people: a cluster that takes one of their records takes them all.
    people = {previous_l[i] for i in reached} - {None}
    reached.update(_rows_where(previous, people))
    sub = sorted(reached)
    local = {g: i for i, g in enumerate(sub)}
    sub_keys = [keys[g] for g in sub]
    sub_index = {k: i for i, k in enumerate(sub_keys)}
    groups: dict[str, list[int]] = {}
    for i, g in enumerate(sub):
        cid = previous_l[g]
        if cid is not None:
            groups.setdefault(cid, []).append(i)
    sub_pairs = _Pairs(
        [(local[a], local[b]) for a, b in pairs.auto],
        [(local[row[0]], local[row[1]], *row[2:]) for row in pairs.review],
        pairs.names,
    )
    clusters, how, review_rows, _ = _cluster(
        len(sub),
        [codes[g] for g in sub],
        sub_pairs,
        decisions,
        sub_index,
        settings,
        groups.values(),
        {k: previous_match[k] for k in sub_keys if k in previous_match},
    )
    review = _review_pairs(clusters, how, review_rows, sub_keys, weights, pairs.names)
    # Answered: the people holding a new record or a record of a new review pair.
    roots = clusters.roots()
    hit = {roots[local[g]] for g in range(existing, n)}
    hit.update(roots[sub_index[k]] for pair in review for k in (pair.key_a, pair.key_b))
    # … and every record of an earlier person one of those held (a person split by a decision
    # made since answers for both parts).
    while True:
        answered = [i for i, root in enumerate(roots) if root in hit]
        earlier = {previous_l[sub[i]] for i in answered} - {None}
        more = {roots[i] for i, g in enumerate(sub) if previous_l[g] in earlier} - hit
        if not more:
            break
        hit |= more
    cluster_of = _ids(clusters, sub_keys, only=answered)
    match: dict[str, MatchClass] = {sub_keys[i]: how[i] for i in answered}  # type: ignore[misc]
    households = _households_of(keys, table, previous, previous_l, sub, roots, answered)
    return _link_result(cluster_of, match, review, households, started, None, {}, table)


def _households_of(
    keys: list[str],
    table: pa.Table,
    previous: pa.Array,
    previous_l: list[str | None],
    sub: list[int],
    sub_roots: list[int],
    answered: list[int],
) -> dict[str, str]:
    """Households (as :func:`_households`) of the answered records and of every record sharing
    a household with them, found by widening from those records — through a person, a national
    code (own or head's) or an address — in passes over Arrow columns, not by a union over the
    whole registry: the Python work is proportional to the households reached."""
    code_col, head_col = table.column("code"), table.column("head")
    long_address = pc.greater_equal(pc.utf8_length(table.column("addr")), MIN_HOUSEHOLD_ADDRESS)
    address_col = pc.if_else(
        long_address,
        pc.binary_join_element_wise(pc.fill_null(table.column("county"), ""), table.column("addr"), "|"),
        pa.scalar(None, type=pa.string()),
    )
    local = {g: i for i, g in enumerate(sub)}
    by_root: dict[int, list[int]] = {}
    for i, root in enumerate(sub_roots):
        by_root.setdefault(root, []).append(sub[i])
    values: dict[int, tuple[str | None, str | None, str | None]] = {}

    def read(rows: list[int]) -> None:
        at = pa.array(rows, type=pa.int64())
        for g, code, head, address in zip(
            rows,
            code_col.take(at).to_pylist(),
            head_col.take(at).to_pylist(),
            address_col.take(at).to_pylist(),
            strict=True,
        ):
            values[g] = (code or None, head or None, address)

    frontier = sorted({sub[i] for i in answered})
    seen = set(frontier)
    while frontier:
        read(frontier)
        code_keys = {v for g in frontier for v in values[g][:2] if v}
        address_keys = {values[g][2] for g in frontier} - {None}
        found = set(_rows_where(code_col, code_keys)) | set(_rows_where(head_col, code_keys))
        found.update(_rows_where(address_col, address_keys))
        found.update(_rows_where(previous, {previous_l[g] for g in frontier} - {None}))
        for root in {sub_roots[local[g]] for g in frontier if g in local}:
            found.update(by_root[root])
        frontier = sorted(found - seen)
        seen.update(frontier)

    def person(g: int) -> tuple[str, Any]:
        # A record the upload re-clustered belongs to its new person; any other to its old.
        if g in local:
            return ("s", sub_roots[local[g]])
        cid = previous_l[g]
        return ("p", cid) if cid is not None else ("r", g)

    members = sorted(seen)
    house = Clusters(len(members))
    first: dict[tuple[str, Any], int] = {}
    for i, g in enumerate(members):
        code, head, address = values[g]
        labels = [person(g)]
        if code:
            labels.append(("c", code))
        if head:
            labels.append(("c", head))
        if address is not None:
            labels.append(("a", address))
        for label in labels:
            other = first.setdefault(label, i)
            if other != i:
                house.union(other, i)
    return _ids(house, [keys[g] for g in members], "h-")


def link_records(
    records: list[dict[str, Any]],
    *,
    decisions: Iterable[Decision] = (),
    settings: LinkSettings | None = None,
    progress: Progress | None = None,
) -> LinkResult:
    """Link person records into people: one cluster id per record, the class of each link,
    the review queue and households.  Pure: the caller stores the result.

    ``decisions`` are people's (key_a, key_b, 'link' | 'separate'), always honoured: a link
    joins the two people, a separation keeps them apart even against a shared national code.
    ``LinkResult.model`` is the trained model; pass it back as ``LinkSettings(model=...)`` to
    skip training, e.g. in :func:`link_incremental`."""
    return _run(records, 0, decisions, settings or LinkSettings(), progress, {}, {}, None)


def link_incremental(
    new_records: list[dict[str, Any]],
    existing_records: list[dict[str, Any]],
    previous_clusters: Mapping[str, str],
    *,
    previous_match: Mapping[str, str] | None = None,
    decisions: Iterable[Decision] = (),
    settings: LinkSettings | None = None,
    progress: Progress | None = None,
    existing_features: pa.Table | None = None,
) -> LinkResult:
    """Link an upload against the people already in the registry, without redoing them.

    ``existing_features`` (``LinkResult.features`` of the run that linked ``existing_records``,
    same records in the same order — checked by key) skips preparing them again.

    Only pairs that involve a new record are scored (new × existing through the same blocking
    rules, and new × new); the existing people (``previous_clusters``: key → cluster id) are
    kept as they are — never split — and a new record may join one of them, or join two of
    them into one when it links to both (unless codes or a person's separation forbid it).
    Use the model of the last full run (``LinkSettings(model=result.model)``): without one
    the model is trained again on all the records, which costs as much as a full run.

    The result covers every record: existing ones keep their cluster (or the merged one) and
    their ``previous_match`` class unless a new link upgrades a 'single'; ``review_pairs``
    holds only pairs with a new record (the earlier queue stays as the caller stored it).
    """
    previous_match = previous_match or {}
    return _run(
        [*existing_records, *new_records],
        len(existing_records),
        decisions,
        settings or LinkSettings(),
        progress,
        previous_clusters,
        previous_match,
        existing_features,
    )


def link_new(
    new_records: list[dict[str, Any]],
    existing_features: pa.Table,
    previous_clusters: Mapping[str, str],
    *,
    previous_match: Mapping[str, str] | None = None,
    decisions: Iterable[Decision] = (),
    settings: LinkSettings | None = None,
    progress: Progress | None = None,
) -> LinkResult:
    """:func:`link_incremental` for a registry that keeps its records in a database: the
    existing records are given only by their prepared features (``LinkResult.features`` of
    earlier runs, any subset in any order: rows of records changed or deleted since are left
    out by the caller), and the result answers only for the records it may have changed — the
    new records and every record of a person one of them joined (``clusters``, ``match``), and
    every record of a household one of those is in (``households``).  The caller leaves every
    other record as it is, so the work after scoring is proportional to the upload, not to
    the registry."""
    keys = [str(k) for k in existing_features.column("key").to_pylist()]
    return _run(
        list(new_records),
        len(keys),
        decisions,
        settings or LinkSettings(),
        progress,
        previous_clusters,
        previous_match or {},
        existing_features,
        existing_keys=keys,
    )


def _score_incremental(model: _Model, settings: LinkSettings, existing: int) -> str:
    """Score new × existing and new × new pairs; returns the table holding both."""
    con, linker, db_api = model.con, model.linker, model.db_api
    physical = model.sdf.physical_name
    con.execute(
        f"CREATE OR REPLACE TABLE inc_existing AS SELECT * FROM {physical} WHERE unique_id < {existing}"
    )
    con.execute(f"CREATE OR REPLACE TABLE inc_new AS SELECT * FROM {physical} WHERE unique_id >= {existing}")
    existing_sdf = db_api.register("inc_existing", table_name="existing_records")
    new_sdf = db_api.register("inc_new", table_name="new_records")
    # Term frequencies come from all records, as in a full run.
    for column in ("fn", "ln", "fa"):
        linker.table_management.compute_tf_table(column)
    threshold = settings.review_threshold
    parts = []
    if existing:
        between = linker.inference.predict_between(
            new_sdf, existing_sdf, threshold_match_probability=threshold, warning_mode="never"
        )
        parts.append(between.physical_name)
    within = linker.inference.predict_within(
        new_sdf, threshold_match_probability=threshold, warning_mode="never"
    )
    parts.append(within.physical_name)
    con.execute(
        "CREATE OR REPLACE TABLE inc_pairs AS "
        + " UNION ALL BY NAME ".join(f"SELECT * FROM {p}" for p in parts)
    )
    return "inc_pairs"


def _run(
    records: list[dict[str, Any]],
    existing: int,
    decisions: Iterable[Decision],
    settings: LinkSettings,
    progress: Progress | None,
    previous_clusters: Mapping[str, str],
    previous_match: Mapping[str, str],
    existing_features: pa.Table | None,
    *,
    existing_keys: list[str] | None = None,
) -> LinkResult:
    # The cyclic garbage collector would walk the caller's million record dicts again and
    # again while linking allocates its lists and dicts (nothing here makes cycles), and the
    # cost grows with the caller's heap: paused for the run (−14 % CPU on 200,000 records).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_linking(
            records,
            existing,
            decisions,
            settings,
            progress,
            previous_clusters,
            previous_match,
            existing_features,
            existing_keys,
        )
    finally:
        if was_enabled:
            gc.enable()


def _run_linking(
    records: list[dict[str, Any]],
    existing: int,
    decisions: Iterable[Decision],
    settings: LinkSettings,
    progress: Progress | None,
    previous_clusters: Mapping[str, str],
    previous_match: Mapping[str, str],
    existing_features: pa.Table | None,
    existing_keys: list[str] | None = None,
) -> LinkResult:
    """``records``: all of them, or — with ``existing_keys`` (the keys of ``existing_features``,
    :func:`link_new`) — only the new ones."""
    started = time.perf_counter()
    report: Progress = progress or (lambda stage, fraction: None)
    stages: dict[str, float] = {}
    features_only = existing_keys is not None
    keys = (
        (existing_keys or []) + [str(r["key"]) for r in records]
        if features_only
        else [str(r["key"]) for r in records]
    )
    index = {k: i for i, k in enumerate(keys)}
    if len(index) != len(keys):
        raise ValueError("record keys must be unique")
    decisions = list(decisions)
    report("prepare", 0.0)
    t = time.perf_counter()
    if features_only and existing_features is not None:
        table = _table_after(existing_features, records)
    else:
        table = _table(records, existing, existing_features)
    codes: list[str | None] = table.column("code").to_pylist()
    stages["prepare"] = time.perf_counter() - t
    # The model given is the model of the result even when nothing is scored (an upload with no
    # new record), so a caller that stores it for the next run does not lose it.
    model_dict: dict[str, Any] | None = copy.deepcopy(settings.model) if settings.model else None
    if len(keys) >= 2 and existing < len(keys):
        con = _connect(settings)
        try:
            model = _Model(con, table, settings)
            if settings.model is None and settings.train and len(keys) >= MIN_RECORDS_TO_TRAIN:
                report("train", 0.15)
                t = time.perf_counter()
                model.train(settings, len(keys))
                stages["train"] = time.perf_counter() - t
            report("predict", 0.4)
            t = time.perf_counter()
            scored = _score_incremental(model, settings, existing) if existing else None
            pairs = _predict(model, settings, scored)
            stages["predict"] = time.perf_counter() - t
            weights = model.level_weights()
            model_dict = model.model_dict()
        finally:
            con.close()
    else:
        pairs, weights = _Pairs([], [], []), {}
    report("cluster", 0.85)
    t = time.perf_counter()
    if features_only:
        result = _result_of_upload(
            keys,
            existing,
            codes,
            table,
            pairs,
            weights,
            decisions,
            settings,
            previous_clusters,
            previous_match,
        )
        result.model, result.stages = model_dict, stages
    else:
        groups: dict[str, list[int]] = {}
        for i in range(existing):
            cid = previous_clusters.get(keys[i])
            if cid is not None:
                groups.setdefault(cid, []).append(i)
        clusters, how, review_rows, _ = _cluster(
            len(keys), codes, pairs, decisions, index, settings, groups.values(), previous_match
        )
        review = _review_pairs(clusters, how, review_rows, keys, weights, pairs.names)
        result = _result(keys, clusters, how, review, codes, table, started, model_dict, stages)
    stages["cluster"] = time.perf_counter() - t
    report("done", 1.0)
    result.seconds = time.perf_counter() - started
    return result
