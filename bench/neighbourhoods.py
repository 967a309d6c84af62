"""Benchmark of the neighbourhood programme at national scale (issue 14): the province roll-up,
a county's ranked list and its coverage grid, single requests and a short load run, and the full
roll-up rebuild.

    .venv/bin/python bench/neighbourhoods.py [--db sqlite|postgres|both] [--duration 30]
        [--warmup 5] [--users 20] [--think 2] [--workers 2] [--threads 2] [--port 8767]
        [--rebuild-db] [--skip-load]

For each database it

1. creates once, or reuses, a database holding ``qarargah generate --scale national`` with the
   follow-up side kept small (``--resolutions 3100 --assignments 6200 --reports 3100``): 2,020
   target neighbourhoods, about 100,000 needs and 1,000,000 indicator values. SQLite lives in
   ``var/bench/qarargah-nbhd-national-seed<seed>.sqlite3``; PostgreSQL in ``qarargah_bench_nbhd``
   (its key kept as the database's COMMENT, as ``bench/load.py`` does);
2. times ``qarargah neighbourhood_rollup --rebuild`` and ``--check``;
3. starts ``qarargah serve`` and times single requests (the first, cold, and the median of the
   next five) of the province roll-up page (leadership of the province with the most
   neighbourhoods), its largest county's ranked list and coverage grid (its secretariat);
4. drives ``--users`` virtual users per page with ``--think`` seconds of exponential think time
   (``bench/load.py``'s driver) and prints p50/p95/p99, with ``uptime`` before and after, since
   the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load  # bench/load.py: the server, the login and the load driver

ROOT = load.ROOT
KEY_SIZES = ["--resolutions=3100", "--assignments=6200", "--reports=3100"]


def db_url(kind: str, seed: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{load.BENCH_DIR / f'qarargah-nbhd-national-seed{seed}.sqlite3'}"
    return f"{load.PG_SERVER}/qarargah_bench_nbhd"


def ensure(kind: str, args: argparse.Namespace) -> tuple[str, float | None]:
    url = db_url(kind, args.seed)
    key = f"nbhd-national-seed{args.seed}-" + "-".join(s.split("=")[1] for s in KEY_SIZES)
    load.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        marker = path.with_suffix(".built")
        if not args.rebuild_db and marker.exists() and marker.read_text().strip() == key:
            print(f"[{kind}] reusing {path}", flush=True)
            load._migrate(url)
            return url, None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        exists = load._psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        comment = load._psql(
            f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{name}'"
        )
        if not args.rebuild_db and exists and comment == key:
            print(f"[{kind}] reusing database {name}", flush=True)
            load._migrate(url)
            return url, None
        if exists:
            load._psql(f'DROP DATABASE "{name}" WITH (FORCE)')
        load._psql(f'CREATE DATABASE "{name}"')
    print(f"[{kind}] building {key} (once; reused afterwards)", flush=True)
    load._migrate(url)
    started = time.monotonic()
    subprocess.run(
        [*load.QARARGAH, "generate", "--scale=national", f"--seed={args.seed}", *KEY_SIZES],
        env=load.env_for(url),
        check=True,
    )
    seconds = time.monotonic() - started
    if kind == "sqlite":
        marker.write_text(key)
    else:
        name = url.rsplit("/", 1)[1]
        load._psql("VACUUM ANALYZE", db=name)
        load._psql(f"COMMENT ON DATABASE \"{name}\" IS '{key}'")
    return url, seconds


PLAN_CODE = r"""
import json, django
django.setup()
from django.db.models import Count
from qarargah.organisations.models import County, Province
from qarargah.neighbourhoods.models import IndicatorValue, Need
province = Province.objects.annotate(n=Count("counties__neighbourhoods")).order_by("-n").first()
county = County.objects.filter(province=province).annotate(n=Count("neighbourhoods")).order_by("-n").first()
print(json.dumps({
    "province": province.pk, "province_name": province.name, "code": province.code,
    "county": county.pk, "county_name": county.name, "county_neighbourhoods": county.n,
    "province_neighbourhoods": province.n,
    "needs": Need.objects.count(), "indicator_values": IndicatorValue.objects.count(),
}))
"""


def facts(url: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", PLAN_CODE],
        env={**load.env_for(url), "DJANGO_SETTINGS_MODULE": "qarargah.config.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def timed_command(url: str, *argv: str) -> float:
    started = time.monotonic()
    subprocess.run([*load.QARARGAH, *argv], env=load.env_for(url), check=True)
    return time.monotonic() - started


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


async def single_requests(base: str, pages: dict[str, tuple[str, str]]) -> dict[str, dict[str, float]]:
    import aiohttp

    found = {}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        logged_in = None
        for name, (username, path) in pages.items():
            if logged_in != username:
                session.cookie_jar.clear()
                await load.login(session, base, "/accounts/login/", username)
                logged_in = username
            times = []
            for _ in range(6):
                t0 = time.monotonic()
                async with session.get(base + path, allow_redirects=False) as r:
                    await r.read()
                    if r.status != 200:
                        raise SystemExit(f"{path} answered {r.status}")
                times.append(1000 * (time.monotonic() - t0))
            found[name] = {
                "first_ms": round(times[0], 1),
                "median_ms": round(statistics.median(times[1:]), 1),
            }
    return found


def run(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    url, built = ensure(kind, args)
    f = facts(url)
    print(f"[{kind}] {json.dumps(f, ensure_ascii=False)}", flush=True)
    result: dict[str, Any] = {"db": kind, "facts": f, "generate_s": built, "uptime_before": uptime()}
    if not args.skip_rebuild:
        result["rebuild_s"] = round(timed_command(url, "neighbourhood_rollup", "--rebuild"), 1)
        result["check_s"] = round(timed_command(url, "neighbourhood_rollup", "--check"), 1)
        print(f"[{kind}] rebuild {result['rebuild_s']} s, check {result['check_s']} s", flush=True)
    pages = {
        "province roll-up": (f"ostandar.{f['code']}", f"/neighbourhoods/rollup/provinces/{f['province']}/"),
        "ranked list": (f"dabir.{f['code']}", f"/neighbourhoods/priorities/?county={f['county']}"),
        "coverage grid": (f"dabir.{f['code']}", f"/neighbourhoods/coverage/?county={f['county']}"),
    }
    load.SITE_DIR.mkdir(parents=True, exist_ok=True)
    if not (load.SITE_DIR / "static" / "staticfiles.json").exists() or not args.reuse_static:
        subprocess.run(
            [*load.QARARGAH, "collectstatic", "--noinput", "-v0"], env=load.env_for(url), check=True
        )
    pages = {name: page for name, page in pages.items() if not args.pages or name in args.pages}
    log_path = load.BENCH_DIR / f"serve-nbhd-{kind}.log"
    server = load.start_server(url, args, log_path)
    try:
        base = f"http://127.0.0.1:{args.port}"
        result["single"] = asyncio.run(single_requests(base, pages))
        print(f"[{kind}] single requests: {result['single']}", flush=True)
        if not args.skip_load:
            the_plan = {
                "login": "/accounts/login/",
                "scenarios": {
                    name: [{"username": user, "paths": [path]} for _ in range(args.users)]
                    for name, (user, path) in pages.items()
                },
            }
            args.scenarios = list(pages)
            result["load"] = asyncio.run(load.drive(the_plan, args))
            print(load.table(kind, result["load"], args.think), flush=True)
    finally:
        load.stop_server(server)
    result["uptime_after"] = uptime()
    out = load.BENCH_DIR / f"neighbourhoods-{kind}-{int(time.time())}.json"
    out.write_text(json.dumps({**result, "machine": load.machine()}, ensure_ascii=False, indent=2))
    print(f"[{kind}] figures in {out}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--seed", type=int, default=1403)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--rebuild-db", action="store_true", help="build the database again")
    parser.add_argument("--skip-load", action="store_true", help="single requests and the rebuild only")
    parser.add_argument("--reuse-static", action="store_true", help="skip collectstatic when it ran before")
    parser.add_argument(
        "--pages",
        type=lambda v: v.split(","),
        default=None,
        help="comma-separated: province roll-up,ranked list,coverage grid",
    )
    parser.add_argument(
        "--skip-rebuild", action="store_true", help="pages only (the roll-up is already built)"
    )
    args = parser.parse_args()
    for kind in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        run(kind, args)


if __name__ == "__main__":
    main()
