"""The meeting life cycle in the API (issue 13, decision 0029).

``POST /api/v1/meetings/`` schedules a meeting (a draft; ``number`` left out: the body's next
ordinal), answering the meeting and any clash warnings (the same place or chair booked at an
overlapping time: a warning, never a refusal). ``GET`` on the same path is the scoped list of
:mod:`qarargah.api.meeting_documents`. ``POST /api/v1/meetings/{id}/sign/`` signs circulated
minutes as their secretary or chair, confirmed with the signer's password or an emailed one-time
code (``{"send_code": true}`` emails one). Refusals come out of ``api/errors.py``'s envelope,
in Persian, at their field where they have one.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from qarargah.accounts.models import User
from qarargah.core.errors import ServiceError
from qarargah.meetings import services
from qarargah.meetings.access import get_meeting_for_signer, require_minutes_importer
from qarargah.organisations.models import Agency, AgencyStatus, Body
from qarargah.persian import parse_time, to_latin_digits

from .errors import error_response
from .meeting_documents import FlexibleDateField, MeetingDetailSerializer, MeetingListView
from .views import ApiView, _errors

SCHEDULE_REFUSED = "برنامه‌ریزی جلسه کار دبیرخانه است؛ نقش شما اجازه آن را ندارد."
# The service's field names as the API names them.
API_FIELD = {"time": "start_time"}
# Refusals of the meeting's state, not of the input: 409 like the API's other state conflicts.
STATE_CODES = frozenset({"not_circulated", "already_signed", "signed_twice", "future_date", "not_draft"})


@extend_schema_field({"type": "string", "example": "14:30"})
class TimeOfDayField(serializers.Field):
    default_error_messages = {"invalid": "ساعت «{value}» معتبر نیست؛ آن را به شکل 14:30 یا ۱۴:۳۰ بدهید."}

    def to_internal_value(self, data: Any) -> Any:
        parsed = parse_time(str(data))
        if parsed is None:
            self.fail("invalid", value=data)
        return parsed

    def to_representation(self, value: Any) -> str:
        return value.strftime("%H:%M")


def _id(label: str, **kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        error_messages={
            "invalid": f"شناسه {label} باید عدد باشد.",
            "min_value": f"شناسه {label} معتبر نیست.",
            "required": f"{label} را بدهید.",
            "null": f"{label} را بدهید.",
        },
        **kwargs,
    )


def _text(max_length: int) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=max_length,
        error_messages={"max_length": f"این متن حداکثر {max_length} نویسه است."},
    )


class JointSessionSerializer(serializers.Serializer):
    body = _id("نهاد مشترک")
    number = _id("شماره جلسه", required=False, allow_null=True)


class ScheduleRequestSerializer(serializers.Serializer):
    body = _id("قرارگاه یا شورا")
    number = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        error_messages={"invalid": "شماره جلسه باید عدد باشد.", "min_value": "شماره جلسه باید مثبت باشد."},
        help_text="left out: the body's next ordinal",
    )
    joint = JointSessionSerializer(many=True, required=False, help_text="other bodies of a joint meeting")
    title = _text(500)
    date = FlexibleDateField(
        error_messages={"required": "تاریخ جلسه را بدهید.", "null": "تاریخ جلسه را بدهید."},
        help_text="Jalali 1403-01-15 or ISO 2024-04-03; a future date is fine",
    )
    start_time = TimeOfDayField(required=False, allow_null=True)
    end_time = TimeOfDayField(required=False, allow_null=True)
    place = _text(300)
    chair = _id("رئیس جلسه", required=False, allow_null=True, help_text="user id of the chair (a signer)")
    chair_name = _text(200)
    chair_role = _text(300)
    secretary = _id(
        "دبیر جلسه", required=False, allow_null=True, help_text="user id of the secretary (a signer)"
    )
    secretary_name = _text(200)
    secretary_role = _text(300)
    invitation_number = _text(100)
    invitation_date = FlexibleDateField(required=False, allow_null=True)
    invited_agencies = serializers.ListField(child=_id("دستگاه"), required=False, max_length=500)
    invited_persons = _text(4000)


class MeetingOutSerializer(MeetingDetailSerializer):
    warnings = serializers.SerializerMethodField()

    class Meta(MeetingDetailSerializer.Meta):
        fields = [*MeetingDetailSerializer.Meta.fields, "end_time", "warnings"]

    def get_warnings(self, meeting: Any) -> list[str]:
        return list(self.context.get("warnings", []))


class SignRequestSerializer(serializers.Serializer):
    password = serializers.CharField(required=False, allow_blank=True, max_length=200, trim_whitespace=False)
    code = serializers.CharField(required=False, allow_blank=True, max_length=12)
    send_code = serializers.BooleanField(required=False, default=False, help_text="email a one-time code")


class SignatureSerializer(serializers.Serializer):
    role = serializers.CharField()
    user = serializers.CharField(source="user.username")
    method = serializers.CharField()
    signed_at = serializers.DateTimeField()


class SignResponseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    signed_at = serializers.DateTimeField(allow_null=True)
    signatures = SignatureSerializer(many=True)
    message = serializers.CharField()


def _field_errors(errors: dict[str, str]) -> serializers.ValidationError:
    return serializers.ValidationError({API_FIELD.get(k, k): [v] for k, v in errors.items()})


def _schedule_data(user: User, data: dict[str, Any]) -> tuple[Body, services.ScheduleData]:
    """The registry rows the request names, each checked against what the user may see; an
    unknown or hidden id is a Persian error at its field (nothing is written)."""
    errors: dict[str, str] = {}
    body = Body.objects.visible_to(user).filter(pk=data["body"]).select_related("province").first()
    if body is None:
        raise _field_errors({"body": "قرارگاه یا شورایی با این شناسه پیدا نشد."})
    joint = []
    for item in data.get("joint") or []:
        other = Body.objects.visible_to(user).filter(pk=item["body"]).first()
        if other is None:
            errors["joint"] = "نهاد مشترکی با این شناسه پیدا نشد."
        else:
            joint.append((other, item.get("number")))
    people = services.people_for(body)
    persons: dict[str, Any] = {}
    for name in ("chair", "secretary"):
        if data.get(name):
            persons[name] = people.filter(pk=data[name]).first()
            if persons[name] is None:
                errors[name] = "این کاربر از دبیرخانه، اعضا یا مدیران استان این نهاد نیست."
    wanted = list(dict.fromkeys(data.get("invited_agencies") or []))
    agencies = list(
        Agency.objects.filter(pk__in=wanted, province_id=body.province_id, status=AgencyStatus.ACTIVE)
    )
    if len(agencies) != len(wanted):
        missing = sorted(set(wanted) - {a.pk for a in agencies})
        errors["invited_agencies"] = (
            f"دستگاه با شناسه {', '.join(map(str, missing))} در فهرست دستگاه‌های تأییدشده این استان نیست."
        )
    if errors:
        raise _field_errors(errors)
    return body, services.ScheduleData(
        date=data["date"],
        number=data.get("number"),
        joint_bodies=joint,
        title=data.get("title", ""),
        start_time=data.get("start_time"),
        end_time=data.get("end_time"),
        place=data.get("place", ""),
        chair=persons.get("chair"),
        chair_name=data.get("chair_name", ""),
        chair_role=data.get("chair_role", ""),
        secretary=persons.get("secretary"),
        secretary_name=data.get("secretary_name", ""),
        secretary_role=data.get("secretary_role", ""),
        invitation_number=data.get("invitation_number", ""),
        invitation_date=data.get("invitation_date"),
        invited_agencies=agencies,
        invited_persons=data.get("invited_persons", ""),
    )


class MeetingCollectionView(MeetingListView):
    """GET: the scoped list (meeting_documents); POST: schedule a meeting."""

    max_request_bytes = 256 * 1024

    @extend_schema(
        tags=["meetings"],
        summary="Schedule a meeting (a draft); the body's next number when none is given",
        description=(
            "Validation errors come in error.fields, in Persian (a duplicate number for the body, "
            "an end time before the start, an unknown agency...). A clash (same place or chair at an "
            "overlapping time) is not an error: the meeting is scheduled and `warnings` says so."
        ),
        request=ScheduleRequestSerializer,
        responses={201: MeetingOutSerializer, **_errors(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        require_minutes_importer(request.user, message=SCHEDULE_REFUSED)
        incoming = ScheduleRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        body, data = _schedule_data(request.user, incoming.validated_data)
        try:
            meeting = services.schedule_meeting(actor=request.user, body=body, data=data)
        except services.FieldError as exc:
            raise _field_errors({exc.field: exc.message}) from None
        clashes = services.schedule_clashes(
            province_id=body.province_id,
            date=meeting.date,
            start=meeting.time,
            end=meeting.end_time,
            place=meeting.place,
            chair=meeting.chair,
            chair_name=meeting.chair_name,
            exclude_pk=meeting.pk,
        )
        out = MeetingOutSerializer(
            meeting, context={"request": request, "warnings": [c.message for c in clashes]}
        )
        return Response(out.data, status=status.HTTP_201_CREATED)


class MeetingSignView(ApiView):
    max_request_bytes = 16 * 1024

    @extend_schema(
        tags=["meetings"],
        summary="Sign circulated minutes as their secretary or chair (password or one-time code)",
        description=(
            'Send {"password": "…"} (your login password) or {"code": "123456"} (the one-time '
            'code emailed to you; ask for one with {"send_code": true}, valid ten minutes). When both '
            "the secretary and the chair have signed, the minutes are locked and their assignments "
            "reach the agencies. Anyone who is neither is refused with 403."
        ),
        request=SignRequestSerializer,
        responses={
            200: SignResponseSerializer,
            202: OpenApiResponse(description="a one-time code was emailed"),
            **_errors(400, 401, 403, 404, 409),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = get_meeting_for_signer(request.user, pk)
        incoming = SignRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            if data.get("send_code"):
                services.send_signing_code(actor=request.user, meeting=meeting)
                return Response(
                    {"message": "رمز یک‌بارمصرف به ایمیل شما فرستاده شد؛ ده دقیقه اعتبار دارد."},
                    status=status.HTTP_202_ACCEPTED,
                )
            signed = services.sign_minutes(
                actor=request.user,
                meeting=meeting,
                password=data.get("password", ""),
                code=to_latin_digits(data.get("code", "")),
            )
        except services.FieldError as exc:
            raise _field_errors({exc.field: exc.message}) from None
        except ServiceError as exc:
            if exc.code in STATE_CODES:
                return error_response(exc.code, exc.message, status.HTTP_409_CONFLICT)
            raise
        message = (
            "صورتجلسه امضا و قفل شد؛ تکالیف آن اکنون برای دستگاه‌ها دیده می‌شود."
            if signed.is_published
            else "امضای شما ثبت شد؛ صورتجلسه در انتظار امضای دیگر است."
        )
        return Response(
            SignResponseSerializer(
                {
                    "id": signed.pk,
                    "status": signed.status,
                    "signed_at": signed.signed_at,
                    "signatures": signed.signatures.filter(amendment__isnull=True).select_related("user"),
                    "message": message,
                }
            ).data
        )


urlpatterns = [
    path("v1/meetings/<int:pk>/sign/", MeetingSignView.as_view(), name="meeting_sign"),
]
