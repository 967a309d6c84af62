"""The business events people read on timelines, one typed list per app.

Each app declares its events once as a ``TextChoices`` with Persian labels (``ResolutionEvent``
in ``resolutions/events.py`` …), registers it in its ``AppConfig.ready()`` with
:func:`register_events`, and its services pass the members to ``acting_as(event=...)``. The
value is what history stores; the label is what the timeline shows. Registering the same value
twice with two wordings is refused at start-up, so a timeline never depends on which app
loaded last.
"""

from __future__ import annotations

from django.db import models

# value -> Persian label, for every registered event.
EVENT_LABELS: dict[str, str] = {}
# value -> the TextChoices class that declared it (to name the culprit of a clash).
_OWNERS: dict[str, type[models.TextChoices]] = {}


class EventClash(ValueError):
    """Two apps declared one event name with different wordings."""


def register_events(choices: type[models.TextChoices]) -> None:
    """Make the labels of ``choices`` known to every timeline; idempotent for the same class."""
    for member in choices:
        value, label = str(member.value), str(member.label)
        owner = _OWNERS.get(value)
        if owner is not None and owner is not choices and EVENT_LABELS[value] != label:
            raise EventClash(
                f"event {value!r} is declared by {owner.__qualname__} as «{EVENT_LABELS[value]}» "
                f"and by {choices.__qualname__} as «{label}»"
            )
        _OWNERS.setdefault(value, choices)
        EVENT_LABELS[value] = label


def event_label(value: str | None) -> str | None:
    """The Persian label of a stored event, or None for an unknown one (never the raw key)."""
    if not value:
        return None
    return EVENT_LABELS.get(str(value))


def registered_event_classes() -> list[type[models.TextChoices]]:
    return list(dict.fromkeys(_OWNERS.values()))
