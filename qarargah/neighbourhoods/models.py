"""The neighbourhood programme (issue 14): each target neighbourhood's profile, its house and
staff, and the needs (مسائل) its residents raise across the seven axes.

The neighbourhood itself stays the registry's ``organisations.TargetNeighbourhood`` (name,
county, kind, population, households); this app adds a one-to-one :class:`NeighbourhoodProfile`
for what only the programme needs (the zone), so the registry does not grow the programme's
columns (docs/decisions/0023-neighbourhood-programme.md). The axes are the resolutions' own
(:class:`qarargah.resolutions.models.Axis`), so a need and the resolution that answers it share
one vocabulary.

Who sees what (``scope_q``): leadership and the secretariat their province, a county
governorate its county, a house manager its neighbourhood; an agency officer sees only the needs
referred to its agency, and nobody outside the neighbourhood's own chain sees the staff's
contacts.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from qarargah.accounts.scoping import NOTHING, Scope, ScopedQuerySet
from qarargah.core.locking import Versioned
from qarargah.organisations.models import Agency, Province, TargetNeighbourhood
from qarargah.resolutions.models import Axis

from . import priority


def _area_q(scope: Scope, prefix: str) -> Q:
    """The neighbourhoods of the scope's place, for a model reaching them through ``prefix``
    (``neighbourhood__`` or nothing)."""
    q = scope.province_q(f"{prefix}county__province_id")
    if scope.county_id is not None:
        q &= Q(**{f"{prefix}county_id": scope.county_id})
    if scope.neighbourhood_id is not None:
        q &= Q(**{f"{prefix}id": scope.neighbourhood_id})
    return q


class NeighbourhoodProfile(models.Model):
    """What the programme adds to a target neighbourhood. Population and households stay on
    the registry's row, where they already are."""

    neighbourhood = models.OneToOneField(
        TargetNeighbourhood,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
        verbose_name="محله",
    )
    zone = models.CharField("پهنه", max_length=100, blank=True)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "شناسنامه محله"
        verbose_name_plural = "شناسنامه‌های محله"

    def __str__(self) -> str:
        return f"شناسنامه {self.neighbourhood}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return _area_q(scope, "neighbourhood__")


class HouseStatus(models.TextChoices):
    PLANNED = "planned", "در دست راه‌اندازی"
    ESTABLISHED = "established", "تأسیس‌شده"
    ACTIVE = "active", "فعال"


class House(Versioned):
    """The neighbourhood's house (خانه محله): one per neighbourhood."""

    neighbourhood = models.OneToOneField(
        TargetNeighbourhood, on_delete=models.CASCADE, related_name="programme_house", verbose_name="محله"
    )
    status = models.CharField(
        "وضعیت", max_length=15, choices=HouseStatus.choices, default=HouseStatus.PLANNED
    )
    address = models.CharField("نشانی", max_length=300, blank=True)
    opened_on = models.DateField("تاریخ گشایش", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "خانه محله"
        verbose_name_plural = "خانه‌های محله"

    def __str__(self) -> str:
        return f"خانه محله {self.neighbourhood}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return _area_q(scope, "neighbourhood__")


class StaffRole(models.TextChoices):
    HOUSE_MANAGER = "house_manager", "مسئول خانه محله"
    ALLEY_MAYOR = "alley_mayor", "شهردار کوچه"
    WOMENS_LIAISON = "womens_liaison", "رابط بانوان"
    LOCAL_TRUSTEE = "local_trustee", "معتمد محلی"


class Staff(models.Model):
    """A person who works for the house. Their contacts are private: only the neighbourhood's
    own chain (house, county governorate, secretariat, leadership) sees the row at all."""

    neighbourhood = models.ForeignKey(
        TargetNeighbourhood, on_delete=models.CASCADE, related_name="staff", verbose_name="محله"
    )
    name = models.CharField("نام و نام خانوادگی", max_length=150)
    role = models.CharField("سمت", max_length=20, choices=StaffRole.choices)
    phone = models.CharField("تلفن همراه", max_length=20, blank=True)
    email = models.EmailField("رایانامه", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "کارکن خانه محله"
        verbose_name_plural = "کارکنان خانه محله"
        ordering = ["neighbourhood_id", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if not scope.can_see_neighbourhood_contacts:
            return NOTHING
        return _area_q(scope, "neighbourhood__")


class NeedSource(models.TextChoices):
    SURVEY = "survey", "نظرسنجی از ساکنان"
    HOUSE_MANAGER = "house_manager", "مسئول خانه محله"
    AGENCY = "agency", "دستگاه اجرایی"
    MEETING = "meeting", "جلسه"


class NeedStatus(models.TextChoices):
    REGISTERED = "registered", "ثبت‌شده"
    REFERRED = "referred", "ارجاع‌شده"
    IN_PROGRESS = "in_progress", "در حال اقدام"
    SOLVED = "solved", "حل‌شده"
    NOT_ACTIONABLE = "not_actionable", "غیرقابل اقدام"


# Needs still waiting for someone: they count in the priorities and the open-needs panels.
OPEN_NEED_STATUSES = (NeedStatus.REGISTERED, NeedStatus.REFERRED, NeedStatus.IN_PROGRESS)


class NeedQuerySet(ScopedQuerySet):
    def open(self) -> NeedQuerySet:
        return self.filter(status__in=OPEN_NEED_STATUSES)


class Need(Versioned):
    """A problem (مسئله) of one neighbourhood on one axis."""

    neighbourhood = models.ForeignKey(
        TargetNeighbourhood, on_delete=models.PROTECT, related_name="needs", verbose_name="محله"
    )
    axis = models.CharField("محور", max_length=20, choices=Axis.choices)
    title = models.CharField("عنوان", max_length=200)
    title_key = models.CharField(max_length=200, editable=False, db_index=True)
    description = models.TextField("شرح", blank=True)
    source = models.CharField(
        "منبع", max_length=20, choices=NeedSource.choices, default=NeedSource.HOUSE_MANAGER
    )
    severity = models.PositiveSmallIntegerField(
        "شدت (۱ تا ۵)", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    households = models.PositiveIntegerField("خانوارهای درگیر", default=0)
    residents = models.PositiveIntegerField("ساکنانی که مطرح کرده‌اند", default=0)
    status = models.CharField(
        "وضعیت", max_length=20, choices=NeedStatus.choices, default=NeedStatus.REGISTERED, db_index=True
    )
    referred_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_needs",
        verbose_name="دستگاه ارجاع‌شده",
    )
    resolutions = models.ManyToManyField(
        "resolutions.Resolution", blank=True, related_name="needs", verbose_name="مصوبات مرتبط"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ثبت‌کننده",
    )
    # A default rather than auto_now_add: the data generator writes needs of past years (the
    # score counts a need's age).
    created_at = models.DateTimeField("زمان ثبت", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = "مسئله محله"
        verbose_name_plural = "مسائل محله"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=5), name="need_severity_1_to_5"
            ),
            # A need referred on, or being worked on, names the agency it went to.
            models.CheckConstraint(
                condition=~Q(status__in=["referred", "in_progress"]) | Q(referred_agency__isnull=False),
                name="need_referred_has_agency",
            ),
        ]
        indexes = [models.Index(fields=["neighbourhood", "status", "axis"], name="need_neighbourhood_open")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_NEED_STATUSES

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if scope.can_browse_needs:
            return _area_q(scope, "neighbourhood__")
        # An agency officer: only what was referred to its own agency.
        if scope.can_act_for_agency and scope.agency_id is not None:
            return Q(referred_agency_id=scope.agency_id)
        return NOTHING


class NeedImport(models.Model):
    """One imported survey file, by its SHA-256: the same file twice saves nothing new."""

    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField("نام فایل", max_length=255)
    rows = models.PositiveIntegerField("تعداد ردیف")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField("زمان ورود", auto_now_add=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="+")

    class Meta:
        verbose_name = "فایل ورود مسائل"
        verbose_name_plural = "فایل‌های ورود مسائل"

    def __str__(self) -> str:
        return self.filename


class PriorityWeights(models.Model):
    """The weights a province's secretariat sets for the need score (priority.py explains it).
    A province without a row uses the defaults."""

    province = models.OneToOneField(
        Province, on_delete=models.CASCADE, related_name="need_weights", verbose_name="استان"
    )
    severity = models.PositiveSmallIntegerField("وزن شدت", default=priority.DEFAULT_WEIGHTS.severity)
    households = models.PositiveSmallIntegerField(
        "وزن خانوارهای درگیر", default=priority.DEFAULT_WEIGHTS.households
    )
    residents = models.PositiveSmallIntegerField(
        "وزن ساکنان مطرح‌کننده", default=priority.DEFAULT_WEIGHTS.residents
    )
    age = models.PositiveSmallIntegerField("وزن قدمت", default=priority.DEFAULT_WEIGHTS.age)
    households_cap = models.PositiveIntegerField(
        "سقف خانوار", default=priority.DEFAULT_WEIGHTS.households_cap, validators=[MinValueValidator(1)]
    )
    residents_cap = models.PositiveIntegerField(
        "سقف ساکنان", default=priority.DEFAULT_WEIGHTS.residents_cap, validators=[MinValueValidator(1)]
    )
    age_cap_days = models.PositiveIntegerField(
        "سقف قدمت (روز)", default=priority.DEFAULT_WEIGHTS.age_cap_days, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField("آخرین تغییر", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "وزن‌های اولویت‌بندی"
        verbose_name_plural = "وزن‌های اولویت‌بندی"
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__gt=0) | Q(households__gt=0) | Q(residents__gt=0) | Q(age__gt=0),
                name="weights_not_all_zero",
            ),
            models.CheckConstraint(
                condition=Q(households_cap__gte=1, residents_cap__gte=1, age_cap_days__gte=1),
                name="weights_caps_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"وزن‌های اولویت‌بندی {self.province}"

    def as_weights(self) -> priority.Weights:
        return priority.Weights(
            severity=self.severity,
            households=self.households,
            residents=self.residents,
            age=self.age,
            households_cap=self.households_cap,
            residents_cap=self.residents_cap,
            age_cap_days=self.age_cap_days,
        )

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        return scope.province_q("province_id")


class ServicePeriod(models.TextChoices):
    MONTH = "month", "ماهانه"
    SEASON = "season", "فصلی"
    YEAR = "year", "سالانه"


class AgencyService(models.Model):
    """A service an agency declares for the target neighbourhoods: on one axis, with its
    capacity per period, the counties it covers and the neighbourhoods it already serves. For a
    need, the agencies whose services fit its axis and county are proposed (selectors), and the
    coverage grid counts an agency as acting where it serves."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="services", verbose_name="دستگاه"
    )
    axis = models.CharField("محور", max_length=20, choices=Axis.choices)
    name = models.CharField("خدمت", max_length=200)
    unit = models.CharField("واحد", max_length=50, help_text="مثلاً نفر، خانوار، جلسه")
    capacity = models.PositiveIntegerField("ظرفیت در هر دوره")
    period = models.CharField(
        "دوره", max_length=10, choices=ServicePeriod.choices, default=ServicePeriod.MONTH
    )
    counties = models.ManyToManyField(
        "organisations.County", blank=True, related_name="agency_services", verbose_name="شهرستان‌های تحت پوشش"
    )
    neighbourhoods = models.ManyToManyField(
        TargetNeighbourhood,
        blank=True,
        related_name="agency_services",
        verbose_name="محله‌هایی که خدمت می‌گیرند",
    )
    created_at = models.DateTimeField("زمان ثبت", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "خدمت دستگاه"
        verbose_name_plural = "خدمات دستگاه‌ها"
        ordering = ["agency__name", "axis", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Readers of the area's needs see the province's offers; an agency sees its own.
        if scope.can_browse_needs:
            return scope.province_q("agency__province_id")
        if scope.can_act_for_agency and scope.agency_id is not None:
            return Q(agency_id=scope.agency_id)
        return NOTHING


class IndicatorDirection(models.TextChoices):
    HIGHER_BETTER = "higher_better", "هرچه بیشتر بهتر"
    LOWER_BETTER = "lower_better", "هرچه کمتر بهتر"


class IndicatorPeriod(models.TextChoices):
    MONTH = "month", "ماهانه"
    SEASON = "season", "فصلی"
    YEAR = "year", "سالانه"


class IndicatorEnteredBy(models.TextChoices):
    HOUSE_MANAGER = "house_manager", "مسئول خانه محله"
    AGENCY = "agency", "دستگاه اجرایی"
    SECRETARIAT = "secretariat", "دبیرخانه"


class Indicator(models.Model):
    """What is measured in every neighbourhood (one national list): its unit, whether more is
    better, how often it is entered and by whom."""

    code = models.SlugField("کد", max_length=50, unique=True)
    name = models.CharField("نام شاخص", max_length=200)
    unit = models.CharField("واحد", max_length=50)
    direction = models.CharField("جهت مطلوب", max_length=15, choices=IndicatorDirection.choices)
    period = models.CharField("دوره ثبت", max_length=10, choices=IndicatorPeriod.choices)
    entered_by = models.CharField("ثبت‌کننده", max_length=20, choices=IndicatorEnteredBy.choices)
    axis = models.CharField("محور", max_length=20, choices=Axis.choices, blank=True)

    class Meta:
        verbose_name = "شاخص محله"
        verbose_name_plural = "شاخص‌های محله"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """One indicator's value in one neighbourhood for one Jalali period: ``part`` is the month
    (1–12), the season (1–4) or 0 for a year, as the indicator's period says."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name="شاخص"
    )
    neighbourhood = models.ForeignKey(
        TargetNeighbourhood, on_delete=models.CASCADE, related_name="indicator_values", verbose_name="محله"
    )
    year = models.PositiveSmallIntegerField("سال")
    part = models.PositiveSmallIntegerField("ماه یا فصل", default=0)
    value = models.DecimalField("مقدار", max_digits=14, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField("زمان ثبت", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "مقدار شاخص"
        verbose_name_plural = "مقادیر شاخص"
        ordering = ["indicator_id", "year", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "neighbourhood", "year", "part"], name="indicator_value_once"
            ),
            models.CheckConstraint(condition=Q(part__lte=12), name="indicator_part_range"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        if not scope.can_browse_needs:
            return NOTHING
        return _area_q(scope, "neighbourhood__")
