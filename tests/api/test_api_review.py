"""POST /api/v1/reports/{id}/review/: the secretariat accepts or returns a report."""

from __future__ import annotations

import pytest

from .world import submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(people, world):
    return submit_report(people.varzesh, world.varzesh_r1)


def url(report) -> str:
    return f"/api/v1/reports/{report.pk}/review/"


def test_accept(people, api_for, world, report):
    response = api_for(people.secretariat).post(
        url(report), {"decision": "accept"}, content_type="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["review_status"] == "accepted"
    assert data["review_status_label"] == "پذیرفته شد"
    assert data["reviewed_by"] == "مریم کاظمی"
    assert data["version"] == report.version + 1
    world.varzesh_r1.refresh_from_db()
    assert world.varzesh_r1.status == "accepted"


def test_return_with_a_comment(people, api_for, world, report):
    response = api_for(people.secretariat).post(
        url(report), {"decision": "return", "comment": "فهرست شرکت‌کنندگان را پیوست کنید."}
    )
    assert response.status_code == 200
    assert response.json()["review_comment"] == "فهرست شرکت‌کنندگان را پیوست کنید."
    world.varzesh_r1.refresh_from_db()
    assert world.varzesh_r1.status == "returned"


def test_return_needs_a_comment(people, api_for, report):
    response = api_for(people.secretariat).post(url(report), {"decision": "return"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "comment_required",
        "message": "برای برگرداندن گزارش، توضیح لازم است.",
    }


def test_unknown_decision_is_400(people, api_for, report):
    response = api_for(people.secretariat).post(url(report), {"decision": "maybe"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "decision": ["تصمیم «maybe» شناخته نیست؛ accept_progress، accept_close یا return بدهید."]
    }


def test_stale_version_is_409_and_changes_nothing(people, api_for, world, report):
    response = api_for(people.secretariat).post(
        url(report), {"decision": "accept", "version": report.version + 5}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    report.refresh_from_db()
    assert report.review_status == "pending"


def test_two_reviewers_the_second_one_with_the_old_version_gets_409(people, api_for, report):
    api = api_for(people.secretariat)
    first = api.post(url(report), {"decision": "accept", "version": report.version})
    assert first.status_code == 200
    second = api.post(url(report), {"decision": "return", "comment": "ناقص", "version": report.version})
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "conflict"


def test_reviewing_twice_is_409(people, api_for, report):
    api = api_for(people.secretariat)
    assert api.post(url(report), {"decision": "accept"}).status_code == 200
    again = api.post(url(report), {"decision": "accept"})
    assert again.status_code == 409
    assert again.json()["error"] == {
        "code": "invalid_transition",
        "message": "این گزارش پیش‌تر بررسی شده و «پذیرفته شد» است.",
    }


def test_the_reporting_officer_cannot_review(people, api_for, report):
    response = api_for(people.varzesh).post(url(report), {"decision": "accept"})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == (
        "فقط دبیرخانه همین استان می‌تواند مصوبات را ویرایش و گزارش‌ها و درخواست‌ها را بررسی کند."
    )


def test_officer_of_another_agency_gets_404(people, api_for, report):
    response = api_for(people.taavon).post(url(report), {"decision": "accept"})
    assert response.status_code == 404


def test_leadership_cannot_review(people, api_for, report):
    assert api_for(people.leadership).post(url(report), {"decision": "accept"}).status_code == 403


def test_other_provinces_secretariat_gets_404(people, api_for, report):
    assert api_for(people.markazi_secretariat).post(url(report), {"decision": "accept"}).status_code == 404


def test_get_is_not_allowed(people, api_for, report):
    assert api_for(people.secretariat).get(url(report)).status_code == 405


# --- Issue 11 A.2: progress versus closure -----------------------------------------------------------


def test_accept_progress_keeps_the_assignment_open(people, api_for, world, report):
    response = api_for(people.secretariat).post(
        url(report), {"decision": "accept_progress"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["review_status"] == "progress"
    assert response.json()["review_status_label"] == "به‌عنوان پیشرفت پذیرفته شد"
    world.varzesh_r1.refresh_from_db()
    assert world.varzesh_r1.status == "in_progress"


def test_accept_close_closes_it(people, api_for, world, report):
    response = api_for(people.secretariat).post(url(report), {"decision": "accept_close"})
    assert response.status_code == 200 and response.json()["review_status"] == "accepted"
    world.varzesh_r1.refresh_from_db()
    assert world.varzesh_r1.status == "accepted"


def test_an_officer_cannot_review(people, api_for, report):
    response = api_for(people.varzesh).post(url(report), {"decision": "accept_close"})
    assert response.status_code == 403


def test_another_provinces_secretariat_gets_404(people, api_for, report):
    response = api_for(people.markazi_secretariat).post(url(report), {"decision": "accept_close"})
    assert response.status_code == 404


# --- Edit (PATCH) and withdraw (DELETE) by the report's agency ---------------------------------------


def detail(report) -> str:
    return f"/api/v1/reports/{report.pk}/"


def test_the_agency_edits_its_pending_report(people, api_for, report):
    response = api_for(people.varzesh).patch(
        detail(report), {"text": "متن درست‌شده", "version": report.version}, content_type="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["text"] == "متن درست‌شده" and data["review_status"] == "pending"
    assert data["version"] == report.version + 1


def test_an_edit_with_an_old_version_is_409(people, api_for, report):
    response = api_for(people.varzesh).patch(
        detail(report), {"text": "متن", "version": report.version + 5}, content_type="application/json"
    )
    assert response.status_code == 409


def test_the_agency_withdraws_its_pending_report(people, api_for, world, report):
    response = api_for(people.varzesh).delete(detail(report))
    assert response.status_code == 200
    assert response.json()["review_status"] == "withdrawn"
    world.varzesh_r1.refresh_from_db()
    assert world.varzesh_r1.status == "in_progress"
    again = api_for(people.varzesh).delete(detail(report))
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"


def test_a_reviewed_report_cannot_be_edited(people, api_for, report):
    api_for(people.secretariat).post(url(report), {"decision": "accept_progress"})
    response = api_for(people.varzesh).patch(
        detail(report), {"text": "متن دیگر"}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


@pytest.mark.parametrize(
    ("who", "code"), [("taavon", 404), ("secretariat", 403), ("markazi_secretariat", 404)]
)
def test_only_its_agency_edits_or_withdraws(people, api_for, report, who, code):
    client = api_for(getattr(people, who))
    assert client.patch(detail(report), {"text": "x"}, content_type="application/json").status_code == code
    assert client.delete(detail(report)).status_code == code
    report.refresh_from_db()
    assert report.review_status == "pending"


def test_anyone_who_sees_it_reads_it(people, api_for, report):
    assert api_for(people.secretariat).get(detail(report)).json()["id"] == report.pk
    assert api_for(people.taavon).get(detail(report)).status_code == 404
