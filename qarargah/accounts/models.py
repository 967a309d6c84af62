"""Users and their one role.

A user has exactly one role and the one place (province, agency, neighbourhood…) that role is
about. One role per account keeps scoping obvious; a person with two jobs gets two accounts,
which is also how the agencies' own letters work (one signatory per post).
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .capabilities import READ_ONLY_ROLES, capabilities_of
from .scoping import Scope, ScopedQuerySet


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "کارشناس دبیرخانه"
    AGENCY_OFFICER = "agency_officer", "کارشناس دستگاه اجرایی"
    COUNTY_OFFICER = "county_officer", "کارشناس فرمانداری"
    HOUSE_MANAGER = "house_manager", "مسئول خانه محله"
    LEADERSHIP = "leadership", "مدیران ارشد استان"
    NATIONAL_VIEWER = "national_viewer", "ناظر ملی"
    ADMIN = "admin", "مدیر سامانه"
    DATA_OFFICER = "data_officer", "کارشناس داده دبیرخانه"


# Which place each role must be tied to; checked in User.clean() and by the services.
ROLE_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    Role.SECRETARIAT: ("province", "body"),
    Role.AGENCY_OFFICER: ("province", "agency"),
    Role.COUNTY_OFFICER: ("province", "agency", "county"),
    Role.HOUSE_MANAGER: ("province", "neighbourhood"),
    Role.LEADERSHIP: ("province",),
    Role.NATIONAL_VIEWER: (),
    Role.ADMIN: (),
    Role.DATA_OFFICER: ("province",),
}


# mypy cannot take a base class from a call (django-stubs' plugin reads `from_queryset` only in
# assignments); the manager is checked through `User.objects` below.
class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    def secretariat_of(self, province_id: int | None) -> models.QuerySet[User]:
        """The active secretariat staff of a province: who may own a resolution's follow-up.
        Here, with the roles, so that nobody outside accounts names a role."""
        return self.filter(role=Role.SECRETARIAT, province_id=province_id, is_active=True)


class User(AbstractUser):
    role = models.CharField("نقش", max_length=20, choices=Role.choices, default=Role.AGENCY_OFFICER)
    province = models.ForeignKey(
        "organisations.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="استان",
    )
    county = models.ForeignKey(
        "organisations.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="شهرستان",
    )
    agency = models.ForeignKey(
        "organisations.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="دستگاه",
    )
    body = models.ForeignKey(
        "organisations.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="secretariat_users",
        verbose_name="قرارگاه / شورا",
    )
    neighbourhood = models.ForeignKey(
        "organisations.TargetNeighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="محله",
    )

    objects: ClassVar[ScopedUserManager] = ScopedUserManager()
    # The user's scope for this request, cached by ``scoping.scope_for`` (not a column).
    _qarargah_scope: Scope | None = None

    class Meta:
        verbose_name = "کاربر"
        verbose_name_plural = "کاربران"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        missing = [f for f in ROLE_REQUIREMENTS.get(self.role, ()) if getattr(self, f"{f}_id") is None]
        if missing:
            fields = [self._meta.get_field(f) for f in missing]
            labels = "، ".join(str(f.verbose_name) for f in fields if isinstance(f, models.Field))
            raise ValidationError(f"برای نقش «{self.get_role_display()}» این موارد لازم است: {labels}.")

    @property
    def house_id(self) -> int | None:
        """The agency («خانه محله …») of a house manager's neighbourhood, found through the
        neighbourhood rather than stored on the account (decision 0022): the registry links a
        house to its neighbourhood once, and every manager of that neighbourhood acts for it."""
        if self.role != Role.HOUSE_MANAGER or self.neighbourhood_id is None:
            return None
        house = getattr(self.neighbourhood, "house", None)  # reverse one-to-one: absent raises
        return house.pk if house is not None else None

    @property
    def acting_agency(self) -> models.Model | None:
        """The agency this account acts for: an officer's own, a house manager's house (an
        ``organisations.Agency``; accounts sits below organisations and does not import it)."""
        if self.role == Role.HOUSE_MANAGER:
            return getattr(self.neighbourhood, "house", None) if self.neighbourhood_id else None
        return self.agency

    @property
    def is_read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES

    def build_scope(self) -> Scope:
        everywhere = self.role in (Role.NATIONAL_VIEWER, Role.ADMIN) or self.is_superuser
        agency_id = self.agency_id if self.role in (Role.AGENCY_OFFICER, Role.COUNTY_OFFICER) else None
        if self.role == Role.HOUSE_MANAGER:
            agency_id = self.house_id
        capabilities = capabilities_of(self.role, superuser=self.is_superuser)
        # An officer whose account names no agency yet has nothing to act for (nor a house
        # manager whose neighbourhood has no house in the registry yet).
        capabilities["can_act_for_agency"] &= agency_id is not None
        return Scope(
            role=self.role,
            all_provinces=everywhere,
            province_id=self.province_id,
            county_id=self.county_id
            if self.role == Role.COUNTY_OFFICER
            else (
                self.neighbourhood.county_id
                if self.role == Role.HOUSE_MANAGER and self.neighbourhood is not None
                else None
            ),
            agency_id=agency_id,
            neighbourhood_id=self.neighbourhood_id if self.role == Role.HOUSE_MANAGER else None,
            body_id=self.body_id if self.role == Role.SECRETARIAT else None,
            read_only=self.role in READ_ONLY_ROLES,
            **capabilities,
        )

    @staticmethod
    def scope_q(scope: Scope) -> Q:
        # Users are listed only to those who manage them.
        if scope.all_provinces and scope.can_edit_registry:
            return Q()
        if scope.can_edit_registry:
            return scope.province_q("province_id")
        return Q(pk__in=[])
