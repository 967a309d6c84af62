"""GET /api/v1/attachments/{id}/: a report's file for token clients, to those who may see the report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qarargah.resolutions.models import ReportAttachment

from .world import PDF_BYTES

pytestmark = pytest.mark.django_db

NOT_FOUND = {"code": "not_found", "message": "موردی با این نشانی پیدا نشد، یا شما اجازه دیدن آن را ندارید."}


@pytest.fixture
def attachment(people, api_for, world) -> dict:
    response = api_for(people.varzesh).post(
        f"/api/v1/assignments/{world.varzesh_r1.pk}/reports/",
        {"text": "گزارش تصویری پیوست است.", "file": SimpleUploadedFile("گزارش تصویری.pdf", PDF_BYTES)},
    )
    assert response.status_code == 201
    [data] = response.json()["attachments"]
    return data


def test_the_report_links_to_the_api_download(attachment):
    item = ReportAttachment.objects.get()
    assert attachment["url"] == f"http://testserver/api/v1/attachments/{item.pk}/"
    assert attachment["name"] == "گزارش تصویری.pdf"
    assert attachment["content_type"] == "application/pdf"


@pytest.mark.parametrize("persona", ["varzesh", "secretariat", "leadership", "national"])
def test_those_who_see_the_report_download_the_file_with_a_token(people, api_for, attachment, persona):
    response = api_for(getattr(people, persona)).get(attachment["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("persona", ["taavon", "markazi_secretariat", "markazi_officer", "hesar_manager"])
def test_others_get_the_same_404_as_for_a_missing_file(people, api_for, attachment, persona):
    api = api_for(getattr(people, persona))
    hidden = api.get(attachment["url"])
    missing = api.get("/api/v1/attachments/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"error": NOT_FOUND}


def test_anonymous_gets_401(anon, attachment):
    response = anon.get(attachment["url"])
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_session_login_downloads_too(people, client_for, attachment):
    response = client_for(people.secretariat).get(attachment["url"])
    assert response.status_code == 200


def test_post_is_not_allowed(people, api_for, attachment):
    response = api_for(people.varzesh).post(attachment["url"])
    assert response.status_code == 405
    assert response.json() == {
        "error": {
            "code": "method_not_allowed",
            "message": "روش POST برای این نشانی پذیرفته نیست؛ روش‌های مجاز: GET.",
        }
    }
