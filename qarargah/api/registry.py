"""The target-group registry's API (issue 15): uploads (with a dry run), a person (allowed roles
only, with a reason, logged), the review queue and decisions, and the suppressed aggregates.

Same pattern as ``api.views``: a thin serializer parses, ``registries.access`` fetches (404 for
missing and hidden alike, 403 for a role that may not), one selector or service does the work,
and errors leave through ``api.errors``. Included from ``api/urls.py`` by one line.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from qarargah.accounts.scoping import get_object_for_user
from qarargah.core.errors import ServiceError
from qarargah.organisations.models import County, Province
from qarargah.registries import access, reading, selectors, services
from qarargah.registries.models import AccessAction, ReviewItem, SourceRecord, TargetGroup

from .views import MB, ApiView, _errors, _query_flag

TAGS = ["registry"]
UNKNOWN_SOURCE = "منبعی با این شناسه یا نام در حوزه شما نیست."
UNKNOWN_COUNTY = "شهرستانی با این شناسه در این استان نیست."
UNKNOWN_GROUP = "گروه هدفی با این شناسه یا کد نیست."


# --- Serializers ---------------------------------------------------------------------------


class UploadRequestSerializer(serializers.Serializer):
    file = serializers.FileField(error_messages={"required": "فایل را در فیلد file بفرستید."})
    source = serializers.CharField(
        help_text="the source's id or name", error_messages={"required": "منبع (source) را بنویسید."}
    )
    dry_run = serializers.BooleanField(required=False, default=False)


class UploadResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    upload = serializers.IntegerField(allow_null=True)
    loaded = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    quarantined = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
    unknown_headers = serializers.ListField(child=serializers.CharField())
    invalid_rows = inline_serializer(
        "RegistryInvalidRow",
        {"row": serializers.IntegerField(), "reasons": serializers.ListField(child=serializers.CharField())},
        many=True,
    )


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()
    source_id = serializers.CharField()
    agency = serializers.CharField(allow_null=True)
    national_code = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    father_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    sex = serializers.CharField()
    mobile = serializers.CharField()
    address = serializers.CharField()
    county = serializers.CharField(allow_null=True)
    neighbourhood = serializers.CharField(allow_null=True)
    head_national_code = serializers.CharField()
    match = serializers.CharField()
    groups = serializers.ListField(child=serializers.CharField())


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registry_id = serializers.CharField()
    province = serializers.CharField()
    household = serializers.CharField()
    groups = serializers.ListField(child=serializers.CharField())
    agencies = serializers.ListField(child=serializers.CharField())
    records = RecordSerializer(many=True)


class ReviewItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    probability = serializers.FloatField()
    match_weight = serializers.FloatField()
    record_a = RecordSerializer()
    record_b = RecordSerializer()
    contributions = inline_serializer(
        "RegistryContribution",
        {
            "field": serializers.CharField(),
            "agree": serializers.BooleanField(allow_null=True),
            "weight": serializers.FloatField(),
        },
        many=True,
    )
    status = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=["link", "separate"],
        error_messages={
            "invalid_choice": services.MESSAGES["decision"],
            "required": services.MESSAGES["decision"],
        },
    )


class AggregateTableSerializer(serializers.Serializer):
    title = serializers.CharField()
    rows = serializers.ListField(child=serializers.CharField())
    columns = serializers.ListField(child=serializers.CharField())
    cells = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(allow_null=True))
    )
    row_totals = serializers.ListField(child=serializers.IntegerField(allow_null=True))
    column_totals = serializers.ListField(child=serializers.IntegerField(allow_null=True))
    total = serializers.IntegerField(allow_null=True)


class AggregatesSerializer(serializers.Serializer):
    province = serializers.CharField()
    county = serializers.CharField(allow_null=True)
    minimum_cell = serializers.IntegerField(
        help_text="counts below it, and cells that would reveal them, are null"
    )
    counts = AggregateTableSerializer()
    overlaps = AggregateTableSerializer()
    gaps = AggregateTableSerializer()


def _record(record: SourceRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "source": record.source.name,
        "source_id": record.external_id,
        "agency": record.source.agency.name if record.source.agency_id else None,
        "national_code": record.national_code,
        "first_name": record.first_name,
        "last_name": record.last_name,
        "father_name": record.father_name,
        "birth_date": record.birth_date,
        "sex": record.sex,
        "mobile": record.mobile,
        "address": record.address,
        "county": record.county.name if record.county_id else None,
        "neighbourhood": record.neighbourhood.name if record.neighbourhood_id else None,
        "head_national_code": record.head_national_code,
        "match": record.match,
        "groups": [g.name for g in record.source.groups.all()],
    }


def _table(table: selectors.AggregateTable) -> dict[str, Any]:
    return {
        "title": table.title,
        "rows": table.row_labels,
        "columns": table.column_labels,
        "cells": table.table.cells,
        "row_totals": table.table.row_totals,
        "column_totals": table.table.column_totals,
        "total": table.table.total,
    }


# --- Views ---------------------------------------------------------------------------------


class UploadView(ApiView):
    parser_classes = [MultiPartParser]
    max_request_bytes = reading.MAX_UPLOAD_BYTES + MB

    @extend_schema(
        tags=TAGS,
        summary="Load an agency's list (Excel/CSV) into a source; dry_run=true checks and stores nothing",
        request={"multipart/form-data": UploadRequestSerializer},
        responses={
            200: UploadResultSerializer,
            201: UploadResultSerializer,
            **_errors(400, 401, 403, 404, 413, 415),
        },
    )
    def post(self, request: Request) -> Response:
        access.require_source_user(request.user)
        form = UploadRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        text = form.validated_data["source"].strip()
        sources = selectors.sources_for_user(request.user)
        source = sources.filter(pk=int(text)).first() if text.isdigit() else None
        if source is None:
            from qarargah.persian import match_key

            source = sources.filter(name_key=match_key(text)).first()
        if source is None:
            raise exceptions.ValidationError({"source": [UNKNOWN_SOURCE]})
        source = access.get_source_for_writer(request.user, source.pk)
        upload = form.validated_data["file"]
        if upload.size > reading.MAX_UPLOAD_BYTES:
            raise ServiceError(
                reading.MESSAGES["too_large"].format(mb=str(reading.MAX_UPLOAD_BYTES // MB)), code="too_large"
            )
        dry_run = form.validated_data["dry_run"] or _query_flag(request, "dry_run")
        result = services.import_upload(
            actor=request.user,  # type: ignore[arg-type]
            source=source,
            filename=upload.name or "",
            data=upload.read(),
            dry_run=dry_run,
        )
        body = {
            "dry_run": result.dry_run,
            "upload": result.upload.pk if result.upload else None,
            **result.counts(),
            "warnings": result.warnings,
            "unknown_headers": result.unknown_headers,
            "invalid_rows": [{"row": r.number, "reasons": r.reasons} for r in result.invalid[:1000]],
        }
        created = not dry_run and (result.loaded or result.updated)
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class PersonView(ApiView):
    @extend_schema(
        tags=TAGS,
        summary="One person: every record you may see, groups and agencies (reason required; logged)",
        parameters=[
            OpenApiParameter("reason", str, required=True, description="why you look; kept in the access log")
        ],
        responses={200: PersonSerializer, **_errors(400, 401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        access.require_source_user(request.user)
        person = access.get_person_for_user(request.user, pk)
        services.log_access(
            actor=request.user,  # type: ignore[arg-type]
            action=AccessAction.VIEW,
            reason=request.query_params.get("reason", ""),
            person=person,
            detail="API",
        )
        records = list(selectors.records_of_person(request.user, person))
        return Response(
            {
                "id": person.pk,
                "registry_id": person.registry_id,
                "province": person.province.name,
                "household": person.household,
                "groups": sorted({g.name for r in records for g in r.source.groups.all()}),
                "agencies": sorted({r.source.agency.name for r in records if r.source.agency_id}),
                "records": [_record(r) for r in records],
            }
        )


def _review_item(item: ReviewItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "probability": item.probability,
        "match_weight": item.match_weight,
        "record_a": _record(item.record_a),
        "record_b": _record(item.record_b),
        "contributions": [{"field": f, "agree": a, "weight": w} for f, a, w in item.contributions],
        "status": item.status,
    }


class ReviewListView(GenericAPIView, ApiView):
    serializer_class = ReviewItemSerializer

    @extend_schema(
        tags=TAGS,
        summary="The open review queue (the data officer's), most likely pairs first",
        responses={200: ReviewItemSerializer(many=True), **_errors(401, 403, "404-page")},
    )
    def get(self, request: Request) -> Response:
        access.require_data_officer(request.user)
        items = selectors.review_queue_for_user(request.user).select_related(
            "record_a__source__agency", "record_b__source__agency", "record_a__county", "record_b__county"
        )
        page = self.paginate_queryset(items)
        return self.get_paginated_response([_review_item(i) for i in page or []])


class ReviewDecisionView(ApiView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="Decide a pair: link (one person) or separate (two); kept for every later run",
        request=DecisionSerializer,
        responses={200: ReviewItemSerializer, **_errors(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        item = access.get_review_item_for_user(request.user, pk)
        form = DecisionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        decided = services.decide_review(
            actor=request.user,  # type: ignore[arg-type]
            item=item,
            decision=form.validated_data["decision"],
        )
        return Response(_review_item(decided))


class AggregatesView(ApiView):
    @extend_schema(
        tags=TAGS,
        summary="Counts by target group, overlaps and gaps per county (or per neighbourhood of ?county=), small cells suppressed",
        parameters=[
            OpenApiParameter("province", int, required=False),
            OpenApiParameter("county", int, required=False),
            OpenApiParameter("group", str, required=False, description="a target group's id or code"),
        ],
        responses={200: AggregatesSerializer, **_errors(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        access.require_aggregate_reader(request.user)
        provinces = selectors.aggregate_provinces(request.user)
        raw = request.query_params.get("province", "").strip()
        province: Province | None
        if raw:
            province = get_object_for_user(provinces, request.user, pk=raw)
        else:
            province = provinces.first()
            if province is None:
                raise exceptions.NotFound()
        county = None
        raw_county = request.query_params.get("county", "").strip()
        if raw_county:
            county = (
                County.objects.filter(province=province, pk=int(raw_county)).first()
                if raw_county.isdigit()
                else None
            )
            if county is None:
                raise exceptions.ValidationError({"county": [UNKNOWN_COUNTY]})
        group = None
        raw_group = request.query_params.get("group", "").strip()
        if raw_group:
            groups = TargetGroup.objects.visible_to(request.user)
            group = (
                groups.filter(pk=int(raw_group)) if raw_group.isdigit() else groups.filter(code=raw_group)
            ).first()
            if group is None:
                raise exceptions.ValidationError({"group": [UNKNOWN_GROUP]})
        data = selectors.aggregates_for_user(request.user, province=province, county=county, group=group)
        return Response(
            {
                "province": data.province.name,
                "county": data.county.name if data.county else None,
                "minimum_cell": data.minimum,
                "counts": _table(data.counts),
                "overlaps": _table(data.overlaps),
                "gaps": _table(data.gaps),
            }
        )


urlpatterns = [
    path("v1/registry/uploads/", UploadView.as_view(), name="registry_upload"),
    path("v1/registry/persons/<int:pk>/", PersonView.as_view(), name="registry_person"),
    path("v1/registry/review/", ReviewListView.as_view(), name="registry_review_list"),
    path("v1/registry/review/<int:pk>/", ReviewDecisionView.as_view(), name="registry_review"),
    path("v1/registry/aggregates/", AggregatesView.as_view(), name="registry_aggregates"),
]
