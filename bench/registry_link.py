"""Benchmark the registry's record linkage: generate → read → link → evaluate, then an
incremental upload against the people just linked.

    .venv/bin/python bench/registry_link.py [--records 1000000] [--sources 6] [--seed 1403]
        [--incremental 10000] [--variant] [--threads 2] [--json]

Generates about ``--records`` agency rows with known true people (``qarargah.linkage.
synthetic``, or the independently written ``synthetic_variant`` with ``--variant``), reads
them into clean records as the importer would (national-code checksum, Jalali → Gregorian,
sex, mobile), links all but the last ``--incremental`` records in one full run (training
included), then links the last ``--incremental`` records against them with
``link_new`` (as the registry app does: the trained model, the full run's prepared features,
and a result only for the records the upload may have changed).  Prints wall and CPU seconds per step, the
engine's stages, pairwise precision/recall (overall and for pairs where the national code is
missing or wrong), the review-queue share, peak memory (ru_maxrss of this process, DuckDB
included) and the machine load (`uptime`) — the machine is shared, so say the load beside
the figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qarargah.linkage import LinkSettings, link_new, link_records
from qarargah.linkage.evaluate import evaluate
from qarargah.linkage.synthetic import clean_records, generate, truth
from qarargah.linkage.synthetic_variant import generate_variant

# Rows per true person: the mean of the appearance distribution (1–4 sources each).
ROWS_PER_PERSON = {False: 2.22, True: 2.25}


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Clock:
    def __init__(self) -> None:
        self.figures: dict[str, Any] = {}

    def step(self, name: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn(*args, **kwargs)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        self.figures[name] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}
        print(f"{name:<28} {wall:8.1f} s wall {cpu:8.1f} s CPU   ({_load()})", flush=True)
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--sources", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1403)
    parser.add_argument("--incremental", type=int, default=10_000)
    parser.add_argument("--variant", action="store_true", help="the independently written generator")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads (the target is 2 cores)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    clock = _Clock()
    people = max(10, round(args.records / ROWS_PER_PERSON[args.variant]))
    make = generate_variant if args.variant else generate
    print(f"{'variant' if args.variant else 'main'} generator, {people:,} people, {_load()}")
    rows = clock.step("generate", make, people, args.sources, args.seed)
    records = clock.step("read (importer's parsing)", clean_records, rows)
    true = truth(rows)
    del rows
    settings = LinkSettings(threads=args.threads)
    cut = len(records) - min(args.incremental, len(records) // 2)
    existing, new = records[:cut], records[cut:]
    full = clock.step(f"link {len(existing):,} (full)", link_records, existing, settings=settings)
    print("  stages:", {k: round(v, 1) for k, v in full.stages.items()}, "counts:", full.counts)
    # As the registry app does: the existing records only as the full run's stored features,
    # the result only for the records the upload may have changed.
    inc = clock.step(
        f"link {len(new):,} incremental",
        link_new,
        new,
        full.features,
        full.clusters,
        previous_match=full.match,
        settings=LinkSettings(threads=args.threads, model=full.model),
    )
    print(
        "  stages:",
        {k: round(v, 1) for k, v in inc.stages.items()},
        f"answered for {len(inc.clusters):,} records ({len(inc.households):,} with households)",
    )
    # Every record's final state: the full run's, overwritten where the upload changed it.
    inc.clusters = {**full.clusters, **inc.clusters}
    inc.match = {**full.match, **inc.match}
    inc.households = {**full.households, **inc.households}
    accuracy = evaluate(inc, true, records)
    for line in accuracy.lines():
        print(line)
    print(f"peak memory {_peak_mb():,.0f} MB (this process, DuckDB included); {_load()}")
    if args.json:
        print(
            json.dumps(
                {
                    "records": len(records),
                    "steps": clock.figures,
                    "full_stages": full.stages,
                    "incremental_stages": inc.stages,
                    "accuracy": accuracy.__dict__,
                    "peak_mb": round(_peak_mb()),
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
