"""Serializers: shapes only. Input serializers check types and presence; every business rule
lives in the services they feed. Dates are ISO Gregorian (``due_date``) with the Jalali form
beside them (``due_date_jalali``, «1403-05-09» in Latin digits) for clients that show dates."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qarargah.persian import DeadlineError, jalali_iso, validate_deadline
from qarargah.resolutions.attachments import REPORT_TEXT_MAX_LENGTH, REPORT_TEXT_MAX_LENGTH_FA
from qarargah.resolutions.models import (
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Axis,
    DeadlineExtension,
    ProgressReport,
    ReportAttachment,
    Resolution,
    ResolutionStatus,
)

REQUIRED = "این مقدار لازم است."


class JalaliDateField(serializers.ReadOnlyField):
    """The Jalali form of a Gregorian date attribute, «1403-05-09»."""

    def to_representation(self, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            # The day in Tehran, not in UTC: a report sent at 00:30 on 1403/01/01 is of that day.
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        return jalali_iso(value)


extend_schema_field(OpenApiTypes.STR)(JalaliDateField)


# A quantity achieved: at most 12 digits before the point and 2 after, never negative. The schema
# states exactly that (drf-spectacular's own pattern for a DecimalField allows a minus sign).
QUANTITY_PATTERN = r"^\d{0,12}(?:\.\d{0,2})?$"
QUANTITY_TOO_LONG = "مقدار انجام‌شده حداکثر ۱۲ رقم صحیح و ۲ رقم اعشار دارد."


@extend_schema_field({"type": "string", "format": "decimal", "pattern": QUANTITY_PATTERN, "nullable": True})
class QuantityField(serializers.DecimalField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)


# --- Errors (for the schema) -----------------------------------------------------------------------


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="machine-readable code, e.g. not_found, invalid, conflict")
    message = serializers.CharField(help_text="Persian message for the person")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="per-field Persian messages (validation errors only)",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# --- Auth ------------------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(
        error_messages={"required": REQUIRED, "blank": "نام کاربری را وارد کنید."}
    )
    password = serializers.CharField(
        style={"input_type": "password"},
        trim_whitespace=False,
        error_messages={"required": REQUIRED, "blank": "گذرواژه را وارد کنید."},
    )


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    province = serializers.CharField(source="province.name", default=None)
    agency_id = serializers.IntegerField(allow_null=True)
    agency = serializers.CharField(source="agency.name", default=None)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Shown once: only its SHA-256 digest is stored.")
    expires_at = serializers.DateTimeField(help_text="After this moment the token is refused.")
    user = UserSerializer()


# --- References --------------------------------------------------------------------------------------


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeetingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="__str__")
    number = serializers.IntegerField(allow_null=True)
    date = serializers.DateField()
    date_jalali = JalaliDateField(source="date")
    body = RefSerializer()


# --- Resolutions and assignments -----------------------------------------------------------------


class AssignmentSummarySerializer(serializers.ModelSerializer):
    agency = RefSerializer()
    status_label = serializers.CharField(source="get_status_display")
    role_label = serializers.CharField(source="get_role_display")
    due_date_jalali = JalaliDateField(source="due_date", allow_null=True)
    is_overdue = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "agency",
            "role",
            "role_label",
            "status",
            "status_label",
            "due_date",
            "due_date_jalali",
            "is_overdue",
            "days_left",
            "last_reported_at",
            "accepted_at",
            "version",
        ]

    def get_is_overdue(self, obj: Assignment) -> bool:
        return obj.is_overdue()

    def get_days_left(self, obj: Assignment) -> int | None:
        return obj.days_left()


class ResolutionListSerializer(serializers.ModelSerializer):
    meeting = MeetingRefSerializer()
    status_label = serializers.CharField(source="get_status_display")
    axis_label = serializers.CharField(source="get_axis_display")
    deadline_kind_label = serializers.CharField(source="get_deadline_kind_display")
    due_date_jalali = JalaliDateField(source="due_date", allow_null=True)
    shown_due_date = serializers.DateField(
        allow_null=True,
        read_only=True,
        help_text="the «مهلت» to show: the nearest due date of the open assignments (a granted "
        "extension moves it), or due_date when none is open; due_date stays the resolution's own",
    )
    shown_due_date_jalali = JalaliDateField(source="shown_due_date", allow_null=True)
    agencies = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Resolution
        fields = [
            "id",
            "number",
            "text",
            "meeting",
            "status",
            "status_label",
            "deadline_raw",
            "deadline_kind",
            "deadline_kind_label",
            "due_date",
            "due_date_jalali",
            "shown_due_date",
            "shown_due_date_jalali",
            "axis",
            "axis_label",
            "agencies",
            "is_overdue",
            "version",
        ]
        extra_kwargs = {
            "deadline_kind": {
                "help_text": (
                    "How the deadline is expressed: relative (a period after the meeting), date, "
                    "this_week, asap (the province's ASAP window), continuous (periodic reports), "
                    "next_meeting («تا جلسه آینده»: due on the body's next meeting; due_date stays "
                    "null until that meeting is recorded) or none. deadline_kind_label is the Persian."
                )
            }
        }

    def _assignments(self, obj: Resolution) -> list[Assignment]:
        # The view prefetches only the assignments the user may see into ``visible_assignments``.
        return getattr(obj, "visible_assignments", [])

    @extend_schema_field(RefSerializer(many=True))
    def get_agencies(self, obj: Resolution) -> list[dict[str, Any]]:
        return [{"id": a.agency_id, "name": a.agency.name} for a in self._assignments(obj)]

    def get_is_overdue(self, obj: Resolution) -> bool:
        """Some assignment of the resolution is past its due date (the selector's annotation)."""
        flag = getattr(obj, "has_overdue", None)
        if flag is not None:
            return bool(flag)
        return any(a.is_overdue() for a in self._assignments(obj))


class ResolutionDetailSerializer(ResolutionListSerializer):
    assignments = serializers.SerializerMethodField()
    neighbourhoods = RefSerializer(many=True)

    class Meta(ResolutionListSerializer.Meta):
        fields = [
            *ResolutionListSerializer.Meta.fields,
            "assignees_raw",
            "vote",
            "target_quantity",
            "target_unit",
            "report_period_days",
            "neighbourhoods",
            "closed_at",
            "closure_reason",
            "created_at",
            "updated_at",
            "assignments",
        ]

    @extend_schema_field(AssignmentSummarySerializer(many=True))
    def get_assignments(self, obj: Resolution) -> list[dict[str, Any]]:
        return AssignmentSummarySerializer(self._assignments(obj), many=True, context=self.context).data


class ResolutionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    text = serializers.CharField()
    status = serializers.CharField()
    deadline_raw = serializers.CharField()
    meeting = MeetingRefSerializer()


class AssignmentListSerializer(AssignmentSummarySerializer):
    resolution = ResolutionRefSerializer()

    class Meta(AssignmentSummarySerializer.Meta):
        fields = [
            *AssignmentSummarySerializer.Meta.fields[:1],
            "resolution",
            *AssignmentSummarySerializer.Meta.fields[1:],
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = ["id", "name", "content_type", "size", "url"]

    def get_url(self, obj: ReportAttachment) -> str:
        """The API's download endpoint (token or session), which checks access on every download."""
        path = reverse("api:attachment", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ReportSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name")
    review_status_label = serializers.CharField(source="get_review_status_display")
    reviewed_by = serializers.SerializerMethodField()
    submitted_at_jalali = JalaliDateField(source="submitted_at")
    achieved_quantity = QuantityField(read_only=True)
    attachments = AttachmentSerializer(many=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "assignment",
            "author",
            "text",
            "achieved_quantity",
            "submitted_at",
            "submitted_at_jalali",
            "review_status",
            "review_status_label",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "attachments",
            "version",
        ]

    def get_reviewed_by(self, obj: ProgressReport) -> str | None:
        return obj.reviewed_by.get_full_name() if obj.reviewed_by is not None else None


class ExtensionSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    requested_due_date_jalali = JalaliDateField(source="requested_due_date")

    class Meta:
        model = DeadlineExtension
        fields = [
            "id",
            "reason",
            "previous_due_date",
            "requested_due_date",
            "requested_due_date_jalali",
            "requested_at",
            "status",
            "status_label",
            "decided_at",
            "decision_comment",
            "version",
        ]


class AssignmentDetailSerializer(AssignmentListSerializer):
    # Filled by the view from the selector's page data (``report_list`` / ``extension_list``).
    reports = ReportSerializer(many=True, source="report_list")
    extensions = ExtensionSerializer(many=True, source="extension_list")

    class Meta(AssignmentListSerializer.Meta):
        fields = [*AssignmentListSerializer.Meta.fields, "reports", "extensions"]


# --- Query parameters ---------------------------------------------------------------------------------


# A resolution status, or an assignment status meaning "some agency's assignment is …".
RESOLUTION_FILTER_STATUSES = [
    *ResolutionStatus.choices,
    *[c for c in AssignmentStatus.choices if c[0] not in ResolutionStatus.values],
]


# The largest key a database column holds (bigint); a larger number is no key at all, and
# SQLite cannot even bind it (it was a server error on the list).
MAX_ID = 2**63 - 1


def id_filter(label: str, help_text: str | None = None) -> serializers.IntegerField:
    """An optional id in a query or a form, answered with a Persian 400 when it cannot be an id."""
    out_of_range = f"شناسه {label} معتبر نیست."
    return serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text=help_text,
        error_messages={
            "invalid": f"شناسه {label} باید عدد باشد.",
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
    )


class ResolutionFilterSerializer(serializers.Serializer):
    agency = id_filter("دستگاه")
    body = id_filter("قرارگاه یا شورا")
    meeting = id_filter("جلسه")
    status = serializers.ChoiceField(
        choices=RESOLUTION_FILTER_STATUSES,
        required=False,
        error_messages={
            "invalid_choice": (
                "وضعیت «{input}» شناخته نیست؛ یکی از open، in_progress، awaiting_review، done "
                "(وضعیت مصوبه) یا new، reported، accepted، returned (وضعیت تکلیف دستگاه‌ها) را بدهید."
            )
        },
    )
    overdue = serializers.BooleanField(
        required=False, default=False, error_messages={"invalid": "مقدار overdue باید true یا false باشد."}
    )


class AssignmentFilterSerializer(serializers.Serializer):
    mine = serializers.BooleanField(
        required=False, default=False, error_messages={"invalid": "مقدار mine باید true یا false باشد."}
    )
    status = serializers.ChoiceField(
        choices=AssignmentStatus.choices,
        required=False,
        error_messages={
            "invalid_choice": (
                "وضعیت «{input}» شناخته نیست؛ یکی از new، in_progress، reported، accepted، returned را بدهید."
            )
        },
    )
    overdue = serializers.BooleanField(
        required=False, default=False, error_messages={"invalid": "مقدار overdue باید true یا false باشد."}
    )


# --- Writes --------------------------------------------------------------------------------------------


class ReportCreateSerializer(serializers.Serializer):
    # The same bound as the report form: a 10 MB text once made a 21 MB page for the secretariat.
    text = serializers.CharField(
        max_length=REPORT_TEXT_MAX_LENGTH,
        error_messages={
            "required": "شرح اقدامات (text) را بنویسید؛ گزارش بدون متن فرستاده نمی‌شود.",
            "blank": "شرح اقدامات (text) را بنویسید؛ گزارش بدون متن فرستاده نمی‌شود.",
            "max_length": f"شرح اقدامات (text) حداکثر {REPORT_TEXT_MAX_LENGTH_FA} نویسه است؛ "
            "جزئیات بیشتر را در فایل پیوست بفرستید.",
        },
    )
    achieved_quantity = QuantityField(
        required=False,
        min_value=0,
        error_messages={
            "invalid": "مقدار انجام‌شده باید عدد باشد.",
            "min_value": "مقدار انجام‌شده نمی‌تواند منفی باشد.",
            "max_digits": QUANTITY_TOO_LONG,
            "max_whole_digits": QUANTITY_TOO_LONG,
            "max_decimal_places": QUANTITY_TOO_LONG,
        },
    )
    file = serializers.ListField(
        child=serializers.FileField(
            allow_empty_file=True,
            error_messages={"invalid": "فایل پیوست باید به صورت فرم چندبخشی فرستاده شود."},
        ),
        required=False,
        help_text="zero or more files (repeat the field); PDF, Word, Excel or images, up to 10 MB each",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="the assignment's version you read; a newer one gives 409",
        error_messages={"invalid": "نسخه (version) باید عدد باشد."},
    )


class DeadlineField(serializers.CharField):
    """A resolution's deadline as the secretariat writes it: a phrase («۱۰ روز», «هفته جاری»,
    «اسرع وقت», «مستمر») or a Jalali date («۱۴۰۳/۰۵/۳۰»). The same check as the pages
    (``persian.validate_deadline``): a date that does not exist is a 400 at this field."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault(
            "error_messages",
            {"max_length": "مهلت اقدام (deadline) حداکثر ۲۰۰ نویسه است."},
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            validate_deadline(value)
        except DeadlineError as exc:
            raise serializers.ValidationError(exc.message, code="deadline") from None
        return value


class AgencyRoleSerializer(serializers.Serializer):
    agency = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="the agency's id (of the resolution's province)",
        error_messages={
            "invalid": "شناسه دستگاه (agency) باید عدد باشد.",
            "required": "شناسه دستگاه (agency) لازم است.",
        },
    )
    role = serializers.ChoiceField(
        choices=AssignmentRole.choices,
        default=AssignmentRole.PARTNER,
        help_text="lead or partner; when no agency is the lead, the first one is",
        error_messages={"invalid_choice": "نقش «{input}» شناخته نیست؛ lead یا partner بنویسید."},
    )


class ResolutionUpdateSerializer(serializers.Serializer):
    """The secretariat's correction of a resolution; fields left out keep their value."""

    text = serializers.CharField(
        required=False,
        max_length=20000,
        error_messages={
            "blank": "متن مصوبه (text) نمی‌تواند خالی باشد.",
            "max_length": "متن مصوبه (text) بیش از اندازه بلند است.",
        },
    )
    axis = serializers.ChoiceField(
        required=False,
        choices=[("", "بدون محور"), *Axis.choices],
        help_text="the resolution's axis; an empty string for none",
        error_messages={"invalid_choice": "محور «{input}» شناخته نیست."},
    )
    deadline = DeadlineField(
        required=False,
        help_text=(
            "the deadline as written: a phrase («۱۰ روز», «هفته جاری», «اسرع وقت», «مستمر», "
            "«تا جلسه آینده») or a Jalali date («1403/05/30»); empty for none. The due date is "
            "computed from the meeting's date (due_date in the answer). A date that does not "
            "exist, such as 1403/13/40, is refused with 400 at this field."
        ),
    )
    target_quantity = QuantityField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="the quantified target (with target_unit); null for none",
        error_messages={
            "invalid": "هدف کمّی (target_quantity) باید عدد باشد.",
            "min_value": "هدف کمّی (target_quantity) نمی‌تواند منفی باشد.",
            "max_digits": "هدف کمّی (target_quantity) بیش از اندازه بزرگ است.",
            "max_whole_digits": "هدف کمّی (target_quantity) بیش از اندازه بزرگ است.",
            "max_decimal_places": "هدف کمّی (target_quantity) حداکثر دو رقم اعشار دارد.",
        },
    )
    target_unit = serializers.CharField(required=False, allow_blank=True, max_length=100)
    neighbourhoods = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=500,
        help_text="ids of the target neighbourhoods (of the resolution's province); replaces the list",
    )
    agencies = serializers.ListField(
        child=AgencyRoleSerializer(),
        required=False,
        min_length=1,
        max_length=200,
        help_text=(
            "the whole list of acting agencies, [{agency: id, role: lead|partner}]; replaces the list: "
            "new ones are assigned, missing ones taken off (refused for one that has reported)"
        ),
        error_messages={"min_length": "مصوبه دست‌کم یک دستگاه اقدام‌کننده لازم دارد."},
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="the resolution's version you read; a newer one gives 409",
        error_messages={"invalid": "نسخه (version) باید عدد باشد."},
    )


class ClosureSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=5000,
        help_text="why the resolution is closed or reopened (required)",
        error_messages={
            "required": "دلیل (reason) را بنویسید.",
            "blank": "دلیل (reason) را بنویسید.",
            "max_length": "دلیل (reason) حداکثر ۵۰۰۰ نویسه است.",
        },
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="the resolution's version you read; a newer one gives 409",
        error_messages={"invalid": "نسخه (version) باید عدد باشد."},
    )


DECISIONS_FA = "accept_progress، accept_close یا return"


class ReportEditSerializer(serializers.Serializer):
    """The agency's correction of a report still waiting for review; fields left out keep their value."""

    text = serializers.CharField(
        required=False,
        max_length=REPORT_TEXT_MAX_LENGTH,
        error_messages={
            "blank": "شرح اقدامات (text) را بنویسید؛ گزارش بدون متن فرستاده نمی‌شود.",
            "max_length": f"شرح اقدامات (text) حداکثر {REPORT_TEXT_MAX_LENGTH_FA} نویسه است؛ "
            "جزئیات بیشتر را در فایل پیوست بفرستید.",
        },
    )
    achieved_quantity = QuantityField(
        required=False,
        allow_null=True,
        min_value=0,
        error_messages={
            "invalid": "مقدار انجام‌شده باید عدد باشد.",
            "min_value": "مقدار انجام‌شده نمی‌تواند منفی باشد.",
            "max_digits": QUANTITY_TOO_LONG,
            "max_whole_digits": QUANTITY_TOO_LONG,
            "max_decimal_places": QUANTITY_TOO_LONG,
        },
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="the report's version you read; a newer one gives 409",
        error_messages={"invalid": "نسخه (version) باید عدد باشد."},
    )


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[
            ("accept_progress", "پذیرش به‌عنوان پیشرفت"),
            ("accept_close", "پذیرش و بستن تکلیف"),
            ("return", "برگشت"),
            ("accept", "پذیرش"),
        ],
        help_text=(
            "accept_progress: the report and its achieved_quantity are recorded and the assignment "
            "stays open (in_progress); a continuous (مستمر) one is accepted for this period and its "
            "next report falls due one report period later. accept_close: the assignment is done "
            "(refused with 400 for a continuous assignment, which a report never closes). "
            "return: back to the agency, comment required. accept: kept for older clients; "
            "accept_close for a one-off assignment, accept_progress for a continuous one."
        ),
        error_messages={
            "required": f"تصمیم (decision) را بدهید: {DECISIONS_FA}.",
            "invalid_choice": f"تصمیم «{{input}}» شناخته نیست؛ {DECISIONS_FA} بدهید.",
        },
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="the report's version you read; a newer one gives 409",
        error_messages={"invalid": "نسخه (version) باید عدد باشد."},
    )


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        error_messages={
            "required": "فایل صورتجلسه (file) را بفرستید.",
            "invalid": "فایل صورتجلسه باید به صورت فرم چندبخشی (multipart) فرستاده شود.",
        },
    )
    body = id_filter(
        "قرارگاه یا شورا",
        "id of the body (قرارگاه/شورا) the minutes belong to; found from the file when omitted",
    )
    dry_run = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: parse and match only, save nothing",
        error_messages={"invalid": "مقدار dry_run باید true یا false باشد."},
    )


class ImportedMeetingSerializer(MeetingRefSerializer):
    resolution_count = serializers.IntegerField(source="resolutions.count")


class ImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged"])
    meeting = ImportedMeetingSerializer()
    changes = serializers.ListField(child=serializers.CharField())
    warnings = serializers.ListField(child=serializers.CharField())
    pending_agencies = RefSerializer(many=True)


# --- Import results as JSON -----------------------------------------------------------------------------


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


def _date_pair(value: datetime.date | None) -> dict[str, str | None]:
    return {"date": value.isoformat() if value else None, "jalali": jalali_iso(value) if value else None}


def preview_data(preview: Any) -> dict[str, Any]:
    """A dry run: the parse, with exactly the keys of ``qarargah parse --json``, plus ``matching``
    (how the file meets the database: body, existing meeting, linked agencies, pending names)."""
    from qarargah.minutes_parser import to_json, unsure_json

    data: dict[str, Any] = to_json(preview.parsed) if preview.parsed is not None else {}
    existing = preview.existing
    data["matching"] = {
        "dry_run": True,
        "filename": preview.filename,
        "sha256": preview.sha256,
        "province": _ref(preview.province),
        "body": _ref(preview.body),
        "joint_bodies": [_ref(b) for b in preview.joint_bodies],
        "outcome": preview.outcome,
        "existing_meeting": (
            {"id": existing.pk, "title": str(existing), **_date_pair(existing.date)} if existing else None
        ),
        "changes": list(preview.changes),
        "resolutions": [
            {
                "number": r.number,
                "deadline_kind": str(r.deadline.kind),
                "due_date": _date_pair(r.due_date),
                "vote": r.vote,
                "partners": [
                    {"text": a.text, "kind": a.kind, "agencies": [_ref(agency) for agency in a.agencies]}
                    for a in r.partners
                ],
                "assignees": [
                    {
                        "text": a.text,
                        "kind": a.kind,
                        "score": round(float(a.score), 1),
                        "note": a.note,
                        "agencies": [_ref(agency) for agency in a.agencies],
                    }
                    for a in r.assignees
                ],
                "warnings": list(r.warnings),
            }
            for r in preview.resolutions
        ],
        "pending_agencies": list(preview.pending_names),
        "warnings": list(preview.warnings),
        # The fields the parser is unsure of, named as in the parse above («date», «chair»,
        # «resolutions[2].deadline»): the ones to check before importing.
        "unsure": unsure_json(preview.parsed) if preview.parsed is not None else [],
    }
    return data


def import_result_data(result: Any) -> dict[str, Any]:
    return {
        "dry_run": False,
        "outcome": result.outcome,
        "meeting": ImportedMeetingSerializer(result.meeting).data,
        "changes": list(result.changes),
        "warnings": list(result.warnings),
        "pending_agencies": [{"id": a.pk, "name": a.name} for a in result.pending_agencies],
    }
