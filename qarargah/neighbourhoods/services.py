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
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from qarargah.core.errors import ServiceError
from qarargah.core.locking import lock_for_update, save_new_version
from qarargah.history.registry import acting_as, log_created
from qarargah.organisations.models import Agency, AgencyStatus, County, Province, TargetNeighbourhood
from qarargah.persian import clean_input, match_key, normalise, to_latin_digits, to_persian_digits
from qarargah.resolutions.models import Axis, Resolution

from . import periods, permissions, rollup, tables
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
    "move_not_yours": "جابه‌جایی محله میان شهرستان‌ها کار دبیرخانه استان است.",
    "move_province": "محله را فقط می‌توان به شهرستانی از همان استان برد.",
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
    rollup.refresh_needs({data.neighbourhood.county_id for data in cleaned})
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
    rollup.refresh_needs([need.neighbourhood.county_id])
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
    rollup.refresh_needs([need.neighbourhood.county_id])
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
    rollup.refresh_needs([need.neighbourhood.county_id])
    return locked


@transaction.atomic
def delete_need(*, actor: Actor, need: Need, expected_version: int | None = None) -> None:
    """Take back a need registered by mistake: the house while it is only registered, the
    referrers at any time."""
    permissions.require_need_registrar(actor, need.neighbourhood)
    locked = lock_for_update(need, expected_version=expected_version)
    if locked.status != NeedStatus.REGISTERED and not permissions.can_refer_in(actor, need.neighbourhood):
        raise ServiceError(MESSAGES["not_editable"], code="not_editable")
    with acting_as(actor, event=NeighbourhoodEvent.NEED_DELETED):
        locked.delete()
    rollup.refresh_needs([need.neighbourhood.county_id])


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
    rollup.refresh_indicators([neighbourhood.county_id], [(indicator.pk, int(year), int(part))])
    return row


@transaction.atomic
def move_neighbourhood(
    *, actor: Actor, neighbourhood: TargetNeighbourhood, county: County
) -> TargetNeighbourhood:
    """Move a target neighbourhood to another county of its province (a county split or a
    boundary corrected); both counties' roll-ups are recounted in the same transaction."""
    from qarargah.accounts.scoping import scope_for

    scope = scope_for(actor)
    old = neighbourhood.county
    if not (scope.can_edit_registry and scope.covers_province(old.province_id)):
        raise PermissionDenied(MESSAGES["move_not_yours"])
    if county.province_id != old.province_id:
        raise ServiceError(MESSAGES["move_province"], code="county")
    locked = TargetNeighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
    locked.county = county
    with acting_as(actor, event=NeighbourhoodEvent.NEIGHBOURHOOD_MOVED):
        locked.save(update_fields=["county"])
    rollup.refresh_needs([old.pk, county.pk])
    rollup.refresh_indicators([old.pk, county.pk])
    return locked


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


# --- Activities ------------------------------------------------------------------------------------------

MAX_PHOTOS_PER_ACTIVITY = 20
ACTIVITY_MESSAGES = {
    "title_required": "عنوان فعالیت را بنویسید.",
    "title_long": "عنوان فعالیت حداکثر ۲۰۰ نویسه است.",
    "kind": "نوع فعالیت «{value}» شناخته نیست؛ یکی از این‌ها را بنویسید: {choices}.",
    "date_required": "تاریخ برگزاری فعالیت را وارد کنید.",
    "neighbourhoods_required": "دست‌کم یک محله را برای فعالیت انتخاب کنید.",
    "one_province": "محله‌های یک فعالیت باید همه از یک استان باشند.",
    "agencies": "دستگاه‌های شرکت‌کننده باید از استان همین محله‌ها و تأییدشده باشند.",
    "resolution": "مصوبه انتخاب‌شده از استان همین محله‌ها نیست.",
    "programme": "طرح انتخاب‌شده در استان همین محله‌ها اجرا نمی‌شود.",
    "people": "«تعداد افراد خدمت‌گرفته» باید عددی صحیح و نامنفی باشد.",
    "too_many_photos": "هر فعالیت حداکثر ۲۰ عکس می‌تواند داشته باشد.",
    "not_image": "فایل «{name}» تصویر نیست؛ فقط عکس (PNG، JPEG، GIF یا WebP) بارگذاری کنید.",
}


@dataclass
class ActivityData:
    kind: str
    title: str
    held_on: datetime.date | None
    neighbourhoods: Sequence[TargetNeighbourhood]
    agencies: Sequence[Agency] = ()
    volunteer_groups: str = ""
    people_served: Any = 0
    report: str = ""
    resolution: Resolution | None = None
    programme: Any = None


def _check_activity(actor: Actor, data: ActivityData) -> tuple[int, dict[str, Any]]:
    """The activity's fields cleaned, and its province; a ServiceError (the field as ``code``)
    or PermissionDenied otherwise."""
    from .models import ActivityKind

    title = normalise(data.title or "")
    if not title:
        raise ServiceError(ACTIVITY_MESSAGES["title_required"], code="title")
    if len(title) > MAX_TITLE:
        raise ServiceError(ACTIVITY_MESSAGES["title_long"], code="title")
    if data.kind not in ActivityKind.values:
        raise ServiceError(
            ACTIVITY_MESSAGES["kind"].format(value=data.kind, choices=_choices_text(ActivityKind.choices)),
            code="kind",
        )
    if data.held_on is None:
        raise ServiceError(ACTIVITY_MESSAGES["date_required"], code="held_on")
    hoods = list(data.neighbourhoods)
    if not hoods:
        raise ServiceError(ACTIVITY_MESSAGES["neighbourhoods_required"], code="neighbourhoods")
    provinces = {n.county.province_id for n in hoods}
    if len(provinces) != 1:
        raise ServiceError(ACTIVITY_MESSAGES["one_province"], code="neighbourhoods")
    for n in hoods:
        permissions.require_activity_writer(actor, n)
    province_id = provinces.pop()
    agencies = list(data.agencies)
    if any(a.province_id != province_id or a.status != AgencyStatus.ACTIVE for a in agencies):
        raise ServiceError(ACTIVITY_MESSAGES["agencies"], code="agencies")
    if data.resolution is not None and data.resolution.province_id != province_id:
        raise ServiceError(ACTIVITY_MESSAGES["resolution"], code="resolution")
    programme = data.programme
    if programme is not None and programme.province_id not in (None, province_id):
        raise ServiceError(ACTIVITY_MESSAGES["programme"], code="programme")
    people = _parse_count(data.people_served, "people_served") if data.people_served not in (None, "") else 0
    return province_id, {
        "kind": data.kind,
        "title": title,
        "held_on": data.held_on,
        "volunteer_groups": "\n".join(
            normalise(line) for line in (data.volunteer_groups or "").splitlines() if line.strip()
        ),
        "people_served": people,
        "report": clean_input(data.report or ""),
        "resolution": data.resolution,
        "programme": programme,
    }


def _check_photos(files: Sequence[Any], already: int = 0) -> list[str]:
    """Every photo checked by its content before anything is written (the report attachments'
    checks, then: an image, not a PDF or a spreadsheet)."""
    from qarargah.resolutions.attachments import validate_attachment

    if len(files) + already > MAX_PHOTOS_PER_ACTIVITY:
        raise ServiceError(ACTIVITY_MESSAGES["too_many_photos"], code="photos")
    types = []
    for f in files:
        content_type = validate_attachment(f)
        if not content_type.startswith("image/"):
            name = PurePath(getattr(f, "name", "") or "").name
            raise ServiceError(ACTIVITY_MESSAGES["not_image"].format(name=name), code="photos")
        types.append(content_type)
    return types


def _save_photos(activity: Any, files: Sequence[Any], types: Sequence[str]) -> None:
    from qarargah.resolutions.attachments import sha256_of

    from .models import ActivityPhoto

    for uploaded, content_type in zip(files, types, strict=True):
        original = PurePath(uploaded.name or "").name[:255]
        photo = ActivityPhoto(
            activity=activity,
            original_name=original,
            content_type=content_type,
            size=int(uploaded.size or 0),
            sha256=sha256_of(uploaded),
        )
        photo.file.save(original, uploaded, save=False)
        photo.save()


@transaction.atomic
def record_activity(*, actor: Actor, data: ActivityData, photos: Sequence[Any] = ()) -> Any:
    """Record an activity held in target neighbourhoods (the house of each, its county
    governorate or the secretariat), with its photos; all or nothing."""
    from .models import Activity

    if actor is None:
        raise PermissionDenied(permissions.NOT_ACTIVITY_WRITER)
    province_id, fields = _check_activity(actor, data)
    types = _check_photos(list(photos))
    with acting_as(actor, event=NeighbourhoodEvent.ACTIVITY_RECORDED):
        activity = Activity.objects.create(province_id=province_id, created_by=_person(actor), **fields)
        activity.neighbourhoods.set(list(data.neighbourhoods))
        activity.agencies.set(list(data.agencies))
        _save_photos(activity, list(photos), types)
    return activity


@transaction.atomic
def update_activity(
    *, actor: Actor, activity: Any, data: ActivityData, expected_version: int | None = None
) -> Any:
    """Edit an activity: the writer must be allowed on every neighbourhood it had and has."""
    for n in activity.neighbourhoods.select_related("county"):
        permissions.require_activity_writer(actor, n)
    province_id, fields = _check_activity(actor, data)
    locked = lock_for_update(activity, expected_version=expected_version)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.province_id = province_id
    with acting_as(actor, event=NeighbourhoodEvent.ACTIVITY_UPDATED):
        save_new_version(locked, [*fields, "province", "updated_at"])
        locked.neighbourhoods.set(list(data.neighbourhoods))
        locked.agencies.set(list(data.agencies))
    return locked


@transaction.atomic
def add_activity_photos(*, actor: Actor, activity: Any, photos: Sequence[Any]) -> Any:
    for n in activity.neighbourhoods.select_related("county"):
        permissions.require_activity_writer(actor, n)
    types = _check_photos(list(photos), already=activity.photos.count())
    with acting_as(actor, event=NeighbourhoodEvent.ACTIVITY_PHOTOS_ADDED):
        _save_photos(activity, list(photos), types)
    return activity


# --- Programmes ---------------------------------------------------------------------------------------

PROGRAMME_MESSAGES = {
    "name_required": "نام طرح را بنویسید.",
    "national_admin": "طرح‌های ملی را مدیر سامانه تعریف می‌کند؛ دبیرخانه طرح استانی تعریف می‌کند.",
    "level": "سطح طرح باید ملی یا استانی باشد.",
    "foreign": "دستگاه‌ها، محله‌ها و مصوبات طرح باید از استان شما باشند.",
    "target_title": "عنوان هدف را بنویسید.",
    "target_value": "مقدار هدف باید بیشتر از صفر باشد.",
    "achieved": "مقدار انجام‌شده نمی‌تواند منفی باشد.",
}


@transaction.atomic
def save_programme(
    *,
    actor: Actor,
    name: str,
    level: str,
    province: Province | None,
    description: str = "",
    programme: Any = None,
) -> Any:
    """Define (or rename) a programme: a national one by an admin, a provincial one by its
    province's secretariat."""
    from .models import Programme, ProgrammeLevel

    permissions.require_programme_owner(actor, level, province.pk if province else None)
    name = normalise(name or "")
    if not name:
        raise ServiceError(PROGRAMME_MESSAGES["name_required"], code="name")
    if level not in ProgrammeLevel.values:
        raise ServiceError(PROGRAMME_MESSAGES["level"], code="level")
    with acting_as(actor, event=NeighbourhoodEvent.PROGRAMME_SAVED):
        row = programme or Programme()
        row.name, row.name_key, row.level = name, match_key(name), level
        row.province = province if level == ProgrammeLevel.PROVINCIAL else None
        row.description = clean_input(description or "")
        row.save()
    return row


@transaction.atomic
def set_programme_coverage(
    *,
    actor: Actor,
    programme: Any,
    province: Province,
    agencies: Sequence[Agency] = (),
    neighbourhoods: Sequence[TargetNeighbourhood] = (),
    resolutions: Sequence[Resolution] = (),
) -> Any:
    """One province's part of a programme: the agencies running it there, the neighbourhoods it
    covers and the resolutions under it (replaces that province's part; others' stay)."""
    permissions.require_programme_coverage(actor, programme, province.pk)
    if (
        any(a.province_id != province.pk for a in agencies)
        or any(n.county.province_id != province.pk for n in neighbourhoods)
        or any(r.province_id != province.pk for r in resolutions)
    ):
        raise ServiceError(PROGRAMME_MESSAGES["foreign"], code="coverage")
    with acting_as(actor, event=NeighbourhoodEvent.PROGRAMME_COVERAGE_CHANGED):
        programme.agencies.remove(*programme.agencies.filter(province=province))
        programme.agencies.add(*agencies)
        programme.neighbourhoods.remove(*programme.neighbourhoods.filter(county__province=province))
        programme.neighbourhoods.add(*neighbourhoods)
        programme.resolutions.remove(*programme.resolutions.filter(province=province))
        programme.resolutions.add(*resolutions)
    return programme


def _decimal_value(value: Any, message: str, code: str, *, positive: bool) -> Decimal:
    try:
        number = Decimal(to_latin_digits(str(value)).replace("٫", ".").replace(",", "").strip())
    except ArithmeticError:
        raise ServiceError(message, code=code) from None
    if not number.is_finite() or number < 0 or (positive and number == 0) or number >= Decimal("1e12"):
        raise ServiceError(message, code=code)
    return number


@transaction.atomic
def set_programme_target(
    *,
    actor: Actor,
    programme: Any,
    province: Province | None,
    title: str,
    unit: str,
    target: Any,
    due_on: datetime.date | None = None,
) -> Any:
    """A target of the programme: national (admin) or a province's share (its secretariat)."""
    from .models import ProgrammeTarget

    permissions.require_programme_coverage(actor, programme, province.pk if province else None)
    title = normalise(title or "")
    if not title:
        raise ServiceError(PROGRAMME_MESSAGES["target_title"], code="title")
    value = _decimal_value(target, PROGRAMME_MESSAGES["target_value"], "target", positive=True)
    with acting_as(actor, event=NeighbourhoodEvent.PROGRAMME_TARGET_SET):
        return ProgrammeTarget.objects.create(
            programme=programme,
            province=province,
            title=title,
            unit=normalise(unit or ""),
            target=value,
            due_on=due_on,
        )


@transaction.atomic
def record_target_progress(*, actor: Actor, target: Any, achieved: Any) -> Any:
    permissions.require_programme_coverage(actor, target.programme, target.province_id)
    value = _decimal_value(achieved, PROGRAMME_MESSAGES["achieved"], "achieved", positive=False)
    from .models import ProgrammeTarget

    locked = ProgrammeTarget.objects.select_for_update().get(pk=target.pk)
    locked.achieved = value
    with acting_as(actor, event=NeighbourhoodEvent.PROGRAMME_PROGRESS):
        locked.save(update_fields=["achieved", "updated_at"])
    return locked


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


# --- Indicators counted by the target-group registry (decision 0035) ------------------------------

FEED_MESSAGES = {
    "period": "دوره شاخص‌های ثبت گروه‌های هدف باید ماهی از سال شمسی باشد.",
    "code_taken": "کد شاخص «{code}» پیش‌تر برای شاخصی که دستی ثبت می‌شود به کار رفته است.",
}


@dataclass(frozen=True)
class FedIndicator:
    """One monthly indicator the registry counts: its place in the national list and this
    period's value per neighbourhood (neighbourhood id -> count). A neighbourhood of the province
    absent from ``values`` gets no value for the period: its count was suppressed."""

    code: str
    name: str
    unit: str
    values: dict[int, int]
    axis: str = Axis.SOCIAL
    direction: str = "lower_better"


@dataclass
class FeedResult:
    year: int
    part: int
    indicators: int = 0
    written: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def stored(self) -> int:
        return self.written + self.unchanged

    @property
    def period_label(self) -> str:
        return periods.period_label("month", self.year, self.part)


def _registry_indicator(fed: FedIndicator) -> Indicator:
    indicator, created = Indicator.objects.get_or_create(
        code=fed.code,
        defaults={
            "name": fed.name,
            "unit": fed.unit,
            "direction": fed.direction,
            "period": "month",
            "entered_by": "registry",
            "axis": fed.axis,
        },
    )
    if indicator.entered_by != "registry":
        # Never overwrite values people enter under an indicator that happens to share the code.
        raise ServiceError(FEED_MESSAGES["code_taken"].format(code=fed.code), code="indicator")
    if not created and (indicator.name, indicator.unit) != (fed.name, fed.unit):
        # A target group renamed: the national list follows it.
        indicator.name, indicator.unit = fed.name, fed.unit
        indicator.save(update_fields=["name", "unit"])
    return indicator


@transaction.atomic
def feed_registry_indicators(
    *, actor: Actor, province: Province, year: int, part: int, indicators: Sequence[FedIndicator]
) -> FeedResult:
    """Replace one month's values of the registry's indicators in every target neighbourhood of
    ``province``: values that changed are saved, values that are no longer given (a count now
    suppressed, or nobody left) are deleted, and the county and province roll-up of those periods
    is recounted in the same transaction. Only changed rows are written, each through ``save()``
    so the neighbourhood's timeline shows the event."""
    permissions.require_registry_feeder(actor, province.pk)
    if not (1300 <= int(year) <= 1500 and periods.valid_part("month", int(part))):
        raise ServiceError(FEED_MESSAGES["period"], code="period")
    county_of = dict(
        TargetNeighbourhood.objects.filter(county__province=province).values_list("pk", "county_id")
    )
    result = FeedResult(year=int(year), part=int(part))
    keys: list[tuple[int, int, int]] = []
    who = _person(actor)
    with acting_as(actor, event=NeighbourhoodEvent.INDICATORS_FED):
        for fed in indicators:
            indicator = _registry_indicator(fed)
            result.indicators += 1
            keys.append((indicator.pk, result.year, result.part))
            # Counts for neighbourhoods outside the province are not the caller's to give.
            wanted = {hid: Decimal(int(v)) for hid, v in fed.values.items() if hid in county_of}
            existing = {
                row.neighbourhood_id: row
                for row in IndicatorValue.objects.select_for_update().filter(
                    indicator=indicator,
                    year=result.year,
                    part=result.part,
                    neighbourhood_id__in=list(county_of),
                )
            }
            for hid, row in sorted(existing.items()):
                if hid not in wanted:
                    row.delete()
                    result.removed += 1
            for hid, value in sorted(wanted.items()):
                found = existing.get(hid)
                if found is None:
                    IndicatorValue(
                        indicator=indicator,
                        neighbourhood_id=hid,
                        year=result.year,
                        part=result.part,
                        value=value,
                        entered_by=who,
                    ).save()
                    result.written += 1
                elif found.value != value:
                    found.value = value
                    found.entered_by = who
                    found.save(update_fields=["value", "entered_by", "entered_at"])
                    result.written += 1
                else:
                    result.unchanged += 1
    if keys:
        rollup.refresh_indicators(set(county_of.values()), keys)
    return result
