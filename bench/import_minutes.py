"""Benchmark `qarargah import`: 1,000 generated minutes into a fresh PostgreSQL database.

    .venv/bin/python bench/import_minutes.py [--n 1000] [--seed 1402] [--database-url URL] [--json]

Minutes come from the generator of ``bench/parse.py`` (varied layouts, agencies drawn from a
vocabulary that mixes registry names, group phrases such as «فرمانداران محترم تابعه» and names
the registry does not know). Without ``--database-url`` (or ``DATABASE_URL``) a fresh database
``qarargah_bench_import`` is (re)created on the local PostgreSQL, migrated and given the demo
registry. Every file is imported the way the command does it: its own transaction, through
``import_minutes`` with one shared :class:`ImportContext` (one registry snapshot per province).
The target (issue 4) is ≥ 50 documents/s; the figure printed is for one process, with its CPU
time and the number of queries per document beside it (on a shared machine the wall time also
counts the neighbours' load; the CPU time and the queries are the steadier figures).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
DEFAULT_DB = "qarargah_bench_import"


def fresh_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server + name


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1402)
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--command",
        action="store_true",
        help="time the real command, `qarargah import FILE...` in a subprocess (files written to a temporary folder)",
    )
    ap.add_argument("--jobs", default="auto", help="with --command: its --jobs (auto, 1, 2, ...)")
    args = ap.parse_args()

    url = args.database_url or fresh_database(DEFAULT_SERVER, DEFAULT_DB)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qarargah.config.settings")
    media = tempfile.mkdtemp(prefix="qarargah-bench-media-")
    os.environ["QARARGAH_MEDIA_ROOT"] = media

    import django

    django.setup()
    from auditlog.models import LogEntry
    from django.core.management import call_command
    from django.db import connection
    from parse import synth  # the generator of bench/parse.py

    from qarargah.accounts.system import SYSTEM
    from qarargah.demo.loader import load_registry, load_users
    from qarargah.meetings.importer import ImportContext, import_minutes
    from qarargah.meetings.models import Meeting
    from qarargah.organisations.models import Body
    from qarargah.resolutions.models import Assignment, Resolution

    call_command("migrate", verbosity=0, skip_checks=True)
    load_registry(lambda _line: None)
    load_users(lambda _line: None)
    body = Body.objects.select_related("province").get(
        province__code="alborz", name="قرارگاه اجتماعی استان", county=None
    )

    rng = random.Random(args.seed)
    docs = [synth(rng)[0].encode("utf-8") for _ in range(args.n)]
    size = sum(len(d) for d in docs)
    if args.command:
        return run_command(args, url, body, docs, size)

    context = ImportContext()
    outcomes: dict[str, int] = {}
    per_doc: list[float] = []
    by_outcome: dict[str, list[float]] = {}
    queries = [0]

    def count(execute, sql, params, many, ctx):  # queries sent to the database, by this process
        queries[0] += 1
        return execute(sql, params, many, ctx)

    # Wall time counts the database server's work too (on a shared machine, also its neighbours');
    # CPU time is this process's alone (parsing, planning, Django), the part the code controls.
    start, cpu_start = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        for k, data in enumerate(docs):
            t = time.perf_counter()
            result = import_minutes(
                actor=SYSTEM, body=body, filename=f"m{k:05d}.txt", data=data, context=context
            )
            per_doc.append(time.perf_counter() - t)
            by_outcome.setdefault(result.outcome, []).append(per_doc[-1])
            outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start

    out = {
        "n": args.n,
        "seed": args.seed,
        "database": connection.vendor,
        "mb": round(size / 1e6, 2),
        "seconds": round(elapsed, 2),
        "docs_per_s": round(args.n / elapsed, 1),
        "median_ms_per_doc": round(statistics.median(per_doc) * 1000, 1),
        "p95_ms_per_doc": round(sorted(per_doc)[int(len(per_doc) * 0.95) - 1] * 1000, 1),
        "cpu_ms_per_doc": round(cpu / args.n * 1000, 1),
        "queries_per_doc": round(queries[0] / args.n, 1),
        "outcomes": outcomes,
        # A file that updates an earlier meeting rewrites many rows one by one (their history
        # is a diff per row), so its time is shown apart.
        "mean_ms_by_outcome": {k: round(statistics.mean(v) * 1000, 1) for k, v in by_outcome.items()},
        "rows": {
            "meetings": Meeting.objects.count(),
            "resolutions": Resolution.objects.count(),
            "assignments": Assignment.objects.count(),
            "history": LogEntry.objects.count(),
        },
    }
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(
            f"{args.n} generated minutes ({out['mb']} MB, seed {args.seed}) imported into {connection.vendor} "
            f"in {out['seconds']}s: {out['docs_per_s']} documents/s "
            f"(median {out['median_ms_per_doc']} ms, p95 {out['p95_ms_per_doc']} ms per document); "
            f"this process's CPU {out['cpu_ms_per_doc']} ms and {out['queries_per_doc']} queries per document"
        )
        print(f"outcomes: {outcomes} (mean ms: {out['mean_ms_by_outcome']}); rows: {out['rows']}")
    return 0


def run_command(args: argparse.Namespace, url: str, body: Any, docs: list[bytes], size: int) -> int:
    """The command as a user runs it: a new process (Django start-up included), every file
    named on the command line, the wall time from start to exit."""
    import subprocess

    from django.db import connections

    from qarargah.meetings.models import Meeting
    from qarargah.resolutions.models import Assignment, Resolution

    folder = Path(tempfile.mkdtemp(prefix="qarargah-bench-minutes-"))
    paths = []
    for k, data in enumerate(docs):
        path = folder / f"m{k:05d}.txt"
        path.write_bytes(data)
        paths.append(str(path))
    connections.close_all()
    env = dict(os.environ, DATABASE_URL=url, PYTHONPATH=str(ROOT))
    env.pop("QARARGAH_TESTING", None)
    cmd = [sys.executable, "-m", "qarargah", "import", "--body", str(body.pk), "--jobs", args.jobs, *paths]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    lines = proc.stdout.splitlines()
    out = {
        "n": args.n,
        "seed": args.seed,
        "mode": f"qarargah import --jobs {args.jobs}",
        "exit_code": proc.returncode,
        "mb": round(size / 1e6, 2),
        "seconds": round(elapsed, 2),
        "docs_per_s": round(args.n / elapsed, 1),
        "outcome_lines": {
            "created": sum("ثبت شد" in line for line in lines),
            "updated": sum("به‌روزرسانی شد" in line for line in lines),
            "unchanged": sum("بدون تغییر" in line for line in lines),
        },
        "stderr_lines": len(proc.stderr.splitlines()),
        "rows": {
            "meetings": Meeting.objects.count(),
            "resolutions": Resolution.objects.count(),
            "assignments": Assignment.objects.count(),
        },
    }
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(
            f"{args.n} generated minutes ({out['mb']} MB) through `{out['mode']}`: {out['seconds']} s, "
            f"{out['docs_per_s']} documents/s (exit {proc.returncode}); {out['outcome_lines']}; rows: {out['rows']}"
        )
        if proc.returncode:
            print(proc.stderr[-2000:], file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
