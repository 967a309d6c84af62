"""The importer writes a file's rows in bulk: every created row still has its history entry
(who, which event, which parents), and the number of queries does not grow with the number of
resolutions in the file."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from qarargah.history.selectors import history_for
from qarargah.meetings.importer import ImportContext
from qarargah.meetings.models import AgendaItem, Meeting
from qarargah.organisations.models import AgencyStatus, Body
from qarargah.resolutions.models import Assignment, Resolution
from tests.meetings.samples import SAMPLE_000

pytestmark = pytest.mark.django_db

ASSIGNEES = (
    "اداره کل ورزش و جوانان / اداره کل تعاون، کار و رفاه اجتماعی",
    "فرمانداران محترم تابعه",
    "اداره کل ورزش و جوانان",
)
DEADLINES = ("یک هفته", "مستمر", "اسرع وقت", "۱۰ روز")


def _minutes(count: int, *, number: int = 12, extra_assignee: str = "") -> bytes:
    """A plain-text minutes file of the Alborz HQ with ``count`` resolutions in a table."""
    rows = []
    for n in range(1, count + 1):
        who = ASSIGNEES[n % len(ASSIGNEES)]
        if extra_assignee and n == 1:
            who = f"{who} / {extra_assignee}"
        rows.append(
            f"{n}\tمقرر گردید: دستگاه مسئول گزارش اقدامات شماره {n} را به دبیرخانه قرارگاه ارسال نماید."
            f"\t{who}\t{DEADLINES[n % len(DEADLINES)]}"
        )
    text = "\n".join(
        [
            f"موضوع: صورتجلسه شماره {number} قرارگاه اجتماعی استان",
            "",
            "تاریخ تشکیل:\tروز:\tساعت:\tمحل تشکیل جلسه:\tشماره دعوتنامه:\tتاریخ دعوتنامه:",
            f"۱۴۰۲/۰۳/{number:02d}\t\t۹\tسالن جلسات استانداری\t۵۵/{number}\t۱۴۰۲/۰۳/۰۱",
            "",
            "دستور کار:",
            "۱- بررسی مصوبات جلسه گذشته",
            "۲- گزارش خانه‌های محله",
            "",
            "مصوبات:",
            "ردیف\tمصوبات\tاقدام کننده\tزمان اقدام",
            *rows,
            "",
        ]
    )
    return text.encode("utf-8")


def _entries(model, objs) -> dict[int, LogEntry]:
    ct = ContentType.objects.get_for_model(model)
    rows = LogEntry.objects.filter(
        content_type=ct, object_id__in=[o.pk for o in objs], action=LogEntry.Action.CREATE
    )
    return {row.object_id: row for row in rows}


def test_every_created_row_has_its_history_entry(import_file, people):
    result = import_file(SAMPLE_000, actor=people.secretariat)
    meeting = result.meeting
    resolutions = list(meeting.resolutions.all())
    assignments = list(Assignment.objects.filter(resolution__meeting=meeting).select_related("resolution"))
    agenda = list(meeting.agenda_items.all())
    assert resolutions and assignments and agenda

    (meeting_entry,) = _entries(Meeting, [meeting]).values()
    assert meeting_entry.actor == people.secretariat
    assert meeting_entry.additional_data == {"event": "meeting_created"}

    agenda_entries = _entries(AgendaItem, agenda)
    assert set(agenda_entries) == {a.pk for a in agenda}
    for item in agenda:
        entry = agenda_entries[item.pk]
        assert entry.actor == people.secretariat
        assert entry.additional_data == {"event": "meeting_created", "p_meeting": meeting.pk}
        assert entry.changes["text"] == ["None", item.text]
        assert entry.object_repr == str(item)

    resolution_entries = _entries(Resolution, resolutions)
    assert set(resolution_entries) == {r.pk for r in resolutions}
    for resolution in resolutions:
        entry = resolution_entries[resolution.pk]
        assert entry.actor == people.secretariat
        assert entry.actor_email == people.secretariat.email
        assert entry.additional_data == {"event": "resolution_created", "p_meeting": meeting.pk}
        assert entry.changes["number"] == ["None", str(resolution.number)]
        assert entry.changes["meeting"] == ["None", str(meeting.pk)]
        assert "text_key" not in entry.changes and "version" not in entry.changes
        assert entry.object_repr == str(resolution)

    assignment_entries = _entries(Assignment, assignments)
    assert set(assignment_entries) == {a.pk for a in assignments}
    for assignment in assignments:
        entry = assignment_entries[assignment.pk]
        assert entry.actor == people.secretariat
        assert entry.additional_data == {
            "event": "assignment_created",
            "p_resolution": assignment.resolution_id,
            "p_agency": assignment.agency_id,
        }
        assert entry.changes["agency"] == ["None", str(assignment.agency_id)]
        assert entry.object_repr == str(assignment)
        assert assignment.continuous == (assignment.resolution.deadline_kind == "continuous")

    # The meeting's timeline reads them like any other entry.
    timeline = history_for(people.secretariat, [meeting], collapse=False)
    assert {e.subject_type for e in timeline} >= {"جلسه", "دستور کار", "مصوبه"}
    assert {e.actor for e in timeline} == {"مریم کاظمی"}


def test_the_assignments_timeline_of_an_agency_shows_imported_assignments(import_file, people):
    import_file(SAMPLE_000, actor=people.secretariat)
    agency = Assignment.objects.order_by("pk").first().agency
    assigned = Assignment.objects.filter(agency=agency).count()
    timeline = history_for(people.secretariat, [agency], collapse=False)
    created = [e for e in timeline if e.subject_type == "تکلیف دستگاه" and e.action == "ایجاد"]
    assert assigned and len(created) == assigned


def test_continuous_resolutions_give_continuous_assignments(import_file, alborz):
    result = import_file(data=_minutes(8), name="bulk-8.txt", province=alborz)
    assignments = Assignment.objects.filter(resolution__meeting=result.meeting).select_related("resolution")
    assert {a.continuous for a in assignments} == {True, False}
    for a in assignments:
        assert a.continuous == (a.resolution.deadline_kind == "continuous")
        assert a.due_date == a.resolution.due_date


def test_queries_per_file_do_not_grow_with_its_resolutions(
    import_file, alborz, django_assert_max_num_queries
):
    body = Body.objects.select_related("province").get(province=alborz, name="قرارگاه اجتماعی استان")
    context = ImportContext()
    # Warm the registry snapshot (read once per run, not per file).
    import_file(data=_minutes(2, number=1), name="warm.txt", body=body, context=context)
    counts = {}
    for n, size in ((2, 3), (3, 40)):
        with django_assert_max_num_queries(24) as captured:
            result = import_file(data=_minutes(size, number=n), name=f"m{n}.txt", body=body, context=context)
        assert result.outcome == "created"
        assert result.meeting.resolutions.count() == size
        counts[size] = len(captured.captured_queries)
    assert counts[3] == counts[40]


def test_an_unknown_agency_becomes_pending_and_is_assigned_with_history(import_file, alborz, people):
    result = import_file(
        data=_minutes(3, extra_assignee="انجمن حمایت از کودکان کار استان"),
        name="pending.txt",
        province=alborz,
        actor=people.secretariat,
    )
    (pending,) = result.pending_agencies
    assert pending.status == AgencyStatus.PENDING
    assignment = Assignment.objects.get(agency=pending)
    entry = _entries(Assignment, [assignment])[assignment.pk]
    assert entry.additional_data["p_agency"] == pending.pk
