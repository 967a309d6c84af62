"""Idempotent re-import, corrected files updating their meeting, pending agencies and merges."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry

from qarargah.meetings.models import AgendaItem, Meeting, MinutesDocument, Speaker
from qarargah.organisations.models import Agency, AgencyStatus
from qarargah.organisations.services import merge_agency
from qarargah.resolutions.models import Assignment, ProgressReport, Resolution
from tests.meetings.samples import SAMPLE_000, SAMPLE_002, SAMPLE_003

pytestmark = pytest.mark.django_db

MODELS = (Meeting, AgendaItem, Speaker, MinutesDocument, Resolution, Assignment, Agency)


def _counts() -> dict[str, int]:
    counts = {m.__name__: m.objects.count() for m in MODELS}
    counts["LogEntry"] = LogEntry.objects.count()
    return counts


@pytest.mark.parametrize("sample", [SAMPLE_000, SAMPLE_002, SAMPLE_003], ids=["000", "002", "003"])
def test_importing_the_same_file_twice_changes_nothing(import_file, sample):
    first = import_file(sample)
    before = _counts()
    again = import_file(sample)
    assert again.outcome == "unchanged"
    assert again.meeting == first.meeting
    assert again.changes == []
    assert _counts() == before


def _changed_000() -> bytes:
    text = SAMPLE_000.read_text(encoding="utf-8")
    text = text.replace("۱۴۰۱/۰۱/۲۴\tچهارشنبه", "۱۴۰۱/۰۱/۲۵\tپنج شنبه")
    text = text.replace("کمیته های خدمات و اطلاع رسانی", "کمیته های خدمات و آموزش")
    text = text.replace(
        "فرمانداران محترم تابعه\tیک هفته\n۳", "فرمانداران محترم تابعه و اداره کل ورزش و جوانان\tیک هفته\n۳"
    )
    text += "\n۸\tمقرر گردید: انجمن حمایت از زندانیان استان گزارش اقدامات را ارسال نماید.\tانجمن حمایت زندانیان\tدو هفته\n"
    return text.encode("utf-8")


def test_a_corrected_file_updates_its_meeting_and_says_what_changed(import_file, people):
    first = import_file(SAMPLE_000)
    result = import_file(data=_changed_000(), name="alborz-hq-1401-03-v2.txt", actor=people.secretariat)
    assert result.outcome == "updated"
    assert result.meeting == first.meeting  # matched by invitation number and date
    assert Meeting.objects.count() == 1
    assert result.changes[:2] == ["تاریخ جلسه: ۱۴۰۱/۰۱/۲۴ ← ۱۴۰۱/۰۱/۲۵", "روز: چهارشنبه ← پنجشنبه"]
    assert "مصوبه ۳: متن تغییر کرد" in result.changes
    assert "مصوبه ۸ اضافه شد" in result.changes
    assert "اقدام‌کننده مصوبه ۲: افزوده: اداره کل ورزش و جوانان" in result.changes
    assert "مصوبه ۱: سررسید: ۱۴۰۱/۰۱/۲۸ ← ۱۴۰۱/۰۱/۲۹" in result.changes
    meeting = Meeting.objects.get()
    assert meeting.date == datetime.date(2022, 4, 14)
    assert meeting.resolutions.count() == 8
    assert "کمیته های خدمات و آموزش" in meeting.resolutions.get(number=3).text
    # Assignments follow the new due date of their resolution.
    assert set(Assignment.objects.filter(resolution__number=1).values_list("due_date", flat=True)) == {
        datetime.date(2022, 4, 18)
    }
    assert Assignment.objects.filter(
        resolution__number=2, agency__name="اداره کل ورزش و جوانان", role="partner"
    ).exists()
    # The unknown name became a pending agency, assigned to resolution 8.
    [pending] = result.pending_agencies
    assert pending.name == "انجمن حمایت زندانیان"
    assert pending.status == AgencyStatus.PENDING
    assert Assignment.objects.filter(resolution__number=8, agency=pending, role="lead").exists()
    assert MinutesDocument.objects.filter(meeting=meeting).count() == 2
    # And importing the corrected file again changes nothing.
    before = _counts()
    assert import_file(data=_changed_000(), name="v2-again.txt").outcome == "unchanged"
    assert _counts() == before


def test_dropped_resolutions_and_assignees_are_removed_unless_they_have_reports(import_file, people):
    meeting = import_file(SAMPLE_002).meeting
    reported = Assignment.objects.get(
        resolution__meeting=meeting, resolution__number=6, agency__name="اداره کل ورزش و جوانان"
    )
    ProgressReport.objects.create(assignment=reported, author=people.varzesh, text="گزارش نخست")
    text = SAMPLE_002.read_text(encoding="utf-8")
    lines = text.splitlines()
    # Drop row 4 entirely; row 6 loses both its agencies; row 1 loses nothing.
    lines = [ln for ln in lines if not ln.startswith("۴\tمقرر گردید: فرمانداری طالقان")]
    lines = [ln.replace("اداره کل ورزش و جوانان - آموزش و پرورش استان", "اداره کل بهزیستی") for ln in lines]
    result = import_file(data="\n".join(lines).encode(), name="v2.txt")
    assert result.outcome == "updated"
    assert "مصوبه ۴ حذف شد" in result.changes
    assert not meeting.resolutions.filter(number=4).exists()
    agencies = set(
        Assignment.objects.filter(resolution__meeting=meeting, resolution__number=6).values_list(
            "agency__name", flat=True
        )
    )
    assert agencies == {"اداره کل بهزیستی", "اداره کل ورزش و جوانان"}  # the one with a report stays
    assert (
        "مصوبه ۶: «اداره کل ورزش و جوانان» در فایل جدید نیست ولی گزارش فرستاده است؛ تکلیفش حذف نشد."
        in result.warnings
    )


def test_a_resolution_with_reports_is_kept_when_the_file_drops_it(import_file, people):
    meeting = import_file(SAMPLE_002).meeting
    assignment = Assignment.objects.get(resolution__meeting=meeting, resolution__number=4)
    ProgressReport.objects.create(assignment=assignment, author=people.karaj_governorate, text="برگزار شد")
    lines = [ln for ln in SAMPLE_002.read_text(encoding="utf-8").splitlines() if not ln.startswith("۴\t")]
    result = import_file(data="\n".join(lines).encode(), name="v2.txt")
    assert meeting.resolutions.filter(number=4).exists()
    assert "مصوبه ۴ در فایل جدید نیست ولی گزارش اقدام دارد؛ حذف نشد." in result.warnings


def test_merging_a_pending_agency_keeps_its_assignments(import_file, people):
    text = SAMPLE_000.read_text(encoding="utf-8").replace(
        "اداره کل امور زنان و خانواده\tیک هفته", "اداره امور بانوان استانداری\tیک هفته"
    )
    result = import_file(data=text.encode(), name="x.txt")
    [pending] = result.pending_agencies
    assert pending.name == "اداره امور بانوان استانداری"
    assignment = Assignment.objects.get(resolution__number=3, agency=pending)
    target = Agency.objects.get(name="اداره کل امور زنان و خانواده استانداری")
    merge_agency(actor=people.secretariat, source=pending, target=target)
    assignment.refresh_from_db()
    assert assignment.agency == target
    assert not Agency.objects.filter(pk=pending.pk).exists()
    # The merged name is now an alias: the next file links it directly.
    again = import_file(
        data=text.replace("۱۴۰۱/۰۱/۲۴\tچهارشنبه", "۱۴۰۱/۰۱/۲۵\tچهارشنبه").encode(), name="y.txt"
    )
    assert again.pending_agencies == []


def test_the_same_meeting_matched_by_body_number_and_date(import_file):
    first = import_file(SAMPLE_002)
    text = SAMPLE_002.read_text(encoding="utf-8").replace("۲۱/۲۵/۲۱۸۲۹", "۲۱/۲۵/۹۹۹۹")
    result = import_file(data=text.encode(), name="renumbered.txt")
    assert result.meeting == first.meeting
    assert result.changes == ["شماره دعوتنامه: ۲۱/۲۵/۲۱۸۲۹ ← ۲۱/۲۵/۹۹۹۹"]


def test_the_same_minutes_saved_in_another_encoding_change_nothing(import_file):
    first = import_file(SAMPLE_002)
    before = _counts()
    utf16 = SAMPLE_002.read_text(encoding="utf-8").encode("utf-16")
    again = import_file(data=utf16, name="alborz-hq-1401-12-utf16.txt")
    assert (again.outcome, again.meeting, again.changes) == ("unchanged", first.meeting, [])
    assert _counts() == before


def test_a_corrected_file_given_another_body_keeps_its_new_resolutions_with_the_meeting_it_updates(
    import_file, people
):
    # The person picked another body of the province; the invitation still finds the meeting of
    # the headquarters. Its new resolution belongs to that meeting, so its copies of body and
    # province (decision 0010) are the headquarters', not the body picked for the file.
    first = import_file(SAMPLE_000)
    committee = first.meeting.body.province.bodies.exclude(pk=first.meeting.body_id).first()
    result = import_file(data=_changed_000(), name="v2.txt", actor=people.secretariat, body=committee)
    assert (result.outcome, result.meeting) == ("updated", first.meeting)
    added = Resolution.objects.get(meeting=first.meeting, number=8)
    assert (added.body_id, added.province_id) == (first.meeting.body_id, first.meeting.body.province_id)
    assert set(Resolution.objects.values_list("body_id", flat=True)) == {first.meeting.body_id}


@pytest.mark.django_db
def test_working_day_deadlines_follow_the_administrators_calendar(people):
    """«۵ روز کاری» skips Fridays, official holidays and the closures the administrator added."""
    import datetime

    from qarargah.meetings.importer import import_minutes
    from qarargah.organisations.models import CalendarAmendment, CalendarAmendmentKind
    from qarargah.persian import JalaliDate
    from qarargah.resolutions.models import Resolution

    text = (
        "صورتجلسه شماره ۹۹ قرارگاه اجتماعی استان البرز\n"
        "تاریخ: ۱۴۰۵/۰۹/۱۵\n"
        "مصوبات:\n"
        "۱- مقرر شد گزارش برنامه‌های ورزشی محلات ارسال شود. مسئول: اداره کل ورزش و جوانان. مهلت: ۵ روز کاری\n"
    )
    # Sunday 1405/09/15; Monday 1405/09/16 is closed (air pollution), Friday 09/20 is the weekend.
    CalendarAmendment.objects.create(
        date=JalaliDate(1405, 9, 16).to_gregorian(), kind=CalendarAmendmentKind.CLOSED, reason="آلودگی هوا"
    )
    result = import_minutes(
        actor=people.secretariat, body=None, filename="workdays.txt", data=text.encode(), province=None
    )
    resolution = Resolution.objects.get(meeting=result.meeting, number=1)
    due = resolution.assignments.get().due_date
    assert due == JalaliDate(1405, 9, 22).to_gregorian()
    assert due - JalaliDate(1405, 9, 15).to_gregorian() == datetime.timedelta(days=7)
