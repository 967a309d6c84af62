"""The programme's pages: neighbourhoods, their needs, the survey import and the ranked list.

Each view fetches through ``access`` (404 for missing and hidden alike, 403 for visible but not
writable), reads through ``selectors`` and writes through one ``services`` call; a refusal comes
back as a Persian message on the field or as a flash message, with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.history.selectors import history_for
from qarargah.organisations.models import Agency, AgencyStatus, County
from qarargah.persian import to_persian_digits
from qarargah.resolutions.models import Axis

from . import access, approvals, coverage, permissions, selectors, services, tables, uploads
from .forms import (
    ApprovalForm,
    ImportForm,
    IndicatorValueForm,
    NeedForm,
    ReferForm,
    ServiceForm,
    StatusForm,
    WeightsForm,
)
from .models import House, Indicator, NeedStatus, NeighbourhoodProfile
from .services import TRANSITIONS

# --- Neighbourhoods -----------------------------------------------------------------------------------


def _county_param(request: HttpRequest) -> County | None:
    raw = request.GET.get("county", "").strip()
    if not raw:
        return None
    return access.get_county_for_user(request.user, raw)


@require_GET
@login_required
def neighbourhood_list(request: HttpRequest) -> HttpResponse:
    access.require_needs_reader(request.user)
    county = _county_param(request)
    rows = selectors.neighbourhoods_for_user(request.user, county=county.pk if county else None)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "neighbourhoods/neighbourhood_list.html",
        {"page": page, "county": county, "counties": selectors.counties_for_user(request.user)},
    )


def _profile(neighbourhood: Any) -> NeighbourhoodProfile | None:
    try:
        return neighbourhood.profile  # type: ignore[no-any-return]
    except NeighbourhoodProfile.DoesNotExist:
        return None


def _house(neighbourhood: Any) -> House | None:
    try:
        return neighbourhood.programme_house  # type: ignore[no-any-return]
    except House.DoesNotExist:
        return None


def _recordable_indicators(request: HttpRequest, neighbourhood: Any) -> Any:
    ids = [
        i.pk
        for i in Indicator.objects.all()
        if permissions.can_record_indicator(request.user, i, neighbourhood)
    ]
    return Indicator.objects.filter(pk__in=ids).order_by("name")


@require_GET
@login_required
def neighbourhood_detail(request: HttpRequest, pk: int) -> HttpResponse:
    neighbourhood = access.get_neighbourhood_for_user(request.user, pk)
    return _render_neighbourhood(request, neighbourhood)


def _render_neighbourhood(
    request: HttpRequest, neighbourhood: Any, indicator_form: Any = None
) -> HttpResponse:
    by_axis = selectors.open_needs_by_axis(request.user, neighbourhood)
    recordable = _recordable_indicators(request, neighbourhood)
    if indicator_form is None and recordable.exists():
        indicator_form = IndicatorValueForm(indicators=recordable)
    series = selectors.indicator_series(request.user, neighbourhood)
    return render(
        request,
        "neighbourhoods/neighbourhood_detail.html",
        {
            "neighbourhood": neighbourhood,
            "profile": _profile(neighbourhood),
            "house": _house(neighbourhood),
            "staff": selectors.staff_for_user(request.user, neighbourhood),
            "sees_contacts": scope_for(request.user).can_see_neighbourhood_contacts,
            "by_axis": by_axis,
            "open_count": sum(len(a.needs) for a in by_axis),
            "resolutions": list(selectors.resolutions_concerning(request.user, neighbourhood)[:20]),
            "can_register": permissions.can_register_needs_in(request.user, neighbourhood),
            "series": series,
            "charts": [(f"chart-{s.indicator.code}", s.chart()) for s in series if s.points],
            "indicator_form": indicator_form,
            "activities": list(
                selectors.activities_for_user(request.user, neighbourhood=neighbourhood.pk)[:20]
            ),
            "programmes": list(selectors.programmes_covering(request.user, neighbourhood)),
            "can_record_activity": permissions.can_write_activity_in(request.user, neighbourhood),
        },
    )


@require_POST
@login_required
def indicator_record(request: HttpRequest, pk: int) -> HttpResponse:
    neighbourhood = access.get_neighbourhood_for_user(request.user, pk)
    recordable = _recordable_indicators(request, neighbourhood)
    if not recordable.exists():
        raise PermissionDenied(permissions.NOT_INDICATOR_WRITER)
    form = IndicatorValueForm(request.POST, indicators=recordable)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.record_indicator(
                actor=request.user,  # type: ignore[arg-type]
                indicator=d["indicator"],
                neighbourhood=neighbourhood,
                year=d["year"],
                part=d["part"],
                value=d["value"],
            )
        except ServiceError as exc:
            form.add_error(exc.code if exc.code in form.fields else None, exc.message)
        else:
            messages.success(request, "مقدار شاخص ثبت شد.")
            return redirect("neighbourhoods:detail", pk=neighbourhood.pk)
    return _render_neighbourhood(request, neighbourhood, indicator_form=form)


# --- Needs --------------------------------------------------------------------------------------------


@require_GET
@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.can_browse_needs or scope.can_act_for_agency):
        raise PermissionDenied(access.NOT_A_NEEDS_READER)
    county = _county_param(request)
    axis = request.GET.get("axis", "")
    status = request.GET.get("status", "")
    needs = selectors.needs_for_user(
        request.user,
        county=county.pk if county else None,
        axis=axis if axis in Axis.values else None,
        status=status if status in NeedStatus.values else None,
    )
    page = Paginator(needs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "neighbourhoods/need_list.html",
        {
            "page": page,
            "county": county,
            "counties": selectors.counties_for_user(request.user) if scope.can_browse_needs else [],
            "axes": Axis.choices,
            "statuses": NeedStatus.choices,
            "axis": axis,
            "status": status,
        },
    )


def _agencies_for(need: Any) -> Any:
    return Agency.objects.filter(
        province_id=need.neighbourhood.county.province_id, status=AgencyStatus.ACTIVE
    ).order_by("name")


def _render_need(request: HttpRequest, need: Any, **extra: Any) -> HttpResponse:
    user = request.user
    can_refer = permissions.can_refer_in(user, need.neighbourhood)
    can_status = permissions.can_change_status(user, need)
    allowed = sorted(TRANSITIONS.get(need.status, frozenset()))
    if not can_refer:
        allowed = [s for s in allowed if s != NeedStatus.REGISTERED]
    status_form = extra.pop("status_form", None) or StatusForm(initial={"version": need.version})
    status_form.fields["status"].choices = [(s, NeedStatus(s).label) for s in allowed]
    context = {
        "need": need,
        "can_edit": permissions.can_register_needs_in(user, need.neighbourhood)
        and (need.status == NeedStatus.REGISTERED or can_refer),
        "refer_form": extra.pop("refer_form", None)
        or (
            ReferForm(agencies=_agencies_for(need), initial={"version": need.version}) if can_refer else None
        ),
        "status_form": status_form if can_status and allowed else None,
        "proposals": selectors.proposed_agencies(need) if can_refer and need.is_open else [],
        "resolutions": list(need.resolutions.visible_to(user).order_by("-meeting_date")),  # type: ignore[attr-defined]
        "history": history_for(user, [need]),
        **extra,
    }
    return render(request, "neighbourhoods/need_detail.html", context)


@require_GET
@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_need(request, access.get_need_for_user(request.user, pk))


def _apply_errors(form: NeedForm, exc: ServiceError) -> None:
    form.add_error(exc.code if exc.code in form.fields else None, exc.message)


@require_http_methods(["GET", "POST"])
@login_required
def need_create(request: HttpRequest, pk: int) -> HttpResponse:
    neighbourhood = access.get_neighbourhood_for_registrar(request.user, pk)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            need = services.register_need(
                actor=request.user,  # type: ignore[arg-type]
                data=services.NeedData(
                    neighbourhood=neighbourhood,
                    axis=d["axis"],
                    title=d["title"],
                    description=d["description"],
                    source=d["source"],
                    severity=d["severity"],
                    households=d["households"] or 0,
                    residents=d["residents"] or 0,
                ),
            )
        except ServiceError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "مسئله ثبت شد.")
            return redirect("neighbourhoods:need_detail", pk=need.pk)
    return render(
        request, "neighbourhoods/need_form.html", {"form": form, "neighbourhood": neighbourhood, "need": None}
    )


@require_http_methods(["GET", "POST"])
@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = access.get_need_for_writer(request.user, pk)
    initial = {name: getattr(need, name) for name in services.EDITABLE_FIELDS} | {"version": need.version}
    form = NeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changes = {name: d[name] for name in services.EDITABLE_FIELDS}
        changes["households"] = changes["households"] or 0
        changes["residents"] = changes["residents"] or 0
        try:
            services.update_need(
                actor=request.user,  # type: ignore[arg-type]
                need=need,
                expected_version=d.get("version"),
                **changes,
            )
        except ServiceError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "تغییرات مسئله ذخیره شد.")
            return redirect("neighbourhoods:need_detail", pk=need.pk)
    return render(
        request,
        "neighbourhoods/need_form.html",
        {"form": form, "neighbourhood": need.neighbourhood, "need": need},
    )


@require_POST
@login_required
def need_refer(request: HttpRequest, pk: int) -> HttpResponse:
    need = access.get_need_for_referrer(request.user, pk)
    form = ReferForm(request.POST, agencies=_agencies_for(need))
    if form.is_valid():
        try:
            services.refer_need(
                actor=request.user,  # type: ignore[arg-type]
                need=need,
                agency=form.cleaned_data["agency"],
                expected_version=form.cleaned_data.get("version"),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"مسئله به «{form.cleaned_data['agency']}» ارجاع شد.")
            return redirect("neighbourhoods:need_detail", pk=need.pk)
    need.refresh_from_db()
    return _render_need(request, need, refer_form=form)


@require_POST
@login_required
def need_status(request: HttpRequest, pk: int) -> HttpResponse:
    need = access.get_need_for_status_change(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_need_status(
                actor=request.user,  # type: ignore[arg-type]
                need=need,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data.get("version"),
            )
        except (ServiceError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", None) or str(exc))
        else:
            messages.success(request, "وضعیت مسئله تغییر کرد.")
        return redirect("neighbourhoods:need_detail", pk=need.pk)
    messages.error(request, "وضعیت انتخاب‌شده معتبر نیست.")
    return redirect("neighbourhoods:need_detail", pk=need.pk)


@require_POST
@login_required
def need_delete(request: HttpRequest, pk: int) -> HttpResponse:
    need = access.get_need_for_writer(request.user, pk)
    neighbourhood_id = need.neighbourhood_id
    try:
        services.delete_need(actor=request.user, need=need)  # type: ignore[arg-type]
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("neighbourhoods:need_detail", pk=need.pk)
    messages.success(request, "مسئله حذف شد.")
    return redirect("neighbourhoods:detail", pk=neighbourhood_id)


# --- Survey import -----------------------------------------------------------------------------------


def _require_importer(request: HttpRequest) -> None:
    if not scope_for(request.user).can_register_needs:
        raise PermissionDenied(permissions.NOT_YOUR_NEIGHBOURHOOD)


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > tables.MAX_IMPORT_BYTES:
            form.add_error("file", tables.MESSAGES["too_large"])
        else:
            data = upload.read()
            try:
                result = services.import_needs(
                    actor=request.user,  # type: ignore[arg-type]
                    filename=upload.name,
                    data=data,
                    dry_run=True,
                )
            except ServiceError as exc:
                form.add_error("file", exc.message)
            else:
                if result.ok and result.valid and not result.already_imported:
                    token = uploads.save(request.user, upload.name, data)  # type: ignore[arg-type]
    return render(
        request,
        "neighbourhoods/import.html",
        {
            "form": form,
            "result": result,
            "token": token,
            "max_rows": to_persian_digits(str(tables.MAX_IMPORT_ROWS)),
        },
    )


@require_POST
@login_required
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    _require_importer(request)
    filename, data = uploads.load(request.user, token)  # type: ignore[arg-type]
    try:
        result = services.import_needs(
            actor=request.user,  # type: ignore[arg-type]
            filename=filename,
            data=data,
            dry_run=False,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("neighbourhoods:import")
    uploads.remove(request.user, token)  # type: ignore[arg-type]
    if result.already_imported:
        messages.info(request, "این فایل پیش‌تر وارد شده بود؛ چیز تازه‌ای ثبت نشد.")
    elif not result.ok:
        messages.error(request, "فایل دیگر معتبر نیست؛ آن را دوباره بارگذاری کنید تا خطاها را ببینید.")
        return redirect("neighbourhoods:import")
    else:
        messages.success(request, f"{to_persian_digits(str(len(result.created)))} مسئله از فایل ثبت شد.")
    return redirect("neighbourhoods:need_list")


@require_GET
@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    example = [
        ["کرج", "حصار", "بهداشت و سلامت", "نبود پزشک خانواده", "", "4", "120", "35", "نظرسنجی از ساکنان"]
    ]
    if request.GET.get("format") == "csv":
        response = HttpResponse(tables.template_csv(example), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = "attachment; filename=needs-template.csv"
        return response
    body = tables.template_xlsx(
        example,
        choices={"axis": [str(label) for _, label in Axis.choices], "severity": ["1", "2", "3", "4", "5"]},
    )
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename=needs-template.xlsx"
    return response


SHOWN_RANKED_NEEDS = 100

# --- Priorities -----------------------------------------------------------------------------------------


@require_GET
@login_required
def priorities(request: HttpRequest) -> HttpResponse:
    access.require_needs_reader(request.user)
    counties = list(selectors.counties_for_user(request.user))
    county = _county_param(request) or (counties[0] if counties else None)
    if county is None:
        raise Http404
    ranked = selectors.priorities_for_county(request.user, county)
    return render(
        request,
        "neighbourhoods/priorities.html",
        {
            "p": ranked,
            "counties": counties,
            # The weights page edits the user's own province's weights: not offered to those
            # who read every province (an administrator) and have none of their own.
            "can_set_weights": permissions.can_set_weights(request.user, county.province_id)
            and scope_for(request.user).province_id == county.province_id,
            "can_approve": permissions.can_approve_ranked_list(request.user, county.pk),
            "approval": approvals.latest_approval(request.user, county),
            "approval_form": ApprovalForm(),
            # The page shows the head of the list; the whole of it is in the Excel export.
            "shown_needs": ranked.needs[:SHOWN_RANKED_NEEDS],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def weights(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.can_set_need_weights or scope.province_id is None:
        raise PermissionDenied(permissions.NOT_WEIGHTS_OWNER)
    current = services.weights_for(scope.province_id)
    form = WeightsForm(
        request.POST or None, initial={name: getattr(current, name) for name in services.WEIGHT_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_priority_weights(
                actor=request.user,  # type: ignore[arg-type]
                province=current.province,
                **form.cleaned_data,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "وزن‌های اولویت‌بندی ذخیره شد.")
            return redirect("neighbourhoods:priorities")
    return render(request, "neighbourhoods/weights.html", {"form": form})


# --- Agency services and the coverage grid --------------------------------------------------------------


def _service_agencies(request: HttpRequest) -> Any:
    """The agencies the user may declare services for: its own, or its province's (secretariat)."""
    scope = scope_for(request.user)
    qs = Agency.objects.filter(status=AgencyStatus.ACTIVE).order_by("name")
    if scope.can_edit_registry:
        return qs if scope.all_provinces else qs.filter(province_id=scope.province_id)
    if scope.can_act_for_agency and scope.agency_id is not None:
        return qs.filter(pk=scope.agency_id)
    return qs.none()


@require_http_methods(["GET", "POST"])
@login_required
def agency_services(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.can_browse_needs or scope.can_act_for_agency):
        raise PermissionDenied(access.NOT_A_NEEDS_READER)
    agencies = _service_agencies(request)
    may_declare = scope.province_id is not None and agencies.exists()
    form = None
    if may_declare:
        form = ServiceForm(
            request.POST or None,
            agencies=agencies,
            province_id=scope.province_id,
            initial={"agency": scope.agency_id} if scope.agency_id else None,
        )
    elif request.method == "POST":
        raise PermissionDenied(permissions.NOT_SERVICE_OWNER)
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            services.declare_service(
                actor=request.user,  # type: ignore[arg-type]
                agency=d["agency"],
                axis=d["axis"],
                name=d["name"],
                unit=d["unit"],
                capacity=d["capacity"],
                period=d["period"],
                counties=list(d["counties"]),
                neighbourhoods=list(d["neighbourhoods"].select_related("county")),
            )
        except ServiceError as exc:
            form.add_error(exc.code if exc.code in form.fields else None, exc.message)
        else:
            messages.success(request, "خدمت ثبت شد.")
            return redirect("neighbourhoods:services")
    page = Paginator(selectors.services_for_user(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "neighbourhoods/services.html", {"page": page, "form": form})


@require_POST
@login_required
def agency_service_remove(request: HttpRequest, pk: int) -> HttpResponse:
    service = access.get_service_for_writer(request.user, pk)
    services.remove_service(actor=request.user, service=service)  # type: ignore[arg-type]
    messages.success(request, "خدمت حذف شد.")
    return redirect("neighbourhoods:services")


@require_GET
@login_required
def coverage_grid(request: HttpRequest) -> HttpResponse:
    access.require_needs_reader(request.user)
    counties = list(selectors.counties_for_user(request.user))
    county = _county_param(request) or (counties[0] if counties else None)
    if county is None:
        raise Http404
    grid = selectors.coverage_for_county(request.user, county)
    cell = None
    if request.GET.get("neighbourhood"):
        neighbourhood = access.get_neighbourhood_for_user(request.user, request.GET["neighbourhood"])
        axis = request.GET.get("axis", "")
        if neighbourhood.county_id != county.pk or axis not in Axis.values:
            raise Http404
        cell = selectors.coverage_cell(request.user, neighbourhood, axis)
    return render(
        request,
        "neighbourhoods/coverage.html",
        {
            "grid": grid,
            "counties": counties,
            "cell": cell,
            "counts": grid.counts(),
            "labels": coverage.LABELS,
        },
    )
