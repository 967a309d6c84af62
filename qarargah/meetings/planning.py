"""Planning an import: what a minutes file would write, which meeting it is, and what it changes.

Reads only. :func:`plan_file` parses the file, picks its body and links its names
(:mod:`.linking`) into a :class:`MeetingPlan`; :func:`preview` finds the meeting the file was
already imported as (the same bytes by SHA-256, or the same body, number and date, or the same
invitation) and lists, in Persian, what applying the plan would change (:func:`diff`).
:func:`identity_keys` names the meetings and pending agencies a file may match or create, for
the batch order and the advisory locks of a parallel import (:func:`lock_identities`).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.db import connection
from django.db.models import Exists, Model, OuterRef, Prefetch, Q

from qarargah.core.errors import ServiceError
from qarargah.minutes_parser import MinutesParseError, ParsedMinutes, ParsedResolution, parse_bytes
from qarargah.organisations.models import Agency, Body, Province
from qarargah.organisations.selectors import agency_name_key
from qarargah.persian import (
    Deadline,
    DeadlineError,
    DeadlineKind,
    JalaliDate,
    clean_input,
    format_jalali,
    normalise,
    parse_deadline,
    to_persian_digits,
    validate_deadline,
)
from qarargah.persian.workdays import WorkingCalendar
from qarargah.resolutions import services as res_services
from qarargah.resolutions.models import Assignment, AssignmentRole, ProgressReport, Resolution

from . import services as meeting_services
from .linking import (
    UNKNOWN_AGENCY_NOTE,
    ImportContext,
    LinkedAssignee,
    ProvinceRegistry,
    link_name,
    split_names,
)
from .models import Meeting, MinutesDocument, Speaker
from .services import MEETING_FIELDS, MeetingData

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

Outcome = Literal["new", "update", "unchanged"]

#: How a «با همکاری X» name must link to become a partner assignment (see assigned_partners).
PARTNER_LINK_KINDS = ("exact", "alias")


@dataclass
class PlannedResolution:
    number: int
    text: str
    assignees_raw: str
    assignees: list[LinkedAssignee]
    deadline: Deadline
    due_date: datetime.date | None
    warnings: list[str] = field(default_factory=list)
    #: Agencies named as helping («با همکاری X»): partners, whatever their place.
    partners: list[LinkedAssignee] = field(default_factory=list)
    #: Whether ``partners`` become assignments: only when the sentence is also where the
    #: responsible agency was read (no assignee column or label). Where the minutes have a
    #: column, the secretariat wrote there who acts, and a file corrected in that column must
    #: be able to drop an agency the sentence still mentions.
    partners_assigned: bool = True
    #: The vote as the minutes record it, or "".
    vote: str = ""
    #: What the parser is unsure of in this row: column (number, text, assignees, deadline,
    #: vote) -> messages, for the preview to mark beside that column.
    unsure: dict[str, list[str]] = field(default_factory=dict)

    def roles(self) -> list[tuple[Agency | str, str]]:
        """(agency, or the unknown name, role): the first name is the lead — every agency a group
        phrase in that first place stands for leads too — the others, and every agency named
        as helping («با همکاری»), are partners. An agency named twice keeps its first role."""
        out: list[tuple[Agency | str, str]] = []
        seen: set[object] = set()
        named = [*self.assignees, *self.assigned_partners]
        for index, linked in enumerate(named):
            role = AssignmentRole.LEAD if index == 0 and self.assignees else AssignmentRole.PARTNER
            targets: list[Agency | str] = list(linked.agencies) if not linked.is_unknown else [linked.text]
            for target in targets:
                marker = target.pk if isinstance(target, Agency) else agency_name_key(target)
                if marker in seen:
                    continue
                seen.add(marker)
                out.append((target, role))
        return out

    @property
    def text_warnings(self) -> list[str]:
        """The row's warnings the preview shows under its text: all but those it shows beside
        the assignee, deadline or vote column they are about (the number's stay here)."""
        beside = {m for column in ("assignees", "deadline", "vote") for m in self.unsure.get(column, ())}
        return [w for w in self.warnings if w not in beside]

    @property
    def assigned_partners(self) -> list[LinkedAssignee]:
        """The partners that become assignments: those named as one registry agency. A name
        the registry does not know, a near match or a group phrase («با هماهنگی دستگاه‌های
        خدمات‌رسان») in a «با همکاری» clause is shown in the preview only: it is said in passing,
        and would otherwise create a pending agency or give every agency of a group a task."""
        if not self.partners_assigned:
            return []
        return [a for a in self.partners if a.kind in PARTNER_LINK_KINDS]

    @property
    def assignees_text(self) -> str:
        """The names one per line, as the inline editor shows them."""
        return "\n".join(a.text for a in self.assignees)

    @property
    def deadline_raw(self) -> str:
        """The deadline as written, cut to its column."""
        return fit_column(self.deadline.raw, Resolution, "deadline_raw")


@dataclass
class MeetingPlan:
    body: Body
    province: Province
    meeting: MeetingData
    resolutions: list[PlannedResolution]
    warnings: list[str]
    joint_bodies: list[Body] = field(default_factory=list)

    @property
    def pending_names(self) -> list[str]:
        names: dict[str, str] = {}
        for r in self.resolutions:
            for a in r.assignees:
                if a.is_unknown:
                    names.setdefault(agency_name_key(a.text), a.text)
        return list(names.values())


@dataclass
class ImportPreview(MeetingPlan):
    filename: str = ""
    sha256: str = ""
    parsed: ParsedMinutes | None = None
    outcome: Outcome = "new"
    existing: Meeting | None = None
    changes: list[str] = field(default_factory=list)
    #: What the parser is unsure of in the meeting's fields: form field name (as in the
    #: preview's meeting form, plus «body») -> messages, for the preview to mark beside it.
    unsure_fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def source_text(self) -> str:
        return self.parsed.source_text if self.parsed is not None else ""


# --- Building the plan ---------------------------------------------------------------------------


def fit_column(value: str | None, model: type[Model], name: str) -> str:
    """Trim to the column's length: a runaway cell must not fail the whole import on PostgreSQL.

    A value is kept as it was typed (a parsed one is already in the parser's normalised form);
    the invitation number, which meetings are looked up by, is kept in its matching form."""
    text = normalise(value or "") if name == "invitation_number" else clean_input(value or "")
    max_length = model._meta.get_field(name).max_length
    return text[:max_length] if max_length else text


def deadline_for(
    raw: str, meeting_date: datetime.date | None, calendar: WorkingCalendar | None = None
) -> Deadline:
    return parse_deadline(raw or "", meeting_date, calendar=calendar)


NO_AGENCY = (
    "هیچ دستگاهی از این نام‌ها به دست نیامد؛ دست‌کم یک دستگاه اقدام‌کننده بنویسید "
    "(مصوبه بدون دستگاه ثبت نمی‌شود)."
)


def deadline_problem(raw: str, meeting_date: datetime.date | None) -> str | None:
    """Why a deadline cannot be saved (``persian.validate_deadline``, the check every path
    shares), or None."""
    try:
        validate_deadline(raw, meeting_date)
    except DeadlineError as exc:
        return exc.message
    return None


def row_problems(plan: MeetingPlan, *, require_agencies: bool) -> dict[int, dict[str, str]]:
    """What refuses the plan, by resolution number and column («deadline», «assignees»): a
    deadline date that does not exist, and (``require_agencies``) a resolution no agency would
    be assigned to. The preview marks them at the fields; the import refuses the file."""
    problems: dict[int, dict[str, str]] = {}
    for p in plan.resolutions:
        message = deadline_problem(p.deadline.raw, plan.meeting.date)
        if message is not None:
            problems.setdefault(p.number, {})["deadline"] = message
        if require_agencies and not p.roles():
            problems.setdefault(p.number, {})["assignees"] = NO_AGENCY
    return problems


def refuse_problems(plan: MeetingPlan, *, require_agencies: bool) -> None:
    """:func:`row_problems` as a ServiceError naming the first row (the API, the commands)."""
    for number, columns in sorted(row_problems(plan, require_agencies=require_agencies).items()):
        column, message = next(iter(columns.items()))
        raise ServiceError(
            f"مصوبه {to_persian_digits(str(number))}: {message}",
            code="deadline" if column == "deadline" else "agency_required",
        )


def plan_resolution(
    reg: ProvinceRegistry,
    *,
    number: int,
    text: str,
    assignee_names: list[str],
    assignees_raw: str,
    deadline: Deadline,
    meeting_date: datetime.date | None,
    bodies: list[Body],
    warnings: list[str],
    partner_names: Iterable[str] = (),
    vote: str = "",
) -> PlannedResolution:
    """One resolution linked and dated, with its own warnings (those of ``warnings`` about it
    and those its names raise)."""
    linked = [link_name(reg, name, bodies) for name in assignee_names if normalise(name).strip()]
    partners = [link_name(reg, name, bodies) for name in partner_names if normalise(name).strip()]
    row_warnings = [w for w in warnings if w.startswith(f"مصوبه {number}:")]
    n_fa = to_persian_digits(str(number))
    if deadline.kind == DeadlineKind.NEXT_MEETING and deadline.due_date is None and meeting_date is not None:
        # «تا جلسه آینده»: due on the body's next meeting when it is already recorded; otherwise
        # the date comes when it is (resolutions.services.date_next_meeting_deadlines).
        deadline = dataclasses.replace(deadline, due_date=next_meeting_date(bodies[0], meeting_date))
    for a in linked:
        if a.kind == "fuzzy":
            row_warnings.append(
                f"مصوبه {n_fa}: «{a.text}» با «{a.agencies[0]}» (شباهت {to_persian_digits(str(round(a.score)))}٪) "
                "یکی گرفته شد؛ اگر درست نیست نام را اصلاح کنید."
            )
        elif a.kind == "unknown":
            row_warnings.append(f"مصوبه {n_fa}: «{a.text}» در فهرست دستگاه‌ها نیست؛ {UNKNOWN_AGENCY_NOTE}.")
        elif a.kind == "group" and not a.agencies:
            row_warnings.append(
                f"مصوبه {n_fa}: «{a.text}» به هیچ دستگاهی در فهرست استان نرسید؛ اقدام‌کننده را اصلاح کنید."
            )
    if not linked:
        row_warnings.append(f"مصوبه {n_fa}: اقدام‌کننده‌ای برای این مصوبه مشخص نشده است.")
    due = None
    if meeting_date is not None:
        due = res_services.resolve_due_date(
            kind=deadline.kind,
            parsed_due=deadline.due_date,
            meeting_date=meeting_date,
            asap_days=reg.province.asap_days,
        )
    return PlannedResolution(
        number=number,
        text=clean_input(text),
        assignees_raw=clean_input(assignees_raw),
        assignees=linked,
        deadline=deadline,
        due_date=due,
        warnings=row_warnings,
        partners=partners,
        vote=fit_column(vote, Resolution, "vote"),
    )


def next_meeting_date(body: Body, after: datetime.date) -> datetime.date | None:
    """The date of ``body``'s first meeting recorded after ``after``, if any."""
    return (
        Meeting.objects.filter(body=body, date__gt=after)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )


# The fields a person may correct inline before importing (the others come from the file only).
_MEETING_OVERRIDE_FIELDS = tuple(
    name for name in MEETING_FIELDS if name not in ("joint_sessions", "narrative")
)


def _meeting_data(pm: ParsedMinutes, overrides: dict[str, Any]) -> MeetingData:
    speakers = [
        (fit_column(s.name or s.role, Speaker, "name"), fit_column(s.role, Speaker, "role"))
        for s in pm.speakers
        if (s.name or s.role)
    ]
    data = MeetingData(
        date=pm.date,  # type: ignore[arg-type]  # may be None until the person fills it in
        number=pm.number,
        joint_sessions=[{"body": b.body, "number": b.number} for b in pm.bodies] if pm.is_joint else [],
        title=fit_column(pm.title, Meeting, "title"),
        weekday=fit_column(pm.weekday, Meeting, "weekday"),
        time=pm.time,
        place=fit_column(pm.place, Meeting, "place"),
        invitation_number=fit_column(pm.invitation.number, Meeting, "invitation_number"),
        invitation_date=pm.invitation.date,
        chair_name=fit_column(pm.chair.name, Meeting, "chair_name"),
        chair_role=fit_column(pm.chair.role, Meeting, "chair_role"),
        secretary_name=fit_column(pm.secretary.name, Meeting, "secretary_name"),
        secretary_role=fit_column(pm.secretary.role, Meeting, "secretary_role"),
        agenda=[clean_input(a) for a in pm.agenda],
        speakers=speakers,
    )
    for name in _MEETING_OVERRIDE_FIELDS:
        if name in overrides:
            value = overrides[name]
            setattr(data, name, fit_column(value, Meeting, name) if isinstance(value, str) else value)
    if "agenda" in overrides:
        data.agenda = [clean_input(a) for a in overrides["agenda"] if clean_input(a)]
    if "weekday" not in overrides and data.date is not None and data.date != pm.date:
        # A corrected date brings its own weekday; the parsed one belonged to the wrong date.
        data.weekday = JalaliDate.from_gregorian(data.date).weekday_name()
    return data


def _province_for(actor: Actor | None, body: Body | None, province: Province | None) -> Province:
    if body is not None:
        return body.province
    if province is not None:
        return province
    own = getattr(actor, "province", None)
    if own is None:
        raise ServiceError(
            "استان این صورتجلسه مشخص نیست؛ لطفاً قرارگاه یا شورای آن را انتخاب کنید.", code="body_required"
        )
    return own


def _parse(data: bytes, filename: str, reg: ProvinceRegistry) -> ParsedMinutes:
    try:
        return parse_bytes(data, filename, is_agency=reg.is_agency)
    except MinutesParseError as exc:
        raise ServiceError(exc.message, code=exc.code) from exc


def build_plan(
    pm: ParsedMinutes,
    *,
    reg: ProvinceRegistry,
    body: Body | None,
    overrides: dict[str, Any],
) -> MeetingPlan:
    """The plan of a parsed file: its body (chosen, or detected from the file), its meeting and
    its resolutions with the person's inline fixes (``overrides``) applied."""
    joint = reg.detect_bodies([b.body for b in pm.bodies]) if pm.bodies else []
    if body is None:
        detected = joint or reg.detect_bodies([pm.body or "", pm.title or ""])
        if not detected:
            named = pm.body or pm.title or ""
            said = f"«{named}» " if named else ""
            raise ServiceError(
                f"نهاد این صورتجلسه {said}در فهرست قرارگاه‌ها و شوراهای استان {reg.province} پیدا نشد؛ "
                "لطفاً قرارگاه یا شورای آن را انتخاب کنید.",
                code="body_unknown",
            )
        body = detected[0]
    elif body.province_id != reg.province.pk:
        raise ServiceError("قرارگاه انتخاب‌شده از استان دیگری است.", code="wrong_province")
    bodies = [body, *[b for b in joint if b != body]]

    meeting = _meeting_data(pm, overrides.get("meeting") or {})
    warnings = list(pm.warnings)
    if meeting.date is None:
        warnings.insert(0, "تاریخ جلسه در فایل پیدا نشد؛ پیش از ثبت آن را وارد کنید.")
    date_changed = meeting.date != pm.date
    resolution_overrides: dict[int, dict[str, Any]] = {
        int(k): v for k, v in (overrides.get("resolutions") or {}).items()
    }
    planned: list[PlannedResolution] = []
    row_unsure = _row_unsure(pm)
    for index, r in enumerate(pm.resolutions):
        fix = resolution_overrides.get(r.number, {})
        if fix.get("remove"):
            continue
        text = fix.get("text", r.text)
        if "assignees" in fix:
            names = split_names(reg, fix["assignees"])
            raw = " / ".join(names) if names != list(r.assignees) else (r.assignees_raw or "")
        else:
            names, raw = list(r.assignees), r.assignees_raw or ""
        if "deadline" in fix and normalise(fix["deadline"] or "") != normalise(r.deadline.raw or ""):
            deadline = deadline_for(fix["deadline"], meeting.date, reg.calendar)
        elif date_changed or reg.calendar.closed or reg.calendar.open:
            # The parser counted working days on the official list alone; the amended calendar
            # (or a corrected meeting date) can move them.
            deadline = deadline_for(r.deadline.raw, meeting.date, reg.calendar)
        else:
            deadline = r.deadline
        planned.append(
            plan_resolution(
                reg,
                number=r.number,
                text=text,
                assignee_names=names,
                assignees_raw=raw,
                deadline=deadline,
                meeting_date=meeting.date,
                bodies=bodies,
                warnings=warnings,
                partner_names=r.partners,
                vote=r.vote or "",
            )
        )
        planned[-1].partners_assigned = _assignee_from_sentence(r)
        planned[-1].unsure = row_unsure.get(index, {})
        problem = deadline_problem(deadline.raw, meeting.date)
        if problem is not None:
            # Shown beside the deadline cell: a date that does not exist is not «no deadline».
            planned[-1].unsure = {
                **planned[-1].unsure,
                "deadline": [*planned[-1].unsure.get("deadline", []), problem],
            }
    for p in planned:
        for w in p.warnings:
            if w not in warnings:
                warnings.append(w)
    return MeetingPlan(body, reg.province, meeting, planned, warnings, joint_bodies=bodies[1:])


def _assignee_from_sentence(r: ParsedResolution) -> bool:
    """Whether the responsible agency was read out of the resolution's sentence (or none was
    named): then the sentence's «با همکاری X» is the same kind of record. The parser read it
    from the sentence exactly when the name stands in the text as written; a column or label
    cell («اداره کل ورزش و جوانان - آموزش و پرورش استان») does not."""
    if not r.assignees or not r.assignees_raw:
        return True
    return normalise(r.assignees_raw) in normalise(r.text)


# Where each of the parser's unsure header fields («date», «chair», …) is corrected in the
# preview's meeting form; a field not named here is marked beside the body selector when it is
# «body», and otherwise stays in the warnings list, which has every message anyway.
_UNSURE_MEETING_FIELDS: dict[str, str] = {
    "title": "title",
    "number": "number",
    "bodies": "number",
    "date": "date",
    "weekday": "date",
    "time": "time",
    "place": "place",
    "chair": "chair_name",
    "secretary": "secretary_name",
    "invitation": "invitation_number",
    "agenda": "agenda",
    "body": "body",
}

_ROW_PATH = re.compile(r"resolutions\[(\d+)\](?:\.(\w+))?")


def _unsure_meeting_fields(pm: ParsedMinutes) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path, message in pm.unsure:
        name = _UNSURE_MEETING_FIELDS.get(path.split(".")[0].split("[")[0])
        if name is not None and not path.startswith("resolutions"):
            out.setdefault(name, []).append(message)
    return out


def _row_unsure(pm: ParsedMinutes) -> dict[int, dict[str, list[str]]]:
    """Row index in ``pm.resolutions`` -> column -> messages («resolutions[2].deadline»)."""
    out: dict[int, dict[str, list[str]]] = {}
    for path, message in pm.unsure:
        m = _ROW_PATH.fullmatch(path)
        if m is None:
            continue
        column = m.group(2) or "text"
        if column in ("assignees_raw", "partners"):
            column = "assignees"
        out.setdefault(int(m.group(1)), {}).setdefault(column, []).append(message)
    return out


@dataclass
class PlannedFile:
    """A file parsed and planned, before anything in the database is looked at."""

    filename: str
    parsed: ParsedMinutes
    plan: MeetingPlan
    sha256: str
    registry: ProvinceRegistry
    overrides: dict[str, Any]


def plan_file(
    actor: Actor | None,
    body: Body | None,
    filename: str,
    data: bytes,
    overrides: dict[str, Any] | None,
    province: Province | None,
    context: ImportContext,
) -> PlannedFile:
    """Parse ``data`` and plan it against the registry of its province (the body's, the one
    given, or the actor's own). Raises ServiceError for a bad file or an unknown body."""
    reg = context.registry(_province_for(actor, body, province))
    pm = _parse(data, filename, reg)
    plan = build_plan(pm, reg=reg, body=body, overrides=overrides or {})
    return PlannedFile(filename, pm, plan, hashlib.sha256(data).hexdigest(), reg, overrides or {})


def preview(planned: PlannedFile) -> ImportPreview:
    """The plan with the meeting it would update (if any) and what it would change."""
    pm, plan, sha, reg, overrides = (
        planned.parsed,
        planned.plan,
        planned.sha256,
        planned.registry,
        planned.overrides,
    )
    existing, same_bytes = _find_existing(plan, sha, reg)
    outcome: Outcome = "new"
    changes: list[str] = []
    if existing is not None:
        # The same bytes again: nothing to do, unless the person fixed something inline.
        if same_bytes and overrides:
            base = build_plan(pm, reg=reg, body=plan.body, overrides={})
            edited = _state(plan) != _state(base)
        else:
            edited = False
        if same_bytes and not edited:
            outcome = "unchanged"
        else:
            changes = diff(plan, existing)
            # Other bytes with the same content (the file re-saved as UTF-16, or as .docx)
            # change nothing either: saying «updated» with an empty list of changes misleads.
            outcome = "update" if changes else "unchanged"
    return ImportPreview(
        body=plan.body,
        province=plan.province,
        meeting=plan.meeting,
        resolutions=plan.resolutions,
        warnings=plan.warnings,
        joint_bodies=plan.joint_bodies,
        filename=os.path.basename(planned.filename),
        sha256=sha,
        parsed=pm,
        outcome=outcome,
        existing=existing,
        changes=changes,
        unsure_fields=_unsure_meeting_fields(pm),
    )


def _state(plan: MeetingPlan) -> tuple[Any, ...]:
    return (
        tuple(sorted((k, str(v)) for k, v in vars(plan.meeting).items())),
        tuple(
            (
                p.number,
                p.text,
                p.deadline.raw,
                p.due_date,
                p.vote,
                tuple((str(t), r) for t, r in p.roles()),
            )
            for p in plan.resolutions
        ),
    )


# --- Identity: which meeting a file is ------------------------------------------------------------


def identity_keys(plan: MeetingPlan, *, agencies: bool = True) -> list[int]:
    """Lock keys for what a file may match or create: its meeting (body, date, number), its
    invitation (province, number, date) and each agency name it would add as pending."""
    m = plan.meeting
    names: list[tuple[Any, ...]] = []
    if m.date is not None:
        names.append(("meeting", plan.body.pk, m.date.isoformat(), m.number))
    inv_number = normalise(m.invitation_number or "")
    if inv_number and m.invitation_date is not None:
        names.append(("invitation", plan.province.pk, inv_number, m.invitation_date.isoformat()))
    if agencies:
        names.extend(("agency", plan.province.pk, agency_name_key(name)) for name in plan.pending_names)
    keys = {
        int.from_bytes(hashlib.blake2b(repr(n).encode(), digest_size=8).digest(), "big", signed=True)
        for n in names
    }
    return sorted(keys)


def lock_identities(plan: MeetingPlan) -> None:
    """Hold, until this file's transaction ends, PostgreSQL advisory locks on its identities.

    Two processes of one ``--jobs`` run may hold two versions of the same minutes, or name the
    same unknown agency: without a lock each would find nothing and both would create it. With
    it the second waits for the first to commit, then finds its meeting (and updates it, or
    finds the same bytes) or its pending agency. Keys are taken in sorted order, so two files
    never wait on each other. Other databases serialise writers anyway (SQLite: one writer).
    """
    keys = identity_keys(plan)
    if not keys or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest(%s::bigint[]) AS k ORDER BY k) AS keys",
            [keys],
        )


def _find_existing(plan: MeetingPlan, sha: str, reg: ProvinceRegistry) -> tuple[Meeting | None, bool]:
    """(the meeting this file belongs to, whether the very same bytes were imported before)."""
    # Two plain SELECTs without joins (the province's bodies come from the registry snapshot):
    # every file runs them, and most files are new. Joined to the province, PostgreSQL may also
    # walk every meeting of the province for each file while its statistics lag behind an import.
    body_ids = {b.pk for b in reg.bodies} | {plan.body.pk}
    documents = MinutesDocument.objects.filter(sha256=sha).order_by("-imported_at")
    meeting_ids = list(documents.values_list("meeting_id", flat=True))
    if meeting_ids:
        same_bytes = {
            m.pk: m
            for m in Meeting.objects.filter(pk__in=meeting_ids, body_id__in=body_ids).select_related("body")
        }
        for meeting_id in meeting_ids:
            if meeting_id in same_bytes:
                return same_bytes[meeting_id], True
    m = plan.meeting
    # Both identities in one query; the same body, number and date wins over the invitation.
    same: Q | None = None
    if m.date is not None:
        same = Q(body_id=plan.body.pk, date=m.date) & (
            Q(number=m.number) if m.number is not None else Q(number__isnull=True)
        )
    inv_number = normalise(m.invitation_number or "")
    invitation: Q | None = None
    if inv_number and m.invitation_date is not None:
        invitation = Q(body_id__in=body_ids, invitation_number=inv_number, invitation_date=m.invitation_date)
    if same is None and invitation is None:
        return None, False
    condition = same if invitation is None else invitation if same is None else same | invitation
    candidates = list(
        Meeting.objects.filter(condition)
        .order_by("pk")
        .values_list("pk", "body_id", "date", "number", "invitation_number", "invitation_date")
    )
    found = next(
        (row[0] for row in candidates if same is not None and row[1:4] == (plan.body.pk, m.date, m.number)),
        None,
    )
    if found is None and invitation is not None:
        found = next(
            (
                row[0]
                for row in candidates
                if row[1] in body_ids and row[4:] == (inv_number, m.invitation_date)
            ),
            None,
        )
    if found is None:
        return None, False
    return Meeting.objects.select_related("body").get(pk=found), False


# --- What would change ----------------------------------------------------------------------------


def _show(value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date):
        return format_jalali(value)
    if isinstance(value, datetime.time):
        return to_persian_digits(value.strftime("%H:%M"))
    return to_persian_digits(str(value))


def existing_resolutions(meeting: Meeting) -> dict[int, Resolution]:
    """The meeting's resolutions by number, with their assignments (and whether each has
    reports) at hand."""
    reports = ProgressReport.objects.filter(assignment=OuterRef("pk"))
    assignments = Assignment.objects.select_related("agency").annotate(has_reports=Exists(reports))
    return {
        r.number: r
        for r in meeting.resolutions.prefetch_related(Prefetch("assignments", queryset=assignments))
    }


def diff(plan: MeetingPlan, meeting: Meeting) -> list[str]:
    """Persian lines saying what applying ``plan`` to ``meeting`` would change."""
    lines: list[str] = []
    values = plan.meeting.values() if plan.meeting.date is not None else {}
    for name, new in values.items():
        if name == "narrative":
            continue
        old = getattr(meeting, name)
        if old != new:
            label = Meeting._meta.get_field(name).verbose_name
            if name == "joint_sessions":
                lines.append(f"{label} تغییر کرد")
            else:
                lines.append(f"{label}: {_show(old)} ← {_show(new)}")
    if plan.meeting.date is not None and meeting_services.children_differ(meeting, plan.meeting):
        lines.append("دستور کار یا سخنرانان جلسه تغییر کرد")
    existing = existing_resolutions(meeting)
    planned_numbers = {p.number for p in plan.resolutions}
    for p in plan.resolutions:
        n = to_persian_digits(str(p.number))
        old = existing.get(p.number)
        if old is None:
            lines.append(f"مصوبه {n} اضافه شد")
            continue
        if old.text != p.text:
            lines.append(f"مصوبه {n}: متن تغییر کرد")
        if (old.deadline_raw, old.deadline_kind) != (p.deadline_raw, str(p.deadline.kind)):
            lines.append(f"مصوبه {n}: مهلت اقدام: {_show(old.deadline_raw)} ← {_show(p.deadline_raw)}")
        elif old.due_date != p.due_date:
            lines.append(f"مصوبه {n}: سررسید: {_show(old.due_date)} ← {_show(p.due_date)}")
        if old.vote != p.vote:
            lines.append(f"مصوبه {n}: نتیجه رأی‌گیری: {_show(old.vote)} ← {_show(p.vote)}")
        have = {a.agency_id: a.agency.name for a in old.assignments.all()}
        want = p.roles()
        want_ids = {t.pk for t, _ in want if isinstance(t, Agency)}
        added = [t.name if isinstance(t, Agency) else t for t, _ in want if not isinstance(t, Agency)] + [
            t.name for t, _ in want if isinstance(t, Agency) and t.pk not in have
        ]
        removed = [name for pk, name in have.items() if pk not in want_ids]
        if added or removed:
            parts = []
            if added:
                parts.append("افزوده: " + "، ".join(added))
            if removed:
                parts.append("حذف: " + "، ".join(removed))
            lines.append(f"اقدام‌کننده مصوبه {n}: " + "؛ ".join(parts))
    for number, old in sorted(existing.items()):
        if number not in planned_numbers:
            n = to_persian_digits(str(number))
            if any(a.has_reports for a in old.assignments.all()):
                lines.append(f"مصوبه {n} در فایل نیست ولی گزارش اقدام دارد و نگه داشته می‌شود")
            else:
                lines.append(f"مصوبه {n} حذف شد")
    return lines
