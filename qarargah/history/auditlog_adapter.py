"""Every use of django-auditlog beyond its documented surface, in one place.

The rest of ``qarargah.history`` imports auditlog only through this module. What auditlog
documents (``LogEntry``, ``auditlog.register``, ``set_actor``, ``disable_auditlog``, the
``pre_log`` signal) is re-exported as is; what it does not document — the diff helpers of
``auditlog.diff``, the registry's field options, the "disabled" context variable, the
correlation id and the manager's serialisation helper — is wrapped by a function here, so an
upgrade that renames or changes one of them breaks this file and its test
(``tests/history/test_auditlog_adapter.py``), not the importer at run time.

Why we need the private parts at all: :func:`qarargah.history.registry.log_created` writes the
"created" rows of ``bulk_create`` in one INSERT, and those rows must be exactly what auditlog's
own ``post_save`` receiver would have written (see docs/decisions/0013).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import metadata
from typing import Any

from auditlog import conf as auditlog_conf
from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled, disable_auditlog, set_actor
from auditlog.diff import get_field_value, get_fields_in_model, get_mask_function, is_primitive
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.db import models
from django.utils.encoding import smart_str

# The release this adapter was written against; the test compares it with the installed one
# and with the pin in pyproject.toml, so an upgrade is a deliberate step that reruns the checks.
AUDITLOG_VERSION = "3.4.1"

__all__ = [
    "AUDITLOG_VERSION",
    "LogEntry",
    "created_diff",
    "current_cid",
    "disable_auditlog",
    "installed_version",
    "is_disabled",
    "is_tracked",
    "pre_log",
    "register",
    "serialized_data",
    "set_actor",
    "store_json_changes",
]


def installed_version() -> str:
    return metadata.version("django-auditlog")


def store_json_changes() -> bool:
    """auditlog's ``AUDITLOG_STORE_JSON_CHANGES``: its ``conf`` module puts the default on
    Django's settings, an attribute django-stubs does not know, so it is read through that
    (untyped) module."""
    return bool(auditlog_conf.settings.AUDITLOG_STORE_JSON_CHANGES)


def is_tracked(model: type[models.Model]) -> bool:
    return auditlog.contains(model)


def register(model: type[models.Model], **options: Any) -> None:
    auditlog.register(model, **options)


def is_disabled() -> bool:
    """True inside ``disable_auditlog()`` (auditlog keeps the flag in a private context variable)."""
    return bool(auditlog_disabled.get())


def current_cid() -> str | None:
    """The correlation id auditlog gives the rows of the current request or block."""
    return get_cid()


def serialized_data(obj: models.Model) -> Any:
    """What auditlog stores in ``LogEntry.serialized_data`` for ``obj`` (None unless the model
    was registered with ``serialize_data=True``)."""
    return LogEntry.objects._get_serialized_data_or_none(obj)


@functools.cache
def created_diff(model: type[models.Model], use_json: bool) -> Callable[[models.Model], dict | None]:
    """auditlog's ``model_instance_diff(None, obj)`` for objects of ``model``, with the work that
    does not depend on the object done once: the tracked fields (found and ordered the way
    auditlog finds them) and the "before" value of a new row, which auditlog computes for every
    field of every row through an exception. The values themselves come from auditlog's own
    ``get_field_value``, so they are formatted exactly as in its rows."""
    sample = model()
    # What model_instance_diff(None, sample) would iterate over, in the same order.
    fields: Any = set(get_fields_in_model(sample))
    options = auditlog.get_model_fields(model)
    if options["include_fields"]:
        fields = [f for f in fields if f.name in options["include_fields"]]
    if options["exclude_fields"]:
        fields = [f for f in fields if f.name not in options["exclude_fields"]]
    fields = list(fields)
    before = {f: get_field_value(None, f, use_json) for f in fields}
    masked = set(options["mask_fields"])
    mask = get_mask_function(options.get("mask_callable")) if masked else None

    def diff(obj: models.Model) -> dict | None:
        changes: dict[str, tuple[Any, Any]] = {}
        for field in fields:
            old, new = before[field], get_field_value(obj, field, use_json)
            if old == new:
                continue
            if mask is not None and field.name in masked:
                changes[field.name] = (mask(smart_str(old)), mask(smart_str(new)))
            elif not use_json:
                changes[field.name] = (smart_str(old), smart_str(new))
            else:
                changes[field.name] = (
                    old if is_primitive(old) else smart_str(old),
                    new if is_primitive(new) else smart_str(new),
                )
        return changes or None

    return diff
