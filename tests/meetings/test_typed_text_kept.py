"""What the secretariat types or names is kept as typed (decision 0003): a minutes file
«markazi2.txt» keeps its «2» in the flash message, the stored document and the timeline; a
meeting typed by hand keeps the digits of its place and resolution text."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qarargah.meetings.models import Meeting, MinutesDocument
from tests.meetings.samples import SAMPLE_000
from tests.meetings.test_web_import import _form_data

pytestmark = pytest.mark.django_db


def test_an_imported_files_name_keeps_its_digits(people, client_for, media_root):
    client = client_for(people.secretariat)
    upload = SimpleUploadedFile("markazi2.txt", SAMPLE_000.read_bytes(), content_type="text/plain")
    preview_url = client.post("/meetings/import/", {"files": [upload]})["Location"]
    page = client.get(preview_url)
    assert "markazi2.txt" in page.content.decode()
    confirm = client.post(preview_url + "confirm/", _form_data(page.context))
    assert confirm.status_code == 302
    assert MinutesDocument.objects.get().file_name == "markazi2.txt"
    detail = client.get(confirm["Location"]).content.decode()
    assert "صورتجلسه «markazi2.txt» ثبت شد: ۷ مصوبه." in detail
    assert "markazi2.txt" in detail and "markazi۲" not in detail


def test_a_meeting_typed_by_hand_keeps_its_digits_and_diacritics(people, client_for):
    client = client_for(people.secretariat)
    data = {
        "body": people.secretariat.body_id,
        "number": "۱۵",
        "date": "۱۴۰۱/۰۵/۰۲",
        "place": "سالن 2 استانداری",
        "agenda": "گزارش فاز 3 طرح\nلطفاً گزارش‌ها کوتاه باشد",
        "res-TOTAL_FORMS": "1",
        "res-INITIAL_FORMS": "0",
        "res-MIN_NUM_FORMS": "0",
        "res-MAX_NUM_FORMS": "1000",
        "res-0-text": "alert(2): برگزاری 12 کارگاه؛ لطفاً تا پایان ماه",
        "res-0-assignees": "فرمانداری کرج",
        "res-0-deadline": "10 روز",
    }
    response = client.post("/meetings/new/", data)
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get()
    assert meeting.place == "سالن 2 استانداری"
    assert list(meeting.agenda_items.order_by("order").values_list("text", flat=True)) == [
        "گزارش فاز 3 طرح",
        "لطفاً گزارش‌ها کوتاه باشد",
    ]
    resolution = meeting.resolutions.get()
    assert resolution.text == "alert(2): برگزاری 12 کارگاه؛ لطفاً تا پایان ماه"
    assert resolution.deadline_raw == "10 روز" and resolution.due_date is not None
    html = client.get(response["Location"]).content.decode()
    assert "سالن 2 استانداری" in html and "alert(2)" in html and "alert(۲)" not in html
    # The list finds it by the plain spelling and by either digit set.
    for query in ("لطفا تا پایان", "۱۲ کارگاه"):
        assert "alert(2)" in client.get("/resolutions/", {"q": query}).content.decode(), query
