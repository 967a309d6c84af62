"""Serializers of the neighbourhood programme's API: shapes only; the rules live in
``qarargah.neighbourhoods.services``."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qarargah.neighbourhoods.models import NeedSource, NeedStatus
from qarargah.neighbourhoods.tables import COLUMNS
from qarargah.resolutions.models import Axis

from .serializers import JalaliDateField, id_filter

AXIS_CHOICES_TEXT = "، ".join(Axis.values)
STATUS_CHOICES_TEXT = "، ".join(NeedStatus.values)
SOURCE_CHOICES_TEXT = "، ".join(NeedSource.values)


def _axis_field(**kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=Axis.choices,
        error_messages={
            "invalid_choice": f"محور «{{input}}» شناخته نیست؛ یکی از {AXIS_CHOICES_TEXT} را بدهید.",
            "required": "محور (axis) لازم است.",
        },
        **kwargs,
    )


class PlaceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


# --- Filters ------------------------------------------------------------------------------------------


class NeighbourhoodFilterSerializer(serializers.Serializer):
    county = id_filter("شهرستان", "only the neighbourhoods of this county")


class NeedFilterSerializer(serializers.Serializer):
    neighbourhood = id_filter("محله")
    county = id_filter("شهرستان")
    axis = _axis_field(required=False)
    status = serializers.ChoiceField(
        choices=NeedStatus.choices,
        required=False,
        error_messages={
            "invalid_choice": f"وضعیت «{{input}}» شناخته نیست؛ یکی از {STATUS_CHOICES_TEXT} را بدهید."
        },
    )


class CountyQuerySerializer(serializers.Serializer):
    county = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        help_text="the county (its id) whose neighbourhoods are shown",
        error_messages={
            "required": "شهرستان (county) را بدهید.",
            "invalid": "شناسه شهرستان باید عدد باشد.",
            "min_value": "شناسه شهرستان معتبر نیست.",
            "max_value": "شناسه شهرستان معتبر نیست.",
        },
    )


# --- Needs -------------------------------------------------------------------------------------------


class NeedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    neighbourhood = PlaceSerializer()
    county = PlaceSerializer(source="neighbourhood.county")
    axis = serializers.ChoiceField(choices=Axis.choices)
    axis_label = serializers.CharField(source="get_axis_display")
    title = serializers.CharField()
    description = serializers.CharField()
    source = serializers.ChoiceField(choices=NeedSource.choices)
    severity = serializers.IntegerField(min_value=1, max_value=5)
    households = serializers.IntegerField(min_value=0)
    residents = serializers.IntegerField(min_value=0)
    status = serializers.ChoiceField(choices=NeedStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    referred_agency = PlaceSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    created_at_jalali = JalaliDateField(source="created_at")
    version = serializers.IntegerField()


class NeedCreateSerializer(serializers.Serializer):
    neighbourhood = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            "required": "محله (neighbourhood) لازم است.",
            "invalid": "شناسه محله باید عدد باشد.",
            "min_value": "شناسه محله معتبر نیست.",
            "max_value": "شناسه محله معتبر نیست.",
        },
    )
    axis = _axis_field()
    title = serializers.CharField(
        max_length=200,
        error_messages={
            "required": "عنوان مسئله (title) لازم است.",
            "blank": "عنوان مسئله را بنویسید.",
            "max_length": "عنوان مسئله حداکثر ۲۰۰ نویسه است.",
        },
    )
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    severity = serializers.IntegerField(
        min_value=1,
        max_value=5,
        error_messages={
            "required": "شدت (severity) لازم است.",
            "invalid": "شدت باید عددی از ۱ تا ۵ باشد.",
            "min_value": "شدت باید عددی از ۱ تا ۵ باشد.",
            "max_value": "شدت باید عددی از ۱ تا ۵ باشد.",
        },
    )
    households = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "invalid": "تعداد خانوار باید عدد صحیح باشد.",
            "min_value": "تعداد خانوار نمی‌تواند منفی باشد.",
            "max_value": "تعداد خانوار بیش از اندازه است.",
        },
    )
    residents = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "invalid": "تعداد ساکنان باید عدد صحیح باشد.",
            "min_value": "تعداد ساکنان نمی‌تواند منفی باشد.",
            "max_value": "تعداد ساکنان بیش از اندازه است.",
        },
    )
    source = serializers.ChoiceField(
        choices=NeedSource.choices,
        required=False,
        default=NeedSource.HOUSE_MANAGER,
        error_messages={
            "invalid_choice": f"منبع «{{input}}» شناخته نیست؛ یکی از {SOURCE_CHOICES_TEXT} را بدهید."
        },
    )


# --- Neighbourhoods -----------------------------------------------------------------------------------


class NeighbourhoodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    county = PlaceSerializer()
    kind = serializers.CharField()
    zone = serializers.CharField(allow_blank=True)
    population = serializers.IntegerField(allow_null=True)
    households = serializers.IntegerField(allow_null=True)
    house_status = serializers.CharField(allow_null=True)
    open_needs = serializers.IntegerField()


class HouseSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField()
    address = serializers.CharField(allow_blank=True)
    opened_on = serializers.DateField(allow_null=True)
    opened_on_jalali = serializers.CharField(allow_null=True)


class StaffSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class IndicatorPointSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Jalali year")
    part = serializers.IntegerField(help_text="month 1-12, season 1-4, or 0 for a year")
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True)


class IndicatorSeriesSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.ChoiceField(choices=["higher_better", "lower_better"])
    period = serializers.ChoiceField(choices=["month", "season", "year"])
    trend = serializers.ChoiceField(choices=["better", "worse", "same", ""], help_text="last two periods")
    values = IndicatorPointSerializer(many=True)


class IndicatorsSerializer(serializers.Serializer):
    population = serializers.IntegerField(allow_null=True)
    households = serializers.IntegerField(allow_null=True)
    open_needs = serializers.IntegerField()
    needs_by_status = serializers.DictField(child=serializers.IntegerField())
    series = IndicatorSeriesSerializer(many=True, help_text="the indicators entered per period, oldest first")


class AxisNeedsSerializer(serializers.Serializer):
    axis = serializers.ChoiceField(choices=Axis.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()
    needs = NeedSerializer(many=True)


class NeighbourhoodResolutionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    meeting_date = serializers.DateField()
    text = serializers.CharField()


class NeighbourhoodDetailSerializer(NeighbourhoodSerializer):
    house = HouseSerializer(allow_null=True)
    staff = StaffSerializer(
        many=True,
        help_text="the house's staff and their contacts; empty for roles that may not read contacts",
    )
    indicators = IndicatorsSerializer()
    open_needs_by_axis = AxisNeedsSerializer(many=True)
    resolutions = NeighbourhoodResolutionSerializer(many=True)


# --- Import -------------------------------------------------------------------------------------------


class NeedImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text="xlsx, xls, ods or csv (UTF-8); headers: "
        + ", ".join(f"{name} ({label})" for name, label in COLUMNS),
        error_messages={
            "required": "فایل (file) را بفرستید.",
            "invalid": "فایل باید به صورت فرم چندبخشی (multipart) فرستاده شود.",
        },
    )
    dry_run = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: check every row and save nothing",
        error_messages={"invalid": "مقدار dry_run باید true یا false باشد."},
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        help_text="the row number as the spreadsheet shows it (the header is row 1)"
    )
    field = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportPreviewRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    neighbourhood = PlaceSerializer()
    axis = serializers.ChoiceField(choices=Axis.choices)
    title = serializers.CharField()
    severity = serializers.IntegerField()
    households = serializers.IntegerField()
    residents = serializers.IntegerField()


class NeedImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    filename = serializers.CharField()
    rows = serializers.IntegerField()
    ok = serializers.BooleanField(help_text="no row has an error")
    already_imported = serializers.BooleanField(
        help_text="this very file was imported before: nothing saved again"
    )
    errors = RowErrorSerializer(many=True)
    duplicates = serializers.ListField(
        child=serializers.IntegerField(), help_text="rows already registered (still open): not saved again"
    )
    valid = ImportPreviewRowSerializer(many=True)
    created = serializers.ListField(child=serializers.IntegerField(), help_text="ids of the needs saved")


def import_result_data(result: Any) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "filename": result.filename,
        "rows": result.rows,
        "ok": result.ok,
        "already_imported": result.already_imported,
        "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in result.errors],
        "duplicates": list(result.duplicates),
        "valid": [
            {
                "row": number,
                "neighbourhood": {"id": item.neighbourhood.pk, "name": item.neighbourhood.name},
                "axis": item.axis,
                "title": item.title,
                "severity": item.severity,
                "households": item.households,
                "residents": item.residents,
            }
            for number, item in result.valid
        ],
        "created": [n.pk for n in result.created],
    }


# --- Priorities --------------------------------------------------------------------------------------


class ComponentSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField()
    counted = serializers.IntegerField(help_text="the value, capped")
    cap = serializers.IntegerField()
    weight = serializers.IntegerField()


class RankedNeedSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    neighbourhood = PlaceSerializer()
    axis = serializers.ChoiceField(choices=Axis.choices)
    score = serializers.FloatField()
    formula = serializers.CharField(help_text="the score's formula with the numbers put in («why this rank»)")
    components = ComponentSerializer(many=True)


class RankedNeighbourhoodSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    id = serializers.IntegerField()
    name = serializers.CharField()
    index = serializers.FloatField()
    open_needs = serializers.IntegerField()
    formula = serializers.CharField()


class WeightsSerializer(serializers.Serializer):
    severity = serializers.IntegerField()
    households = serializers.IntegerField()
    residents = serializers.IntegerField()
    age = serializers.IntegerField()
    households_cap = serializers.IntegerField()
    residents_cap = serializers.IntegerField()
    age_cap_days = serializers.IntegerField()


class PrioritiesSerializer(serializers.Serializer):
    county = PlaceSerializer()
    as_of = serializers.DateTimeField()
    weights = WeightsSerializer()
    needs = RankedNeedSerializer(many=True)
    neighbourhoods = RankedNeighbourhoodSerializer(many=True)


def priorities_data(p: Any) -> dict[str, Any]:
    w = p.weights
    return {
        "county": {"id": p.county.pk, "name": p.county.name},
        "as_of": p.as_of,
        "weights": {name: getattr(w, name) for name in WeightsSerializer._declared_fields},
        "needs": [
            {
                "rank": row.rank,
                "id": row.need.pk,
                "title": row.need.title,
                "neighbourhood": {"id": row.need.neighbourhood_id, "name": row.need.neighbourhood.name},
                "axis": row.need.axis,
                "score": row.score.score,
                "formula": row.score.formula,
                "components": [
                    {
                        "name": c.name,
                        "label": c.label,
                        "value": c.value,
                        "counted": c.counted,
                        "cap": c.cap,
                        "weight": c.weight,
                    }
                    for c in row.score.components
                ],
            }
            for row in p.needs
        ],
        "neighbourhoods": [
            {
                "rank": row.rank,
                "id": row.neighbourhood.pk,
                "name": row.neighbourhood.name,
                "index": row.index.index,
                "open_needs": row.index.open_needs,
                "formula": row.index.formula,
            }
            for row in p.neighbourhoods
        ],
    }


# --- Coverage -----------------------------------------------------------------------------------------


class CoverageCellSerializer(serializers.Serializer):
    axis = serializers.ChoiceField(choices=Axis.choices)
    state = serializers.ChoiceField(
        choices=["gap", "overlap", "covered", "empty"],
        help_text="gap: an open need no agency acts on; overlap: several agencies act here; "
        "covered: one agency acts and no need waits; empty: no need, no agency",
    )
    state_label = serializers.CharField()
    needs = serializers.ListField(child=serializers.IntegerField(), help_text="ids of the open needs")
    unreferred_needs = serializers.ListField(child=serializers.IntegerField())
    agencies = serializers.ListField(child=serializers.IntegerField(), help_text="ids of the agencies acting")


class CoverageRowSerializer(serializers.Serializer):
    neighbourhood = PlaceSerializer()
    cells = CoverageCellSerializer(many=True)


class CoverageSerializer(serializers.Serializer):
    county = PlaceSerializer()
    as_of = serializers.DateTimeField()
    counts = serializers.DictField(child=serializers.IntegerField())
    rows = CoverageRowSerializer(many=True)


def coverage_data(grid: Any) -> dict[str, Any]:
    return {
        "county": {"id": grid.county.pk, "name": grid.county.name},
        "as_of": grid.as_of,
        "counts": grid.counts(),
        "rows": [
            {
                "neighbourhood": {"id": row.neighbourhood.pk, "name": row.neighbourhood.name},
                "cells": [
                    {
                        "axis": cell.axis,
                        "state": cell.state,
                        "state_label": cell.label,
                        "needs": sorted(cell.need_ids),
                        "unreferred_needs": sorted(cell.unreferred_need_ids),
                        "agencies": sorted(cell.agency_ids),
                    }
                    for cell in row.cells
                ],
            }
            for row in grid.rows
        ],
    }
