"""A meeting's attendance in the API (issue 13): ``GET /api/v1/meetings/{id}/attendance/``.

The member agencies of the meeting's body, each with its recorded attendance (or none yet),
and the body's quorum rule checked against it, as the attendance page shows them. Read by those
who read the meeting pages (:func:`qarargah.meetings.access.get_meeting_for_user`): 403 for a
role without that capability, the same 404 for a missing and a hidden meeting.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from qarargah.meetings.access import get_meeting_for_user
from qarargah.meetings.attendance import attendance_sheet, quorum

from .views import ApiView, _errors


class QuorumSerializer(serializers.Serializer):
    members = serializers.IntegerField(help_text="member agencies of the body")
    present = serializers.IntegerField(help_text="members present in person or by a representative")
    required = serializers.IntegerField(help_text="members present the body's rule requires")
    met = serializers.BooleanField()
    recorded = serializers.BooleanField(help_text="whether any attendance is recorded yet")
    rule = serializers.CharField(help_text="the rule in Persian, e.g. «نصف به‌علاوه یک اعضا»")
    label = serializers.CharField(help_text="«حد نصاب: ۷ از ۱۲ — حاضر: ۸ — جلسه رسمیت یافت (تشکیل شد)»")


class AttendanceAgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AttendanceRowSerializer(serializers.Serializer):
    agency = AttendanceAgencySerializer()
    status = serializers.ChoiceField(
        choices=["present", "absent", "represented"], allow_null=True, help_text="null: not recorded"
    )
    status_label = serializers.CharField(allow_blank=True)
    person_name = serializers.CharField(allow_blank=True)
    person_title = serializers.CharField(allow_blank=True)
    represented_by = serializers.CharField(allow_blank=True)
    representative = serializers.CharField(allow_blank=True, help_text="the agency's named representative")
    deputy = serializers.CharField(allow_blank=True, help_text="the agency's named deputy")


class MeetingAttendanceSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    quorum = QuorumSerializer()
    attendance = AttendanceRowSerializer(many=True)


class MeetingAttendanceView(ApiView):
    @extend_schema(
        tags=["meetings"],
        summary="A meeting's attendance per member agency and the quorum check",
        responses={200: MeetingAttendanceSerializer, **_errors(401, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        meeting = get_meeting_for_user(request.user, pk)
        q = quorum(meeting)
        rows = []
        for row in attendance_sheet(meeting):
            record, membership = row.record, row.membership
            rows.append(
                {
                    "agency": {"id": membership.agency_id, "name": membership.agency.name},
                    "status": record.status if record else None,
                    "status_label": record.get_status_display() if record else "",
                    "person_name": record.person_name if record else "",
                    "person_title": record.person_title if record else "",
                    "represented_by": record.represented_by if record else "",
                    "representative": membership.representative_display,
                    "deputy": membership.deputy_name,
                }
            )
        data = {
            "meeting": meeting.pk,
            "quorum": {
                "members": q.members,
                "present": q.present,
                "required": q.required,
                "met": q.met,
                "recorded": q.recorded,
                "rule": q.rule,
                "label": q.label,
            },
            "attendance": rows,
        }
        return Response(MeetingAttendanceSerializer(data).data)


# Included from api/urls.py under v1/meetings/.
urlpatterns = [
    path("<int:pk>/attendance/", MeetingAttendanceView.as_view(), name="meeting_attendance"),
]
