"""Benchmark `qarargah import`: 1,000 generated minutes into a fresh PostgreSQL database.

    .venv/bin/python bench/import_minutes.py [--n 1000] [--seed 1402] [--database-url URL] [--json]

Minutes come from the generator of ``bench/parse.py`` (varied layouts, agencies drawn from a
vocabulary that mixes registry names, group phrases such as «فرمانداران محترم تابعه» and names
the registry does not know). Without ``--database-url`` (or ``DATABASE_URL``) a fresh database
``qarargah_bench_import`` is (re)created on the local PostgreSQL, migrated and given the demo
registry. Every file is imported the way the command does it: its own transaction, through
``import_minutes`` with one shared :class:`ImportContext` (one registry snapshot per province).
The target (issue 4) is ≥ 50 documents/s; the figure printed is for one process.
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
    args = ap.parse_args()

    url = args.database_url or fresh_database(DEFAULT_SERVER, DEFAULT_DB)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qarargah.config.settings")
    media = tempfile.mkdtemp(prefix="qarargah-bench-media-")
    os.environ["QARARGAH_MEDIA_ROOT"] = media

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from parse import synth  # the generator of bench/parse.py

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

    context = ImportContext()
    outcomes: dict[str, int] = {}
    per_doc: list[float] = []
    start = time.perf_counter()
    for k, data in enumerate(docs):
        t = time.perf_counter()
        result = import_minutes(actor=None, body=body, filename=f"m{k:05d}.txt", data=data, context=context)
        per_doc.append(time.perf_counter() - t)
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    elapsed = time.perf_counter() - start

    out = {
        "n": args.n,
        "seed": args.seed,
        "database": connection.vendor,
        "mb": round(size / 1e6, 2),
        "seconds": round(elapsed, 2),
        "docs_per_s": round(args.n / elapsed, 1),
        "median_ms_per_doc": round(statistics.median(per_doc) * 1000, 1),
        "p95_ms_per_doc": round(sorted(per_doc)[int(len(per_doc) * 0.95) - 1] * 1000, 1),
        "outcomes": outcomes,
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
            f"{args.n} generated minutes ({out['mb']} MB, seed {args.seed}) imported into {connection.vendor} "
            f"in {out['seconds']}s: {out['docs_per_s']} documents/s "
            f"(median {out['median_ms_per_doc']} ms, p95 {out['p95_ms_per_doc']} ms per document)"
        )
        print(f"outcomes: {outcomes}; rows: {out['rows']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
