"""Reads of the change history, shaped for the Persian timeline template."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from .registry import parent_key

ACTION_LABELS = {
    LogEntry.Action.CREATE: "ایجاد",
    LogEntry.Action.UPDATE: "ویرایش",
    LogEntry.Action.DELETE: "حذف",
    LogEntry.Action.ACCESS: "مشاهده",
}

# Business events services attach through history.registry.acting_as(event=...).
EVENT_LABELS: dict[str, str] = {}


def register_event_labels(labels: dict[str, str]) -> None:
    """Apps add the Persian wording of their own events (e.g. «گزارش پذیرفته شد»)."""
    EVENT_LABELS.update(labels)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject: str
    event: str | None
    changes: tuple[FieldChange, ...]


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


class _Display:
    """Turns stored values into what a person reads; foreign keys resolved in one query per model."""

    def __init__(self, rows: list[LogEntry]) -> None:
        wanted: dict[type[models.Model], set[str]] = {}
        for row in rows:
            model = row.content_type.model_class()
            for name, pair in (row.changes or {}).items():
                field = _field(model, name)
                if (
                    field is not None
                    and field.is_relation
                    and field.many_to_one
                    and isinstance(pair, (list, tuple))
                ):
                    wanted.setdefault(field.related_model, set()).update(
                        str(v) for v in pair if v not in (None, "None", "")
                    )
        self._names: dict[tuple[type[models.Model], str], str] = {}
        for related, pks in wanted.items():
            for obj in related._default_manager.filter(pk__in=[p for p in pks if p.isdigit()]):
                self._names[(related, str(obj.pk))] = str(obj)

    def __call__(self, model: type[models.Model] | None, name: str, value: object) -> str:
        if value in (None, "None", ""):
            return "—"
        field = _field(model, name)
        if field is not None and field.is_relation and field.many_to_one:
            return self._names.get((field.related_model, str(value)), f"(حذف‌شده، شناسه {value})")
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if value in ("True", "False"):
            return "بله" if value == "True" else "خیر"
        return str(value)


def history_for(objects: Iterable[models.Model], *, limit: int = 200) -> list[TimelineEntry]:
    """The timeline of changes to ``objects`` (of any registered models), newest first."""
    by_type: dict[int, list[int]] = {}
    children = Q()
    for obj in objects:
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        by_type.setdefault(ct.pk, []).append(obj.pk)
        # Rows that named this object as their parent (see registry.track(parents=...)).
        children |= Q(**{f"additional_data__{parent_key(obj)}": obj.pk})
    if not by_type:
        return []
    condition = children
    for ct_id, pks in by_type.items():
        condition |= Q(content_type_id=ct_id, object_id__in=pks)
    rows = list(
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")[:limit]
    )
    display = _Display(rows)
    entries = []
    for row in rows:
        model = row.content_type.model_class()
        extra = row.additional_data or {}
        changes = tuple(
            FieldChange(
                label=_field_label(model, name),
                old=display(model, name, pair[0]),
                new=display(model, name, pair[1]),
            )
            for name, pair in (row.changes or {}).items()
            if isinstance(pair, (list, tuple))
        )
        event = extra.get("event") if isinstance(extra, dict) else None
        entries.append(
            TimelineEntry(
                at=row.timestamp,
                actor=str(row.actor) if row.actor else "سامانه",
                action=ACTION_LABELS.get(row.action, str(row.action)),
                subject_type=str(model._meta.verbose_name) if model else "",
                subject=row.object_repr,
                event=EVENT_LABELS.get(event, event) if event else None,
                changes=changes,
            )
        )
    return entries
