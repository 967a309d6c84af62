"""The registry's pages: sources and uploads (with the column mapping and a dry-run preview),
the quarantine, linking runs with their progress, the review queue, a person's page (asked for
a reason, logged) and the suppressed aggregates.

Each view fetches through ``access`` (404 for missing and hidden alike, 403 for a page the role
may not open), reads through ``selectors`` and writes through one ``services`` call.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qarargah.accounts.scoping import get_object_for_user, scope_for
from qarargah.core.errors import ServiceError
from qarargah.history.selectors import history_for
from qarargah.organisations.models import Agency, County, Province
from qarargah.persian import to_persian_digits

from . import access, drafts, reading, selectors, services, spreadsheets
from .forms import CorrectionForm, GroupForm, MappingForm, ReasonForm, SourceForm, UploadForm
from .models import AccessAction, Decision, MatchClass, TargetGroup


def fa(n: int) -> str:
    return to_persian_digits(f"{n:,}").replace(",", "٬")


def _user(request: HttpRequest) -> Any:
    return request.user


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    # The section's own menu reads the user's capabilities.
    return render(request, template, {**context, "scope": scope_for(request.user)})


# --- Sources ---------------------------------------------------------------------------------


def _province_of(request: HttpRequest) -> Province | None:
    scope = scope_for(request.user)
    if scope.province_id is not None:
        return Province.objects.filter(pk=scope.province_id).first()
    return None


def _source_form(request: HttpRequest, province: Province, data: Any = None) -> SourceForm:
    scope = scope_for(request.user)
    agencies = Agency.objects.filter(province=province).order_by("name")
    if not scope.can_see_registry_persons:
        agencies = agencies.filter(pk=scope.agency_id)
    groups = TargetGroup.objects.visible_to(request.user).filter(
        pk__in=TargetGroup.objects.filter(province__isnull=True).values("pk")
    ) | TargetGroup.objects.filter(province=province)
    return SourceForm(data, province=province, groups=groups.order_by("id"), agencies=agencies)


@require_http_methods(["GET", "POST"])
@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    access.require_source_user(request.user)
    province = _province_of(request)
    form = _source_form(request, province, request.POST or None) if province is not None else None
    if request.method == "POST":
        if form is None:
            return redirect("registries:sources")
        if form.is_valid():
            try:
                source = services.create_source(
                    actor=_user(request),
                    province=province,  # type: ignore[arg-type]
                    name=form.cleaned_data["name"],
                    agency=form.cleaned_data["agency"],
                    groups=list(form.cleaned_data["groups"]),
                )
            except ServiceError as exc:
                form.add_error("name", exc.message)
            else:
                messages.success(request, f"منبع «{source.name}» ثبت شد؛ اکنون فهرست آن را بارگذاری کنید.")
                return redirect("registries:source", pk=source.pk)
    scope = scope_for(request.user)
    return _render(
        request,
        "registries/source_list.html",
        {
            "sources": selectors.sources_for_user(request.user),
            "form": form,
            "group_form": GroupForm() if scope.can_see_registry_persons and province else None,
            "quarantine_count": selectors.quarantine_for_user(request.user).count(),
        },
    )


@require_POST
@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    access.require_data_officer(request.user)
    province = _province_of(request)
    form = GroupForm(request.POST)
    if province is None or not form.is_valid():
        messages.error(request, "نام گروه هدف را بنویسید.")
        return redirect("registries:sources")
    try:
        group = services.add_target_group(
            actor=_user(request),
            province=province,
            name=form.cleaned_data["name"],
            counts_households=form.cleaned_data["counts_households"],
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"گروه هدف «{group.name}» ثبت شد.")
    return redirect("registries:sources")


@require_http_methods(["GET", "POST"])
@login_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The source's uploads and the upload form; a file goes to the preview first."""
    access.require_source_user(request.user)
    source = access.get_source_for_user(request.user, pk)
    writable = access.can_write_source(request.user, source)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        source = access.get_source_for_writer(request.user, pk)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > reading.MAX_UPLOAD_BYTES:
                form.add_error(
                    "file",
                    reading.MESSAGES["too_large"].format(
                        mb=to_persian_digits(str(reading.MAX_UPLOAD_BYTES // (1024 * 1024)))
                    ),
                )
            else:
                data = upload.read()
                try:
                    reading.read_sheet(upload.name, data)
                except ServiceError as exc:
                    form.add_error("file", exc.message)
                else:
                    token = drafts.save(request.user, source.pk, upload.name, data)
                    return redirect("registries:upload_preview", pk=source.pk, token=token)
    return _render(
        request,
        "registries/source_detail.html",
        {
            "source": source,
            "writable": writable,
            "form": form,
            "uploads": selectors.uploads_of(source)[:50],
            "quarantine_count": selectors.quarantine_for_user(request.user, source).count(),
            "entries": history_for(request.user, [source]),
        },
    )


def _mapping_headers(source: Any, sheet: reading.Sheet) -> list[tuple[str, str, str]]:
    """Each header of the file with the field it maps to now: the source's remembered mapping,
    else what the header says."""
    remembered = source.column_mapping or {}
    headers = []
    for header in sheet.headers:
        key = reading.header_key(header)
        if key:
            headers.append(
                (key, header, remembered[key] if key in remembered else reading.recognise(header) or "")
            )
    return headers


@require_http_methods(["GET", "POST"])
@login_required
def upload_preview(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The dry run: the mapping of every column (changeable), what would load, what would go to
    quarantine and why. A POST previews the changed mapping; with ``confirm`` it imports."""
    source = access.get_source_for_writer(request.user, pk)
    filename, data = drafts.load(request.user, token, source.pk)
    sheet = reading.read_sheet(filename, data)  # read once already when the file was sent
    headers = _mapping_headers(source, sheet)
    mapping_form = MappingForm(request.POST or None, headers=headers)
    chosen = mapping_form.mapping() if request.method == "POST" and mapping_form.is_valid() else None
    error = None
    result = None
    try:
        result = services.import_upload(
            actor=_user(request), source=source, filename=filename, data=data, mapping=chosen, dry_run=True
        )
    except ServiceError as exc:
        error = exc.message
    if result is not None and chosen is not None and "confirm" in request.POST:
        try:
            services.save_mapping(actor=_user(request), source=source, mapping=chosen)
            done = services.import_upload(
                actor=_user(request), source=source, filename=filename, data=data, mapping=chosen
            )
        except ServiceError as exc:
            error = exc.message
        else:
            drafts.remove(request.user, token)
            messages.success(
                request,
                f"«{filename}» بارگذاری شد: تازه {fa(done.loaded)}، به‌روزشده {fa(done.updated)}، "
                f"بدون تغییر {fa(done.unchanged)}، قرنطینه {fa(done.quarantined)}.",
            )
            return redirect("registries:source", pk=source.pk)
    return _render(
        request,
        "registries/upload_preview.html",
        {
            "source": source,
            "filename": filename,
            "token": token,
            "result": result,
            "error": error,
            "mapping_form": mapping_form,
            "fields": [(name, reading.LABELS[name]) for name in reading.FIELDS],
        },
    )


# --- Quarantine ------------------------------------------------------------------------------


@require_GET
@login_required
def quarantine_list(request: HttpRequest) -> HttpResponse:
    access.require_source_user(request.user)
    source = None
    if request.GET.get("source"):
        source = access.get_source_for_user(request.user, request.GET["source"])
    rows = selectors.quarantine_for_user(request.user, source)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return _render(request, "registries/quarantine_list.html", {"page": page, "source": source})


def _guess_values(values: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for header, value in values.items():
        name = reading.recognise(header)
        if name is not None and name not in found:
            found[name] = value
    return found


@require_http_methods(["GET", "POST"])
@login_required
def quarantine_fix(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_quarantined_row_for_writer(request.user, pk)
    form = CorrectionForm(request.POST or None, initial_values=_guess_values(row.values))
    if request.method == "POST" and form.is_valid():
        try:
            record = services.resolve_quarantined_row(actor=_user(request), row=row, values=form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, f"ردیف {fa(row.row_number)} اصلاح و با شناسه «{record.external_id}» بارگذاری شد."
            )
            return redirect("registries:quarantine")
    return _render(request, "registries/quarantine_fix.html", {"row": row, "form": form})


# --- Linking and review ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def link_page(request: HttpRequest) -> HttpResponse:
    access.require_data_officer(request.user)
    province = _province_of(request)
    if request.method == "POST":
        if province is None:
            messages.error(request, "حساب شما به استانی وصل نیست.")
            return redirect("registries:link")
        try:
            run = services.start_link_run(
                actor=_user(request), province=province, retrain=request.POST.get("retrain") == "1"
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("registries:link")
        return redirect("registries:link_run", pk=run.pk)
    return _render(
        request,
        "registries/link.html",
        {"runs": selectors.link_runs_for_user(request.user)[:20], "province": province},
    )


@require_GET
@login_required
def link_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_link_run_for_user(request.user, pk)
    labels = [(cls.label, run.counts.get(cls.value, 0)) for cls in MatchClass]
    stages = [(services.STAGES_FA.get(name, name), seconds) for name, seconds in (run.stages or {}).items()]
    return _render(request, "registries/link_run.html", {"run": run, "labels": labels, "stages": stages})


@require_GET
@login_required
def link_run_status(request: HttpRequest, pk: int) -> JsonResponse:
    run = access.get_link_run_for_user(request.user, pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "stage": run.stage,
            "percent": run.percent,
            "percent_fa": to_persian_digits(str(run.percent)),
            "finished": run.finished,
        }
    )


@require_GET
@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    access.require_data_officer(request.user)
    page = Paginator(selectors.review_queue_for_user(request.user), 30).get_page(request.GET.get("page"))
    return _render(request, "registries/review_list.html", {"page": page})


_SIDE_FIELDS = (
    ("national_code", "کد ملی"),
    ("first_name", "نام"),
    ("last_name", "نام خانوادگی"),
    ("father_name", "نام پدر"),
    ("birth_date", "تاریخ تولد"),
    ("sex", "جنسیت"),
    ("mobile", "تلفن همراه"),
    ("address", "نشانی"),
    ("county", "شهرستان"),
    ("neighbourhood", "محله"),
    ("head_national_code", "کد ملی سرپرست"),
)


def _shown(record: Any, name: str) -> str:
    value = getattr(record, name)
    if name == "sex":
        return str(record.get_sex_display())
    if value is None:
        return ""
    if name == "birth_date":
        from qarargah.persian import format_jalali

        return str(format_jalali(value))
    return str(value)


@require_http_methods(["GET", "POST"])
@login_required
def review_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_review_item_for_user(request.user, pk)
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            services.decide_review(actor=_user(request), item=item, decision=decision)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect("registries:review", pk=item.pk)
        messages.success(
            request,
            "دو رکورد یک نفر شناخته شدند." if decision == Decision.LINK else "دو رکورد جدا نگه داشته شدند.",
        )
        following = selectors.review_queue_for_user(request.user).first()
        return (
            redirect("registries:review", pk=following.pk)
            if following
            else redirect("registries:review_list")
        )
    a, b = item.record_a, item.record_b
    rows = []
    for name, label in _SIDE_FIELDS:
        left, right = _shown(a, name), _shown(b, name)
        rows.append((label, left, right, None if not left or not right else left == right))
    return _render(
        request,
        "registries/review_item.html",
        {"item": item, "a": a, "b": b, "rows": rows, "contributions": item.contributions},
    )


# --- Persons ---------------------------------------------------------------------------------


@require_GET
@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    access.require_source_user(request.user)
    query = request.GET.get("q", "").strip()
    persons = selectors.find_persons(request.user, query)[:50] if query else []
    return _render(request, "registries/person_search.html", {"query": query, "persons": persons})


@require_http_methods(["GET", "POST"])
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks for a reason (GET), then shows and logs (POST): each showing is one log line."""
    access.require_source_user(request.user)
    person = access.get_person_for_user(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_access(
                actor=_user(request),
                action=AccessAction.VIEW,
                reason=form.cleaned_data["reason"],
                person=person,
            )
        except ServiceError as exc:
            form.add_error("reason", exc.message)
        else:
            records = list(selectors.records_of_person(request.user, person))
            groups = sorted({g.name for r in records for g in r.source.groups.all()})
            agencies = sorted({r.source.agency.name for r in records if r.source.agency_id})
            return _render(
                request,
                "registries/person_detail.html",
                {
                    "person": person,
                    "records": records,
                    "groups": groups,
                    "agencies": agencies,
                    "entries": history_for(request.user, records),
                },
            )
    return _render(request, "registries/person_reason.html", {"person": person, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def records_export(request: HttpRequest) -> HttpResponse:
    """The person-level list the user may see, as Excel, after a reason; logged."""
    access.require_source_user(request.user)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        records = selectors.records_for_export(request.user)
        try:
            services.log_access(
                actor=_user(request),
                action=AccessAction.EXPORT,
                reason=form.cleaned_data["reason"],
                detail=f"{records.count()} رکورد",
            )
        except ServiceError as exc:
            form.add_error("reason", exc.message)
        else:
            response = HttpResponse(
                spreadsheets.records_xlsx(records.iterator(chunk_size=2000)), content_type=spreadsheets.XLSX
            )
            response["Content-Disposition"] = "attachment; filename=registry-records.xlsx"
            return response
    return _render(request, "registries/export.html", {"form": form})


# --- Aggregates ------------------------------------------------------------------------------


def _aggregate_params(request: HttpRequest) -> tuple[Province, County | None, TargetGroup | None]:
    access.require_aggregate_reader(request.user)
    provinces = selectors.aggregate_provinces(request.user)
    raw = request.GET.get("province", "").strip()
    if raw:
        province = get_object_for_user(provinces, request.user, pk=raw)
    else:
        province = _province_of(request) or provinces.first()  # type: ignore[assignment]
        if province is None:
            from django.http import Http404

            raise Http404
    county = None
    if request.GET.get("county", "").strip():
        county = get_object_for_user(
            County.objects.filter(province=province), request.user, pk=request.GET["county"]
        )
    group = None
    if request.GET.get("group", "").strip():
        group = get_object_for_user(TargetGroup.objects.all(), request.user, pk=request.GET["group"])
    return province, county, group


@require_GET
@login_required
def aggregates(request: HttpRequest) -> HttpResponse:
    province, county, group = _aggregate_params(request)
    data = selectors.aggregates_for_user(request.user, province=province, county=county, group=group)
    return _render(
        request,
        "registries/aggregates.html",
        {
            "data": data,
            "tables": [data.counts, data.overlaps, data.gaps],
            "provinces": selectors.aggregate_provinces(request.user),
            "counties": County.objects.filter(province=province).order_by("name"),
            "groups": TargetGroup.objects.visible_to(request.user).order_by("id"),
            "selected_group": group,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@login_required
def aggregates_xlsx(request: HttpRequest) -> HttpResponse:
    province, county, group = _aggregate_params(request)
    data = selectors.aggregates_for_user(request.user, province=province, county=county, group=group)
    response = HttpResponse(spreadsheets.aggregates_xlsx(data), content_type=spreadsheets.XLSX)
    response["Content-Disposition"] = "attachment; filename=registry-aggregates.xlsx"
    return response
