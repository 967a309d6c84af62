"""Uploaded minutes waiting for the person to confirm the preview.

The bytes sit on disk under ``MEDIA_ROOT/import-drafts/<user id>/<random token>/`` between the
upload and the confirmation — not in the session (files up to 10 MB would bloat every request)
and not in the database (nothing is saved before «تأیید و ثبت»). A draft is removed when it is
confirmed or cancelled; anything older than a day is swept on each upload.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import Http404

if TYPE_CHECKING:
    from qarargah.accounts.models import User

DRAFT_DIR_NAME = "import-drafts"
MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass
class Draft:
    token: str
    path: Path
    filename: str
    body_id: int | None
    batch: str

    def read(self) -> bytes:
        return (self.path / "data").read_bytes()

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / DRAFT_DIR_NAME


def _user_dir(user: User) -> Path:
    return _root() / str(int(user.pk))


def _token() -> str:
    return secrets.token_urlsafe(18)


def sweep(max_age: int = MAX_AGE_SECONDS) -> int:
    """Remove every user's drafts and batches older than ``max_age`` seconds; returns how many."""
    root = _root()
    if not root.is_dir():
        return 0
    cutoff = time.time() - max_age
    removed = 0
    for user_dir in root.iterdir():
        if not user_dir.is_dir():
            continue
        for entry in user_dir.iterdir():
            try:
                if entry.stat().st_mtime < cutoff:
                    if entry.is_dir():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)
                    removed += 1
            except FileNotFoundError:  # removed by a concurrent request
                continue
    return removed


def save_draft(user: User, *, filename: str, data: bytes, body_id: int | None, batch: str) -> Draft:
    token = _token()
    path = _user_dir(user) / token
    path.mkdir(parents=True, exist_ok=False)
    (path / "data").write_bytes(data)
    meta = {"filename": filename, "body_id": body_id, "batch": batch}
    (path / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return Draft(token, path, filename, body_id, batch)


def load_draft(user: User, token: str) -> Draft:
    """The user's own draft, or 404 (a token of another user's draft is simply not found)."""
    if not _TOKEN_RE.fullmatch(token or ""):
        raise Http404
    path = _user_dir(user) / token
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Http404 from None
    return Draft(token, path, meta["filename"], meta.get("body_id"), meta.get("batch", ""))


def new_batch_token() -> str:
    return _token()


def save_batch(user: User, token: str, entries: list[dict[str, Any]]) -> None:
    folder = _user_dir(user)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{token}.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def load_batch(user: User, token: str) -> list[dict[str, Any]]:
    """The files of one upload: ``{"name", "draft" | None, "error" | None}``, drafts still open
    marked ``"open": True``."""
    if not _TOKEN_RE.fullmatch(token or ""):
        raise Http404
    try:
        entries = json.loads((_user_dir(user) / f"{token}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Http404 from None
    for entry in entries:
        entry["open"] = bool(entry.get("draft")) and (_user_dir(user) / entry["draft"] / "data").exists()
    return entries
