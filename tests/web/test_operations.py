"""What operators and uptime checks meet: HEAD, the health check, JSON under /api/, 403s, caching."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_head_of_the_home_page_answers_like_get(people, client_for):
    client = client_for(people.secretariat)
    assert client.head("/").status_code == client.get("/").status_code == 200
    anonymous = Client()
    assert anonymous.head("/").status_code == anonymous.get("/").status_code == 302


def test_healthz_says_the_database_answers_and_migrations_are_applied():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert Client().head("/healthz").status_code == 200


def test_healthz_reports_pending_migrations(monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 pending"


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_unknown_api_paths_answer_json_404_for_every_method(method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["error"]["code"] == "not_found"


def test_the_403_page_says_why_in_persian(people, client_for):
    # An agency officer opening the import page: refused with the reason, not just «no».
    response = client_for(people.varzesh).get("/meetings/import/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "شما اجازه انجام این کار را ندارید." in body
    assert '<p class="lead">' in body


def test_a_403_is_logged_as_one_line_without_a_traceback(people, client_for, caplog):
    from qarargah.core.logging import OneLineForbidden

    with caplog.at_level(logging.WARNING, logger="django.request"):
        client_for(people.varzesh).get("/meetings/import/")
    records = [r for r in caplog.records if r.name == "django.request" and r.status_code == 403]
    assert records
    # Django attaches the traceback; the console handler (the one operators read) drops it.
    console = [
        h for h in logging.getLogger().handlers if any(isinstance(f, OneLineForbidden) for f in h.filters)
    ]
    assert console
    for record in records:
        assert record.exc_info is None
        assert "\n" not in console[0].format(record)
        assert record.exc_info is None
        assert "\n" not in record.getMessage()


def test_signed_in_pages_and_json_are_never_cached(people, client_for):
    client = client_for(people.secretariat)
    for url in ("/", "/resolutions/", "/api/v1/resolutions/"):
        cache = client.get(url)["Cache-Control"]
        assert "private" in cache and "no-store" in cache, url


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/?q=%00x",
        "/resolutions/?q=%00%01x",
        "/resolutions/?q=%00",
        "/resolutions/past-review/?q=a%00b",
        "/api/v1/resolutions/?q=%00x",
        "/resolutions/?%00=1",
    ],
)
def test_control_characters_in_a_search_never_fail(people, client_for, url):
    # PostgreSQL refuses NUL in a parameter: this was a server error there.
    assert client_for(people.secretariat).get(url).status_code == 200


def test_control_characters_are_removed_from_uploaded_text_before_it_is_stored():
    from qarargah.persian import normalise

    assert normalise("مصوبه\x00 اول\x07\x1b\x7f") == "مصوبه اول"
    assert normalise("سطر\tیک\r\nسطر دو") == "سطر یک\nسطر دو"
