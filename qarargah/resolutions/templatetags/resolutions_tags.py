"""Display helpers for the follow-up pages: due-date wording and status colours."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from qarargah.persian import to_persian_digits
from qarargah.ui.forms import search_key
from qarargah.ui.templatetags.persian_tags import fa_number, jalali

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
def select_options(items, selected=None, empty_label: str = "", search: bool = False):
    """The ``<option>``s of a filter dropdown, written in Python.

    ``items`` are model instances (value ``pk``, label ``str()``) or ``(value, label)`` pairs;
    ``selected`` is an instance or a value (or a list of them). The list filters carry hundreds
    of agencies and neighbourhoods, and a template loop per option was a large part of the list
    page's time. ``search=True`` gives each option the search key of a ``data-agency-picker``
    select (``ui.forms.search_key``).
    """
    if isinstance(selected, (list, tuple)):
        chosen = {str(getattr(item, "pk", item)) for item in selected}
    else:
        chosen = {"" if selected is None else str(getattr(selected, "pk", selected))}
    rows = [("", empty_label)] if empty_label else []
    for item in items:
        if isinstance(item, tuple):
            rows.append((str(item[0]), str(item[1])))
        else:
            rows.append((str(item.pk), str(item)))
    # Plain strings with ``escape`` on each value and label: a ``format_html`` per option,
    # escaping every piece again, was a fifth of the list page (~600 options; session 7).
    out = []
    for value, label in rows:
        found = f' data-search="{escape(search_key(label))}"' if search and value else ""
        picked = " selected" if value in chosen else ""
        out.append(f'<option value="{escape(value)}"{found}{picked}>{escape(label)}</option>')
    return mark_safe("".join(out))


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


# Overdue is a badge of its own beside the status (never a row colour: a coloured row says
# nothing to a screen reader, and hid the status colours inside it).
OVERDUE_BADGE = "text-bg-danger overdue-badge"
OVERDUE_LABEL = "گذشته از سررسید"
_LEGEND_ENTRIES = {
    "resolution": [(status, ResolutionStatus(status).label) for status in ResolutionStatus.values],
    "assignment": [(status, AssignmentStatus(status).label) for status in AssignmentStatus.values],
}


@register.simple_tag
def overdue_badge(text: str = OVERDUE_LABEL) -> str:
    return format_html('<span class="badge {}">{}</span>', OVERDUE_BADGE, text)


@register.simple_tag
def badge_legend(*kinds: str) -> str:
    """«راهنمای نشان‌ها»: what each colour on the page means. ``kinds``: «resolution» (the
    resolution's status), «assignment» (an agency's status) and «overdue»."""
    groups = []
    titles = {"resolution": "وضعیت مصوبه", "assignment": "وضعیت تکلیف دستگاه"}
    for kind in kinds:
        if kind == "overdue":
            groups.append(
                format_html(
                    '<li class="list-inline-item">{} سررسید گذشته و تکلیف هنوز انجام نشده</li>',
                    overdue_badge(),
                )
            )
            continue
        badges = format_html_join(
            " ",
            '<span class="badge {}">{}</span>',
            ((badge_class(v), label) for v, label in _LEGEND_ENTRIES[kind]),
        )
        groups.append(format_html('<li class="list-inline-item">{}: {}</li>', titles[kind], badges))
    return format_html(
        '<div class="small text-body-secondary mb-2 badge-legend" data-testid="badge-legend" role="note" '
        'aria-label="راهنمای نشان‌ها"><span class="fw-semibold">راهنمای نشان‌ها:</span> '
        '<ul class="list-inline d-inline mb-0">{}</ul></div>',
        mark_safe("".join(groups)),
    )


def _score_cells(s, link=None) -> str:
    """The five number cells of a scoreboard row; ``link(state)`` gives each number's list URL
    (the agency rows) or ``None`` (provinces and counties, not links)."""

    def number(value, state):
        text = fa_number(value)
        return format_html('<a href="{}" data-state="{}">{}</a>', link(state), state, text) if link else text

    overdue = (
        (
            format_html(
                '<a href="{}" data-state="overdue">{}</a>',
                link("overdue"),
                overdue_badge(fa_number(s.overdue)),
            )
            if link
            else overdue_badge(fa_number(s.overdue))
        )
        if s.overdue
        else "۰"
    )
    rate = "—" if s.on_time_rate is None else f"{to_persian_digits(str(s.on_time_rate))}٪"
    return format_html(
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        number(s.open, "open"),
        overdue,
        number(s.accepted_on_time, "on_time"),
        number(s.accepted_late, "late"),
        rate,
    )


@register.simple_tag
def scoreboard_rows(scores, kind: str, list_url: str = "", period_query: str = "", provinces=None) -> str:
    """The rows of a scoreboard table (``kind``: agency, county or province), written in
    Python: a province's 200 agencies through a template loop with five links each were most
    of the scoreboard's time (issue 12). Same markup as the loop it replaced."""
    tail = f"&{period_query}" if period_query else ""
    rows = []
    for s in scores:
        if kind == "agency":
            base = f"{list_url}?agency={s.agency.pk}"

            def link(state, base=base):
                return f"{base}&agency_state={state}{tail}"

            where = (
                format_html(' <span class="small text-body-secondary">({})</span>', s.agency.province.name)
                if provinces
                else ""
            )
            head = format_html(
                '<tr data-agency="{}"><td><a href="{}" data-testid="agency-link">{}</a>{}</td>',
                s.agency.pk,
                f"{base}{tail}",
                s.agency.name,
                where,
            )
            rows.append(head + _score_cells(s, link) + mark_safe("</tr>"))
        elif kind == "county":
            where = (
                format_html(' <span class="small text-body-secondary">({})</span>', s.county.province.name)
                if provinces
                else ""
            )
            head = format_html('<tr data-county="{}"><td>{}{}</td>', s.county.pk, s.county.name, where)
            rows.append(head + _score_cells(s) + mark_safe("</tr>"))
        else:
            head = format_html(
                '<tr data-province="{}"><td><a href="?province={}{}">{}</a></td>',
                s.province.pk,
                s.province.pk,
                tail,
                s.province.name,
            )
            rows.append(head + _score_cells(s) + mark_safe("</tr>"))
    return mark_safe("\n".join(rows))


def _truncated(text: str, length: int) -> str:
    """``|truncatechars:length``; Django's Truncator only for text that may be too long (it
    looks up its ellipsis translation on every call: 200 calls were a tenth of a page)."""
    return text if len(text) <= length else Truncator(text).chars(length)


def _jalali_days() -> Callable[[datetime.date], str]:
    """A page's Jalali dates, each day converted once (rows repeat the same few days)."""
    days: dict[datetime.date, str] = {}

    def day(value: datetime.date) -> str:
        if value not in days:
            days[value] = jalali(value)
        return days[value]

    return day


@register.simple_tag
def review_agency_rows(rows) -> str:
    """The rows of one agency's table in the review of past resolutions, written in Python (a
    page holds 100 rows, and the template loop with its filters per cell was most of the
    page's time; issue 12). Same markup as the loop it replaced.

    Plain strings, with ``escape`` on what people wrote (the texts) and on labels: six
    ``format_html`` per row, each escaping every piece again, and a Jalali conversion per cell
    were still a fifth of the page (session 7). A date is converted once per page."""
    detail = reverse("resolutions:resolution_detail", args=[0])
    day = _jalali_days()
    out = []
    for row in rows:
        resolution, assignment, report = row.resolution, row.assignment, row.latest_report
        meeting = resolution.meeting
        held = day(meeting.date)
        if meeting.number:
            held = f"{to_persian_digits(str(meeting.number))} · {held}"
        due = day(assignment.due_date) if assignment.due_date else "بدون مهلت"
        if row.overdue:
            due = f"{due}<br>{overdue_badge(due_label(assignment.due_date))}"
        latest = (
            f"{jalali(report.submitted_at)}: {escape(_truncated(report.text, 160))}"
            if report
            else '<span class="text-body-secondary">گزارشی نرسیده است.</span>'
        )
        out.append(
            f'<tr><td><a href="{detail.replace("/0/", f"/{resolution.pk}/")}">'
            f"{to_persian_digits(str(resolution.number))}</a>: {escape(_truncated(resolution.text, 160))}"
            f'<div class="small text-body-secondary d-md-none">جلسه {held}</div></td>'
            f'<td class="small text-nowrap d-none d-md-table-cell">{held}</td>'
            f'<td class="small text-nowrap">{due}</td>'
            f'<td><span class="badge {badge_class(assignment.status)}">{escape(assignment.get_status_display())}'
            f'</span></td><td class="small">{latest}</td></tr>'
        )
    return mark_safe("\n".join(out))  # every piece above is escaped or written by this function


@register.simple_tag
def resolution_list_rows(rows) -> str:
    """The rows of a page of the resolution list, written in Python: 50 rows with a URL, a
    truncation, two Jalali dates and a badge per agency each were a third of the list's time
    through the template loop (issue 12). Same markup as the loop it replaced; plain strings
    with ``escape`` on names, texts and labels (as ``review_agency_rows``)."""
    detail = reverse("resolutions:resolution_detail", args=[0])
    day = _jalali_days()
    out = []
    for r in rows:
        meeting = r.meeting
        body_name = escape(meeting.body.name)
        held = day(meeting.date)
        agencies = (
            "".join(
                f'<span class="badge {badge_class(a.status)} mb-1" title="{escape(a.get_status_display())}">'
                f"{escape(a.agency.name)}</span> "
                for a in r.visible_assignments
            )
            if r.visible_assignments
            else '<span class="text-body-secondary">تعیین نشده</span>'
        )
        shown = r.shown_due_date
        due = day(shown) if shown else escape(r.get_deadline_kind_display())
        number = f"جلسه {to_persian_digits(str(meeting.number))}<br>" if meeting.number else ""
        overdue = f"<br>{overdue_badge()}" if r.has_overdue else ""
        out.append(
            f"<tr>\n      <td>{to_persian_digits(str(r.number))}</td>\n"
            f'      <td><a href="{detail.replace("/0/", f"/{r.pk}/")}">{escape(_truncated(r.text, 140))}</a>\n'
            f'        <div class="small text-body-secondary d-md-none">{body_name} · {held}</div></td>\n'
            f'      <td class="small d-none d-md-table-cell">{body_name}</td>\n'
            f'      <td class="small text-nowrap d-none d-md-table-cell">{number}{held}</td>\n'
            f'      <td class="small d-none d-lg-table-cell">\n        {agencies}\n      </td>\n'
            f'      <td class="small text-nowrap">{due}{overdue}</td>\n'
            f'      <td><span class="badge {badge_class(r.status)}">{escape(r.get_status_display())}</span></td>\n'
            "    </tr>"
        )
    return mark_safe("\n".join(out))  # every piece above is escaped or written by this function
