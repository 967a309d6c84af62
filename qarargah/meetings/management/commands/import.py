"""`qarargah import FILE ...`: save minutes files as meetings through the importer service."""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.http import Http404

from qarargah.accounts.models import User
from qarargah.accounts.scoping import scope_for
from qarargah.accounts.system import SYSTEM, SystemActor
from qarargah.core.errors import ServiceError
from qarargah.meetings.importer import ImportContext, import_minutes, meeting_identity_keys, preview_minutes
from qarargah.minutes_parser import MAX_FILE_BYTES
from qarargah.organisations.access import get_body_for_user
from qarargah.organisations.models import Body, Province
from qarargah.persian import match_key, to_persian_digits
from qarargah.resolutions import signals

OUTCOME_FA = {
    "created": "ثبت شد",
    "updated": "به‌روزرسانی شد",
    "unchanged": "بدون تغییر (پیش‌تر وارد شده است)",
    "new": "ثبت می‌شود (آزمایشی)",
    "update": "به‌روزرسانی می‌شود (آزمایشی)",
}


class Command(BaseCommand):
    help = "ورود فایل‌های صورتجلسه به سامانه: جلسه، دستور کار، مصوبات و تکالیف دستگاه‌ها."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="فایل صورتجلسه (.txt، .md، .docx)")
        parser.add_argument("--body", help="شناسه یا نام قرارگاه/شورا (در نبودِ آن از متن تشخیص داده می‌شود)")
        parser.add_argument("--province", help="کد استان (مثلاً alborz)")
        parser.add_argument("--user", help="نام کاربری ثبت‌کننده (برای تاریخچه)")
        parser.add_argument("--dry-run", action="store_true", help="فقط نشان بده چه ثبت می‌شود")
        parser.add_argument("--json", action="store_true", help="خروجی JSON")
        parser.add_argument(
            "--jobs",
            default="auto",
            help="چند فایل هم‌زمان (پیش‌فرض auto: روی PostgreSQL به شمار هسته‌ها، روی SQLite یکی)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._user(options["user"])
        province = self._province(options["province"], actor)
        body = self._body(options["body"], province, actor)
        if province is None and body is not None:
            province = body.province
        if province is None and body is None:
            raise CommandError("استان را با --province یا قرارگاه را با --body مشخص کنید.", returncode=2)
        jobs = self._jobs(options["jobs"], len(options["files"]), options["dry_run"])
        # Without --user the files are imported by the system itself (decision 0012).
        work = _Work(
            actor=actor or SYSTEM,
            body=body,
            province=province,
            dry_run=options["dry_run"],
        )
        report: list[dict[str, Any]] = []
        failed = 0
        # Each file commits on its own; the people told of new assignments hear once, at the end,
        # about the whole batch (decision 0020).
        with signals.batched():
            for path, entry, error in _run(work, options["files"], jobs):
                if error is not None:
                    failed += 1
                    self.stderr.write(f"{path}: {error}")
                    continue
                report.append(entry)
                if not options["json"]:
                    self._print(entry)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        if failed:
            self.stdout.flush()
            sys.exit(2)

    def _jobs(self, value: str, n_files: int, dry_run: bool) -> int:
        if value == "auto":
            # Each file is its own transaction, so files can go side by side; PostgreSQL takes
            # writers in parallel, SQLite one at a time (more processes would only wait).
            if dry_run or connection.vendor != "postgresql" or n_files < MIN_FILES_PER_JOB * 2:
                return 1
            return max(1, min(os.cpu_count() or 1, MAX_AUTO_JOBS, n_files // MIN_FILES_PER_JOB))
        if not value.isdigit() or int(value) < 1:
            raise CommandError("--jobs باید عددی مثبت یا auto باشد.", returncode=2)
        if connection.vendor != "postgresql" or dry_run:
            return 1  # SQLite takes one writer at a time (and its file is not shared across fork)
        return int(value)

    def _print(self, entry: dict[str, Any]) -> None:
        meeting = f" — جلسه {to_persian_digits(str(entry['meeting_id']))}" if entry["meeting_id"] else ""
        self.stdout.write(f"{entry['file']}: {OUTCOME_FA[entry['outcome']]}{meeting} · {entry['body']}")
        for line in entry["changes"]:
            self.stdout.write(f"  • {line}")
        for name in entry["pending_agencies"]:
            self.stdout.write(f"  + دستگاه در انتظار تأیید: {name}")

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"کاربری با نام «{username}» پیدا نشد.", returncode=2)
        # The import is recorded as this user's: it must be one who may import minutes (the
        # same capability the pages and the API ask for).
        if not scope_for(user).can_import_minutes:
            raise CommandError(f"کاربر «{username}» اجازه ورود صورتجلسه را ندارد.", returncode=2)
        return user

    def _province(self, code: str | None, actor: User | None) -> Province | None:
        if code:
            provinces = Province.objects.all() if actor is None else Province.objects.visible_to(actor)
            province = provinces.filter(code=code).first()
            if province is None:
                raise CommandError(f"استانی با کد «{code}» پیدا نشد.", returncode=2)
            return province
        return actor.province if actor is not None else None

    def _body(self, value: str | None, province: Province | None, actor: User | None) -> Body | None:
        if not value:
            return None
        # Acting for a user, only what that user may see is found (another province's body is
        # "not found", as on the pages).
        bodies = Body.objects.select_related("province")
        if actor is not None:
            bodies = bodies.visible_to(actor)
        if province is not None:
            bodies = bodies.filter(province=province)
        if value.isdigit() and actor is not None:
            try:
                found = get_body_for_user(actor, value)
            except Http404:
                found = None
            if found is not None and province is not None and found.province_id != province.pk:
                found = None
        elif value.isdigit():
            found = bodies.filter(pk=int(value)).first()
        else:
            matches = list(bodies.filter(name_key=match_key(value))[:2])
            if len(matches) > 1:
                raise CommandError(
                    f"چند نهاد با نام «{value}» هست؛ استان را با --province بدهید.", returncode=2
                )
            found = matches[0] if matches else None
        if found is None:
            raise CommandError(f"قرارگاه یا شورایی با «{value}» پیدا نشد.", returncode=2)
        return found


MIN_FILES_PER_JOB = 20  # starting a process costs about what importing this many files does
MAX_AUTO_JOBS = 4


@dataclass(frozen=True)
class _Work:
    actor: User | SystemActor
    body: Body | None
    province: Province | None
    dry_run: bool

    def file_args(self, path: str) -> dict[str, Any]:
        """The importer's arguments for one file (besides the actor), read from disk."""
        global _context
        if _context is None:
            _context = ImportContext()
        return {
            "body": self.body,
            "filename": path,
            "data": _read(path),
            "province": self.province,
            "context": _context,
        }


_context: ImportContext | None = None  # one per process: its registry snapshots


def _one(work: _Work, path: str) -> tuple[str, dict[str, Any] | None, str | None]:
    """Import (or preview) one file: (path, report entry, or the Persian reason it failed)."""
    try:
        if work.dry_run:
            preview = preview_minutes(actor=work.actor, **work.file_args(path))
            return (
                path,
                {
                    "file": path,
                    "outcome": preview.outcome,
                    "meeting_id": preview.existing.pk if preview.existing else None,
                    "body": str(preview.body),
                    "changes": preview.changes,
                    "warnings": preview.warnings,
                    "pending_agencies": preview.pending_names,
                },
                None,
            )
        result = import_minutes(actor=work.actor, **work.file_args(path))
    except ServiceError as exc:
        return path, None, exc.message
    return (
        path,
        {
            "file": path,
            "outcome": result.outcome,
            "meeting_id": result.meeting.pk,
            "body": str(result.meeting.body),
            "changes": result.changes,
            "warnings": result.warnings,
            "pending_agencies": [a.name for a in result.pending_agencies],
        },
        None,
    )


def _run(work: _Work, paths: list[str], jobs: int) -> Iterator[tuple[str, dict[str, Any] | None, str | None]]:
    """Results in the order of ``paths``; with ``jobs`` > 1 from that many forked processes.

    In parallel, versions of one meeting (files sharing a meeting key) must still be imported in
    the batch's order, the later correcting the earlier as with one process. So the workers
    first read every file for its keys, files are grouped by shared keys, and each group is
    imported by one worker, in order. Groups run side by side.
    """
    global _context
    if jobs == 1:
        _context = ImportContext()
        yield from (_one(work, path) for path in paths)
        return
    # Children must open their own database connections: a connection shared across fork()
    # would mix two processes' traffic on one socket.
    connections.close_all()
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_reset_context)
    try:
        keyed = pool.map(functools.partial(_keys, work), paths, chunksize=8)
        done: dict[int, tuple[str, dict[str, Any] | None, str | None]] = {}
        groups = _groups([keys for _path, keys, _error in keyed])
        for index, (path, _file_keys, error) in enumerate(keyed):
            if error is not None:
                done[index] = (path, None, error)
        tasks = [[(i, paths[i]) for i in group if keyed[i][2] is None] for group in groups]
        results = pool.imap(functools.partial(_import_group, work), [t for t in tasks if t])
        next_index = 0
        for batch, events in results:
            done.update(batch)
            signals.send_events(events)  # into the batch the command gathers
            while next_index in done:  # print in the batch's order, as soon as possible
                yield done.pop(next_index)
                next_index += 1
        while next_index in done:
            yield done.pop(next_index)
            next_index += 1
    finally:
        pool.close()
        pool.join()


def _keys(work: _Work, path: str) -> tuple[str, list[int], str | None]:
    try:
        keys = meeting_identity_keys(actor=work.actor, **work.file_args(path))
    except ServiceError as exc:
        return path, [], exc.message
    return path, keys, None


def _groups(keys_per_file: list[list[int]]) -> list[list[int]]:
    """Indexes of files grouped so that files sharing a key are in one group (in order)."""
    parent = list(range(len(keys_per_file)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for index, keys in enumerate(keys_per_file):
        for key in keys:
            if key in owner:
                parent[root(index)] = root(owner[key])
            else:
                owner[key] = index
    grouped: dict[int, list[int]] = {}
    for index in range(len(keys_per_file)):
        grouped.setdefault(root(index), []).append(index)
    return sorted(grouped.values(), key=lambda g: g[0])


def _import_group(
    work: _Work, group: list[tuple[int, str]]
) -> tuple[dict[int, tuple[str, dict[str, Any] | None, str | None]], list[signals.Event]]:
    # In a worker process: what its files committed goes back to the parent as plain data, to
    # be announced with the rest of the batch.
    with signals.collected() as events:
        done = {index: _one(work, path) for index, path in group}
    return done, events.events()


def _reset_context() -> None:
    global _context
    _context = None


def _read(path: str) -> bytes:
    """The file's bytes, or a ServiceError in the same words the parser uses for bad files."""
    if not os.path.isfile(path):
        raise ServiceError("فایل پیدا نشد؛ نشانی آن را بررسی کنید.", code="missing")
    if os.path.getsize(path) > MAX_FILE_BYTES:
        from qarargah.minutes_parser import MESSAGES

        raise ServiceError(MESSAGES["too_large"], code="too_large")
    with open(path, "rb") as fh:
        return fh.read()
