"""`qarargah import --jobs`: files side by side, versions of one meeting still in the batch's order."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from qarargah.meetings.importer import meeting_identity_keys
from qarargah.organisations.models import Province
from tests.meetings.samples import SAMPLE_000, SAMPLE_002
from tests.meetings.test_reimport_and_update import _changed_000

ROOT = Path(__file__).resolve().parents[2]
# The command's module is named «import», a Python keyword.
_groups = importlib.import_module("qarargah.meetings.management.commands.import")._groups


def test_files_sharing_a_key_form_one_group_in_the_batch_order():
    # 0 and 3 share a key, 3 and 4 share another: one group, in order; 1 and 2 stand alone.
    assert _groups([[10], [20], [], [10, 30], [30]]) == [[0, 3, 4], [1], [2]]
    assert _groups([]) == []


@pytest.mark.django_db
def test_a_corrected_version_has_its_meetings_key_and_another_meeting_does_not():
    alborz = Province.objects.get(code="alborz")

    def keys(data: bytes, name: str) -> set[int]:
        return set(meeting_identity_keys(actor=None, body=None, filename=name, data=data, province=alborz))

    first = keys(SAMPLE_000.read_bytes(), SAMPLE_000.name)
    corrected = keys(_changed_000(), "v2.txt")  # another date, the same invitation
    other = keys(SAMPLE_002.read_bytes(), SAMPLE_002.name)
    assert first & corrected
    assert not first & other


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "چند", "-2"])
def test_jobs_must_be_a_positive_number_or_auto(value):
    with pytest.raises(CommandError) as raised:
        call_command("import", str(SAMPLE_000), "--province", "alborz", "--jobs", value)
    assert str(raised.value) == "--jobs باید عددی مثبت یا auto باشد."
    assert raised.value.returncode == 2


def _scratch_database() -> tuple[str, object]:
    """A database of its own for a batch run by another process (the test's database is inside
    a transaction other processes cannot see): PostgreSQL when the suite runs on it, else a
    SQLite file. Returns its URL and a function that drops it."""
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.settings_dict
        server = f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
        name = f"qarargah_jobs_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return f"{server}/{name}", drop
    path = Path(settings.MEDIA_ROOT).parent / "jobs.sqlite3"
    return f"sqlite:///{path}", lambda: None


def _qarargah(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qarargah", *args], env=env, capture_output=True, text=True, cwd=ROOT
    )


@pytest.mark.django_db
def test_a_batch_in_two_processes_imports_as_one_process_would(tmp_path):
    url, drop = _scratch_database()
    env = {k: v for k, v in os.environ.items() if k not in ("QARARGAH_TESTING", "QARARGAH_TEST_DATABASE_URL")}
    env.update(DATABASE_URL=url, QARARGAH_VAR_DIR=str(tmp_path / "var"), LOG_LEVEL="ERROR")
    try:
        assert _qarargah(env, "migrate", "-v0").returncode == 0
        loaded = _qarargah(
            env,
            "shell",
            "-v0",
            "-c",
            "from qarargah.demo.loader import load_registry, load_users; load_registry(lambda _: None); load_users(lambda _: None)",
        )
        assert loaded.returncode == 0, loaded.stderr
        files = [tmp_path / f"{k}.txt" for k in range(4)]
        files[0].write_bytes(SAMPLE_000.read_bytes())
        files[1].write_bytes(SAMPLE_002.read_bytes())
        files[2].write_bytes(_changed_000())  # corrects the first file's meeting
        files[3].write_bytes(SAMPLE_002.read_bytes())  # the same bytes again
        run = _qarargah(env, "import", "--province", "alborz", "--jobs", "2", *map(str, files))
        assert run.returncode == 0, run.stderr
        lines = [line for line in run.stdout.splitlines() if not line.startswith("  ")]
        # Reported in the batch's order, whatever the order the processes finished in.
        assert [line.split(":")[0] for line in lines] == [str(f) for f in files]
        assert "ثبت شد" in lines[0] and "ثبت شد" in lines[1]
        assert "به‌روزرسانی شد" in lines[2]  # the correction came after the file it corrects
        assert "بدون تغییر" in lines[3]
        check = _qarargah(
            env,
            "shell",
            "-v0",
            "-c",
            "from qarargah.meetings.models import MinutesDocument as D; from qarargah.organisations.models import Agency; "
            "print(D.objects.values('meeting').distinct().count(), D.objects.count(), "
            "sorted(str(d.meeting.date) for d in D.objects.select_related('meeting')), "
            "Agency.objects.filter(name__contains='زندانیان').count())",
        )
        assert check.returncode == 0, check.stderr
        numbers = check.stdout.split()
        # Two meetings from four files (three stored documents: the repeat adds none); the first
        # meeting carries the corrected date (1401/01/25 = 2022-04-14); the agency the
        # correction names was added once, as pending.
        assert numbers[0] == "2" and numbers[1] == "3"
        assert "'2022-04-14'" in check.stdout and "'2022-04-13'" not in check.stdout
        assert numbers[-1] == "1"
    finally:
        drop()
