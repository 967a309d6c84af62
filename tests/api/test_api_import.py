"""POST /api/v1/meetings/import/: dry run (the parse, nothing saved) and the real import."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qarargah.meetings.models import Meeting, MinutesDocument
from qarargah.organisations.models import Agency, Body
from qarargah.resolutions.models import Assignment, Resolution

from .world import PDF_BYTES

pytestmark = pytest.mark.django_db

URL = "/api/v1/meetings/import/"
MINUTES = Path(__file__).resolve().parents[2] / "qarargah" / "demo" / "minutes"
PARSE_KEYS = {
    "title",
    "body",
    "number",
    "date",
    "weekday",
    "time",
    "place",
    "invitation",
    "chair",
    "secretary",
    "agenda",
    "speakers",
    "resolutions",
    "warnings",
}


def minutes(name: str = "alborz-hq-1401-03.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (MINUTES / name).read_bytes(), content_type="text/plain")


def counts() -> tuple[int, ...]:
    return (
        Meeting.objects.count(),
        Resolution.objects.count(),
        Assignment.objects.count(),
        MinutesDocument.objects.count(),
        Agency.objects.count(),
    )


def test_dry_run_returns_the_parse_and_saves_nothing(people, api_for):
    before = counts()
    response = api_for(people.secretariat).post(URL, {"file": minutes(), "dry_run": "true"})
    assert response.status_code == 200, response.json()
    data = response.json()
    assert set(data) == PARSE_KEYS | {"matching"}
    assert data["title"] == "سومین صورتجلسه قرارگاه اجتماعی استان"
    assert data["number"] == 3
    assert data["date"] == "1401-01-24"
    assert data["time"] == "14:30"
    assert data["invitation"] == {"number": "۲۱/۲۵/۲۷۴۱", "date": "1401-01-22"}
    assert data["resolutions"] and set(data["resolutions"][0]) == {
        "number",
        "text",
        "assignees_raw",
        "assignees",
        "deadline",
    }
    matching = data["matching"]
    assert matching["dry_run"] is True
    assert matching["outcome"] == "new"
    assert matching["existing_meeting"] is None
    assert matching["body"]["name"] == "قرارگاه اجتماعی استان"
    assert matching["province"]["name"] == "البرز"
    assert len(matching["resolutions"]) == len(data["resolutions"])
    kinds = {a["kind"] for r in matching["resolutions"] for a in r["assignees"]}
    assert kinds & {"exact", "alias", "fuzzy", "group"}
    assert counts() == before


def test_dry_run_as_a_query_parameter(people, api_for):
    before = counts()
    response = api_for(people.secretariat).post(f"{URL}?dry_run=true", {"file": minutes()})
    assert response.status_code == 200
    assert "matching" in response.json()
    assert counts() == before


def test_real_import_creates_the_meeting_then_is_idempotent(people, api_for):
    api = api_for(people.secretariat)
    response = api.post(URL, {"file": minutes()})
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["dry_run"] is False
    assert data["outcome"] == "created"
    meeting = Meeting.objects.get(pk=data["meeting"]["id"])
    assert meeting.number == 3
    assert data["meeting"]["date_jalali"] == "1401-01-24"
    assert data["meeting"]["resolution_count"] == meeting.resolutions.count() > 0
    assert data["meeting"]["body"]["name"] == "قرارگاه اجتماعی استان"
    before = counts()
    again = api.post(URL, {"file": minutes()})
    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert counts() == before
    dry = api.post(URL, {"file": minutes(), "dry_run": "true"}).json()
    assert dry["matching"]["outcome"] == "unchanged"
    assert dry["matching"]["existing_meeting"]["id"] == meeting.pk


def test_body_can_be_chosen(people, api_for):
    hq = Body.objects.get(province=people.secretariat.province, name="قرارگاه اجتماعی استان", county=None)
    response = api_for(people.secretariat).post(URL, {"file": minutes(), "body": hq.pk, "dry_run": "true"})
    assert response.status_code == 200
    assert response.json()["matching"]["body"]["id"] == hq.pk


def test_a_body_of_another_province_is_404(people, api_for):
    other = Body.objects.filter(province=people.markazi_secretariat.province).first()
    response = api_for(people.secretariat).post(URL, {"file": minutes(), "body": other.pk})
    assert response.status_code == 404
    assert Meeting.objects.count() == 0


def test_a_pdf_is_415_with_advice(people, api_for):
    response = api_for(people.secretariat).post(URL, {"file": SimpleUploadedFile("صورتجلسه.pdf", PDF_BYTES)})
    assert response.status_code == 415
    assert response.json()["error"] == {
        "code": "pdf",
        "message": "فایل PDF هنوز پشتیبانی نمی‌شود؛ لطفاً آن را در Word به قالب .docx ذخیره و دوباره بارگذاری کنید.",
    }


def test_an_empty_file_is_400(people, api_for):
    response = api_for(people.secretariat).post(URL, {"file": SimpleUploadedFile("خالی.txt", b"")})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "empty"


def test_a_file_over_10_mb_is_413(people, api_for):
    big = SimpleUploadedFile("بزرگ.txt", b"a" * (10 * 1024 * 1024 + 1))
    response = api_for(people.secretariat).post(URL, {"file": big})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_no_file_is_400(people, api_for):
    response = api_for(people.secretariat).post(URL, {"dry_run": "true"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"file": ["فایل صورتجلسه (file) را بفرستید."]}


@pytest.mark.parametrize("persona", ["varzesh", "leadership", "national"])
def test_only_the_secretariat_imports(people, api_for, persona):
    response = api_for(getattr(people, persona)).post(URL, {"file": minutes()})
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "permission_denied",
        "message": "شما اجازه تغییر این اطلاعات را ندارید.",
    }
    assert Meeting.objects.count() == 0


def test_json_instead_of_multipart_is_415(people, api_for):
    response = api_for(people.secretariat).post(URL, {"dry_run": True}, content_type="application/json")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_get_is_not_allowed(people, api_for):
    assert api_for(people.secretariat).get(URL).status_code == 405


def test_dry_run_names_unsure_fields_partners_vote_and_next_meeting(people, api_for):
    text = (
        "صورتجلسه قرارگاه اجتماعی استان البرز\nحاضران: اعضای قرارگاه\nمصوبات:\n"
        "۱- مقرر شد اداره کل ورزش و جوانان با همکاری اداره کل آموزش و پرورش زمین بازی را تا جلسه آینده آماده کند.\n"
        "به اتفاق آرا تصویب شد.\n"
    )
    upload = SimpleUploadedFile("api-unsure.txt", text.encode(), content_type="text/plain")
    data = api_for(people.secretariat).post(URL, {"file": upload, "dry_run": "true"}).json()
    assert {"field": "date", "message": "تاریخ جلسه پیدا نشد."} in data["matching"]["unsure"]
    [row] = data["matching"]["resolutions"]
    assert row["deadline_kind"] == "next_meeting"
    assert row["vote"] == "به اتفاق آرا تصویب شد"
    assert [p["text"] for p in row["partners"]] == ["اداره کل آموزش و پرورش"]
    assert row["partners"][0]["kind"] == "exact"
    assert Meeting.objects.count() == 0
