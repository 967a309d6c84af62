"""The hand-entry form and the import preview refuse what must not be saved (issue 11, A.1): a
deadline date that does not exist, a resolution without an agency, a held meeting in the future.
Each refusal is at its field, in Persian, with everything typed still there."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qarargah.accounts.system import SYSTEM
from qarargah.core.errors import ServiceError
from qarargah.meetings.importer import import_minutes
from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Body, Province
from qarargah.resolutions.models import Resolution

from .test_web_import import _form_data

pytestmark = pytest.mark.django_db

IMPOSSIBLE = "۱۴۰۳/۱۳/۴۰"
VARZESH = "اداره کل ورزش و جوانان"


def _entry(body: Body, **row) -> dict[str, str]:
    data = {
        "body": str(body.pk),
        "date": "۱۴۰۳/۰۲/۱۲",
        "number": "۴۰",
        "res-TOTAL_FORMS": "1",
        "res-INITIAL_FORMS": "0",
        "res-MIN_NUM_FORMS": "0",
        "res-MAX_NUM_FORMS": "1000",
        "res-0-text": "مقرر شد جشنواره ورزش محله برگزار شود.",
        "res-0-assignees": VARZESH,
        "res-0-deadline": "۱۰ روز",
    }
    data.update({f"res-0-{k}" if k in ("text", "assignees", "deadline") else k: v for k, v in row.items()})
    return data


@pytest.fixture
def hq(db) -> Body:
    return Body.objects.get(province__code="alborz", name="قرارگاه اجتماعی استان", county=None)


def test_hand_entry_refuses_an_impossible_deadline_at_its_field(people, client_for, hq):
    response = client_for(people.secretariat).post("/meetings/new/", _entry(hq, deadline=IMPOSSIBLE))
    assert response.status_code == 200
    row = response.context["formset"][0]
    assert "ماه «۱۳» نداریم" in row.errors["deadline"][0]
    html = response.content.decode()
    assert f'value="{IMPOSSIBLE}"' in html and "جشنواره ورزش محله" in html
    assert not Meeting.objects.filter(number=40).exists()


def test_hand_entry_checks_a_yearless_date_in_the_meetings_year(people, client_for, hq):
    # 1402 is a common year: Esfand has no 30th.
    response = client_for(people.secretariat).post(
        "/meetings/new/", _entry(hq, date="۱۴۰۲/۰۶/۰۱", deadline="۳۰ اسفند")
    )
    assert response.status_code == 200
    assert "در تقویم شمسی وجود ندارد" in response.context["formset"][0].errors["deadline"][0]
    assert not Meeting.objects.filter(number=40).exists()


def test_hand_entry_saves_a_good_deadline_with_its_due_date(people, client_for, hq):
    response = client_for(people.secretariat).post("/meetings/new/", _entry(hq, deadline="۱۴۰۳/۰۵/۳۰"))
    assert response.status_code == 302
    resolution = Resolution.objects.get(meeting__number=40, meeting__body=hq)
    assert (resolution.deadline_kind, resolution.due_date) == ("date", datetime.date(2024, 8, 20))


def test_hand_entry_refuses_a_resolution_without_an_agency(people, client_for, hq):
    response = client_for(people.secretariat).post("/meetings/new/", _entry(hq, assignees=""))
    assert response.status_code == 200
    assert "دست‌کم یک دستگاه اقدام‌کننده بنویسید" in response.context["formset"][0].errors["assignees"][0]
    assert "جشنواره ورزش محله" in response.content.decode()
    assert not Meeting.objects.filter(number=40).exists()


def test_a_name_that_reaches_no_agency_is_refused_too(people, hq):
    from qarargah.meetings.importer import ResolutionInput, record_meeting
    from qarargah.meetings.services import MeetingData

    with pytest.raises(ServiceError) as caught:
        record_meeting(
            actor=people.secretariat,
            body=hq,
            data=MeetingData(date=datetime.date(2024, 5, 1), number=41),
            resolutions=[ResolutionInput(text="مقرر شد گزارش تهیه شود.", assignees="   ")],
        )
    assert caught.value.code == "agency_required"
    assert not Meeting.objects.filter(number=41).exists()


def test_hand_entry_refuses_a_meeting_in_the_future(people, client_for, hq):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    from qarargah.persian import format_jalali

    response = client_for(people.secretariat).post("/meetings/new/", _entry(hq, date=format_jalali(tomorrow)))
    assert response.status_code == 200
    assert "جلسه برگزارشده نمی‌تواند تاریخ آینده داشته باشد" in response.context["form"].errors["date"][0]
    assert not Meeting.objects.filter(number=40).exists()
    today = client_for(people.secretariat).post(
        "/meetings/new/", _entry(hq, date=format_jalali(timezone.localdate()))
    )
    assert today.status_code == 302


# --- The import preview ----------------------------------------------------------------------------

MINUTES = """صورتجلسه قرارگاه اجتماعی استان البرز
جلسه شماره ۵۷ مورخ ۱۴۰۳/۰۲/۱۲ ساعت ۱۰ به ریاست آقای احمدی در سالن شهدا برگزار شد.
مصوبات:
ردیف\tمصوبه\tمسئول اجرا\tمهلت
۱\tمقرر گردید جشنواره ورزش محله برگزار شود.\tاداره کل ورزش و جوانان\t{deadline}
"""


def _preview(client, deadline: str):
    upload = SimpleUploadedFile(
        "m57.txt", MINUTES.format(deadline=deadline).encode(), content_type="text/plain"
    )
    response = client.post("/meetings/import/", {"files": [upload]})
    assert response.status_code == 302
    return response["Location"]


def test_the_preview_marks_an_impossible_deadline_and_confirming_it_is_refused(people, client_for):
    client = client_for(people.secretariat)
    url = _preview(client, IMPOSSIBLE)
    page = client.get(url)
    assert "ماه «۱۳» نداریم" in page.content.decode()
    data = _form_data(page.context)
    response = client.post(f"{url}confirm/", data)
    assert response.status_code == 200
    [row] = list(response.context["formset"])
    assert "ماه «۱۳» نداریم" in row.errors["deadline"][0]
    assert f'value="{IMPOSSIBLE}"' in response.content.decode()
    assert not Meeting.objects.filter(number=57).exists()
    # Fixed in the preview, it goes in with its due date.
    data[row["deadline"].html_name] = "۱۴۰۳/۰۵/۳۰"
    assert client.post(f"{url}confirm/", data).status_code == 302
    resolution = Resolution.objects.get(meeting__number=57)
    assert (resolution.deadline_raw, resolution.due_date) == ("۱۴۰۳/۰۵/۳۰", datetime.date(2024, 8, 20))


def test_the_preview_refuses_a_resolution_without_an_agency(people, client_for):
    client = client_for(people.secretariat)
    url = _preview(client, "۱۰ روز")
    data = _form_data(client.get(url).context)
    data["res-0-assignees"] = ""
    response = client.post(f"{url}confirm/", data)
    assert response.status_code == 200
    assert "مصوبه بدون دستگاه ثبت نمی‌شود" in response.context["formset"][0].errors["assignees"][0]
    assert not Meeting.objects.filter(number=57).exists()


def test_the_preview_refuses_a_meeting_date_in_the_future(people, client_for):
    from qarargah.persian import format_jalali

    client = client_for(people.secretariat)
    url = _preview(client, "۱۰ روز")
    data = _form_data(client.get(url).context)
    data["date"] = format_jalali(timezone.localdate() + datetime.timedelta(days=3))
    response = client.post(f"{url}confirm/", data)
    assert response.status_code == 200
    assert "تاریخ آینده" in response.context["meeting_form"].errors["date"][0]
    assert not Meeting.objects.filter(number=57).exists()


def test_a_file_import_refuses_an_impossible_deadline(db):
    with pytest.raises(ServiceError) as caught:
        import_minutes(
            actor=SYSTEM,
            body=None,
            province=Province.objects.get(code="alborz"),
            filename="m57.txt",
            data=MINUTES.format(deadline=IMPOSSIBLE).encode(),
        )
    assert caught.value.code == "deadline" and "مصوبه ۱:" in caught.value.message
    assert not Meeting.objects.filter(number=57).exists()
