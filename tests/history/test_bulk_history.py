"""``log_created`` writes for rows saved with ``bulk_create`` the same history rows auditlog writes
for rows saved one by one: same diff, actor, event, parents and correlation id."""

from __future__ import annotations

import datetime

import pytest
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from qarargah.history.registry import acting_as, log_created
from qarargah.history.selectors import history_for
from qarargah.meetings.models import AgendaItem, Meeting
from qarargah.organisations.models import Agency, Body
from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, Resolution

pytestmark = pytest.mark.django_db

# Values that differ between two rows by construction, not by how they were logged.
VOLATILE = {"id", "number", "created_at", "updated_at", "resolution"}


def _meeting(alborz, people) -> Meeting:
    body = Body.objects.get(province=alborz, name="قرارگاه اجتماعی استان")
    return Meeting.objects.create(body=body, number=7, date=datetime.date(2023, 6, 1), created_by=None)


def _entry(obj) -> LogEntry:
    return LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=LogEntry.Action.CREATE,
    )


def _comparable(entry: LogEntry, parent_ids: dict[str, int]) -> dict:
    data = dict(entry.additional_data)
    for key, value in parent_ids.items():
        assert data.pop(key) == value
    return {
        "content_type": entry.content_type_id,
        "action": entry.action,
        "actor": entry.actor_id,
        "actor_email": entry.actor_email,
        "additional_data": data,
        "changes": {k: v for k, v in entry.changes.items() if k not in VOLATILE},
        "changes_text": entry.changes_text,
        "serialized_data": entry.serialized_data,
        "object_pk": entry.object_pk == str(entry.object_id),
    }


def test_bulk_rows_are_logged_like_single_rows(alborz, people):
    meeting = _meeting(alborz, people)
    agency = Agency.objects.get(name="اداره کل ورزش و جوانان")
    text = "مقرر گردید: گزارش اقدامات به دبیرخانه ارسال شود."
    one = services.create_resolution(
        actor=people.secretariat,
        meeting=meeting,
        number=1,
        text=text,
        deadline_raw="مستمر",
        deadline_kind="continuous",
        agencies=[(agency, "lead")],
    )
    (two,) = services.create_resolutions(
        actor=people.secretariat,
        meeting=meeting,
        items=[
            services.NewResolution(
                number=2,
                text=text,
                deadline_raw="مستمر",
                deadline_kind="continuous",
                agencies=((agency, "lead"),),
            )
        ],
    )
    parents = {"p_meeting": meeting.pk}
    assert _comparable(_entry(one), parents) == _comparable(_entry(two), parents)
    a1, a2 = Assignment.objects.get(resolution=one), Assignment.objects.get(resolution=two)
    assert a1.continuous and a2.continuous
    e1, e2 = _entry(a1), _entry(a2)
    assert _comparable(e1, {"p_resolution": one.pk, "p_agency": agency.pk}) == _comparable(
        e2, {"p_resolution": two.pk, "p_agency": agency.pk}
    )
    assert e2.changes["resolution"] == ["None", str(two.pk)]
    assert e2.object_repr == str(a2)
    # Both show on the resolution's and the agency's timelines.
    assert {(e.subject_type, e.action) for e in history_for(people.secretariat, [two])} == {
        ("مصوبه", "ایجاد"),
        ("تکلیف دستگاه", "ایجاد"),
    }
    assert (
        len(
            [
                e
                for e in history_for(people.secretariat, [agency], collapse=False)
                if e.subject_type == "تکلیف دستگاه"
            ]
        )
        == 2
    )


def test_actor_and_event_come_from_the_surrounding_acting_as(alborz, people):
    meeting = _meeting(alborz, people)
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, order=1, text="گزارش"),
            AgendaItem(meeting=meeting, order=2, text="بررسی"),
        ]
    )
    with acting_as(people.secretariat, event="meeting_created"):
        log_created(items)
    for item in items:
        entry = _entry(item)
        assert entry.actor == people.secretariat
        assert entry.additional_data == {"event": "meeting_created", "p_meeting": meeting.pk}
        assert entry.changes["order"] == ["None", str(item.order)]


def test_explicit_event_and_system_actor(alborz, people):
    meeting = _meeting(alborz, people)
    items = AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, order=1, text="گزارش")])
    log_created(items, actor=None, event="minutes_imported")
    entry = _entry(items[0])
    assert entry.actor is None
    assert entry.additional_data == {"event": "minutes_imported", "p_meeting": meeting.pk}
    assert history_for(people.secretariat, [meeting])[0].actor == "سامانه"


def test_nothing_is_logged_when_auditlog_is_disabled_or_the_model_is_untracked(alborz, people):
    meeting = _meeting(alborz, people)
    before = LogEntry.objects.count()
    items = AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, order=1, text="گزارش")])
    with disable_auditlog():
        log_created(items, actor=people.secretariat)
    log_created([], actor=people.secretariat)
    # A model history does not track (a person's private calendar address: not domain data).
    from qarargah.meetings.models import CalendarFeedToken

    rows = CalendarFeedToken.objects.bulk_create(
        [CalendarFeedToken(user=people.secretariat, token_hash="0" * 64)]
    )
    log_created(rows, actor=people.secretariat)
    assert LogEntry.objects.count() == before


def test_bulk_resolutions_refuse_what_single_creation_refuses(alborz, people):
    meeting = _meeting(alborz, people)
    services.create_resolution(actor=people.secretariat, meeting=meeting, number=1, text="متن اول")
    from qarargah.core.errors import ServiceError

    cases = [
        ([services.NewResolution(number=2, text="  ")], "text_required"),
        ([services.NewResolution(number=0, text="متن")], "number"),
        ([services.NewResolution(number=1, text="متن")], "duplicate"),
        (
            [services.NewResolution(number=3, text="متن"), services.NewResolution(number=3, text="متن")],
            "duplicate",
        ),
    ]
    markazi_agency = Agency.objects.exclude(province=alborz).first()
    cases.append(
        (
            [services.NewResolution(number=4, text="متن", agencies=((markazi_agency, "lead"),))],
            "wrong_province",
        )
    )
    for items, code in cases:
        with pytest.raises(ServiceError) as err:
            services.create_resolutions(actor=people.secretariat, meeting=meeting, items=items)
        assert err.value.code == code
    assert Resolution.objects.filter(meeting=meeting).count() == 1


def test_the_diff_of_a_created_row_is_auditlogs_own(alborz, people):
    from auditlog.diff import model_instance_diff

    from qarargah.history.auditlog_adapter import created_diff as _created_diff

    meeting = _meeting(alborz, people)
    one = services.create_resolution(
        actor=people.secretariat,
        meeting=meeting,
        number=1,
        text="مقرر گردید: ۲۰ خانه احسان تا پایان سال راه‌اندازی شود.",
        deadline_kind="asap",
        agencies=[(Agency.objects.get(name="اداره کل ورزش و جوانان"), "lead")],
    )
    item = AgendaItem.objects.create(meeting=meeting, order=1, text="گزارش")
    for obj in (meeting, one, one.assignments.get(), item):
        for use_json in (False, True):
            expected = model_instance_diff(None, obj, use_json_for_changes=use_json)
            assert _created_diff(type(obj), use_json)(obj) == expected
            assert list(_created_diff(type(obj), use_json)(obj)) == list(expected)


def test_an_update_names_its_parents_without_reading_them_back(alborz, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = _meeting(alborz, people)
    resolution = services.create_resolution(
        actor=people.secretariat, meeting=meeting, number=1, text="متن اول"
    )
    with CaptureQueriesContext(connection) as queries:
        services.update_resolution(
            actor=people.secretariat,
            resolution=resolution,
            expected_version=resolution.version,
            text="متن دوم",
        )
    entry = LogEntry.objects.filter(action=LogEntry.Action.UPDATE, object_id=resolution.pk).latest("id")
    assert entry.additional_data == {"event": "resolution_updated", "p_meeting": meeting.pk}
    assert entry.changes["text"] == ["متن اول", "متن دوم"]
    assert not [
        q for q in queries.captured_queries if 'SELECT "resolutions_resolution"."meeting_id"' in q["sql"]
    ]
