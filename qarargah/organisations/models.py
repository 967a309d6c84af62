"""The organisation registry: provinces, counties, target neighbourhoods, agencies and bodies.

Names are stored twice: as the person typed them (``name``) and as a match key
(``name_key``, from :func:`qarargah.persian.match_key`) that search and de-duplication use, so
«دستگاه‌های» and «دستگاههای» are the same agency without rewriting what the user wrote.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from qarargah.accounts.scoping import Scope, ScopedQuerySet
from qarargah.core.locking import Versioned
from qarargah.persian import match_key


class NameKeyed(models.Model):
    """A row with a ``name`` and its ``name_key``: every save keeps the key in step with the
    name (derived data, not business logic). Each model declares its own ``name_key`` field,
    whose length follows its ``name``."""

    name: str
    name_key: str

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = match_key(self.name)
        super().save(*args, **kwargs)


class Province(models.Model):
    name = models.CharField("نام استان", max_length=100, unique=True)
    code = models.SlugField("کد", max_length=30, unique=True)
    asap_days = models.PositiveSmallIntegerField(
        "مهلت «اسرع وقت» (روز)",
        default=7,
        help_text="مصوباتی که مهلتشان «اسرع وقت» است با این تعداد روز سررسید می‌گیرند.",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "استان"
        verbose_name_plural = "استان‌ها"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return scope.province_q("id")


class County(models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="counties", verbose_name="استان"
    )
    name = models.CharField("نام شهرستان", max_length=100)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "شهرستان"
        verbose_name_plural = "شهرستان‌ها"
        ordering = ["province__name", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "name"], name="county_unique_name")]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        q = scope.province_q("province_id")
        if scope.county_id is not None:
            q &= Q(id=scope.county_id)
        return q


class NeighbourhoodKind(models.TextChoices):
    INFORMAL_SETTLEMENT = "informal", "سکونتگاه غیررسمی"
    MARGINAL = "marginal", "محله حاشیه‌ای"
    WORN_OUT_FABRIC = "worn_out", "بافت فرسوده شهری"
    RURAL = "rural", "روستایی"


class TargetNeighbourhood(NameKeyed):
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="neighbourhoods", verbose_name="شهرستان"
    )
    name = models.CharField("نام محله", max_length=150)
    name_key = models.CharField(max_length=150, editable=False, db_index=True)
    kind = models.CharField("نوع محله", max_length=20, choices=NeighbourhoodKind.choices)
    population = models.PositiveIntegerField("جمعیت", null=True, blank=True)
    households = models.PositiveIntegerField("تعداد خانوار", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "محله هدف"
        verbose_name_plural = "محله‌های هدف"
        ordering = ["county__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name_key"], name="neighbourhood_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        q = scope.province_q("county__province_id")
        if scope.county_id is not None:
            q &= Q(county_id=scope.county_id)
        if scope.neighbourhood_id is not None:
            q &= Q(id=scope.neighbourhood_id)
        return q


class AgencyKind(models.TextChoices):
    GOVERNORATE = "governorate", "استانداری"
    COUNTY_GOVERNORATE = "county_governorate", "فرمانداری"
    DIRECTORATE = "directorate", "اداره کل"
    FOUNDATION = "foundation", "بنیاد و نهاد"
    COUNCIL = "council", "شورا و ستاد"
    UNIVERSITY = "university", "دانشگاه"
    POLICE = "police", "انتظامی"
    MUNICIPALITY = "municipality", "شهرداری"
    NGO = "ngo", "سازمان مردم‌نهاد و گروه جهادی"
    NEIGHBOURHOOD_HOUSE = "neighbourhood_house", "خانه محله"


class AgencyStatus(models.TextChoices):
    ACTIVE = "active", "تأییدشده"
    # Imported minutes name agencies the registry does not know yet; they wait here until the
    # secretariat confirms them or merges them into an existing agency.
    PENDING = "pending", "در انتظار تأیید"


class Agency(NameKeyed, Versioned):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="agencies", verbose_name="استان"
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name="شهرستان",
    )
    name = models.CharField("نام دستگاه", max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField("نوع دستگاه", max_length=30, choices=AgencyKind.choices)
    status = models.CharField(
        "وضعیت", max_length=10, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE
    )
    email = models.EmailField("رایانامه", blank=True)
    # A neighbourhood house («خانه محله حصار») is the agency of one target neighbourhood: its
    # house manager acts for it (decision 0022). Only houses have one, and a neighbourhood has
    # at most one house.
    neighbourhood = models.OneToOneField(
        TargetNeighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="house",
        verbose_name="محله هدف",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "دستگاه اجرایی"
        verbose_name_plural = "دستگاه‌های اجرایی"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_key"], name="agency_unique_name"),
            models.CheckConstraint(
                condition=Q(neighbourhood__isnull=True) | Q(kind="neighbourhood_house"),
                name="agency_neighbourhood_only_for_houses",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pending(self) -> bool:
        return self.status == AgencyStatus.PENDING

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        q = scope.province_q("province_id")
        if not scope.can_see_pending_agencies:
            q &= Q(status=AgencyStatus.ACTIVE)
        return q


class AgencyAlias(NameKeyed):
    """Another spelling under which minutes name an agency («ارشاد» for «اداره کل فرهنگ و ...»)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="aliases", verbose_name="دستگاه"
    )
    name = models.CharField("نام دیگر", max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = "نام دیگر دستگاه"
        verbose_name_plural = "نام‌های دیگر دستگاه"
        constraints = [models.UniqueConstraint(fields=["agency", "name_key"], name="alias_unique_per_agency")]

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    HEADQUARTERS = "hq", "قرارگاه"
    COUNCIL = "council", "شورا"
    WORKING_GROUP = "working_group", "کارگروه"
    COMMITTEE = "committee", "کمیته"


class BodyLevel(models.TextChoices):
    PROVINCE = "province", "استانی"
    COUNTY = "county", "شهرستانی"


class QuorumFraction(models.TextChoices):
    MAJORITY = "majority", "نصف به‌علاوه یک"
    TWO_THIRDS = "two_thirds", "دو سوم"
    THREE_QUARTERS = "three_quarters", "سه چهارم"
    ALL = "all", "همه اعضا"


class Body(NameKeyed, Versioned):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="bodies", verbose_name="استان"
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="bodies", verbose_name="شهرستان"
    )
    name = models.CharField("نام", max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField("نوع", max_length=20, choices=BodyKind.choices)
    level = models.CharField("سطح", max_length=10, choices=BodyLevel.choices, default=BodyLevel.PROVINCE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="نهاد بالادست",
    )
    secretariat_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secretariat_of",
        verbose_name="دستگاه دبیرخانه",
    )
    members = models.ManyToManyField(
        Agency, through="BodyMembership", related_name="bodies", verbose_name="دستگاه‌های عضو"
    )
    # The quorum rule (issue 13): a fixed number of members present, or a fraction of the members
    # (the number wins when both are set). The meeting's attendance page checks it.
    quorum_count = models.PositiveSmallIntegerField(
        "حد نصاب (تعداد)",
        null=True,
        blank=True,
        help_text="تعداد اعضای حاضر لازم برای رسمیت جلسه؛ اگر خالی باشد کسر زیر به کار می‌رود.",
    )
    quorum_fraction = models.CharField(
        "حد نصاب (کسری از اعضا)",
        max_length=20,
        choices=QuorumFraction.choices,
        default=QuorumFraction.MAJORITY,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "قرارگاه / شورا / کارگروه"
        verbose_name_plural = "قرارگاه‌ها، شوراها و کارگروه‌ها"
        ordering = ["province__name", "level", "name"]
        constraints = [
            # Two partial constraints instead of nulls_distinct, which SQLite does not support.
            models.UniqueConstraint(
                fields=["province", "name_key"],
                condition=Q(county__isnull=True),
                name="body_unique_province_name",
            ),
            models.UniqueConstraint(
                fields=["county", "name_key"],
                condition=Q(county__isnull=False),
                name="body_unique_county_name",
            ),
            models.CheckConstraint(
                condition=Q(level="province", county__isnull=True) | Q(level="county", county__isnull=False),
                name="body_level_matches_county",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        q = scope.province_q("province_id")
        if scope.county_id is not None:
            q &= Q(county_id=scope.county_id) | Q(level=BodyLevel.PROVINCE)
        return q


class BodyMembership(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", verbose_name="نهاد")
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name="دستگاه"
    )
    # The member agency's fixed representative with full authority (نماینده ثابت و تام‌الاختیار)
    # and a deputy: an account of the system, or a person named with title and contacts (many
    # representatives are directors who never log in). Invitations go to them (meetings app).
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="نماینده (کاربر سامانه)",
    )
    representative_name = models.CharField("نام نماینده", max_length=200, blank=True)
    representative_title = models.CharField("سمت نماینده", max_length=300, blank=True)
    representative_mobile = models.CharField("همراه نماینده", max_length=11, blank=True)
    representative_email = models.EmailField("رایانامه نماینده", blank=True)
    deputy_name = models.CharField("نام جانشین", max_length=200, blank=True)
    deputy_title = models.CharField("سمت جانشین", max_length=300, blank=True)
    deputy_mobile = models.CharField("همراه جانشین", max_length=11, blank=True)
    deputy_email = models.EmailField("رایانامه جانشین", blank=True)
    representative_requested_at = models.DateTimeField("آخرین درخواست معرفی نماینده", null=True, blank=True)

    class Meta:
        verbose_name = "عضویت در نهاد"
        verbose_name_plural = "عضویت‌ها"
        constraints = [models.UniqueConstraint(fields=["body", "agency"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.agency} ← {self.body}"

    @property
    def has_representative(self) -> bool:
        return self.representative_id is not None or bool(self.representative_name.strip())

    @property
    def representative_display(self) -> str:
        """The representative's name as the documents print it (the account's name when chosen)."""
        if self.representative_name.strip():
            return self.representative_name.strip()
        return str(self.representative) if self.representative_id is not None else ""


class CalendarAmendmentKind(models.TextChoices):
    CLOSED = "closed", "تعطیل اعلام‌شده"
    OPEN = "open", "روز کاری (تعطیلی لغوشده)"


class CalendarAmendment(models.Model):
    """A day the government announced closed (or a listed holiday worked after all) that the
    ``holidays`` package does not know: working-day deadlines («۱۰ روز کاری») count with it."""

    date = models.DateField("تاریخ", unique=True)
    kind = models.CharField("نوع", max_length=10, choices=CalendarAmendmentKind.choices)
    reason = models.CharField("شرح", max_length=200)

    class Meta:
        verbose_name = "اصلاحیه تقویم کاری"
        verbose_name_plural = "اصلاحیه‌های تقویم کاری"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reason}"
