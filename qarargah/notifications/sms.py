"""The SMS gateway seam. No provider ships with Qarargah: a deployment that wants SMS writes a
small class with ``send(*, to, text)`` for its provider and names it in
``QARARGAH_SMS_BACKEND``; until then the SMS channel is simply not enabled."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str) -> None:
        """Deliver ``text`` to the mobile number ``to`` (e.g. «09121234567») or raise."""


def sms_enabled() -> bool:
    return bool(getattr(settings, "QARARGAH_SMS_BACKEND", ""))


def get_sms_backend() -> SmsBackend | None:
    path = getattr(settings, "QARARGAH_SMS_BACKEND", "")
    if not path:
        return None
    backend_class = import_string(path)
    options = {k: v for k, v in getattr(settings, "QARARGAH_SMS_OPTIONS", {}).items() if v}
    return backend_class(**options)
