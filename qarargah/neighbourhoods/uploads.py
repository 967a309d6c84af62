"""A survey file between its preview and the person's confirmation.

The bytes sit under ``MEDIA_ROOT/need-import-drafts/<user id>/<token>`` (not in the session:
files up to 2 MB would ride on every request), so the confirmation imports exactly the file that
was previewed. A draft is removed when confirmed; older than a day, on the next upload.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404

if TYPE_CHECKING:
    from qarargah.accounts.models import User

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _user_dir(user: User) -> Path:
    return Path(settings.MEDIA_ROOT) / "need-import-drafts" / str(int(user.pk))


def save(user: User, filename: str, data: bytes) -> str:
    root = _user_dir(user)
    if root.exists():
        for old in root.iterdir():
            if time.time() - old.stat().st_mtime > MAX_AGE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
    token = secrets.token_urlsafe(18)
    path = root / token
    path.mkdir(parents=True)
    (path / "data").write_bytes(data)
    (path / "meta.json").write_text(json.dumps({"filename": filename}), encoding="utf-8")
    return token


def load(user: User, token: str) -> tuple[str, bytes]:
    """The user's own draft; another user's token, or a gone one, is 404."""
    if not _TOKEN_RE.fullmatch(token):
        raise Http404
    path = _user_dir(user) / token
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return str(meta["filename"]), (path / "data").read_bytes()
    except (OSError, ValueError, KeyError):
        raise Http404 from None


def remove(user: User, token: str) -> None:
    if _TOKEN_RE.fullmatch(token):
        shutil.rmtree(_user_dir(user) / token, ignore_errors=True)
