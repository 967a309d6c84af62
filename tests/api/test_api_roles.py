"""Every API endpoint, walked by every role: who sees what, who may write, and what the others get.

Resolution 1 of the Alborz world is linked to the Hesar neighbourhood here, so the house manager
has something to see. Reading follows the same scoping as the pages; writing needs the acting
role (the agency for reports, the province's secretariat for reviews and imports); a role that
may see an object but not change it gets 403, a role that may not see it gets 404.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qarargah.accounts.scoping import scope_for
from qarargah.meetings.models import Meeting
from qarargah.resolutions.models import ProgressReport, ReviewStatus

from .world import PDF_BYTES, submit_report

pytestmark = pytest.mark.django_db

NOT_FOUND = {"code": "not_found", "message": "موردی با این نشانی پیدا نشد، یا شما اجازه دیدن آن را ندارید."}
NOT_YOUR_AGENCY = {
    "code": "permission_denied",
    "message": "فقط کارشناس دستگاه مسئول این تکلیف می‌تواند برای آن اقدام یا گزارش ثبت کند.",
}
NOT_SECRETARIAT = {
    "code": "permission_denied",
    "message": "فقط دبیرخانه همین استان می‌تواند مصوبات را ویرایش و گزارش‌ها و درخواست‌ها را بررسی کند.",
}
NO_REGISTRY_WRITE = {"code": "permission_denied", "message": "شما اجازه تغییر این اطلاعات را ندارید."}

ALL_PERSONAS = [
    "secretariat",
    "markazi_secretariat",
    "varzesh",
    "taavon",
    "markazi_officer",
    "karaj_governorate",
    "hesar_manager",
    "leadership",
    "national",
    "admin",
]


@pytest.fixture
def hesar_world(people, world):
    world.r1.neighbourhoods.add(people.hesar_manager.neighbourhood)
    return world


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def expected_resolutions(persona: str, w) -> set[int]:
    alborz = {w.r1.pk, w.r2.pk, w.r3.pk}
    return {
        "secretariat": alborz,
        "leadership": alborz,
        "markazi_secretariat": {w.markazi_r1.pk},
        "markazi_officer": {w.markazi_r1.pk},
        "varzesh": {w.r1.pk, w.r3.pk},
        "taavon": {w.r1.pk, w.r2.pk},
        "karaj_governorate": set(),
        "hesar_manager": {w.r1.pk},
        "national": alborz | {w.markazi_r1.pk},
        "admin": alborz | {w.markazi_r1.pk},
    }[persona]


def expected_assignments(persona: str, w) -> set[int]:
    alborz = {w.varzesh_r1.pk, w.taavon_r1.pk, w.taavon_r2.pk, w.varzesh_r3.pk}
    return {
        "secretariat": alborz,
        "leadership": alborz,
        "markazi_secretariat": {w.markazi_a1.pk},
        "markazi_officer": {w.markazi_a1.pk},
        "varzesh": {w.varzesh_r1.pk, w.varzesh_r3.pk},
        "taavon": {w.taavon_r1.pk, w.taavon_r2.pk},
        "karaj_governorate": set(),
        "hesar_manager": {w.varzesh_r1.pk, w.taavon_r1.pk},
        "national": alborz | {w.markazi_a1.pk},
        "admin": alborz | {w.markazi_a1.pk},
    }[persona]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_each_role_lists_exactly_its_resolutions_and_assignments(people, api_for, hesar_world, persona):
    api = api_for(getattr(people, persona))
    assert ids(api.get("/api/v1/resolutions/")) == expected_resolutions(persona, hesar_world)
    assert ids(api.get("/api/v1/assignments/")) == expected_assignments(persona, hesar_world)
    # Filters narrow what the role sees; they never widen it.
    assert ids(api.get("/api/v1/resolutions/", {"body": hesar_world.alborz_hq.pk})) == (
        expected_resolutions(persona, hesar_world) - {hesar_world.markazi_r1.pk}
    )


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_each_role_opens_only_what_it_lists(people, api_for, hesar_world, persona):
    api = api_for(getattr(people, persona))
    w = hesar_world
    for resolution in (w.r1, w.r2, w.r3, w.markazi_r1):
        response = api.get(f"/api/v1/resolutions/{resolution.pk}/")
        if resolution.pk in expected_resolutions(persona, w):
            assert response.status_code == 200
        else:
            assert response.status_code == 404
            assert response.json() == {"error": NOT_FOUND}
    for assignment in (w.varzesh_r1, w.taavon_r1, w.taavon_r2, w.varzesh_r3, w.markazi_a1):
        response = api.get(f"/api/v1/assignments/{assignment.pk}/")
        if assignment.pk in expected_assignments(persona, w):
            assert response.status_code == 200
        else:
            assert response.status_code == 404
            assert response.json() == {"error": NOT_FOUND}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_mine_is_the_roles_own_agency_only(people, api_for, hesar_world, persona):
    w = hesar_world
    mine = ids(api_for(getattr(people, persona)).get("/api/v1/assignments/", {"mine": "true"}))
    own = {
        "varzesh": {w.varzesh_r1.pk, w.varzesh_r3.pk},
        "taavon": {w.taavon_r1.pk, w.taavon_r2.pk},
        "markazi_officer": {w.markazi_a1.pk},
    }
    assert mine == own.get(persona, set())


# Reporting on the sports directorate's assignment of resolution 1.
REPORT_OUTCOME = {
    "varzesh": 201,
    "taavon": 404,  # a partner on the same resolution, but not this assignment
    "markazi_officer": 404,
    "markazi_secretariat": 404,
    "karaj_governorate": 404,
    "secretariat": 403,
    "leadership": 403,
    "national": 403,
    "hesar_manager": 403,  # sees it (its neighbourhood), may not act for the agency
    "admin": 403,
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_the_assigned_agency_reports(people, api_for, hesar_world, persona):
    response = api_for(getattr(people, persona)).post(
        f"/api/v1/assignments/{hesar_world.varzesh_r1.pk}/reports/",
        {"text": "دو دوره آموزشی برگزار شد.", "file": SimpleUploadedFile("photos.pdf", PDF_BYTES)},
    )
    assert response.status_code == REPORT_OUTCOME[persona]
    if response.status_code == 403:
        assert response.json() == {"error": NOT_YOUR_AGENCY}
        assert not ProgressReport.objects.exists()
    elif response.status_code == 404:
        assert response.json() == {"error": NOT_FOUND}
        assert not ProgressReport.objects.exists()


REVIEW_OUTCOME = {
    "secretariat": 200,
    "admin": 200,
    "varzesh": 403,  # the author sees the report but does not judge it
    "leadership": 403,
    "national": 403,
    "hesar_manager": 403,
    "taavon": 404,
    "markazi_officer": 404,
    "markazi_secretariat": 404,
    "karaj_governorate": 404,
}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_only_the_provinces_secretariat_reviews(people, api_for, hesar_world, persona):
    report = submit_report(people.varzesh, hesar_world.varzesh_r1)
    response = api_for(getattr(people, persona)).post(
        f"/api/v1/reports/{report.pk}/review/", {"decision": "accept"}
    )
    assert response.status_code == REVIEW_OUTCOME[persona]
    report.refresh_from_db()
    if response.status_code == 200:
        assert report.review_status == ReviewStatus.ACCEPTED
        return
    assert report.review_status == ReviewStatus.PENDING
    assert response.json() == {"error": NOT_SECRETARIAT if response.status_code == 403 else NOT_FOUND}


@pytest.mark.parametrize(
    "persona", ["varzesh", "markazi_officer", "karaj_governorate", "hesar_manager", "leadership", "national"]
)
def test_roles_without_registry_rights_cannot_import_even_a_dry_run(people, api_for, persona):
    minutes = SimpleUploadedFile("m.txt", "موضوع: سومین صورتجلسه قرارگاه اجتماعی استان\n".encode())
    response = api_for(getattr(people, persona)).post(
        "/api/v1/meetings/import/", {"file": minutes, "dry_run": "true"}
    )
    assert response.status_code == 403
    assert response.json() == {"error": NO_REGISTRY_WRITE}
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_nobody_writes_through_the_read_endpoints(people, api_for, hesar_world, persona):
    api = api_for(getattr(people, persona))
    for path in (
        "/api/v1/resolutions/",
        f"/api/v1/resolutions/{hesar_world.r1.pk}/",
        "/api/v1/assignments/",
        f"/api/v1/assignments/{hesar_world.varzesh_r1.pk}/",
    ):
        for method in ("post", "put", "patch", "delete"):
            if method == "patch" and path == f"/api/v1/resolutions/{hesar_world.r1.pk}/":
                continue  # the secretariat's correction (issue 11, A.1): checked below
            response = getattr(api, method)(path, {}, content_type="application/json")
            assert response.status_code == 405, (method, path)
            assert response.json()["error"]["code"] == "method_not_allowed"
    # An empty PATCH writes nothing; only those who follow the province up may send one at all.
    version = hesar_world.r1.version
    response = api.patch(f"/api/v1/resolutions/{hesar_world.r1.pk}/", {}, content_type="application/json")
    may = scope_for(getattr(people, persona)).follows_up(hesar_world.r1.province_id)
    assert response.status_code == 200 if may else response.status_code in (403, 404), persona
    hesar_world.r1.refresh_from_db()
    assert hesar_world.r1.version == version
