"""Typed events: every event the code names is a member of an app's TextChoices with a Persian
label, each registered once, and no name is declared twice with two wordings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.db import models

from qarargah.accounts.events import AccountEvent
from qarargah.history.events import (
    EVENT_LABELS,
    EventClash,
    event_label,
    register_events,
    registered_event_classes,
)
from qarargah.meetings.events import MeetingEvent
from qarargah.neighbourhoods.events import NeighbourhoodEvent
from qarargah.organisations.events import OrganisationEvent
from qarargah.registries.events import RegistryEvent
from qarargah.resolutions.events import ResolutionEvent

SOURCE = Path(__file__).resolve().parents[2] / "qarargah"
EVENT_CLASSES = {
    c.__name__: c
    for c in (
        AccountEvent,
        MeetingEvent,
        OrganisationEvent,
        ResolutionEvent,
        NeighbourhoodEvent,
        RegistryEvent,
    )
}
PERSIAN = re.compile(r"^[\u0600-\u06FF\u200c /()«»]+$")


def _event_arguments() -> list[tuple[str, ast.expr]]:
    """Every ``event=`` keyword passed to a call anywhere in the application code, with the
    expressions it may take (both arms of a conditional)."""
    found = []
    for path in SOURCE.rglob("*.py"):
        if path.parent.name == "history":  # the mechanism itself reads stored events back
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "event":
                        found.append((f"{path.relative_to(SOURCE)}:{node.lineno}", keyword.value))
            # ``event = X if ... else Y`` assigned before the call.
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "event" for t in node.targets
            ):
                found.append((f"{path.relative_to(SOURCE)}:{node.lineno}", node.value))
    return found


def _members(expr: ast.expr) -> list[ast.expr]:
    if isinstance(expr, ast.IfExp):
        return [*_members(expr.body), *_members(expr.orelse)]
    return [expr]


def test_services_pass_typed_events_never_bare_strings():
    arguments = _event_arguments()
    assert len(arguments) > 20  # the scan does find the services' calls
    used = set()
    for where, expr in arguments:
        for member in _members(expr):
            if isinstance(member, ast.Name):  # a variable set from typed members (checked above)
                continue
            assert isinstance(member, ast.Attribute) and isinstance(member.value, ast.Name), (
                where,
                ast.dump(member),
            )
            assert member.value.id in EVENT_CLASSES, (where, member.value.id)
            used.add(getattr(EVENT_CLASSES[member.value.id], member.attr))
    # And every member the code passes has its Persian label on the timelines.
    for event in used:
        assert event_label(event) == event.label


def test_every_declared_event_has_one_persian_label_registered():
    assert set(registered_event_classes()) == set(EVENT_CLASSES.values())
    values = [str(member) for choices in EVENT_CLASSES.values() for member in choices]
    assert len(values) == len(set(values)), "one event name declared by two apps"
    for choices in EVENT_CLASSES.values():
        for member in choices:
            assert PERSIAN.match(member.label), member
            assert EVENT_LABELS[member.value] == member.label
    # The two wordings of «assignment_created» are one now.
    assert event_label("assignment_created") == "دستگاه اقدام‌کننده تعیین شد"
    assert event_label("agency_merged") == "دستگاه در دستگاه دیگری ادغام شد"
    assert event_label("no_such_event") is None


def test_a_second_wording_of_a_registered_event_is_refused():
    class Other(models.TextChoices):
        ASSIGNMENT_CREATED = "assignment_created", "تکلیف به دستگاه داده شد"

    with pytest.raises(EventClash, match="assignment_created"):
        register_events(Other)
    assert EVENT_LABELS["assignment_created"] == "دستگاه اقدام‌کننده تعیین شد"
    # Registering the same class again changes nothing.
    register_events(ResolutionEvent)
    assert EVENT_LABELS["assignment_created"] == "دستگاه اقدام‌کننده تعیین شد"


@pytest.mark.django_db
def test_the_stored_event_is_the_plain_value(people):
    from qarargah.history.auditlog_adapter import LogEntry
    from qarargah.organisations import services
    from qarargah.organisations.models import Agency

    agency = Agency.objects.get(name="اداره کل ورزش و جوانان")
    services.update_agency(
        actor=people.secretariat, agency=agency, expected_version=agency.version, email="a@b.ir"
    )
    entry = LogEntry.objects.filter(object_id=agency.pk, action=LogEntry.Action.UPDATE).latest("id")
    assert entry.additional_data["event"] == "agency_updated"
    assert type(entry.additional_data["event"]) is str
