"""Every timeline on every page, for every role: only events about objects the viewer may open,
in Persian words and Jalali dates, without internal values (decision 0013)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from qarargah.history.selectors import _scoped, history_for
from qarargah.meetings.services import MeetingData, update_meeting
from qarargah.organisations import services as org_services
from qarargah.organisations.models import Agency, Body
from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment

from ..resolutions.factories import (
    ALBORZ_HQ,
    KARAJ,
    TAAVON,
    VARZESH,
    agency,
    assignment_of,
    make_meeting,
    make_resolution,
    report,
)

pytestmark = pytest.mark.django_db

PERSONAS = (
    "secretariat",
    "markazi_secretariat",
    "varzesh",
    "taavon",
    "markazi_officer",
    "karaj_governorate",
    "hesar_manager",
    "leadership",
    "national",
    "admin",
)
SECRET_TEXT = "مقرر گردید: تعاون طرح محرمانه اشتغال را اجرا کند."
# What a person must never read on a timeline.
ENGLISH_KEY = re.compile(r"[A-Za-z]+_[A-Za-z_]+")
GREGORIAN = re.compile(r"[0-9۰-۹]{4}-[0-9۰-۹]{2}-[0-9۰-۹]{2}")
INTERNAL = ("None", "[]", "{}", "شناسه")


@pytest.fixture
def world(people):
    """A meeting with a resolution shared by three agencies (and the Hesar neighbourhood), one
    assigned to the co-operatives directorate alone, reports, a returned report, an approved
    extension, a bulk assignment, one assignment removed and registry changes."""
    secretariat = people.secretariat
    meeting = make_meeting(secretariat, date=datetime.date(2024, 12, 5))
    shared = make_resolution(
        secretariat, meeting=meeting, agencies=(VARZESH, TAAVON, KARAJ), neighbourhoods=("حصار",)
    )
    secret = make_resolution(secretariat, meeting=meeting, agencies=(TAAVON,), text=SECRET_TEXT)
    report(people.varzesh, assignment_of(shared, VARZESH))
    returned = report(people.taavon, assignment_of(shared, TAAVON), text="گزارش تعاون")
    services.review_progress_report(actor=secretariat, report=returned, decision="return", comment="ناقص")
    report(people.taavon, assignment_of(secret, TAAVON), text="گزارش محرمانه تعاون")
    extension = services.request_deadline_extension(
        actor=people.taavon,
        assignment=assignment_of(secret, TAAVON),
        requested_due_date=datetime.date(2099, 3, 21),
        reason="هماهنگی زمان‌بر است.",
    )
    services.decide_deadline_extension(actor=secretariat, extension=extension, approve=True)
    others = list(
        Agency.objects.filter(province=shared.province, status="active")
        .exclude(name__in=(VARZESH, TAAVON, KARAJ))
        .order_by("pk")[:4]
    )
    services.assign_resolutions(actor=secretariat, items=[(shared, a, "partner") for a in others])
    services.unassign_resolution(actor=secretariat, assignment=assignment_of(shared, others[0].name))
    taavon = agency(TAAVON)
    org_services.add_agency_alias(actor=secretariat, agency=taavon, name="تعاون استان")
    org_services.update_agency(
        actor=secretariat,
        agency=agency(VARZESH),
        expected_version=agency(VARZESH).version,
        email="v@example.ir",
    )
    update_meeting(
        actor=secretariat,
        meeting=meeting,
        data=MeetingData(date=datetime.date(2024, 12, 7), number=meeting.number, place="سالن شهدا"),
        expected_version=meeting.version,
    )
    return {"meeting": meeting, "shared": shared, "secret": secret, "removed": others[0], "others": others}


def _urls(world) -> list[str]:
    shared, secret = world["shared"], world["secret"]
    urls = [f"/resolutions/{shared.pk}/", f"/resolutions/{secret.pk}/", f"/meetings/{world['meeting'].pk}/"]
    urls += [
        f"/resolutions/assignments/{a.pk}/"
        for a in Assignment.objects.filter(resolution__in=[shared, secret])
    ]
    urls += [f"/registry/agencies/{agency(name).pk}/" for name in (VARZESH, TAAVON, KARAJ)]
    urls += [f"/registry/bodies/{Body.objects.get(name=ALBORZ_HQ).pk}/"]
    return urls


def _timeline(html: str) -> str:
    start = html.index('<section class="timeline"')
    return html[start : html.index("</section>", start)]


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_timeline_shows_only_what_the_role_may_open_in_persian(persona, people, client_for, world):
    user = getattr(people, persona)
    client = client_for(user)
    opened = 0
    for url in _urls(world):
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (403, 404), url
            continue
        opened += 1
        for entry in response.context["history"]:
            for model, pk in entry.objects:
                if _scoped(model) and model._default_manager.filter(pk=pk).exists():
                    assert model._default_manager.visible_to(user).filter(pk=pk).exists(), (url, entry)
        text = _text(_timeline(response.content.decode()))
        assert not ENGLISH_KEY.search(text), (url, ENGLISH_KEY.search(text))
        assert not GREGORIAN.search(text), (url, GREGORIAN.search(text))
        for internal in INTERNAL:
            assert internal not in text, (url, internal)
    # Every role but Markazi's opens at least its own agency's or the registry's pages.
    assert opened or persona in ("markazi_secretariat", "markazi_officer")


def test_an_officer_does_not_read_another_agencys_events_on_a_shared_resolution(people, client_for, world):
    html = client_for(people.varzesh).get(f"/resolutions/{world['shared'].pk}/").content.decode()
    timeline = _text(_timeline(html))
    assert "گزارش اقدام فرستاده شد" in timeline  # its own report
    assert TAAVON not in timeline and KARAJ not in timeline
    assert "گزارش برگشت داده شد" not in timeline  # the co-operatives' report, returned
    # The secretariat reads all of it.
    full = _text(
        _timeline(client_for(people.secretariat).get(f"/resolutions/{world['shared'].pk}/").content.decode())
    )
    assert TAAVON in full and "گزارش برگشت داده شد" in full


def test_an_officer_does_not_read_hidden_resolutions_on_another_agencys_page(people, client_for, world):
    url = f"/registry/agencies/{agency(TAAVON).pk}/"
    timeline = _text(_timeline(client_for(people.varzesh).get(url).content.decode()))
    assert "تعاون استان" in timeline  # the alias: registry data every officer of the province reads
    assert "محرمانه" not in timeline and "مصوبه" not in timeline
    assert "محرمانه" in _text(_timeline(client_for(people.taavon).get(url).content.decode()))


def test_a_removed_assignment_is_read_by_the_secretariat_only(people, world):
    shared, removed = world["shared"], world["removed"]
    label = "تکلیف دستگاه برداشته شد"
    assert label in [e.event for e in history_for(people.secretariat, [shared])]
    assert label in [e.event for e in history_for(people.leadership, [shared])]
    assert label not in [e.event for e in history_for(people.varzesh, [shared])]
    assert label not in [e.event for e in history_for(people.hesar_manager, [shared])]
    assert not [
        e for e in history_for(people.varzesh, [agency(removed.name)]) if e.subject_type == "تکلیف دستگاه"
    ]


def test_a_county_officer_sees_its_own_assignment_only(people, world):
    entries = history_for(people.karaj_governorate, [world["shared"]], collapse=False)
    assignments = [e for e in entries if e.subject_type == "تکلیف دستگاه"]
    assert assignments and all(KARAJ in e.subject for e in assignments)


def test_a_house_manager_reads_its_neighbourhoods_resolution_but_no_extensions(people, world):
    entries = history_for(people.hesar_manager, [world["shared"], world["secret"]], collapse=False)
    assert {e.subject_type for e in entries} >= {"مصوبه", "تکلیف دستگاه"}
    assert not [e for e in entries if "محرمانه" in e.subject]
    assert not history_for(people.hesar_manager, [world["secret"]])


def test_dates_in_changes_and_subjects_are_jalali(people, world):
    meeting_changes = {
        c.label: (c.old, c.new)
        for e in history_for(people.secretariat, [world["meeting"]])
        if e.event == "جلسه ویرایش شد"
        for c in e.changes
    }
    assert meeting_changes["تاریخ جلسه"] == ("۱۴۰۳/۰۹/۱۵", "۱۴۰۳/۰۹/۱۷")
    due = [
        (c.old, c.new)
        for e in history_for(people.secretariat, [assignment_of(world["secret"], TAAVON)])
        for c in e.changes
        if c.label == "سررسید"
    ]
    assert ("۱۴۷۸/۰۱/۰۲") in [new for _old, new in due]


def test_a_burst_is_one_line_with_a_count(people, client_for, world):
    entries = history_for(people.secretariat, [world["shared"]])
    # The three agencies named at creation, and the four assigned later in one go.
    bursts = [e for e in entries if e.count > 1]
    assert [(e.event, e.count) for e in bursts] == [
        ("دستگاه اقدام‌کننده تعیین شد", 4),
        ("دستگاه اقدام‌کننده تعیین شد", 3),
    ]
    assert len(bursts[0].subjects) == 4 and bursts[0].changes == ()
    # Uncollapsed, the same rows are seven entries.
    flat = history_for(people.secretariat, [world["shared"]], collapse=False)
    assert len(flat) == len(entries) + 3 + 2
    html = client_for(people.secretariat).get(f"/resolutions/{world['shared'].pk}/").content.decode()
    assert "۴ مورد" in _timeline(html)


def test_two_similar_rows_or_rows_apart_in_time_stay_separate(people, world):
    from qarargah.history.selectors import BURST_MIN, BURST_WINDOW, TimelineEntry, _collapse

    assert BURST_MIN == 3 and datetime.timedelta(minutes=5) == BURST_WINDOW
    now = timezone.now()

    class Row:
        def __init__(self, actor_id: int) -> None:
            self.actor_id, self.action, self.content_type_id = actor_id, 0, 1

    def entry(minutes: int) -> TimelineEntry:
        return TimelineEntry(
            at=now - datetime.timedelta(minutes=minutes),
            actor="الف",
            action="ایجاد",
            subject_type="تکلیف دستگاه",
            subject=f"مورد {minutes}",
            event="دستگاه اقدام‌کننده تعیین شد",
            changes=(),
        )

    spread = [entry(0), entry(10), entry(20)]
    assert _collapse(spread, [Row(1)] * 3) == spread
    two = [entry(0), entry(1)]
    assert _collapse(two, [Row(1)] * 2) == two
    mixed = [entry(0), entry(1), entry(2)]
    assert _collapse(mixed, [Row(1), Row(2), Row(1)]) == mixed
    assert [e.count for e in _collapse(mixed, [Row(1)] * 3)] == [3]


def test_the_timeline_of_the_page_reads_its_rows_in_a_fixed_number_of_queries(
    people, world, django_assert_max_num_queries
):
    objects = [world["shared"], *world["shared"].assignments.all()]
    # Rows, content types, one visibility query per model, foreign-key names: no query per row.
    with django_assert_max_num_queries(12):
        history_for(people.varzesh, objects)
