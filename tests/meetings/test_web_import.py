"""Upload → preview (side by side, editable) → confirm; nothing saved before confirmation."""

from __future__ import annotations

import datetime
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qarargah.meetings import drafts
from qarargah.meetings.models import Meeting, MinutesDocument
from qarargah.resolutions.models import Resolution
from tests.meetings.samples import SAMPLE_000, SAMPLE_002

pytestmark = pytest.mark.django_db

PDF_MESSAGE = "فایل PDF هنوز پشتیبانی نمی‌شود؛ لطفاً آن را در Word به قالب .docx ذخیره و دوباره بارگذاری کنید."


def _upload(path, name=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/plain")


def _form_data(page_context) -> dict[str, str]:
    """What the browser would post back from the preview form, unchanged."""
    data = {"body": ""}
    for bound in page_context["meeting_form"]:
        value = bound.field.widget.format_value(bound.field.prepare_value(bound.value()))
        data[bound.html_name] = value or ""
    formset = page_context["formset"]
    for name in formset.management_form.fields:
        data[f"res-{name}"] = str(formset.management_form[name].value())
    for form in formset:
        for name in ("number", "text", "assignees", "deadline"):
            value = form[name].value()
            data[form[name].html_name] = "" if value is None else str(value)
    return data


def test_upload_preview_edit_inline_and_confirm(people, client_for, media_root):
    client = client_for(people.secretariat)
    response = client.post("/meetings/import/", {"files": [_upload(SAMPLE_000)]})
    assert response.status_code == 302
    preview_url = response["Location"]
    assert "/meetings/import/draft/" in preview_url
    # The bytes wait in the user's draft area, not in the database.
    assert Meeting.objects.count() == 0
    [draft_dir] = [
        p for p in (media_root / "import-drafts" / str(people.secretariat.pk)).iterdir() if p.is_dir()
    ]
    assert (draft_dir / "data").read_bytes() == SAMPLE_000.read_bytes()

    page = client.get(preview_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "تأیید و ثبت" in html
    assert "جلسه تازه" in html
    assert 'data-testid="source-text"' in html and "دستور کار" in html  # original text on the side
    assert "ترتیب ستون‌های یک ردیف جدول مصوبات معکوس بود و اصلاح شد." in html  # a warning, highlighted
    assert "فرمانداری‌های استان: ۶ دستگاه" in html  # group phrase expanded
    assert Meeting.objects.count() == 0

    data = _form_data(page.context)
    data["place"] = "سالن همایش‌های استانداری"  # an inline fix
    data["res-2-deadline"] = "دو هفته"
    confirm = client.post(preview_url + "confirm/", data)
    assert confirm.status_code == 302
    meeting = Meeting.objects.get()
    assert confirm["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.place == "سالن همایش‌های استانداری"
    assert meeting.number == 3
    assert meeting.date == datetime.date(2022, 4, 13)
    row3 = meeting.resolutions.get(number=3)
    assert (row3.deadline_raw, row3.due_date) == ("دو هفته", datetime.date(2022, 4, 27))
    assert meeting.resolutions.count() == 7
    assert MinutesDocument.objects.filter(meeting=meeting).count() == 1
    assert not draft_dir.exists()  # removed after confirmation
    detail = client.get(confirm["Location"]).content.decode()
    # The system writes its number in Persian digits; the file name stays as the user named it.
    assert "صورتجلسه «alborz-hq-1401-03.txt» ثبت شد: ۷ مصوبه." in detail
    assert "۱۴۰۱/۰۱/۲۴" in detail


def test_confirm_with_a_bad_date_keeps_what_the_user_typed(people, client_for):
    client = client_for(people.secretariat)
    preview_url = client.post("/meetings/import/", {"files": [_upload(SAMPLE_002)]})["Location"]
    data = _form_data(client.get(preview_url).context)
    data["date"] = "۱۴۰۱/۱۳/۴۰"
    data["place"] = "محل تازه"
    response = client.post(preview_url + "confirm/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "تاریخ «۱۴۰۱/۱۳/۴۰» معتبر نیست؛ آن را به شکل ۱۴۰۳/۰۱/۲۴ وارد کنید." in html
    assert 'value="محل تازه"' in html
    assert Meeting.objects.count() == 0


def test_a_batch_with_a_pdf_previews_the_others(people, client_for):
    client = client_for(people.secretariat)
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n1 0 obj", content_type="application/pdf")
    empty = SimpleUploadedFile("empty.txt", b"", content_type="text/plain")
    response = client.post(
        "/meetings/import/", {"files": [_upload(SAMPLE_000), pdf, empty, _upload(SAMPLE_002)]}
    )
    assert response.status_code == 302
    batch = client.get(response["Location"]).content.decode()
    assert PDF_MESSAGE in batch
    assert "فایل بارگذاری‌شده خالی است؛ لطفاً فایل صورتجلسه را دوباره انتخاب کنید." in batch
    assert batch.count("پیش‌نمایش و تأیید") == 2
    assert Meeting.objects.count() == 0


def test_too_large_and_unsupported_files_are_refused_before_reading(people, client_for, settings):
    client = client_for(people.secretariat)
    big = SimpleUploadedFile("big.txt", b"a" * (10 * 1024 * 1024 + 1))
    odd = SimpleUploadedFile("minutes.odt", b"x")
    batch = client.get(client.post("/meetings/import/", {"files": [big, odd]})["Location"]).content.decode()
    assert "حجم فایل بیش از ۱۰ مگابایت است" in batch
    assert "قالب این فایل پشتیبانی نمی‌شود؛ لطفاً صورتجلسه را به قالب .docx یا .txt بارگذاری کنید." in batch


def test_upload_without_files_says_so(people, client_for):
    response = client_for(people.secretariat).post("/meetings/import/", {})
    assert response.status_code == 200
    assert "هیچ فایلی انتخاب نشده است" in response.content.decode()


def test_cancel_removes_the_draft(people, client_for, media_root):
    client = client_for(people.secretariat)
    preview_url = client.post("/meetings/import/", {"files": [_upload(SAMPLE_000)]})["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(preview_url + "cancel/")
    assert response.status_code == 302
    assert not (media_root / "import-drafts" / str(people.secretariat.pk) / token).exists()
    assert client.get(preview_url).status_code == 404
    assert Meeting.objects.count() == 0


def test_reimporting_shows_unchanged_and_an_updated_file_shows_its_changes(people, client_for, import_file):
    import_file(SAMPLE_000)
    client = client_for(people.secretariat)
    html = client.get(
        client.post("/meetings/import/", {"files": [_upload(SAMPLE_000)]})["Location"]
    ).content.decode()
    assert "این فایل پیش‌تر وارد شده است؛ تغییری ندارد" in html
    changed = SAMPLE_000.read_text(encoding="utf-8").replace("۱۴۰۱/۰۱/۲۴\tچهارشنبه", "۱۴۰۱/۰۱/۲۵\tچهارشنبه")
    upload = SimpleUploadedFile("v2.txt", changed.encode())
    html = client.get(client.post("/meetings/import/", {"files": [upload]})["Location"]).content.decode()
    assert "تاریخ جلسه: ۱۴۰۱/۰۱/۲۴ ← ۱۴۰۱/۰۱/۲۵" in html
    assert Meeting.objects.get().date == datetime.date(2022, 4, 13)  # still nothing saved


def test_unknown_body_can_be_chosen_on_the_preview(people, client_for):
    from tests.meetings.samples import SAMPLE_003

    client = client_for(people.secretariat)
    preview_url = client.post("/meetings/import/", {"files": [_upload(SAMPLE_003)]})["Location"]
    html = client.get(preview_url).content.decode()
    assert "در فهرست قرارگاه‌ها و شوراهای استان البرز پیدا نشد" in html
    hq = people.secretariat.body
    html = client.get(preview_url, {"body": hq.pk}).content.decode()
    assert "تأیید و ثبت" in html
    assert "نام ناشناخته — به عنوان دستگاه در انتظار تأیید ثبت می‌شود" in html  # Markazi's agencies


def test_old_drafts_are_swept_on_upload(people, client_for, media_root):
    stale = drafts.save_draft(people.taavon, filename="old.txt", data=b"x", body_id=None, batch="")
    old = time.time() - 2 * 24 * 3600
    os.utime(stale.path, (old, old))
    client_for(people.secretariat).post("/meetings/import/", {"files": [_upload(SAMPLE_000)]})
    assert not stale.path.exists()


def test_another_users_draft_is_not_found(people, client_for):
    preview_url = client_for(people.secretariat).post("/meetings/import/", {"files": [_upload(SAMPLE_000)]})[
        "Location"
    ]
    admin = client_for(people.admin)
    assert admin.get(preview_url).status_code == 404
    assert admin.post(preview_url + "confirm/", {}).status_code == 404
    assert Resolution.objects.count() == 0


@pytest.mark.parametrize(
    "persona", ["varzesh", "leadership", "national", "hesar_manager", "karaj_governorate"]
)
def test_only_the_secretariat_and_admins_import(people, client_for, persona):
    client = client_for(getattr(people, persona))
    assert client.get("/meetings/import/").status_code == 403
    assert client.post("/meetings/import/", {"files": [_upload(SAMPLE_000)]}).status_code == 403
    assert client.get("/meetings/new/").status_code == 403
    assert Meeting.objects.count() == 0


def test_anonymous_is_sent_to_login(client):
    response = client.get("/meetings/import/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_wrong_methods(people, client_for):
    client = client_for(people.secretariat)
    preview_url = client.post("/meetings/import/", {"files": [_upload(SAMPLE_000)]})["Location"]
    assert client.get(preview_url + "confirm/").status_code == 405
    assert client.get(preview_url + "cancel/").status_code == 405
    assert client.post(preview_url).status_code == 405
    assert client.put("/meetings/import/").status_code == 405
    assert client.post("/meetings/").status_code == 405


def test_confirming_an_already_imported_file_writes_nothing_unless_fixed_inline(
    people, client_for, import_file
):
    from auditlog.models import LogEntry

    meeting = import_file(SAMPLE_000).meeting
    client = client_for(people.secretariat)
    preview_url = client.post("/meetings/import/", {"files": [_upload(SAMPLE_000)]})["Location"]
    data = _form_data(client.get(preview_url).context)
    before = LogEntry.objects.count()
    response = client.post(preview_url + "confirm/", data)
    assert response.status_code == 302
    assert LogEntry.objects.count() == before
    assert Meeting.objects.count() == 1
    # The same file with an inline fix updates the meeting it came from.
    preview_url = client.post("/meetings/import/", {"files": [_upload(SAMPLE_000)]})["Location"]
    data = _form_data(client.get(preview_url).context)
    data["chair_name"] = "دکتر عبداللهی"
    client.post(preview_url + "confirm/", data)
    meeting.refresh_from_db()
    assert meeting.chair_name == "دکتر عبداللهی"
    assert MinutesDocument.objects.filter(meeting=meeting).count() == 1  # the same bytes are not stored twice


def test_title_agenda_and_date_are_fixed_inline_and_the_weekday_follows_the_date(people, client_for):
    client = client_for(people.secretariat)
    preview_url = client.post("/meetings/import/", {"files": [_upload(SAMPLE_000)]})["Location"]
    page = client.get(preview_url)
    assert page.context["meeting_form"]["title"].value() == "سومین صورتجلسه قرارگاه اجتماعی استان"
    assert page.context["meeting_form"]["agenda"].value().count("\n") == 5  # six items, one a line
    data = _form_data(page.context)
    data["title"] = "سومین جلسه قرارگاه اجتماعی استان البرز"
    data["agenda"] = "گزارش فرمانداران\n\nگزارش بیمه سلامت\n"
    data["date"] = "۱۴۰۱/۰۱/۲۵"  # the file said چهارشنبه ۱۴۰۱/۰۱/۲۴
    confirm = client.post(preview_url + "confirm/", data)
    assert confirm.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.title == "سومین جلسه قرارگاه اجتماعی استان البرز"
    assert list(meeting.agenda_items.order_by("order").values_list("text", flat=True)) == [
        "گزارش فرمانداران",
        "گزارش بیمه سلامت",
    ]
    assert (meeting.date, meeting.weekday) == (datetime.date(2022, 4, 14), "پنجشنبه")
