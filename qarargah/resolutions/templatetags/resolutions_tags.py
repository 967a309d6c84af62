"""Display helpers for the follow-up pages: due-date wording and status colours."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from qarargah.persian import to_persian_digits

from ..models import AssignmentStatus, ExtensionStatus, ResolutionStatus, ReviewStatus

register = template.Library()


def due_wording(due: datetime.date | None, today: datetime.date | None = None) -> str:
    """«۳ روز مانده», «امروز», «۲ روز گذشته», or «بدون سررسید»."""
    if due is None:
        return "بدون سررسید"
    days = (due - (today or timezone.localdate())).days
    if days == 0:
        return "امروز"
    if days > 0:
        return f"{to_persian_digits(str(days))} روز مانده"
    return f"{to_persian_digits(str(-days))} روز گذشته"


@register.filter
def due_label(due: datetime.date | None) -> str:
    return due_wording(due)


@register.filter
def due_class(assignment: object) -> str:
    """Bootstrap text colour for an assignment's due label: late red, within three days amber;
    grey when there is no due date or the assignment is closed for good."""
    due = getattr(assignment, "due_date", None)
    if due is None or getattr(assignment, "is_closed", False):
        return "text-body-secondary"
    days = (due - timezone.localdate()).days
    if days < 0:
        return "text-danger fw-bold"
    if days <= 3:
        return "text-warning-emphasis fw-bold"
    return "text-body"


_BADGES = {
    AssignmentStatus.NEW: "text-bg-secondary",
    AssignmentStatus.IN_PROGRESS: "text-bg-info",
    AssignmentStatus.REPORTED: "text-bg-warning",
    AssignmentStatus.ACCEPTED: "text-bg-success",
    AssignmentStatus.RETURNED: "text-bg-danger",
    ResolutionStatus.OPEN: "text-bg-secondary",
    ResolutionStatus.AWAITING_REVIEW: "text-bg-warning",
    ResolutionStatus.DONE: "text-bg-success",
    ReviewStatus.PENDING: "text-bg-warning",
    ReviewStatus.PROGRESS: "text-bg-info",
    ReviewStatus.WITHDRAWN: "text-bg-secondary",
    ExtensionStatus.APPROVED: "text-bg-success",
    ExtensionStatus.REFUSED: "text-bg-danger",
}


@register.filter
def badge_class(status: str) -> str:
    return _BADGES.get(status, "text-bg-light")


@register.filter
def fa_quantity(value: Decimal | int | None) -> str:
    """«۳٬۰۰۰» or «۲٫۵»: whole numbers without decimals, thousands separated."""
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        text = f"{int(number):,}".replace(",", "٬")
    else:
        text = f"{number.normalize():,f}".replace(",", "٬").replace(".", "٫")
    return to_persian_digits(text)


@register.simple_tag
def select_options(items, selected=None, empty_label: str = ""):
    """The ``<option>``s of a filter dropdown, written in Python.

    ``items`` are model instances (value ``pk``, label ``str()``) or ``(value, label)`` pairs;
    ``selected`` is an instance or a value. The list filters carry hundreds of agencies and
    neighbourhoods, and a template loop per option was a large part of the list page's time.
    """
    chosen = "" if selected is None else str(getattr(selected, "pk", selected))
    rows = [("", empty_label)] if empty_label else []
    for item in items:
        if isinstance(item, tuple):
            rows.append((str(item[0]), str(item[1])))
        else:
            rows.append((str(item.pk), str(item)))
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == chosen else "", label) for value, label in rows),
    )


@register.simple_tag
def review_summary_rows(summary) -> str:
    """The rows of the review's per-agency summary, written in Python: a headquarters' review
    lists some 200 agencies, and a template loop with its conditions per row was a good share of
    the page's time. Overdue counts above zero are red."""
    return format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                item.agency_name,
                to_persian_digits(str(item.open)),
                format_html('<span class="text-danger">{}</span>', to_persian_digits(str(item.overdue)))
                if item.overdue
                else "۰",
                to_persian_digits(str(item.accepted)),
            )
            for item in summary
        ),
    )
