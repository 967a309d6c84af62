"""Load test of the follow-up pages on loopback: agency inbox, resolution list, past review.

    .venv/bin/python bench/load.py [--db sqlite|postgres|both] [--scale province] [--seed 1403]
        [--duration 60] [--warmup 10] [--users 20] [--max-requests 50000]
        [--workers 4] [--threads 2] [--port 8765] [--scenarios inbox,list,review]

For each database it

1. creates, or reuses, a benchmark database holding ``qarargah generate --scale SCALE --seed SEED``
   (province scale: 100,000 resolutions, 300,000 assignments, 1,000,000 reports). SQLite lives in
   ``var/bench/qarargah-<scale>-seed<seed>.sqlite3``; PostgreSQL in ``qarargah_bench``
   (``qarargah_bench_<scale>`` for other scales) on 127.0.0.1:5432, its key kept as the
   database's COMMENT. A database is reused only when it was completely built with the same key.
2. starts the real server (``qarargah serve``: gunicorn, ``--workers`` processes × ``--threads``
   threads) on 127.0.0.1, with its own var directory ``var/bench/site`` (secret key, static files);
3. logs in, through the login form, as realistic users: officers of the agencies with the most
   open assignments (inbox) and the province's secretariat users (list, past review);
4. drives ``--users`` concurrent virtual users (asyncio + aiohttp, one session each) per scenario:
   ``--warmup`` seconds not counted, then ``--duration`` seconds counted, and never more than
   ``--max-requests`` requests in all; every request has a 30 s timeout;
5. prints a Markdown table (requests, errors, p50/p95/p99 latency, req/s) and writes the figures
   with the configuration and the machine to ``var/bench/load-<db>-<time>.json``.

A response counts as an error unless it is 200 (a redirect to the login page is an error). The
load generator shares the machine with the server, as a loopback test must; its own CPU time is
reported beside the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import resource
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "var" / "bench"
SITE_DIR = BENCH_DIR / "site"
QARARGAH = [sys.executable, "-m", "qarargah"]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
TARGET_P95_MS = 300
SCENARIOS = ("inbox", "list", "review")
# Every page a role lands on or opens from its menu (issue 12), beside the trivial authenticated
# page (the notifications list) that bench/pages.py divides by: `--scenarios` takes any of these.
PAGE_SCENARIOS = (
    "trivial",
    "home_secretariat",
    "home_officer",
    "home_leadership",
    "home_house",
    "home_national",
    "officer_list",
    "leadership_list",
    "scoreboard",
    "meetings",
    "meeting",
    "resolution",
    "registry_agencies",
    "registry_bodies",
    "admin_agencies",
    "admin_users",
    "admin_notifications",
    "national_scoreboard",
    "national_list",
    "national_meetings",
    "national_review",
)
PASSWORD = "qarargah-demo-1403"  # GENERATED_PASSWORD of qarargah.demo.generate


# --- databases ----------------------------------------------------------------------------------


def db_key(args: argparse.Namespace) -> str:
    return f"{args.scale}-seed{args.seed}"


def database_url(kind: str, args: argparse.Namespace) -> str:
    if kind == "sqlite":
        return f"sqlite:///{BENCH_DIR / f'qarargah-{db_key(args)}.sqlite3'}"
    name = args.pg_name or ("qarargah_bench" if args.scale == "province" else f"qarargah_bench_{args.scale}")
    return f"{PG_SERVER}/{name}"


def env_for(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        QARARGAH_VAR_DIR=str(SITE_DIR),
        QARARGAH_ENV="development",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.pop("QARARGAH_TESTING", None)
    return env


def _psql(sql: str, db: str = "postgres") -> str:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{db}", autocommit=True) as conn:
        cursor = conn.execute(sql)
        row = cursor.fetchone() if cursor.description is not None else None  # DDL returns no rows
        return "" if row is None or row[0] is None else str(row[0])


def _migrate(url: str) -> None:
    """Bring a (possibly reused) benchmark database to the code's schema; a no-op when current."""
    subprocess.run([*QARARGAH, "migrate", "--noinput", "-v0"], env=env_for(url), check=True)


def ensure_database(kind: str, args: argparse.Namespace) -> tuple[str, float | None]:
    """The database URL, and the generation time if it had to be built now."""
    url = database_url(kind, args)
    key = db_key(args)
    if kind == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        marker = path.with_suffix(".built")
        if not args.rebuild and marker.exists() and marker.read_text().strip() == key:
            print(f"[{kind}] reusing {path}", flush=True)
            _migrate(url)
            return url, None
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        marker.unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        exists = _psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        comment = _psql(
            f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{name}'"
        )
        if not args.rebuild and exists and comment == key:
            print(f"[{kind}] reusing database {name}", flush=True)
            _migrate(url)
            return url, None
        if exists:
            _psql(f'DROP DATABASE "{name}" WITH (FORCE)')
        _psql(f'CREATE DATABASE "{name}"')
    env = env_for(url)
    _migrate(url)
    started = time.monotonic()
    if kind == "postgres" and args.from_sqlite:
        source = Path(database_url("sqlite", args).removeprefix("sqlite:///"))
        if source.with_suffix(".built").read_text().strip() != key:
            sys.exit(f"--from-sqlite: {source} is not a complete {key} database; build --db sqlite first")
        print(
            f"[{kind}] building {key}: migrate + copy of {source.name} (once; reused afterwards)", flush=True
        )
        copy_from_sqlite(source, url)
    else:
        print(f"[{kind}] building {key}: migrate + generate (once; reused afterwards)", flush=True)
        subprocess.run(
            [*QARARGAH, "generate", f"--scale={args.scale}", f"--seed={args.seed}"], env=env, check=True
        )
    seconds = time.monotonic() - started
    if kind == "sqlite":
        marker.write_text(key)
    else:
        # A freshly bulk-loaded database has no visibility map yet, so PostgreSQL cannot answer
        # counts from indexes alone; autovacuum gets there on a live system, the bench does it now.
        _psql("VACUUM ANALYZE", db=url.rsplit("/", 1)[1])
        _psql(f"COMMENT ON DATABASE \"{url.rsplit('/', 1)[1]}\" IS '{key}'")
    return url, seconds


def copy_from_sqlite(source: Path, url: str) -> None:
    """Copy every table of a built SQLite benchmark database into a freshly migrated PostgreSQL one.

    ``qarargah generate`` writes the same rows on either database (same seed), but on PostgreSQL,
    on a shared machine, it ran at 20,000 resolutions per 12-34 minutes; COPY moves the SQLite
    file's rows in minutes. Both databases then hold exactly the same data. Foreign keys are not
    checked while copying (session_replication_role = replica: the source was consistent) and the
    id sequences are moved past the copied ids afterwards.
    """
    import sqlite3

    import psycopg

    src = sqlite3.connect(source)
    with psycopg.connect(url, autocommit=False) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET TIME ZONE 'UTC'")  # SQLite holds Django's UTC datetimes without an offset
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'django_migrations'"
            )
        ]
        in_sqlite = {row[0] for row in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        for table in sorted(tables):
            if table not in in_sqlite:
                print(f"  {table}: not in the SQLite file; left empty", flush=True)
                continue
            columns = [
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
                    [table],
                )
            ]
            names = ", ".join(f'"{c}"' for c in columns)
            started = time.monotonic()
            n = 0
            with conn.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in src.execute(f'SELECT {names} FROM "{table}"'):
                    copy.write_row(row)
                    n += 1
            if n:
                print(f"  {table}: {n} rows in {time.monotonic() - started:.0f} s", flush=True)
            if "id" in columns:
                seq = conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f'"{table}"']).fetchone()
                if seq and seq[0]:
                    conn.execute(f'SELECT setval(%s, GREATEST(MAX(id), 1)) FROM "{table}"', [seq[0]])
        conn.commit()
    src.close()


# --- what each virtual user asks for ------------------------------------------------------------

SEARCH_TERMS = ["کودکان کار", "بیمه سلامت", "مسکن", "اشتغال", "سوادآموزی", "جهیزیه", "میز خدمت", "کتابخانه",
                "زنان سرپرست خانوار", "بسته معیشتی", "ولیعصر", "شناسنامه", "۱۲"]  # fmt: skip


def plan(users: int, seed: int) -> dict[str, Any]:
    """Runs inside Django (``bench/load.py plan``): the users and the paths each one requests."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qarargah.config.settings")
    django.setup()
    from django.db.models import Count, Q
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from qarargah.accounts.models import Role, User
    from qarargah.organisations.models import Agency, Body, County
    from qarargah.persian import jalali_iso
    from qarargah.resolutions.models import AssignmentStatus, Axis

    rng = random.Random(f"bench:{seed}")

    def url(name: str, **params: Any) -> str | None:
        try:
            path = reverse(name)
        except NoReverseMatch:
            return None
        return f"{path}?{urllib.parse.urlencode(params)}" if params else path

    # Officers of the agencies with the most open assignments: the heaviest inboxes.
    busiest = list(
        Agency.objects.annotate(
            n=Count("assignments", filter=~Q(assignments__status=AssignmentStatus.ACCEPTED))
        )
        .order_by("-n", "pk")
        .values_list("pk", "n")[:users]
    )
    officers = {
        u.agency_id: u.username
        for u in User.objects.filter(agency_id__in=[a for a, _n in busiest], role__in=[Role.AGENCY_OFFICER, Role.COUNTY_OFFICER])
    }  # fmt: skip
    province_id = Agency.objects.get(pk=busiest[0][0]).province_id
    secretaries = list(
        User.objects.filter(role=Role.SECRETARIAT, province_id=province_id, body__isnull=False)
        .order_by("username")
        .values_list("username", "body_id")
    )
    agency_ids = list(Agency.objects.filter(province_id=province_id).values_list("pk", flat=True))
    county_ids = list(County.objects.filter(province_id=province_id).values_list("pk", flat=True))
    body_ids = list(Body.objects.filter(province_id=province_id).values_list("pk", flat=True))
    today = timezone.localdate()

    def list_params() -> dict[str, Any]:
        params: dict[str, Any] = {}
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            kind = rng.choice(
                ["status", "overdue", "agency", "q", "axis", "county", "due_this_week", "body", "order"]
            )
            if kind == "status":
                params["status"] = rng.choice(["open", "in_progress", "awaiting_review", "done", "returned"])
            elif kind == "overdue":
                params["overdue"] = "on"
            elif kind == "agency":
                params["agency"] = rng.choice(agency_ids)
            elif kind == "q":
                params["q"] = rng.choice(SEARCH_TERMS)
            elif kind == "axis":
                params["axis"] = rng.choice(Axis.values)
            elif kind == "county":
                params["county"] = rng.choice(county_ids)
            elif kind == "due_this_week":
                params["due_this_week"] = "on"
            elif kind == "body":
                params["body"] = rng.choice(body_ids)
            else:
                params["order"] = rng.choice(["due_date", "-meeting__date", "status", "number", "-due_date"])
        if rng.random() < 0.25:
            params["page"] = rng.randint(2, 5)
        return params

    scenarios: dict[str, list[dict[str, Any]]] = {}
    inbox = []
    for i in range(users):
        agency_id, _n = busiest[i % len(busiest)]
        paths = [url("resolutions:inbox", show=rng.choice(["open", "open", "overdue", "all"]), **({"page": rng.randint(2, 4)} if rng.random() < 0.2 else {})) for _ in range(50)]  # fmt: skip
        inbox.append({"username": officers[agency_id], "paths": paths})
    scenarios["inbox"] = inbox
    scenarios["list"] = [
        {
            "username": secretaries[i % len(secretaries)][0],
            "paths": [url("resolutions:resolution_list", **list_params()) for _ in range(50)],
        }
        for i in range(users)
    ]
    review = []
    for i in range(users):
        # Each secretariat prepares the review for its own body's next meeting; the provincial HQ
        # (the busiest body) is always among them.
        username, body_id = secretaries[i % len(secretaries)]
        dates = [jalali_iso(today + timezone.timedelta(days=d)) for d in (0, 1, 3, 7)]
        review.append(
            {
                "username": username,
                "paths": [url("resolutions:past_review", body=body_id, meeting_date=d) for d in dates],
            }
        )
    scenarios["review"] = review

    # One user (or a few) per role, each requesting its own page again and again.
    from qarargah.meetings.models import Meeting
    from qarargah.resolutions.models import Resolution

    def role_users(role: str, **filters: Any) -> list[str]:
        return list(
            User.objects.filter(role=role, **filters)
            .order_by("username")
            .values_list("username", flat=True)[:users]
        )

    def same_page(usernames: list[str], path: str | None) -> list[dict[str, Any]]:
        return (
            [{"username": usernames[i % len(usernames)], "paths": [path] * 50} for i in range(users)]
            if usernames
            else []
        )

    secretariat_names = [name for name, _body in secretaries]
    officer_names = [officers[a] for a, _n in busiest if a in officers]
    leaders = role_users(Role.LEADERSHIP, province_id=province_id)
    national = role_users(Role.NATIONAL_VIEWER)
    house = role_users(Role.HOUSE_MANAGER, province_id=province_id)
    hq_body = secretaries[0][1]
    meetings = list(
        Meeting.objects.filter(body_id=hq_body).order_by("-date").values_list("pk", flat=True)[:users]
    )
    resolutions = list(
        Resolution.objects.filter(body_id=hq_body)
        .order_by("-meeting_date", "number")
        .values_list("pk", flat=True)[:users]
    )
    scenarios["trivial"] = same_page(secretariat_names, url("notifications:list"))
    scenarios["home_secretariat"] = same_page(secretariat_names, url("home"))
    scenarios["home_officer"] = same_page(officer_names, url("home"))
    scenarios["home_leadership"] = same_page(leaders, url("home"))
    scenarios["home_house"] = same_page(house, url("home"))
    scenarios["home_national"] = same_page(national, url("home"))
    scenarios["scoreboard"] = same_page(secretariat_names + leaders, url("resolutions:scoreboard"))
    scenarios["meetings"] = same_page(secretariat_names + leaders, url("meetings:list"))
    scenarios["meeting"] = [
        {
            "username": secretariat_names[0],
            "paths": [reverse("meetings:detail", args=[pk]) for pk in meetings] * 5,
        }
    ]
    scenarios["resolution"] = [
        {
            "username": secretariat_names[0],
            "paths": [reverse("resolutions:resolution_detail", args=[pk]) for pk in resolutions] * 5,
        }
    ]
    # The resolution list opened by the other roles from their menus: an agency's officer (the
    # busiest agencies: their own resolutions, from signed minutes only) and leadership.
    scenarios["officer_list"] = same_page(officer_names, url("resolutions:resolution_list"))
    scenarios["leadership_list"] = same_page(leaders, url("resolutions:resolution_list"))
    # The registry's lists (secretariat) and the admin site's lists (the system's admin; the
    # generator makes none, so the bench adds one, as `qarargah createsuperuser` would).
    scenarios["registry_agencies"] = same_page(secretariat_names, url("organisations:agency_list"))
    scenarios["registry_bodies"] = same_page(secretariat_names, url("organisations:body_list"))
    admin, created = User.objects.get_or_create(
        username="bench.admin", defaults={"role": Role.ADMIN, "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(PASSWORD)
        admin.save()
    for name, admin_url in (
        ("admin_agencies", "admin:organisations_agency_changelist"),
        ("admin_users", "admin:accounts_user_changelist"),
        ("admin_notifications", "admin:notifications_notification_changelist"),
    ):
        scenarios[name] = same_page([admin.username], url(admin_url))
    # The national viewer's menu, over every province (issue 12: the same bound at national scale).
    scenarios["national_scoreboard"] = same_page(national, url("resolutions:scoreboard"))
    scenarios["national_list"] = same_page(national, url("resolutions:resolution_list"))
    scenarios["national_meetings"] = same_page(national, url("meetings:list"))
    scenarios["national_review"] = same_page(national, url("resolutions:past_review"))
    for name, vusers in list(scenarios.items()):
        if any(p is None for v in vusers for p in v["paths"]):
            print(f"scenario {name}: its page does not exist yet; skipped", file=sys.stderr)
            del scenarios[name]
    return {
        "scenarios": scenarios,
        "busiest_agencies": [{"agency_id": a, "open_assignments": n} for a, n in busiest],
        "login": reverse("login"),
    }


# --- the server --------------------------------------------------------------------------------


def start_server(url: str, args: argparse.Namespace, log_path: Path) -> subprocess.Popen:
    cmd = [*QARARGAH, "serve", f"--bind=127.0.0.1:{args.port}", f"--workers={args.workers}", f"--threads={args.threads}"]  # fmt: skip
    log = log_path.open("wb")
    proc = subprocess.Popen(
        cmd, env=env_for(url), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    import urllib.request

    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/accounts/login/", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    stop_server(proc)
    raise SystemExit(f"server did not answer within 60 s; see {log_path}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        # Our own process group (start_new_session): gunicorn's master and its workers.
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- the load ----------------------------------------------------------------------------------

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


async def login(session: Any, base: str, login_path: str, username: str) -> None:
    async with session.get(base + login_path) as r:
        html = await r.text()
    m = CSRF_RE.search(html)
    if not m:
        raise SystemExit("no CSRF token on the login page")
    data = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": m.group(1)}
    async with session.post(base + login_path, data=data, allow_redirects=False, headers={"Referer": base + login_path}) as r:  # fmt: skip
        if r.status != 302:
            raise SystemExit(f"login as {username} failed (HTTP {r.status})")


async def run_scenario(
    name: str,
    vusers: list[dict[str, Any]],
    sessions: dict[str, Any],
    base: str,
    args: argparse.Namespace,
    budget: list[int],
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    started = time.monotonic()
    measure_from = started + args.warmup
    stop_at = measure_from + args.duration
    rng = random.Random(f"{args.seed}:{name}")
    think_rng = random.Random(f"{args.seed}:{name}:think")

    async def user(v: dict[str, Any], offset: int) -> None:
        import aiohttp

        session = sessions[v["session"]]
        paths = v["paths"]
        i = offset
        while time.monotonic() < stop_at and budget[0] > 0:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.monotonic()
            status: str
            try:
                async with session.get(base + path, allow_redirects=False) as r:
                    await r.read()
                    status = str(r.status)
            except (aiohttp.ClientError, TimeoutError) as exc:
                status = type(exc).__name__
            t1 = time.monotonic()
            if t0 >= measure_from and t1 <= stop_at:
                budget[0] -= 1
                latencies.append(t1 - t0)
                if status != "200":
                    errors[status] = errors.get(status, 0) + 1
            if args.think > 0:
                # A person reads the page before the next click (exponential, mean --think s).
                await asyncio.sleep(min(think_rng.expovariate(1 / args.think), 5 * args.think))

    await asyncio.gather(*(user(v, rng.randrange(1000)) for v in vusers))
    measured = min(time.monotonic(), stop_at) - measure_from
    latencies.sort()

    def pct(p: float) -> float | None:
        if not latencies:
            return None
        return round(
            1000 * latencies[min(len(latencies) - 1, max(0, round(p / 100 * len(latencies)) - 1))], 1
        )

    return {
        "scenario": name,
        "requests": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "max_ms": round(1000 * latencies[-1], 1) if latencies else None,
        "req_per_s": round(len(latencies) / measured, 1) if measured > 0 else None,
        "measured_s": round(measured, 1),
        "users": len(vusers),
    }


async def drive(the_plan: dict[str, Any], args: argparse.Namespace) -> list[dict[str, Any]]:
    import aiohttp

    base = f"http://127.0.0.1:{args.port}"
    timeout = aiohttp.ClientTimeout(total=30)
    sessions: dict[str, Any] = {}
    try:
        # One session (cookie jar, connection) per virtual user; a username used by several
        # virtual users logs in once per session. Logins happen before any timing starts.
        keyed: dict[str, list[dict[str, Any]]] = {}
        for name in args.scenarios:
            counter: dict[str, int] = {}
            keyed[name] = []
            for v in the_plan["scenarios"].get(name, []):
                counter[v["username"]] = counter.get(v["username"], 0) + 1
                key = f"{v['username']}#{counter[v['username']]}"
                keyed[name].append({**v, "session": key})
                if key not in sessions:
                    session = aiohttp.ClientSession(
                        cookie_jar=aiohttp.CookieJar(unsafe=True),
                        timeout=timeout,
                        connector=aiohttp.TCPConnector(limit=1),
                    )
                    sessions[key] = session
                    await login(session, base, the_plan["login"], v["username"])
        results = []
        budget = [args.max_requests]
        for name in args.scenarios:
            vusers = keyed[name]
            if not vusers:
                continue
            print(f"  scenario {name}: {len(vusers)} users, {args.warmup:.0f} s warm-up + {args.duration:.0f} s", flush=True)  # fmt: skip
            results.append(await run_scenario(name, vusers, sessions, base, args, budget))
        return results
    finally:
        for s in sessions.values():
            await s.close()


# --- report -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem_kb = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def table(kind: str, results: list[dict[str, Any]], think: float = 0.0) -> str:
    lines = [
        f"| {kind}{f' (think {think:g} s)' if think else ''} | requests | errors | p50 ms | p95 ms | p99 ms | req/s | p95 < {TARGET_P95_MS} ms |",
        "|---|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in results:
        ok = r["p95_ms"] is not None and r["p95_ms"] < TARGET_P95_MS and r["errors"] == 0
        lines.append(
            f"| {r['scenario']} | {r['requests']} | {r['errors']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
            f"{r['req_per_s']} | {'yes' if ok else 'no'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="run", choices=["run", "build", "plan"])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--scale", default="province", choices=["small", "province", "national"])
    parser.add_argument("--seed", type=int, default=1403)
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds per scenario not counted")
    parser.add_argument("--users", type=int, default=20, help="concurrent virtual users")
    parser.add_argument("--max-requests", type=int, default=50_000, help="bound on measured requests in all")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean think time between a user's requests in s (0: every user always has a request in flight)",
    )
    # qarargah serve's defaults on this 2-core machine (two processes per core, two threads each)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help=f"any of {', '.join(SCENARIOS + PAGE_SCENARIOS)}"
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the database even if it exists")
    parser.add_argument(
        "--pg-name", default="", help="PostgreSQL database name (default qarargah_bench[_<scale>])"
    )
    parser.add_argument(
        "--from-sqlite",
        action="store_true",
        help="build the PostgreSQL database by copying the built SQLite one (same seed) instead of generating",
    )
    args = parser.parse_args()
    args.scenarios = [s for s in args.scenarios.split(",") if s]

    if args.command == "plan":
        print(json.dumps(plan(args.users, args.seed)))
        return

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    SITE_DIR.mkdir(parents=True, exist_ok=True)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for kind in kinds:
        url, generation_s = ensure_database(kind, args)
        if args.command == "build":
            if generation_s is not None:
                print(f"[{kind}] generated in {generation_s:.0f} s")
            continue
        env = env_for(url)
        subprocess.run([*QARARGAH, "collectstatic", "--noinput", "-v0"], env=env, check=True)
        out = subprocess.run(
            [sys.executable, __file__, "plan", f"--users={args.users}", f"--seed={args.seed}"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        the_plan = json.loads(out.stdout)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        log_path = BENCH_DIR / f"server-{kind}-{stamp}.log"
        print(f"[{kind}] serving with {args.workers} workers × {args.threads} threads", flush=True)
        server = start_server(url, args, log_path)
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        try:
            results = asyncio.run(drive(the_plan, args))
        finally:
            stop_server(server)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        report = {
            "database": kind,
            "database_url": url,
            "key": db_key(args),
            "generation_seconds": generation_s,
            "server": {"command": "qarargah serve", "workers": args.workers, "threads": args.threads},
            "load": {
                "users": args.users,
                "warmup_s": args.warmup,
                "duration_s": args.duration,
                "think_s": args.think,
                "max_requests": args.max_requests,
                "client": "asyncio + aiohttp, one session per virtual user, loopback",
                "client_cpu_s": round(client_cpu, 1),
            },
            "busiest_agencies": the_plan["busiest_agencies"][:5],
            "machine": machine(),
            "results": results,
            "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        path = BENCH_DIR / f"load-{kind}{f'-think{args.think:g}' if args.think else ''}-{stamp}.json"
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2))
        print()
        print(table(kind, results, args.think))
        print(
            f"\nclient CPU {client_cpu:.1f} s; JSON: {path.relative_to(ROOT)}; server log: {log_path.relative_to(ROOT)}\n"
        )


if __name__ == "__main__":
    main()
