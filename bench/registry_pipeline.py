"""The registry's whole pipeline through its real commands (issue 15): agencies' files loaded
with `qarargah registry import`, linked with `qarargah registry link`, then an incremental file
loaded and linked again.

    .venv/bin/python bench/registry_pipeline.py [--records 200000] [--sources 6] [--seed 1403]
        [--incremental 10000] [--db sqlite|postgres] [--pg-name qarargah_bench_registry]
        [--province alborz] [--no-link] [--jobs 1] [--json]

1. **Files.** ``qarargah.linkage.synthetic.generate`` (people = (records + incremental) / 2.22,
   the mean number of lists a person is on; / 1 with ``--sources 1``) makes the agencies' rows as they send them: Jalali
   dates as text in five layouts, Persian, Arabic-Indic or Latin digits, codes with dashes or
   without their leading zeros, mobiles as 09…, +989…, 989…, «مرد/زن», «م/ز», «1/2», Arabic
   letters, typos. The last ``--incremental`` rows (the list is shuffled) are held out; the
   others become one CSV per agency with the standard English headers (``reading.FIELDS``,
   what ``qarargah.registries.synthetic.rows_as_csv`` writes), and the held-out rows a 7th file
   (none with ``--incremental 0``).
   The generator's counties are Alborz's own (the demo registry), so the files name them as
   they are. Files are kept under ``var/bench/registry-pipeline/<key>/`` and reused.
2. **Database.** A fresh one each run: ``var/bench/registry-pipeline.sqlite3`` or the
   PostgreSQL database ``--pg-name`` (dropped and created), migrated, with the organisation
   registry of the demo (provinces, counties, target neighbourhoods; no users, no lists).
   Settings as in production apart from ``DATABASE_URL`` (``bench/load.py``'s ``env_for``: no
   ``QARARGAH_TESTING``, ``DEBUG=false``).
3. **Steps**, each the real command in a new process (start-up included): ``registry import``
   of each file into its own source, ``registry link --province``, then the 7th file imported
   into a new source and ``registry link`` again (the model trained by the first run reused).
   ``--jobs 2`` imports two files at once (each command is one Python process on one core;
   SQLite serialises only their short write transactions).
   For each: wall and CPU seconds and peak memory of the process (``os.wait4``: user + system
   time and ru_maxrss of that child, DuckDB's threads included), the counts it printed, and
   the load average before and after — the machine is shared, so say it beside the figure.

Prints a table (Markdown) and, with ``--json``, the figures as JSON; both are also written to
``var/bench/registry-pipeline-<db>-<records>-<time>.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import load  # bench/load.py: databases, the production-like environment, the machine

INCREMENTAL_SOURCE = "فهرست تکمیلی"
SETUP_CODE = """
import django
django.setup()
from qarargah.demo.loader import load_registry
load_registry(lambda _line: None)
"""


def uptime() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


# --- files --------------------------------------------------------------------------------------


def write_files(args: argparse.Namespace) -> tuple[list[tuple[str, Path, int]], tuple[str, Path, int]]:
    """The agencies' files (source name, path, rows) and the incremental one; made once per key."""
    from qarargah.linkage.synthetic import APPEARANCES, generate
    from qarargah.registries.reading import FIELDS

    key = f"r{args.records}-s{args.sources}-seed{args.seed}-inc{args.incremental}"
    folder = load.BENCH_DIR / "registry-pipeline" / key
    manifest = folder / "manifest.json"
    if manifest.exists():
        listed = json.loads(manifest.read_text())
        print(f"files: reusing {folder}", flush=True)
    else:
        folder.mkdir(parents=True, exist_ok=True)
        # Rows per person: the generator's appearances (1–4 lists), capped by the number of lists.
        per_person = sum(min(k, args.sources) * w for k, w in APPEARANCES) / sum(w for _, w in APPEARANCES)
        people = max(10, round((args.records + args.incremental) / per_person))
        started = time.monotonic()
        rows = generate(people=people, sources=args.sources, seed=args.seed)
        cut = len(rows) - min(args.incremental, len(rows) // 2)
        by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows[:cut]:
            by_source[str(row["source"])].append(row)
        files = [(name, by_source[name]) for name in sorted(by_source)]
        files.append((INCREMENTAL_SOURCE, rows[cut:]))
        listed = []
        for i, (name, source_rows) in enumerate(files, start=1):
            path = folder / f"list-{i}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(FIELDS)
                for row in source_rows:
                    writer.writerow([row.get(field, "") for field in FIELDS])
            listed.append([name, path.name, len(source_rows)])
        manifest.write_text(json.dumps(listed, ensure_ascii=False))
        print(
            f"files: {len(rows):,} rows of {people:,} people written to {folder} "
            f"in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        del rows, by_source, files
    entries = [(name, folder / file, int(n)) for name, file, n in listed]
    return entries[:-1], entries[-1]


# --- database -----------------------------------------------------------------------------------


def fresh_database(args: argparse.Namespace) -> str:
    if args.db == "sqlite":
        path = load.BENCH_DIR / "registry-pipeline.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        name = args.pg_name
        load._psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        load._psql(f'CREATE DATABASE "{name}"')
        url = f"{load.PG_SERVER}/{name}"
    load._migrate(url)
    subprocess.run(
        [sys.executable, "-c", SETUP_CODE],
        env={**load.env_for(url), "DJANGO_SETTINGS_MODULE": "qarargah.config.settings"},
        check=True,
    )
    return url


# --- steps --------------------------------------------------------------------------------------

_COUNT = re.compile(r"\b([a-z_]+)=([0-9.]+)\b")


def run_step(name: str, argv: list[str], url: str, rows: int) -> dict[str, Any]:
    """Run one command in a new process; its wall and CPU time, peak memory and printed counts."""
    before = uptime()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([*load.QARARGAH, *argv], env=load.env_for(url), stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        sys.exit(f"{name}: exit code {proc.returncode}\n{stdout}\n{stderr[-3000:]}")
    counts: dict[str, float] = {}
    for line in stdout.splitlines():
        counts.update({k: float(v) for k, v in _COUNT.findall(line)})
    cpu = usage.ru_utime + usage.ru_stime
    step = {
        "step": name,
        "rows": rows,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "user_s": round(usage.ru_utime, 2),
        "sys_s": round(usage.ru_stime, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "counts": {k: (int(v) if v.is_integer() else v) for k, v in counts.items()},
        "load_before": before,
        "load_after": uptime(),
    }
    print(
        f"{name:<34} {wall:7.1f} s wall {cpu:7.1f} s CPU {step['peak_mb']:6,} MB  "
        f"{' '.join(f'{k}={v}' for k, v in step['counts'].items())}  (load {before} → {step['load_after']})",
        flush=True,
    )
    return step


def import_step(label: str, name: str, path: Path, rows: int, url: str, province: str) -> dict[str, Any]:
    return run_step(
        f"import {label} ({rows:,} rows)",
        ["registry", "import", str(path), "--province", province, "--source", name],
        url,
        rows,
    )


def totals(name: str, steps: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "step": name,
        "rows": sum(s["rows"] for s in steps if s["step"].startswith("import")),
        "wall_s": round(sum(s["wall_s"] for s in steps), 2),
        "cpu_s": round(sum(s["cpu_s"] for s in steps), 2),
        "peak_mb": max(s["peak_mb"] for s in steps),
        "counts": {
            key: sum(s["counts"].get(key, 0) for s in steps)
            for key in ("loaded", "updated", "unchanged", "quarantined")
            if any(key in s["counts"] for s in steps)
        },
    }


def table(steps: list[dict[str, Any]]) -> str:
    lines = [
        "| step | rows | loaded · updated · unchanged · quarantined | wall s | CPU s | rows/s (wall) | rows per CPU s | peak MB | load before → after |",
        "|---|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for s in steps:
        c = s["counts"]
        counts = (
            " · ".join(f"{c.get(k, 0):,}" for k in ("loaded", "updated", "unchanged", "quarantined"))
            if "loaded" in c
            else " ".join(f"{k}={v:,}" for k, v in c.items() if k != "seconds")
        )
        importing = not s["step"].startswith("link")
        rate = f"{s['rows'] / s['wall_s']:,.0f}" if importing and s["wall_s"] else ""
        per_cpu = f"{s['rows'] / s['cpu_s']:,.0f}" if importing and s["cpu_s"] else ""
        load_span = f"{s['load_before']} → {s['load_after']}" if "load_before" in s else ""
        lines.append(
            f"| {s['step']} | {s['rows']:,} | {counts} | {s['wall_s']:.1f} | {s['cpu_s']:.1f} | {rate} | "
            f"{per_cpu} | {s['peak_mb']:,} | {load_span} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=200_000, help="rows of the six files together")
    parser.add_argument("--sources", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1403)
    parser.add_argument("--incremental", type=int, default=10_000, help="rows of the 7th file")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-name", default="qarargah_bench_registry", help="PostgreSQL database (dropped!)")
    parser.add_argument("--province", default="alborz")
    parser.add_argument("--no-link", action="store_true", help="imports only (the importer's figures)")
    parser.add_argument(
        "--jobs", type=int, default=1, help="import this many of the six files at once (one process each)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    print(f"registry pipeline on {args.db}, {args.records:,} + {args.incremental:,} rows; load {uptime()}")
    files, extra = write_files(args)
    url = fresh_database(args)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:  # one command per file, --jobs at once
        steps = list(
            pool.map(
                lambda item: import_step(f"list {item[0]}", *item[1], url, args.province),
                enumerate(files, start=1),
            )
        )
    imports = totals("all imports", steps)
    if args.jobs > 1:  # the files overlap: the phase took its own wall time, not the sum
        imports["wall_s"] = round(time.perf_counter() - started, 2)
        imports["step"] = f"all imports ({args.jobs} at a time)"
    link_argv = ["registry", "link", "--province", args.province]
    summary = [imports]
    if not args.no_link:
        link = run_step(f"link ({imports['rows']:,} rows)", link_argv, url, imports["rows"])
        steps.append(link)
        summary.append({**totals("imports + link", [*steps]), "counts": {}})
    name, path, rows = extra
    if rows:
        incremental = [import_step("incremental", name, path, rows, url, args.province)]
        if not args.no_link:
            incremental.append(run_step(f"link again (+{rows:,})", link_argv, url, rows))
        steps.extend(incremental)
        summary.append({**totals("incremental import + link", incremental), "counts": {}})
    report = table(steps + summary)
    print()
    print(report)
    print(f"\nload average now {uptime()}; machine {load.machine()}")
    figures = {
        "db": args.db,
        "records": args.records,
        "incremental": args.incremental,
        "sources": args.sources,
        "jobs": args.jobs,
        "seed": args.seed,
        "steps": steps,
        "summary": summary,
        "machine": load.machine(),
    }
    out = load.BENCH_DIR / f"registry-pipeline-{args.db}-{args.records}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({**figures, "table": report}, ensure_ascii=False, indent=1))
    print(f"written to {out}")
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
