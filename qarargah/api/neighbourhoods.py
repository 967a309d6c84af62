"""The neighbourhood programme's API: neighbourhoods, needs, the survey import and the ranked
list. Same pattern as ``api.views``: a thin serializer parses, ``neighbourhoods.access`` fetches
(404 for missing and hidden alike, 403 for visible but not writable), one selector or service
does the work, and errors leave through ``api.errors``."""

from __future__ import annotations

from collections import Counter
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.neighbourhoods import access, permissions, selectors, services, tables
from qarargah.neighbourhoods.models import House, NeedStatus, NeighbourhoodProfile
from qarargah.organisations.models import County, TargetNeighbourhood
from qarargah.persian import jalali_iso, to_persian_digits

from . import neighbourhood_serializers as ns
from .views import MB, ApiView, _errors, _query_flag

TAGS = ["neighbourhoods"]
UNKNOWN_COUNTY = "شهرستانی با این شناسه در حوزه شما نیست."


def _visible_county(request: Request, county_id: int | None) -> County | None:
    """The filter's county, or a 400 on ``county`` when it is missing or hidden."""
    if county_id is None:
        return None
    county = County.objects.visible_to(request.user).filter(pk=county_id).first()
    if county is None:
        raise exceptions.ValidationError({"county": [UNKNOWN_COUNTY]})
    return county


def _related(obj: Any, name: str, model: type[Any]) -> Any:
    try:
        return getattr(obj, name)
    except model.DoesNotExist:
        return None


def _neighbourhood_row(n: TargetNeighbourhood, open_needs: int | None = None) -> dict[str, Any]:
    profile = _related(n, "profile", NeighbourhoodProfile)
    house = _related(n, "programme_house", House)
    return {
        "id": n.pk,
        "name": n.name,
        "county": {"id": n.county_id, "name": n.county.name},
        "kind": n.kind,
        "zone": profile.zone if profile else "",
        "population": n.population,
        "households": n.households,
        "house_status": house.status if house else None,
        "open_needs": open_needs if open_needs is not None else getattr(n, "open_needs", 0),
    }


class NeighbourhoodListView(GenericAPIView, ApiView):
    serializer_class = ns.NeighbourhoodSerializer

    @extend_schema(
        tags=TAGS,
        summary="Target neighbourhoods visible to you (filter: county)",
        parameters=[ns.NeighbourhoodFilterSerializer],
        responses={200: ns.NeighbourhoodSerializer(many=True), **_errors(400, 401, 403, "404-page")},
    )
    def get(self, request: Request) -> Response:
        access.require_needs_reader(request.user)
        filters = ns.NeighbourhoodFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        county = _visible_county(request, filters.validated_data.get("county"))
        rows = selectors.neighbourhoods_for_user(request.user, county=county.pk if county else None)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response([_neighbourhood_row(n) for n in page or []])

    def page_rows(self, keys: list[int]) -> Any:
        return selectors.neighbourhoods_for_user(self.request.user).filter(pk__in=keys)


class NeighbourhoodDetailView(ApiView):
    @extend_schema(
        tags=TAGS,
        summary="One neighbourhood: profile, house, staff (if you may read contacts), indicators, open needs by axis",
        responses={200: ns.NeighbourhoodDetailSerializer, **_errors(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        n = access.get_neighbourhood_for_user(request.user, pk)
        by_axis = selectors.open_needs_by_axis(request.user, n)
        statuses = Counter(
            selectors.needs_for_user(request.user, neighbourhood=n.pk)
            .order_by()
            .values_list("status", flat=True)
        )
        house = _related(n, "programme_house", House)
        data = _neighbourhood_row(n, open_needs=sum(len(g.needs) for g in by_axis))
        data.update(
            {
                "house": {
                    "status": house.status,
                    "status_label": house.get_status_display(),
                    "address": house.address,
                    "opened_on": house.opened_on,
                    "opened_on_jalali": jalali_iso(house.opened_on) if house.opened_on else None,
                }
                if house
                else None,
                "staff": [
                    {
                        "name": s.name,
                        "role": s.role,
                        "role_label": s.get_role_display(),
                        "phone": s.phone,
                        "email": s.email,
                    }
                    for s in selectors.staff_for_user(request.user, n)
                ],
                "indicators": {
                    "population": n.population,
                    "households": n.households,
                    "open_needs": data["open_needs"],
                    "needs_by_status": {code: statuses.get(code, 0) for code in NeedStatus.values},
                    "series": [
                        {
                            "code": s.indicator.code,
                            "name": s.indicator.name,
                            "unit": s.indicator.unit,
                            "direction": s.indicator.direction,
                            "period": s.indicator.period,
                            "trend": s.trend,
                            "values": [
                                {"year": p.year, "part": p.part, "label": p.label, "value": p.value}
                                for p in s.points
                            ],
                        }
                        for s in selectors.indicator_series(request.user, n)
                    ],
                },
                "open_needs_by_axis": [
                    {
                        "axis": g.axis,
                        "label": g.label,
                        "count": len(g.needs),
                        "needs": g.needs,
                    }
                    for g in by_axis
                ],
                "resolutions": [
                    {"id": r.pk, "number": r.number, "meeting_date": r.meeting_date, "text": r.text}
                    for r in selectors.resolutions_concerning(request.user, n)[:50]
                ],
            }
        )
        return Response(ns.NeighbourhoodDetailSerializer(data).data)


class NeedListView(GenericAPIView, ApiView):
    serializer_class = ns.NeedSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=TAGS,
        summary="Needs visible to you (an agency officer: those referred to its agency)",
        parameters=[ns.NeedFilterSerializer],
        responses={200: ns.NeedSerializer(many=True), **_errors(400, 401, 403, "404-page")},
    )
    def get(self, request: Request) -> Response:
        scope = scope_for(request.user)
        if not (scope.can_browse_needs or scope.can_act_for_agency):
            raise exceptions.PermissionDenied(access.NOT_A_NEEDS_READER)
        filters = ns.NeedFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        county = _visible_county(request, data.get("county"))
        needs = selectors.needs_for_user(
            request.user,
            neighbourhood=data.get("neighbourhood"),
            county=county.pk if county else None,
            axis=data.get("axis"),
            status=data.get("status"),
        )
        page = self.paginate_queryset(needs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Register a need (a house manager: its own neighbourhood; the secretariat: its province)",
        request=ns.NeedCreateSerializer,
        responses={201: ns.NeedSerializer, **_errors(400, 401, 403, 404, 415)},
    )
    def post(self, request: Request) -> Response:
        form = ns.NeedCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        neighbourhood = access.get_neighbourhood_for_registrar(request.user, d["neighbourhood"])
        try:
            need = services.register_need(
                actor=request.user,
                data=services.NeedData(
                    neighbourhood=neighbourhood,
                    axis=d["axis"],
                    title=d["title"],
                    description=d["description"],
                    source=d["source"],
                    severity=d["severity"],
                    households=d["households"],
                    residents=d["residents"],
                ),
            )
        except ServiceError as exc:
            # The service names the field in the code (title, axis, severity …).
            field = exc.code if exc.code in ns.NeedCreateSerializer._declared_fields else "_"
            raise exceptions.ValidationError({field: [exc.message]}) from None
        fresh = access.get_need_for_user(request.user, need.pk)
        return Response(ns.NeedSerializer(fresh).data, status=status.HTTP_201_CREATED)


class NeedImportView(ApiView):
    parser_classes = [MultiPartParser]
    max_request_bytes = tables.MAX_IMPORT_BYTES + MB

    @extend_schema(
        tags=TAGS,
        summary="Import needs from a survey file, all or nothing (dry_run=true: check only)",
        request={"multipart/form-data": ns.NeedImportRequestSerializer},
        responses={
            200: ns.NeedImportResultSerializer,
            201: ns.NeedImportResultSerializer,
            **_errors(400, 401, 403, 413, 415),
        },
    )
    def post(self, request: Request) -> Response:
        if not scope_for(request.user).can_register_needs:
            raise exceptions.PermissionDenied(permissions.NOT_YOUR_NEIGHBOURHOOD)
        form = ns.NeedImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        dry_run = form.validated_data["dry_run"] or _query_flag(request, "dry_run")
        upload = form.validated_data["file"]
        if upload.size > tables.MAX_IMPORT_BYTES:
            raise ServiceError(tables.MESSAGES["too_large"], code="too_large")
        result = services.import_needs(
            actor=request.user, filename=upload.name or "", data=upload.read(), dry_run=dry_run
        )
        if not dry_run and not result.ok:
            raise exceptions.ValidationError(
                {"file": [f"ردیف {to_persian_digits(str(e.row))}: {e.message}" for e in result.errors]}
            )
        http_status = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(ns.import_result_data(result), status=http_status)


def _county_asked(request: Request) -> Any:
    """The county of ``?county=`` for a reader of needs: 400 when the id is bad, 404 when hidden."""
    access.require_needs_reader(request.user)
    filters = ns.CountyQuerySerializer(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return access.get_county_for_user(request.user, filters.validated_data["county"])


class PrioritiesView(ApiView):
    @extend_schema(
        tags=TAGS,
        summary="A county's open needs and neighbourhoods, ranked, each with its score components and formula",
        parameters=[ns.CountyQuerySerializer],
        responses={200: ns.PrioritiesSerializer, **_errors(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        county = _county_asked(request)
        return Response(
            ns.PrioritiesSerializer(
                ns.priorities_data(selectors.priorities_for_county(request.user, county))
            ).data
        )


class CoverageView(ApiView):
    @extend_schema(
        tags=TAGS,
        summary="A county's coverage grid: neighbourhoods × axes, each cell gap, overlap, covered or empty",
        parameters=[ns.CountyQuerySerializer],
        responses={200: ns.CoverageSerializer, **_errors(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        county = _county_asked(request)
        return Response(
            ns.CoverageSerializer(ns.coverage_data(selectors.coverage_for_county(request.user, county))).data
        )
