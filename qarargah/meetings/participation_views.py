"""Participation pages (issue 13): a body's roster of member agencies and their
representatives, a meeting's invitation and attendance, the review item, each person's Jalali
calendar and its private ``.ics`` feed.

Each view fetches through ``meetings.access`` (the same 404 for hidden and missing, 403 for
visible but not writable), calls one service or selector, and turns ``ServiceError`` into a
Persian message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.persian import WEEKDAYS_FA, to_persian_digits

from . import calendar, invitations, participation
from .access import (
    get_body_for_roster_reader,
    get_body_for_roster_writer,
    get_meeting_for_participation_writer,
    get_meeting_for_user,
    get_membership_for_representative_editor,
    runs_body,
)
from .attendance import AttendanceRow, SheetRow, attendance_sheet, quorum, record_attendance
from .models import CalendarFeedToken, Meeting
from .participation_forms import AttendanceRowForm, QuorumForm, RepresentativeForm

if TYPE_CHECKING:
    from qarargah.accounts.models import User


def _user(request: HttpRequest) -> User:
    return cast("User", request.user)


def _fa(value: object) -> str:
    return to_persian_digits(str(value))


# --- Roster ------------------------------------------------------------------------------------------


@login_required
@require_GET
def roster(request: HttpRequest, body_pk: int) -> HttpResponse:
    user = _user(request)
    body = get_body_for_roster_reader(user, body_pk)
    writer = runs_body(user, body)
    members = list(participation.roster(body))
    scope = scope_for(user)
    for m in members:
        m.can_edit = writer or scope.acts_for(m.agency_id)  # type: ignore[attr-defined]
    missing = [m for m in members if not m.has_representative]
    return render(
        request,
        "meetings/participation/roster.html",
        {
            "body": body,
            "members": members,
            "missing": missing,
            "writer": writer,
            "quorum_form": QuorumForm(
                initial={"quorum_count": body.quorum_count, "quorum_fraction": body.quorum_fraction}
            )
            if writer
            else None,
            "quorum_rule": participation.quorum_rule_label(body),
            "required": participation.required_for_quorum(body, len(members)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_member(request: HttpRequest, body_pk: int, pk: int) -> HttpResponse:
    user = _user(request)
    membership = get_membership_for_representative_editor(user, body_pk, pk)
    if request.method == "POST":
        form = RepresentativeForm(request.POST, membership=membership)
        if form.is_valid():
            data = participation.RepresentativeData(**form.cleaned_data)
            try:
                participation.name_representative(actor=user, membership=membership, data=data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"نماینده «{membership.agency}» در «{membership.body}» ثبت شد.")
                return redirect("meetings:roster", membership.body.pk)
    else:
        form = RepresentativeForm(
            membership=membership,
            initial={
                "representative": membership.representative_id,
                **{
                    name: getattr(membership, name)
                    for name in (
                        "representative_name",
                        "representative_title",
                        "representative_mobile",
                        "representative_email",
                        "deputy_name",
                        "deputy_title",
                        "deputy_mobile",
                        "deputy_email",
                    )
                },
            },
        )
    return render(
        request, "meetings/participation/roster_member.html", {"membership": membership, "form": form}
    )


@login_required
@require_POST
def roster_ask(request: HttpRequest, body_pk: int) -> HttpResponse:
    user = _user(request)
    body = get_body_for_roster_writer(user, body_pk)
    try:
        result = participation.ask_for_representatives(actor=user, body=body)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if result.asked:
            names = "، ".join(str(m.agency) for m in result.asked)
            messages.success(
                request, f"از {_fa(len(result.asked))} دستگاه خواسته شد نماینده معرفی کنند: {names}."
            )
        if result.unreachable:
            names = "، ".join(str(m.agency) for m in result.unreachable)
            messages.warning(
                request,
                f"این دستگاه‌ها کاربری در سامانه ندارند و پیامی به آن‌ها نرسید؛ با نامه از آن‌ها بخواهید: {names}.",
            )
    return redirect("meetings:roster", body.pk)


@login_required
@require_POST
def roster_quorum(request: HttpRequest, body_pk: int) -> HttpResponse:
    user = _user(request)
    body = get_body_for_roster_writer(user, body_pk)
    form = QuorumForm(request.POST)
    if form.is_valid():
        try:
            body = participation.set_quorum_rule(
                actor=user,
                body=body,
                count=form.cleaned_data["quorum_count"],
                fraction=form.cleaned_data["quorum_fraction"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"حد نصاب «{body}» ثبت شد: {participation.quorum_rule_label(body)}.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("meetings:roster", body.pk)


# --- Invitation --------------------------------------------------------------------------------------


def _meeting_context(request: HttpRequest, meeting: Meeting) -> dict[str, object]:
    return {"meeting": meeting, "writer": runs_body(_user(request), meeting.body)}


@login_required
@require_GET
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, pk)
    deliveries = list(meeting.invitation_deliveries.select_related("agency").order_by("name", "pk"))
    return render(
        request,
        "meetings/participation/invitation.html",
        {
            **_meeting_context(request, meeting),
            "deliveries": deliveries,
            "invitees": [] if deliveries else invitations.invitees(meeting),
            "sms_configured": invitations.sms_configured(),
            "confirm": False,
        },
    )


@login_required
@require_POST
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_participation_writer(user, pk)
    try:
        result = invitations.send_invitations(
            actor=user, meeting=meeting, confirm_resend=request.POST.get("confirm") == "yes"
        )
    except ServiceError as exc:
        if exc.code != "already_sent":
            messages.error(request, exc.message)
            return redirect("meetings:invitation", meeting.pk)
        # Ask before sending again: the same page, with the question and a confirming button.
        deliveries = list(meeting.invitation_deliveries.select_related("agency").order_by("name", "pk"))
        return render(
            request,
            "meetings/participation/invitation.html",
            {
                **_meeting_context(request, meeting),
                "deliveries": deliveries,
                "invitees": [],
                "sms_configured": invitations.sms_configured(),
                "confirm": True,
                "question": exc.message,
            },
            status=409,
        )
    verb = "دوباره فرستاده شد" if result.resent else "فرستاده شد"
    messages.success(
        request,
        f"دعوتنامه برای {_fa(len(result.deliveries))} نفر {verb}؛ رایانامه {_fa(result.emailed)} نفر در صف ارسال است.",
    )
    if result.without_email:
        names = "، ".join(d.name for d in result.without_email)
        messages.warning(
            request, f"این افراد نشانی رایانامه ندارند و دعوتنامه را باید به شکل دیگری دریافت کنند: {names}."
        )
    return redirect("meetings:invitation", meeting.pk)


# --- Attendance --------------------------------------------------------------------------------------


def _attendance_forms(meeting: Meeting, data: QueryDict | None) -> list[tuple[SheetRow, AttendanceRowForm]]:
    out = []
    for row in attendance_sheet(meeting):
        record = row.record
        initial = (
            {
                "status": record.status,
                "person_name": record.person_name,
                "person_title": record.person_title,
                "represented_by": record.represented_by,
            }
            if record is not None
            else {
                "person_name": row.membership.representative_display,
                "person_title": row.membership.representative_title,
                "represented_by": row.membership.deputy_name,
            }
        )
        prefix = f"a{row.membership.agency_id}"
        out.append((row, AttendanceRowForm(data, prefix=prefix, initial=initial)))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, pk)
    error = ""
    if request.method == "POST":
        meeting = get_meeting_for_participation_writer(user, pk)
        rows = _attendance_forms(meeting, request.POST)
        if all(form.is_valid() for _, form in rows):
            try:
                result = record_attendance(
                    actor=user,
                    meeting=meeting,
                    rows=[
                        AttendanceRow(agency_id=row.membership.agency_id, **form.cleaned_data)
                        for row, form in rows
                    ],
                )
            except ServiceError as exc:
                error = exc.message
            else:
                messages.success(request, f"حضور و غیاب ثبت شد. {result.label}")
                return redirect("meetings:attendance", meeting.pk)
    else:
        rows = _attendance_forms(meeting, None)
    return render(
        request,
        "meetings/participation/attendance.html",
        {**_meeting_context(request, meeting), "rows": rows, "quorum": quorum(meeting), "error": error},
        status=400 if error else 200,
    )


# --- The standing review item ------------------------------------------------------------------------


@login_required
@require_GET
def review_item(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_user(user, pk)
    return render(
        request,
        "meetings/participation/review.html",
        {
            **_meeting_context(request, meeting),
            "resolutions": participation.open_resolutions_for_review(user, meeting.body, before=meeting.date),
            "has_item": participation.has_review_item(meeting),
        },
    )


@login_required
@require_POST
def review_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = get_meeting_for_participation_writer(user, pk)
    try:
        participation.propose_review_item(actor=user, meeting=meeting)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "«بررسی مصوبات گذشته» به عنوان نخستین دستور کار این جلسه افزوده شد.")
    return redirect("meetings:review_item", meeting.pk)


# --- Calendar ----------------------------------------------------------------------------------------

BAD_MONTH = "ماه را به شکل سال-ماه شمسی بنویسید، مانند ۱۴۰۵-۰۹؛ ماه جاری نشان داده شد."


def _calendar_page(request: HttpRequest, year: int, month: int, *, feed_url: str = "") -> HttpResponse:
    user = _user(request)
    scope = scope_for(user)
    return render(
        request,
        "meetings/participation/calendar.html",
        {
            "grid": calendar.month_grid(user, year, month),
            "weekdays": WEEKDAYS_FA,
            "has_feed": bool(feed_url) or CalendarFeedToken.objects.filter(user=user).exists(),
            "feed_url": feed_url,
            "browses": scope.can_browse_meetings,
            "bodies": participation.bodies_for_roster(user),
            "acts_for_agency": scope.agency_id is not None,
        },
    )


@login_required
@require_GET
def calendar_month(request: HttpRequest) -> HttpResponse:
    try:
        year, month = calendar.parse_month(request.GET.get("month", ""))
    except ValueError:
        messages.warning(request, BAD_MONTH)
        year, month = calendar.parse_month("")
    return _calendar_page(request, year, month)


@login_required
@require_POST
def calendar_feed_manage(request: HttpRequest) -> HttpResponse:
    """Make a new private address (the old one stops) or revoke it. The new address is shown
    once, on this response, never stored in the clear."""
    user = _user(request)
    action = request.POST.get("action")
    if action == "revoke":
        if calendar.revoke_feed_token(actor=user):
            messages.success(request, "نشانی خصوصی تقویم شما باطل شد و دیگر خوانده نمی‌شود.")
        else:
            messages.info(request, "نشانی خصوصی تقویمی نداشتید که باطل شود.")
        return redirect("meetings:calendar")
    if action != "new":
        messages.error(request, "درخواست نامعتبر بود؛ یکی از دکمه‌های ساخت یا ابطال نشانی را بزنید.")
        return redirect("meetings:calendar")
    token = calendar.issue_feed_token(actor=user)
    year, month = calendar.parse_month("")
    feed_url = request.build_absolute_uri(reverse("meetings:calendar_feed", args=[token]))
    return _calendar_page(request, year, month, feed_url=feed_url)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private ``.ics`` feed: no login, the token is the key; unknown or revoked is 404."""
    user = calendar.user_for_feed_token(token)
    if user is None:
        raise Http404
    meetings = list(calendar.feed_meetings(user))
    body = calendar.calendar_bytes(meetings, name=f"جلسات {user}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="qarargah-meetings.ics"'
    # A private address: never kept by shared caches, never indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns = [
    path("bodies/<int:body_pk>/roster/", roster, name="roster"),
    path("bodies/<int:body_pk>/roster/<int:pk>/", roster_member, name="roster_member"),
    path("bodies/<int:body_pk>/roster/ask/", roster_ask, name="roster_ask"),
    path("bodies/<int:body_pk>/roster/quorum/", roster_quorum, name="roster_quorum"),
    path("<int:pk>/invitation/", invitation, name="invitation"),
    path("<int:pk>/invitation/send/", invitation_send, name="invitation_send"),
    path("<int:pk>/attendance/", attendance, name="attendance"),
    path("<int:pk>/review-item/", review_item, name="review_item"),
    path("<int:pk>/review-item/add/", review_item_add, name="review_item_add"),
    path("calendar/", calendar_month, name="calendar"),
    path("calendar/feed/", calendar_feed_manage, name="calendar_feed_manage"),
    path("calendar/feed/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
