"""Shared pieces of the meetings tests: the sample minutes and a private MEDIA_ROOT per test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files and drafts of each test land in its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def import_file(db):
    """Import a sample (or given bytes) the way the command line does, as the system."""
    from qarargah.accounts.system import SYSTEM
    from qarargah.meetings.importer import import_minutes
    from qarargah.organisations.models import Province

    def run(
        path: Path | None = None, *, data: bytes | None = None, name: str | None = None, actor=None, **kw
    ):
        if data is None:
            data = path.read_bytes()
        name = name or (path.name if path else "minutes.txt")
        if "province" not in kw and "body" not in kw and actor is None:
            code = "markazi" if "markazi" in name else "alborz"
            kw["province"] = Province.objects.get(code=code)
        kw.setdefault("body", None)
        # The command line without --user runs as the system (decision 0012).
        return import_minutes(actor=actor if actor is not None else SYSTEM, filename=name, data=data, **kw)

    return run
