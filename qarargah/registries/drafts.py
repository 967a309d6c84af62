"""An agency's file between its preview (with the column mapping) and the confirmation.

The bytes sit under ``MEDIA_ROOT/registry-drafts/<user id>/<token>``, not in the session, so
the confirmation imports exactly the previewed file. Removed when confirmed; older than a day,
on the user's next upload. A token of another user, or a gone one, is a 404.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _user_dir(user: Any) -> Path:
    return Path(settings.MEDIA_ROOT) / "registry-drafts" / str(int(user.pk))


def save(user: Any, source_id: int, filename: str, data: bytes) -> str:
    root = _user_dir(user)
    if root.exists():
        for old in root.iterdir():
            if time.time() - old.stat().st_mtime > MAX_AGE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
    token = secrets.token_urlsafe(18)
    path = root / token
    path.mkdir(parents=True)
    (path / "data").write_bytes(data)
    (path / "meta.json").write_text(json.dumps({"filename": filename, "source": source_id}), encoding="utf-8")
    return token


def load(user: Any, token: str, source_id: int) -> tuple[str, bytes]:
    if not _TOKEN_RE.fullmatch(token):
        raise Http404
    path = _user_dir(user) / token
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta["source"] != source_id:
            raise Http404
        return str(meta["filename"]), (path / "data").read_bytes()
    except (OSError, ValueError, KeyError):
        raise Http404 from None


def remove(user: Any, token: str) -> None:
    if _TOKEN_RE.fullmatch(token):
        shutil.rmtree(_user_dir(user) / token, ignore_errors=True)
