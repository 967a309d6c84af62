"""The change-history mechanism (see docs/decisions/0002-change-history.md).

Models are registered once with :func:`track`; from then on django-auditlog writes a LogEntry
(who, when, the action, and each changed field's before/after values) in the same transaction as
every create, update and delete — whether it comes from a service, the admin or an import.

Two additions on top of auditlog, both stored in ``LogEntry.additional_data``:

* ``event``: services name the business event with :func:`acting_as` («گزارش پذیرفته شد»
  rather than just «وضعیت تغییر کرد»);
* ``p_<model>``: a child row (an alias, a membership, an assignment) names its parent objects,
  declared with ``track(Model, parents=[...])``, so the parent's timeline still shows a child
  after the child itself was deleted.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models
from django.db.models.signals import pre_save

_event: ContextVar[dict[str, Any] | None] = ContextVar("qarargah_history_event", default=None)
_PARENTS: dict[type[models.Model], tuple[str, ...]] = {}


def parent_key(model: type[models.Model] | models.Model) -> str:
    return f"p_{model._meta.model_name}"


def track(model: type[models.Model], *, parents: tuple[str, ...] | list[str] = (), **options: Any) -> None:
    """Record every create, change and delete of ``model`` from now on.

    ``parents`` names foreign keys whose targets should show this model's changes in their
    own timelines.
    """
    if auditlog.contains(model):
        return
    # Derived and bookkeeping columns would only add noise to what users read.
    names = {f.name for f in model._meta.get_fields()}
    noise = [n for n in ("version", "name_key", "text_key", "password", "last_login") if n in names]
    options.setdefault("exclude_fields", noise)
    _PARENTS[model] = tuple(parents)
    auditlog.register(model, **options)


@contextlib.contextmanager
def acting_as(actor: Any, *, event: str | None = None, **details: Any) -> Iterator[None]:
    """Attribute the history rows written inside the block to ``actor`` and ``event``.

    The web middleware already sets the request's user; services still pass their explicit
    ``actor=`` so commands and background jobs are attributed too.
    """
    token = _event.set({"event": event, **details} if (event or details) else None)
    try:
        if getattr(actor, "pk", None):
            with set_actor(actor):
                yield
        else:
            yield
    finally:
        _event.reset(token)


def _annotate(sender: type[LogEntry], instance: LogEntry, **kwargs: Any) -> None:
    """Add the current event and the tracked object's parents to each new LogEntry."""
    if instance.pk is not None:
        return
    data = dict(instance.additional_data or {})
    event = _event.get()
    if event:
        data.update({k: v for k, v in event.items() if v is not None})
    model = instance.content_type.model_class() if instance.content_type_id else None
    for fk in _PARENTS.get(model, ()):  # type: ignore[arg-type]
        value = _parent_value(instance, model, fk)
        if value is not None:
            data[parent_key(model._meta.get_field(fk).related_model)] = value  # type: ignore[union-attr]
    instance.additional_data = data or None


def _parent_value(entry: LogEntry, model: type[models.Model] | None, fk: str) -> int | None:
    # The child row may be gone (a delete), so read the id from what auditlog serialised:
    # the change pairs carry the foreign key's id as text.
    changes = entry.changes
    if isinstance(changes, str):  # auditlog may hand the diff over still serialised
        try:
            changes = json.loads(changes)
        except ValueError:
            changes = None
    pair = (changes or {}).get(fk) if isinstance(changes, dict) else None
    if isinstance(pair, (list, tuple)):
        value = pair[1] if pair[1] not in (None, "None") else pair[0]
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    return _live_parent(entry, model, fk)


def _live_parent(entry: LogEntry, model: type[models.Model] | None, fk: str) -> int | None:
    if model is None:
        return None
    row = model._default_manager.filter(pk=entry.object_pk).values_list(f"{fk}_id", flat=True).first()
    return row


pre_save.connect(_annotate, sender=LogEntry, dispatch_uid="qarargah_history_annotate")
