"""Meetings in the API: the list and one meeting (scoped), and their documents as files.

``GET /api/v1/meetings/`` filters by ``body`` and by the meeting date with ``from`` / ``to``, each
a date in Jalali or Gregorian, told apart by the year (below 1700: Jalali, «1403-01-15»; from 1700:
Gregorian ISO, «2024-04-03»); Persian digits are accepted. ``…/minutes.docx|pdf`` and
``…/invitation.docx|pdf`` answer the file made by :mod:`qarargah.meetings.documents`; a signed
meeting's file carries its verification code (also in the ``X-Document-Code`` and
``X-Document-SHA256`` headers). Who may read what is :mod:`qarargah.meetings.access`: the
secretariat and leadership their province's meetings, an agency's officer the signed meetings
assigning their agency, everyone else nothing (404, as for a missing id).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response

from qarargah.meetings.access import get_meeting_for_document_reader
from qarargah.meetings.documents import CONTENT_TYPES, build_document, document_response, signing_state
from qarargah.meetings.models import DocumentFormat, DocumentKind, Meeting
from qarargah.meetings.selectors import meetings_for_document_reader
from qarargah.persian import JalaliDate, is_valid_jalali, to_latin_digits

from . import serializers as s
from .views import ApiView, _errors

# --- Serializers -----------------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "example": "1403-01-15"})
class FlexibleDateField(serializers.Field):
    """A date in Jalali («1403-01-15») or Gregorian ISO («2024-04-03»): the year tells which."""

    default_error_messages = {
        "invalid": "تاریخ «{value}» معتبر نیست؛ به صورت ۱۴۰۳-۰۱-۱۵ (شمسی) یا 2024-04-03 (میلادی) بدهید."
    }

    def to_internal_value(self, data: Any) -> datetime.date:
        text = to_latin_digits(str(data)).strip().replace("/", "-")
        parts = text.split("-")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            self.fail("invalid", value=data)
        year, month, day = (int(p) for p in parts)
        try:
            if year < 1700:
                if not is_valid_jalali(year, month, day):
                    raise ValueError
                return JalaliDate(year, month, day).to_gregorian()
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):
            self.fail("invalid", value=data)
        raise AssertionError  # unreachable: fail() raises

    def to_representation(self, value: Any) -> str:
        return str(value)


class MeetingFilterSerializer(serializers.Serializer):
    body = s.id_filter("قرارگاه یا شورا")
    # «from» is a Python keyword: the field is declared under another name and renamed below.
    from_ = FlexibleDateField(
        required=False, help_text="meetings on or after this date: Jalali 1403-01-15 or ISO 2024-04-03"
    )
    to = FlexibleDateField(
        required=False, help_text="meetings on or before this date: Jalali 1403-01-15 or ISO 2024-04-03"
    )

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": ["تاریخ پایان (to) پیش از تاریخ شروع (from) است."]})
        return attrs


DOCUMENT_FORMATS = [f.value for f in DocumentFormat]


class MeetingListSerializer(serializers.ModelSerializer):
    body = s.RefSerializer()
    date_jalali = s.JalaliDateField(source="date")
    invitation_date_jalali = s.JalaliDateField(source="invitation_date", allow_null=True)
    signed = serializers.SerializerMethodField()
    signing_state = serializers.SerializerMethodField()
    status = serializers.CharField(
        read_only=True, help_text="draft, circulated, signed or locked (the meeting life cycle)"
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "number",
            "title",
            "date",
            "date_jalali",
            "weekday",
            "time",
            "place",
            "invitation_number",
            "invitation_date",
            "invitation_date_jalali",
            "signed",
            "signing_state",
            "status",
        ]

    def get_signed(self, meeting: Meeting) -> bool:
        return signing_state(meeting).signed

    def get_signing_state(self, meeting: Meeting) -> str:
        return signing_state(meeting).label


class AgendaItemSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    text = serializers.CharField()
    presenter = serializers.CharField()


class MeetingDetailSerializer(MeetingListSerializer):
    agenda = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    class Meta(MeetingListSerializer.Meta):
        fields = [
            *MeetingListSerializer.Meta.fields,
            "chair_name",
            "chair_role",
            "secretary_name",
            "secretary_role",
            "agenda",
            "documents",
        ]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting: Meeting) -> list[dict[str, Any]]:
        return AgendaItemSerializer(meeting.agenda_items.order_by("order"), many=True).data

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "string", "format": "uri"},
            "description": "minutes_docx, minutes_pdf, invitation_docx, invitation_pdf: download URLs",
        }
    )
    def get_documents(self, meeting: Meeting) -> dict[str, str]:
        request = self.context["request"]
        return {
            f"{kind}_{fmt}": request.build_absolute_uri(f"/api/v1/meetings/{meeting.pk}/{kind}.{fmt}")
            for kind in DocumentKind.values
            for fmt in DOCUMENT_FORMATS
        }


# --- Views -----------------------------------------------------------------------------------------------


class MeetingListView(GenericAPIView, ApiView):
    serializer_class = MeetingListSerializer

    @extend_schema(
        tags=["meetings"],
        summary="Meetings visible to you, newest first (filters: body, from, to — Jalali or ISO dates)",
        parameters=[MeetingFilterSerializer],
        responses={200: MeetingListSerializer(many=True), **_errors(400, 401, "404-page")},
    )
    def get(self, request: Request) -> Response:
        filters = MeetingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        meetings = meetings_for_document_reader(request.user).select_related("body")
        if data.get("body"):
            meetings = meetings.filter(body_id=data["body"])
        if data.get("from"):
            meetings = meetings.filter(date__gte=data["from"])
        if data.get("to"):
            meetings = meetings.filter(date__lte=data["to"])
        page = self.paginate_queryset(meetings.order_by("-date", "-number", "-pk"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class MeetingDetailView(ApiView):
    @extend_schema(
        tags=["meetings"],
        summary="One meeting with its agenda and the links to its documents",
        responses={200: MeetingDetailSerializer, **_errors(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        meeting = get_meeting_for_document_reader(request.user, pk)
        return Response(MeetingDetailSerializer(meeting, context={"request": request}).data)


class JsonErrorsOnly(BaseContentNegotiation):
    """The file itself is an HttpResponse that skips rendering; whatever a client's Accept says
    (``application/pdf`` included), errors come out as the API's JSON envelope, never a 406."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type

    def select_parser(self, request: Any, parsers: Any) -> Any:
        return parsers[0] if parsers else None


def _document_view(kind: str, fmt: str) -> type[ApiView]:
    label = {"minutes": "the minutes", "invitation": "the invitation"}[kind]
    fa = {"minutes": "صورتجلسه", "invitation": "دعوتنامه"}[kind]

    class DocumentView(ApiView):
        content_negotiation_class = JsonErrorsOnly

        @extend_schema(
            tags=["meetings"],
            summary=f"Download {label} of a meeting as {fmt.upper()} ({fa})",
            description=(
                "A signed meeting's file carries a verification code and QR code for the public "
                "page /verify/<code>/ (headers X-Document-Code and X-Document-SHA256); the same "
                "content downloaded again is the same file, byte for byte. A meeting not yet "
                "signed gives a draft without a code."
            ),
            responses={
                (200, CONTENT_TYPES[DocumentFormat(fmt)]): OpenApiResponse(
                    OpenApiTypes.BINARY, description="the file (Content-Disposition: attachment)"
                ),
                **_errors(401, 404),
            },
        )
        def get(self, request: Request, pk: int) -> HttpResponse:
            meeting = get_meeting_for_document_reader(request.user, pk)
            return document_response(meeting, build_document(meeting, kind=kind, fmt=fmt))

    DocumentView.__name__ = DocumentView.__qualname__ = f"Meeting{kind.title()}{fmt.title()}View"
    return DocumentView


MinutesDocxView = _document_view("minutes", "docx")
MinutesPdfView = _document_view("minutes", "pdf")
InvitationDocxView = _document_view("invitation", "docx")
InvitationPdfView = _document_view("invitation", "pdf")
