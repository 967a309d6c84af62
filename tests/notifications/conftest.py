from __future__ import annotations

import pytest

from tests.api.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def with_emails(people):
    """Give the people who get digests an email address (the demo accounts have none)."""
    for name in (
        "varzesh",
        "taavon",
        "secretariat",
        "markazi_secretariat",
        "markazi_officer",
        "karaj_governorate",
    ):
        user = getattr(people, name)
        user.email = f"{user.username}@example.ir"
        user.save(update_fields=["email"])
    return people
