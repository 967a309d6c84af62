"""Follow-up pages. Each view parses input, fetches through ``resolutions.access`` (404 for hidden
and missing alike, 403 for who sees but may not act), calls one service or selector, and turns a
ServiceError into a Persian message on the form the person filled in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.core.pagination import KeysFirstPaginator
from qarargah.history.selectors import history_for
from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Agency, AgencyStatus, Body, County, Province, TargetNeighbourhood
from qarargah.persian import format_jalali, jalali_iso, match_key, to_persian_digits
from qarargah.ui.forms import search_key

from . import access, exports, selectors, services, spreadsheets, workflow
from . import review as reviews
from . import scoreboard as scores
from .attachments import attachment_response
from .forms import (
    AssignmentAddForm,
    AssignmentRoleForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    PastReviewForm,
    ReportEditForm,
    ReportForm,
    ResolutionEditForm,
    ResolutionFilterForm,
    ReviewForm,
    ScoreboardForm,
    follow_up_owners,
)
from .models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    DeadlineKind,
    ExtensionStatus,
    Resolution,
    ReviewStatus,
)

PAGE_SIZE = 50


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


# --- Resolution list, page, edit ---------------------------------------------------------------------

SORTABLE = {
    "number": "number",
    "meeting": "meeting__date",
    "body": "body",
    "due": "due_date",
    "status": "status",
}


def _sort_links(current: str) -> dict[str, dict[str, str]]:
    links = {}
    for column, key in SORTABLE.items():
        if current == key:
            links[column] = {"order": f"-{key}", "mark": "▲"}
        elif current == f"-{key}":
            links[column] = {"order": key, "mark": "▼"}
        else:
            links[column] = {"order": key, "mark": ""}
    return links


# The list says «بیش از ۱۰٬۰۰۰ مصوبه» past this many rather than counting them all (see KeysFirstPaginator).
LIST_COUNT_CAP = 10_000
# A filter with more choices than this (a national reader's 6,200 agencies and 2,000
# neighbourhoods) renders only the chosen one; the picker asks ``filter_options`` as the person
# types. Writing every option into each list page was most of that page's time (issue 12).
INLINE_OPTIONS_MAX = 400
OPTIONS_SHOWN = 50


def _list_filters(request: HttpRequest) -> tuple[ResolutionFilterForm, dict[str, Any], dict[str, Any]]:
    """The list's filter form, the filters it cleaned and the choices the filter bar offers:
    the page and its Excel file read the same ones."""
    user = request.user
    bodies = Body.objects.visible_to(user).order_by("name")
    agencies = Agency.objects.visible_to(user).filter(status=AgencyStatus.ACTIVE).order_by("name")
    counties = County.objects.visible_to(user).order_by("name")
    neighbourhoods = TargetNeighbourhood.objects.visible_to(user).order_by("name")
    meetings = Meeting.objects.visible_to(user)
    form = ResolutionFilterForm(
        request.GET or None,
        bodies=bodies,
        meetings=meetings,
        agencies=agencies,
        counties=counties,
        neighbourhoods=neighbourhoods,
    )
    filters = form.filters() if request.GET else {"order": "-meeting__date"}
    choices: dict[str, Any] = {
        "bodies": bodies,
        "agencies": agencies,
        "counties": counties,
        "neighbourhoods": neighbourhoods,
        "meetings": meetings,
    }
    return form, filters, choices


@require_GET
@login_required
def resolution_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    form, filters, choices = _list_filters(request)
    resolutions = selectors.resolutions_for_user(user, **filters)
    search = filters.get("query", "")
    paginator = KeysFirstPaginator(
        resolutions,
        PAGE_SIZE,
        count_cap=LIST_COUNT_CAP,
        rows=lambda keys: selectors.resolution_rows(user, keys),
        # A text search's cost is finding its matches: the count and the page read them once.
        # So is an agency's list (its officer's): its resolutions are found through its
        # assignments, and counting them apart read each of the busiest agency's 30,000 twice.
        count_with_keys=(bool(search.strip()) and not selectors.is_number_only_search(search))
        or scope_for(user).agency_id is not None,
    )
    page = paginator.get_page(request.GET.get("page"))
    body = filters.get("body")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "resolutions/resolution_list.html",
        {
            "page": page,
            "form": form,
            "filters": filters,
            # Options as (key, name): a province's 200 agencies, 34 bodies and their counties and
            # neighbourhoods were model instances built on every page view only to be written out.
            "bodies": list(choices["bodies"].values_list("pk", "name")),
            **_picker_choices("agencies", choices["agencies"], filters.get("agency"), "agency"),
            "counties": list(choices["counties"].values_list("pk", "name")),
            **_picker_choices(
                "neighbourhoods", choices["neighbourhoods"], filters.get("neighbourhood"), "neighbourhood"
            ),
            "meetings": _meeting_choices(choices["meetings"], body),
            "statuses": form.fields["status"].choices,
            "axes": form.fields["axis"].choices,
            "agency_states": form.fields["agency_state"].choices,
            "sort": _sort_links(filters.get("order") or "-meeting__date"),
            "filtered": any(v for k, v in filters.items() if k != "order"),
            "number_only_search": selectors.is_number_only_search(filters.get("query", "")),
            "export_query": query.urlencode(),
        },
    )


def _picker_choices(name: str, qs: Any, chosen: Any, field: str) -> dict[str, Any]:
    """The options of a filter written into the page: all of them, or, beyond
    ``INLINE_OPTIONS_MAX``, only the chosen one, with the URL the picker loads the others from."""
    items = list(qs.values_list("pk", "name")[: INLINE_OPTIONS_MAX + 1])  # one query, no count
    if len(items) <= INLINE_OPTIONS_MAX:
        return {name: items, f"{name}_source": ""}
    return {
        name: [chosen] if chosen is not None else [],
        f"{name}_source": f"{reverse('resolutions:filter_options')}?{urlencode({'field': field})}",
    }


FILTER_OPTION_SOURCES: dict[str, Callable[[Any], Any]] = {
    "agency": lambda user: Agency.objects.visible_to(user).filter(status=AgencyStatus.ACTIVE),
    "neighbourhood": lambda user: TargetNeighbourhood.objects.visible_to(user),
}


@require_GET
@login_required
def filter_options(request: HttpRequest) -> JsonResponse:
    """The list's agency or neighbourhood options whose name holds what was typed (``q``, matched
    as ``persian.match_key`` folds it), at most ``OPTIONS_SHOWN``, scoped like the list's own
    choices: what the filter's picker loads when the page carries too many to write them all."""
    source = FILTER_OPTION_SOURCES.get(request.GET.get("field", ""))
    if source is None:
        return JsonResponse(
            {"error": "فیلتر خواسته‌شده شناخته نیست؛ field باید agency یا neighbourhood باشد."}, status=400
        )
    qs = source(request.user).select_related("province" if request.GET["field"] == "agency" else "county")
    key = match_key(request.GET.get("q", ""))
    if key:
        qs = qs.filter(name_key__contains=key)
    several_provinces = scope_for(request.user).province_id is None
    results = []
    for item in qs.order_by("name", "pk")[:OPTIONS_SHOWN]:
        where = item.province if isinstance(item, Agency) else item.county
        label = (
            f"{item.name} ({where.name})"
            if several_provinces or isinstance(item, TargetNeighbourhood)
            else item.name
        )
        results.append({"value": str(item.pk), "text": label, "search": search_key(label)})
    return JsonResponse({"results": results})


def _describe_list_filters(form: ResolutionFilterForm, filters: dict[str, Any]) -> str:
    """«مصوبات — دستگاه: …؛ سررسید از … تا …»: the filters of an export, in words, for its
    first row. Names and the search are written as stored or typed."""
    labels = {
        "status": dict(form.fields["status"].choices),
        "axis": dict(form.fields["axis"].choices),
        "agency_state": dict(form.fields["agency_state"].choices),
    }
    parts = []
    if filters.get("query"):
        parts.append(f"جستجو: «{filters['query']}»")
    for key, title in (
        ("body", "نهاد"),
        ("agency", "دستگاه"),
        ("county", "شهرستان"),
        ("neighbourhood", "محله"),
    ):
        if filters.get(key) is not None:
            parts.append(f"{title}: {filters[key]}")
    meeting = filters.get("meeting")
    if meeting is not None:
        parts.append(f"جلسه {format_jalali(meeting.date)}")
    for key, title in (("status", "وضعیت"), ("axis", "محور"), ("agency_state", "وضعیت تکلیف")):
        if filters.get(key):
            parts.append(f"{title}: {labels[key].get(filters[key], filters[key])}")
    if filters.get("due_from") or filters.get("due_to"):
        parts.append(_period_words(filters.get("due_from"), filters.get("due_to")))
    if filters.get("overdue"):
        parts.append("فقط گذشته از سررسید")
    if filters.get("due_this_week"):
        parts.append("سررسید این هفته")
    today = format_jalali(timezone.localdate())
    return f"مصوبات — {'؛ '.join(parts) if parts else 'بدون فیلتر'} (گرفته‌شده در {today})"


def _period_words(due_from: Any, due_to: Any) -> str:
    if due_from and due_to:
        return f"سررسید از {format_jalali(due_from)} تا {format_jalali(due_to)}"
    if due_from:
        return f"سررسید از {format_jalali(due_from)} به بعد"
    return f"سررسید تا {format_jalali(due_to)}"


def _xlsx_response(content: Any, filename: str) -> FileResponse:
    response = FileResponse(content, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename.replace("/", "-"))
    return response


@require_GET
@login_required
def resolution_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The list as it is filtered, as an Excel file: the same scoped query as the page, every
    row (not one page), up to LIST_ROW_CAP."""
    user = request.user
    form, filters, _choices = _list_filters(request)
    resolutions = selectors.resolutions_for_user(user, **filters)
    cap = spreadsheets.LIST_ROW_CAP
    keys = list(resolutions.values_list("pk", flat=True)[: cap + 1])
    if len(keys) > cap:
        messages.error(
            request,
            f"این فهرست بیش از {to_persian_digits(f'{cap:,}').replace(',', '٬')} مصوبه دارد و فایل Excel "
            "آن ساخته نشد؛ فیلترها را بیشتر کنید (مثلاً نهاد، دستگاه یا دوره سررسید) و دوباره بگیرید.",
        )
        return redirect(f"{reverse('resolutions:resolution_list')}?{request.GET.urlencode()}")
    today = timezone.localdate()

    def chunks() -> Any:
        # The keys are in the list's order; each chunk is loaded by key and put back in it.
        for start in range(0, len(keys), spreadsheets.CHUNK):
            part = keys[start : start + spreadsheets.CHUNK]
            rows = {row.pk: row for row in selectors.resolution_rows(user, part, today=today)}
            yield [rows[key] for key in part if key in rows]

    content = spreadsheets.resolution_list_workbook(
        chunks(), title=_describe_list_filters(form, filters), today=today
    )
    return _xlsx_response(content, f"مصوبات - {format_jalali(today).replace('/', '-')}.xlsx")


def _meeting_choices(meetings: Any, body: Body | None) -> list[tuple[int, str]]:
    """(key, label) of the meeting filter's options: the 200 most recent meetings of the chosen
    body, or of every body in scope named with its body. Labels are built here, not in a
    template loop (200 options with their conditions were a good part of the page's time)."""
    rows = (meetings.filter(body=body) if body else meetings).order_by("-date", "-pk")
    labels = []
    for pk, number, date, body_name in rows.values_list("pk", "number", "date", "body__name")[:200]:
        parts = [] if body else [body_name]
        if number:
            parts.append(f"جلسه {to_persian_digits(str(number))}")
        parts.append(format_jalali(date))
        labels.append((pk, " · ".join(parts)))
    return labels


@require_GET
@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_resolution(request, access.get_resolution_for_user(request.user, pk))


def _render_resolution(request: HttpRequest, resolution: Resolution, **extra: Any) -> HttpResponse:
    user = request.user
    data = selectors.resolution_page_data(user, resolution)
    can_follow = scope_for(user).follows_up(resolution.province_id)
    assigned = [a.agency_id for a in data["assignments"]]
    context = {
        "resolution": resolution,
        **data,
        "can_follow_up": can_follow,
        "history": history_for(
            user, [resolution, *data["assignments"], *data["reports"], *data["extensions"]]
        ),
        "today": timezone.localdate(),
        **extra,
    }
    if can_follow and "add_form" not in context:
        context["add_form"] = AssignmentAddForm(agencies=_assignable(resolution, assigned))
    return render(request, "resolutions/resolution_detail.html", context)


@require_POST
@login_required
def resolution_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat closes the resolution with a reason."""
    return _close_or_reopen(request, pk, close=True)


@require_POST
@login_required
def resolution_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat reopens a resolution it closed, with a reason."""
    return _close_or_reopen(request, pk, close=False)


def _act(
    request: HttpRequest, work: Callable[[], object], *, done: str, back_to: tuple[str, int]
) -> HttpResponse:
    """One service call from a button: its refusal or ``done`` as a flash message, then back to
    the page the button was on."""
    try:
        work()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    name, pk = back_to
    return redirect(name, pk=pk)


def _close_or_reopen(request: HttpRequest, pk: int, *, close: bool) -> HttpResponse:
    resolution = access.get_resolution_for_writer(request.user, pk)
    service = services.close_resolution if close else services.reopen_resolution
    reason = request.POST.get("reason", "")[:5000]
    try:
        service(actor=request.user, resolution=resolution, reason=reason, expected_version=_version(request))
    except ServiceError as exc:
        resolution.refresh_from_db()
        return _render_resolution(request, resolution, closure_error=exc.message, typed_reason=reason)
    messages.success(request, "مصوبه بسته شد." if close else "مصوبه دوباره باز شد.")
    return redirect("resolutions:resolution_detail", pk=resolution.pk)


def _assignable(resolution: Resolution, assigned: list[int]) -> Any:
    return (
        Agency.objects.filter(province_id=resolution.province_id, status=AgencyStatus.ACTIVE)
        .exclude(pk__in=assigned)
        .order_by("name")
    )


def _edit_form(request: HttpRequest, resolution: Resolution) -> tuple[ResolutionEditForm, Any]:
    province_id = resolution.province_id
    neighbourhoods = TargetNeighbourhood.objects.filter(county__province_id=province_id).select_related(
        "county"
    )
    proposal = None
    initial = {
        "text": resolution.text,
        "axis": resolution.axis,
        "deadline": resolution.deadline_raw,
        "neighbourhoods": list(resolution.neighbourhoods.values_list("pk", flat=True)),
        "target_quantity": resolution.target_quantity,
        "target_unit": resolution.target_unit,
        "follow_up_owner": resolution.follow_up_owner_id,
        "report_period_days": resolution.report_period_days,
        "version": resolution.version,
    }
    if resolution.target_quantity is None:
        proposal = services.propose_resolution_target(resolution)
        if proposal is not None:
            initial["target_quantity"], initial["target_unit"] = proposal
    form = ResolutionEditForm(
        request.POST if request.method == "POST" and "text" in request.POST else None,
        initial=initial,
        neighbourhoods=neighbourhoods,
        owners=follow_up_owners(province_id),
        meeting_date=resolution.meeting_date,
    )
    return form, proposal


def _deadline_shown(resolution: Resolution, form: ResolutionEditForm) -> dict[str, Any]:
    """What the page says beside the deadline field: the due date computed from what is in the
    field (after a refused save, from what was typed, when that much is valid)."""
    if form.is_bound:
        if form.errors.get("deadline") or "deadline" not in getattr(form, "cleaned_data", {}):
            return {"deadline_due": None, "deadline_note": ""}
        raw = form.cleaned_data["deadline"]
    else:
        raw = resolution.deadline_raw
    try:
        planned = services.check_resolution_deadline(resolution, raw)
    except ServiceError as exc:
        return {"deadline_due": None, "deadline_note": exc.message}
    return {"deadline_due": planned.due_date, "deadline_note": describe_due(planned.kind, planned.due_date)}


def describe_due(kind: str, due: Any) -> str:
    """The sentence beside the deadline field (and in the live preview's JSON)."""
    if due is not None:
        return f"سررسید محاسبه‌شده: {format_jalali(due)}"
    if kind == DeadlineKind.NEXT_MEETING:
        return "سررسید با ثبت جلسه بعدی همین نهاد تعیین می‌شود."
    return "بدون سررسید (بدون مهلت)."


def _render_edit(
    request: HttpRequest,
    resolution: Resolution,
    *,
    form: ResolutionEditForm | None = None,
    proposal: Any = None,
    add_form: AssignmentAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if form is None:
        form, proposal = _edit_form(request, resolution)
    if form.is_bound and form.errors.get("deadline"):
        attrs = form.fields["deadline"].widget.attrs
        attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
        attrs["aria-invalid"] = "true"
    assignments = list(
        resolution.assignments.select_related("agency").order_by("pk").annotate(report_count=Count("reports"))
    )
    if add_form is None:
        # The first agency is the lead (the service makes it so whatever is chosen); say so.
        role = AssignmentRole.PARTNER if assignments else AssignmentRole.LEAD
        add_form = AssignmentAddForm(
            agencies=_assignable(resolution, [a.agency_id for a in assignments]), initial={"role": role}
        )
    context = {
        "form": form,
        "resolution": resolution,
        "proposal": proposal,
        "assignments": assignments,
        "add_form": add_form,
        "roles": AssignmentRole.choices,
        **_deadline_shown(resolution, form),
    }
    return render(request, "resolutions/resolution_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def resolution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = access.get_resolution_for_writer(request.user, pk)
    form, proposal = _edit_form(request, resolution)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_resolution(
                actor=request.user,
                resolution=resolution,
                expected_version=data["version"],
                neighbourhoods=list(data["neighbourhoods"]),
                deadline=data["deadline"],
                text=data["text"],
                axis=data["axis"],
                target_quantity=data["target_quantity"],
                target_unit=(data["target_unit"] or "").strip()
                if data["target_quantity"] is not None
                else "",
                follow_up_owner=data["follow_up_owner"],
                report_period_days=data["report_period_days"],
            )
        except ServiceError as exc:
            form.add_error("deadline" if exc.code == "deadline" else None, exc.message)
        else:
            messages.success(request, f"تغییرات مصوبه {to_persian_digits(str(resolution.number))} ذخیره شد.")
            return redirect("resolutions:resolution_detail", pk=resolution.pk)
    return _render_edit(request, resolution, form=form, proposal=proposal)


@require_GET
@login_required
def deadline_preview(request: HttpRequest, pk: int) -> JsonResponse:
    """The edit page's live preview: is the typed deadline valid, and which due date it gives.
    Computes only (writes nothing), for those who may edit the resolution."""
    resolution = access.get_resolution_for_writer(request.user, pk)
    raw = request.GET.get("deadline", "")[:200]
    try:
        planned = services.check_resolution_deadline(resolution, raw)
    except ServiceError as exc:
        return JsonResponse({"valid": False, "message": exc.message, "due": ""})
    return JsonResponse(
        {
            "valid": True,
            "message": describe_due(planned.kind, planned.due_date),
            "due": format_jalali(planned.due_date) if planned.due_date else "",
        }
    )


def _back_to_edit(request: HttpRequest) -> bool:
    """Whether an agency button was pressed on the edit page (it goes back there)."""
    return request.POST.get("back") == "edit"


@require_POST
@login_required
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = access.get_resolution_for_writer(request.user, pk)
    assigned = list(resolution.assignments.values_list("agency_id", flat=True))
    form = AssignmentAddForm(request.POST, agencies=_assignable(resolution, assigned))
    if form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.add_agency(
                actor=request.user,
                resolution=resolution,
                agency=data["agency"],
                role=data["role"],
                due_date=data["due_date"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"«{assignment.agency}» به‌عنوان {assignment.get_role_display()} "
                "به اقدام‌کنندگان این مصوبه افزوده شد.",
            )
            if _back_to_edit(request):
                return redirect("resolutions:resolution_edit", pk=resolution.pk)
            return redirect("resolutions:resolution_detail", pk=resolution.pk)
    if _back_to_edit(request):
        return _render_edit(request, resolution, add_form=form)
    return _render_resolution(request, resolution, add_form=form, add_form_open=True)


def _back_from_assignment(request: HttpRequest, assignment: Assignment) -> tuple[str, int]:
    name = "resolutions:resolution_edit" if _back_to_edit(request) else "resolutions:resolution_detail"
    return name, assignment.resolution_id


@require_POST
@login_required
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.get_assignment_for_follow_up(request.user, pk)
    try:
        promoted = services.remove_agency(actor=request.user, assignment=assignment)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        done = f"تکلیف «{assignment.agency}» از این مصوبه برداشته شد."
        if promoted is not None:
            done += f" «{promoted.agency}» اکنون مسئول اصلی است."
        messages.success(request, done)
    name, resolution_pk = _back_from_assignment(request, assignment)
    return redirect(name, pk=resolution_pk)


@require_POST
@login_required
def assignment_role(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat makes an agency the lead (the old lead becomes a partner) or a partner."""
    assignment = access.get_assignment_for_follow_up(request.user, pk)
    form = AssignmentRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        role = form.cleaned_data["role"]
        try:
            services.set_assignment_role(
                actor=request.user,
                assignment=assignment,
                role=role,
                expected_version=form.cleaned_data["version"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"«{assignment.agency}» اکنون {AssignmentRole(role).label} این مصوبه است."
            )
    name, resolution_pk = _back_from_assignment(request, assignment)
    return redirect(name, pk=resolution_pk)


# --- Agency inbox and assignment page ----------------------------------------------------------------

INBOX_FILTERS = {"open": "باز", "overdue": "گذشته از سررسید", "all": "همه"}


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).can_act_for_agency:
        raise PermissionDenied(
            "کارتابل دستگاه ویژه کارشناسان دستگاه‌های اجرایی، فرمانداری‌ها و مسئولان خانه‌های محله است."
        )
    show = request.GET.get("show", "open")
    if show not in INBOX_FILTERS:
        show = "open"
    assignments = selectors.assignments_for_user(
        request.user, mine=True, status="open" if show == "open" else None, overdue=show == "overdue"
    )
    page = KeysFirstPaginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "resolutions/inbox.html",
        {"page": page, "show": show, "filters": INBOX_FILTERS, "agency": request.user.acting_agency},
    )


def _render_assignment(
    request: HttpRequest, assignment: Assignment, *, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    data = selectors.assignment_page_data(user, assignment)
    resolution = assignment.resolution
    scope = scope_for(user)
    acting = scope.acts_for(assignment.agency_id)
    # A resolution the secretariat closed takes nothing more from its agencies.
    open_to_act = acting and not assignment.resolution_closed
    allowed = workflow.allowed_transitions(assignment) if open_to_act else frozenset()
    has_pending_extension = any(e.status == ExtensionStatus.PENDING for e in data["extensions"])
    target_unit = resolution.target_unit if resolution.target_quantity is not None else None
    context = {
        "assignment": assignment,
        "resolution": resolution,
        **data,
        "can_act": acting,
        "can_follow_up": scope.follows_up(resolution.province_id),
        "can_start": AssignmentStatus.IN_PROGRESS in allowed,
        "can_report": AssignmentStatus.REPORTED in allowed,
        "can_extend": open_to_act
        and not has_pending_extension
        and (assignment.status != AssignmentStatus.ACCEPTED or assignment.is_continuous),
        "progress": selectors.resolution_progress(resolution),
        "history": history_for(user, [assignment, *data["reports"], *data["extensions"]]),
    }
    if context["can_report"]:
        context["report_form"] = forms.get("report_form") or ReportForm(
            initial={"version": assignment.version}, target_unit=target_unit
        )
    if context["can_extend"]:
        context["extension_form"] = forms.get("extension_form") or ExtensionRequestForm()
    context.update({k: v for k, v in forms.items() if k not in context or v is not None})
    return render(request, "resolutions/assignment_detail.html", context, status=status)


@require_GET
@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_assignment(request, access.get_assignment_for_user(request.user, pk))


@require_POST
@login_required
def assignment_start(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.get_assignment_for_writer(request.user, pk)
    return _act(
        request,
        lambda: services.start_assignment(
            actor=request.user, assignment=assignment, expected_version=_version(request)
        ),
        done="وضعیت تکلیف «در حال اقدام» شد.",
        back_to=("resolutions:assignment_detail", assignment.pk),
    )


@require_POST
@login_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.get_assignment_for_writer(request.user, pk)
    resolution = assignment.resolution
    target_unit = resolution.target_unit if resolution.target_quantity is not None else None
    form = ReportForm(request.POST, request.FILES, target_unit=target_unit)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_progress_report(
                actor=request.user,
                assignment=assignment,
                text=data["text"],
                achieved_quantity=data.get("achieved_quantity"),
                files=data["files"],
                expected_version=data["version"],
            )
        except ServiceError as exc:
            if exc.code.startswith("attachment") or exc.code == "too_many_files":
                form.add_error("files", exc.message)
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, "گزارش شما فرستاده شد و در انتظار بررسی دبیرخانه است.")
            return redirect("resolutions:assignment_detail", pk=assignment.pk)
    if request.FILES:
        # Browsers cannot refill a file input; say so rather than let the files vanish silently.
        form.add_error("files", "پس از رفع خطا، فایل‌ها را دوباره انتخاب کنید.")
    assignment.refresh_from_db()
    return _render_assignment(request, assignment, report_form=form, open_report=True)


@require_POST
@login_required
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.get_assignment_for_writer(request.user, pk)
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_deadline_extension(
                actor=request.user,
                assignment=assignment,
                requested_due_date=form.cleaned_data["requested_due_date"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "درخواست تمدید مهلت فرستاده شد و در انتظار تصمیم دبیرخانه است.")
            return redirect("resolutions:assignment_detail", pk=assignment.pk)
    return _render_assignment(request, assignment, extension_form=form, open_extension=True)


# --- Secretariat review ------------------------------------------------------------------------------


def _require_follow_up_staff(request: HttpRequest) -> None:
    if not scope_for(request.user).can_review_reports:
        raise PermissionDenied("این صفحه ویژه دبیرخانه است.")


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_follow_up_staff(request)
    reports = selectors.reports_awaiting_review(request.user)
    page = KeysFirstPaginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    extensions = list(selectors.extensions_awaiting_decision(request.user)[:PAGE_SIZE])
    return render(request, "resolutions/review_queue.html", {"page": page, "extensions": extensions})


@require_POST
@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_writer(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_progress_report(
                actor=request.user,
                report=report,
                decision=data["decision"],
                comment=data["comment"],
                expected_version=data["version"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"گزارش «{report.assignment.agency}» {REVIEW_OUTCOMES[report.review_status]}."
            )
            return redirect(_next_url(request, reverse("resolutions:review_queue")))
    report.refresh_from_db()
    return render(
        request,
        "resolutions/review_form.html",
        {"report": report, "form": form, "next": _next_url(request, "")},
    )


REVIEW_OUTCOMES = {
    ReviewStatus.ACCEPTED: "پذیرفته شد",
    ReviewStatus.PROGRESS: "به‌عنوان پیشرفت پذیرفته شد و تکلیف باز می‌ماند",
    ReviewStatus.RETURNED: "با توضیح شما به دستگاه برگشت داده شد",
}


@require_POST
@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency corrects its report while it waits for review."""
    report = access.get_report_for_author(request.user, pk)
    form = ReportEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_progress_report(
                actor=request.user,
                report=report,
                text=data["text"],
                achieved_quantity=data.get("achieved_quantity"),
                expected_version=data["version"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "گزارش ویرایش شد و همچنان در انتظار بررسی دبیرخانه است.")
            return redirect("resolutions:assignment_detail", pk=report.assignment_id)
    assignment = access.get_assignment_for_user(request.user, report.assignment_id)
    return _render_assignment(request, assignment, edit_report_form=form, edit_report_pk=report.pk)


@require_POST
@login_required
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency takes back its report before the review."""
    report = access.get_report_for_author(request.user, pk)
    return _act(
        request,
        lambda: services.withdraw_progress_report(
            actor=request.user, report=report, expected_version=_version(request)
        ),
        done="گزارش پس گرفته شد؛ می‌توانید گزارش تازه بفرستید.",
        back_to=("resolutions:assignment_detail", report.assignment_id),
    )


@require_POST
@login_required
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = access.get_extension_for_writer(request.user, pk)
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        approve = data["decision"] == "approve"
        try:
            services.decide_deadline_extension(
                actor=request.user,
                extension=extension,
                approve=approve,
                comment=data["comment"],
                expected_version=data["version"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            if approve:
                due = format_jalali(extension.requested_due_date)
                messages.success(
                    request, f"با تمدید موافقت شد؛ سررسید تازه «{extension.assignment.agency}» {due} است."
                )
            else:
                messages.success(request, "با درخواست تمدید موافقت نشد و سررسید تغییری نکرد.")
            return redirect(_next_url(request, reverse("resolutions:review_queue")))
    extension.refresh_from_db()
    return render(
        request,
        "resolutions/extension_decide_form.html",
        {"extension": extension, "form": form, "next": _next_url(request, "")},
    )


# --- Attachments -------------------------------------------------------------------------------------


@require_GET
@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an attachment only to those who may see its report; everyone else gets the same 404."""
    return attachment_response(access.get_attachment_for_user(request.user, pk))


# --- Review of past resolutions ----------------------------------------------------------------------


PAST_REVIEW_PAGE_SIZE = 100


def _past_review(request: HttpRequest) -> tuple[PastReviewForm, dict[str, Any] | None]:
    user = request.user
    bodies = reviews.bodies_for_review(user)
    data = request.GET.copy()
    if not data.get("body") and getattr(user, "body_id", None):
        data["body"] = str(user.body_id)
    form = PastReviewForm(data if data else None, bodies=bodies)
    if not data or not form.is_valid():
        return form, None
    body = form.cleaned_data["body"]
    meeting_date = form.cleaned_data["meeting_date"] or timezone.localdate()
    chosen = form.cleaned_data["since"]
    since = chosen or reviews.last_meeting_date(body, before=meeting_date)
    # «(آخرین جلسه)» names the date only when it is the last meeting's, not a date typed in.
    return form, {
        "body": body,
        "since": since,
        "since_is_last_meeting": chosen is None,
        "meeting_date": meeting_date,
    }


def _grouping(request: HttpRequest) -> str:
    group = request.GET.get("group", "")
    return group if group in reviews.GROUPINGS else reviews.DEFAULT_GROUPING


@require_GET
@login_required
def past_review(request: HttpRequest) -> HttpResponse:
    """The review on screen: the per-agency summary in full, the rows a page at a time (a busy
    headquarters has thousands of open assignments; the Word file has them all). Grouped by
    agency (a table per agency) or by resolution (a row per resolution, its agencies in it)."""
    form, review = _past_review(request)
    group = _grouping(request)
    page = None
    if review is not None:
        today = timezone.localdate()
        scope = {"body": review["body"], "since": review["since"]}
        summary = reviews.past_review_summary(request.user, today=today, **scope)
        review.update(summary=summary)
        if group == "resolution":
            keys = reviews.review_resolution_keys(request.user, **scope)
            page = Paginator(keys, PAST_REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
            review["resolutions"] = reviews.review_by_resolution(
                request.user, keys=list(page.object_list), today=today, **scope
            )
        else:
            rows = reviews.PastReviewRows(request.user, summary=summary, **scope)
            page = Paginator(rows, PAST_REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
            groups = reviews.group_review_rows(page.object_list, today=today)
            totals = {item.agency_id: item for item in summary}
            for agency_group in groups:
                agency_group.summary = totals.get(agency_group.agency.pk)
            review["groups"] = groups
    query = request.GET.copy()
    query.pop("page", None)
    switch = {}
    for key in reviews.GROUPINGS:
        other = query.copy()
        other["group"] = key
        switch[key] = other.urlencode()
    return render(
        request,
        "resolutions/past_review.html",
        {
            "form": form,
            "review": review,
            "page": page,
            "query": query.urlencode(),
            "group": group,
            "groupings": [(key, label, switch[key]) for key, label in reviews.GROUPINGS.items()],
        },
    )


@require_GET
@login_required
def past_review_docx(request: HttpRequest) -> HttpResponse:
    _form, review = _past_review(request)
    if review is None:
        messages.error(request, "برای گرفتن فایل Word، نخست قرارگاه یا شورا را انتخاب کنید.")
        return redirect("resolutions:past_review")
    scope = {"body": review["body"], "since": review["since"]}
    grouped: dict[str, Any] = {}
    if _grouping(request) == "resolution":
        grouped["resolutions"] = reviews.review_by_resolution(
            request.user, today=timezone.localdate(), **scope
        )
    else:
        grouped["groups"] = reviews.past_resolutions_review(request.user, **scope)
    content = exports.past_review_document(
        body=review["body"],
        meeting_date=review["meeting_date"],
        since=review["since"],
        since_is_last_meeting=review["since_is_last_meeting"],
        **grouped,
    )
    filename = f"بررسی مصوبات گذشته - {review['body'].name} - {format_jalali(review['meeting_date'])}.docx"
    response = HttpResponse(content, content_type=exports.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = exports.content_disposition(filename.replace("/", "-"))
    return response


# --- Scoreboard --------------------------------------------------------------------------------------


NATIONWIDE_ROWS = 50


def _scoreboard(request: HttpRequest, *, export: bool = False) -> dict[str, Any]:
    """The scoreboard's filters (province, period, agencies) and its numbers: the page and its
    Excel file read the same."""
    user = request.user
    scope = scope_for(user)
    if not scope.can_see_scoreboard:
        raise PermissionDenied("کارنامه دستگاه‌ها ویژه دبیرخانه و مدیران است.")
    provinces = Province.objects.visible_to(user).order_by("name")
    province = None
    chosen = request.GET.get("province", "")
    if scope.all_provinces and chosen.isdigit():
        province = provinces.filter(pk=int(chosen)).first()
    agencies = Agency.objects.visible_to(user).select_related("province").order_by("name")
    if province is not None:
        agencies = agencies.filter(province=province)
    elif scope.all_provinces:
        # Every agency of the country (6,000) is no list to pick from: a province first.
        agencies = agencies.none()
    form = ScoreboardForm(request.GET or None, agencies=agencies)
    if scope.all_provinces and province is None:
        form.fields["agencies"].help_text = "برای انتخاب دستگاه، نخست استان را انتخاب کنید."
    data = form.cleaned_data if form.is_valid() else _valid_part(form)
    period = scores.Period(due_from=data.get("due_from"), due_to=data.get("due_to"))
    chosen_agencies = list(data.get("agencies") or [])
    numbers = {"province": province, "period": period, "agencies": chosen_agencies}
    # What each row's link to the list carries besides the agency: the same period.
    link = {}
    if period.due_from:
        link["due_from"] = jalali_iso(period.due_from).replace("-", "/")
    if period.due_to:
        link["due_to"] = jalali_iso(period.due_to).replace("-", "/")
    # A reader of every province sees the provinces side by side and the worst agencies and
    # counties of the country; choosing a province shows all of its rows.
    nationwide = scope.all_provinces and province is None
    limit = NATIONWIDE_ROWS if nationwide and not export else None
    return {
        "form": form,
        "agency_scores": scores.agency_scoreboard(user, **numbers, limit=limit),
        "county_scores": scores.county_scoreboard(user, **numbers, limit=limit),
        "province_scores": scores.province_scoreboard(user, period=period, agencies=chosen_agencies)
        if nationwide
        else [],
        "rows_limit": limit,
        "provinces": list(provinces) if scope.all_provinces else [],
        "province": province,
        "period": period,
        "period_query": urlencode(link),
    }


def _valid_part(form: Any) -> dict[str, Any]:
    """The fields of an invalid form that did validate: a mistyped end date shows its error and
    the scoreboard still honours the start date and the agencies."""
    return {
        name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors
    }


@require_GET
@login_required
def scoreboard(request: HttpRequest) -> HttpResponse:
    context = _scoreboard(request)
    query = request.GET.copy()
    context["export_query"] = query.urlencode()
    context["list_url"] = reverse("resolutions:resolution_list")
    return render(request, "resolutions/scoreboard.html", context)


@require_GET
@login_required
def scoreboard_xlsx(request: HttpRequest) -> HttpResponse:
    context = _scoreboard(request, export=True)
    period: scores.Period = context["period"]
    parts = ["کارنامه دستگاه‌ها"]
    if context["province"] is not None:
        parts.append(f"استان {context['province'].name}")
    if period.due_from or period.due_to:
        parts.append(_period_words(period.due_from, period.due_to))
    if (
        context["form"].is_bound
        and context["form"].is_valid()
        and context["form"].cleaned_data.get("agencies")
    ):
        parts.append("دستگاه‌ها: " + "، ".join(a.name for a in context["form"].cleaned_data["agencies"]))
    today = format_jalali(timezone.localdate())
    content = spreadsheets.scoreboard_workbook(
        context["agency_scores"], context["county_scores"], title=f"{' — '.join(parts)} (گرفته‌شده در {today})"
    )
    return _xlsx_response(content, f"کارنامه دستگاه‌ها - {today.replace('/', '-')}.xlsx")
