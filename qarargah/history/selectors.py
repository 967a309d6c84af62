"""The one read of the change history: :func:`history_for`, shaped for the timeline template.

Every timeline (resolution, assignment, meeting, agency, body, user) is built here, so every
one of them is scoped, labelled and dated the same way (docs/decisions/0013):

* **Scoped**: a history row is shown only when the viewer may open the object it is about —
  its own model's ``visible_to(user)``, checked in one query per model for the page's rows.
  A row of a model without a scope of its own (an alias, a membership, an agenda item) goes with
  its recorded parents; a row about a deleted object is shown only to viewers whose scope is
  not narrowed to one agency or neighbourhood, and only when they see its parents.
* **Persian**: events are the apps' typed events with their Persian labels; field names are the
  models' Persian ``verbose_name``; fields without one (ids, checksums, reverse relations) and
  files are left out; choices, booleans, foreign keys and lists are shown as words and names.
* **Jalali**: dates and times stored in a change, or written inside a subject, are shown in
  Jalali with Persian digits (the template turns the remaining digits Persian).
* **Short**: a burst of near-identical rows (same actor, same event, same kind of object, within
  a few minutes) is one line with a count and the list of the objects it touched.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.persian import format_jalali, to_persian_digits

from .auditlog_adapter import LogEntry
from .events import event_label
from .registry import parent_key, parent_models

if TYPE_CHECKING:
    from qarargah.accounts.models import User

ACTION_LABELS = {
    LogEntry.Action.CREATE: "ایجاد",
    LogEntry.Action.UPDATE: "ویرایش",
    LogEntry.Action.DELETE: "حذف",
    LogEntry.Action.ACCESS: "مشاهده",
}

# Rows of one kind by one person this close together are one burst (an import, a bulk assign).
BURST_WINDOW = datetime.timedelta(minutes=5)
# A burst is collapsed from this many rows on; two similar lines read fine as they are.
BURST_MIN = 3
# At most this many history rows are read for one timeline, newest first, before scoping; the
# page shows the newest ``limit`` visible ones among them.
MAX_SCANNED = 2000


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    actor: str
    action: str
    subject_type: str
    subject: str
    event: str | None
    changes: tuple[FieldChange, ...]
    # A collapsed burst: how many rows, and the subjects they were about.
    count: int = 1
    subjects: tuple[str, ...] = ()
    # The objects the entry is about, as (model, primary key): what the scoping tests check.
    objects: tuple[tuple[type[models.Model], str], ...] = field(default=(), compare=False)

    @property
    def headline(self) -> str:
        return self.event or f"{self.action} {self.subject_type}"


# --- Values as people read them ----------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?")
_ISO_IN_TEXT = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?!\d)")
# Old rows carry reverse relations as "meetings.Speaker.None" or "accounts.User.None".
_NOISE_VALUE = re.compile(r"[a-z_]+\.[A-Za-z]+\.None")
# Bookkeeping columns that do have a Persian name but repeat the entry's own time or describe
# the stored file rather than what somebody changed.
_NOISE_LABELS = frozenset({"نوع فایل", "اندازه (بایت)", "زمان بارگذاری", "آخرین تغییر", "زمان ثبت"})
# A file's fingerprint (the importer's SHA-256 identity) says nothing to a person.
_HASH_VALUE = re.compile(r"[0-9a-f]{32,}")
_HASH_FIELD = re.compile(r"sha\d*|checksum|\w+_hash")
_PERSIAN = re.compile(r"[\u0600-\u06FF]")
_EMPTY = "—"


def readable_value(value: str) -> str:
    """History stores dates as ISO text (datetimes naive in UTC); people read them in Jalali."""
    try:
        if _ISO_DATE.fullmatch(value):
            return format_jalali(datetime.date.fromisoformat(value))
        if _ISO_DATETIME.fullmatch(value):
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_naive(moment):
                moment = moment.replace(tzinfo=datetime.UTC)
            return format_jalali(timezone.localtime(moment), with_time=True)
    except ValueError:
        pass
    return value


# The numbers the system wrote into a subject («مصوبه 3: …», «… ← مصوبه 3», «جلسه 12 …»): rows
# recorded before the models wrote them in Persian digits. Only these turn Persian; the rest of
# a subject is a name or a text as its author typed it (a file «markazi2.txt» keeps its «2»).
_SYSTEM_NUMBER_IN_TEXT = re.compile(r"(?:(?<=^)|(?<=← ))(?:مصوبه|جلسه) \d+(?=:| |$)")


def readable_text(text: str) -> str:
    """A subject such as «جلسه ۱۲ — 2024-12-05» with its dates in Jalali."""
    text = _SYSTEM_NUMBER_IN_TEXT.sub(lambda m: to_persian_digits(m.group(0)), text)
    return _ISO_IN_TEXT.sub(lambda m: readable_value(m.group(0)), text)


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # Reverse relations («secretariat_of», «speakers») are not fields anybody edits.
    return found if isinstance(found, models.Field) else None


def _label(found: models.Field) -> str | None:
    """The Persian name of a field people read, or None for internal ones (ids, checksums,
    files, bookkeeping times)."""
    label = str(found.verbose_name or "")
    if not _PERSIAN.search(label) or label in _NOISE_LABELS:
        return None
    if isinstance(found, models.FileField) or found.primary_key or _HASH_FIELD.fullmatch(found.name):
        return None
    return label


def _decode(raw: Any) -> Any:
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return None
    return raw


def _names(values: Iterable[Any]) -> str:
    shown = [readable_text(str(v)) for v in values if v not in (None, "", "None")]
    return "، ".join(shown) if shown else _EMPTY


def _target(found: models.Field[Any, Any]) -> type[models.Model]:
    # A many-to-one field's ``related_model`` is a model class once the apps are loaded; the
    # stubs also allow the unresolved "self" and the None of a field that is no relation.
    return cast("type[models.Model]", found.related_model)


def _name_relations(model: type[models.Model], depth: int = 2) -> list[str]:
    """The required foreign keys of ``model``, two levels deep, that ``str(obj)`` may read."""
    paths = []
    for found in model._meta.concrete_fields:
        if found.many_to_one and not found.null:
            paths.append(found.name)
            if depth > 1:
                paths += [f"{found.name}__{p}" for p in _name_relations(_target(found), depth - 1)]
    return paths


class _Display:
    """Turns stored values into what a person reads; foreign keys resolved in one query per model."""

    def __init__(self, rows: list[LogEntry]) -> None:
        wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        for row in rows:
            model = row.content_type.model_class()
            for name, pair in (_decode(row.changes) or {}).items():
                found = _field(model, name)
                if found is not None and found.many_to_one and isinstance(pair, (list, tuple)):
                    wanted[_target(found)].update(str(v) for v in pair if str(v).isdigit())
        self._names: dict[tuple[type[models.Model], str], str] = {}
        for related, pks in wanted.items():
            # Names such as «دستگاه ← مصوبه ۳» read their own foreign keys: fetch them along.
            query = related._default_manager.filter(pk__in=pks)
            if relations := _name_relations(related):
                query = query.select_related(*relations)
            for obj in query.order_by():
                self._names[(related, str(obj.pk))] = str(obj)

    def value(self, found: models.Field, value: Any) -> str:
        """What a person reads for a stored value: text as it was typed (a file name keeps its
        Latin digits); numbers, dates, choices and names in Persian digits."""
        shown = self._value(found, value)
        # A related row's name («گزارش … — alert(2)», a file name) is typed text too: the
        # models write their own numbers in Persian digits (``__str__``).
        typed_text = (
            isinstance(found, (models.CharField, models.TextField)) and not found.choices
        ) or found.many_to_one
        return shown if typed_text else to_persian_digits(shown)

    def _value(self, found: models.Field, value: Any) -> str:
        if value in (None, "None", ""):
            return _EMPTY
        if found.many_to_one:
            return self._names.get((_target(found), str(value)), "(حذف‌شده)")
        if found.choices:
            return str(dict(found.flatchoices).get(value, value))
        if isinstance(found, models.BooleanField) or value in ("True", "False"):
            return "بله" if value in (True, "True") else "خیر"
        if isinstance(found, models.JSONField):
            data = _decode(value) if isinstance(value, str) else value
            if isinstance(data, list):
                # A list of records (a meeting's joint sessions: body and number) reads as their
                # values, «شورای اجتماعی · ۵», never as a Python dict.
                return _names(
                    " · ".join(str(v) for v in item.values() if v not in (None, ""))
                    if isinstance(item, dict)
                    else item
                    for item in data
                )
            if isinstance(data, dict):
                return _names(data.values())
        text = str(value)
        if _NOISE_VALUE.fullmatch(text) or _HASH_VALUE.fullmatch(text):
            return _EMPTY
        return readable_value(text)

    def changes(self, model: type[models.Model] | None, raw: Any) -> tuple[FieldChange, ...]:
        out = []
        for name, pair in (_decode(raw) or {}).items():
            found = _field(model, name)
            label = _label(found) if found is not None else None
            if found is None or label is None:
                continue
            if isinstance(pair, dict) and pair.get("type") == "m2m":
                # {"type": "m2m", "operation": "add", "objects": ["حصار", ...]}: names, not a list.
                names = _names(pair.get("objects") or ())
                added = pair.get("operation") == "add"
                old, new = (_EMPTY, names) if added else (names, _EMPTY)
            elif isinstance(pair, (list, tuple)) and len(pair) == 2:
                old, new = self.value(found, pair[0]), self.value(found, pair[1])
            else:
                continue
            if old != new:
                out.append(FieldChange(label=label, old=old, new=new))
        return tuple(out)


# --- Who may read which row --------------------------------------------------------------------


def _scoped(model: type[models.Model]) -> bool:
    return callable(getattr(model, "scope_q", None)) and hasattr(model._default_manager, "visible_to")


class _Visibility:
    """Which of a page's history rows the viewer may read.

    One query per model answers, for every object the rows mention (their own objects and their
    recorded parents), whether it still exists and whether the viewer sees it.
    """

    def __init__(self, user: User, rows: list[LogEntry]) -> None:
        scope = scope_for(user)
        # Deleted objects cannot be asked about any more; only viewers who see everything under
        # the parents (the province's secretariat, leadership, national viewers, admins) get them.
        self._sees_deleted = scope.agency_id is None and scope.neighbourhood_id is None
        wanted: dict[type[models.Model], set[str]] = defaultdict(set)
        for row in rows:
            model = row.content_type.model_class()
            if model is None:
                continue
            if _scoped(model):
                wanted[model].add(str(row.object_pk))
            for key, parent in parent_models(model).items():
                value = _extra(row).get(key)
                if value is not None and _scoped(parent):
                    wanted[parent].add(str(value))
        # (model, pk) -> True: visible, False: exists but hidden; absent: gone (or never was).
        self._state: dict[tuple[type[models.Model], str], bool] = {}
        for model, pks in wanted.items():
            keys = [pk for pk in pks if pk.isdigit()]
            if not keys:
                continue
            manager = model._default_manager
            # _scoped(model) said its manager is a ScopedQuerySet's, which the manager's type
            # cannot say.
            visible = manager.visible_to(user).filter(pk=OuterRef("pk"))  # type: ignore[attr-defined]
            for pk, seen in (
                manager.filter(pk__in=keys)
                .order_by()
                .annotate(_seen=Exists(visible))
                .values_list("pk", "_seen")
            ):
                self._state[(model, str(pk))] = bool(seen)

    def allows(self, row: LogEntry) -> bool:
        model = row.content_type.model_class()
        if model is None:
            return False
        extra = _extra(row)
        parents = [
            self._state.get((parent, str(extra[key])))
            for key, parent in parent_models(model).items()
            if extra.get(key) is not None
        ]
        if _scoped(model):
            own = self._state.get((model, str(row.object_pk)))
            if own is not None:
                return own
            # Deleted: its parents decide, for viewers who see whole provinces.
            return self._sees_deleted and True in parents and False not in parents
        # No scope of its own (an alias, a membership, an agenda item): it goes with its parents.
        return True in parents and False not in parents


def _extra(row: LogEntry) -> dict[str, Any]:
    data = _decode(row.additional_data)
    return data if isinstance(data, dict) else {}


# --- The timeline ------------------------------------------------------------------------------


def _rows_about(objects: Iterable[models.Model]) -> Any:
    """History rows of ``objects`` and of the children that named them as parent, newest first."""
    own: dict[int, list[Any]] = defaultdict(list)
    children: dict[str, list[Any]] = defaultdict(list)
    for obj in objects:
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        own[ct.pk].append(obj.pk)
        children[parent_key(obj)].append(obj.pk)
    if not own:
        return None
    condition = Q()
    for ct_id, pks in own.items():
        condition |= Q(content_type_id=ct_id, object_id__in=pks)
    for key, pks in children.items():
        # Rows that named these objects as their parent (see registry.track(parents=...)).
        condition |= Q(**{f"additional_data__{key}__in": pks})
    return (
        LogEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")
    )


def history_for(
    user: User, objects: Iterable[models.Model], *, limit: int = 200, collapse: bool = True
) -> list[TimelineEntry]:
    """The timeline of changes to ``objects`` (of any tracked models) that ``user`` may read,
    newest first, at most ``limit`` rows; bursts collapsed into one entry unless ``collapse``
    is False."""
    query = _rows_about(list(objects))
    if query is None:
        return []
    rows: list[LogEntry] = []
    scanned = 0
    # Read in pages until the page is full of rows the viewer may read (hidden rows are skipped).
    while len(rows) < limit and scanned < MAX_SCANNED:
        batch = list(query[scanned : scanned + limit])
        scanned += len(batch)
        visibility = _Visibility(user, batch)
        rows.extend(row for row in batch if visibility.allows(row))
        if len(batch) < limit:
            break
    rows = rows[:limit]
    entries = _entries(rows)
    return _collapse(entries, rows) if collapse else entries


def _entries(rows: list[LogEntry]) -> list[TimelineEntry]:
    display = _Display(rows)
    entries = []
    for row in rows:
        model = row.content_type.model_class()
        event = _extra(row).get("event")
        entries.append(
            TimelineEntry(
                at=row.timestamp,
                actor=str(row.actor) if row.actor else "سامانه",
                action=ACTION_LABELS.get(row.action, "تغییر"),
                subject_type=str(model._meta.verbose_name) if model else "",
                subject=readable_text(row.object_repr or ""),
                # An event no app declares (a row from an older version) reads as its action.
                event=event_label(event) if isinstance(event, str) else None,
                changes=display.changes(model, row.changes),
                objects=((model, str(row.object_pk)),) if model else (),
            )
        )
    return entries


def _collapse(entries: list[TimelineEntry], rows: list[LogEntry]) -> list[TimelineEntry]:
    """Runs of at least BURST_MIN entries by the same actor, with the same event or action, about
    the same kind of object and within BURST_WINDOW of the run's newest one, become one entry."""
    out: list[TimelineEntry] = []
    run: list[TimelineEntry] = []
    run_key: tuple[Any, ...] | None = None

    def flush() -> None:
        if len(run) >= BURST_MIN:
            first = run[0]
            out.append(
                TimelineEntry(
                    at=first.at,
                    actor=first.actor,
                    action=first.action,
                    subject_type=first.subject_type,
                    subject="",
                    event=first.event,
                    changes=(),
                    count=len(run),
                    subjects=tuple(dict.fromkeys(e.subject for e in run)),
                    objects=tuple(o for e in run for o in e.objects),
                )
            )
        else:
            out.extend(run)

    for entry, row in zip(entries, rows, strict=True):
        key = (row.actor_id, entry.event or entry.action, row.action, row.content_type_id)
        if run and key == run_key and run[0].at - entry.at <= BURST_WINDOW:
            run.append(entry)
            continue
        flush()
        run, run_key = [entry], key
    flush()
    return out
