"""The registry's API: uploads with a dry run, a person (reason, log, role boundaries), the
review queue and decisions, the suppressed aggregates; errors in the one envelope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qarargah.api.tokens import issue_token
from qarargah.registries.models import AccessLog, MatchDecision, ReviewItem, SourceRecord

from .conftest import STANDARD_HEADER, csv_bytes
from .test_pages import CODE, linked  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for():
    def make(user) -> Client:
        _, key = issue_token(user=user)
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make


def a_file(rows, name="list.csv"):
    return SimpleUploadedFile(name, csv_bytes([STANDARD_HEADER, *rows]), content_type="text/csv")


ROW = ["x1", CODE, "مریم", "احمدی", "", "1370/05/12", "زن", "", "", "", "", ""]


def test_upload_dry_run_then_load(api_for, people, welfare_source):
    api = api_for(people.data_officer)
    response = api.post(
        "/api/v1/registry/uploads/", {"file": a_file([ROW]), "source": welfare_source.pk, "dry_run": "true"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["dry_run"], body["upload"], body["loaded"], body["quarantined"]) == (True, None, 1, 0)
    assert SourceRecord.objects.count() == 0
    response = api.post("/api/v1/registry/uploads/", {"file": a_file([ROW]), "source": welfare_source.name})
    assert response.status_code == 201
    assert response.json()["loaded"] == 1
    again = api.post("/api/v1/registry/uploads/", {"file": a_file([ROW]), "source": welfare_source.pk})
    assert again.status_code == 200
    assert (again.json()["loaded"], again.json()["unchanged"]) == (0, 1)


def test_upload_reports_quarantined_rows(api_for, people, welfare_source):
    bad = ["x2", "0000000000", "رضا", "نوری", "", "", "", "0912", "", "", "", ""]
    body = (
        api_for(people.data_officer)
        .post("/api/v1/registry/uploads/", {"file": a_file([ROW, bad]), "source": welfare_source.pk})
        .json()
    )
    assert body["invalid_rows"] == [
        {
            "row": 3,
            "reasons": [
                "کد ملی «0000000000» معتبر نیست (همه رقم‌ها یکسان است).",
                "تلفن همراه «0912» معتبر نیست (باید مانند ۰۹۱۲۳۴۵۶۷۸۹ باشد).",
            ],
        }
    ]


def test_upload_boundaries(api_for, people, welfare_source, sports_source):
    varzesh = api_for(people.varzesh)
    response = varzesh.post("/api/v1/registry/uploads/", {"file": a_file([ROW]), "source": welfare_source.pk})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["source"] == ["منبعی با این شناسه یا نام در حوزه شما نیست."]
    assert (
        varzesh.post(
            "/api/v1/registry/uploads/", {"file": a_file([ROW]), "source": sports_source.pk}
        ).status_code
        == 201
    )
    leader = api_for(people.leadership).post(
        "/api/v1/registry/uploads/", {"file": a_file([ROW]), "source": 1}
    )
    assert leader.status_code == 403
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = api_for(people.data_officer).post(
        "/api/v1/registry/uploads/", {"file": pdf, "source": welfare_source.pk}
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported"


def test_person_needs_a_reason_and_is_logged(api_for, people, linked):  # noqa: F811
    person = linked["w1"].person
    api = api_for(people.data_officer)
    response = api.get(f"/api/v1/registry/persons/{person.pk}/")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "دلیل دیدن اطلاعات این فرد را بنویسید (دست‌کم ۵ نویسه)."
    assert AccessLog.objects.count() == 0
    body = api.get(f"/api/v1/registry/persons/{person.pk}/", {"reason": "بررسی درخواست کمک"}).json()
    assert body["registry_id"] == person.registry_id
    assert {r["source"] for r in body["records"]} == {"فهرست مددجویان تعاون", "فهرست ورزش"}
    log = AccessLog.objects.get()
    assert (log.user, log.person, log.detail) == (people.data_officer, person, "API")


def test_person_role_boundaries(api_for, people, linked):  # noqa: F811
    person = linked["w1"].person
    own = (
        api_for(people.taavon)
        .get(f"/api/v1/registry/persons/{person.pk}/", {"reason": "پیگیری اداره"})
        .json()
    )
    assert {r["source"] for r in own["records"]} == {"فهرست مددجویان تعاون"}
    hidden = api_for(people.taavon).get(
        f"/api/v1/registry/persons/{linked['s2'].person.pk}/", {"reason": "کنجکاوی"}
    )
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "not_found"
    for user in (people.leadership, people.national, people.secretariat):
        response = api_for(user).get(f"/api/v1/registry/persons/{person.pk}/", {"reason": "کنجکاوی مدیر"})
        assert response.status_code == 403
    assert api_for(people.data_officer).post(f"/api/v1/registry/persons/{person.pk}/").status_code == 405


def test_review_queue_and_decision(api_for, people, linked):  # noqa: F811
    api = api_for(people.data_officer)
    body = api.get("/api/v1/registry/review/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["contributions"] == [{"field": "نام", "agree": True, "weight": 2.5}]
    bad = api.post(
        f"/api/v1/registry/review/{item['id']}/", {"decision": "maybe"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["decision"] == [
        "تصمیم باید «link» (یک نفرند) یا «separate» (دو نفرند) باشد."
    ]
    done = api.post(
        f"/api/v1/registry/review/{item['id']}/", {"decision": "separate"}, content_type="application/json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "separated"
    assert MatchDecision.objects.get().decision == "separate"
    assert api_for(people.taavon).get("/api/v1/registry/review/").status_code == 403
    other = api_for(people.taavon).post(
        f"/api/v1/registry/review/{item['id']}/", {"decision": "link"}, content_type="application/json"
    )
    assert other.status_code == 403
    assert api.get(f"/api/v1/registry/review/{item['id']}/").status_code == 405
    assert ReviewItem.objects.get().status == "separated"


def test_aggregates_are_suppressed(api_for, people, linked, settings):  # noqa: F811
    body = api_for(people.leadership).get("/api/v1/registry/aggregates/").json()
    assert body["minimum_cell"] == 10
    assert body["province"] == "البرز"
    assert all(v is None or v == 0 for row in body["counts"]["cells"] for v in row)
    response = api_for(people.leadership).get("/api/v1/registry/aggregates/", {"county": "abc"})
    assert response.status_code == 400
    assert api_for(people.taavon).get("/api/v1/registry/aggregates/").status_code == 403
    assert api_for(people.leadership).post("/api/v1/registry/aggregates/").status_code == 405
