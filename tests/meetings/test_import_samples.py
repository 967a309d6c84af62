"""Importing the three sample minutes: meeting fields, resolutions and linked agencies."""

from __future__ import annotations

import datetime

import pytest

from qarargah.meetings.models import MinutesDocument
from qarargah.organisations.models import Agency, AgencyStatus
from qarargah.resolutions.models import Assignment
from tests.meetings.samples import SAMPLE_000, SAMPLE_002, SAMPLE_003

pytestmark = pytest.mark.django_db


def _agencies(meeting, number: int) -> dict[str, str]:
    rows = Assignment.objects.filter(resolution__meeting=meeting, resolution__number=number)
    return dict(rows.values_list("agency__name", "role"))


ALBORZ_GOVERNORATES = {
    "فرمانداری کرج",
    "فرمانداری فردیس",
    "فرمانداری ساوجبلاغ",
    "فرمانداری نظرآباد",
    "فرمانداری اشتهارد",
    "فرمانداری طالقان",
}


def test_sample_000_meeting_fields_and_group_of_county_governorates(import_file, people):
    result = import_file(SAMPLE_000, actor=people.secretariat)
    meeting = result.meeting
    assert result.outcome == "created"
    assert meeting.body.name == "قرارگاه اجتماعی استان"
    assert meeting.body.province.code == "alborz"
    assert meeting.number == 3
    assert meeting.date == datetime.date(2022, 4, 13)  # ۱۴۰۱/۰۱/۲۴
    assert meeting.time == datetime.time(14, 30)
    assert meeting.place == "سالن جلسات شهدای دولت"
    assert meeting.invitation_number == "۲۱/۲۵/۲۷۴۱"
    assert meeting.invitation_date == datetime.date(2022, 4, 11)
    assert meeting.agenda_items.count() == 6
    assert meeting.speakers.count() == 3
    assert meeting.resolutions.count() == 7
    # Row 1 «فرمانداران محترم تابعه» → every county governorate of Alborz, all leading.
    assert _agencies(meeting, 1) == dict.fromkeys(ALBORZ_GOVERNORATES, "lead")
    row1 = meeting.resolutions.get(number=1)
    assert row1.deadline_kind == "relative"
    assert row1.due_date == datetime.date(2022, 4, 17)  # ۴ روز
    # Row 7: governorates lead, «مسئولین خانه محلات» → the neighbourhood houses as partners.
    assert _agencies(meeting, 7) == {
        **dict.fromkeys(ALBORZ_GOVERNORATES, "lead"),
        "خانه محله حصار": "partner",
    }
    assert _agencies(meeting, 3) == {"اداره کل امور زنان و خانواده استانداری": "lead"}
    assert result.pending_agencies == []
    document = MinutesDocument.objects.get(meeting=meeting)
    assert document.file_name == SAMPLE_000.name
    assert document.file.read() == SAMPLE_000.read_bytes()
    assert "قرارگاه اجتماعی استان" in document.source_text
    assert document.imported_by == people.secretariat


def test_sample_002_row_3_expands_governorates_and_municipalities(import_file):
    meeting = import_file(SAMPLE_002).meeting
    assert (meeting.number, meeting.date) == (12, datetime.date(2022, 6, 30))
    assert meeting.resolutions.count() == 6
    assert _agencies(meeting, 3) == {
        "اداره کل تعاون، کار و رفاه اجتماعی": "lead",
        **dict.fromkeys(ALBORZ_GOVERNORATES, "partner"),
        "شهرداری کرج": "partner",
        "شهرداری فردیس": "partner",
    }
    # «کلیه دستگاههای اجرایی استان» → the members of the HQ (all active agencies of Alborz).
    active = set(
        Agency.objects.filter(province__code="alborz", status=AgencyStatus.ACTIVE).values_list(
            "name", flat=True
        )
    )
    assert set(_agencies(meeting, 2)) == active
    assert _agencies(meeting, 2)["فرمانداری کرج"] == "lead"
    assert _agencies(meeting, 5) == {"اداره کل راه و شهرسازی": "lead"}  # alias «اداره کل راه شهرسازی»
    assert _agencies(meeting, 6) == {"اداره کل ورزش و جوانان": "lead", "اداره کل آموزش و پرورش": "partner"}
    assert meeting.resolutions.get(number=2).deadline_kind == "this_week"


def test_sample_003_joint_meeting_goes_to_the_markazi_council(import_file, markazi):
    result = import_file(SAMPLE_003)
    meeting = result.meeting
    assert meeting.body.name == "شورای اجتماعی استان"
    assert meeting.number is None
    assert meeting.joint_sessions == [
        {"body": "شورای اجتماعی", "number": 5},
        {"body": "کارگروه اجتماعی، فرهنگی، سلامت، زنان و خانواده استان", "number": 9},
    ]
    assert meeting.chair_name == "دکتر مخلص الائمه"
    assert meeting.secretary_name == "باقری"
    assert meeting.resolutions.count() == 7
    # Row 3: the police leads; «فرمانداریهای شهرستانهای شازند، ساوه و خمین» → those three.
    assert _agencies(meeting, 3) == {
        "فرماندهی انتظامی استان": "lead",
        "فرمانداری شازند": "partner",
        "فرمانداری ساوه": "partner",
        "فرمانداری خمین": "partner",
    }
    # «اسرع وقت» gets the province's ASAP window.
    row3 = meeting.resolutions.get(number=3)
    assert row3.deadline_kind == "asap"
    assert row3.due_date == meeting.date + datetime.timedelta(days=markazi.asap_days)
    # «دستگاههای عضو شورا و کارگروه» → the members of the council (and of the joint working group).
    members = set(meeting.body.members.filter(status=AgencyStatus.ACTIVE).values_list("name", flat=True))
    assert set(_agencies(meeting, 4)) == members
    assert result.pending_agencies == []


def test_body_is_detected_in_the_secretariats_own_province(import_file, people):
    result = import_file(SAMPLE_003, actor=people.markazi_secretariat)
    assert result.meeting.body == people.markazi_secretariat.body


def test_unknown_body_asks_to_choose_it(import_file, people):
    from qarargah.core.errors import ServiceError

    with pytest.raises(ServiceError) as info:
        import_file(SAMPLE_003, actor=people.secretariat)  # Alborz has no «شورای اجتماعی»
    assert info.value.message == (
        "نهاد این صورتجلسه «شورای اجتماعی و کارگروه اجتماعی، فرهنگی، سلامت، زنان و خانواده استان» در فهرست "
        "قرارگاه‌ها و شوراهای استان البرز پیدا نشد؛ لطفاً قرارگاه یا شورای آن را انتخاب کنید."
    )


def test_members_of_the_working_group_phrase_expands_to_the_body_members(import_file, markazi):
    text = SAMPLE_003.read_text(encoding="utf-8").replace(
        "اسرع وقت\tدستگاههای عضو شورا و کارگروه", "اسرع وقت\tادارات عضو کارگروه"
    )
    assert "ادارات عضو کارگروه" in text
    meeting = import_file(data=text.encode(), name="markazi-joint-v2.txt").meeting
    members = set(meeting.body.members.filter(status=AgencyStatus.ACTIVE).values_list("name", flat=True))
    assert members and set(_agencies(meeting, 4)) == members
