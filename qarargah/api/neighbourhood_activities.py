"""The neighbourhood programme's API, second part: activities (GET|POST), programmes (GET) and
indicator values (POST). Same pattern as ``api.neighbourhoods``: a serializer parses,
``neighbourhoods.access`` fetches, one selector or service does the work, errors leave through
``api.errors``."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from qarargah.core.errors import ServiceError
from qarargah.neighbourhoods import access, selectors, services
from qarargah.neighbourhoods.models import ActivityKind, Indicator, Programme
from qarargah.organisations.models import Agency, AgencyStatus
from qarargah.persian import jalali_iso
from qarargah.resolutions.models import Resolution

from .neighbourhood_serializers import PlaceSerializer
from .serializers import id_filter
from .views import MB, ApiView, _errors

TAGS = ["neighbourhoods"]


def _ids_field(label: str, **kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        error_messages={"not_a_list": f"«{label}» باید فهرستی از شناسه‌ها باشد."},
        **kwargs,
    )


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    kind_label = serializers.CharField()
    title = serializers.CharField()
    held_on = serializers.DateField()
    held_on_jalali = serializers.CharField()
    neighbourhoods = PlaceSerializer(many=True)
    agencies = PlaceSerializer(many=True)
    volunteer_groups = serializers.ListField(child=serializers.CharField())
    people_served = serializers.IntegerField()
    report = serializers.CharField(allow_blank=True)
    resolution = serializers.IntegerField(
        allow_null=True, help_text="the resolution that ordered it, if visible"
    )
    programme = PlaceSerializer(allow_null=True)
    photos = serializers.IntegerField(help_text="how many photos (download on the activity's page)")
    version = serializers.IntegerField()


def activity_data(a: Any, visible_resolutions: set[int] | None = None) -> dict[str, Any]:
    resolution = a.resolution_id
    if visible_resolutions is not None and resolution not in visible_resolutions:
        resolution = None
    return {
        "id": a.pk,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "title": a.title,
        "held_on": a.held_on,
        "held_on_jalali": jalali_iso(a.held_on),
        "neighbourhoods": [{"id": n.pk, "name": n.name} for n in a.neighbourhoods.all()],
        "agencies": [{"id": g.pk, "name": g.name} for g in a.agencies.all()],
        "volunteer_groups": a.volunteer_group_list,
        "people_served": a.people_served,
        "report": a.report,
        "resolution": resolution,
        "programme": {"id": a.programme.pk, "name": a.programme.name} if a.programme else None,
        "photos": a.photos.count(),
        "version": a.version,
    }


class ActivityFilterSerializer(serializers.Serializer):
    neighbourhood = id_filter("محله")
    county = id_filter("شهرستان")
    kind = serializers.ChoiceField(
        choices=ActivityKind.choices,
        required=False,
        error_messages={
            "invalid_choice": "نوع فعالیت «{input}» شناخته نیست؛ یکی از "
            + "، ".join(ActivityKind.values)
            + " را بدهید."
        },
    )


class ActivityCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ActivityKind.choices,
        error_messages={
            "required": "نوع فعالیت (kind) لازم است.",
            "invalid_choice": "نوع فعالیت «{input}» شناخته نیست؛ یکی از "
            + "، ".join(ActivityKind.values)
            + " را بدهید.",
        },
    )
    title = serializers.CharField(
        max_length=200,
        error_messages={"required": "عنوان فعالیت (title) لازم است.", "blank": "عنوان فعالیت را بنویسید."},
    )
    held_on = serializers.CharField(
        help_text="the date, Jalali (1401-04-15 or ۱۴۰۱/۰۴/۱۵) or Gregorian ISO (2022-07-06)",
        error_messages={"required": "تاریخ برگزاری (held_on) لازم است."},
    )
    neighbourhoods = _ids_field("neighbourhoods", help_text="ids of the neighbourhoods")
    agencies = _ids_field("agencies", required=False, default=list)
    volunteer_groups = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    people_served = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "min_value": "تعداد افراد خدمت‌گرفته نمی‌تواند منفی باشد.",
            "invalid": "تعداد افراد باید عدد صحیح باشد.",
        },
    )
    report = serializers.CharField(required=False, allow_blank=True, default="", max_length=20_000)
    resolution = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    programme = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)


BAD_DATE = "تاریخ را به شکل ۱۴۰۱/۰۴/۱۵ (شمسی) یا 2022-07-06 (میلادی) بدهید."


def _parse_date(text: str) -> Any:
    import datetime

    from qarargah.persian import parse_jalali_date, to_latin_digits

    raw = to_latin_digits(text).strip()
    try:
        year = int(raw[:4])
    except ValueError:
        raise exceptions.ValidationError({"held_on": [BAD_DATE]}) from None
    try:
        if year < 1700:
            parsed = parse_jalali_date(raw).date
            if parsed is None:
                raise ValueError(raw)
            return parsed.to_gregorian()
        return datetime.date.fromisoformat(raw)
    except (ValueError, TypeError):
        raise exceptions.ValidationError({"held_on": [BAD_DATE]}) from None


class ActivityListView(GenericAPIView, ApiView):
    serializer_class = ActivitySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    max_request_bytes = 25 * MB

    @extend_schema(
        tags=TAGS,
        summary="Activities visible to you (outreach days, festivals, markets, sports, courses)",
        parameters=[ActivityFilterSerializer],
        responses={200: ActivitySerializer(many=True), **_errors(400, 401, 403, "404-page")},
    )
    def get(self, request: Request) -> Response:
        access.require_activity_reader(request.user)
        filters = ActivityFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        d = filters.validated_data
        rows = selectors.activities_for_user(
            request.user, neighbourhood=d.get("neighbourhood"), county=d.get("county"), kind=d.get("kind")
        )
        page = self.paginate_queryset(rows) or []
        visible = set(
            Resolution.objects.visible_to(request.user)
            .filter(pk__in=[a.resolution_id for a in page if a.resolution_id])
            .values_list("pk", flat=True)
        )
        return self.get_paginated_response([activity_data(a, visible) for a in page])

    def page_rows(self, keys: list[int]) -> Any:
        return selectors.activities_for_user(self.request.user).filter(pk__in=keys)

    @extend_schema(
        tags=TAGS,
        summary="Record an activity (the house of each neighbourhood, its county governorate or the secretariat)",
        request={
            "application/json": ActivityCreateSerializer,
            "multipart/form-data": ActivityCreateSerializer,
        },
        responses={201: ActivitySerializer, **_errors(400, 401, 403, 404, 413, 415)},
    )
    def post(self, request: Request) -> Response:
        access.require_activity_reader(request.user)
        form = ActivityCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        held_on = _parse_date(d["held_on"])
        neighbourhoods = [access.get_neighbourhood_for_user(request.user, pk) for pk in d["neighbourhoods"]]
        agencies = list(Agency.objects.filter(pk__in=d["agencies"], status=AgencyStatus.ACTIVE))
        if len(agencies) != len(set(d["agencies"])):
            raise exceptions.ValidationError({"agencies": [services.ACTIVITY_MESSAGES["agencies"]]})
        resolution = None
        if d["resolution"] is not None:
            resolution = Resolution.objects.visible_to(request.user).filter(pk=d["resolution"]).first()
            if resolution is None:
                raise exceptions.ValidationError({"resolution": ["مصوبه‌ای با این شناسه در حوزه شما نیست."]})
        programme = None
        if d["programme"] is not None:
            programme = Programme.objects.visible_to(request.user).filter(pk=d["programme"]).first()
            if programme is None:
                raise exceptions.ValidationError({"programme": ["طرحی با این شناسه در حوزه شما نیست."]})
        try:
            activity = services.record_activity(
                actor=request.user,
                data=services.ActivityData(
                    kind=d["kind"],
                    title=d["title"],
                    held_on=held_on,
                    neighbourhoods=neighbourhoods,
                    agencies=agencies,
                    volunteer_groups="\n".join(d["volunteer_groups"]),
                    people_served=d["people_served"],
                    report=d["report"],
                    resolution=resolution,
                    programme=programme,
                ),
                photos=d["photos"],
            )
        except ServiceError as exc:
            field = exc.code if exc.code in ActivityCreateSerializer._declared_fields else "_"
            raise exceptions.ValidationError({field: [exc.message]}) from None
        fresh = access.get_activity_for_user(request.user, activity.pk)
        return Response(activity_data(fresh), status=status.HTTP_201_CREATED)


# --- Programmes -------------------------------------------------------------------------------------------


class TargetSerializer(serializers.Serializer):
    title = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    province = PlaceSerializer(allow_null=True, help_text="null: a national target")
    target = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    achieved = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)
    percent = serializers.IntegerField()
    due_on = serializers.DateField(allow_null=True)


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=["national", "provincial"])
    province = PlaceSerializer(allow_null=True)
    description = serializers.CharField(allow_blank=True)
    agencies = PlaceSerializer(many=True, help_text="the agencies running it in your area")
    neighbourhoods = PlaceSerializer(many=True, help_text="the neighbourhoods it covers that you may see")
    targets = TargetSerializer(many=True)
    resolutions = serializers.ListField(child=serializers.IntegerField())
    activities = serializers.ListField(child=serializers.IntegerField())


def programme_data(user: Any, programme: Programme) -> dict[str, Any]:
    page = selectors.programme_page(user, programme)
    return {
        "id": programme.pk,
        "name": programme.name,
        "level": programme.level,
        "province": {"id": programme.province.pk, "name": programme.province.name}
        if programme.province
        else None,
        "description": programme.description,
        "agencies": [{"id": a.pk, "name": a.name} for a in page.agencies],
        "neighbourhoods": [{"id": n.pk, "name": n.name} for n in page.neighbourhoods],
        "targets": [
            {
                "title": t.title,
                "unit": t.unit,
                "province": {"id": t.province.pk, "name": t.province.name} if t.province else None,
                "target": t.target,
                "achieved": t.achieved,
                "percent": t.percent,
                "due_on": t.due_on,
            }
            for t in page.targets
        ],
        "resolutions": [r.pk for r in page.resolutions],
        "activities": [a.pk for a in page.activities],
    }


class ProgrammeListView(ApiView):
    @extend_schema(
        tags=TAGS,
        summary="Programmes (family physician, Seraj, the 2,020-neighbourhood plan …) with your area's part",
        responses={200: ProgrammeSerializer(many=True), **_errors(401, 403)},
    )
    def get(self, request: Request) -> Response:
        access.require_activity_reader(request.user)
        return Response(
            [programme_data(request.user, p) for p in selectors.programmes_for_user(request.user)]
        )


# --- Indicator values ---------------------------------------------------------------------------------------


class IndicatorValueSerializer(serializers.Serializer):
    neighbourhood = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, error_messages={"required": "محله (neighbourhood) لازم است."}
    )
    indicator = serializers.SlugField(
        help_text="the indicator's code, e.g. working_children",
        error_messages={"required": "کد شاخص (indicator) لازم است."},
    )
    year = serializers.IntegerField(
        help_text="Jalali year",
        error_messages={"required": "سال (year) لازم است.", "invalid": "سال باید عدد باشد."},
    )
    part = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=12,
        help_text="month 1-12, season 1-4, or 0 for a year",
        error_messages={
            "min_value": "ماه یا فصل با دوره این شاخص نمی‌خواند.",
            "max_value": "ماه یا فصل با دوره این شاخص نمی‌خواند.",
        },
    )
    value = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        error_messages={"required": "مقدار (value) لازم است.", "invalid": "مقدار باید عدد باشد."},
    )


class IndicatorValueResultSerializer(serializers.Serializer):
    neighbourhood = PlaceSerializer()
    indicator = serializers.CharField()
    year = serializers.IntegerField()
    part = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)


class IndicatorValueView(ApiView):
    @extend_schema(
        tags=TAGS,
        summary="Enter (or correct) one period's value of an indicator, by whoever the indicator names",
        request=IndicatorValueSerializer,
        responses={201: IndicatorValueResultSerializer, **_errors(400, 401, 403, 404, 415)},
    )
    def post(self, request: Request) -> Response:
        form = IndicatorValueSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        d = form.validated_data
        neighbourhood = access.get_neighbourhood_for_user(request.user, d["neighbourhood"])
        indicator = Indicator.objects.filter(code=d["indicator"]).first()
        if indicator is None:
            raise exceptions.ValidationError(
                {
                    "indicator": [
                        "شاخص «"
                        + d["indicator"]
                        + "» شناخته نیست؛ یکی از "
                        + "، ".join(Indicator.objects.values_list("code", flat=True))
                        + " را بدهید."
                    ]
                }
            )
        try:
            row = services.record_indicator(
                actor=request.user,
                indicator=indicator,
                neighbourhood=neighbourhood,
                year=d["year"],
                part=d["part"],
                value=d["value"],
            )
        except ServiceError as exc:
            raise exceptions.ValidationError(
                {exc.code if exc.code in IndicatorValueSerializer._declared_fields else "_": [exc.message]}
            ) from None
        return Response(
            IndicatorValueResultSerializer(
                {
                    "neighbourhood": {"id": neighbourhood.pk, "name": neighbourhood.name},
                    "indicator": indicator.code,
                    "year": row.year,
                    "part": row.part,
                    "value": row.value,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )


__all__ = ["ActivityListView", "IndicatorValueView", "ProgrammeListView"]
