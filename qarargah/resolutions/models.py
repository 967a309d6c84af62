"""Resolutions (مصوبات), their assignments to agencies, progress reports, reviews and extensions.

State lives on the assignment: ``new → in_progress → reported → accepted``, or ``returned``
(the agency works on and reports again). ``overdue`` is never stored: it is the due date in the
past while the assignment is not accepted (see :meth:`AssignmentQuerySet.overdue`). A
resolution's ``status`` is a roll-up of its assignments that the services keep in step, stored
so lists of 100,000 resolutions can filter and sort on it with an index.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from qarargah.accounts.scoping import Scope, ScopedQuerySet
from qarargah.core.locking import Versioned
from qarargah.meetings.models import PUBLISHED_STATUSES
from qarargah.persian import to_persian_digits, week_end_friday

if TYPE_CHECKING:
    from qarargah.meetings.models import Meeting


class Axis(models.TextChoices):
    HEALTH = "health", "بهداشت و سلامت"
    CULTURE = "culture", "امور فرهنگی و مذهبی"
    EMPLOYMENT = "employment", "اشتغال"
    WELFARE = "welfare", "امور رفاهی و مسکن"
    EDUCATION = "education", "آموزش و حرفه‌آموزی"
    SOCIAL = "social", "امور اجتماعی"
    LEGAL = "legal", "حقوقی و امور قضایی"


class DeadlineKind(models.TextChoices):
    RELATIVE = "relative", "نسبی"
    DATE = "date", "تاریخ مشخص"
    THIS_WEEK = "this_week", "هفته جاری"
    ASAP = "asap", "اسرع وقت"
    CONTINUOUS = "continuous", "مستمر"
    # «تا جلسه آینده»: due on the date of the body's next meeting, once that meeting is known.
    NEXT_MEETING = "next_meeting", "تا جلسه آینده"
    NONE = "none", "بدون مهلت"


class AssignmentStatus(models.TextChoices):
    NEW = "new", "جدید"
    IN_PROGRESS = "in_progress", "در حال اقدام"
    REPORTED = "reported", "گزارش‌شده"
    ACCEPTED = "accepted", "پذیرفته‌شده"
    RETURNED = "returned", "برگشت‌خورده"


class ResolutionStatus(models.TextChoices):
    OPEN = "open", "باز"
    IN_PROGRESS = "in_progress", "در حال اقدام"
    AWAITING_REVIEW = "awaiting_review", "در انتظار بررسی"
    DONE = "done", "انجام‌شده"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "مسئول اصلی"
    PARTNER = "partner", "همکار"


class ResolutionQuerySet(ScopedQuerySet):
    def overdue(self, today: datetime.date | None = None) -> ResolutionQuerySet:
        """Some assignment is open and past its due date (the roll-up ``open_due_date``)."""
        return self.filter(open_due_date__lt=today or timezone.localdate())


# Agencies, counties and neighbourhood houses see a resolution and its assignments only once its
# minutes are signed (issue 13, decision 0029); the secretariat sees the drafts it is writing.
# Tested on the row's own copy of «minutes signed» (``minutes_signed``, decision 0036), not
# through the meeting: every page and count of an officer joined assignment → resolution →
# meeting for it. ``*_FROM_MEETING`` is the definition the copy is computed from.
SIGNED_RESOLUTION_Q = Q(minutes_signed=True)
SIGNED_ASSIGNMENT_Q = Q(minutes_signed=True)
SIGNED_RESOLUTION_FROM_MEETING = Q(meeting__status__in=PUBLISHED_STATUSES)
SIGNED_ASSIGNMENT_FROM_MEETING = Q(resolution__meeting__status__in=PUBLISHED_STATUSES)


def meeting_copies(meeting: Meeting) -> dict[str, Any]:
    """The fields a resolution copies from its meeting (``meeting.body`` must be at hand)."""
    return {"body_id": meeting.body_id, "province_id": meeting.body.province_id, "meeting_date": meeting.date}


class Resolution(Versioned):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="resolutions", verbose_name="جلسه"
    )
    # Copies of the meeting's body, province and date (see meeting_copies). Every list of the
    # secretariat is scoped by province and sorted by meeting date; read through the meeting,
    # each such query joined resolution → meeting → body for all 100,000 rows of a province
    # before it could keep 50 (docs/decisions/0010-resolution-scope-copies.md).
    body = models.ForeignKey(
        "organisations.Body",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # led by resolution_body_recent
        verbose_name="نهاد",
    )
    province = models.ForeignKey(
        "organisations.Province",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,  # led by resolution_province_recent
        verbose_name="استان",
    )
    meeting_date = models.DateField("تاریخ جلسه", editable=False)
    # A copy of «the meeting's minutes are signed» (its status in PUBLISHED_STATUSES), kept by
    # the services that write a meeting's status or create the rows (decision 0036): an agency
    # sees nothing of unsigned minutes, and testing that on the row spares every officer query
    # a join to the meeting. False until then: a row nobody set is hidden, not leaked.
    minutes_signed = models.BooleanField("صورتجلسه امضاشده", default=False, editable=False)
    number = models.PositiveIntegerField("شماره مصوبه")
    text = models.TextField("متن مصوبه")
    text_key = models.TextField(editable=False, default="")  # normalised for search
    assignees_raw = models.TextField("اقدام‌کننده (به صورت نوشته‌شده)", blank=True)
    deadline_raw = models.CharField("مهلت (به صورت نوشته‌شده)", max_length=200, blank=True)
    deadline_kind = models.CharField(
        "نوع مهلت", max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    due_date = models.DateField("سررسید", null=True, blank=True, db_index=True)
    # The vote as the minutes record it («به اتفاق آرا», «۵ موافق، ۲ مخالف»); kept as written.
    vote = models.CharField("نتیجه رأی‌گیری", max_length=200, blank=True, default="")
    axis = models.CharField("محور", max_length=20, choices=Axis.choices, blank=True)
    neighbourhoods = models.ManyToManyField(
        "organisations.TargetNeighbourhood",
        blank=True,
        related_name="resolutions",
        verbose_name="محله‌های هدف",
    )
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_resolutions",
        verbose_name="مسئول پیگیری در دبیرخانه",
    )
    status = models.CharField(
        "وضعیت", max_length=20, choices=ResolutionStatus.choices, default=ResolutionStatus.OPEN, db_index=True
    )
    # Roll-up like ``status``: the earliest due date among its open assignments (see OPEN_Q).
    # "Overdue" is still derived, never stored: this date is before today. Kept by the services
    # with the status (refresh_resolution_status), so lists filter overdue without a subquery.
    open_due_date = models.DateField("نزدیک‌ترین سررسید باز", null=True, blank=True, editable=False)
    target_quantity = models.DecimalField("هدف کمّی", max_digits=14, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField("واحد هدف", max_length=100, blank=True)
    report_period_days = models.PositiveSmallIntegerField(
        "دوره گزارش (روز)", default=30, help_text="برای مصوبات مستمر: هر چند روز یک گزارش لازم است."
    )
    # Closed by the secretariat with a reason, whatever its assignments say (close_resolution);
    # its assignments then expect nothing (Assignment.resolution_closed) until it is reopened.
    closed_at = models.DateTimeField("زمان بستن", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="بسته‌شده توسط",
    )
    closure_reason = models.TextField("دلیل بستن یا بازگشایی", blank=True)
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = "مصوبه"
        verbose_name_plural = "مصوبات"
        ordering = ["-meeting_date", "-meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="resolution_unique_number"),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # The list's default order within a province, and within one body: read in index
            # order, a page is the first 50 entries.
            models.Index(
                fields=["province", "-meeting_date", "-meeting", "number"], name="resolution_province_recent"
            ),
            models.Index(
                fields=["body", "-meeting_date", "-meeting", "number"], name="resolution_body_recent"
            ),
            models.Index(fields=["province", "open_due_date"], name="resolution_province_open_due"),
            models.Index(fields=["province", "axis", "-meeting_date"], name="resolution_province_axis"),
            # The list sorted by due date or by status (its column links): without them SQLite
            # sorted a province's 100,000 resolutions to show 50, 280 ms a page (issue 12).
            models.Index(
                fields=["province", "due_date", "-meeting_date", "number"], name="resolution_province_due"
            ),
            models.Index(
                fields=["province", "status", "-meeting_date", "number"], name="resolution_province_status"
            ),
        ]

    def __str__(self) -> str:
        return f"مصوبه {to_persian_digits(str(self.number))}: {self.text[:60]}"

    @property
    def shown_due_date(self) -> datetime.date | None:
        """The «مهلت» a person reads: the nearest due date of the assignments still open (so a
        granted extension moves it), or the resolution's own when none is open any more."""
        return self.open_due_date or self.due_date

    @property
    def due_date_moved(self) -> bool:
        """The shown due date is not the resolution's own (an extension, or a later period)."""
        return self.due_date is not None and self.shown_due_date != self.due_date

    @property
    def days_after_meeting(self) -> int | None:
        """How many days after the meeting the due date falls: for «اسرع وقت» this is the province's
        ASAP window as it was when the resolution was recorded (the setting may change later)."""
        if self.due_date is None:
            return None
        return (self.due_date - self.meeting.date).days

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        """Secretariat and leadership see their province; an agency only what it is assigned;
        a house manager what concerns their neighbourhood and what their house is assigned."""
        if scope.neighbourhood_id is not None:
            concerning = Q(neighbourhoods__id=scope.neighbourhood_id)
            if scope.agency_id is None:
                return concerning & SIGNED_RESOLUTION_Q
            # Two multi-valued relations in one OR would repeat rows: each side is a key list.
            return (
                Q(pk__in=_neighbourhood_resolutions(scope.neighbourhood_id))
                | Q(pk__in=Assignment.objects.filter(agency_id=scope.agency_id).values("resolution_id"))
            ) & SIGNED_RESOLUTION_Q
        if scope.agency_id is not None:
            return Q(assignments__agency_id=scope.agency_id) & SIGNED_RESOLUTION_Q
        return scope.province_q("province_id")


def _neighbourhood_resolutions(neighbourhood_id: int) -> models.QuerySet[Any]:
    """The ids of the resolutions linked to a target neighbourhood (a key list for ``pk__in``)."""
    return Resolution.neighbourhoods.through.objects.filter(targetneighbourhood_id=neighbourhood_id).values(
        "resolution_id"
    )


# "Open" is decided from the assignment row alone (its own copy of whether the resolution is
# continuous), so the inbox, the overdue filters and the reminders never join the resolution
# table to count an agency's open work; with the index below that count reads the index only.
# A closed resolution's assignments expect nothing, whatever their status (resolution_closed).
OPEN_Q = (~Q(status=AssignmentStatus.ACCEPTED) | Q(continuous=True)) & Q(resolution_closed=False)


class AssignmentQuerySet(ScopedQuerySet):
    def open(self) -> AssignmentQuerySet:
        """Still expecting something from the agency: not accepted, or continuous (مستمر), whose
        acceptance closes only one period and opens the next."""
        return self.filter(OPEN_Q)

    def overdue(self, today: datetime.date | None = None) -> AssignmentQuerySet:
        """Past the due date and not accepted; a continuous (مستمر) assignment accepted for one
        period is overdue again once the next period's report is late."""
        today = today or timezone.localdate()
        return self.filter(OPEN_Q, due_date__lt=today)

    def due_this_week(self, today: datetime.date | None = None) -> AssignmentQuerySet:
        """Open and due from today to the Friday that ends Iran's (Saturday–Friday) week."""
        today = today or timezone.localdate()
        return self.filter(OPEN_Q, due_date__gte=today, due_date__lte=week_end_friday(today))


class Assignment(Versioned):
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="assignments", verbose_name="مصوبه"
    )
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.PROTECT, related_name="assignments", verbose_name="دستگاه"
    )
    role = models.CharField("نقش", max_length=10, choices=AssignmentRole.choices, default=AssignmentRole.LEAD)
    due_date = models.DateField("سررسید", null=True, blank=True, db_index=True)
    status = models.CharField(
        "وضعیت", max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.NEW, db_index=True
    )
    # A copy of «the resolution is continuous (مستمر)», kept in step by the resolution services;
    # see OPEN_Q for why it is stored here.
    continuous = models.BooleanField("مستمر", default=False, editable=False)
    # A copy of «the secretariat closed the resolution», kept in step by close/reopen_resolution;
    # stored here for the same reason as ``continuous``.
    resolution_closed = models.BooleanField("مصوبه بسته شده", default=False, editable=False)
    # A copy of the resolution's ``minutes_signed`` (decision 0036), for the same reason: the
    # inbox, the officer's home and the tallies read an agency's rows from its index alone.
    minutes_signed = models.BooleanField("صورتجلسه امضاشده", default=False, editable=False)
    accepted_at = models.DateTimeField("زمان پذیرش", null=True, blank=True)
    # Set when a report is accepted: was that report sent by the due date of its period?
    # Stored because a continuous assignment's due date moves on after each acceptance.
    reported_on_time = models.BooleanField("گزارش به موقع", null=True, blank=True)
    last_reported_at = models.DateTimeField("آخرین گزارش", null=True, blank=True)
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "تکلیف دستگاه"
        verbose_name_plural = "تکالیف دستگاه‌ها"
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "agency"], name="assignment_one_per_agency"),
        ]
        indexes = [
            # The inbox reads an agency's open assignments by due date; the tallies count all of
            # an agency's assignments from this index alone (every column they test is in it).
            # «Minutes signed» second: an officer reads only those, and so do the tallies.
            models.Index(
                fields=[
                    "agency",
                    "minutes_signed",
                    "status",
                    "continuous",
                    "due_date",
                    "resolution_closed",
                    "reported_on_time",
                    "accepted_at",
                ],
                name="assignment_agency_counts",
            ),
            # A resolution's open assignments (its roll-ups), and the review of past resolutions:
            # every column the review's per-agency summary tests or groups by is here, so it
            # counts a headquarters' 36,000 assignments from this index alone (issue 12).
            models.Index(
                fields=[
                    "resolution",
                    "status",
                    "continuous",
                    "due_date",
                    "resolution_closed",
                    "accepted_at",
                    "agency",
                ],
                name="assignment_resolution_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ← مصوبه {to_persian_digits(str(self.resolution.number))}"

    @property
    def is_continuous(self) -> bool:
        return self.resolution.deadline_kind == DeadlineKind.CONTINUOUS

    @property
    def is_closed(self) -> bool:
        """Accepted and done for good (a continuous assignment never is by a report), or its
        resolution was closed by the secretariat."""
        return self.resolution_closed or (self.status == AssignmentStatus.ACCEPTED and not self.is_continuous)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.due_date is None or self.due_date >= today or self.resolution_closed:
            return False
        return self.status != AssignmentStatus.ACCEPTED or self.is_continuous

    def days_left(self, today: datetime.date | None = None) -> int | None:
        if self.due_date is None:
            return None
        return (self.due_date - (today or timezone.localdate())).days

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if scope.neighbourhood_id is not None:
            # A house manager: every assignment of what concerns the neighbourhood (to read), and
            # their own house's wherever it was assigned.
            concerning = Q(resolution_id__in=_neighbourhood_resolutions(scope.neighbourhood_id))
            mine = concerning | Q(agency_id=scope.agency_id) if scope.agency_id is not None else concerning
            return mine & SIGNED_ASSIGNMENT_Q
        if scope.agency_id is not None:
            return Q(agency_id=scope.agency_id) & SIGNED_ASSIGNMENT_Q
        return scope.province_q("resolution__province_id")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "در انتظار بررسی"
    ACCEPTED = "accepted", "پذیرفته شد"
    # Accepted as progress: counted toward the target, the assignment stays open.
    PROGRESS = "progress", "به‌عنوان پیشرفت پذیرفته شد"
    RETURNED = "returned", "برگشت داده شد"
    # Taken back by its agency before the review (kept, with its attachments, for the record).
    WITHDRAWN = "withdrawn", "پس گرفته شد"


class ProgressReport(Versioned):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reports", verbose_name="تکلیف"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports", verbose_name="گزارش‌دهنده"
    )
    text = models.TextField("شرح اقدامات")
    achieved_quantity = models.DecimalField(
        "مقدار انجام‌شده", max_digits=14, decimal_places=2, null=True, blank=True
    )
    submitted_at = models.DateTimeField("زمان ارسال", default=timezone.now, db_index=True)
    review_status = models.CharField(
        "نتیجه بررسی",
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        db_index=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_reports",
        verbose_name="بررسی‌کننده",
    )
    reviewed_at = models.DateTimeField("زمان بررسی", null=True, blank=True)
    review_comment = models.TextField("نظر دبیرخانه", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "گزارش اقدام"
        verbose_name_plural = "گزارش‌های اقدام"
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["assignment", "-submitted_at"]),
            # The review queue and the secretariat's home read the few reports still waiting,
            # oldest first, out of a million reviewed ones: a partial index holds just those.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(review_status="pending"),
                name="report_pending_review_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"گزارش {self.assignment.agency} — {self.text[:40]}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if scope.neighbourhood_id is not None:
            concerning = Q(assignment__resolution_id__in=_neighbourhood_resolutions(scope.neighbourhood_id))
            if scope.agency_id is not None:
                return concerning | Q(assignment__agency_id=scope.agency_id)
            return concerning
        if scope.agency_id is not None:
            return Q(assignment__agency_id=scope.agency_id)
        return scope.province_q("assignment__resolution__province_id")


def attachment_upload_path(instance: ReportAttachment, filename: str) -> str:
    # Stored under MEDIA_ROOT (outside the web root) with a random name that says nothing about
    # the content or its author; served only by a view that checks the user may see the report.
    # The original name is kept in ``original_name`` for the download.
    token = uuid.uuid4().hex
    return f"reports/{token[:2]}/{token}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="attachments", verbose_name="گزارش"
    )
    file = models.FileField("فایل", upload_to=attachment_upload_path, max_length=300)
    original_name = models.CharField("نام فایل", max_length=255)
    content_type = models.CharField("نوع فایل", max_length=100)
    size = models.PositiveIntegerField("اندازه (بایت)")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField("زمان بارگذاری", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "پیوست گزارش"
        verbose_name_plural = "پیوست‌های گزارش"

    def __str__(self) -> str:
        return self.original_name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # An attachment is seen by exactly those who see its report (one rule, not a copy of it).
        return Q(report_id__in=ProgressReport.objects.filter(ProgressReport.scope_q(scope)).values("pk"))


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "در انتظار تصمیم"
    APPROVED = "approved", "موافقت شد"
    REFUSED = "refused", "موافقت نشد"


class DeadlineExtension(Versioned):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="extensions", verbose_name="تکلیف"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="درخواست‌کننده"
    )
    reason = models.TextField("دلیل")
    previous_due_date = models.DateField("سررسید پیشین", null=True, blank=True)
    requested_due_date = models.DateField("سررسید درخواستی")
    requested_at = models.DateTimeField("زمان درخواست", auto_now_add=True)
    status = models.CharField(
        "وضعیت",
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="تصمیم‌گیرنده",
    )
    decided_at = models.DateTimeField("زمان تصمیم", null=True, blank=True)
    decision_comment = models.TextField("توضیح تصمیم", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "درخواست تمدید مهلت"
        verbose_name_plural = "درخواست‌های تمدید مهلت"
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"تمدید {self.assignment}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # A house manager sees their own house's requests (the agency branch), no other's.
        if scope.agency_id is not None:
            return Q(assignment__agency_id=scope.agency_id)
        if scope.neighbourhood_id is not None:
            return Q(pk__in=[])
        return scope.province_q("assignment__resolution__province_id")


class AgencyTally(models.Model):
    """Per agency and province: the scoreboard's numbers, stored (decision 0018).

    A roll-up, not a source: written only by :mod:`qarargah.resolutions.tallies`, which
    recomputes an agency's row from its assignments inside every transaction that changes one of
    them. The counts that depend on the calendar (overdue, due this week) are true ``as_of`` one
    day; a reader that finds an older row refreshes it before using it.
    """

    province = models.ForeignKey(
        "organisations.Province", on_delete=models.CASCADE, related_name="+", verbose_name="استان"
    )
    agency = models.ForeignKey(
        "organisations.Agency", on_delete=models.CASCADE, related_name="tallies", verbose_name="دستگاه"
    )
    as_of = models.DateField("محاسبه برای روز")
    assigned = models.PositiveIntegerField("همه تکالیف", default=0)
    open = models.PositiveIntegerField("باز", default=0)
    overdue = models.PositiveIntegerField("معوق", default=0)
    due_this_week = models.PositiveIntegerField("سررسید این هفته", default=0)
    reported = models.PositiveIntegerField("در انتظار بررسی", default=0)
    accepted = models.PositiveIntegerField("پذیرفته", default=0)
    accepted_on_time = models.PositiveIntegerField("پذیرفته به‌موقع", default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "شمارش دستگاه"
        verbose_name_plural = "شمارش‌های دستگاه‌ها"
        constraints = [
            models.UniqueConstraint(fields=["province", "agency"], name="agency_tally_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} در {self.province_id}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # The same rows the scoreboard's live count would read: province-wide scopes only.
        if scope.agency_id is not None or scope.neighbourhood_id is not None:
            return Q(pk__in=[])
        return scope.province_q("province_id")
