"""Report attachments: judged by content, stored under a random name outside the web root,
and downloadable only by those who may see the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qarargah.core.errors import ServiceError
from qarargah.resolutions.attachments import MAX_ATTACHMENT_BYTES, validate_attachment
from qarargah.resolutions.models import ProgressReport, ReportAttachment

from .factories import (
    TAAVON,
    VARZESH,
    assignment_of,
    docx_bytes,
    exe_bytes,
    make_resolution,
    pdf_bytes,
    png_bytes,
    report,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("گزارش.pdf", pdf_bytes(), "application/pdf"),
        (
            "گزارش.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("آمار.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("عکس.PNG", png_bytes(), "image/png"),
    ],
)
def test_valid_files_are_accepted_by_content(name, data, content_type):
    assert validate_attachment(upload(name, data)) == content_type


def test_old_office_files_by_ole_signature():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert (
        validate_attachment(upload("a.doc", ole + "WordDocument".encode("utf-16-le"))) == "application/msword"
    )
    assert (
        validate_attachment(upload("a.xls", ole + "Workbook".encode("utf-16-le")))
        == "application/vnd.ms-excel"
    )


def test_too_big_is_refused():
    big = SimpleUploadedFile("بزرگ.pdf", pdf_bytes() + b"0" * MAX_ATTACHMENT_BYTES)
    with pytest.raises(ServiceError) as error:
        validate_attachment(big)
    assert error.value.message == "حجم فایل «بزرگ.pdf» بیش از ۱۰ مگابایت است."
    assert error.value.code == "attachment_too_large"


def test_wrong_type_is_refused():
    with pytest.raises(ServiceError) as error:
        validate_attachment(upload("برنامه.exe", exe_bytes()))
    assert error.value.message == (
        "نوع فایل «برنامه.exe» پذیرفته نیست؛ فقط PDF، Word، Excel و تصویر (PNG، JPEG، GIF، WebP) را می‌توانید پیوست کنید."
    )


def test_pdf_named_docx_is_refused_as_forged():
    with pytest.raises(ServiceError) as error:
        validate_attachment(upload("نامه.docx", pdf_bytes()))
    assert error.value.code == "attachment_forged"
    assert error.value.message == (
        "فایل «نامه.docx» در واقع PDF است ولی پسوند آن «.docx» است؛ پسوند فایل را درست کنید و دوباره بارگذاری کنید."
    )


def test_program_named_pdf_is_refused_as_forged():
    with pytest.raises(ServiceError) as error:
        validate_attachment(upload("گزارش.pdf", exe_bytes()))
    assert error.value.code == "attachment_forged"
    assert "«گزارش.pdf»" in error.value.message
    assert "جور نیست" in error.value.message


def test_plain_zip_named_docx_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ServiceError) as error:
        validate_attachment(upload("x.docx", buffer.getvalue()))
    assert error.value.code == "attachment_forged"


def test_empty_file_is_refused():
    with pytest.raises(ServiceError) as error:
        validate_attachment(upload("خالی.pdf", b""))
    assert error.value.message == "فایل «خالی.pdf» خالی است؛ فایل درست را دوباره انتخاب کنید."


def test_one_bad_file_refuses_the_whole_report(people):
    assignment = assignment_of(make_resolution(people.secretariat))
    with pytest.raises(ServiceError):
        report(people.varzesh, assignment, files=[upload("a.pdf", pdf_bytes()), upload("b.pdf", exe_bytes())])
    assert not ProgressReport.objects.filter(assignment=assignment).exists()
    assert not ReportAttachment.objects.exists()


def test_stored_outside_static_under_a_random_name(people, media_root):
    assignment = assignment_of(make_resolution(people.secretariat))
    submitted = report(people.varzesh, assignment, files=[upload("گزارش میز خدمت.pdf", pdf_bytes())])
    item = submitted.attachments.get()
    path = Path(item.file.path)
    assert path.is_relative_to(Path(media_root))
    assert "گزارش" not in item.file.name and not item.file.name.endswith(".pdf")
    assert item.original_name == "گزارش میز خدمت.pdf"
    assert item.size == len(pdf_bytes()) and len(item.sha256) == 64


def _attached(people, files=None):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON), neighbourhoods=("حصار",))
    submitted = report(
        people.varzesh,
        assignment_of(resolution),
        files=files or [upload("گزارش.docx", docx_bytes()), upload("آمار.xlsx", xlsx_bytes())],
    )
    return submitted


def test_download_by_those_allowed_with_original_name(people, client_for):
    submitted = _attached(people)
    for item in submitted.attachments.all():
        for person in (
            people.varzesh,
            people.secretariat,
            people.leadership,
            people.national,
            people.hesar_manager,
        ):
            response = client_for(person).get(f"/resolutions/attachments/{item.pk}/")
            assert response.status_code == 200, person
            assert response["Content-Type"] == item.content_type
            disposition = response["Content-Disposition"]
            assert disposition.startswith("attachment;")
            assert "filename*=utf-8''" in disposition
            assert b"".join(response.streaming_content).startswith(b"PK")


def test_download_refused_with_404_to_others(people, client_for):
    item = _attached(people).attachments.first()
    for person in (
        people.taavon,
        people.markazi_secretariat,
        people.markazi_officer,
        people.karaj_governorate,
    ):
        assert client_for(person).get(f"/resolutions/attachments/{item.pk}/").status_code == 404, person
    assert client_for(people.secretariat).get("/resolutions/attachments/999999/").status_code == 404


def test_download_needs_login(people, client):
    item = _attached(people).attachments.first()
    response = client.get(f"/resolutions/attachments/{item.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_pdf_and_png_download(people, client_for):
    submitted = _attached(people, files=[upload("a.pdf", pdf_bytes()), upload("b.png", png_bytes())])
    types = sorted(
        client_for(people.secretariat).get(f"/resolutions/attachments/{i.pk}/")["Content-Type"]
        for i in submitted.attachments.all()
    )
    assert types == ["application/pdf", "image/png"]
