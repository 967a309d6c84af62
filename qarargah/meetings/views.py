"""Meeting pages: list, detail, minutes import (upload → preview → confirm) and hand entry.

Each view parses input, fetches through ``meetings.access`` (404 alike for hidden and missing,
403 for a role without the capability), calls one selector or service, and turns ServiceError
into a Persian message. Reading meetings needs ``scope.can_browse_meetings``; importing and
typing meetings ``scope.can_import_minutes`` (the same capability as the API and the command).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.history.selectors import history_for
from qarargah.minutes_parser import MAX_FILE_BYTES, MESSAGES
from qarargah.organisations.access import get_body_for_user
from qarargah.organisations.models import Body
from qarargah.persian import to_persian_digits

from . import drafts, selectors
from .access import (
    get_document_for_user,
    get_draft_for_writer,
    get_import_batch_for_writer,
    get_meeting_for_user,
    require_meeting_reader,
    require_minutes_importer,
)
from .documents import signing_state
from .forms import (
    ALLOWED_EXTENSIONS,
    MeetingEntryForm,
    MeetingFieldsForm,
    ResolutionEntryFormSet,
    ResolutionFixFormSet,
    UploadForm,
)
from .importer import ImportPreview, ResolutionInput, import_minutes, preview_minutes, record_meeting
from .lifecycle_views import lifecycle_context
from .planning import deadline_problem, row_problems
from .services import MeetingData

if TYPE_CHECKING:
    from qarargah.accounts.models import User

PARSE_ERROR_CODES = frozenset(MESSAGES)


def _bodies(user: User) -> QuerySet[Body]:
    return (
        Body.objects.visible_to(user).select_related("province").order_by("province__name", "level", "name")
    )


# --- List and detail -------------------------------------------------------------------------------


@require_GET
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    require_meeting_reader(request.user)
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.meetings_for_user(request.user, query=query), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {"page": page, "query": query, "can_import": scope_for(request.user).can_import_minutes},
    )


@require_GET
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    resolutions = list(selectors.meeting_resolutions(request.user, meeting))
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda_items.order_by("order"),
            "speakers": meeting.speakers.order_by("order"),
            "resolutions": resolutions,
            "documents": meeting.documents.select_related("imported_by").order_by("-imported_at"),
            "history": history_for(request.user, [meeting, *resolutions]),
            "signing": signing_state(meeting),
            **lifecycle_context(request, meeting),
        },
    )


@require_GET
@login_required
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    document = get_document_for_user(request.user, pk, doc_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.file_name)


# --- Import: upload --------------------------------------------------------------------------------


def _check_upload(name: str, size: int) -> str | None:
    """A Persian reason to refuse the file before reading it, or None."""
    if size > MAX_FILE_BYTES:
        return MESSAGES["too_large"]
    extension = os.path.splitext(name)[1].lower()
    if extension == ".pdf":
        return MESSAGES["pdf"]
    if extension not in ALLOWED_EXTENSIONS:
        return MESSAGES["unsupported"]
    return None


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    require_minutes_importer(request.user)
    bodies = _bodies(request.user)
    posted = request.POST if request.method == "POST" else None  # files only: POST may be empty
    form = UploadForm(posted, bodies=bodies)
    files = request.FILES.getlist("files") if request.method == "POST" else []
    if request.method == "POST":
        if not files:
            form.add_error(
                None, "هیچ فایلی انتخاب نشده است؛ یک یا چند فایل صورتجلسه (.docx، .txt یا .md) انتخاب کنید."
            )
        if form.is_valid():
            drafts.sweep()
            body = form.cleaned_data["body"]
            batch = drafts.new_batch_token()
            entries = []
            for upload in files:
                entries.append(_take_upload(request, upload, body, batch))
            drafts.save_batch(request.user, batch, entries)
            good = [e for e in entries if e["draft"]]
            if len(entries) == 1 and good:
                return redirect("meetings:import_preview", token=good[0]["draft"])
            return redirect("meetings:import_batch", batch=batch)
    return render(
        request, "meetings/import_upload.html", {"form": form, "max_mb": MAX_FILE_BYTES // (1024 * 1024)}
    )


def _take_upload(request: HttpRequest, upload: Any, body: Body | None, batch: str) -> dict[str, Any]:
    name = os.path.basename(upload.name or "")
    entry: dict[str, Any] = {"name": name, "draft": None, "error": None, "summary": ""}
    reason = _check_upload(name, upload.size)
    if reason:
        entry["error"] = reason
        return entry
    data = upload.read()
    try:
        preview = preview_minutes(actor=request.user, body=body, filename=name, data=data)
    except ServiceError as exc:
        if exc.code in PARSE_ERROR_CODES:
            entry["error"] = exc.message
            return entry
        # Any other refusal (e.g. the body was not recognised) is fixed on the preview page.
        entry["summary"] = exc.message
    else:
        entry["summary"] = _summary(preview)
    draft = drafts.save_draft(
        request.user, filename=name, data=data, body_id=body.pk if body else None, batch=batch
    )
    entry["draft"] = draft.token
    return entry


OUTCOME_LABELS = {
    "new": "جلسه تازه",
    "update": "به‌روزرسانی جلسه‌ای که پیش‌تر ثبت شده",
    "unchanged": "این فایل پیش‌تر وارد شده است؛ تغییری ندارد",
}


def _summary(preview: ImportPreview) -> str:
    count = to_persian_digits(str(len(preview.resolutions)))
    return f"{preview.body} · {count} مصوبه · {OUTCOME_LABELS[preview.outcome]}"


@require_GET
@login_required
def import_batch(request: HttpRequest, batch: str) -> HttpResponse:
    entries = get_import_batch_for_writer(request.user, batch)
    return render(request, "meetings/import_batch.html", {"entries": entries, "batch": batch})


# --- Import: preview, confirm, cancel ----------------------------------------------------------------


def _draft_body(request: HttpRequest, draft: drafts.Draft, value: str | None) -> Body | None:
    body_id = value if value not in (None, "") else draft.body_id
    if body_id in (None, ""):
        return None
    return get_body_for_user(request.user, body_id)


def _initial(preview: ImportPreview) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    m = preview.meeting
    meeting = {
        "title": m.title,
        "agenda": "\n".join(m.agenda),
        "number": m.number,
        "date": m.date,
        "time": m.time,
        "place": m.place,
        "invitation_number": m.invitation_number,
        "invitation_date": m.invitation_date,
        "chair_name": m.chair_name,
        "chair_role": m.chair_role,
        "secretary_name": m.secretary_name,
        "secretary_role": m.secretary_role,
    }
    rows = [
        {"number": r.number, "text": r.text, "assignees": r.assignees_text, "deadline": r.deadline.raw or ""}
        for r in preview.resolutions
    ]
    return meeting, rows


def _overrides(meeting_form: MeetingFieldsForm, formset: Any) -> dict[str, Any]:
    meeting = dict(meeting_form.cleaned_data)
    meeting["agenda"] = [line.strip() for line in (meeting.get("agenda") or "").splitlines() if line.strip()]
    resolutions = {}
    for form in formset:
        data = form.cleaned_data
        if not data:
            continue
        resolutions[data["number"]] = {
            "text": data["text"].replace("\r\n", "\n"),
            "assignees": data["assignees"].replace("\r\n", "\n"),
            "deadline": data["deadline"],
            "remove": data["remove"],
        }
    return {"meeting": meeting, "resolutions": resolutions}


def _render_preview(
    request: HttpRequest,
    draft: drafts.Draft,
    body: Body | None,
    *,
    overrides: dict[str, Any] | None = None,
    meeting_form: MeetingFieldsForm | None = None,
    formset: Any = None,
    error: str | None = None,
    status: int = 200,
) -> HttpResponse:
    preview: ImportPreview | None = None
    try:
        preview = preview_minutes(
            actor=request.user,
            body=body,
            filename=draft.filename,
            data=draft.read(),
            overrides=overrides,
        )
    except ServiceError as exc:
        error = error or exc.message
    if preview is not None and meeting_form is None:
        meeting_initial, rows = _initial(preview)
        meeting_form = MeetingFieldsForm(initial=meeting_initial)
        formset = ResolutionFixFormSet(initial=rows, prefix="res")
    rows = []
    if preview is not None and formset is not None:
        by_number = {r.number: r for r in preview.resolutions}
        for form in formset:
            number = form["number"].value()
            try:
                planned = by_number.get(int(number))
            except (TypeError, ValueError):
                planned = None
            rows.append((form, planned))
    unsure = preview.unsure_fields if preview is not None else {}
    return render(
        request,
        "meetings/import_preview.html",
        {
            "draft": draft,
            "preview": preview,
            "meeting_form": meeting_form,
            "formset": formset,
            "rows": rows,
            "error": error,
            "body": body,
            "bodies": _bodies(request.user),
            "outcome_label": OUTCOME_LABELS.get(preview.outcome, "") if preview else "",
            # Each meeting field with what the parser is unsure of about it, marked beside it.
            "meeting_fields": [(f, unsure.get(f.name, [])) for f in meeting_form] if meeting_form else [],
            "unsure_body": unsure.get("body", []),
        },
        status=status,
    )


@require_GET
@login_required
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    draft = get_draft_for_writer(request.user, token)
    body = _draft_body(request, draft, request.GET.get("body"))
    return _render_preview(request, draft, body)


@require_POST
@login_required
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    draft = get_draft_for_writer(request.user, token)
    body = _draft_body(request, draft, request.POST.get("body"))
    meeting_form = MeetingFieldsForm(request.POST)
    formset = ResolutionFixFormSet(request.POST, prefix="res")
    if not (meeting_form.is_valid() and formset.is_valid()):
        return _render_preview(
            request,
            draft,
            body,
            meeting_form=meeting_form,
            formset=formset,
            error="برخی از خانه‌ها نادرست پر شده‌اند؛ پیام‌های زیر هر خانه را ببینید.",
        )
    overrides = _overrides(meeting_form, formset)
    if _mark_row_problems(request, draft, body, overrides, formset):
        return _render_preview(
            request,
            draft,
            body,
            overrides=overrides,
            meeting_form=meeting_form,
            formset=formset,
            error="برخی از خانه‌ها نادرست پر شده‌اند؛ پیام‌های زیر هر خانه را ببینید.",
        )
    try:
        result = import_minutes(
            actor=request.user,
            body=body,
            filename=draft.filename,
            data=draft.read(),
            overrides=overrides,
            require_agencies=True,
        )
    except ServiceError as exc:
        return _render_preview(
            request,
            draft,
            body,
            overrides=overrides,
            meeting_form=meeting_form,
            formset=formset,
            error=exc.message,
        )
    draft.remove()
    _announce(request, draft.filename, result)
    return _next_after(request, draft, default=reverse("meetings:detail", args=[result.meeting.pk]))


def _mark_row_problems(
    request: HttpRequest, draft: drafts.Draft, body: Body | None, overrides: dict[str, Any], formset: Any
) -> bool:
    """Put each row's refusal (a deadline date that does not exist for the meeting's date, no
    agency) at its field; whether there was any. A file the plan cannot read is left to
    ``import_minutes``, which says why."""
    try:
        plan = preview_minutes(
            actor=request.user, body=body, filename=draft.filename, data=draft.read(), overrides=overrides
        )
    except ServiceError:
        return False
    problems = row_problems(plan, require_agencies=True)
    for form in formset:
        for column, message in problems.get((form.cleaned_data or {}).get("number"), {}).items():
            form.add_error(column, message)
    return bool(problems)


def _announce(request: HttpRequest, filename: str, result: Any) -> None:
    if result.outcome == "created":
        text = f"صورتجلسه «{filename}» ثبت شد: {to_persian_digits(str(result.meeting.resolutions.count()))} مصوبه."
    elif result.outcome == "updated":
        text = f"جلسه با صورتجلسه «{filename}» به‌روزرسانی شد: " + "؛ ".join(
            result.changes or ["بدون تغییر محتوا"]
        )
    else:
        text = f"صورتجلسه «{filename}» پیش‌تر وارد شده بود؛ چیزی تغییر نکرد."
    messages.success(request, text)
    if result.pending_agencies:
        names = "، ".join(a.name for a in result.pending_agencies)
        messages.warning(
            request, f"این نام‌ها به عنوان دستگاه در انتظار تأیید ثبت شد؛ آن‌ها را تأیید یا ادغام کنید: {names}"
        )


def _next_after(request: HttpRequest, draft: drafts.Draft, *, default: str) -> HttpResponse:
    """The next file of the same upload still waiting, or ``default``."""
    if draft.batch:
        try:
            entries = drafts.load_batch(request.user, draft.batch)
        except Http404:
            entries = []
        if any(e["open"] for e in entries):
            return redirect("meetings:import_batch", batch=draft.batch)
    return redirect(default)


@require_POST
@login_required
def import_cancel(request: HttpRequest, token: str) -> HttpResponse:
    draft = get_draft_for_writer(request.user, token)
    draft.remove()
    messages.info(request, f"ورود «{draft.filename}» لغو شد و فایل آن پاک شد.")
    return _next_after(request, draft, default=reverse("meetings:import"))


# --- Hand entry ------------------------------------------------------------------------------------


def _deadlines_fit(form: MeetingEntryForm, formset: Any) -> bool:
    """Each row's deadline checked against the meeting's date (a date written without its year
    is in the meeting's year); a refusal goes to its field."""
    fit = True
    for row in formset:
        data = row.cleaned_data or {}
        message = deadline_problem(data.get("deadline") or "", form.cleaned_data["date"])
        if data.get("text") and message is not None:
            row.add_error("deadline", message)
            fit = False
    return fit


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_minutes_importer(request.user)
    bodies = _bodies(request.user)
    initial = {"body": request.user.body_id} if getattr(request.user, "body_id", None) else {}
    posted = request.POST if request.method == "POST" else None
    form = MeetingEntryForm(posted, bodies=bodies, initial=initial)
    formset = ResolutionEntryFormSet(posted, prefix="res")
    if request.method == "POST" and form.is_valid() and formset.is_valid() and _deadlines_fit(form, formset):
        data = form.cleaned_data
        meeting_data = MeetingData(
            date=data["date"],
            number=data["number"],
            title=data["title"],
            time=data["time"],
            place=data["place"],
            invitation_number=data["invitation_number"],
            invitation_date=data["invitation_date"],
            chair_name=data["chair_name"],
            chair_role=data["chair_role"],
            secretary_name=data["secretary_name"],
            secretary_role=data["secretary_role"],
            agenda=[line for line in data["agenda"].splitlines() if line.strip()],
        )
        resolutions = [
            ResolutionInput(
                text=f["text"], assignees=f["assignees"].replace("\r\n", "\n"), deadline=f["deadline"]
            )
            for f in formset.cleaned_data
            if f and f.get("text")
        ]
        try:
            result = record_meeting(
                actor=request.user, body=data["body"], data=meeting_data, resolutions=resolutions
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"جلسه ثبت شد: {to_persian_digits(str(len(resolutions)))} مصوبه.",
            )
            if result.pending_agencies:
                names = "، ".join(a.name for a in result.pending_agencies)
                messages.warning(request, f"این نام‌ها به عنوان دستگاه در انتظار تأیید ثبت شد: {names}")
            return redirect("meetings:detail", pk=result.meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "formset": formset})
