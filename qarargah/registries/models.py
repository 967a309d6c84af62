"""The target-group registry (issue 15): agencies' lists of people, each row a
:class:`SourceRecord`, linked into one :class:`Person` per human being.

Who sees what (``scope_q``, default deny; decision 0025):

* people's rows (records, persons, quarantined rows, review items, decisions): the province
  secretariat's data officer (``can_see_registry_persons``) for the province, and an agency's
  officer for the records its own agency sent (and the persons those records belong to);
* sources and uploads (names and counts, no people): the same, and nobody else;
* aggregates are read through ``selectors`` with small cells suppressed; leadership, national
  viewers and the secretariat never reach a row of a person;
* the access log: the administrator only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q

from qarargah.accounts.scoping import NOTHING, Scope, ScopedQuerySet
from qarargah.organisations.models import Agency, County, Province, TargetNeighbourhood


def _records_q(scope: Scope, prefix: str) -> Q:
    """Rows reached through a source (``prefix`` is the path to the source, e.g. ``source__``)."""
    if scope.can_see_registry_persons:
        return scope.province_q(f"{prefix}province_id")
    if scope.can_act_for_agency and scope.agency_id is not None:
        return Q(**{f"{prefix}agency_id": scope.agency_id})
    return NOTHING


class TargetGroup(models.Model):
    """A group the programme serves (گروه هدف). Eight are seeded for everyone (``province`` is
    empty); a province's secretariat may add its own."""

    code = models.SlugField("کد", max_length=40)
    name = models.CharField("نام گروه هدف", max_length=100)
    name_key = models.CharField(max_length=100, editable=False, db_index=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="target_groups",
        verbose_name="استان",
    )
    # Needy families (and the like) are counted as households for the "served by none" gaps.
    counts_households = models.BooleanField("شمارش به خانوار", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "گروه هدف"
        verbose_name_plural = "گروه‌های هدف"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "code"], name="target_group_unique_code"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(province__isnull=True), name="target_group_unique_shared_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if not (
            scope.can_see_registry_persons or scope.can_see_registry_aggregates or scope.can_act_for_agency
        ):
            return NOTHING
        return Q(province__isnull=True) | scope.province_q("province_id")


class Source(models.Model):
    """An agency's list of people: who sends it, which groups it covers, and how its columns
    map to the standard fields (remembered after the first upload)."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="registry_sources", verbose_name="استان"
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registry_sources",
        verbose_name="دستگاه",
    )
    name = models.CharField("نام منبع", max_length=150)
    name_key = models.CharField(max_length=150, editable=False, db_index=True)
    groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="sources", verbose_name="گروه‌های هدف"
    )
    # match_key(header) -> standard field name, or "" for a column kept as an extra attribute.
    column_mapping = models.JSONField("نگاشت ستون‌ها", default=dict, blank=True)
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "منبع فهرست"
        verbose_name_plural = "منابع فهرست"
        ordering = ["province_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_key"], name="registry_source_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return _records_q(scope, "")


class Upload(models.Model):
    """One file loaded into a source (a dry run stores nothing)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="uploads", verbose_name="منبع")
    filename = models.CharField("نام فایل", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    loaded = models.PositiveIntegerField("ردیف تازه", default=0)
    updated = models.PositiveIntegerField("ردیف به‌روزشده", default=0)
    unchanged = models.PositiveIntegerField("ردیف بدون تغییر", default=0)
    quarantined = models.PositiveIntegerField("ردیف قرنطینه", default=0)
    warnings = models.JSONField("هشدارها", default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="بارگذاری‌کننده",
    )
    uploaded_at = models.DateTimeField("زمان بارگذاری", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "بارگذاری فهرست"
        verbose_name_plural = "بارگذاری‌های فهرست"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.filename

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return _records_q(scope, "source__")


class Sex(models.TextChoices):
    MALE = "m", "مرد"
    FEMALE = "f", "زن"


class MatchClass(models.TextChoices):
    CODE = "code", "هم‌کد ملی"
    AUTO = "auto", "پیوند خودکار"
    REVIEW = "review", "در صف بررسی"
    SINGLE = "single", "بی‌همتا"
    MANUAL = "manual", "پیوند به دست کارشناس"


class Person(models.Model):
    """One human being in the registry of a province: the records linked to them, their
    registry id (``number`` within the province) and household."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="registry_persons", verbose_name="استان"
    )
    number = models.PositiveIntegerField("شماره ثبت")
    household = models.CharField("خانوار", max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "فرد"
        verbose_name_plural = "افراد"
        ordering = ["province_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["province", "number"], name="registry_person_unique_number"),
        ]

    def __str__(self) -> str:
        return self.registry_id

    @property
    def registry_id(self) -> str:
        return f"{self.province_id}-{self.number:07d}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if scope.can_see_registry_persons:
            return scope.province_q("province_id")
        if scope.can_act_for_agency and scope.agency_id is not None:
            # Only people one of the agency's own records belongs to; the subquery keeps it one
            # row per person.
            return Q(
                pk__in=RecordLink.objects.filter(record__source__agency_id=scope.agency_id)
                .values("person_id")
                .order_by()
            )
        return NOTHING


class SourceRecord(models.Model):
    """One row of an agency's list, its values normalised to the standard fields; what the
    agency sent beyond them is kept in ``attributes``."""

    # No index of its own: the unique (source, external_id) index leads with the source and
    # serves every lookup by source; a second index would only slow each of a million writes.
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="records", verbose_name="منبع", db_index=False
    )
    # The agency's own id of the row (the file's ``source_id`` column).
    external_id = models.CharField("شناسه ردیف در منبع", max_length=100)
    # Indexed by Meta.indexes (a plain index: searches are exact, so PostgreSQL's extra
    # pattern index that db_index adds for LIKE would only be written, never read).
    national_code = models.CharField("کد ملی", max_length=10, blank=True)
    first_name = models.CharField("نام", max_length=100, blank=True)
    last_name = models.CharField("نام خانوادگی", max_length=100, blank=True)
    father_name = models.CharField("نام پدر", max_length=100, blank=True)
    birth_date = models.DateField("تاریخ تولد", null=True, blank=True)
    sex = models.CharField("جنسیت", max_length=1, choices=Sex.choices, blank=True)
    mobile = models.CharField("تلفن همراه", max_length=11, blank=True)
    address = models.CharField("نشانی", max_length=400, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="شهرستان"
    )
    neighbourhood = models.ForeignKey(
        TargetNeighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="محله",
    )
    head_national_code = models.CharField("کد ملی سرپرست", max_length=10, blank=True)
    attributes = models.JSONField("ستون‌های دیگر", default=dict, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    # Not indexed: nothing looks records up by upload (uploads are not deleted on their own),
    # and an index would cost every one of a million inserts.
    upload = models.ForeignKey(
        Upload,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="آخرین بارگذاری",
        db_index=False,
    )
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "رکورد فهرست"
        verbose_name_plural = "رکوردهای فهرست"
        ordering = ["source_id", "external_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="registry_record_unique_external_id"
            ),
        ]
        indexes = [models.Index(fields=["national_code"], name="registry_record_national_code")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.external_id

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    # The record's person and match class live in :class:`RecordLink`; these read it (a query
    # each unless the queryset selected ``link``).
    @property
    def linked(self) -> RecordLink | None:
        try:
            return self.link
        except ObjectDoesNotExist:
            return None

    @property
    def person_id(self) -> int | None:
        link = self.linked
        return link.person_id if link is not None else None

    @property
    def person(self) -> Person | None:
        link = self.linked
        return link.person if link is not None else None

    @property
    def match(self) -> str:
        link = self.linked
        return link.match if link is not None else ""

    def get_match_display(self) -> str:
        link = self.linked
        return link.get_match_display() if link is not None else ""

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return _records_q(scope, "source__")


class RecordLink(models.Model):
    """Which person a record belongs to, and how it was linked: written by every link run and
    by the data officer's decisions. Kept apart from the wide record on purpose (decision
    0026): a run that links a million records writes a million narrow rows here instead of
    rewriting a million wide ones, each with all of the record's indexes."""

    record = models.OneToOneField(
        SourceRecord, on_delete=models.CASCADE, primary_key=True, related_name="link", verbose_name="رکورد"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links", verbose_name="فرد")
    match = models.CharField("نوع پیوند", max_length=10, choices=MatchClass.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "پیوند رکورد"
        verbose_name_plural = "پیوندهای رکورد"

    def __str__(self) -> str:
        return f"{self.record_id} → {self.person_id}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return _records_q(scope, "record__source__")


class QuarantinedRow(models.Model):
    """A row an upload could not load, with its row number and why, kept for correction."""

    upload = models.ForeignKey(
        Upload, on_delete=models.CASCADE, related_name="quarantined_rows", verbose_name="بارگذاری"
    )
    row_number = models.PositiveIntegerField("شماره ردیف")
    values = models.JSONField("مقادیر ردیف")
    reasons = models.JSONField("دلایل", default=list)
    resolved = models.BooleanField("اصلاح‌شده", default=False, db_index=True)
    resolved_record = models.ForeignKey(
        SourceRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "ردیف قرنطینه"
        verbose_name_plural = "ردیف‌های قرنطینه"
        ordering = ["upload_id", "row_number"]

    def __str__(self) -> str:
        return f"ردیف {self.row_number}"

    @property
    def reason_text(self) -> str:
        return "؛ ".join(self.reasons)

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return _records_q(scope, "upload__source__")


class Decision(models.TextChoices):
    LINK = "link", "یک نفرند"
    SEPARATE = "separate", "دو نفرند"


class MatchDecision(models.Model):
    """A person's word on a pair of records: every later linking run honours it."""

    record_a = models.ForeignKey(
        SourceRecord, on_delete=models.CASCADE, related_name="+", verbose_name="رکورد اول"
    )
    record_b = models.ForeignKey(
        SourceRecord, on_delete=models.CASCADE, related_name="+", verbose_name="رکورد دوم"
    )
    decision = models.CharField("تصمیم", max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("زمان تصمیم", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "تصمیم پیوند"
        verbose_name_plural = "تصمیم‌های پیوند"
        constraints = [
            models.UniqueConstraint(fields=["record_a", "record_b"], name="registry_decision_unique_pair"),
            models.CheckConstraint(
                condition=Q(record_a__lt=models.F("record_b")), name="registry_decision_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_a_id}–{self.record_b_id}: {self.get_decision_display()}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if not scope.can_see_registry_persons:
            return NOTHING
        return scope.province_q("record_a__source__province_id")


class LinkRunStatus(models.TextChoices):
    QUEUED = "queued", "در نوبت"
    RUNNING = "running", "در حال اجرا"
    DONE = "done", "پایان‌یافته"
    FAILED = "failed", "ناموفق"


class LinkRun(models.Model):
    """One run of the linking engine over a province, with its progress for the page."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+", verbose_name="استان")
    status = models.CharField(
        "وضعیت", max_length=10, choices=LinkRunStatus.choices, default=LinkRunStatus.QUEUED
    )
    stage = models.CharField("مرحله", max_length=200, blank=True)
    progress = models.FloatField("پیشرفت", default=0.0)
    counts = models.JSONField("شمار هر نوع پیوند", default=dict, blank=True)
    records = models.PositiveIntegerField("شمار رکوردها", default=0)
    persons = models.PositiveIntegerField("شمار افراد", default=0)
    seconds = models.FloatField("زمان (ثانیه)", default=0.0)
    error = models.TextField("خطا", blank=True)
    # The engine's trained model (splink settings as JSON): the next run reuses it instead of
    # training again, unless asked to retrain (decision 0026).
    model = models.JSONField("مدل آموزش‌دیده", null=True, blank=True)
    stages = models.JSONField("زمان هر مرحله (ثانیه)", default=dict, blank=True)
    # Asked to train the model again and link every record (the page's box, ``--retrain``).
    retrain = models.BooleanField("آموزش دوباره و سنجش همه رکوردها", default=False)
    # Whether the run scored only the records new or changed since the last one, and how many
    # records it scored (decision 0026).
    incremental = models.BooleanField("فقط رکوردهای تازه", default=False)
    linked = models.PositiveIntegerField("رکوردهای سنجیده‌شده", default=0)
    # The prepared features of every record the run linked (Parquet, under MEDIA_ROOT, never
    # served): the next incremental run reads the existing records from it instead of
    # preparing them again. It holds personal data, like the uploads (README, backups); only
    # the last finished run keeps its file.
    features = models.FileField("ویژگی‌های آماده رکوردها", upload_to="registry/features/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("زمان درخواست", auto_now_add=True)
    finished_at = models.DateTimeField("زمان پایان", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "اجرای پیوند"
        verbose_name_plural = "اجراهای پیوند"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"اجرای پیوند {self.pk}"

    @property
    def percent(self) -> int:
        return round(self.progress * 100)

    @property
    def finished(self) -> bool:
        return self.status in (LinkRunStatus.DONE, LinkRunStatus.FAILED)

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if not scope.can_see_registry_persons:
            return NOTHING
        return scope.province_q("province_id")


class ReviewStatus(models.TextChoices):
    OPEN = "open", "در انتظار بررسی"
    LINKED = "linked", "یک نفر شناخته شد"
    SEPARATED = "separated", "جدا شناخته شد"


class ReviewItem(models.Model):
    """A pair the engine was unsure of (between the two thresholds), for a person to decide."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+", verbose_name="استان")
    record_a = models.ForeignKey(
        SourceRecord, on_delete=models.CASCADE, related_name="+", verbose_name="رکورد اول"
    )
    record_b = models.ForeignKey(
        SourceRecord, on_delete=models.CASCADE, related_name="+", verbose_name="رکورد دوم"
    )
    probability = models.FloatField("احتمال یکی بودن")
    match_weight = models.FloatField("وزن تطابق")
    # [[field label, agree (true/false/null), weight], ...] as the engine explained the pair.
    contributions = models.JSONField("سهم هر فیلد", default=list)
    status = models.CharField(
        "وضعیت", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    run = models.ForeignKey(LinkRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("زمان تصمیم", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "مورد بررسی"
        verbose_name_plural = "صف بررسی"
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record_a", "record_b"], name="registry_review_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"بررسی {self.record_a_id}–{self.record_b_id}"

    @property
    def percent(self) -> str:
        """The probability as a percentage with one decimal, Persian decimal separator: «۹۹٫۷»."""
        return f"{self.probability * 100:.1f}".replace(".", "٫")

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if not scope.can_see_registry_persons:
            return NOTHING
        return scope.province_q("province_id")


class AccessAction(models.TextChoices):
    VIEW = "view", "دیدن پرونده فرد"
    EXPORT = "export", "خروجی فهرست افراد"


class AccessLog(models.Model):
    """Who looked at (or exported) whose records, when, and why. Readable by the administrator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="کاربر"
    )
    at = models.DateTimeField("زمان", auto_now_add=True, db_index=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="فرد"
    )
    # The registry id as it was, kept if the person is later merged away by a linking run.
    person_label = models.CharField("شناسه فرد", max_length=40, blank=True)
    action = models.CharField("کار", max_length=10, choices=AccessAction.choices)
    reason = models.CharField("دلیل", max_length=300)
    detail = models.CharField("جزئیات", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "دسترسی به اطلاعات افراد"
        verbose_name_plural = "گزارش دسترسی به اطلاعات افراد"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.person_label}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # The administrator (everywhere, and edits the organisation registry).
        if scope.all_provinces and scope.can_edit_registry:
            return Q()
        return NOTHING


class GroupTotal(models.Model):
    """People of one target group in a province's registry, as the aggregates page shows the
    group's total (``people`` empty: hidden). Written by the indicator feed after each linking
    run, so the home page's headline reads a row per group instead of counting the records
    (decision 0035)."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+", verbose_name="استان")
    group = models.ForeignKey(
        TargetGroup, on_delete=models.CASCADE, related_name="+", verbose_name="گروه هدف"
    )
    people = models.PositiveIntegerField("شمار افراد", null=True, blank=True)
    as_of = models.DateTimeField("زمان شمارش")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "شمار افراد گروه هدف"
        verbose_name_plural = "شمار افراد گروه‌های هدف"
        constraints = [
            models.UniqueConstraint(fields=["province", "group"], name="registry_group_total_once"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.people}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if not scope.can_see_registry_aggregates:
            return NOTHING
        return scope.province_q("province_id")
