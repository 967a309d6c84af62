"""Optimistic locking: each editable row carries a ``version`` that every save increments.

A form or API call sends back the version it was built from; the service locks the row,
compares, and refuses with :class:`ConcurrentEditError` if someone saved in between, so the
second writer is told instead of silently overwriting the first.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F

from .errors import ConcurrentEditError


class Versioned(models.Model):
    version = models.PositiveIntegerField("نسخه", default=1, editable=False)

    class Meta:
        abstract = True


def lock_for_update[M: Versioned](obj: M, *, expected_version: int | None) -> M:
    """Re-read ``obj`` under a row lock and check it is still the version the user edited.

    Must run inside ``transaction.atomic``. ``expected_version=None`` skips the check (used by
    commands and imports that are not editing a form).
    """
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError()
    return locked


def save_new_version[M: Versioned](obj: M, fields: list[str]) -> None:
    """Save the named fields and bump the version in the same UPDATE."""
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version"])
    obj.refresh_from_db(fields=["version"])
