"""POST /api/v1/assignments/{id}/reports/: multipart reports with attachments checked by content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qarargah.api.views import AssignmentReportView
from qarargah.resolutions.models import ProgressReport, ReportAttachment

from .world import EXE_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db

TEXT = "کلاس‌های آموزشی در سالن ورزشی محله حصار برگزار شد."


def url(assignment) -> str:
    return f"/api/v1/assignments/{assignment.pk}/reports/"


def pdf(name: str = "گزارش.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def test_officer_reports_with_text_only(people, api_for, world):
    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"text": TEXT})
    assert response.status_code == 201
    data = response.json()
    assert data["text"] == TEXT
    assert data["review_status"] == "pending"
    assert data["attachments"] == []
    world.varzesh_r1.refresh_from_db()
    assert world.varzesh_r1.status == "reported"


def test_report_with_a_file_and_a_quantity(people, api_for, world):
    response = api_for(people.varzesh).post(
        url(world.varzesh_r1), {"text": TEXT, "file": pdf(), "achieved_quantity": "4"}
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["achieved_quantity"] == "4.00"
    [attachment] = data["attachments"]
    assert attachment["name"] == "گزارش.pdf"
    assert attachment["content_type"] == "application/pdf"
    assert attachment["size"] == len(PDF_BYTES)


def test_several_files_in_one_report(people, api_for, world):
    response = api_for(people.varzesh).post(
        url(world.varzesh_r1), {"text": TEXT, "file": [pdf("الف.pdf"), pdf("ب.pdf")]}
    )
    assert response.status_code == 201
    assert sorted(a["name"] for a in response.json()["attachments"]) == ["الف.pdf", "ب.pdf"]


def test_a_program_renamed_pdf_is_415_and_nothing_is_saved(people, api_for, world):
    forged = SimpleUploadedFile("گزارش.pdf", EXE_BYTES, content_type="application/pdf")
    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"text": TEXT, "file": forged})
    assert response.status_code == 415
    error = response.json()["error"]
    assert error["code"] == "attachment_forged"
    assert error["message"].startswith("محتوای فایل «گزارش.pdf» با پسوند «.pdf» آن جور نیست")
    assert not ProgressReport.objects.filter(assignment=world.varzesh_r1).exists()
    assert not ReportAttachment.objects.exists()
    world.varzesh_r1.refresh_from_db()
    assert world.varzesh_r1.status == "new"


def test_a_pdf_named_docx_is_415(people, api_for, world):
    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"text": TEXT, "file": pdf("گزارش.docx")})
    assert response.status_code == 415
    assert response.json()["error"]["message"] == (
        "فایل «گزارش.docx» در واقع PDF است ولی پسوند آن «.docx» است؛ پسوند فایل را درست کنید و دوباره بارگذاری کنید."
    )


def test_an_executable_is_415(people, api_for, world):
    exe = SimpleUploadedFile("setup.exe", EXE_BYTES)
    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"text": TEXT, "file": exe})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "attachment_type"


def test_a_file_over_10_mb_is_413(people, api_for, world):
    big = SimpleUploadedFile(
        "بزرگ.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"text": TEXT, "file": big})
    assert response.status_code == 413
    assert response.json()["error"] == {
        "code": "attachment_too_large",
        "message": "حجم فایل «بزرگ.pdf» بیش از ۱۰ مگابایت است.",
    }


def test_an_oversized_request_is_refused_before_it_is_read(people, api_for, world, monkeypatch):
    monkeypatch.setattr(AssignmentReportView, "max_request_bytes", 100)
    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"text": TEXT, "file": pdf()})
    assert response.status_code == 413
    assert response.json()["error"] == {
        "code": "too_large",
        "message": "حجم درخواست بیش از اندازه مجاز است؛ فایل کوچک‌تری بفرستید.",
    }


def test_missing_text_is_400_naming_the_field(people, api_for, world):
    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"achieved_quantity": "-1"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "text": ["شرح اقدامات (text) را بنویسید؛ گزارش بدون متن فرستاده نمی‌شود."],
        "achieved_quantity": ["مقدار انجام‌شده نمی‌تواند منفی باشد."],
    }


def test_a_second_report_while_the_first_waits_is_409(people, api_for, world):
    api = api_for(people.varzesh)
    assert api.post(url(world.varzesh_r1), {"text": TEXT}).status_code == 201
    response = api.post(url(world.varzesh_r1), {"text": TEXT})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_a_stale_version_is_409(people, api_for, world):
    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"text": TEXT, "version": 7})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert response.json()["error"]["message"].startswith("این مورد پس از باز شدن فرم شما توسط کاربر دیگری")
    assert not ProgressReport.objects.exists()


def test_the_current_version_is_accepted(people, api_for, world):
    version = world.varzesh_r1.version
    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"text": TEXT, "version": version})
    assert response.status_code == 201


def test_officer_of_another_agency_gets_404(people, api_for, world):
    response = api_for(people.varzesh).post(url(world.taavon_r1), {"text": TEXT})
    assert response.status_code == 404
    assert not ProgressReport.objects.exists()


def test_other_province_gets_404(people, api_for, world):
    assert api_for(people.markazi_officer).post(url(world.varzesh_r1), {"text": TEXT}).status_code == 404


@pytest.mark.parametrize("persona", ["leadership", "secretariat", "hesar_manager"])
def test_roles_that_do_not_act_for_the_agency_get_403(people, api_for, world, persona):
    response = api_for(getattr(people, persona)).post(url(world.varzesh_r1), {"text": TEXT})
    if persona == "hesar_manager":
        # The house manager does not even see the assignment (it names no neighbourhood).
        assert response.status_code == 404
        return
    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "code": "permission_denied",
            "message": "فقط کارشناس دستگاه مسئول این تکلیف می‌تواند برای آن اقدام یا گزارش ثبت کند.",
        }
    }
    assert not ProgressReport.objects.exists()


def test_get_is_not_allowed(people, api_for, world):
    response = api_for(people.varzesh).get(url(world.varzesh_r1))
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_jalali_dates_are_the_day_in_tehran_not_in_utc(people, api_for, world):
    import datetime
    import zoneinfo

    response = api_for(people.varzesh).post(url(world.varzesh_r1), {"text": TEXT})
    report = ProgressReport.objects.get(pk=response.json()["id"])
    # 00:30 on 1403/01/01 in Tehran is still 1402/12/29 in UTC.
    tehran = datetime.datetime(2024, 3, 20, 0, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Tehran"))
    ProgressReport.objects.filter(pk=report.pk).update(submitted_at=tehran)
    data = api_for(people.varzesh).get(f"/api/v1/assignments/{world.varzesh_r1.pk}/").json()
    jalali = {r["id"]: r["submitted_at_jalali"] for r in data["reports"]}
    assert jalali[report.pk] == "1403-01-01"


def test_a_report_text_beyond_the_limit_is_refused_with_a_persian_message(people, api_for, world):
    from qarargah.resolutions.attachments import REPORT_TEXT_MAX_LENGTH

    response = api_for(people.varzesh).post(
        url(world.varzesh_r1), {"text": "ا" * (REPORT_TEXT_MAX_LENGTH + 1)}
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["text"] == [
        "شرح اقدامات (text) حداکثر ۲۰٬۰۰۰ نویسه است؛ جزئیات بیشتر را در فایل پیوست بفرستید."
    ]
    assert not ProgressReport.objects.filter(assignment=world.varzesh_r1).exists()


def test_a_quantity_with_too_many_digits_is_refused_in_persian(people, api_for, world):
    response = api_for(people.varzesh).post(
        f"/api/v1/assignments/{world.varzesh_r1.pk}/reports/",
        {"text": "گزارش", "achieved_quantity": "1000000000000"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "achieved_quantity": ["مقدار انجام‌شده حداکثر ۱۲ رقم صحیح و ۲ رقم اعشار دارد."]
    }
