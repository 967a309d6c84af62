"""Every error is JSON {"error": {"code", "message", "fields"?}} with a Persian message."""

from __future__ import annotations

import pytest
from django.test import Client

from qarargah.api.errors import CSRF_FAILED, NOT_FOUND, PARSE_ERROR

from .world import submit_report

pytestmark = pytest.mark.django_db


def is_persian(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_unknown_api_path_is_a_json_404(people, api_for):
    response = api_for(people.secretariat).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "not_found", "message": NOT_FOUND}}
    # Persian as UTF-8, like every other API answer, not ASCII escapes.
    assert NOT_FOUND.encode() in response.content


def test_unknown_api_path_is_json_even_for_anonymous(db):
    response = Client().get("/api/v2/whatever")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_malformed_json_is_400(people, api_for, world):
    report = submit_report(people.varzesh, world.varzesh_r1)
    response = api_for(people.secretariat).post(
        f"/api/v1/reports/{report.pk}/review/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "parse_error", "message": PARSE_ERROR}}


def test_unsupported_content_type_is_415(people, api_for, world):
    report = submit_report(people.varzesh, world.varzesh_r1)
    response = api_for(people.secretariat).post(
        f"/api/v1/reports/{report.pk}/review/", "decision=accept", content_type="text/plain"
    )
    assert response.status_code == 415
    error = response.json()["error"]
    assert error["code"] == "unsupported_media_type"
    assert is_persian(error["message"])


def test_session_post_without_csrf_token_is_403_in_persian(people, world):
    report = submit_report(people.varzesh, world.varzesh_r1)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.secretariat)
    response = browser.post(f"/api/v1/reports/{report.pk}/review/", {"decision": "accept"})
    assert response.status_code == 403
    assert response.json() == {"error": {"code": "csrf_failed", "message": CSRF_FAILED}}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", "/api/v1/resolutions/"),
        ("delete", "/api/v1/assignments/"),
        ("patch", "/api/v1/meetings/import/"),
    ],
)
def test_wrong_methods_are_405_in_persian(people, api_for, method, path):
    response = getattr(api_for(people.secretariat), method)(path)
    assert response.status_code == 405
    error = response.json()["error"]
    assert error["code"] == "method_not_allowed"
    assert error["message"].startswith(f"روش {method.upper()} برای این نشانی پذیرفته نیست")
    assert "Allow" in response


def test_every_error_class_has_the_same_shape(people, api_for, world, anon):
    officer = api_for(people.varzesh)
    report = submit_report(people.taavon, world.taavon_r2)
    responses = {
        400: officer.post(f"/api/v1/assignments/{world.varzesh_r1.pk}/reports/", {}),
        401: anon.get("/api/v1/resolutions/"),
        403: officer.post("/api/v1/meetings/import/", {}),
        404: officer.post(f"/api/v1/reports/{report.pk}/review/", {"decision": "accept"}),
        405: officer.get(f"/api/v1/assignments/{world.varzesh_r1.pk}/reports/"),
        409: api_for(people.secretariat).post(
            f"/api/v1/reports/{report.pk}/review/", {"decision": "accept", "version": 99}
        ),
    }
    for code, response in responses.items():
        assert response.status_code == code, (code, response.content)
        body = response.json()
        assert set(body) == {"error"}
        assert set(body["error"]) <= {"code", "message", "fields"}
        assert body["error"]["code"]
        assert is_persian(body["error"]["message"]), body


def test_unexpected_errors_are_json_500(people, api_for, monkeypatch):
    from qarargah.resolutions import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "resolutions_for_user", broken)
    client = api_for(people.secretariat)
    client.raise_request_exception = False
    response = client.get("/api/v1/resolutions/")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "boom" not in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "0", "-3", "201", "1.5"])
@pytest.mark.parametrize("path", ["/api/v1/resolutions/", "/api/v1/assignments/"])
def test_a_bad_page_size_is_a_persian_400_not_ignored(people, api_for, world, path, value):
    response = api_for(people.secretariat).get(path, {"page_size": value})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"page_size": ["اندازه صفحه (page_size) باید عددی از ۱ تا ۲۰۰ باشد."]}
    assert error["message"] == error["fields"]["page_size"][0]


def test_the_largest_page_size_is_accepted(people, api_for, world):
    response = api_for(people.secretariat).get("/api/v1/resolutions/", {"page_size": 200})
    assert response.status_code == 200


def test_errors_of_a_list_field_are_a_list_of_messages_not_keyed_by_position(people, api_for, world):
    response = api_for(people.varzesh).post(
        f"/api/v1/assignments/{world.varzesh_r1.pk}/reports/",
        {"text": "گزارش", "file": ["not a file", "nor this"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields == {"file": ["فایل پیوست باید به صورت فرم چندبخشی فرستاده شود."]}


def test_a_path_with_a_newline_is_a_json_404(people, api_for):
    response = api_for(people.secretariat).get("/api/v1/assignments/1%0A2/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
