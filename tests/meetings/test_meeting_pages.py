"""Meeting list and detail, hand entry, the home panel and navigation."""

from __future__ import annotations

import datetime

import pytest

from qarargah.meetings.models import Meeting
from qarargah.resolutions.models import Assignment
from tests.meetings.samples import SAMPLE_000, SAMPLE_002, SAMPLE_003

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(import_file):
    return [import_file(SAMPLE_000).meeting, import_file(SAMPLE_002).meeting, import_file(SAMPLE_003).meeting]


def test_list_shows_the_provinces_meetings_newest_first(people, client_for, meetings):
    response = client_for(people.secretariat).get("/meetings/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("جلسه ۱۲") < html.index("جلسه ۳")  # ۱۴۰۱/۰۴/۰۹ before ۱۴۰۱/۰۱/۲۴
    assert "نشست مشترک شورای اجتماعی" not in html  # Markazi's meeting is not Alborz's


def test_list_searches_resolution_text_and_jalali_dates(people, client_for, meetings):
    client = client_for(people.secretariat)
    html = client.get("/meetings/", {"q": "جشنواره اقوام"}).content.decode()
    assert "جلسه ۱۲" in html and "جلسه ۳" not in html
    html = client.get("/meetings/", {"q": "۱۴۰۱/۰۱/۲۴"}).content.decode()
    assert "جلسه ۳" in html and "جلسه ۱۲" not in html
    html = client.get("/meetings/", {"q": "ناموجود"}).content.decode()
    assert "جلسه‌ای با این عبارت پیدا نشد." in html


def test_empty_list_has_a_written_empty_state(people, client_for):
    html = client_for(people.leadership).get("/meetings/").content.decode()
    assert "هنوز جلسه‌ای در حوزه شما ثبت نشده است." in html


def test_detail_in_jalali_with_resolutions_assignments_document_and_timeline(people, client_for, meetings):
    meeting = meetings[0]
    html = client_for(people.secretariat).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "۱۴۰۱/۰۱/۲۴" in html and "۱۴:۳۰" in html
    assert "۲۱/۲۵/۲۷۴۱" in html
    assert "فرمانداری طالقان" in html and "مسئول اصلی" in html
    assert "سررسید ۱۴۰۱/۰۱/۲۸" in html
    assert f"/meetings/{meeting.pk}/documents/" in html
    assert "تاریخچه تغییرات" in html and "جلسه ثبت شد" in html
    assert "ولی پوری" in html  # a speaker


def test_the_source_document_downloads(people, client_for, meetings):
    meeting = meetings[0]
    doc = meeting.documents.get()
    response = client_for(people.leadership).get(f"/meetings/{meeting.pk}/documents/{doc.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SAMPLE_000.read_bytes()


def test_leadership_and_national_read_but_officers_do_not(people, client_for, meetings):
    meeting = meetings[0]
    assert client_for(people.leadership).get(f"/meetings/{meeting.pk}/").status_code == 200
    assert client_for(people.national).get("/meetings/").status_code == 200
    for persona in ("varzesh", "karaj_governorate", "hesar_manager"):
        client = client_for(getattr(people, persona))
        assert client.get("/meetings/").status_code == 403
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 403


def test_a_meeting_of_another_province_is_not_found(people, client_for, meetings):
    markazi_meeting = meetings[2]
    client = client_for(people.secretariat)
    assert client.get(f"/meetings/{markazi_meeting.pk}/").status_code == 404
    doc = markazi_meeting.documents.get()
    assert client.get(f"/meetings/{markazi_meeting.pk}/documents/{doc.pk}/").status_code == 404
    assert client.get("/meetings/999999/").status_code == 404


def test_wrong_methods_on_pages(people, client_for, meetings):
    client = client_for(people.secretariat)
    assert client.post(f"/meetings/{meetings[0].pk}/").status_code == 405
    assert client.delete("/meetings/new/").status_code == 405


def test_hand_entry_goes_through_the_same_linking(people, client_for):
    client = client_for(people.secretariat)
    page = client.get("/meetings/new/")
    assert page.status_code == 200
    data = {
        "body": people.secretariat.body_id,
        "number": "14",
        "date": "۱۴۰۱/۰۵/۰۲",
        "time": "۹ صبح",
        "place": "استانداری",
        "agenda": "گزارش خانه محله\nبررسی مصوبات جلسات گذشته",
        "res-TOTAL_FORMS": "3",
        "res-INITIAL_FORMS": "0",
        "res-MIN_NUM_FORMS": "0",
        "res-MAX_NUM_FORMS": "1000",
        "res-0-text": "برگزاری میز خدمت در محله حصار",
        "res-0-assignees": "فرمانداری کرج\nشهرداریهای استان\nکانون تازه‌تأسیس",
        "res-0-deadline": "یک هفته",
        "res-1-text": "",
        "res-1-assignees": "",
        "res-1-deadline": "",
        "res-2-text": "گزارش پیشرفت",
        "res-2-assignees": "فرمانداران محترم تابعه",
        "res-2-deadline": "اسرع وقت",
    }
    response = client.post("/meetings/new/", data)
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get()
    assert (meeting.number, meeting.date, meeting.time) == (
        14,
        datetime.date(2022, 7, 24),
        datetime.time(9, 0),
    )
    assert meeting.agenda_items.count() == 2
    assert [r.number for r in meeting.resolutions.order_by("number")] == [1, 2]
    first = meeting.resolutions.get(number=1)
    assert first.due_date == datetime.date(2022, 7, 31)
    names = dict(Assignment.objects.filter(resolution=first).values_list("agency__name", "role"))
    assert names == {
        "فرمانداری کرج": "lead",
        "شهرداری کرج": "partner",
        "شهرداری فردیس": "partner",
        "کانون تازه‌تأسیس": "partner",
    }
    assert meeting.resolutions.get(number=2).assignments.count() == 6
    html = client.get(response["Location"]).content.decode()
    assert "این نام‌ها به عنوان دستگاه در انتظار تأیید ثبت شد: کانون تازه‌تأسیس" in html


def test_hand_entry_errors_are_in_persian_and_keep_the_input(people, client_for):
    data = {
        "body": "",
        "date": "",
        "place": "تالار وحدت",
        "res-TOTAL_FORMS": "1",
        "res-INITIAL_FORMS": "0",
        "res-MIN_NUM_FORMS": "0",
        "res-MAX_NUM_FORMS": "1000",
        "res-0-text": "",
        "res-0-assignees": "فرمانداری کرج",
        "res-0-deadline": "",
    }
    html = client_for(people.secretariat).post("/meetings/new/", data).content.decode()
    assert "قرارگاه یا شورای جلسه را انتخاب کنید." in html
    assert "تاریخ جلسه را وارد کنید." in html
    assert "متن مصوبه را وارد کنید یا این ردیف را خالی بگذارید." in html
    assert 'value="تالار وحدت"' in html
    assert Meeting.objects.count() == 0


def test_home_panel_and_navigation(people, client_for, meetings):
    html = client_for(people.secretariat).get("/").content.decode()
    assert "آخرین جلسات" in html
    assert 'href="/meetings/import/"' in html and ">ورود صورتجلسه<" in html
    assert ">جلسات<" in html
    leadership = client_for(people.leadership).get("/").content.decode()
    assert ">جلسات<" in leadership and ">ورود صورتجلسه<" not in leadership
    officer = client_for(people.varzesh).get("/").content.decode()
    assert ">جلسات<" not in officer
