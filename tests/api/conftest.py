from __future__ import annotations

import pytest
from django.test import Client

from qarargah.api.tokens import issue_token

from .world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def api_for():
    """A client that sends ``Authorization: Token …`` for the user (no session, no CSRF)."""

    def make(user) -> Client:
        _, key = issue_token(user=user)
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make


@pytest.fixture
def anon():
    return Client()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded attachments go to a temporary folder, not the developer's var/uploads."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
