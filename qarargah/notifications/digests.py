"""Reminder digests: what each person is told, built once and rendered for every channel.

A digest is plain data (sections of items with Jalali dates and day counts) so the email, the
in-app notification and the SMS say the same thing, and ``--dry-run`` can print it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from qarargah.accounts.models import User
from qarargah.persian import format_jalali, jalali_iso, to_persian_digits
from qarargah.resolutions.models import Assignment, ProgressReport

from . import selectors

AGENCY_DIGEST = "agency_digest"
SECRETARIAT_DIGEST = "secretariat_digest"

# How far ahead the agency digest looks: «۳ روز مانده» is the earliest reminder.
DUE_SOON_DAYS = 3


def site_path(name: str, *args: Any, fallback: str = "/") -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def absolute(path: str) -> str:
    return f"{settings.QARARGAH_SITE_URL}{path}"


def fa(value: object) -> str:
    return to_persian_digits(str(value))


def days_phrase(days: int) -> str:
    """«۳ روز مانده», «امروز», «۲ روز گذشته»: the same wording as the agency inbox."""
    if days > 0:
        return f"{fa(days)} روز مانده"
    if days == 0:
        return "مهلت امروز"
    return f"{fa(-days)} روز گذشته"


def _excerpt(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class DigestItem:
    title: str  # «مصوبه ۳ — جلسه ۲۳ قرارگاه اجتماعی استان»
    text: str
    agency: str
    due_date_fa: str
    when: str  # «۲ روز گذشته» / «در انتظار از ۱۴۰۳/۰۵/۰۱»
    url: str  # absolute


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str
    items: tuple[DigestItem, ...]


@dataclass
class Digest:
    user: User
    kind: str
    today: datetime.date
    sections: list[DigestSection] = field(default_factory=list)
    link_path: str = "/"

    @property
    def period(self) -> str:
        """Daily digests: the Jalali date, e.g. «1405-09-03» (the ReminderLog period key)."""
        return jalali_iso(self.today)

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def is_empty(self) -> bool:
        return self.item_count == 0

    @property
    def link(self) -> str:
        return absolute(self.link_path)

    @property
    def today_fa(self) -> str:
        return format_jalali(self.today)

    @property
    def subject(self) -> str:
        if self.kind == AGENCY_DIGEST:
            return f"یادآوری مهلت تکالیف {self.user.acting_agency} — {self.today_fa}"
        return f"گزارش روزانه پیگیری مصوبات استان {self.user.province} — {self.today_fa}"

    @property
    def summary(self) -> str:
        """One line of counts: the in-app notification body and the heart of the SMS."""
        parts = [f"{fa(len(s.items))} {s.title}" for s in self.sections if s.items]
        return "؛ ".join(parts) + "."

    def render_text(self) -> str:
        return render_to_string("notifications/email/digest.txt", {"digest": self})

    def render_html(self) -> str:
        return render_to_string("notifications/email/digest.html", {"digest": self})

    def render_sms(self) -> str:
        return f"سامانه قرارگاه: {self.summary} {self.link}"


def _assignment_item(assignment: Assignment, today: datetime.date) -> DigestItem:
    resolution = assignment.resolution
    meeting = resolution.meeting
    return DigestItem(
        title=f"مصوبه {fa(resolution.number)} — {fa(meeting)}",
        text=_excerpt(resolution.text),
        agency=str(assignment.agency),
        due_date_fa=format_jalali(assignment.due_date) if assignment.due_date else "",
        when=days_phrase((assignment.due_date - today).days) if assignment.due_date else "",
        url=absolute(site_path("resolutions:assignment_detail", assignment.pk, fallback="/")),
    )


def _report_item(report: ProgressReport, today: datetime.date) -> DigestItem:
    assignment = report.assignment
    resolution = assignment.resolution
    waited = (today - timezone.localtime(report.submitted_at).date()).days
    return DigestItem(
        title=f"مصوبه {fa(resolution.number)} — {fa(resolution.meeting)}",
        text=_excerpt(report.text),
        agency=str(assignment.agency),
        due_date_fa=format_jalali(report.submitted_at),
        when="ارسال امروز" if waited <= 0 else f"{fa(waited)} روز در انتظار بررسی",
        url=absolute(site_path("resolutions:assignment_detail", assignment.pk, fallback="/")),
    )


def agency_digest(user: User, today: datetime.date) -> Digest:
    """Due in up to three days, due tomorrow (or today), and overdue: for one agency officer."""
    overdue, tomorrow, soon = [], [], []
    for assignment in selectors.assignments_awaiting_agency(user, today=today, horizon_days=DUE_SOON_DAYS):
        if assignment.due_date is None:  # undated (continuous) work has no day count; not selected
            continue
        days = (assignment.due_date - today).days
        item = _assignment_item(assignment, today)
        if days < 0:
            overdue.append(item)
        elif days <= 1:
            tomorrow.append(item)
        else:
            soon.append(item)
    # Most overdue first: the oldest debt is the most urgent.
    return Digest(
        user=user,
        kind=AGENCY_DIGEST,
        today=today,
        sections=[
            DigestSection("overdue", "تکلیف گذشته از مهلت", tuple(overdue)),
            DigestSection("due_tomorrow", "تکلیف با مهلت امروز یا فردا", tuple(tomorrow)),
            DigestSection("due_soon", f"تکلیف با مهلت تا {fa(DUE_SOON_DAYS)} روز آینده", tuple(soon)),
        ],
        link_path=site_path("resolutions:inbox", fallback="/"),
    )


def secretariat_digest(user: User, today: datetime.date) -> Digest:
    overdue = [
        _assignment_item(a, today) for a in selectors.overdue_assignments_for_secretariat(user, today=today)
    ]
    waiting = [_report_item(r, today) for r in selectors.reports_waiting_for_secretariat(user)]
    return Digest(
        user=user,
        kind=SECRETARIAT_DIGEST,
        today=today,
        sections=[
            DigestSection("overdue", "تکلیف گذشته از مهلت", tuple(overdue)),
            DigestSection("reports_waiting", "گزارش در انتظار بررسی", tuple(waiting)),
        ],
        link_path=site_path("resolutions:review_queue", fallback="/"),
    )
