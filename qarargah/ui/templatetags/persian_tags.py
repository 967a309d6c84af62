"""Template filters for Persian display: digits and Jalali dates.

Registered as template builtins (see settings.TEMPLATES), so every template can write
``{{ value|fa_digits }}`` and ``{{ meeting.date|jalali }}`` without a ``{% load %}``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone

from qarargah.persian import format_jalali, to_persian_digits

register = template.Library()


@register.filter
def fa_digits(value: object) -> str:
    """A number the system writes, in Persian digits. Never over text a person typed (a report,
    a place, an agency or file name): what they typed is shown as typed (decision 0003);
    ``tests/ui/test_digits_in_templates.py`` audits the templates for it."""
    if value is None:
        return ""
    return to_persian_digits(str(value))


@register.filter
def jalali(value: datetime.date | datetime.datetime | None) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return format_jalali(value)


@register.filter
def jalali_datetime(value: datetime.datetime | None) -> str:
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_jalali(value, with_time=True)


@register.filter
def fa_number(value: Any) -> str:
    """Thousands separated with the Persian separator «٬», in Persian digits."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return fa_digits(value)
    return to_persian_digits(f"{number:,}".replace(",", "٬"))
