"""Pages of activities (میز خدمت, festivals, markets, sports, courses) and programmes (طرح‌ها).

Same shape as ``views``: fetch through ``access``, read through ``selectors``, write through one
``services`` call; a ServiceError lands on the field it names, with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.organisations.models import Agency, AgencyStatus, Province, TargetNeighbourhood
from qarargah.resolutions.attachments import attachment_response
from qarargah.resolutions.models import Resolution

from . import access, permissions, selectors, services
from .forms import ActivityForm, PhotosForm, ProgrammeCoverageForm, ProgrammeForm, ProgressForm, TargetForm
from .models import ActivityKind, Programme, ProgrammeLevel

# --- Activities ---------------------------------------------------------------------------------------


def _writable_neighbourhoods(user: Any) -> Any:
    ids = [
        n.pk
        for n in TargetNeighbourhood.objects.visible_to(user).select_related("county")
        if permissions.can_write_activity_in(user, n)
    ]
    return (
        TargetNeighbourhood.objects.filter(pk__in=ids)
        .select_related("county")
        .order_by("county__name", "name")
    )


def _activity_form(request: HttpRequest, *args: Any, current: Any = None, **kwargs: Any) -> ActivityForm:
    scope = scope_for(request.user)
    province = scope.province_id
    writable = _writable_neighbourhoods(request.user)
    agencies = Agency.objects.filter(status=AgencyStatus.ACTIVE).order_by("name")
    # The resolutions that concern the neighbourhoods the user may write for (a province has
    # tens of thousands; an activity answers one about its own neighbourhoods), and the one the
    # activity already names.
    resolutions = Resolution.objects.visible_to(request.user).filter(
        pk__in=Resolution.neighbourhoods.through.objects.filter(
            targetneighbourhood_id__in=writable.values("pk")
        ).values("resolution_id")
    )
    if current is not None:
        resolutions = resolutions | Resolution.objects.visible_to(request.user).filter(pk=current)
    if province is not None:
        agencies = agencies.filter(province_id=province)
        resolutions = resolutions.filter(province_id=province)
    resolutions = resolutions.select_related("meeting__body")
    return ActivityForm(
        *args,
        neighbourhoods=writable,
        agencies=agencies,
        resolutions=resolutions.order_by("-meeting_date", "number"),
        programmes=selectors.programmes_for_user(request.user),
        **kwargs,
    )


def _activity_data(d: dict[str, Any]) -> services.ActivityData:
    return services.ActivityData(
        kind=d["kind"],
        title=d["title"],
        held_on=d["held_on"],
        neighbourhoods=list(d["neighbourhoods"]),
        agencies=list(d["agencies"]),
        volunteer_groups=d["volunteer_groups"],
        people_served=d["people_served"] or 0,
        report=d["report"],
        resolution=d["resolution"],
        programme=d["programme"],
    )


def _form_error(form: Any, exc: ServiceError) -> None:
    form.add_error(exc.code if exc.code in form.fields else None, exc.message)


@require_GET
@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    access.require_activity_reader(request.user)
    kind = request.GET.get("kind", "")
    county = None
    if request.GET.get("county", "").strip():
        county = access.get_county_for_user(request.user, request.GET["county"].strip())
    rows = selectors.activities_for_user(
        request.user, county=county.pk if county else None, kind=kind if kind in ActivityKind.values else None
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "neighbourhoods/activity_list.html",
        {
            "page": page,
            "kinds": ActivityKind.choices,
            "kind": kind,
            "county": county,
            "counties": selectors.counties_for_user(request.user)
            if scope_for(request.user).can_browse_needs
            else [],
            "can_record": _writable_neighbourhoods(request.user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    if not _writable_neighbourhoods(request.user).exists():
        raise PermissionDenied(permissions.NOT_ACTIVITY_WRITER)
    initial = {}
    if request.GET.get("neighbourhood", "").isdigit():
        initial["neighbourhoods"] = [int(request.GET["neighbourhood"])]
    form = _activity_form(request, request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.record_activity(
                actor=request.user,  # type: ignore[arg-type]
                data=_activity_data(form.cleaned_data),
                photos=form.cleaned_data["photos"],
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "فعالیت ثبت شد.")
            return redirect("neighbourhoods:activity_detail", pk=activity.pk)
    return render(request, "neighbourhoods/activity_form.html", {"form": form, "activity": None})


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_activity_for_writer(request.user, pk)
    initial = {
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on,
        "neighbourhoods": list(activity.neighbourhoods.values_list("pk", flat=True)),
        "agencies": list(activity.agencies.values_list("pk", flat=True)),
        "volunteer_groups": activity.volunteer_groups,
        "people_served": activity.people_served,
        "report": activity.report,
        "resolution": activity.resolution_id,
        "programme": activity.programme_id,
        "version": activity.version,
    }
    form = _activity_form(request, request.POST or None, initial=initial, current=activity.resolution_id)
    form.fields.pop("photos")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(
                actor=request.user,  # type: ignore[arg-type]
                activity=activity,
                data=_activity_data(form.cleaned_data),
                expected_version=form.cleaned_data.get("version"),
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "تغییرات فعالیت ذخیره شد.")
            return redirect("neighbourhoods:activity_detail", pk=activity.pk)
    return render(request, "neighbourhoods/activity_form.html", {"form": form, "activity": activity})


def _render_activity(request: HttpRequest, activity: Any, photos_form: Any = None) -> HttpResponse:
    page = selectors.activity_page(request.user, activity)
    can_edit = all(permissions.can_write_activity_in(request.user, n) for n in page.neighbourhoods)
    from qarargah.history.selectors import history_for

    return render(
        request,
        "neighbourhoods/activity_detail.html",
        {
            "p": page,
            "activity": activity,
            "can_edit": can_edit,
            "photos_form": photos_form or (PhotosForm() if can_edit else None),
            "history": history_for(request.user, [activity]),
        },
    )


@require_GET
@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_activity(request, access.get_activity_for_user(request.user, pk))


@require_POST
@login_required
def activity_photos(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_activity_for_writer(request.user, pk)
    form = PhotosForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_activity_photos(
                actor=request.user,  # type: ignore[arg-type]
                activity=activity,
                photos=form.cleaned_data["photos"],
            )
        except ServiceError as exc:
            form.add_error("photos", exc.message)
        else:
            messages.success(request, "عکس‌ها بارگذاری شد.")
            return redirect("neighbourhoods:activity_detail", pk=activity.pk)
    return _render_activity(request, activity, photos_form=form)


@require_GET
@login_required
def activity_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = access.get_activity_photo_for_user(request.user, pk)
    response = attachment_response(photo)
    return response


# --- Programmes ------------------------------------------------------------------------------------


def _may_define(request: HttpRequest) -> tuple[bool, bool]:
    scope = scope_for(request.user)
    provincial = scope.province_id is not None and permissions.can_define_programme(
        request.user, ProgrammeLevel.PROVINCIAL, scope.province_id
    )
    national = permissions.can_define_programme(request.user, ProgrammeLevel.NATIONAL, None)
    return provincial, national


@require_GET
@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    access.require_activity_reader(request.user)
    provincial, national = _may_define(request)
    programmes = list(selectors.programmes_for_user(request.user))
    return render(
        request,
        "neighbourhoods/programme_list.html",
        {"programmes": programmes, "may_define": provincial or national},
    )


@require_http_methods(["GET", "POST"])
@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    provincial, national = _may_define(request)
    if not (provincial or national):
        raise PermissionDenied(permissions.NOT_PROGRAMME_OWNER)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope = scope_for(request.user)
        level = ProgrammeLevel.PROVINCIAL if provincial else ProgrammeLevel.NATIONAL
        province = Province.objects.get(pk=scope.province_id) if provincial else None
        try:
            programme = services.save_programme(
                actor=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                level=level,
                province=province,
                description=form.cleaned_data["description"],
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "طرح ثبت شد.")
            return redirect("neighbourhoods:programme_detail", pk=programme.pk)
    return render(request, "neighbourhoods/programme_form.html", {"form": form, "national": not provincial})


def _province_part(request: HttpRequest, programme: Programme) -> int | None:
    """The province whose part of the programme this user edits, or None."""
    scope = scope_for(request.user)
    if scope.province_id is not None and permissions.can_edit_programme_part(
        request.user, programme, scope.province_id
    ):
        return scope.province_id
    return None


def _render_programme(request: HttpRequest, programme: Programme, **forms: Any) -> HttpResponse:
    page = selectors.programme_page(request.user, programme)
    province_id = _province_part(request, programme)
    coverage_form = target_form = None
    if province_id is not None:
        coverage_form = forms.get("coverage_form") or ProgrammeCoverageForm(
            agencies=Agency.objects.filter(province_id=province_id, status=AgencyStatus.ACTIVE).order_by(
                "name"
            ),
            neighbourhoods=TargetNeighbourhood.objects.filter(county__province_id=province_id)
            .select_related("county")
            .order_by("county__name", "name"),
            initial={
                "agencies": [a.pk for a in page.agencies],
                "neighbourhoods": [n.pk for n in page.neighbourhoods],
            },
        )
        target_form = forms.get("target_form") or TargetForm()
    return render(
        request,
        "neighbourhoods/programme_detail.html",
        {
            "p": page,
            "programme": programme,
            "coverage_form": coverage_form,
            "target_form": target_form,
            "editable_targets": {
                t.pk
                for t in page.targets
                if permissions.can_edit_programme_part(request.user, programme, t.province_id)
            },
        },
    )


@require_GET
@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_activity_reader(request.user)
    return _render_programme(request, access.get_programme_for_user(request.user, pk))


def _programme_for_part(request: HttpRequest, pk: int) -> tuple[Programme, Province]:
    access.require_activity_reader(request.user)
    programme = access.get_programme_for_user(request.user, pk)
    province_id = _province_part(request, programme)
    if province_id is None:
        raise PermissionDenied(permissions.NOT_PROGRAMME_OWNER)
    return programme, Province.objects.get(pk=province_id)


@require_POST
@login_required
def programme_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    programme, province = _programme_for_part(request, pk)
    form = ProgrammeCoverageForm(
        request.POST,
        agencies=Agency.objects.filter(province=province, status=AgencyStatus.ACTIVE),
        neighbourhoods=TargetNeighbourhood.objects.filter(county__province=province).select_related("county"),
    )
    if form.is_valid():
        try:
            services.set_programme_coverage(
                actor=request.user,  # type: ignore[arg-type]
                programme=programme,
                province=province,
                agencies=list(form.cleaned_data["agencies"]),
                neighbourhoods=list(form.cleaned_data["neighbourhoods"]),
                resolutions=list(programme.resolutions.filter(province=province)),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "دستگاه‌ها و محله‌های طرح در استان ذخیره شد.")
            return redirect("neighbourhoods:programme_detail", pk=programme.pk)
    return _render_programme(request, programme, coverage_form=form)


@require_POST
@login_required
def programme_target(request: HttpRequest, pk: int) -> HttpResponse:
    programme, province = _programme_for_part(request, pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.set_programme_target(
                actor=request.user,  # type: ignore[arg-type]
                programme=programme,
                province=province,
                title=d["title"],
                unit=d["unit"],
                target=d["target"],
                due_on=d["due_on"],
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "هدف طرح ثبت شد.")
            return redirect("neighbourhoods:programme_detail", pk=programme.pk)
    return _render_programme(request, programme, target_form=form)


@require_POST
@login_required
def target_progress(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.get_programme_target_for_writer(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.record_target_progress(
                actor=request.user,  # type: ignore[arg-type]
                target=target,
                achieved=form.cleaned_data["achieved"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "پیشرفت هدف ثبت شد.")
    else:
        messages.error(request, "؛ ".join(e for errors in form.errors.values() for e in errors))
    return redirect("neighbourhoods:programme_detail", pk=target.programme_id)
