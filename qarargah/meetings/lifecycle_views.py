"""Pages of the meeting life cycle (issue 13, decision 0029): schedule, edit and delete a draft,
its agenda, the record page with its autosave, circulation and comments, signing, amendments.

Each view fetches through ``meetings.access`` (404 alike for hidden and missing, 403 for a
visible meeting the user may not change) and calls one service; a ``ServiceError`` becomes a
Persian message at its field (``FieldError``) or above the form, with everything typed kept.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qarargah.core.errors import ConcurrentEditError, ServiceError
from qarargah.organisations.models import Agency, AgencyStatus, Body, TargetNeighbourhood
from qarargah.persian import format_jalali, to_persian_digits
from qarargah.resolutions import services as res_services
from qarargah.resolutions.views import describe_due

from . import services
from .access import (
    get_meeting_for_participant,
    get_meeting_for_signer,
    get_meeting_for_writer,
    require_minutes_importer,
)
from .forms import (
    AgendaItemForm,
    AmendmentForm,
    CirculateForm,
    CommentForm,
    RecordForm,
    RecordRowFormSet,
    ScheduleForm,
    SignForm,
    StatementFormSet,
)
from .models import AmendmentStatus, Meeting, MeetingAmendment, MeetingComment

if TYPE_CHECKING:
    from qarargah.accounts.models import User

FIX_FIELDS = "برخی از خانه‌ها نادرست پر شده‌اند؛ پیام زیر هر خانه را ببینید. آنچه نوشته‌اید نگه داشته شده است."
# The autosave's answer when another tab or person saved first (HTTP 409).
AUTOSAVE_CONFLICT = (
    "این صورتجلسه در زبانه یا رایانه دیگری ذخیره شده است؛ ذخیره خودکار این زبانه متوقف شد تا آن را بازنویسی "
    "نکند. صفحه را دوباره باز کنید؛ نوشته‌های این زبانه در همین مرورگر نگه داشته شده است."
)
MAX_AUTOSAVE_BYTES = 256 * 1024


def _bodies(user: User) -> QuerySet[Body]:
    return (
        Body.objects.visible_to(user).select_related("province").order_by("province__name", "level", "name")
    )


def _province_ids(user: User) -> list[int]:
    return list(_bodies(user).values_list("province_id", flat=True).distinct())


def _people(user: User) -> Any:
    from qarargah.accounts.models import User as UserModel

    provinces = _province_ids(user)
    return (
        UserModel.objects.filter(is_active=True)
        .filter(Q(province_id__in=provinces) | Q(agency__province_id__in=provinces))
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def _agencies(province_ids: list[int]) -> QuerySet[Agency]:
    return Agency.objects.filter(province_id__in=province_ids, status=AgencyStatus.ACTIVE).order_by("name")


def _schedule_form(request: HttpRequest, data: Any = None, **kwargs: Any) -> ScheduleForm:
    user = request.user
    return ScheduleForm(
        data,
        bodies=_bodies(user),
        people=_people(user),
        agencies=_agencies(_province_ids(user)),
        **kwargs,
    )


def _put_error(form: Any, exc: ServiceError) -> None:
    name = getattr(exc, "field", None)
    if name in form.fields:
        form.add_error(name, exc.message)
    else:
        form.add_error(None, exc.message)


def _clashes(form: ScheduleForm, *, exclude_pk: int | None = None) -> list[services.Clash]:
    d = form.cleaned_data
    return services.schedule_clashes(
        province_id=d["body"].province_id,
        date=d["date"],
        start=d.get("time"),
        end=d.get("end_time"),
        place=d.get("place") or "",
        chair=d.get("chair"),
        chair_name=d.get("chair_name") or "",
        exclude_pk=exclude_pk,
    )


# --- Schedule, edit, delete --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def meeting_schedule(request: HttpRequest) -> HttpResponse:
    require_minutes_importer(request.user)
    clashes: list[services.Clash] = []
    if request.method == "POST":
        form = _schedule_form(request, request.POST)
        if form.is_valid():
            clashes = _clashes(form)
            if clashes and not form.cleaned_data.get("accept_clash"):
                form.add_error(
                    None, "هم‌زمانی در برنامه پیدا شد؛ هشدارها را ببینید و اگر درست است، تأیید کنید."
                )
            else:
                try:
                    meeting = services.schedule_meeting(
                        actor=request.user, body=form.cleaned_data["body"], data=form.schedule_data()
                    )
                except ServiceError as exc:
                    _put_error(form, exc)
                else:
                    messages.success(
                        request,
                        f"جلسه شماره {to_persian_digits(str(meeting.number))} برنامه‌ریزی شد (پیش‌نویس).",
                    )
                    return redirect("meetings:detail", pk=meeting.pk)
    else:
        body = request.user.body if getattr(request.user, "body_id", None) else None
        initial: dict[str, Any] = {}
        if body is not None:
            initial = {"body": body, "number": services.next_number(body)}
        form = _schedule_form(request, initial=initial)
    proposals = {b.pk: services.next_number(b) for b in _bodies(request.user)[:50]}
    return render(
        request,
        "meetings/schedule_form.html",
        {"form": form, "clashes": clashes, "meeting": None, "proposals": proposals},
        status=200,
    )


def _schedule_initial(meeting: Meeting) -> dict[str, Any]:
    others = [s for s in meeting.joint_sessions if s.get("body_id") and s.get("body_id") != meeting.body_id]
    return {
        "body": meeting.body,
        "number": meeting.number,
        "joint_bodies": [s["body_id"] for s in others],
        "joint_numbers": "، ".join(to_persian_digits(str(s["number"])) for s in others),
        "title": meeting.title,
        "date": meeting.date,
        "time": meeting.time,
        "end_time": meeting.end_time,
        "place": meeting.place,
        "chair": meeting.chair_id,
        "chair_name": meeting.chair_name,
        "chair_role": meeting.chair_role,
        "secretary": meeting.secretary_id,
        "secretary_name": meeting.secretary_name,
        "secretary_role": meeting.secretary_role,
        "invitation_number": meeting.invitation_number,
        "invitation_date": meeting.invitation_date,
        "invited_agencies": list(meeting.invited_agencies.values_list("pk", flat=True)),
        "invited_persons": meeting.invited_persons,
        "version": meeting.version,
    }


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_writer(request.user, pk)
    clashes: list[services.Clash] = []
    if not meeting.is_draft:
        raise PermissionDenied(
            "این جلسه دیگر پیش‌نویس نیست و برنامه آن تغییر نمی‌کند؛ صورتجلسه قفل‌شده فقط با اصلاحیه تغییر می‌کند."
        )
    if request.method == "POST":
        form = _schedule_form(request, request.POST)
        if form.is_valid():
            if form.cleaned_data["body"].pk != meeting.body_id:
                form.add_error(
                    "body", "نهاد جلسه پس از برنامه‌ریزی تغییر نمی‌کند؛ جلسه را حذف و دوباره برنامه‌ریزی کنید."
                )
            else:
                clashes = _clashes(form, exclude_pk=meeting.pk)
                if clashes and not form.cleaned_data.get("accept_clash"):
                    form.add_error(
                        None, "هم‌زمانی در برنامه پیدا شد؛ هشدارها را ببینید و اگر درست است، تأیید کنید."
                    )
                else:
                    try:
                        services.edit_meeting_schedule(
                            actor=request.user,
                            meeting=meeting,
                            data=form.schedule_data(),
                            expected_version=form.cleaned_data.get("version"),
                        )
                    except ServiceError as exc:
                        _put_error(form, exc)
                    else:
                        messages.success(request, "برنامه جلسه ذخیره شد.")
                        return redirect("meetings:detail", pk=meeting.pk)
    else:
        form = _schedule_form(request, initial=_schedule_initial(meeting))
    return render(
        request,
        "meetings/schedule_form.html",
        {"form": form, "clashes": clashes, "meeting": meeting, "proposals": {}},
    )


@require_POST
@login_required
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_writer(request.user, pk)
    label = str(meeting)
    try:
        services.delete_meeting(actor=request.user, meeting=meeting)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("meetings:detail", pk=pk)
    messages.success(request, f"پیش‌نویس «{label}» حذف شد.")
    return redirect("meetings:list")


# --- Agenda -----------------------------------------------------------------------------------------


@require_POST
@login_required
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_writer(request.user, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_item(
                actor=request.user,
                meeting=meeting,
                text=form.cleaned_data["text"],
                presenter=form.cleaned_data["presenter"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "بند به دستور کار افزوده شد.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("meetings:detail", pk=pk)


@require_POST
@login_required
def agenda_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_writer(request.user, pk)
    try:
        services.remove_agenda_item(actor=request.user, meeting=meeting, item_id=item)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "بند از دستور کار برداشته شد.")
    return redirect("meetings:detail", pk=pk)


@require_POST
@login_required
def agenda_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting_for_writer(request.user, pk)
    try:
        services.move_agenda_item(
            actor=request.user, meeting=meeting, item_id=item, up=request.POST.get("direction") != "down"
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("meetings:detail", pk=pk)


# --- Record -----------------------------------------------------------------------------------------


def _row_kwargs(meeting: Meeting) -> dict[str, Any]:
    province = meeting.body.province_id
    return {
        "agencies": _agencies([province]),
        "neighbourhoods": TargetNeighbourhood.objects.filter(county__province_id=province).order_by("name"),
        "meeting_date": meeting.date,
    }


def _render_record(
    request: HttpRequest, meeting: Meeting, form: RecordForm, statements: Any, rows: Any, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "meetings/record_form.html",
        {
            "meeting": meeting,
            "form": form,
            "statements": statements,
            "rows": rows,
            "recorded": meeting.resolutions.order_by("number").prefetch_related("assignments__agency"),
            "server_draft": {
                "version": meeting.version,
                "fields": (meeting.record_draft or {}).get("fields", {}),
            },
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_writer(request.user, pk)
    if not meeting.is_draft:
        raise PermissionDenied("صورتجلسه در گردش یا امضاشده است و متن آن دیگر از این صفحه تغییر نمی‌کند.")
    kwargs = {"form_kwargs": _row_kwargs(meeting)}
    if request.method == "GET":
        form = RecordForm(initial={"narrative": meeting.narrative, "version": meeting.version})
        statements = StatementFormSet(
            prefix="st",
            initial=[
                {"name": s.name, "role": s.role, "statement": s.statement}
                for s in meeting.speakers.order_by("order")
            ],
        )
        return _render_record(request, meeting, form, statements, RecordRowFormSet(prefix="row", **kwargs))
    form = RecordForm(request.POST)
    statements = StatementFormSet(request.POST, prefix="st")
    rows = RecordRowFormSet(request.POST, prefix="row", **kwargs)
    if "add_row" in request.POST:
        # Without JavaScript: one more empty row, everything typed kept.
        data = request.POST.copy()
        data["row-TOTAL_FORMS"] = str(int(data.get("row-TOTAL_FORMS", "1") or 1) + 1)
        rows = RecordRowFormSet(data, prefix="row", **kwargs)
        return _render_record(
            request, meeting, RecordForm(request.POST), StatementFormSet(request.POST, prefix="st"), rows
        )
    if not (form.is_valid() and statements.is_valid() and rows.is_valid()):
        form.add_error(None, FIX_FIELDS)
        return _render_record(request, meeting, form, statements, rows, status=400)
    record_rows = [
        services.RecordRow(
            text=r.cleaned_data["text"],
            leads=list(r.cleaned_data["leads"]),
            partners=list(r.cleaned_data["partners"]),
            deadline=r.cleaned_data["deadline"] or "",
            axis=r.cleaned_data.get("axis") or "",
            neighbourhoods=list(r.cleaned_data["neighbourhoods"]),
            target_quantity=r.cleaned_data.get("target_quantity"),
            target_unit=r.cleaned_data.get("target_unit") or "",
        )
        for r in rows
        if r.cleaned_data and not r.is_blank()
    ]
    try:
        created = services.save_record(
            actor=request.user,
            meeting=meeting,
            expected_version=form.cleaned_data.get("version"),
            narrative=form.cleaned_data["narrative"],
            statements=[
                (
                    s.cleaned_data.get("name", ""),
                    s.cleaned_data.get("role", ""),
                    s.cleaned_data.get("statement", ""),
                )
                for s in statements
                if s.cleaned_data
            ],
            rows=record_rows,
        )
    except services.RowErrors as exc:
        filled = [r for r in rows if r.cleaned_data and not r.is_blank()]
        for index, problems in exc.errors.items():
            for name, message in problems.items():
                filled[index].add_error(name, message)
        form.add_error(None, exc.message)
        return _render_record(request, meeting, form, statements, rows, status=400)
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return _render_record(
            request,
            meeting,
            form,
            statements,
            rows,
            status=409 if isinstance(exc, ConcurrentEditError) else 400,
        )
    messages.success(request, f"صورتجلسه ذخیره شد؛ {to_persian_digits(str(len(created)))} مصوبه تازه ثبت شد.")
    return redirect("meetings:detail", pk=pk)


@require_POST
@login_required
def record_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """The record page's autosave: ``{"version": n, "fields": {name: [values]}}`` in, the new
    version out; 409 with a Persian message when another tab saved first."""
    meeting = get_meeting_for_writer(request.user, pk)
    if len(request.body) > MAX_AUTOSAVE_BYTES:
        return JsonResponse(
            {"ok": False, "message": "متن این صورتجلسه برای ذخیره خودکار بیش از اندازه بلند است."}, status=413
        )
    try:
        payload = json.loads(request.body or b"{}")
        version = int(payload["version"])
        fields = payload["fields"]
        if not isinstance(fields, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in fields.items()
        ):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"ok": False, "message": "داده ذخیره خودکار خوانا نیست."}, status=400)
    # Only the form's own fields are kept (not the CSRF token).
    fields = {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}
    try:
        new_version = services.autosave_record(
            actor=request.user, meeting=meeting, expected_version=version, draft={"fields": fields}
        )
    except ConcurrentEditError:
        return JsonResponse({"ok": False, "message": AUTOSAVE_CONFLICT}, status=409)
    except ServiceError as exc:
        return JsonResponse({"ok": False, "message": exc.message}, status=400)
    saved = timezone.localtime()
    return JsonResponse(
        {
            "ok": True,
            "version": new_version,
            "message": f"ذخیره خودکار شد ({to_persian_digits(saved.strftime('%H:%M:%S'))}).",
        }
    )


@require_GET
@login_required
def record_deadline_preview(request: HttpRequest, pk: int) -> JsonResponse:
    """The live due date of a typed deadline against this meeting's date (writes nothing)."""
    meeting = get_meeting_for_writer(request.user, pk)
    raw = request.GET.get("deadline", "")[:200]
    try:
        planned = res_services.check_deadline(
            raw, meeting_date=meeting.date, body_id=meeting.body_id, asap_days=meeting.body.province.asap_days
        )
    except ServiceError as exc:
        return JsonResponse({"valid": False, "message": exc.message, "due": ""})
    return JsonResponse(
        {
            "valid": True,
            "message": describe_due(planned.kind, planned.due_date),
            "due": format_jalali(planned.due_date) if planned.due_date else "",
        }
    )


@require_POST
@login_required
def record_remove_resolution(request: HttpRequest, pk: int, resolution: int) -> HttpResponse:
    meeting = get_meeting_for_writer(request.user, pk)
    try:
        services.remove_recorded_resolution(actor=request.user, meeting=meeting, resolution_id=resolution)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "مصوبه از پیش‌نویس صورتجلسه حذف شد.")
    return redirect("meetings:record", pk=pk)


# --- Circulate and comment ---------------------------------------------------------------------------


@require_POST
@login_required
def circulate(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_writer(request.user, pk)
    form = CirculateForm(request.POST)
    if form.is_valid():
        try:
            services.circulate_minutes(
                actor=request.user,
                meeting=meeting,
                deadline=form.deadline(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "صورتجلسه برای نظر حاضران به گردش رفت.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("meetings:detail", pk=pk)


def _comments_by_row(meeting: Meeting) -> tuple[list[MeetingComment], dict[int, list[MeetingComment]]]:
    general: list[MeetingComment] = []
    by_row: dict[int, list[MeetingComment]] = {}
    for comment in meeting.comments.select_related("author").order_by("created_at", "pk"):
        if comment.resolution_number is None:
            general.append(comment)
        else:
            by_row.setdefault(comment.resolution_number, []).append(comment)
    return general, by_row


@require_http_methods(["GET", "POST"])
@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The circulated minutes as attendees read them, comments beside the text; the comment form."""
    meeting = get_meeting_for_participant(request.user, pk)
    form = CommentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_on_minutes(
                    actor=request.user,
                    meeting=meeting,
                    text=form.cleaned_data["text"],
                    resolution_number=form.cleaned_data.get("resolution_number"),
                )
            except ServiceError as exc:
                _put_error(form, exc)
                status = 400
            else:
                messages.success(request, "نظر شما ثبت شد.")
                return redirect("meetings:review", pk=pk)
        else:
            status = 400
    general, by_row = _comments_by_row(meeting)
    resolutions = meeting.resolutions.order_by("number").prefetch_related("assignments__agency")
    return render(
        request,
        "meetings/review.html",
        {
            "meeting": meeting,
            "form": form,
            "can_comment": services.may_comment(request.user, meeting),
            "general": general,
            "rows": [(r, by_row.get(r.number, [])) for r in resolutions],
            "agenda": meeting.agenda_items.order_by("order"),
            "speakers": meeting.speakers.order_by("order"),
            "signer_roles": services.signer_roles(request.user, meeting),
        },
        status=status,
    )


# --- Sign ---------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_signer(request.user, pk)
    form = SignForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            signed = services.sign_minutes(
                actor=request.user,
                meeting=meeting,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except ServiceError as exc:
            _put_error(form, exc)
            status = 400
        else:
            if signed.is_published:
                messages.success(request, "صورتجلسه امضا و قفل شد؛ تکالیف آن اکنون برای دستگاه‌ها دیده می‌شود.")
            else:
                messages.success(request, "امضای شما ثبت شد؛ صورتجلسه در انتظار امضای دیگر است.")
            return redirect("meetings:review", pk=pk)
    return render(
        request,
        "meetings/sign.html",
        {
            "meeting": meeting,
            "form": form,
            "roles": services.signer_roles(request.user, meeting),
            "signatures": meeting.signatures.filter(amendment__isnull=True).select_related("user"),
            "amendment": None,
        },
        status=status,
    )


@require_POST
@login_required
def sign_code(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_signer(request.user, pk)
    amendment = None
    if request.POST.get("amendment"):
        amendment = _amendment(meeting, request.POST["amendment"])
    try:
        services.send_signing_code(actor=request.user, meeting=meeting, amendment=amendment)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "رمز یک‌بارمصرف به ایمیل شما فرستاده شد؛ ده دقیقه اعتبار دارد.")
    if amendment is not None:
        return redirect("meetings:amendment_sign", pk=pk, number=amendment.number)
    return redirect("meetings:sign", pk=pk)


# --- Amendments --------------------------------------------------------------------------------------


def _amendment(meeting: Meeting, number: Any) -> MeetingAmendment:
    from django.http import Http404

    try:
        return meeting.amendments.get(number=int(number))
    except (MeetingAmendment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@login_required
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_writer(request.user, pk)
    initial = {name: getattr(meeting, name) for name in services.AMENDABLE_FIELDS}
    form = AmendmentForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
            try:
                amendment = services.propose_amendment(
                    actor=request.user, meeting=meeting, values=values, reason=form.cleaned_data["reason"]
                )
            except ServiceError as exc:
                _put_error(form, exc)
                status = 400
            else:
                messages.success(request, f"{amendment} ثبت شد؛ پس از امضای دبیر و رئیس جلسه اعمال می‌شود.")
                return redirect("meetings:detail", pk=pk)
        else:
            status = 400
    return render(request, "meetings/amend.html", {"meeting": meeting, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def amendment_sign(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    meeting = get_meeting_for_signer(request.user, pk)
    amendment = _amendment(meeting, number)
    form = SignForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            signed = services.sign_amendment(
                actor=request.user,
                amendment=amendment,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except ServiceError as exc:
            _put_error(form, exc)
            status = 400
        else:
            if signed.status == AmendmentStatus.SIGNED:
                messages.success(request, f"{signed} امضا و در صورتجلسه اعمال شد.")
            else:
                messages.success(request, "امضای شما بر اصلاحیه ثبت شد؛ در انتظار امضای دیگر است.")
            return redirect("meetings:detail", pk=pk)
    return render(
        request,
        "meetings/sign.html",
        {
            "meeting": meeting,
            "form": form,
            "roles": services.signer_roles(request.user, meeting),
            "signatures": amendment.signatures.select_related("user"),
            "amendment": amendment,
        },
        status=status,
    )


def lifecycle_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """What the meeting page shows of the life cycle (its forms and state)."""
    from qarargah.accounts.scoping import scope_for

    scope = scope_for(request.user)
    writer = scope.can_import_minutes and scope.covers_province(meeting.body.province_id)
    return {
        "writer": writer,
        "agenda_form": AgendaItemForm() if writer and meeting.is_draft else None,
        "circulate_form": CirculateForm(initial={"version": meeting.version})
        if writer and meeting.is_draft
        else None,
        "signatures": meeting.signatures.select_related("user", "amendment"),
        "amendments": meeting.amendments.select_related("created_by"),
        "signer_roles": services.signer_roles(request.user, meeting),
        "comment_count": meeting.comments.count(),
    }
