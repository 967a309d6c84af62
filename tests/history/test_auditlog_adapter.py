"""django-auditlog is used beyond its documented surface in one module only
(``history/auditlog_adapter.py``); these checks fail loudly when an upgrade changes what that
module relies on, before the importer writes history rows that differ from auditlog's own."""

from __future__ import annotations

import ast
import datetime
import inspect
import re
import tomllib
from pathlib import Path

import pytest
from auditlog import diff as auditlog_diff
from auditlog.context import disable_auditlog

from qarargah.history import auditlog_adapter as adapter

REPO = Path(__file__).resolve().parents[2]
# Names other modules may import from auditlog directly: its documented API.
PUBLIC = {"disable_auditlog", "LogEntry", "AuditlogConfig"}


def test_the_installed_auditlog_is_the_one_the_adapter_was_written_for():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("django-auditlog")]
    assert pins == [f"django-auditlog=={adapter.AUDITLOG_VERSION}"], (
        "auditlog was upgraded: recheck history/auditlog_adapter.py against the new release, "
        "then update AUDITLOG_VERSION"
    )
    assert adapter.installed_version() == adapter.AUDITLOG_VERSION


def test_the_private_helpers_still_have_the_shape_the_adapter_calls():
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_disabled
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog

    assert list(inspect.signature(auditlog_diff.get_field_value).parameters)[:3] == [
        "obj",
        "field",
        "use_json_for_changes",
    ]
    assert list(inspect.signature(auditlog_diff.get_fields_in_model).parameters) == ["instance"]
    assert list(inspect.signature(auditlog_diff.model_instance_diff).parameters)[:2] == ["old", "new"]
    assert callable(auditlog_diff.get_mask_function) and callable(auditlog_diff.is_primitive)
    assert list(inspect.signature(LogEntry.objects._get_serialized_data_or_none).parameters) == ["instance"]
    assert callable(get_cid) and auditlog_disabled.get() is False
    from qarargah.meetings.models import Meeting

    options = auditlog.get_model_fields(Meeting)
    assert {"include_fields", "exclude_fields", "mask_fields"} <= set(options)


@pytest.mark.django_db
def test_the_adapter_behaves_like_auditlog_itself(people, alborz):
    from qarargah.meetings.models import Meeting
    from qarargah.organisations.models import Body

    assert adapter.is_disabled() is False
    with disable_auditlog():
        assert adapter.is_disabled() is True
    assert adapter.is_tracked(Meeting)
    body = Body.objects.get(province=alborz, name="قرارگاه اجتماعی استان")
    meeting = Meeting.objects.create(body=body, number=91, date=datetime.date(2024, 12, 5), joint_sessions=[])
    entry = adapter.LogEntry.objects.get_for_object(meeting).get(action=adapter.LogEntry.Action.CREATE)
    for use_json in (False, True):
        expected = auditlog_diff.model_instance_diff(None, meeting, use_json_for_changes=use_json)
        assert adapter.created_diff(Meeting, use_json)(meeting) == expected
    # What auditlog's own receiver stored: the same diff, serialised data and correlation id.
    assert {k: list(v) for k, v in adapter.created_diff(Meeting, False)(meeting).items()} == entry.changes
    assert adapter.serialized_data(meeting) == entry.serialized_data
    assert adapter.current_cid() == entry.cid


def test_no_other_module_reaches_into_auditlog():
    offenders = []
    for path in (REPO / "qarargah").rglob("*.py"):
        if path.name == "auditlog_adapter.py" or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("auditlog"):
                offenders += [f"{path.name}: {a.name}" for a in node.names if a.name not in PUBLIC]
            if isinstance(node, ast.Import):
                offenders += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("auditlog")]
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"LogEntry\.objects\._\w+", text)]
    assert offenders == []
