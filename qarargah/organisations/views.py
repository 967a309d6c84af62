"""Registry pages. Each view parses input, fetches through the scoping helpers, calls one
selector or service, and turns ServiceError into a Persian message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qarargah.accounts.http import AuthenticatedHttpRequest
from qarargah.accounts.scoping import require_write, scope_for
from qarargah.core.errors import ServiceError
from qarargah.history.selectors import history_for

from . import selectors, services
from .access import get_agency_for_user, get_agency_for_writer, get_body_for_user
from .forms import AgencyForm, AliasForm, MergeForm
from .models import Agency, AgencyKind, AgencyStatus, Body, County, TargetNeighbourhood


@require_GET
@login_required
def agency_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    agencies = selectors.agencies_for_user(
        request.user, query=query, kind=kind if kind in AgencyKind.values else ""
    )
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/agency_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": AgencyKind.choices,
            # A new agency belongs to the user's province; an administrator over all provinces
            # has none and adds agencies in the admin instead.
            "can_edit": scope_for(request.user).can_edit_registry and request.user.province_id is not None,
        },
    )


@require_GET
@login_required
def agency_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, pk)
    aliases = list(agency.aliases.order_by("name"))
    scope = scope_for(request.user)
    context = {
        "agency": agency,
        "aliases": aliases,
        "bodies": Body.objects.visible_to(request.user).filter(memberships__agency=agency).distinct(),
        "history": history_for(request.user, [agency]),
        "can_edit": scope.can_edit_registry,
        "alias_form": AliasForm(),
    }
    if agency.is_pending and scope.can_edit_registry:
        context["merge_form"] = MergeForm(targets=_merge_targets(request, agency))
    return render(request, "organisations/agency_detail.html", context)


def _merge_targets(request: AuthenticatedHttpRequest, agency: Agency) -> QuerySet[Agency]:
    return (
        Agency.objects.visible_to(request.user)
        .filter(province_id=agency.province_id, status=AgencyStatus.ACTIVE)
        .exclude(pk=agency.pk)
    )


def _counties_for(request: AuthenticatedHttpRequest, province_id: int) -> QuerySet[County]:
    return County.objects.visible_to(request.user).filter(province_id=province_id)


def _neighbourhoods_for(request: AuthenticatedHttpRequest, province_id: int) -> QuerySet[TargetNeighbourhood]:
    return TargetNeighbourhood.objects.visible_to(request.user).filter(county__province_id=province_id)


@require_http_methods(["GET", "POST"])
@login_required
def agency_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_write(request.user)
    province = request.user.province
    if province is None:
        messages.error(
            request,
            "برای ثبت دستگاه ابتدا باید استان شما در حساب کاربری مشخص شود؛ "
            "مدیر سامانه دستگاه‌ها را از بخش «مدیریت سامانه» ثبت می‌کند.",
        )
        return redirect("organisations:agency_list")
    form = AgencyForm(
        request.POST or None,
        counties=_counties_for(request, province.pk),
        neighbourhoods=_neighbourhoods_for(request, province.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.create_agency(
                actor=request.user,
                province=province,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                county=form.cleaned_data["county"],
                email=form.cleaned_data["email"],
                neighbourhood=form.cleaned_data["neighbourhood"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"دستگاه «{agency}» ثبت شد.")
            return redirect("organisations:agency_detail", pk=agency.pk)
    return render(request, "organisations/agency_form.html", {"form": form, "agency": None})


@require_http_methods(["GET", "POST"])
@login_required
def agency_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_writer(request.user, pk)
    initial = {
        "name": agency.name,
        "kind": agency.kind,
        "county": agency.county_id,
        "email": agency.email,
        "neighbourhood": agency.neighbourhood_id,
        "version": agency.version,
    }
    form = AgencyForm(
        request.POST or None,
        initial=initial,
        counties=_counties_for(request, agency.province_id),
        neighbourhoods=_neighbourhoods_for(request, agency.province_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_agency(
                actor=request.user,
                agency=agency,
                expected_version=data["version"],
                name=data["name"],
                kind=data["kind"],
                county=data["county"],
                email=data["email"],
                neighbourhood=data["neighbourhood"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "تغییرات دستگاه ذخیره شد.")
            return redirect("organisations:agency_detail", pk=agency.pk)
    return render(request, "organisations/agency_form.html", {"form": form, "agency": agency})


@require_POST
@login_required
def alias_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_writer(request.user, pk)
    form = AliasForm(request.POST)
    if not form.is_valid():
        # An ErrorList item is the message text (the stubs also allow a ValidationError).
        messages.error(request, str(form.errors["name"][0]))
    else:
        try:
            services.add_agency_alias(actor=request.user, agency=agency, name=form.cleaned_data["name"])
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "نام دیگر ثبت شد.")
    return redirect("organisations:agency_detail", pk=agency.pk)


@require_POST
@login_required
def alias_remove(request: AuthenticatedHttpRequest, pk: int, alias_pk: int) -> HttpResponse:
    agency = get_agency_for_writer(request.user, pk)
    alias = agency.aliases.filter(pk=alias_pk).first()
    if alias is None:
        messages.error(request, "این نام دیگر پیدا نشد؛ شاید پیش‌تر حذف شده باشد.")
    else:
        services.remove_agency_alias(actor=request.user, alias=alias)
        messages.success(request, f"نام «{alias.name}» حذف شد.")
    return redirect("organisations:agency_detail", pk=agency.pk)


@require_GET
@login_required
def pending_agencies(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_write(request.user)
    pending = selectors.agencies_for_user(request.user, status=AgencyStatus.PENDING)
    return render(request, "organisations/pending_agencies.html", {"agencies": pending})


@require_POST
@login_required
def agency_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_writer(request.user, pk)
    kind = request.POST.get("kind") or None
    if kind is not None and kind not in AgencyKind.values:
        messages.error(request, "نوع دستگاه معتبر نیست.")
        return redirect("organisations:agency_detail", pk=agency.pk)
    try:
        services.confirm_agency(actor=request.user, agency=agency, kind=kind)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"دستگاه «{agency}» تأیید شد.")
    return redirect("organisations:agency_detail", pk=agency.pk)


@require_POST
@login_required
def agency_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_writer(request.user, pk)
    form = MergeForm(request.POST, targets=_merge_targets(request, agency))
    if not form.is_valid():
        messages.error(request, str(form.errors["target"][0]))
        return redirect("organisations:agency_detail", pk=agency.pk)
    target = form.cleaned_data["target"]
    try:
        services.merge_agency(actor=request.user, source=agency, target=target)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("organisations:agency_detail", pk=agency.pk)
    messages.success(request, f"«{agency.name}» در «{target}» ادغام شد و همه ارجاع‌هایش منتقل شد.")
    return redirect("organisations:agency_detail", pk=target.pk)


@require_GET
@login_required
def body_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "organisations/body_list.html", {"bodies": selectors.bodies_for_user(request.user)}
    )


@require_GET
@login_required
def body_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, pk)
    memberships = list(body.memberships.select_related("agency"))
    return render(
        request,
        "organisations/body_detail.html",
        {
            "body": body,
            "members": [m.agency for m in memberships],
            "children": Body.objects.visible_to(request.user).filter(parent=body),
            "history": history_for(request.user, [body]),
        },
    )


@require_GET
@login_required
def neighbourhood_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    neighbourhoods = selectors.neighbourhoods_for_user(request.user, query=query)
    page = Paginator(neighbourhoods, 50).get_page(request.GET.get("page"))
    return render(request, "organisations/neighbourhood_list.html", {"page": page, "query": query})


@require_GET
@login_required
def province_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "organisations/province_list.html", {"provinces": selectors.provinces_for_user(request.user)}
    )
