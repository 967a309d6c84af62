"""Writes to the registry. Each service is one transaction and records its actor in history.

``actor=None`` is the system itself (the demo loader), as is the system actor the importer
passes (``accounts.system.SYSTEM``, when it adds pending agencies): history then names no person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction

from qarargah.core.errors import ServiceError
from qarargah.core.locking import lock_for_update, save_new_version
from qarargah.history.registry import acting_as
from qarargah.persian import match_key, normalise

from .events import OrganisationEvent
from .models import Agency, AgencyAlias, AgencyStatus, Body, BodyMembership, County, Province
from .signals import agency_merged

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

AGENCY_EDITABLE_FIELDS = ("name", "kind", "county", "email")


def _clean_name(name: str) -> str:
    cleaned = normalise(name or "").strip()
    if not cleaned:
        raise ServiceError("نام نمی‌تواند خالی باشد.", code="required")
    return cleaned


def _check_county(province: Province, county: County | None) -> None:
    if county is not None and county.province_id != province.pk:
        raise ServiceError("شهرستان انتخاب‌شده در این استان نیست.", code="wrong_province")


@transaction.atomic
def create_agency(
    *,
    actor: Actor | None,
    province: Province,
    name: str,
    kind: str,
    county: County | None = None,
    email: str = "",
    status: str = AgencyStatus.ACTIVE,
) -> Agency:
    name = _clean_name(name)
    _check_county(province, county)
    if Agency.objects.filter(province=province, name_key=match_key(name)).exists():
        raise ServiceError(f"دستگاهی با نام «{name}» در این استان از قبل ثبت شده است.", code="duplicate")
    with acting_as(actor, event=OrganisationEvent.AGENCY_CREATED):
        return Agency.objects.create(
            province=province, county=county, name=name, kind=kind, email=email, status=status
        )


@transaction.atomic
def update_agency(
    *, actor: Actor | None, agency: Agency, expected_version: int | None, **changes: Any
) -> Agency:
    unknown = set(changes) - set(AGENCY_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = lock_for_update(agency, expected_version=expected_version)
    if "name" in changes:
        changes["name"] = _clean_name(changes["name"])
        clash = Agency.objects.filter(province_id=locked.province_id, name_key=match_key(changes["name"]))
        if clash.exclude(pk=locked.pk).exists():
            raise ServiceError(
                f"دستگاهی با نام «{changes['name']}» در این استان از قبل ثبت شده است.", code="duplicate"
            )
    if "county" in changes:
        _check_county(locked.province, changes["county"])
    for field, value in changes.items():
        setattr(locked, field, value)
    with acting_as(actor, event=OrganisationEvent.AGENCY_UPDATED):
        save_new_version(locked, [*changes, "name_key"] if "name" in changes else list(changes))
    return locked


@transaction.atomic
def add_agency_alias(*, actor: Actor | None, agency: Agency, name: str) -> AgencyAlias:
    name = _clean_name(name)
    key = match_key(name)
    if key == agency.name_key:
        raise ServiceError("این نام همان نام اصلی دستگاه است.", code="duplicate")
    taken = AgencyAlias.objects.filter(agency__province_id=agency.province_id, name_key=key).first()
    if taken is not None:
        raise ServiceError(f"نام «{name}» پیش‌تر برای «{taken.agency}» ثبت شده است.", code="duplicate")
    with acting_as(actor, event=OrganisationEvent.ALIAS_ADDED):
        return AgencyAlias.objects.create(agency=agency, name=name)


@transaction.atomic
def remove_agency_alias(*, actor: Actor | None, alias: AgencyAlias) -> None:
    with acting_as(actor, event=OrganisationEvent.ALIAS_REMOVED):
        alias.delete()


@transaction.atomic
def create_pending_agency(*, actor: Actor | None, province: Province, name: str) -> Agency:
    """An agency named in imported minutes that the registry did not know."""
    name = _clean_name(name)
    existing = Agency.objects.filter(province=province, name_key=match_key(name)).first()
    if existing is not None:
        return existing
    with acting_as(actor, event=OrganisationEvent.AGENCY_PENDING):
        return Agency.objects.create(
            province=province, name=name, kind=_guess_kind(name), status=AgencyStatus.PENDING
        )


def _guess_kind(name: str) -> str:
    heads = [
        ("فرمانداری", "county_governorate"),
        ("فرماندار", "county_governorate"),
        ("استانداری", "governorate"),
        ("دانشگاه", "university"),
        ("انتظامی", "police"),
        ("پلیس", "police"),
        ("شهرداری", "municipality"),
        ("شورای", "council"),
        ("ستاد", "council"),
        ("بنیاد", "foundation"),
        ("کمیته امداد", "foundation"),
        ("جهادی", "ngo"),
        ("خیرین", "ngo"),
        ("خانه محله", "neighbourhood_house"),
    ]
    for head, kind in heads:
        if head in name:
            return kind
    return "directorate"


@transaction.atomic
def confirm_agency(*, actor: Actor | None, agency: Agency, kind: str | None = None) -> Agency:
    locked = lock_for_update(agency, expected_version=None)
    if locked.status != AgencyStatus.PENDING:
        raise ServiceError("این دستگاه پیش‌تر تأیید شده است.", code="already_active")
    locked.status = AgencyStatus.ACTIVE
    fields = ["status"]
    if kind:
        locked.kind = kind
        fields.append("kind")
    with acting_as(actor, event=OrganisationEvent.AGENCY_CONFIRMED):
        save_new_version(locked, fields)
    return locked


def _unique_sets_with(model: type[models.Model], field_name: str) -> list[tuple[str, ...]]:
    sets = [
        tuple(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and field_name in c.fields and c.condition is None
    ]
    sets += [tuple(t) for t in model._meta.unique_together if field_name in t]
    return sets


@transaction.atomic
def merge_agency(*, actor: Actor | None, source: Agency, target: Agency) -> Agency:
    """Fold ``source`` (usually a pending agency) into ``target``; every reference follows.

    All foreign keys that point to Agency — assignments, memberships, users, whatever later
    apps add — are moved generically, so nothing is lost when a new app appears. Rows that
    would then duplicate one of the target's (e.g. the same body membership twice) are dropped.
    The source's name becomes an alias of the target, so the next import matches it directly.
    """
    if source.pk == target.pk:
        raise ServiceError("یک دستگاه را نمی‌توان با خودش ادغام کرد.", code="same_agency")
    if source.province_id != target.province_id:
        raise ServiceError("دستگاه‌های دو استان مختلف را نمی‌توان ادغام کرد.", code="wrong_province")
    source = lock_for_update(source, expected_version=None)
    target = lock_for_update(target, expected_version=None)
    with acting_as(actor, event=OrganisationEvent.AGENCY_MERGED, source=source.name, target=target.name):
        for relation in Agency._meta.related_objects:
            if not (relation.one_to_many or relation.one_to_one) or relation.related_model is AgencyAlias:
                continue
            model = relation.related_model
            fk = relation.field.name
            for unique_fields in _unique_sets_with(model, fk):
                others = [f for f in unique_fields if f != fk]
                taken = model._default_manager.filter(**{fk: target}).values_list(*others)
                for values in taken:
                    model._default_manager.filter(
                        **{fk: source}, **dict(zip(others, values, strict=True))
                    ).delete()
            # Row by row, so each move is written to the history of the moved row.
            for row in model._default_manager.filter(**{fk: source}):
                setattr(row, fk, target)
                row.save(update_fields=[fk])
        for alias in source.aliases.all():
            if (
                not target.aliases.filter(name_key=alias.name_key).exists()
                and alias.name_key != target.name_key
            ):
                AgencyAlias.objects.create(agency=target, name=alias.name)
        if (
            source.name_key != target.name_key
            and not target.aliases.filter(name_key=source.name_key).exists()
        ):
            AgencyAlias.objects.create(agency=target, name=source.name)
        source.aliases.all().delete()
        try:
            source.delete()
        except IntegrityError as exc:  # pragma: no cover - a protected reference we did not move
            raise ServiceError("ادغام ممکن نشد: این دستگاه هنوز در جای دیگری به کار رفته است.") from exc
    agency_merged.send(sender=Agency, target=target)
    return target


@transaction.atomic
def create_body(
    *,
    actor: Actor | None,
    province: Province,
    name: str,
    kind: str,
    level: str = "province",
    county: County | None = None,
    parent: Body | None = None,
    secretariat_agency: Agency | None = None,
) -> Body:
    name = _clean_name(name)
    _check_county(province, county)
    if (level == "county") != (county is not None):
        raise ServiceError("نهاد شهرستانی باید شهرستان داشته باشد و نهاد استانی نباید.", code="level")
    with acting_as(actor, event=OrganisationEvent.BODY_CREATED):
        return Body.objects.create(
            province=province,
            county=county,
            name=name,
            kind=kind,
            level=level,
            parent=parent,
            secretariat_agency=secretariat_agency,
        )


@transaction.atomic
def set_body_members(*, actor: Actor | None, body: Body, agencies: list[Agency]) -> None:
    wrong = [a for a in agencies if a.province_id != body.province_id]
    if wrong:
        raise ServiceError(
            f"«{wrong[0]}» از استان دیگری است و نمی‌تواند عضو این نهاد باشد.", code="wrong_province"
        )
    wanted = {a.pk for a in agencies}
    with acting_as(actor, event=OrganisationEvent.MEMBERS_CHANGED):
        for membership in body.memberships.exclude(agency_id__in=wanted):
            membership.delete()
        have = set(body.memberships.values_list("agency_id", flat=True))
        for agency_id in wanted - have:
            BodyMembership.objects.create(body=body, agency_id=agency_id)
