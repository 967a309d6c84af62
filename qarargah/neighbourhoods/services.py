"""Writes to the neighbourhood programme: needs (register, edit, refer, change status, import
from a survey file), profiles and houses, and the priority weights.

Every service is keyword-only, takes ``actor=``, checks the actor's scope (``permissions``),
runs in one transaction and names its business event for the history. Registering one need is
registering a list of one: the form, the API and the file import share one set of checks.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from qarargah.core.errors import ServiceError
from qarargah.core.locking import lock_for_update, save_new_version
from qarargah.history.registry import acting_as, log_created
from qarargah.organisations.models import Agency, AgencyStatus, Province, TargetNeighbourhood
from qarargah.persian import match_key, normalise, to_latin_digits, to_persian_digits
from qarargah.resolutions.models import Axis, Resolution

from . import periods, permissions, tables
from .events import NeighbourhoodEvent
from .models import (
    AgencyService,
    House,
    Indicator,
    IndicatorValue,
    Need,
    NeedImport,
    NeedSource,
    NeedStatus,
    NeighbourhoodProfile,
    PriorityWeights,
    Staff,
)

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

MAX_TITLE = 200
MAX_COUNT = 10_000_000  # households or residents: more than any neighbourhood has

MESSAGES = {
    "axis": "محور «{value}» شناخته نشد؛ یکی از این‌ها را بنویسید: {choices}.",
    "axis_required": "محور مسئله را انتخاب کنید.",
    "title_required": "عنوان مسئله را بنویسید.",
    "title_long": "عنوان مسئله حداکثر ۲۰۰ نویسه است.",
    "severity": "شدت باید عددی از ۱ تا ۵ باشد.",
    "count": "«{label}» باید عددی صحیح و نامنفی باشد.",
    "source": "منبع «{value}» شناخته نشد؛ یکی از این‌ها را بنویسید: {choices}.",
    "neighbourhood_required": "محله را مشخص کنید.",
    "neighbourhood_unknown": "محله «{value}» در حوزه شما پیدا نشد.",
    "neighbourhood_ambiguous": "محله «{value}» در چند شهرستان هست؛ ستون «شهرستان» را هم پر کنید.",
    "neighbourhood_not_yours": "ثبت مسئله برای محله «{value}» در اختیار شما نیست.",
    "agency_unknown": "دستگاه انتخاب‌شده در استان این محله نیست یا هنوز تأیید نشده است.",
    "status_transition": "مسئله‌ای با وضعیت «{old}» را نمی‌توان به «{new}» برد.",
    "status_needs_agency": "برای این وضعیت، مسئله باید نخست به دستگاهی ارجاع شود.",
    "not_editable": "مسئله‌ای که به دستگاه ارجاع شده یا بسته شده، دیگر در خانه محله ویرایش نمی‌شود.",
    "resolution_unknown": "مصوبه انتخاب‌شده در استان این محله نیست.",
    "service_name": "نام خدمت را بنویسید.",
    "service_unit": "واحد خدمت را بنویسید (مثلاً نفر یا خانوار).",
    "service_counties": "شهرستان‌ها و محله‌ها باید از استان همین دستگاه باشند.",
    "indicator_part": "ماه یا فصل با دوره این شاخص نمی‌خواند.",
    "indicator_year": "سال را به تقویم شمسی وارد کنید (مثلاً ۱۴۰۳).",
    "indicator_value": "مقدار شاخص نمی‌تواند منفی باشد.",
    "weights_zero": "دست‌کم یکی از وزن‌ها باید بیشتر از صفر باشد.",
    "cap": "سقف‌ها باید دست‌کم ۱ باشند.",
}

EDITABLE_FIELDS = ("axis", "title", "description", "source", "severity", "households", "residents")


def _choices_text(choices: Iterable[tuple[str, str]]) -> str:
    return "، ".join(f"{label} ({value})" for value, label in choices)


def _lookup(choices: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Code or Persian label (as a match key) -> code."""
    found: dict[str, str] = {}
    for value, label in choices:
        found[match_key(value)] = value
        found[match_key(label)] = value
    return found


# The short names a survey sheet uses for an axis, beside its code and full label.
_AXIS_SHORT_NAMES = {
    "بهداشت": Axis.HEALTH,
    "سلامت": Axis.HEALTH,
    "درمان": Axis.HEALTH,
    "فرهنگی": Axis.CULTURE,
    "مذهبی": Axis.CULTURE,
    "فرهنگی و مذهبی": Axis.CULTURE,
    "کار": Axis.EMPLOYMENT,
    "رفاهی": Axis.WELFARE,
    "رفاه": Axis.WELFARE,
    "مسکن": Axis.WELFARE,
    "آموزش": Axis.EDUCATION,
    "حرفه‌آموزی": Axis.EDUCATION,
    "اجتماعی": Axis.SOCIAL,
    "حقوقی": Axis.LEGAL,
    "قضایی": Axis.LEGAL,
}
_AXES = {**_lookup(Axis.choices), **{match_key(k): str(v) for k, v in _AXIS_SHORT_NAMES.items()}}
_SOURCES = _lookup(NeedSource.choices)


def parse_axis(value: str) -> str:
    if not value.strip():
        raise ServiceError(MESSAGES["axis_required"], code="axis")
    code = _AXES.get(match_key(value))
    if code is None:
        raise ServiceError(
            MESSAGES["axis"].format(value=value, choices=_choices_text(Axis.choices)), code="axis"
        )
    return code


def parse_source(value: str, default: str) -> str:
    if not value.strip():
        return default
    code = _SOURCES.get(match_key(value))
    if code is None:
        raise ServiceError(
            MESSAGES["source"].format(value=value, choices=_choices_text(NeedSource.choices)), code="source"
        )
    return code


def _parse_count(value: object, label: str) -> int:
    text = to_latin_digits(str(value)).replace("٬", "").replace(",", "").strip()
    if text == "":
        return 0
    try:
        number = int(text)
    except ValueError:
        raise ServiceError(MESSAGES["count"].format(label=label), code=label) from None
    if number < 0 or number > MAX_COUNT:
        raise ServiceError(MESSAGES["count"].format(label=label), code=label)
    return number


def _parse_severity(value: object) -> int:
    text = to_latin_digits(str(value)).strip()
    try:
        number = int(text)
    except ValueError:
        raise ServiceError(MESSAGES["severity"], code="severity") from None
    if not 1 <= number <= 5:
        raise ServiceError(MESSAGES["severity"], code="severity")
    return number


@dataclass
class NeedData:
    """One need as typed into the form, sent to the API or read from a file row."""

    neighbourhood: TargetNeighbourhood
    axis: str
    title: str
    severity: int
    description: str = ""
    source: str = NeedSource.HOUSE_MANAGER
    households: int = 0
    residents: int = 0

    @property
    def axis_label(self) -> str:
        return str(Axis(self.axis).label) if self.axis in Axis.values else str(self.axis)

    def cleaned(self) -> NeedData:
        """Normalised and checked; a ServiceError (Persian, with the field as ``code``) otherwise."""
        title = normalise(self.title or "")
        if not title:
            raise ServiceError(MESSAGES["title_required"], code="title")
        if len(title) > MAX_TITLE:
            raise ServiceError(MESSAGES["title_long"], code="title")
        return NeedData(
            neighbourhood=self.neighbourhood,
            axis=parse_axis(str(self.axis or "")),
            title=title,
            severity=_parse_severity(self.severity),
            description=normalise(self.description or ""),
            source=parse_source(str(self.source or ""), NeedSource.HOUSE_MANAGER),
            households=_parse_count(self.households, "households"),
            residents=_parse_count(self.residents, "residents"),
        )


def _person(actor: Actor) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _new_need(actor: Actor, data: NeedData) -> Need:
    return Need(
        neighbourhood=data.neighbourhood,
        axis=data.axis,
        title=data.title,
        title_key=match_key(data.title),
        description=data.description,
        source=data.source,
        severity=data.severity,
        households=data.households,
        residents=data.residents,
        created_by=_person(actor),
    )


@transaction.atomic
def register_needs(
    *, actor: Actor, items: Sequence[NeedData], event: str = NeighbourhoodEvent.NEED_REGISTERED
) -> list[Need]:
    """Register needs, all or none: each is checked, then all are written in one INSERT with
    their history."""
    if actor is None:
        raise PermissionDenied(permissions.NOT_YOUR_NEIGHBOURHOOD)
    cleaned = []
    for item in items:
        permissions.require_need_registrar(actor, item.neighbourhood)
        cleaned.append(item.cleaned())
    with acting_as(actor, event=event):
        needs = Need.objects.bulk_create([_new_need(actor, data) for data in cleaned])
        log_created(needs)
    return needs


def register_need(*, actor: Actor, data: NeedData) -> Need:
    return register_needs(actor=actor, items=[data])[0]


@transaction.atomic
def update_need(*, actor: Actor, need: Need, expected_version: int | None, **changes: Any) -> Need:
    """Edit what the house registered, while the need is still only registered (once referred,
    it is the agency's and the county's to move on)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    permissions.require_need_registrar(actor, need.neighbourhood)
    locked = lock_for_update(need, expected_version=expected_version)
    if locked.status != NeedStatus.REGISTERED and not permissions.can_refer_in(actor, need.neighbourhood):
        raise ServiceError(MESSAGES["not_editable"], code="not_editable")
    current = NeedData(
        neighbourhood=need.neighbourhood,
        **{name: getattr(locked, name) for name in EDITABLE_FIELDS},
    )
    for name, value in changes.items():
        setattr(current, name, value)
    data = current.cleaned()
    for name in EDITABLE_FIELDS:
        setattr(locked, name, getattr(data, name))
    locked.title_key = match_key(data.title)
    with acting_as(actor, event=NeighbourhoodEvent.NEED_UPDATED):
        save_new_version(locked, [*EDITABLE_FIELDS, "title_key", "updated_at"])
    return locked


def _check_agency(need: Need, agency: Agency) -> None:
    if agency.province_id != need.neighbourhood.county.province_id or agency.status != AgencyStatus.ACTIVE:
        raise ServiceError(MESSAGES["agency_unknown"], code="agency")


@transaction.atomic
def refer_need(*, actor: Actor, need: Need, agency: Agency, expected_version: int | None = None) -> Need:
    """Send the need to an agency (again, to another one, when the first could not act)."""
    permissions.require_referrer(actor, need.neighbourhood)
    _check_agency(need, agency)
    locked = lock_for_update(need, expected_version=expected_version)
    if locked.status not in (NeedStatus.REGISTERED, NeedStatus.REFERRED, NeedStatus.IN_PROGRESS):
        raise ServiceError(
            MESSAGES["status_transition"].format(
                old=locked.get_status_display(), new=NeedStatus.REFERRED.label
            ),
            code="status",
        )
    locked.referred_agency = agency
    locked.status = NeedStatus.REFERRED
    with acting_as(actor, event=NeighbourhoodEvent.NEED_REFERRED):
        save_new_version(locked, ["referred_agency", "status", "updated_at"])
    return locked


# Which status may follow which (registered -> referred goes through refer_need).
TRANSITIONS: dict[str, frozenset[str]] = {
    NeedStatus.REGISTERED: frozenset({NeedStatus.NOT_ACTIONABLE, NeedStatus.SOLVED}),
    NeedStatus.REFERRED: frozenset({NeedStatus.IN_PROGRESS, NeedStatus.SOLVED, NeedStatus.NOT_ACTIONABLE}),
    NeedStatus.IN_PROGRESS: frozenset({NeedStatus.SOLVED, NeedStatus.NOT_ACTIONABLE}),
    # Reopened by the county or the secretariat when the problem comes back.
    NeedStatus.SOLVED: frozenset({NeedStatus.REGISTERED}),
    NeedStatus.NOT_ACTIONABLE: frozenset({NeedStatus.REGISTERED}),
}


@transaction.atomic
def change_need_status(*, actor: Actor, need: Need, status: str, expected_version: int | None = None) -> Need:
    permissions.require_status_changer(actor, need)
    locked = lock_for_update(need, expected_version=expected_version)
    if status not in TRANSITIONS.get(locked.status, frozenset()):
        raise ServiceError(
            MESSAGES["status_transition"].format(
                old=locked.get_status_display(),
                new=NeedStatus(status).label if status in NeedStatus.values else status,
            ),
            code="status",
        )
    # The agency moves its own work on; sending a need back or closing it unreferred is the
    # referrers' decision.
    if not permissions.can_refer_in(actor, need.neighbourhood) and status == NeedStatus.REGISTERED:
        raise PermissionDenied(permissions.NOT_A_REFERRER)
    locked.status = status
    if status == NeedStatus.REGISTERED:
        locked.referred_agency = None
    with acting_as(actor, event=NeighbourhoodEvent.NEED_STATUS_CHANGED):
        save_new_version(locked, ["status", "referred_agency", "updated_at"])
    return locked


@transaction.atomic
def link_resolutions(*, actor: Actor, need: Need, resolutions: Sequence[Resolution]) -> Need:
    """The resolutions that answer the need (replaces the list)."""
    permissions.require_referrer(actor, need.neighbourhood)
    province_id = need.neighbourhood.county.province_id
    if any(r.province_id != province_id for r in resolutions):
        raise ServiceError(MESSAGES["resolution_unknown"], code="resolutions")
    with acting_as(actor, event=NeighbourhoodEvent.NEED_UPDATED):
        need.resolutions.set(resolutions)
    return need


# --- Import from a survey file ------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    message: str
    field: str = ""

    @property
    def row_fa(self) -> str:
        return to_persian_digits(str(self.row))


@dataclass
class ImportResult:
    filename: str
    rows: int
    valid: list[tuple[int, NeedData]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Rows already registered (the same neighbourhood, axis and title still open), or repeated
    # within the file: not saved again.
    duplicates: list[int] = field(default_factory=list)
    already_imported: bool = False
    created: list[Need] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


def _neighbourhood_finder(actor: Actor) -> Any:
    """Resolve a row's (county, neighbourhood) names among the neighbourhoods the actor sees."""
    visible = list(TargetNeighbourhood.objects.visible_to(actor).select_related("county"))
    by_name: dict[str, list[TargetNeighbourhood]] = {}
    for n in visible:
        by_name.setdefault(match_key(n.name), []).append(n)
    only = visible[0] if len(visible) == 1 else None

    def find(county: str, name: str) -> TargetNeighbourhood:
        if not name.strip():
            if only is not None:  # a house manager's own neighbourhood
                return only
            raise ServiceError(MESSAGES["neighbourhood_required"], code="neighbourhood")
        found = by_name.get(match_key(name), [])
        if county.strip():
            found = [n for n in found if match_key(n.county.name) == match_key(county)]
        if not found:
            raise ServiceError(MESSAGES["neighbourhood_unknown"].format(value=name), code="neighbourhood")
        if len(found) > 1:
            raise ServiceError(MESSAGES["neighbourhood_ambiguous"].format(value=name), code="neighbourhood")
        return found[0]

    return find


def import_needs(*, actor: Actor, filename: str, data: bytes, dry_run: bool) -> ImportResult:
    """Read a survey file and register its needs, all or nothing.

    Every row is checked first; one bad row saves nothing and the result lists each bad row's
    number (as the spreadsheet numbers it) and reason. A file imported before (by its SHA-256)
    saves nothing again, and rows matching a need still open in the same neighbourhood (same axis
    and title) are skipped, so a corrected file sent again adds only what is new.
    """
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(permissions.NOT_YOUR_NEIGHBOURHOOD)
    from qarargah.accounts.scoping import scope_for

    if not scope_for(actor).can_register_needs:
        raise PermissionDenied(permissions.NOT_YOUR_NEIGHBOURHOOD)
    rows = tables.read_rows(filename, data)
    digest = hashlib.sha256(data).hexdigest()
    result = ImportResult(filename=filename, rows=len(rows), dry_run=dry_run)
    if NeedImport.objects.filter(sha256=digest).exists():
        result.already_imported = True
        return result
    find = _neighbourhood_finder(actor)
    seen: set[tuple[int, str, str]] = set()
    for row in rows:
        v = row.values
        try:
            neighbourhood = find(v.get("county", ""), v.get("neighbourhood", ""))
            if not permissions.can_register_needs_in(actor, neighbourhood):
                raise ServiceError(
                    MESSAGES["neighbourhood_not_yours"].format(value=neighbourhood.name), code="neighbourhood"
                )
            item = NeedData(
                neighbourhood=neighbourhood,
                axis=v.get("axis", ""),
                title=v.get("title", ""),
                severity=v.get("severity", ""),  # type: ignore[arg-type]  # checked by cleaned()
                description=v.get("description", ""),
                source=parse_source(v.get("source", ""), NeedSource.SURVEY),
                households=v.get("households", ""),  # type: ignore[arg-type]
                residents=v.get("residents", ""),  # type: ignore[arg-type]
            ).cleaned()
        except ServiceError as exc:
            result.errors.append(RowError(row.number, exc.message, exc.code))
            continue
        key = (neighbourhood.pk, item.axis, match_key(item.title))
        if key in seen:
            result.duplicates.append(row.number)
            continue
        seen.add(key)
        result.valid.append((row.number, item))
    if result.valid:
        existing = _open_keys({k[0] for k in seen})
        kept = []
        for number, item in result.valid:
            if (item.neighbourhood.pk, item.axis, match_key(item.title)) in existing:
                result.duplicates.append(number)
            else:
                kept.append((number, item))
        result.valid = kept
    result.duplicates.sort()
    if dry_run or result.errors:
        return result
    with transaction.atomic():
        # Two uploads of one file at once: the unique sha256 lets only one of them in.
        record, created = NeedImport.objects.get_or_create(
            sha256=digest,
            defaults={"filename": filename[:255], "rows": len(rows), "imported_by": _person(actor)},
        )
        if not created:
            result.already_imported = True
            return result
        result.created = register_needs(
            actor=actor, items=[item for _, item in result.valid], event=NeighbourhoodEvent.NEEDS_IMPORTED
        )
        record.needs.set(result.created)
    return result


def _open_keys(neighbourhood_ids: set[int]) -> set[tuple[int, str, str]]:
    return set(
        Need.objects.open()
        .filter(neighbourhood_id__in=neighbourhood_ids)
        .values_list("neighbourhood_id", "axis", "title_key")
    )


# --- Profile, house, staff, weights --------------------------------------------------------------


@transaction.atomic
def save_profile(*, actor: Actor, neighbourhood: TargetNeighbourhood, zone: str) -> NeighbourhoodProfile:
    permissions.require_referrer(actor, neighbourhood)
    with acting_as(actor, event=NeighbourhoodEvent.PROFILE_UPDATED):
        profile, _ = NeighbourhoodProfile.objects.update_or_create(
            neighbourhood=neighbourhood, defaults={"zone": normalise(zone)}
        )
    return profile


@transaction.atomic
def save_house(
    *,
    actor: Actor,
    neighbourhood: TargetNeighbourhood,
    status: str,
    address: str = "",
    opened_on: datetime.date | None = None,
) -> House:
    permissions.require_referrer(actor, neighbourhood)
    with acting_as(actor, event=NeighbourhoodEvent.HOUSE_UPDATED):
        house, _ = House.objects.update_or_create(
            neighbourhood=neighbourhood,
            defaults={"status": status, "address": normalise(address), "opened_on": opened_on},
        )
    return house


@transaction.atomic
def add_staff(
    *,
    actor: Actor,
    neighbourhood: TargetNeighbourhood,
    name: str,
    role: str,
    phone: str = "",
    email: str = "",
) -> Staff:
    permissions.require_referrer(actor, neighbourhood)
    with acting_as(actor, event=NeighbourhoodEvent.STAFF_ADDED):
        return Staff.objects.create(
            neighbourhood=neighbourhood,
            name=normalise(name),
            role=role,
            phone=to_latin_digits(phone).strip(),
            email=email.strip(),
        )


@transaction.atomic
def declare_service(
    *,
    actor: Actor,
    agency: Agency,
    axis: str,
    name: str,
    unit: str,
    capacity: int,
    period: str,
    counties: Sequence[Any] = (),
    neighbourhoods: Sequence[TargetNeighbourhood] = (),
) -> AgencyService:
    """An agency's service for the target neighbourhoods (its officer's or the secretariat's)."""
    permissions.require_service_owner(actor, agency)
    name, unit = normalise(name or ""), normalise(unit or "")
    if not name:
        raise ServiceError(MESSAGES["service_name"], code="name")
    if not unit:
        raise ServiceError(MESSAGES["service_unit"], code="unit")
    axis = parse_axis(axis)
    if any(c.province_id != agency.province_id for c in counties) or any(
        n.county.province_id != agency.province_id for n in neighbourhoods
    ):
        raise ServiceError(MESSAGES["service_counties"], code="counties")
    with acting_as(actor, event=NeighbourhoodEvent.SERVICE_DECLARED):
        service = AgencyService.objects.create(
            agency=agency, axis=axis, name=name, unit=unit, capacity=capacity, period=period
        )
        service.counties.set(counties)
        service.neighbourhoods.set(neighbourhoods)
    return service


@transaction.atomic
def remove_service(*, actor: Actor, service: AgencyService) -> None:
    permissions.require_service_owner(actor, service.agency)
    with acting_as(actor, event=NeighbourhoodEvent.SERVICE_REMOVED):
        service.delete()


# --- Indicators --------------------------------------------------------------------------------------

DEFAULT_INDICATORS = [
    ("uninsured_residents", "ساکنان بدون بیمه سلامت", "نفر", "lower_better", "season", "agency", "health"),
    (
        "children_out_of_school",
        "کودکان بازمانده از تحصیل",
        "نفر",
        "lower_better",
        "year",
        "house_manager",
        "education",
    ),
    (
        "households_under_support",
        "خانوارهای تحت حمایت",
        "خانوار",
        "higher_better",
        "season",
        "agency",
        "welfare",
    ),
    ("working_children", "کودکان کار شناسایی‌شده", "نفر", "lower_better", "month", "house_manager", "social"),
]


def ensure_default_indicators() -> None:
    """The national list (also seeded by migration 0004): for the demo and tests that emptied it."""
    for code, name, unit, direction, period, entered_by, axis in DEFAULT_INDICATORS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "direction": direction,
                "period": period,
                "entered_by": entered_by,
                "axis": axis,
            },
        )


@transaction.atomic
def record_indicator(
    *,
    actor: Actor,
    indicator: Indicator,
    neighbourhood: TargetNeighbourhood,
    year: int,
    part: int,
    value: Any,
) -> IndicatorValue:
    """Enter (or correct) one period's value; who may depends on the indicator."""
    permissions.require_indicator_writer(actor, indicator, neighbourhood)
    if not 1300 <= int(year) <= 1500:
        raise ServiceError(MESSAGES["indicator_year"], code="year")
    if not periods.valid_part(indicator.period, int(part)):
        raise ServiceError(MESSAGES["indicator_part"], code="part")
    if value < 0:
        raise ServiceError(MESSAGES["indicator_value"], code="value")
    with acting_as(actor, event=NeighbourhoodEvent.INDICATOR_RECORDED):
        row, _ = IndicatorValue.objects.update_or_create(
            indicator=indicator,
            neighbourhood=neighbourhood,
            year=year,
            part=part,
            defaults={"value": value, "entered_by": _person(actor)},
        )
    return row


WEIGHT_FIELDS = (
    "severity",
    "households",
    "residents",
    "age",
    "households_cap",
    "residents_cap",
    "age_cap_days",
)


@transaction.atomic
def set_priority_weights(*, actor: Actor, province: Province, **values: int) -> PriorityWeights:
    unknown = set(values) - set(WEIGHT_FIELDS)
    if unknown:
        raise ValueError(f"not weights: {sorted(unknown)}")
    permissions.require_weights_owner(actor, province.pk)
    weights = PriorityWeights.objects.filter(province=province).first() or PriorityWeights(province=province)
    for name, value in values.items():
        setattr(weights, name, value)
    if weights.severity + weights.households + weights.residents + weights.age <= 0:
        raise ServiceError(MESSAGES["weights_zero"], code="weights")
    if min(weights.households_cap, weights.residents_cap, weights.age_cap_days) < 1:
        raise ServiceError(MESSAGES["cap"], code="weights")
    with acting_as(actor, event=NeighbourhoodEvent.WEIGHTS_CHANGED):
        weights.save()
    return weights


def weights_for(province_id: int) -> PriorityWeights:
    """The province's weights, or the defaults (unsaved) when its secretariat set none."""
    return PriorityWeights.objects.filter(province_id=province_id).first() or PriorityWeights(
        province_id=province_id
    )


__all__ = [
    "ImportResult",
    "NeedData",
    "RowError",
    "change_need_status",
    "import_needs",
    "link_resolutions",
    "refer_need",
    "register_need",
    "register_needs",
    "set_priority_weights",
    "update_need",
    "weights_for",
]
