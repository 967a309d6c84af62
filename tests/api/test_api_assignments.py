"""GET /api/v1/assignments/ (?mine=true) and /api/v1/assignments/{id}/ with reports."""

from __future__ import annotations

import pytest

from tests.api.world import submit_report

pytestmark = pytest.mark.django_db

LIST = "/api/v1/assignments/"


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def test_officer_inbox_is_their_agencys_assignments_soonest_first(people, api_for, world):
    response = api_for(people.varzesh).get(LIST, {"mine": "true"})
    assert response.status_code == 200
    assert ids(response) == [world.varzesh_r3.pk, world.varzesh_r1.pk]
    first = response.json()["results"][0]
    assert first["resolution"]["number"] == 3
    assert first["resolution"]["meeting"]["number"] == 23
    assert first["agency"]["name"] == "اداره کل ورزش و جوانان"
    assert first["days_left"] == 1
    assert first["is_overdue"] is False


def test_overdue_filter(people, api_for, world):
    assert ids(api_for(people.taavon).get(LIST, {"overdue": "true"})) == [world.taavon_r2.pk]
    assert ids(api_for(people.secretariat).get(LIST, {"overdue": "true"})) == [world.taavon_r2.pk]


def test_mine_for_the_secretariat_is_empty_and_all_is_the_province(people, api_for, world):
    api = api_for(people.secretariat)
    assert ids(api.get(LIST, {"mine": "true"})) == []
    assert set(ids(api.get(LIST))) == {
        world.varzesh_r1.pk,
        world.taavon_r1.pk,
        world.taavon_r2.pk,
        world.varzesh_r3.pk,
    }


def test_status_filter_and_bad_value(people, api_for, world):
    api = api_for(people.secretariat)
    assert ids(api.get(LIST, {"status": "reported"})) == []
    response = api.get(LIST, {"status": "lost"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["status"]


def test_detail_includes_reports(people, api_for, world):
    submit_report(people.varzesh, world.varzesh_r1)
    response = api_for(people.varzesh).get(f"{LIST}{world.varzesh_r1.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "reported"
    assert data["resolution"]["id"] == world.r1.pk
    [report] = data["reports"]
    assert report["text"] == "ده دوره برگزار شد و گزارش تصویری پیوست است."
    assert report["author"] == "رضا محمدی"
    assert report["review_status"] == "pending"
    assert report["attachments"] == []
    assert data["extensions"] == []


def test_officer_of_another_agency_gets_404(people, api_for, world):
    api = api_for(people.varzesh)
    hidden = api.get(f"{LIST}{world.taavon_r1.pk}/")
    missing = api.get(f"{LIST}987654/")
    assert hidden.status_code == 404
    assert hidden.content == missing.content
    assert world.taavon_r1.pk not in ids(api.get(LIST))


def test_other_province_gets_404(people, api_for, world):
    assert api_for(people.markazi_officer).get(f"{LIST}{world.varzesh_r1.pk}/").status_code == 404
    assert api_for(people.markazi_secretariat).get(f"{LIST}{world.varzesh_r1.pk}/").status_code == 404
    assert api_for(people.varzesh).get(f"{LIST}{world.markazi_a1.pk}/").status_code == 404


def test_detail_is_read_only(people, api_for, world):
    response = api_for(people.varzesh).put(
        f"{LIST}{world.varzesh_r1.pk}/", {}, content_type="application/json"
    )
    assert response.status_code == 405


def test_inbox_query_count_does_not_grow(people, api_for, world, django_assert_max_num_queries):
    from tests.api.world import _resolution

    for n in range(10, 40):
        _resolution(world.meeting, n, f"مصوبه آزمایشی {n}", world.today, [(world.varzesh_r1.agency, "lead")])
    api = api_for(people.varzesh)
    with django_assert_max_num_queries(4):  # token + user, count, page keys, page rows
        response = api.get(LIST, {"mine": "true"})
    assert response.json()["count"] == 32
