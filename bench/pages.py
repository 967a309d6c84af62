"""Single requests, one at a time, against a benchmark database: where a page's time goes.

    DATABASE_URL=... .venv/bin/python bench/pages.py [--scenarios inbox,list,review] [--n 60]
        [--slowest 5] [--sql]

The load test (``bench/load.py``) says how fast the pages are under 20 users; this says why. It
requests the same URLs the load test would (``bench/load.py plan``), in-process through Django's
test client as the same users, on an otherwise idle machine, and prints per scenario the
median, p95 and maximum time with the share spent waiting on the database; then the slowest
URLs with their queries (``--sql``: each query's time and its first characters).

Run it against a database built by ``bench/load.py build`` (reuse its ``DATABASE_URL``: the
SQLite file under ``var/bench/`` or ``postgres://postgres@127.0.0.1:5432/qarargah_bench``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--scenarios",
        default="trivial,home_secretariat,home_officer,home_leadership,home_house,home_national,"
        "inbox,list,review,scoreboard,meetings,meeting,resolution,registry_agencies,registry_bodies,"
        "admin_agencies,admin_users,admin_notifications",
        help="the trivial page first: every other median is also given as a multiple of its median",
    )
    ap.add_argument("--n", type=int, default=60, help="requests per scenario")
    ap.add_argument("--slowest", type=int, default=5)
    ap.add_argument("--sql", action="store_true", help="print the slowest URLs' queries")
    ap.add_argument("--seed", type=int, default=1403)
    ap.add_argument(
        "--profile", type=int, default=0, metavar="N", help="cProfile: print the N costliest functions"
    )
    args = ap.parse_args()
    if not os.environ.get("DATABASE_URL"):
        ap.error("set DATABASE_URL to a database built by bench/load.py build")
    os.environ.setdefault("QARARGAH_VAR_DIR", str(ROOT / "var" / "bench" / "site"))
    os.environ.setdefault("ALLOWED_HOSTS", "*")
    os.environ.setdefault("DEBUG", "false")
    os.environ.pop("QARARGAH_TESTING", None)

    import load  # bench/load.py: the same users and URLs as the load test

    the_plan = load.plan(20, args.seed)  # sets Django up
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest is needed

    from qarargah.accounts.models import User

    client = Client()
    sessions: dict[str, str] = {}
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    medians: dict[str, float] = {}
    for name in args.scenarios.split(","):
        vusers = the_plan["scenarios"].get(name, [])
        work = [
            (v["username"], path)
            for i in range(50)
            for v in vusers
            if i < len(v["paths"])
            for path in [v["paths"][i]]
        ]
        work = work[: args.n]
        results: list[dict[str, Any]] = []
        for username, path in work:
            # One client (one middleware chain, as in a server process), one session per user.
            if username not in sessions:
                client.cookies.clear()  # else logging in flushes the previous user's session
                client.force_login(User.objects.get(username=username))
                sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[username]
            queries: list[tuple[float, str]] = []

            def timed(execute, sql, params, many, ctx, queries=queries):
                t = time.perf_counter()
                try:
                    return execute(sql, params, many, ctx)
                finally:
                    queries.append((time.perf_counter() - t, sql))

            t = time.perf_counter()
            if profiler:
                profiler.enable()
            with connection.execute_wrapper(timed):
                response = client.get(path)
            if profiler:
                profiler.disable()
            elapsed = time.perf_counter() - t
            if response.status_code != 200:
                print(f"  {response.status_code} {path}", file=sys.stderr)
            results.append(
                {
                    "path": path,
                    "ms": elapsed * 1000,
                    "sql_ms": sum(q for q, _ in queries) * 1000,
                    "queries": queries,
                }
            )
        if not results:
            continue
        times = sorted(r["ms"] for r in results)
        sql = statistics.median(r["sql_ms"] for r in results)
        medians[name] = statistics.median(times)
        ratio = f" · {medians[name] / medians['trivial']:.1f}× trivial" if "trivial" in medians else ""
        print(
            f"{name}: {len(results)} requests · median {medians[name]:.1f} ms "
            f"(SQL {sql:.0f}) · p95 {times[int(len(times) * 0.95) - 1]:.0f} · max {times[-1]:.0f}{ratio}"
        )
        for r in sorted(results, key=lambda r: -r["ms"])[: args.slowest]:
            print(f"  {r['ms']:.0f} ms (SQL {r['sql_ms']:.0f}, {len(r['queries'])} queries) {r['path']}")
            if args.sql:
                for q, text in sorted(r["queries"], key=lambda q: -q[0])[:4]:
                    print(f"      {q * 1000:7.1f} ms  {' '.join(text.split())[:300]}")
    if "trivial" in medians:
        print("\n| page | median ms | × trivial |\n|---|---:|---:|")
        for name, ms in medians.items():
            print(f"| {name} | {ms:.1f} | {ms / medians['trivial']:.1f} |")
    if profiler:
        import pstats

        stats = pstats.Stats(profiler)
        stats.dump_stats(os.environ.get("PAGES_PROFILE", "/tmp/pages.prof"))
        stats.sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
