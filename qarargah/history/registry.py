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
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from django.db import models, router
from django.db.models.signals import pre_save

from . import auditlog_adapter as adapter
from .auditlog_adapter import LogEntry

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

_event: ContextVar[dict[str, Any] | None] = ContextVar("qarargah_history_event", default=None)
# The object auditlog is writing a LogEntry for (see _remember).
_logging: ContextVar[models.Model | None] = ContextVar("qarargah_history_logging", default=None)
# History rows of log_created waiting for the end of a deferred_history() block.
_deferred: ContextVar[list[LogEntry] | None] = ContextVar("qarargah_history_deferred", default=None)
_PARENTS: dict[type[models.Model], tuple[str, ...]] = {}


def parent_key(model: type[models.Model] | models.Model) -> str:
    return f"p_{model._meta.model_name}"


def _parent_field(model: type[models.Model], fk: str) -> models.ForeignKey[Any, Any]:
    # ``track`` takes foreign keys as parents; the stubs type ``get_field`` as any field or
    # reverse relation.
    return cast("models.ForeignKey[Any, Any]", model._meta.get_field(fk))


def _parent_model(model: type[models.Model], fk: str) -> type[models.Model]:
    return _parent_field(model, fk).related_model


def track(model: type[models.Model], *, parents: tuple[str, ...] | list[str] = (), **options: Any) -> None:
    """Record every create, change and delete of ``model`` from now on.

    ``parents`` names foreign keys whose targets should show this model's changes in their
    own timelines.
    """
    if adapter.is_tracked(model):
        return
    # Derived and bookkeeping columns would only add noise to what users read.
    names = {f.name for f in model._meta.get_fields()}
    noise = [n for n in ("version", "name_key", "text_key", "password", "last_login") if n in names]
    options.setdefault("exclude_fields", noise)
    _PARENTS[model] = tuple(parents)
    adapter.register(model, **options)


@contextlib.contextmanager
def acting_as(actor: Actor | None, *, event: str | None = None, **details: Any) -> Iterator[None]:
    """Attribute the history rows written inside the block to ``actor`` and ``event``.

    ``event`` is a member of an app's typed events (``resolutions.events.ResolutionEvent`` …,
    registered with :func:`qarargah.history.events.register_events`); its value is stored.
    The web middleware already sets the request's user; services still pass their explicit
    ``actor=`` so commands and background jobs are attributed too.
    """
    token = _event.set({"event": _event_key(event), **details} if (event or details) else None)
    try:
        if getattr(actor, "pk", None):
            with adapter.set_actor(actor):
                yield
        else:
            yield
    finally:
        _event.reset(token)


def _event_key(event: str | None) -> str | None:
    # A TextChoices member is a str already; store its plain value so the JSON holds no enum.
    if isinstance(event, Enum):
        return str(event.value)
    return event


def _annotate(sender: type[LogEntry], instance: LogEntry, **kwargs: Any) -> None:
    """Add the current event and the tracked object's parents to each new LogEntry."""
    if instance.pk is not None:
        return
    data = dict(instance.additional_data or {})
    event = _event.get()
    if event:
        data.update({k: v for k, v in event.items() if v is not None})
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is not None:
        for fk in _PARENTS.get(model, ()):
            value = _parent_value(instance, model, fk)
            if value is not None:
                data[parent_key(_parent_model(model, fk))] = value
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
    # The object being logged, as auditlog announced it (pre_log): no query needed.
    obj = _logging.get()
    if obj is not None and type(obj)._meta.concrete_model is model and str(obj.pk) == str(entry.object_pk):
        return getattr(obj, _parent_field(model, fk).attname)
    # order_by(): the model's default ordering may join other tables for nothing.
    return (
        model._default_manager.filter(pk=entry.object_pk)
        .order_by()
        .values_list(f"{fk}_id", flat=True)
        .first()
    )


def _remember(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    """auditlog's ``pre_log``: note the object whose LogEntry is about to be written, so that
    :func:`_annotate` reads its parents from it instead of from the database."""
    _logging.set(instance)


pre_save.connect(_annotate, sender=LogEntry, dispatch_uid="qarargah_history_annotate")
adapter.pre_log.connect(_remember, dispatch_uid="qarargah_history_remember")


def log_created(
    objs: Sequence[models.Model], *, actor: Actor | None = None, event: str | None = None
) -> None:
    """Write the "created" history rows of ``objs`` (all of one model, just saved with
    ``bulk_create``, which sends no signals) in one INSERT.

    Each row is what auditlog's own ``post_save`` receiver plus :func:`_annotate` would have
    written: the same field diff, ``object_repr`` and correlation id; the actor named here, else
    the one of the surrounding :func:`acting_as` / request middleware (with its remote address);
    the current ``acting_as`` event and details, ``event`` overriding; and the ``p_<model>`` ids
    of the declared parents, read from the object itself. The importer writes tens of thousands
    of rows per thousand files, and one INSERT per history row was most of its time.
    """
    if not objs:
        return
    model = type(objs[0])
    if not adapter.is_tracked(model) or adapter.is_disabled():
        return
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from django.utils.encoding import smart_str

    content_type = ContentType.objects.get_for_model(model)
    # What the active contexts (auditlog's set_actor from acting_as or the request middleware,
    # and our _annotate) put on every LogEntry: let their pre_save receivers fill one probe.
    probe = LogEntry()
    pre_save.send(sender=LogEntry, instance=probe, raw=False, using=router.db_for_write(LogEntry))
    user = actor if getattr(actor, "pk", None) else probe.actor
    base = dict(probe.additional_data or {})
    if event:
        base["event"] = _event_key(event)
    parents = [
        (_parent_field(model, fk).attname, parent_key(_parent_model(model, fk)))
        for fk in _PARENTS.get(model, ())
    ]
    now = timezone.now()
    cid = adapter.current_cid()
    diff = adapter.created_diff(model, adapter.store_json_changes())
    entries = []
    for obj in objs:
        data = dict(base)
        for attname, key in parents:
            value = getattr(obj, attname)
            if value is not None:
                data[key] = value
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk if isinstance(obj.pk, int) else None,
                object_repr=smart_str(obj),
                serialized_data=adapter.serialized_data(obj),
                action=LogEntry.Action.CREATE,
                changes=diff(obj),
                actor=user,
                actor_email=getattr(user, "email", None) if user else None,
                additional_data=data or None,
                timestamp=now,
                cid=cid,
                remote_addr=probe.remote_addr,
                remote_port=probe.remote_port,
            )
        )
    pending = _deferred.get()
    if pending is not None:
        pending.extend(entries)
    else:
        LogEntry.objects.bulk_create(entries)


@contextlib.contextmanager
def deferred_history() -> Iterator[None]:
    """Collect the rows :func:`log_created` writes inside the block and INSERT them all at its
    end (one statement for a whole imported file instead of one per kind of row).

    Use it inside the transaction that writes the rows, so the history commits or rolls back
    with them; if the block raises, the collected rows are dropped with the rest. Nested blocks
    leave the writing to the outermost one.
    """
    if _deferred.get() is not None:
        yield
        return
    pending: list[LogEntry] = []
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    LogEntry.objects.bulk_create(pending)


def parent_models(model: type[models.Model]) -> dict[str, type[models.Model]]:
    """The ``p_<model>`` keys a tracked model's rows carry, with the parent model of each."""
    return {parent_key(_parent_model(model, fk)): _parent_model(model, fk) for fk in _PARENTS.get(model, ())}
