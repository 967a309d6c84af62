"""Command-line: demo users as JSON, demo data refused in production, deploy checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_demo_users_json_lists_every_role(people):
    out = StringIO()
    call_command("demo_users", "--json", stdout=out)
    users = json.loads(out.getvalue())
    roles = {u["role"] for u in users}
    assert roles == {
        "secretariat",
        "agency_officer",
        "county_officer",
        "house_manager",
        "leadership",
        "national_viewer",
        "admin",
        "data_officer",
    }
    officer = next(u for u in users if u["username"] == "varzesh.alborz")
    assert officer["agency"] == "اداره کل ورزش و جوانان"
    assert officer["password"]
    assert {"username", "password", "role", "agency", "body", "neighbourhood"} <= set(officer)


def test_load_demo_is_idempotent(people):
    from qarargah.organisations.models import Agency

    before = Agency.objects.count()
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    assert Agency.objects.count() == before


def test_load_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production مجاز نیست"):
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())


def _run(args, env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("QARARGAH_TESTING", "DATABASE_URL")}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "qarargah", *args], capture_output=True, text=True, env=env, timeout=120
    )


PRODUCTION_ENV = {
    "QARARGAH_ENV": "production",
    "SECRET_KEY": "x" * 30 + "production-secret-key-for-check-deploy-0123456789",
    "ALLOWED_HOSTS": "qarargah.example.ir",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/qarargah",
}


def test_check_deploy_is_silent_with_production_settings():
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_demo_data_refused_by_the_console_script_in_production():
    result = _run(["load_demo"], PRODUCTION_ENV)
    assert result.returncode != 0
    assert "production" in result.stderr


def test_production_without_secret_key_fails_loudly():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _run(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_malformed_boolean_setting_fails_loudly():
    result = _run(["check"], {"DEBUG": "yes"})
    assert result.returncode != 0
    assert "DEBUG must be 'true' or 'false'" in result.stderr
