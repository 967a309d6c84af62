"""Pages of the roll-up (county, province, nation) and of the ranked lists' approval and export.

Each figure is read from the stored roll-up through ``rollup`` and states when it was counted.
Leadership and the secretariat see their province, a county governorate its county, a house
manager its neighbourhood (live); an agency officer reads no area total (decision 0032).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from qarargah.accounts.scoping import get_object_for_user, scope_for
from qarargah.core.errors import ServiceError
from qarargah.organisations.models import Province, TargetNeighbourhood
from qarargah.resolutions.models import Axis
from qarargah.resolutions.spreadsheets import jalali_text

from . import access, approvals, permissions, rollup, selectors, spreadsheets
from .forms import ApprovalForm
from .models import NeedStatus

NOT_FOR_AGENCIES = "آمار تجمیعی محله‌ها برای خانه محله، فرمانداری، دبیرخانه و مدیران استان است."


def _context(figures: rollup.UnitFigures, **extra: Any) -> dict[str, Any]:
    return {
        "f": figures,
        "statuses": NeedStatus.choices,
        "axes": Axis.choices,
        **extra,
    }


@require_GET
@login_required
def rollup_home(request: HttpRequest) -> HttpResponse:
    """Send each reader to the widest unit it sees."""
    scope = scope_for(request.user)
    if not scope.can_browse_needs:
        raise PermissionDenied(NOT_FOR_AGENCIES)
    if scope.neighbourhood_id is not None:
        return redirect("neighbourhoods:detail", pk=scope.neighbourhood_id)
    if scope.county_id is not None:
        return redirect("neighbourhoods:rollup_county", pk=scope.county_id)
    if scope.province_id is not None:
        return redirect("neighbourhoods:rollup_province", pk=scope.province_id)
    return redirect("neighbourhoods:rollup_nation")


def _require_area_reader(request: HttpRequest) -> None:
    scope = scope_for(request.user)
    if not scope.can_browse_needs or scope.neighbourhood_id is not None:
        raise PermissionDenied(NOT_FOR_AGENCIES)


@require_GET
@login_required
def rollup_county(request: HttpRequest, pk: int) -> HttpResponse:
    _require_area_reader(request)
    county = access.get_county_for_user(request.user, pk)
    figures = rollup.county_figures(request.user, [county])[0]
    figures.children = rollup.neighbourhoods_figures(
        request.user,
        list(TargetNeighbourhood.objects.visible_to(request.user).filter(county=county).order_by("name")),
    )
    return render(request, "neighbourhoods/rollup.html", _context(figures, child_level="neighbourhood"))


@require_GET
@login_required
def rollup_province(request: HttpRequest, pk: int) -> HttpResponse:
    _require_area_reader(request)
    if scope_for(request.user).county_id is not None:
        raise PermissionDenied(NOT_FOR_AGENCIES)
    province = get_object_for_user(Province.objects.all(), request.user, pk=pk)
    figures = rollup.province_figures(request.user, province)
    return render(request, "neighbourhoods/rollup.html", _context(figures, child_level="county"))


@require_GET
@login_required
def rollup_nation(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).all_provinces or not scope_for(request.user).can_browse_needs:
        raise PermissionDenied("آمار کشوری را ناظران ملی و مدیر سامانه می‌بینند.")
    figures = rollup.nation_figures(request.user)
    return render(request, "neighbourhoods/rollup.html", _context(figures, child_level="province"))


# --- Ranked list: approval and export --------------------------------------------------------------------


@require_POST
@login_required
def ranked_list_approve(request: HttpRequest, county: int) -> HttpResponse:
    target = access.get_county_for_approver(request.user, county)
    form = ApprovalForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        approvals.approve_ranked_list(actor=request.user, county=target, note=note)  # type: ignore[arg-type]
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"فهرست اولویت شهرستان {target.name} تأیید و به استان فرستاده شد.")
    return redirect(f"{_priorities_url()}?county={target.pk}")


def _priorities_url() -> str:
    from django.urls import reverse

    return reverse("neighbourhoods:priorities")


def _xlsx(body: Any, filename: str) -> FileResponse:
    response = FileResponse(
        body, as_attachment=True, filename=filename, content_type=spreadsheets.XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def ranked_list_xlsx(request: HttpRequest, county: int) -> FileResponse:
    """The county's list as it stands now, or as approved (``?approved=1``)."""
    access.require_needs_reader(request.user)
    target = access.get_county_for_user(request.user, county)
    if request.GET.get("approved") == "1":
        approval = approvals.latest_approval(request.user, target)
        if approval is None:
            raise Http404
        who = approval.approved_by.get_full_name() if approval.approved_by else ""
        body = spreadsheets.county_ranked_workbook(
            approval.snapshot, approved=f"تأییدشده در {jalali_text(approval.approved_at)} به دست {who}"
        )
    else:
        body = spreadsheets.county_ranked_workbook(
            approvals.snapshot_of(selectors.priorities_for_county(request.user, target))
        )
    return _xlsx(body, f"ranked-county-{target.pk}.xlsx")


def _province_for(request: HttpRequest) -> Province:
    scope = scope_for(request.user)
    if not scope.can_browse_needs or scope.county_id is not None or scope.neighbourhood_id is not None:
        raise PermissionDenied("فهرست اولویت استان را دبیرخانه و مدیران استان می‌بینند.")
    raw = request.GET.get("province", "").strip() or scope.province_id
    if not raw:
        raise Http404
    return get_object_for_user(Province.objects.all(), request.user, pk=raw)


@require_GET
@login_required
def province_ranked(request: HttpRequest) -> HttpResponse:
    province = _province_for(request)
    ranked = approvals.province_ranked(request.user, province)
    county_id = request.GET.get("county", "")
    shown = next((s for s in ranked.counties if str(s.county.pk) == county_id), None)
    return render(
        request,
        "neighbourhoods/province_ranked.html",
        {"r": ranked, "shown": shown},
    )


@require_GET
@login_required
def province_ranked_xlsx(request: HttpRequest) -> FileResponse:
    province = _province_for(request)
    ranked = approvals.province_ranked(request.user, province)
    body = spreadsheets.province_ranked_workbook(province.name, ranked.counties, ranked.needs)
    return _xlsx(body, f"ranked-province-{province.pk}.xlsx")


def can_approve(request: HttpRequest, county_id: int) -> bool:
    return permissions.can_approve_ranked_list(request.user, county_id)
