"""Meetings of bodies and the minutes documents they were recorded from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qarargah.accounts.scoping import Scope, ScopedQuerySet
from qarargah.core.locking import Versioned
from qarargah.persian import to_persian_digits


class MeetingStatus(models.TextChoices):
    """Where a meeting is in its life cycle (``meetings.workflow`` moves it, decision 0029)."""

    DRAFT = "draft", "پیش‌نویس"
    CIRCULATED = "circulated", "در گردش برای نظر"
    SIGNED = "signed", "امضاشده"
    LOCKED = "locked", "امضاشده و قفل"


# Minutes in these states are signed: their assignments reach the agencies (decision 0029).
PUBLISHED_STATUSES = (MeetingStatus.SIGNED, MeetingStatus.LOCKED)


class Meeting(Versioned):
    body = models.ForeignKey(
        "organisations.Body", on_delete=models.PROTECT, related_name="meetings", verbose_name="قرارگاه / شورا"
    )
    number = models.PositiveIntegerField(
        "شماره جلسه", null=True, blank=True, help_text="شماره ترتیبی جلسه؛ در نشست مشترک خالی است."
    )
    # A joint meeting counts as a session of each body: [{"body": "شورای اجتماعی", "number": 5}, ...]
    joint_sessions = models.JSONField("جلسات مشترک", default=list, blank=True)
    title = models.CharField("عنوان", max_length=500, blank=True)
    date = models.DateField("تاریخ جلسه", db_index=True)
    weekday = models.CharField("روز", max_length=20, blank=True)
    time = models.TimeField("ساعت", null=True, blank=True)
    place = models.CharField("محل", max_length=300, blank=True)
    invitation_number = models.CharField("شماره دعوتنامه", max_length=100, blank=True, db_index=True)
    invitation_date = models.DateField("تاریخ دعوتنامه", null=True, blank=True)
    chair_name = models.CharField("رئیس جلسه", max_length=200, blank=True)
    chair_role = models.CharField("سمت رئیس جلسه", max_length=300, blank=True)
    secretary_name = models.CharField("دبیر جلسه", max_length=200, blank=True)
    secretary_role = models.CharField("سمت دبیر جلسه", max_length=300, blank=True)
    narrative = models.TextField("شرح جلسه", blank=True)
    # --- The life cycle (issue 13, decision 0029) ---
    # A meeting written outside the life cycle (the importer, the hand-entry form, the demo
    # generator's bulk rows) records a meeting already held: locked. schedule_meeting starts drafts.
    status = models.CharField(
        "وضعیت", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.LOCKED, db_index=True
    )
    # Minutes that reached us as a file (or typed in from paper): signed on paper, locked.
    is_imported = models.BooleanField("واردشده از صورتجلسه کاغذی", default=False)
    end_time = models.TimeField("ساعت پایان", null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="رئیس جلسه (کاربر)",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="دبیر جلسه (کاربر)",
    )
    invited_agencies = models.ManyToManyField(
        "organisations.Agency",
        blank=True,
        related_name="invited_to_meetings",
        verbose_name="دستگاه‌های دعوت‌شده",
    )
    invited_persons = models.TextField("مدعوان دیگر (هر نفر در یک سطر)", blank=True)
    comment_deadline = models.DateTimeField("مهلت نظر", null=True, blank=True)
    circulated_at = models.DateTimeField("زمان گردش", null=True, blank=True)
    signed_at = models.DateTimeField("زمان امضا", null=True, blank=True)
    amendment_number = models.PositiveSmallIntegerField("شماره آخرین اصلاحیه", default=0)
    # The record form's unsaved state, kept by its autosave (decision 0029): rows not yet saved
    # as resolutions survive a closed tab on another computer too.
    record_draft = models.JSONField("پیش‌نویس خودکار ثبت جلسه", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "جلسه"
        verbose_name_plural = "جلسات"
        ordering = ["-date", "-number"]
        indexes = [models.Index(fields=["body", "number", "date"])]

    def __str__(self) -> str:
        if self.title:
            return self.title
        # The system writes the number, in Persian digits; the body's name is kept as typed.
        return f"جلسه {to_persian_digits(str(self.number or ''))} {self.body}".strip()

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Meetings are the province's common record; who may act on them is decided per assignment.
        return scope.province_q("body__province_id")

    @property
    def is_published(self) -> bool:
        """Signed: its resolutions' assignments are visible to the agencies."""
        return self.status in PUBLISHED_STATUSES

    @property
    def is_draft(self) -> bool:
        return self.status == MeetingStatus.DRAFT


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name="جلسه"
    )
    order = models.PositiveSmallIntegerField("ردیف")
    text = models.TextField("دستور کار")
    presenter = models.CharField("ارائه‌دهنده", max_length=300, blank=True)
    is_review_of_past_resolutions = models.BooleanField("بررسی مصوبات گذشته", default=False)

    class Meta:
        verbose_name = "دستور کار"
        verbose_name_plural = "دستور کار"
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class Speaker(models.Model):
    """An official whose statement the minutes report (name and post as written)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="speakers", verbose_name="جلسه"
    )
    order = models.PositiveSmallIntegerField("ترتیب")
    name = models.CharField("نام", max_length=200)
    role = models.CharField("سمت", max_length=300, blank=True)
    statement = models.TextField("خلاصه سخنان", blank=True)

    class Meta:
        verbose_name = "سخنران"
        verbose_name_plural = "سخنرانان"
        ordering = ["meeting", "order"]

    def __str__(self) -> str:
        return self.name


def minutes_upload_path(instance: MinutesDocument, filename: str) -> str:
    return f"minutes/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class MinutesDocument(Versioned):
    """The file a meeting was imported from; its hash makes re-imports idempotent."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name="جلسه"
    )
    file_name = models.CharField("نام فایل", max_length=255)
    sha256 = models.CharField("اثر انگشت فایل", max_length=64, db_index=True)
    file = models.FileField("فایل", upload_to=minutes_upload_path, blank=True)
    source_text = models.TextField("متن استخراج‌شده", blank=True)
    warnings = models.JSONField("هشدارها", default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="واردکننده",
    )
    imported_at = models.DateTimeField("زمان ورود", auto_now_add=True)

    class Meta:
        verbose_name = "فایل صورتجلسه"
        verbose_name_plural = "فایل‌های صورتجلسه"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", "صورتجلسه"
    INVITATION = "invitation", "دعوتنامه"


class DocumentFormat(models.TextChoices):
    DOCX = "docx", "Word"
    PDF = "pdf", "PDF"


def template_upload_path(instance: DocumentTemplate, filename: str) -> str:
    return f"document-templates/{instance.body_id}/{instance.kind}.docx"


class DocumentTemplate(models.Model):
    """A body's own Word layout (its letterhead) for its minutes or invitations; without one the
    shipped default in ``meetings/document_templates/`` is used. Checked as a docx template by
    content and size when saved from the admin (``documents.validate_template``)."""

    body = models.ForeignKey(
        "organisations.Body", on_delete=models.CASCADE, related_name="document_templates", verbose_name="نهاد"
    )
    kind = models.CharField("نوع سند", max_length=20, choices=DocumentKind.choices)
    file = models.FileField("قالب Word", upload_to=template_upload_path)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    class Meta:
        verbose_name = "قالب سند جلسه"
        verbose_name_plural = "قالب‌های سند جلسه"
        constraints = [
            models.UniqueConstraint(fields=["body", "kind"], name="document_template_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.body}"


def issued_upload_path(instance: IssuedDocument, filename: str) -> str:
    return f"issued/{instance.sha256[:2]}/{instance.code}.{instance.format}"


class IssuedDocument(models.Model):
    """One file handed out for a signed meeting: its exact bytes are kept, so the SHA-256 the
    public ``/verify/<code>/`` page shows is the hash of what the recipient holds, and a second
    download of unchanged content returns the same bytes (decision 0024)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="issued_documents", verbose_name="جلسه"
    )
    kind = models.CharField("نوع سند", max_length=20, choices=DocumentKind.choices)
    format = models.CharField("قالب فایل", max_length=10, choices=DocumentFormat.choices)
    code = models.CharField("کد تصدیق", max_length=16, unique=True)
    # What was rendered (data, template and amendment): equal keys give the stored file again.
    content_key = models.CharField("اثر انگشت محتوا", max_length=64)
    sha256 = models.CharField("اثر انگشت فایل (SHA-256)", max_length=64, db_index=True)
    amendment = models.PositiveSmallIntegerField("شماره اصلاحیه", default=0)
    file = models.FileField("فایل", upload_to=issued_upload_path)
    issued_at = models.DateTimeField("زمان صدور", auto_now_add=True)

    class Meta:
        verbose_name = "سند صادرشده"
        verbose_name_plural = "اسناد صادرشده"
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "format", "content_key"], name="issued_document_one_per_content"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"


# --- Participation (issue 13): attendance, invitation deliveries, calendar feeds ----------------
# Written by the participation services (meetings/participation.py); the life cycle's own models
# are above.


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "حاضر"
    ABSENT = "absent", "غایب"
    REPRESENTED = "represented", "با نماینده"


class Attendance(models.Model):
    """Whether a member agency of the meeting's body came: present (its representative or whoever
    is named), absent, or represented by someone else (the deputy, as a rule). One row per
    agency per meeting; ``str()`` is the line the minutes print (``documents.attendance_lines``)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name="جلسه"
    )
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="دستگاه"
    )
    person_name = models.CharField("نام حاضر", max_length=200, blank=True)
    person_title = models.CharField("سمت", max_length=300, blank=True)
    status = models.CharField("حضور", max_length=20, choices=AttendanceStatus.choices)
    represented_by = models.CharField("به نمایندگی", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )
    recorded_at = models.DateTimeField("زمان ثبت", auto_now=True)

    class Meta:
        verbose_name = "حضور در جلسه"
        verbose_name_plural = "حضور و غیاب"
        ordering = ["meeting", "agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agency"], name="attendance_one_per_agency")
        ]

    def __str__(self) -> str:
        who = "، ".join(part for part in (self.person_name, self.person_title) if part)
        who = f"{who} ({self.agency})" if who else str(self.agency)
        if self.status == AttendanceStatus.REPRESENTED:
            return (
                f"{who} — به نمایندگی: {self.represented_by}"
                if self.represented_by
                else f"{who} — با نماینده"
            )
        return f"{who} — {self.get_status_display()}"

    @property
    def counts_for_quorum(self) -> bool:
        return self.status in (AttendanceStatus.PRESENT, AttendanceStatus.REPRESENTED)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "در صف ارسال"
    SENT = "sent", "فرستاده شد"
    FAILED = "failed", "ناموفق"
    NO_ADDRESS = "no_address", "نشانی ندارد"
    NOT_CONFIGURED = "not_configured", "راه‌اندازی نشده"


class InvitationDelivery(models.Model):
    """One recipient of a meeting's invitation and what became of each channel. Sending again
    updates the same row (``recipient_key``), so a second send never lists anyone twice."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitation_deliveries", verbose_name="جلسه"
    )
    # «user:12» for an account, «person:<agency id>» for a representative named without one.
    recipient_key = models.CharField("گیرنده", max_length=60, editable=False)
    agency = models.ForeignKey(
        "organisations.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="دستگاه",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="کاربر",
    )
    name = models.CharField("نام", max_length=200)
    title = models.CharField("سمت", max_length=300, blank=True)
    email = models.EmailField("رایانامه", blank=True)
    mobile = models.CharField("همراه", max_length=11, blank=True)
    email_status = models.CharField(
        "رایانامه", max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    sms_status = models.CharField(
        "پیامک", max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.NOT_CONFIGURED
    )
    error = models.CharField("خطا", max_length=500, blank=True)
    send_count = models.PositiveSmallIntegerField("دفعات ارسال", default=1)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="فرستنده",
    )
    sent_at = models.DateTimeField("زمان ارسال", auto_now=True)

    class Meta:
        verbose_name = "ارسال دعوتنامه"
        verbose_name_plural = "ارسال‌های دعوتنامه"
        ordering = ["meeting", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "recipient_key"], name="invitation_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ← {self.meeting}"


class CalendarFeedToken(models.Model):
    """A person's private address of their meetings' calendar (``.ics``). Only the SHA-256 of the
    token is stored, like API tokens (decision 0015): the address is shown once, when made;
    making a new one or revoking deletes the old row, so the old address stops at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name="کاربر"
    )
    token_hash = models.CharField("اثر انگشت", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("زمان ساخت", auto_now_add=True)
    last_used_at = models.DateTimeField("آخرین استفاده", null=True, blank=True)

    class Meta:
        verbose_name = "نشانی خصوصی تقویم"
        verbose_name_plural = "نشانی‌های خصوصی تقویم"

    def __str__(self) -> str:
        return f"تقویم {self.user}"


# --- The life cycle: comments, signatures, amendments, one-time codes (decision 0029) -------------


class SignatureRole(models.TextChoices):
    SECRETARY = "secretary", "دبیر جلسه"
    CHAIR = "chair", "رئیس جلسه"


class SignatureMethod(models.TextChoices):
    PASSWORD = "password", "گذرواژه"
    CODE = "code", "رمز یک‌بارمصرف"


class AmendmentStatus(models.TextChoices):
    DRAFT = "draft", "در انتظار امضا"
    SIGNED = "signed", "امضاشده و اعمال‌شده"


class MeetingAmendment(models.Model):
    """A numbered correction of locked minutes. The original stays readable: ``changes`` keeps
    each field's old and new value ([{"field", "label", "old", "new"}]); the amendment is applied
    to the meeting only once its secretary and chair have both signed it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="amendments", verbose_name="جلسه"
    )
    number = models.PositiveSmallIntegerField("شماره اصلاحیه")
    changes = models.JSONField("تغییرات", default=list)
    reason = models.TextField("دلیل اصلاح")
    status = models.CharField(
        "وضعیت", max_length=20, choices=AmendmentStatus.choices, default=AmendmentStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="پیشنهاددهنده",
    )
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)
    signed_at = models.DateTimeField("زمان امضا", null=True, blank=True)

    class Meta:
        verbose_name = "اصلاحیه صورتجلسه"
        verbose_name_plural = "اصلاحیه‌های صورتجلسه"
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="amendment_number_unique")]

    def __str__(self) -> str:
        return f"اصلاحیه شماره {to_persian_digits(str(self.number))}"


class MeetingSignature(models.Model):
    """One person's signature of the minutes (``amendment`` empty) or of one amendment."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="signatures", verbose_name="جلسه"
    )
    amendment = models.ForeignKey(
        MeetingAmendment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name="اصلاحیه",
    )
    role = models.CharField("به عنوان", max_length=20, choices=SignatureRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="امضاکننده"
    )
    method = models.CharField("روش تأیید", max_length=20, choices=SignatureMethod.choices)
    signed_at = models.DateTimeField("زمان امضا", auto_now_add=True)

    class Meta:
        verbose_name = "امضای صورتجلسه"
        verbose_name_plural = "امضاهای صورتجلسه"
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "role"],
                condition=Q(amendment__isnull=True),
                name="signature_once_per_role",
            ),
            models.UniqueConstraint(
                fields=["amendment", "role"],
                condition=Q(amendment__isnull=False),
                name="amendment_signature_once_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"


class MeetingComment(models.Model):
    """An attendee's remark on circulated minutes, optionally about one resolution."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="comments", verbose_name="جلسه"
    )
    resolution_number = models.PositiveIntegerField("درباره مصوبه شماره", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="نویسنده"
    )
    text = models.TextField("نظر")
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)

    class Meta:
        verbose_name = "نظر بر صورتجلسه"
        verbose_name_plural = "نظرها بر صورتجلسه"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class SigningCode(models.Model):
    """A one-time code emailed to a signer; only its hash is stored, it lives ten minutes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    amendment = models.ForeignKey(
        MeetingAmendment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "رمز یک‌بارمصرف امضا"
        verbose_name_plural = "رمزهای یک‌بارمصرف امضا"

    def __str__(self) -> str:
        return f"رمز امضا برای {self.user}"
