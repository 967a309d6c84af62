"""The minutes importer's entry points and writers: a file's bytes become a meeting, its
resolutions and their assignments.

Two steps, both here so the web page, the API, the command line and the demo loader behave alike:

* :func:`preview_minutes` parses the file and plans it (:mod:`.planning`: the body, every named
  agency linked through the registry by :mod:`.linking`, the meeting the file was already
  imported as, and what would change). It writes nothing.
* :func:`import_minutes` writes the same plan, plus the person's inline fixes (``overrides``),
  through the normal services (``meetings.services`` and ``resolutions.services``) in one
  transaction, and keeps the file as a :class:`MinutesDocument`.

Re-importing the same bytes changes nothing (matched by SHA-256); a corrected file updates the
meeting it came from (same body, number and date, or same invitation number and date).

The hand-entry form goes through :func:`record_meeting`, which shares the linking rules and the
writer with the importer.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from auditlog.context import disable_auditlog
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from qarargah.core.errors import ServiceError
from qarargah.history.registry import acting_as, deferred_history, log_created
from qarargah.organisations.models import Agency, Body, Province
from qarargah.organisations.selectors import agency_name_key
from qarargah.persian import format_jalali, to_persian_digits
from qarargah.resolutions import services as res_services
from qarargah.resolutions.models import Assignment, Resolution

from . import services as meeting_services
from .events import MeetingEvent
from .linking import ImportContext, LinkedAssignee, create_pending_agencies, split_names
from .models import Meeting, MinutesDocument
from .planning import (
    ImportPreview,
    MeetingPlan,
    PlannedResolution,
    deadline_for,
    existing_resolutions,
    identity_keys,
    lock_identities,
    plan_file,
    plan_resolution,
    preview,
    refuse_problems,
)
from .services import MeetingData

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

__all__ = [
    "ImportContext",
    "ImportPreview",
    "ImportResult",
    "LinkedAssignee",
    "PlannedResolution",
    "ResolutionInput",
    "import_minutes",
    "meeting_identity_keys",
    "preview_minutes",
    "record_meeting",
]


@dataclass
class ImportResult:
    meeting: Meeting
    outcome: Literal["created", "updated", "unchanged"]
    changes: list[str]
    warnings: list[str]
    pending_agencies: list[Agency]


@dataclass
class ResolutionInput:
    """A resolution typed by hand: the same three things a minutes table has."""

    text: str
    assignees: str = ""
    deadline: str = ""
    number: int | None = None


# --- Entry points ---------------------------------------------------------------------------------


def preview_minutes(
    *,
    actor: Actor | None,
    body: Body | None,
    filename: str,
    data: bytes,
    overrides: dict[str, Any] | None = None,
    province: Province | None = None,
    context: ImportContext | None = None,
) -> ImportPreview:
    """Parse and plan the import of one file without writing anything.

    Raises :class:`ServiceError` with the parser's Persian message for a bad file, or asking the
    person to choose the body when the file's body is not in the registry.
    """
    return preview(plan_file(actor, body, filename, data, overrides, province, context or ImportContext()))


def meeting_identity_keys(
    *,
    actor: Actor | None,
    body: Body | None,
    filename: str,
    data: bytes,
    province: Province | None = None,
    context: ImportContext | None = None,
) -> list[int]:
    """Keys of the meeting a file would create or update (its body, date and number; its
    invitation): two files of one batch that share a key are versions of one meeting and must
    be imported one after the other, in the batch's order. Raises ServiceError for a bad file."""
    planned = plan_file(actor, body, filename, data, None, province, context or ImportContext())
    return identity_keys(planned.plan, agencies=False)


@transaction.atomic
def import_minutes(
    *,
    actor: Actor,
    body: Body | None,
    filename: str,
    data: bytes,
    overrides: dict[str, Any] | None = None,
    province: Province | None = None,
    context: ImportContext | None = None,
    require_agencies: bool = False,
) -> ImportResult:
    """Save one minutes file (see the module docstring); one transaction, idempotent.

    A deadline date that does not exist («۱۴۰۳/۱۳/۴۰») refuses the file (ServiceError naming
    the resolution) rather than being saved as «بدون مهلت»; with ``require_agencies`` (the
    preview page and the API, where a person can fix the file) so does a resolution without
    an agency. Archives imported by command keep such a resolution, with a warning.
    """
    context = context or ImportContext()
    planned = plan_file(actor, body, filename, data, overrides, province, context)
    refuse_problems(planned.plan, require_agencies=require_agencies)
    # Always, not only for `import --jobs`: two uploads of one file through the web or the API
    # at the same moment must find each other's meeting, not make two (PostgreSQL; elsewhere
    # writers are serialised anyway). One advisory-lock query per file.
    lock_identities(planned.plan)
    plan = preview(planned)
    if plan.meeting.date is None:
        raise ServiceError(
            "تاریخ جلسه در فایل پیدا نشد؛ آن را وارد کنید و دوباره ثبت کنید.", code="date_required"
        )
    if require_agencies:
        refuse_future_date(plan.meeting.date)
    if plan.outcome == "unchanged":
        assert plan.existing is not None
        return ImportResult(plan.existing, "unchanged", [], plan.warnings, [])
    # The history rows of the rows written in bulk go in one INSERT at the end (inside this
    # transaction: an error anywhere drops them with the rest).
    with deferred_history():
        pending = create_pending_agencies(
            actor=actor, province=plan.province, names=plan.pending_names, registry=planned.registry
        )
        if plan.existing is None:
            meeting = _write_new(actor, plan, pending)
            outcome: Literal["created", "updated"] = "created"
            warnings = list(plan.warnings)
        else:
            meeting, warnings = _write_update(actor, plan, plan.existing, pending)
            outcome = "updated"
        if (
            outcome == "created"
            or not MinutesDocument.objects.filter(meeting=meeting, sha256=plan.sha256).exists()
        ):
            _store_document(actor, meeting, plan, data, warnings)
    return ImportResult(meeting, outcome, plan.changes, warnings, list(pending.values()))


def refuse_future_date(date: datetime.date | None) -> None:
    """Minutes record a meeting that was held (meetings have no «scheduled» state yet), so its
    date cannot be after today: the same rule as the hand-entry form's date field, for the
    preview's file, the API and any other caller where a person can correct the date."""
    if date is not None and date > timezone.localdate():
        raise ServiceError(
            f"تاریخ جلسه ({format_jalali(date)}) هنوز نرسیده است؛ جلسه برگزارشده نمی‌تواند تاریخ آینده "
            "داشته باشد. تاریخ برگزاری را اصلاح کنید.",
            code="future_date",
        )


@transaction.atomic
def record_meeting(
    *,
    actor: Actor,
    body: Body,
    data: MeetingData,
    resolutions: list[ResolutionInput],
    context: ImportContext | None = None,
) -> ImportResult:
    """Create a meeting typed into the hand-entry form, with the importer's linking rules."""
    reg = (context or ImportContext()).registry(body.province)
    planned: list[PlannedResolution] = []
    used: set[int] = set()
    for index, r in enumerate(resolutions, start=1):
        number = r.number or index
        if number in used:
            raise ServiceError(
                f"شماره مصوبه {to_persian_digits(str(number))} دو بار آمده است.", code="duplicate"
            )
        used.add(number)
        planned.append(
            plan_resolution(
                reg,
                number=number,
                text=r.text,
                assignee_names=split_names(reg, r.assignees),
                assignees_raw=r.assignees,
                deadline=deadline_for(r.deadline, data.date, reg.calendar),
                meeting_date=data.date,
                bodies=[body],
                warnings=[],
            )
        )
    plan = MeetingPlan(body, body.province, data, planned, [w for p in planned for w in p.warnings])
    # The form marks these at their fields first; this is the rule for any other caller.
    refuse_problems(plan, require_agencies=True)
    refuse_future_date(data.date)
    with deferred_history():
        # No registry: a form's pending agency is not linked to by a later file of a run.
        pending = create_pending_agencies(
            actor=actor, province=plan.province, names=plan.pending_names, registry=None
        )
        # Paper minutes typed in: held and locked, but no signed file to show (decision 0029).
        meeting = _write_new(actor, plan, pending, imported=False)
    return ImportResult(meeting, "created", [], plan.warnings, list(pending.values()))


# --- Writers --------------------------------------------------------------------------------------


def _agencies_for(p: PlannedResolution, pending: dict[str, Agency]) -> list[tuple[Agency, str]]:
    """(agency, role) of a planned resolution, its unknown names now their pending agencies."""
    out: list[tuple[Agency, str]] = []
    seen: set[int] = set()
    for target, role in p.roles():
        agency = target if isinstance(target, Agency) else pending[agency_name_key(target)]
        if agency.pk not in seen:
            seen.add(agency.pk)
            out.append((agency, role))
    return out


def _write_new(
    actor: Actor, plan: MeetingPlan, pending: dict[str, Agency], *, imported: bool = True
) -> Meeting:
    # A file's minutes were signed on paper: they enter locked and marked imported (decision 0029).
    meeting = meeting_services.create_meeting(
        actor=actor, body=plan.body, data=plan.meeting, imported=imported
    )
    _create_resolutions(actor, meeting, plan.resolutions, pending, taken=())
    return meeting


def _create_resolutions(
    actor: Actor,
    meeting: Meeting,
    planned: list[PlannedResolution],
    pending: dict[str, Agency],
    *,
    taken: Iterable[int],
) -> None:
    # All of a file's resolutions in one call: a few INSERTs instead of two or three per row.
    res_services.create_resolutions(
        actor=actor,
        meeting=meeting,
        taken_numbers=taken,
        items=[
            res_services.NewResolution(
                number=p.number,
                text=p.text,
                assignees_raw=p.assignees_raw,
                deadline_raw=p.deadline_raw,
                deadline_kind=str(p.deadline.kind),
                parsed_due=p.deadline.due_date,
                agencies=tuple(_agencies_for(p, pending)),
                vote=p.vote,
            )
            for p in planned
        ],
    )


def _write_update(
    actor: Actor, plan: MeetingPlan, meeting: Meeting, pending: dict[str, Agency]
) -> tuple[Meeting, list[str]]:
    warnings = list(plan.warnings)
    meeting = meeting_services.update_meeting(
        actor=actor, meeting=meeting, data=plan.meeting, expected_version=None
    )
    existing = existing_resolutions(meeting)
    _create_resolutions(
        actor, meeting, [p for p in plan.resolutions if p.number not in existing], pending, taken=existing
    )
    # Assignments the file no longer names go first, all at once, so that a new due date is not
    # first cascaded to rows about to be deleted; new ones are added at the end in one INSERT.
    to_remove: list[Assignment] = []
    wanted: dict[int, list[tuple[Agency, str]]] = {}
    for p in plan.resolutions:
        old = existing.get(p.number)
        if old is None:
            continue
        want = wanted[p.number] = _agencies_for(p, pending)
        want_ids = {a.pk for a, _ in want}
        n = to_persian_digits(str(p.number))
        for assignment in old.assignments.all():
            if assignment.agency_id in want_ids:
                continue
            if assignment.has_reports:
                warnings.append(
                    f"مصوبه {n}: «{assignment.agency}» در فایل جدید نیست ولی گزارش فرستاده است؛ تکلیفش حذف نشد."
                )
                continue
            to_remove.append(assignment)
    res_services.unassign_resolutions(actor=actor, assignments=to_remove)
    to_add: list[tuple[Resolution, Agency, str]] = []
    for p in plan.resolutions:
        old = existing.get(p.number)
        if old is None:
            continue
        updated = res_services.update_resolution(
            actor=actor,
            resolution=old,
            expected_version=None,
            cascade_due_date=True,
            text=p.text,
            assignees_raw=p.assignees_raw,
            deadline_raw=p.deadline_raw,
            deadline_kind=str(p.deadline.kind),
            due_date=p.due_date,
            vote=p.vote,
        )
        have = {a.agency_id for a in old.assignments.all()}
        to_add.extend((updated, agency, role) for agency, role in wanted[p.number] if agency.pk not in have)
    res_services.assign_resolutions(actor=actor, items=to_add)
    planned = {p.number for p in plan.resolutions}
    for number, old in sorted(existing.items()):
        if number in planned:
            continue
        if any(a.has_reports for a in old.assignments.all()):
            warnings.append(
                f"مصوبه {to_persian_digits(str(number))} در فایل جدید نیست ولی گزارش اقدام دارد؛ حذف نشد."
            )
            continue
        res_services.delete_resolution(actor=actor, resolution=old)
    return meeting, warnings


def _store_document(
    actor: Actor, meeting: Meeting, plan: ImportPreview, data: bytes, warnings: list[str]
) -> None:
    document = MinutesDocument(
        meeting=meeting,
        file_name=plan.filename[: MinutesDocument._meta.get_field("file_name").max_length],
        sha256=plan.sha256,
        source_text=plan.source_text,
        warnings=warnings,
        imported_by=actor if getattr(actor, "pk", None) else None,
    )
    document.file.save(os.path.basename(plan.filename) or "minutes.txt", ContentFile(data), save=False)
    try:
        with acting_as(actor, event=MeetingEvent.MINUTES_IMPORTED):
            with disable_auditlog():  # its history row goes with the file's others (log_created)
                document.save(force_insert=True)
            log_created([document])
    except Exception:
        # The bytes were written before the row; do not leave an orphan file behind.
        document.file.storage.delete(document.file.name)
        raise
