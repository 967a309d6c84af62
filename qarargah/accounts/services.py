"""Writes to user accounts; role changes go to history like every registry change.

``actor=None`` is the system itself (the demo loader): history then names no person.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qarargah.core.errors import ServiceError
from qarargah.history.registry import acting_as

from .events import AccountEvent
from .models import User

SCOPE_FIELDS = ("province", "county", "agency", "body", "neighbourhood")


def _derive_province(values: dict[str, Any]) -> None:
    # The province follows from the agency, body or neighbourhood; storing it keeps scoping a
    # single indexed comparison.
    for source in ("agency", "body"):
        if values.get(source) is not None and values.get("province") is None:
            values["province"] = values[source].province
    if values.get("neighbourhood") is not None and values.get("province") is None:
        values["province"] = values["neighbourhood"].county.province
    if values.get("county") is not None and values.get("province") is None:
        values["province"] = values["county"].province


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    **scope: Any,
) -> User:
    values = {f: scope.get(f) for f in SCOPE_FIELDS}
    _derive_province(values)
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == "admin",
        is_superuser=role == "admin",
        **values,
    )
    user.set_password(password)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), code="invalid") from exc
    with acting_as(actor, event=AccountEvent.USER_CREATED):
        user.save()
    return user


@transaction.atomic
def set_user_role(*, actor: User | None, user: User, role: str, **scope: Any) -> User:
    values = {f: scope.get(f) for f in SCOPE_FIELDS}
    _derive_province(values)
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.role = role
    for field, value in values.items():
        setattr(locked, field, value)
    try:
        locked.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), code="invalid") from exc
    with acting_as(actor, event=AccountEvent.ROLE_CHANGED):
        locked.save(update_fields=["role", *SCOPE_FIELDS])
    return locked
