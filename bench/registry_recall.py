"""Where the registry linkage loses recall: every missed true pair, by reason.

    PYTHONPATH=$PWD .venv/bin/python bench/registry_recall.py [--people 20000] [--seed 9]
        [--variant] [--threads 2] [--examples 0]

Generates people (the main generator, or the independently written variant), links all the
records in one full run (training included), then, for every true pair of records the final
clusters keep apart, finds out why:

- ``never compared``: no blocking rule puts the two records together (and they do not share a
  valid national code) — blocking recall is lost here and no weight can win it back;
- ``guarded distinct``: scored, but a family guard (first names «else», birth dates years apart,
  two valid codes) makes the pair distinct whatever its probability;
- ``below review``: scored under the review threshold;
- ``in review``: between the thresholds (or held there by the sex / «near» first-name guard) —
  a person decides, but it is not a link yet;
- ``cluster split``: linked automatically, yet kept apart in clustering (two valid codes in the
  two clusters, usually one mistyped into another valid code).

Also printed: blocking recall (true pairs compared or sharing a code, over all true pairs), the
number of pairs compared, and the commonest comparison-level patterns of the pairs scored but
missed (so a weak comparison shows up by name).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow as pa

from qarargah.linkage import LinkSettings, link_records
from qarargah.linkage.engine import DISTINCT_IF, REVIEW_IF, _connect, _Model, _table
from qarargah.linkage.evaluate import evaluate
from qarargah.linkage.model import BLOCKING_RULES
from qarargah.linkage.synthetic import clean_records, generate, truth
from qarargah.linkage.synthetic_variant import generate_variant


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _true_pairs(keys: list[str], true: dict[str, str]) -> list[tuple[int, int]]:
    by_person: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        by_person.setdefault(true[k], []).append(i)
    return [(a, b) for members in by_person.values() for x, a in enumerate(members) for b in members[x + 1 :]]


def diagnose(
    records: list[dict[str, Any]], true: dict[str, str], settings: LinkSettings, examples: int
) -> None:
    started = time.perf_counter()
    result = link_records(records, settings=settings)
    seconds = time.perf_counter() - started
    accuracy = evaluate(result, true, records)
    for line in accuracy.lines():
        print(line)
    print(
        f"link {len(records):,} records: {seconds:.1f} s wall; stages",
        {k: round(v, 1) for k, v in result.stages.items()},
    )

    keys = [str(r["key"]) for r in records]
    pairs = _true_pairs(keys, true)
    table = _table(records)
    codes = table.column("code").to_pylist()
    con = _connect(settings)
    model = _Model(con, table, LinkSettings(model=result.model, threads=settings.threads))
    con.register("true_pairs_arrow", pa.table({"l": [a for a, _ in pairs], "r": [b for _, b in pairs]}))
    con.execute("CREATE TEMP TABLE true_pairs AS SELECT * FROM true_pairs_arrow")
    physical = model.sdf.physical_name
    blocked_sql = " OR ".join(f"({rule})" for rule in BLOCKING_RULES)
    # Which true pairs any blocking rule compares (a NULL key never joins, as in splink).
    blocked = {
        (a, b)
        for a, b in con.execute(
            f"SELECT t.l, t.r FROM true_pairs t JOIN {physical} l ON l.unique_id = t.l "
            f"JOIN {physical} r ON r.unique_id = t.r WHERE coalesce({blocked_sql}, false)"
        ).fetchall()
    }
    per_rule = []
    for rule in BLOCKING_RULES:
        n = con.execute(
            f"SELECT count(*) FROM true_pairs t JOIN {physical} l ON l.unique_id = t.l "
            f"JOIN {physical} r ON r.unique_id = t.r WHERE coalesce({rule}, false)"
        ).fetchall()[0][0]
        per_rule.append((rule, n))
    same_code = {(a, b) for a, b in pairs if codes[a] is not None and codes[a] == codes[b]}
    reachable = blocked | same_code
    print(
        f"true pairs {len(pairs):,}; compared by a blocking rule {len(blocked):,}; "
        f"blocking recall (compared or same code) {len(reachable) / max(len(pairs), 1):.4f}"
    )
    for rule, n in per_rule:
        print(f"  {n:>8,}  {rule}")

    # Every candidate pair the blocking rules generate, scored (no threshold): the count is the
    # comparisons a run makes; the true ones among them give each pair's probability and levels.
    predictions = model.linker.inference.predict(threshold_match_probability=None)
    compared = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchall()[0][0]
    print(f"pairs compared (all blocking rules, deduplicated): {compared:,}")
    names = model.comparison_names()
    level_of = model.level_by_weight()
    gamma_sql = []
    for n in names:
        cases = " ".join(
            f'WHEN abs("mw_{n}" - ({w!r})) < 1e-6 THEN {g}' for w, g in level_of[n].items() if w != 0.0
        )
        gamma_sql.append(f'CASE {cases} ELSE -1 END AS "g_{n}"')
    con.execute(
        "CREATE TEMP TABLE scored AS SELECT unique_id_l AS l, unique_id_r AS r, match_probability AS p, "
        + ", ".join(gamma_sql)
        + f" FROM {predictions.physical_name} s JOIN true_pairs t ON s.unique_id_l = t.l AND s.unique_id_r = t.r"
    )
    distinct = " OR ".join(DISTINCT_IF)
    review_guard = " OR ".join(REVIEW_IF)
    rows = con.execute(
        f"SELECT l, r, p, ({distinct}) AS d, ({review_guard}) AS g, "
        + ", ".join(f'"g_{n}"' for n in names)
        + " FROM scored"
    ).fetchall()
    scored = {(row[0], row[1]): row for row in rows}
    # Calibration: for the level patterns of compared pairs, how many pairs show it, the share
    # that are truly one person, and the model's mean probability — a pattern whose true share
    # is far above its probability is a comparison the model undervalues.
    con.register(
        "persons_arrow", pa.table({"uid": list(range(len(keys))), "person": [true[k] for k in keys]})
    )
    con.execute(
        "CREATE TEMP TABLE calib AS SELECT "
        + ", ".join(gamma_sql)
        + ", match_probability AS p, (pl.person = pr.person) AS same"
        + f" FROM {predictions.physical_name} s JOIN persons_arrow pl ON pl.uid = s.unique_id_l"
        + " JOIN persons_arrow pr ON pr.uid = s.unique_id_r"
    )
    calibration = con.execute(
        "SELECT "
        + ", ".join(f'"g_{n}"' for n in names)
        + ", count(*), avg(same::int), avg(p), min(p), max(p) "
        "FROM calib GROUP BY ALL HAVING count(*) >= 20 ORDER BY count(*) DESC"
    ).fetchall()
    calibration_of = {tuple(row[: len(names)]): row[len(names) :] for row in calibration}
    con.close()

    columns = {c: table.column(c).to_pylist() for c in ("fn", "ln", "fa", "dob", "byear", "mob")}

    def signature(a: int, b: int) -> str:
        out = []
        for c, values in columns.items():
            x, y = values[a], values[b]
            out.append(f"{c}" + ("·" if x is None or y is None else "=" if x == y else "≠"))
        return " ".join(out)

    unblocked: Counter[str] = Counter()
    cluster = result.clusters
    reasons: Counter[str] = Counter()
    patterns: dict[str, Counter[tuple[Any, ...]]] = {}
    shown: Counter[str] = Counter()
    missed = 0
    for a, b in pairs:
        if cluster[keys[a]] == cluster[keys[b]]:
            continue
        missed += 1
        row = scored.get((a, b)) or scored.get((b, a))
        if row is None:
            reason = "never compared"
            unblocked[signature(a, b)] += 1
        else:
            p, is_distinct, guarded = row[2], row[3], row[4]
            if is_distinct:
                reason = "guarded distinct"
            elif p >= settings.auto_threshold and not guarded:
                reason = "cluster split"
            elif p >= settings.review_threshold or (guarded and p >= settings.auto_threshold):
                reason = "in review"
            else:
                reason = "below review"
            patterns.setdefault(reason, Counter())[tuple(row[5:])] += 1
        reasons[reason] += 1
        if shown[reason] < examples:
            shown[reason] += 1
            fields = (
                "first_name",
                "last_name",
                "father_name",
                "birth_date",
                "sex",
                "mobile",
                "national_code",
            )
            print(f"  [{reason}] p={row[2] if row else None}")
            for x in (a, b):
                print("     ", " | ".join(str(records[x].get(f) or "·") for f in fields))
    print(f"missed true pairs {missed:,} ({missed / max(len(pairs), 1):.2%} of true pairs):")
    for reason, n in reasons.most_common():
        print(f"  {n:>7,}  {n / max(len(pairs), 1):.2%}  {reason}")
    print("never compared, by field (= same, ≠ differs, · missing on a side):")
    for sig, n in unblocked.most_common(12):
        print(f"  {n:>6,}  {sig}")
    print("commonest level patterns of scored missed pairs (" + ", ".join(names) + "; -1 = null):")
    for reason, counter in patterns.items():
        for pattern, n in counter.most_common(6):
            c = calibration_of.get(pattern)
            extra = (
                f"   compared {c[0]:>7,}, truly one person {c[1]:.3f}, model p {c[2]:.3f} ({c[3]:.3f}–{c[4]:.3f})"
                if c
                else ""
            )
            print(f"  {reason:<17} {n:>6,}  {pattern}{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--sources", type=int, default=6)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--variant", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--examples", type=int, default=0, help="missed pairs to print per reason")
    args = parser.parse_args()
    make = generate_variant if args.variant else generate
    print(
        f"{'variant' if args.variant else 'main'} generator, {args.people:,} people, seed {args.seed}; {_load()}"
    )
    rows = make(args.people, args.sources, args.seed)
    records = clean_records(rows)
    true = truth(rows)
    diagnose(records, true, LinkSettings(threads=args.threads), args.examples)
    print(_load())


if __name__ == "__main__":
    main()
