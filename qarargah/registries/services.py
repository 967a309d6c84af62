"""Writes to the target-group registry: sources and their column mappings, uploads (with a
dry run), quarantined rows corrected, linking runs, people's review decisions and the access log.

Every service is keyword-only, takes ``actor=``, checks the actor's scope, runs in one
transaction and names its business event for the history (decision 0025).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.history.registry import acting_as
from qarargah.organisations.models import Agency, County, Province, TargetNeighbourhood
from qarargah.persian import match_key, normalise, to_persian_digits

from . import linking, reading
from .access import NOT_A_DATA_OFFICER, NOT_YOUR_SOURCE, can_write_source
from .events import RegistryEvent
from .models import (
    AccessAction,
    AccessLog,
    Decision,
    LinkRun,
    LinkRunStatus,
    MatchClass,
    MatchDecision,
    Person,
    QuarantinedRow,
    RecordLink,
    ReviewItem,
    ReviewStatus,
    Source,
    SourceRecord,
    TargetGroup,
    Upload,
)

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

MESSAGES = {
    "source_name": "نام منبع را بنویسید.",
    "source_exists": "منبعی با نام «{name}» در این استان هست.",
    "agency_province": "دستگاه انتخاب‌شده از استان این منبع نیست.",
    "group_name": "نام گروه هدف را بنویسید.",
    "group_exists": "گروه هدف «{name}» پیش‌تر ثبت شده است.",
    "group_province": "گروه هدف انتخاب‌شده از استان این منبع نیست.",
    "mapping_field": "فیلد «{value}» از فیلدهای استاندارد نیست.",
    "row_invalid": "ردیف هنوز درست نیست: {reasons}",
    "row_resolved": "این ردیف پیش‌تر اصلاح و بارگذاری شده است.",
    "reason": "دلیل دیدن اطلاعات این فرد را بنویسید (دست‌کم ۵ نویسه).",
    "decision": "تصمیم باید «link» (یک نفرند) یا «separate» (دو نفرند) باشد.",
    "same_record": "یک رکورد را نمی‌توان با خودش سنجید.",
    "run_running": "پیوند این استان هم‌اکنون در حال اجراست؛ تا پایان آن صبر کنید.",
    "engine_missing": "بسته پیوند رکوردها (splink و DuckDB) نصب نیست؛ سامانه را با «pip install .[registry]» نصب کنید.",
}

PREVIEW_ROWS = 20
# The engine's stages, as the run page says them.
STAGES_FA = {
    "prepare": "آماده‌سازی رکوردها",
    "train": "آموزش مدل بدون برچسب (بیشینه‌سازی امید)",
    "predict": "سنجش جفت‌های نامزد",
    "cluster": "دسته‌بندی رکوردها به افراد",
    "done": "پایان کار موتور پیوند",
}
_BATCH = 2000
_INSERT_BATCH = 10_000  # rows per executemany of new records


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _require_actor(actor: Actor | None) -> Actor:
    if actor is None:
        raise PermissionDenied(NOT_A_DATA_OFFICER)
    return actor


def _require_data_officer(actor: Actor | None, province_id: int | None) -> None:
    scope = scope_for(_require_actor(actor))
    if not (scope.can_see_registry_persons and scope.covers_province(province_id)):
        raise PermissionDenied(NOT_A_DATA_OFFICER)


def _require_source_writer(actor: Actor | None, source: Source) -> None:
    if not can_write_source(_require_actor(actor), source):
        raise PermissionDenied(NOT_YOUR_SOURCE)


# --- Groups and sources ---------------------------------------------------------------------


@transaction.atomic
def add_target_group(
    *, actor: Actor, province: Province, name: str, counts_households: bool = False
) -> TargetGroup:
    """A group of the province's own, beside the eight seeded ones (the secretariat or its data officer)."""
    scope = scope_for(_require_actor(actor))
    if not (
        (scope.can_see_registry_persons or scope.can_edit_registry) and scope.covers_province(province.pk)
    ):
        raise PermissionDenied(NOT_A_DATA_OFFICER)
    name = normalise(name or "")
    if not name:
        raise ServiceError(MESSAGES["group_name"], code="name")
    key = match_key(name)
    if TargetGroup.objects.filter(name_key=key).filter(province__isnull=True).exists() or (
        TargetGroup.objects.filter(name_key=key, province=province).exists()
    ):
        raise ServiceError(MESSAGES["group_exists"].format(name=name), code="name")
    code = f"g{hashlib.sha256(key.encode()).hexdigest()[:10]}"
    with acting_as(actor, event=RegistryEvent.GROUP_ADDED):
        return TargetGroup.objects.create(
            code=code, name=name, name_key=key, province=province, counts_households=counts_households
        )


def find_group(province: Province, text: str) -> TargetGroup | None:
    """A group by its code or name (the command's ``--group``)."""
    key = match_key(text)
    groups = TargetGroup.objects.filter(province__isnull=True) | TargetGroup.objects.filter(province=province)
    for group in groups:
        if group.code == text.strip() or group.name_key == key:
            return group
    return None


@transaction.atomic
def create_source(
    *,
    actor: Actor,
    province: Province,
    name: str,
    agency: Agency | None = None,
    groups: Sequence[TargetGroup] = (),
) -> Source:
    name = normalise(name or "")
    if not name:
        raise ServiceError(MESSAGES["source_name"], code="name")
    if agency is not None and agency.province_id != province.pk:
        raise ServiceError(MESSAGES["agency_province"], code="agency")
    for group in groups:
        if group.province_id not in (None, province.pk):
            raise ServiceError(MESSAGES["group_province"], code="groups")
    scope = scope_for(_require_actor(actor))
    allowed = (scope.can_see_registry_persons and scope.covers_province(province.pk)) or (
        agency is not None and scope.acts_for(agency.pk)
    )
    if not allowed:
        raise PermissionDenied(NOT_YOUR_SOURCE)
    key = match_key(name)
    if Source.objects.filter(province=province, name_key=key).exists():
        raise ServiceError(MESSAGES["source_exists"].format(name=name), code="name")
    with acting_as(actor, event=RegistryEvent.SOURCE_CREATED):
        source = Source.objects.create(province=province, agency=agency, name=name, name_key=key)
        if groups:
            source.groups.set(groups)
    return source


@transaction.atomic
def save_mapping(*, actor: Actor, source: Source, mapping: Mapping[str, str]) -> Source:
    """Remember which standard field each header (by its match key) means; "" keeps the column
    as an extra attribute."""
    _require_source_writer(actor, source)
    for value in mapping.values():
        if value and value not in reading.FIELDS:
            raise ServiceError(MESSAGES["mapping_field"].format(value=value), code="mapping")
    locked = Source.objects.select_for_update().get(pk=source.pk)
    merged = {**(locked.column_mapping or {}), **{reading.header_key(k): v for k, v in mapping.items()}}
    if merged != locked.column_mapping:
        with acting_as(actor, event=RegistryEvent.MAPPING_SAVED):
            locked.column_mapping = merged
            locked.save(update_fields=["column_mapping"])
    source.column_mapping = merged
    return locked


# --- Uploads --------------------------------------------------------------------------------


def places_of(province: Province) -> reading.Places:
    counties = {match_key(c.name): c.pk for c in County.objects.filter(province=province)}
    neighbourhoods: dict[tuple[int, str], int] = {}
    where: dict[str, list[int]] = defaultdict(list)
    for n in TargetNeighbourhood.objects.filter(county__province=province).only(
        "id", "county_id", "name_key"
    ):
        neighbourhoods[(n.county_id, n.name_key)] = n.pk
        where[n.name_key].append(n.county_id)
    return reading.Places(province.name, counties, neighbourhoods, dict(where))


@dataclass
class UploadResult:
    dry_run: bool
    loaded: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    warnings: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    preview: list[reading.ParsedRow] = field(default_factory=list)
    invalid: list[reading.ParsedRow] = field(default_factory=list)
    upload: Upload | None = None

    def counts(self) -> dict[str, int]:
        return {
            "loaded": self.loaded,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "quarantined": self.quarantined,
        }


_RECORD_COLUMNS = (
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "sex",
    "mobile",
    "address",
    "county_id",
    "neighbourhood_id",
    "head_national_code",
)


def _apply(record: SourceRecord, row: reading.ParsedRow) -> None:
    for name in _RECORD_COLUMNS:
        setattr(record, name, row.values[name])
    record.attributes = row.attributes
    record.content_hash = row.content_hash()


def _quarantine_key(values: Mapping[str, str]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def import_upload(
    *,
    actor: Actor,
    source: Source,
    filename: str,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    today: datetime.date | None = None,
) -> UploadResult:
    """Load one file into ``source``: new rows created, changed rows of a known ``source_id``
    updated (their history keeps the old values), identical rows left alone, invalid rows
    quarantined with their row number and Persian reasons. All in one transaction; a dry run
    reads and checks everything and writes nothing. The same file twice loads nothing new."""
    _require_source_writer(actor, source)
    with _gc_paused():
        return _import_upload(actor, source, filename, data, mapping, dry_run, today)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a file is read and written: a list of 100,000
    rows is a million small dicts and strings (none in a cycle), and the collector walked them
    again and again as they were made (a sixth of an upload's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import_upload(
    actor: Actor,
    source: Source,
    filename: str,
    data: bytes,
    mapping: Mapping[str, str] | None,
    dry_run: bool,
    today: datetime.date | None,
) -> UploadResult:
    sheet = reading.read_sheet(filename, data)
    parsed = reading.parse_sheet(
        sheet,
        places=places_of(source.province),
        remembered=source.column_mapping or {},
        chosen=mapping,
        today=today,
        blank_invalid_codes=settings.QARARGAH_REGISTRY_INVALID_CODES == "blank",
    )
    result = UploadResult(
        dry_run=dry_run,
        warnings=parsed.warnings,
        unknown_headers=parsed.unknown_headers,
        headers=sheet.headers,
        mapping=parsed.mapping,
        preview=parsed.rows[:PREVIEW_ROWS],
        invalid=[r for r in parsed.rows if not r.valid],
    )
    valid = [r for r in parsed.rows if r.valid]
    existing = {
        sid: (pk, digest)
        for sid, pk, digest in SourceRecord.objects.filter(source=source).values_list(
            "external_id", "id", "content_hash"
        )
    }
    # Each row's hash is computed once: it decides new / changed / unchanged and is then stored.
    new_rows: list[tuple[reading.ParsedRow, str]] = []
    changed: dict[int, reading.ParsedRow] = {}
    for row in valid:
        digest = row.content_hash()
        known = existing.get(str(row.values["source_id"]))
        if known is None:
            new_rows.append((row, digest))
        elif known[1] != digest:
            changed[known[0]] = row
        else:
            result.unchanged += 1
    del existing
    result.loaded, result.updated, result.quarantined = len(new_rows), len(changed), len(result.invalid)
    if dry_run:
        return result
    with transaction.atomic():
        _write_upload(actor, source, filename, data, parsed, result, new_rows, changed)
    return result


def _write_upload(
    actor: Actor,
    source: Source,
    filename: str,
    data: bytes,
    parsed: reading.ParsedSheet,
    result: UploadResult,
    new_rows: list[tuple[reading.ParsedRow, str]],
    changed: dict[int, reading.ParsedRow],
) -> None:
    upload = Upload.objects.create(
        source=source,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        loaded=result.loaded,
        updated=result.updated,
        unchanged=result.unchanged,
        quarantined=result.quarantined,
        warnings=result.warnings,
        uploaded_by=_user(actor),
    )
    result.upload = upload
    # Creation is recorded by the upload itself (who, when, which file, how many rows); a
    # record's own history starts with its first change (decision 0025).
    _insert_records(source, upload, timezone.now(), new_rows)
    if changed:
        with acting_as(actor, event=RegistryEvent.RECORD_UPDATED, upload=upload.pk):
            for record in SourceRecord.objects.filter(pk__in=list(changed)).select_for_update():
                _apply(record, changed[record.pk])
                record.upload = upload
                record.save()
    if not result.invalid:
        waiting: set[str] = set()
    else:
        # A row quarantined before and still unresolved is not quarantined twice.
        waiting = {
            _quarantine_key(values)
            for values in QuarantinedRow.objects.filter(upload__source=source, resolved=False).values_list(
                "values", flat=True
            )
        }
    QuarantinedRow.objects.bulk_create(
        [
            QuarantinedRow(upload=upload, row_number=row.number, values=row.raw, reasons=row.reasons)
            for row in result.invalid
            if _quarantine_key(row.raw) not in waiting
        ],
        batch_size=_BATCH,
    )
    # The headers this file used are remembered for the source's next upload.
    remembered = {**(source.column_mapping or {}), **parsed.mapping}
    if remembered != source.column_mapping:
        source.column_mapping = remembered
        Source.objects.filter(pk=source.pk).update(column_mapping=remembered)


def _insert_records(
    source: Source, upload: Upload, now: datetime.datetime, rows: Sequence[tuple[reading.ParsedRow, str]]
) -> None:
    """INSERT the new records (rows with their content hashes) with ``executemany`` (COPY on
    PostgreSQL), straight from the parsed values. ``bulk_create`` on SQLite splits a batch into statements of 999
    parameters (58 rows of 17 columns) and spent most of an upload's time compiling them, and a
    model instance per row cost more than parsing the row. Values that are the same for every
    row (source, upload, times, the other fields' defaults) go through their field's
    ``get_db_prep_save`` once; per row, the birth date is adapted as ``DateField`` does, the
    attributes as ``JSONField`` does (once per distinct set: most rows carry none or only their
    neighbourhood's name), and the parsed strings and ids are passed as they are."""
    if not rows:
        return
    meta = SourceRecord._meta
    concrete = [f for f in meta.local_concrete_fields if not f.primary_key]
    by_name = {f.name: f for f in concrete}
    by_attname = {f.attname: f for f in concrete}
    # Columns taken from each row's values as they are (strings, ids or None), in this order.
    plain = {by_name[name.removesuffix("_id")].attname: name for name in _RECORD_COLUMNS}
    plain.pop("birth_date")
    plain["external_id"] = "source_id"
    values_of = itemgetter(*plain.values())
    per_row = [*plain, "birth_date", "attributes", "content_hash"]
    constant = {"source_id": source.pk, "upload_id": upload.pk, "created_at": now, "updated_at": now}
    others = [f for f in concrete if f.attname not in per_row]
    fixed = tuple(
        f.get_db_prep_save(constant[f.attname] if f.attname in constant else f.get_default(), connection)
        for f in others
    )
    attributes_field = by_name["attributes"]
    prepared_attributes: dict[tuple[tuple[str, str], ...], Any] = {}

    def attributes(row: reading.ParsedRow) -> Any:
        key = tuple(row.attributes.items())
        found = prepared_attributes.get(key)
        if found is None:
            found = attributes_field.get_db_prep_save(row.attributes, connection)
            if len(prepared_attributes) < 10_000:
                prepared_attributes[key] = found
        return found

    adapt_date: Callable[[Any], Any] = connection.ops.adapt_datefield_value
    qn = connection.ops.quote_name
    columns = [by_attname[name].column for name in per_row] + [f.column for f in others]
    table = f"{qn(meta.db_table)} ({', '.join(qn(str(c)) for c in columns)})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _INSERT_BATCH):
            params = [
                (
                    *values_of(row.values),
                    adapt_date(row.values["birth_date"]),
                    attributes(row),
                    digest,
                    *fixed,
                )
                for row, digest in rows[start : start + _INSERT_BATCH]
            ]
            _stream_rows(cursor, table, len(columns), params)


def _stream_rows(cursor: Any, target: str, width: int, rows: Sequence[Sequence[Any]]) -> None:
    """Many rows into ``target`` («table (column, …)»): COPY on PostgreSQL — one stream, where an
    INSERT per row waits for the server each time (most of an upload's time there); psycopg
    adapts each value as it would for the INSERT, in the same transaction — and one
    ``executemany`` of an INSERT on SQLite."""
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO {target} VALUES ({', '.join(['%s'] * width)})", rows)


@transaction.atomic
def resolve_quarantined_row(*, actor: Actor, row: QuarantinedRow, values: Mapping[str, str]) -> SourceRecord:
    """Load a quarantined row with the data officer's (or agency's) corrections, standard
    field -> text. Checked like a file row; the row is marked resolved."""
    source = row.upload.source
    _require_source_writer(actor, source)
    locked = QuarantinedRow.objects.select_for_update().get(pk=row.pk)
    if locked.resolved:
        raise ServiceError(MESSAGES["row_resolved"], code="resolved")
    fields = [name for name in reading.FIELDS]
    sheet = reading.Sheet(headers=fields, rows=[(row.row_number, [str(values.get(n, "")) for n in fields])])
    parsed = reading.parse_sheet(sheet, places=places_of(source.province), remembered={})
    checked = parsed.rows[0]
    # What was outside the standard fields stays with the record.
    standard = {reading.recognise(h) for h in row.values}
    checked.attributes = {
        h: normalise(v) for h, v in row.values.items() if reading.recognise(h) is None and v
    }
    del standard
    if not checked.valid:
        raise ServiceError(MESSAGES["row_invalid"].format(reasons="؛ ".join(checked.reasons)), code="invalid")
    source_id = str(checked.values["source_id"])
    record = SourceRecord.objects.filter(source=source, external_id=source_id).select_for_update().first()
    with acting_as(actor, event=RegistryEvent.QUARANTINE_RESOLVED):
        if record is None:
            record = SourceRecord(source=source, external_id=source_id, upload=row.upload)
        _apply(record, checked)
        record.save()
        locked.resolved = True
        locked.resolved_record = record
        locked.save(update_fields=["resolved", "resolved_record"])
    return record


# --- Linking --------------------------------------------------------------------------------


@dataclass
class LinkSummary:
    records: int
    persons: int
    counts: dict[str, int]
    # Pairs waiting in the review queue after the run (all of the province's open items).
    review_items: int
    seconds: float
    # Records the run scored: all of them, or only the new and changed ones.
    linked: int = 0
    incremental: bool = False


def start_link_run(*, actor: Actor, province: Province, retrain: bool = False) -> LinkRun:
    """Queue a linking run of the province (the page); the task runs it and updates its progress.
    ``retrain``: train the model again and link every record."""
    _require_data_officer(actor, province.pk)
    if LinkRun.objects.filter(
        province=province, status__in=[LinkRunStatus.QUEUED, LinkRunStatus.RUNNING]
    ).exists():
        raise ServiceError(MESSAGES["run_running"], code="running")
    run = LinkRun.objects.create(
        province=province, requested_by=_user(actor), stage="در نوبت اجرا", retrain=retrain
    )
    from .tasks import run_link_task

    transaction.on_commit(lambda: run_link_task.enqueue(run_id=run.pk))
    return run


# A run links only what is new or changed since the last one when that is at most this share
# of the province's records; more than that and a full run costs about the same and re-scores
# every pair with the latest term frequencies.
INCREMENTAL_SHARE = 0.5
# The model is trained again once the province holds more than this many times the records the
# model was trained on (an early model trained on a few hundred records does not fit a
# million).
RETRAIN_GROWTH = 2.0
# A model that was never trained (the engine keeps its priors below 200 records) stands for
# this many records.
_PRIORS_STAND_FOR = 100


@dataclass
class _Plan:
    """What an incremental run starts from: the records linked before (their person and class)
    and their stored features, and the records to link now."""

    existing: dict[int, tuple[int | None, str]]
    new: dict[int, tuple[int | None, str]]
    features: Any

    def new_records(self) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        for chunk in _chunks(sorted(self.new)):
            out.extend(linking.engine_records(SourceRecord.objects.filter(pk__in=chunk)))
        return out


def _links_of(province_id: int) -> dict[int, tuple[int | None, str]]:
    """Each linked record's person and class. Read from the links alone (through the person's
    province, a smaller table than the records): joining a million records to their links
    took seconds on SQLite."""
    return {
        pk: (person, match)
        for pk, person, match in RecordLink.objects.filter(person__province_id=province_id)
        .order_by()
        .values_list("record_id", "person_id", "match")
        .iterator(chunk_size=20_000)
    }


def _last_model_run(province: Province) -> LinkRun | None:
    return (
        LinkRun.objects.filter(province=province, status=LinkRunStatus.DONE, model__isnull=False)
        .order_by("-created_at", "-id")
        .first()
    )


def _trained_on(province: Province) -> int:
    """Records the province had when its model was last trained (0: never)."""
    for records, stages in (
        LinkRun.objects.filter(province=province, status=LinkRunStatus.DONE, model__isnull=False)
        .order_by("-created_at", "-id")
        .values_list("records", "stages")
    ):
        if "train" in (stages or {}):
            return int(records)
    return 0


def _incremental_plan(records: QuerySet[SourceRecord], last: LinkRun) -> _Plan | None:
    """Records linked by the last run (or before) and unchanged since it started are kept with
    their person; the rest — never linked, or changed by an upload or a correction since — are
    linked against them. None when a full run is due (nothing linked yet, too much new, or the
    stored features do not cover the kept records)."""
    if not last.features:
        return None
    since = last.created_at
    links = _links_of(last.province_id)
    existing: dict[int, tuple[int | None, str]] = {}
    new: dict[int, tuple[int | None, str]] = {}
    # The dates compared in SQL: a million of them read into Python took seconds.
    changed = set(records.filter(updated_at__gt=since).order_by().values_list("id", flat=True))
    for pk in records.order_by().values_list("id", flat=True).iterator(chunk_size=20_000):
        link = links.get(pk)
        if link is None or pk in changed:
            new[pk] = link or (None, "")
        else:
            existing[pk] = link
    if not existing or len(new) > INCREMENTAL_SHARE * (len(existing) + len(new)):
        return None
    try:
        features = linking.features_for(last.features, (str(pk) for pk in existing))
    except (OSError, ValueError):
        features = None  # the file is gone or unreadable: link everything again
    if features is None:
        return None
    return _Plan(existing, new, features)


def run_linking(
    *,
    actor: Actor,
    province: Province,
    run: LinkRun | None = None,
    progress: Callable[[str, float], None] | None = None,
    retrain: bool = False,
) -> LinkSummary:
    """Link the records of the province: the engine clusters them (honouring every decision
    people made), each cluster becomes (or stays) one person, and the pairs it was unsure of
    wait in the review queue. Persons keep their registry id across runs: a cluster takes the
    person most of its records already had.

    The model trained by the last finished run is reused (no training) unless ``retrain`` or
    the province has grown past RETRAIN_GROWTH times what it was trained on. When the records
    new or changed since the last run are few (INCREMENTAL_SHARE), only they are scored,
    against the people already linked, and only the people they touch are written: an upload
    of ten thousand records links in seconds in a registry of a million (decision 0026)."""
    _require_data_officer(actor, province.pk)
    started = time.monotonic()
    run = run or LinkRun.objects.create(province=province, requested_by=_user(actor))

    def report(stage: str, fraction: float) -> None:
        stage = STAGES_FA.get(stage, stage)
        LinkRun.objects.filter(pk=run.pk).update(
            status=LinkRunStatus.RUNNING, stage=stage[:200], progress=max(0.0, min(fraction, 1.0))
        )
        if progress is not None:
            progress(stage, fraction)

    try:
        report("خواندن رکوردها", 0.0)
        records_qs = SourceRecord.objects.filter(source__province=province)
        decisions = linking.engine_decisions(
            MatchDecision.objects.filter(record_a__source__province=province)
        )
        last = None if retrain else _last_model_run(province)
        trained_on = max(_trained_on(province), _PRIORS_STAND_FOR)
        if last is not None and records_qs.count() > RETRAIN_GROWTH * trained_on:
            last = None
        plan = _incremental_plan(records_qs, last) if last is not None else None
        try:
            if plan is not None and last is not None:
                result = linking.call_engine_new(
                    plan.new_records(),
                    plan.features,
                    {str(pk): str(person) for pk, (person, _) in plan.existing.items()},
                    {str(pk): match for pk, (_, match) in plan.existing.items()},
                    decisions,
                    report,
                    last.model or {},
                )
                current = {**plan.existing, **plan.new}
            else:
                links = _links_of(province.pk)
                current = {
                    pk: links.get(pk, (None, ""))
                    for pk in records_qs.order_by().values_list("id", flat=True).iterator(chunk_size=20_000)
                }
                records = linking.engine_records(records_qs)
                if last is not None:
                    result = linking.call_engine(records, decisions, report, last.model)
                else:
                    result = linking.call_engine(records, decisions, report)
        except ImportError as exc:
            raise ServiceError(MESSAGES["engine_missing"], code="engine_missing") from exc
        report("ثبت افراد و صف بررسی", 0.95)
        with transaction.atomic(), acting_as(actor, event=RegistryEvent.LINKED):
            summary = _apply_links(province, result, run, current, incremental=plan is not None)
        summary.linked = len(plan.new) if plan is not None else len(current)
        summary.incremental = plan is not None
    except Exception as exc:
        LinkRun.objects.filter(pk=run.pk).update(
            status=LinkRunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    _keep_features(province, run, getattr(result, "features", None))
    summary.seconds = time.monotonic() - started
    LinkRun.objects.filter(pk=run.pk).update(
        status=LinkRunStatus.DONE,
        stage="پایان",
        progress=1.0,
        counts=summary.counts,
        records=summary.records,
        persons=summary.persons,
        seconds=summary.seconds,
        model=getattr(result, "model", None),
        stages=dict(getattr(result, "stages", {}) or {}),
        incremental=summary.incremental,
        linked=summary.linked,
        retrain=retrain or run.retrain,
        finished_at=timezone.now(),
    )
    _feed_after_linking(actor, province)
    return summary


def _apply_links(
    province: Province,
    result: Any,
    run: LinkRun,
    current: Mapping[int, tuple[int | None, str]],
    *,
    incremental: bool = False,
) -> LinkSummary:
    """Write a run's clusters as persons. ``current``: each record's person and class before the
    run. A full run answers for every record; an incremental one only for the records it may
    have changed (whole persons, whole households), and every other record is left alone."""
    clusters: dict[str, str] = result.clusters
    match: dict[str, str] = result.match
    households: dict[str, str] = getattr(result, "households", {}) or {}
    answered = [int(k) for k in clusters] if incremental else sorted(current)
    members: dict[str, list[int]] = defaultdict(list)
    for pk in answered:
        members[clusters.get(str(pk), f"single-{pk}")].append(pk)
    # A person still holding records the run did not answer for stays theirs.
    claimed = _persons_held_elsewhere(current, answered) if incremental else set()
    # Bigger clusters choose first, each the person most of its records had.
    assignment: dict[str, int | None] = {}
    for cid, group in sorted(members.items(), key=lambda item: (-len(item[1]), item[0])):
        votes = Counter(current[pk][0] for pk in group if current[pk][0] is not None)
        chosen = next((pid for pid, _ in votes.most_common() if pid not in claimed), None)
        if chosen is not None:
            claimed.add(chosen)
        assignment[cid] = chosen
    fresh = [cid for cid, pid in assignment.items() if pid is None]
    # A new person is written with its household at once (rewriting 450,000 persons after
    # creating them took seconds on PostgreSQL).
    cluster_household = {
        cid: next((str(households[str(pk)])[:40] for pk in members[cid] if str(pk) in households), "")
        for cid in fresh
    }
    created = _create_persons(province, [cluster_household[cid] for cid in fresh])
    for cid, pid in zip(fresh, created, strict=True):
        assignment[cid] = pid
    person_of: dict[int, int | None] = {}
    changed_records: list[tuple[Any, ...]] = []
    for cid, group in members.items():
        new_person = assignment[cid]
        for pk in group:
            person_of[pk] = new_person
            cls = match.get(str(pk), MatchClass.SINGLE)
            if current[pk] != (new_person, cls):
                changed_records.append((new_person, cls, pk))
    _write_links(changed_records)
    # Households: the engine's household of any record of the person; a full run clears the
    # household of a person the engine put in none.
    person_households: dict[int, str] = {}
    for key, household in households.items():
        pk = int(key)
        owner = person_of[pk] if pk in person_of else current.get(pk, (None, ""))[0]
        if owner is not None:
            person_households.setdefault(owner, str(household)[:40])
    if not incremental:
        for owner in assignment.values():
            if owner is not None:
                person_households.setdefault(owner, "")
    _update_rows(Person, ["household"], _households_changed(province, person_households, incremental))
    # Persons whose records all went elsewhere are gone (their access-log lines keep the id).
    if incremental:
        left = {current[pk][0] for pk in answered} - set(assignment.values())
        for chunk in _chunks(sorted(p for p in left if p is not None)):
            Person.objects.filter(pk__in=chunk, links__isnull=True).delete()
    else:
        Person.objects.filter(province=province, links__isnull=True).delete()
    _refresh_review_queue(province, result, run, answered if incremental else None)
    review_items = ReviewItem.objects.filter(province=province, status=ReviewStatus.OPEN).count()
    # Counted on the links alone (see _links_of); the records no run has linked yet are the rest.
    counts = dict(
        RecordLink.objects.filter(person__province=province)
        .order_by()
        .values_list("match")
        .annotate(n=Count("record_id"))
        .values_list("match", "n")
    )
    records = SourceRecord.objects.filter(source__province=province).count()
    return LinkSummary(
        records=records,
        persons=Person.objects.filter(province=province).count(),
        counts={cls.value: counts.get(cls.value, 0) for cls in MatchClass},
        review_items=review_items,
        seconds=0.0,
    )


def _chunks(items: Sequence[Any], size: int = 900) -> Iterable[Sequence[Any]]:
    """Pieces small enough for any backend's limit on query parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _persons_held_elsewhere(current: Mapping[int, tuple[int | None, str]], answered: list[int]) -> set[int]:
    """Persons of the answered records that also hold records the run did not answer for: a
    record changed since the last run and now linked elsewhere leaves its person to the
    records that stayed."""
    mine = Counter(current[pk][0] for pk in answered if current[pk][0] is not None)
    held: set[int] = set()
    for chunk in _chunks(sorted(pid for pid in mine if pid is not None)):
        for pid, n in (
            RecordLink.objects.filter(person_id__in=chunk)
            .order_by()
            .values_list("person_id")
            .annotate(n=Count("record_id"))
            .values_list("person_id", "n")
        ):
            if n > mine[pid]:
                held.add(pid)
    return held


def _households_changed(
    province: Province, wanted: Mapping[int, str], incremental: bool
) -> list[tuple[str, int]]:
    if incremental:
        stored: dict[int, str] = {}
        for chunk in _chunks(sorted(wanted)):
            stored.update(Person.objects.filter(pk__in=chunk).values_list("id", "household"))
    else:
        stored = dict(Person.objects.filter(province=province).values_list("id", "household"))
    return [
        (household, pid) for pid, household in wanted.items() if pid in stored and stored[pid] != household
    ]


def _create_persons(province: Province, households: Sequence[str]) -> list[int]:
    """New persons, one per household given, numbered after the province's last, streamed in
    (``bulk_create`` compiles a statement per batch, which took seconds for 100,000), their
    ids read back by number."""
    count = len(households)
    if count == 0:
        return []
    first = (Person.objects.filter(province=province).aggregate(m=Max("number"))["m"] or 0) + 1
    meta = Person._meta
    fields = [
        f
        for f in (meta.get_field(name) for name in ("province", "number", "household", "created_at"))
        if isinstance(f, models.Field)
    ]
    qn = connection.ops.quote_name
    target = f"{qn(meta.db_table)} ({', '.join(qn(str(f.column)) for f in fields)})"
    created_at = fields[3].get_db_prep_save(timezone.now(), connection)
    rows = [(province.pk, first + i, household, created_at) for i, household in enumerate(households)]
    with connection.cursor() as cursor:
        for start in range(0, count, 10_000):
            _stream_rows(cursor, target, len(fields), rows[start : start + 10_000])
    return list(
        Person.objects.filter(province=province, number__gte=first)
        .order_by("number")
        .values_list("id", flat=True)
    )


def _keep_features(province: Province, run: LinkRun, table: Any) -> None:
    """Store the run's prepared features for the next incremental run; earlier runs' files go
    (they hold personal data and only the last is ever read)."""
    if table is None:
        return
    try:
        data = linking.features_to_parquet(table)
    except ImportError:
        return
    run.features.save(f"run-{run.pk}.parquet", ContentFile(data), save=False)
    LinkRun.objects.filter(pk=run.pk).update(features=run.features.name)
    for old in LinkRun.objects.filter(province=province).exclude(pk=run.pk).exclude(features=""):
        old.features.delete(save=False)
        LinkRun.objects.filter(pk=old.pk).update(features="")


def _update_rows(model: type[Any], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Set ``columns`` of many rows, each row given as (values…, id).

    SQLite: UPDATE … WHERE id = … with one ``executemany`` per batch (``bulk_update`` builds a
    CASE per column over each batch, which took minutes for a province's 100,000 records).
    PostgreSQL: the rows are copied (COPY) into a temporary table and applied by one UPDATE …
    FROM it — an ``executemany`` waits for the server once per row, and even batches of
    UPDATE … FROM (VALUES …) took 61 s for a million records, against a few seconds this way."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sets = ", ".join(f"{qn(c)} = %s" for c in columns)
            sql = f"UPDATE {table} SET {sets} WHERE {qn('id')} = %s"
            for start in range(0, len(rows), 10_000):
                cursor.executemany(sql, rows[start : start + 10_000])
            return
        by_column = {f.column: f for f in model._meta.local_concrete_fields}
        types = [by_column[c].cast_db_type(connection) for c in columns]
        staged = qn(f"staged_{model._meta.db_table}")
        defined = ", ".join(f"c{i} {t}" for i, t in enumerate(types))
        cursor.execute(f"CREATE TEMPORARY TABLE {staged} ({defined}, id bigint) ON COMMIT DROP")
        _stream_rows(cursor, staged, len(columns) + 1, rows)
        sets = ", ".join(f"{qn(c)} = s.c{i}" for i, c in enumerate(columns))
        cursor.execute(f"UPDATE {table} SET {sets} FROM {staged} AS s WHERE {table}.{qn('id')} = s.id")
        cursor.execute(f"DROP TABLE {staged}")


def _write_links(rows: list[tuple[Any, ...]]) -> None:
    """Each record's person and class, given as (person, class, record): inserted, or updated
    where the record had a link. PostgreSQL: copied (COPY) into a temporary table and applied
    by one INSERT … ON CONFLICT from it; SQLite: one ``executemany`` of the same statement per
    batch."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(RecordLink._meta.db_table)
    record, person, match = qn("record_id"), qn("person_id"), qn("match")
    upsert = f"ON CONFLICT ({record}) DO UPDATE SET {person} = excluded.{person}, {match} = excluded.{match}"
    ordered = [(pk, person_id, cls) for person_id, cls, pk in rows]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sql = f"INSERT INTO {table} ({record}, {person}, {match}) VALUES (%s, %s, %s) {upsert}"
            for start in range(0, len(ordered), 10_000):
                cursor.executemany(sql, ordered[start : start + 10_000])
            return
        staged = qn("staged_registries_recordlink")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staged} (record_id bigint, person_id bigint, match varchar(10)) "
            "ON COMMIT DROP"
        )
        _stream_rows(cursor, staged, 3, ordered)
        cursor.execute(
            f"INSERT INTO {table} ({record}, {person}, {match}) "
            f"SELECT record_id, person_id, match FROM {staged} {upsert}"
        )
        cursor.execute(f"DROP TABLE {staged}")


def _refresh_review_queue(
    province: Province, result: Any, run: LinkRun, answered: Sequence[int] | None = None
) -> int:
    """A full run's open queue replaces the last one's; an incremental run replaces only the
    open items of the records it answered for. Decided items stay as the record of the
    decision."""
    open_items = ReviewItem.objects.filter(province=province, status=ReviewStatus.OPEN)
    if answered is None:
        open_items.delete()
    else:
        for chunk in _chunks(sorted(answered)):
            open_items.filter(Q(record_a_id__in=chunk) | Q(record_b_id__in=chunk)).delete()
    kept = set(ReviewItem.objects.filter(province=province).values_list("record_a_id", "record_b_id"))
    decided = set(
        MatchDecision.objects.filter(record_a__source__province=province).values_list(
            "record_a_id", "record_b_id"
        )
    )
    items = []
    for pair in result.review_pairs:
        a, b = sorted((int(pair.key_a), int(pair.key_b)))
        if a == b or (a, b) in kept or (a, b) in decided:
            continue
        kept.add((a, b))
        items.append(
            ReviewItem(
                province=province,
                record_a_id=a,
                record_b_id=b,
                probability=float(pair.probability),
                match_weight=float(pair.match_weight),
                contributions=[
                    [str(label), agree, float(weight)] for label, agree, weight in pair.contributions
                ],
                run=run,
            )
        )
    ReviewItem.objects.bulk_create(items, batch_size=_BATCH)
    return len(items)


@transaction.atomic
def decide_review(*, actor: Actor, item: ReviewItem, decision: str) -> ReviewItem:
    """The data officer's word on a pair: kept as a :class:`MatchDecision` every later run
    honours, and applied to the persons now (linked: one person; separated: two)."""
    _require_data_officer(actor, item.province_id)
    if decision not in Decision.values:
        raise ServiceError(MESSAGES["decision"], code="decision")
    locked = ReviewItem.objects.select_for_update().get(pk=item.pk)
    event = RegistryEvent.REVIEW_LINKED if decision == Decision.LINK else RegistryEvent.REVIEW_SEPARATED
    with acting_as(actor, event=event):
        record_decision(actor=actor, record_a=locked.record_a, record_b=locked.record_b, decision=decision)
        locked.status = ReviewStatus.LINKED if decision == Decision.LINK else ReviewStatus.SEPARATED
        locked.decided_by = _user(actor)
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def record_decision(
    *, actor: Actor, record_a: SourceRecord, record_b: SourceRecord, decision: str
) -> MatchDecision:
    """Two records are one person, or two: stored, and applied to the persons at once."""
    province_id = record_a.source.province_id
    _require_data_officer(actor, province_id)
    if record_b.source.province_id != province_id:
        raise PermissionDenied(NOT_A_DATA_OFFICER)
    if record_a.pk == record_b.pk:
        raise ServiceError(MESSAGES["same_record"], code="same_record")
    if decision not in Decision.values:
        raise ServiceError(MESSAGES["decision"], code="decision")
    a, b = sorted((record_a, record_b), key=lambda r: r.pk)
    found, _ = MatchDecision.objects.update_or_create(
        record_a=a, record_b=b, defaults={"decision": decision, "decided_by": _user(actor)}
    )
    person_a, person_b = (
        RecordLink.objects.filter(record_id=r.pk).values_list("person_id", flat=True).first() for r in (a, b)
    )
    if decision == Decision.LINK:
        # One person for both: the one either already has (a's first), or a new one.
        keep: int = (
            person_a
            if person_a is not None
            else person_b
            if person_b is not None
            else _new_person(province_id).pk
        )
        gone = person_b if person_a is not None and person_b not in (None, person_a) else None
        if gone is not None:
            RecordLink.objects.filter(person_id=gone).update(person_id=keep)
            Person.objects.filter(pk=gone).delete()
        _link_manually(a.pk, keep)
        _link_manually(b.pk, keep)
    elif person_a is not None and person_a == person_b:
        _link_manually(b.pk, _new_person(province_id).pk)
        _link_manually(a.pk, person_a)
    return found


def _link_manually(record_id: int, person_id: int) -> None:
    """The record belongs to the person by the data officer's word."""
    RecordLink.objects.update_or_create(
        record_id=record_id, defaults={"person_id": person_id, "match": MatchClass.MANUAL}
    )


def _new_person(province_id: int) -> Person:
    number = (Person.objects.filter(province_id=province_id).aggregate(m=Max("number"))["m"] or 0) + 1
    return Person.objects.create(province_id=province_id, number=number)


# --- Access log -----------------------------------------------------------------------------


def log_access(
    *, actor: Actor, action: str, reason: str, person: Person | None = None, detail: str = ""
) -> AccessLog:
    """Write who saw (or exported) whose data and why, before the data is shown. A reason is required."""
    reason = normalise(reason or "")
    if len(reason) < 5:
        raise ServiceError(MESSAGES["reason"], code="reason")
    if action not in AccessAction.values:
        raise ValueError(action)
    return AccessLog.objects.create(
        user=_user(actor),
        person=person,
        person_label=person.registry_id if person is not None else "",
        action=action,
        reason=reason[:300],
        detail=detail[:300],
    )


def counts_text(counts: Mapping[str, int], labels: Iterable[tuple[str, str]]) -> str:
    return "، ".join(f"{label}: {to_persian_digits(str(counts.get(key, 0)))}" for key, label in labels)


def _feed_after_linking(actor: Actor, province: Province) -> None:
    """The persons just linked feed the neighbourhood indicators of this month (decision 0035)."""
    from .tasks import feed_indicators_task

    user = _user(actor)
    feed_indicators_task.enqueue(province_id=province.pk, user_id=user.pk if user is not None else None)
