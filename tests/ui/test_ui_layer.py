"""The shared UI layer and the demo app: registries, static paths and command names."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.core.management import get_commands

from qarargah.accounts.scoping import Scope
from qarargah.ui import navigation
from qarargah.ui.navigation import nav_allowed


def test_a_menu_entry_without_a_rule_is_shown_to_everybody():
    assert nav_allowed("no:such-entry", Scope(role="agency_officer"))


def test_a_menu_entry_is_shown_only_where_its_rule_says_so(monkeypatch):
    monkeypatch.setitem(navigation.NAV_RULES, "x:entry", lambda scope: scope.can_import_minutes)
    assert nav_allowed("x:entry", Scope(role="secretariat", can_import_minutes=True))
    assert not nav_allowed("x:entry", Scope(role="agency_officer"))


def test_the_apps_register_their_menu_entries_in_the_ui_registry():
    names = {name for _label, name in navigation.NAV_EXTENSIONS}
    assert {"meetings:list", "resolutions:resolution_list"} <= names


def test_demo_commands_come_from_the_demo_app_under_their_old_names():
    commands = get_commands()
    for name in ("load_demo", "demo_users", "generate"):
        assert commands[name] == "qarargah.demo"
    assert commands["serve"] == "qarargah.web"


def test_shared_static_files_keep_their_paths():
    for path in ("qarargah/app.css", "qarargah/app.js", "qarargah/admin.css", "qarargah/favicon.svg"):
        found = finders.find(path)
        assert found is not None and "/ui/static/" in str(found)
