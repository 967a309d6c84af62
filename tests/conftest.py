"""Shared test world: the demo registry and one named user per role, loaded once per database.

Tests read like sentences: ``client_for(people.varzesh)`` is the sports directorate's officer
in Alborz, ``people.markazi_secretariat`` the secretariat of Markazi, and so on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QARARGAH_TESTING", "true")

# CI runs the property tests with a fixed seed so a red build is reproducible; local runs explore.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

PERSONAS = {
    "secretariat": "dabir.alborz",
    "markazi_secretariat": "dabir.markazi",
    "varzesh": "varzesh.alborz",
    "taavon": "taavon.alborz",
    "markazi_officer": "behzisti.markazi",
    "karaj_governorate": "farmandari.karaj",
    "hesar_manager": "khaneh.hesar",
    "leadership": "ostandar.alborz",
    "national": "nazer.melli",
    "admin": "admin",
    "data_officer": "dadeh.alborz",
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo registry and users once into each test database."""
    from qarargah.demo.loader import load_registry, load_users

    with django_db_blocker.unblock():
        load_registry(lambda _line: None)
        load_users(lambda _line: None)


@pytest.fixture
def people(db) -> SimpleNamespace:
    from qarargah.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=PERSONAS.values())}
    return SimpleNamespace(**{name: users[username] for name, username in PERSONAS.items()})


@pytest.fixture
def client_for(client):
    from django.test import Client

    def make(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def alborz(db):
    from qarargah.organisations.models import Province

    return Province.objects.get(code="alborz")


@pytest.fixture
def markazi(db):
    from qarargah.organisations.models import Province

    return Province.objects.get(code="markazi")


@pytest.fixture
def world_restored(django_db_blocker: Any) -> Iterator[None]:
    """A transactional test empties every table when it ends; put the shared world back for the
    tests that follow on this database (this fixture is set up first, so torn down last)."""
    yield
    from qarargah.demo.loader import load_registry, load_users

    with django_db_blocker.unblock():
        load_registry(lambda _line: None)
        load_users(lambda _line: None)
