"""GET /api/v1/resolutions/ and /api/v1/resolutions/{id}/: the same scoping as the pages."""

from __future__ import annotations

import pytest

from qarargah.api.errors import NOT_FOUND

pytestmark = pytest.mark.django_db

LIST = "/api/v1/resolutions/"


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_secretariat_lists_its_provinces_resolutions(people, api_for, world):
    response = api_for(people.secretariat).get(LIST)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert ids(response) == {world.r1.pk, world.r2.pk, world.r3.pk}
    row = next(r for r in data["results"] if r["id"] == world.r1.pk)
    assert row["number"] == 1
    assert row["meeting"]["number"] == 23
    assert row["meeting"]["body"]["name"] == "قرارگاه اجتماعی استان"
    assert row["status"] == "open"
    assert row["status_label"] == "باز"
    assert row["due_date"] == world.varzesh_r1.due_date.isoformat()
    assert row["due_date_jalali"].count("-") == 2 and row["due_date_jalali"].startswith("14")
    assert {a["name"] for a in row["agencies"]} == {
        "اداره کل ورزش و جوانان",
        "اداره کل تعاون، کار و رفاه اجتماعی",
    }
    assert row["is_overdue"] is False
    late = next(r for r in data["results"] if r["id"] == world.r2.pk)
    assert late["is_overdue"] is True


def test_an_officers_rows_name_only_their_agency(people, api_for, world):
    rows = api_for(people.varzesh).get(LIST).json()["results"]
    assert rows and all({a["name"] for a in r["agencies"]} == {"اداره کل ورزش و جوانان"} for r in rows)


def test_filters(people, api_for, world):
    api = api_for(people.secretariat)
    assert ids(api.get(LIST, {"overdue": "true"})) == {world.r2.pk}
    assert ids(api.get(LIST, {"agency": world.varzesh_r1.agency_id})) == {world.r1.pk, world.r3.pk}
    assert ids(api.get(LIST, {"status": "open"})) == {world.r1.pk, world.r2.pk, world.r3.pk}
    assert ids(api.get(LIST, {"status": "done"})) == set()
    assert ids(api.get(LIST, {"body": world.alborz_hq.pk})) == {world.r1.pk, world.r2.pk, world.r3.pk}
    assert ids(api.get(LIST, {"meeting": world.meeting.pk, "overdue": "false"})) == {
        world.r1.pk,
        world.r2.pk,
        world.r3.pk,
    }
    assert ids(api.get(LIST, {"meeting": world.markazi_meeting.pk})) == set()


def test_pagination(people, api_for, world):
    api = api_for(people.secretariat)
    first = api.get(LIST, {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    second = api.get(LIST, {"page_size": 2, "page": 2}).json()
    assert len(second["results"]) == 1 and second["next"] is None
    missing = api.get(LIST, {"page": 9})
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"code": "invalid_page", "message": "صفحه «۹» وجود ندارد؛ این فهرست ۱ صفحه دارد."}
    }


def test_bad_filters_are_400_with_field_messages(people, api_for, world):
    response = api_for(people.secretariat).get(LIST, {"status": "lost", "agency": "x", "overdue": "maybe"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "برخی از مقادیر فرستاده‌شده درست نیستند؛ جزئیات هر مورد در fields آمده است."
    assert error["fields"]["agency"] == ["شناسه دستگاه باید عدد باشد."]
    assert error["fields"]["overdue"] == ["مقدار overdue باید true یا false باشد."]
    assert error["fields"]["status"][0].startswith("وضعیت «lost» شناخته نیست")


def test_officer_sees_only_resolutions_of_their_agency(people, api_for, world):
    response = api_for(people.varzesh).get(LIST)
    assert ids(response) == {world.r1.pk, world.r3.pk}
    row = next(r for r in response.json()["results"] if r["id"] == world.r1.pk)
    # The partner agency's assignment is not the sports officer's business.
    assert [a["name"] for a in row["agencies"]] == ["اداره کل ورزش و جوانان"]


def test_other_province_sees_nothing_of_alborz(people, api_for, world):
    assert ids(api_for(people.markazi_secretariat).get(LIST)) == {world.markazi_r1.pk}
    assert ids(api_for(people.markazi_officer).get(LIST)) == {world.markazi_r1.pk}


def test_leadership_and_national_read(people, api_for, world):
    assert ids(api_for(people.leadership).get(LIST)) == {world.r1.pk, world.r2.pk, world.r3.pk}
    assert ids(api_for(people.national).get(LIST)) == {
        world.r1.pk,
        world.r2.pk,
        world.r3.pk,
        world.markazi_r1.pk,
    }


def test_detail_has_assignments(people, api_for, world):
    response = api_for(people.secretariat).get(f"{LIST}{world.r1.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["text"] == "برگزاری ده دوره آموزش مهارت ورزشی برای نوجوانان محله حصار"
    assert data["target_quantity"] is not None or data["target_quantity"] is None  # proposed by the service
    roles = {a["agency"]["name"]: a["role"] for a in data["assignments"]}
    assert roles == {"اداره کل ورزش و جوانان": "lead", "اداره کل تعاون، کار و رفاه اجتماعی": "partner"}
    one = data["assignments"][0]
    assert set(one) >= {"id", "status", "status_label", "due_date", "due_date_jalali", "days_left", "version"}
    assert {a["days_left"] for a in data["assignments"]} == {3}


def test_detail_for_an_officer_shows_only_their_assignment(people, api_for, world):
    data = api_for(people.varzesh).get(f"{LIST}{world.r1.pk}/").json()
    assert [a["id"] for a in data["assignments"]] == [world.varzesh_r1.pk]


def test_hidden_and_missing_resolutions_look_the_same(people, api_for, world):
    api = api_for(people.varzesh)
    hidden = api.get(f"{LIST}{world.r2.pk}/")  # the labour directorate's only
    missing = api.get(f"{LIST}999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert hidden.json() == {"error": {"code": "not_found", "message": NOT_FOUND}}
    assert "معرفی سرپرستان" not in hidden.content.decode()


def test_other_province_gets_404(people, api_for, world):
    assert api_for(people.markazi_secretariat).get(f"{LIST}{world.r1.pk}/").status_code == 404
    assert api_for(people.secretariat).get(f"{LIST}{world.markazi_r1.pk}/").status_code == 404


def test_list_is_read_only(people, api_for, world):
    response = api_for(people.secretariat).post(LIST, {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["error"]["message"] == "روش POST برای این نشانی پذیرفته نیست؛ روش‌های مجاز: GET."


def test_list_query_count_does_not_grow_with_rows(people, api_for, world, django_assert_max_num_queries):
    from tests.api.world import _resolution

    for n in range(4, 30):
        _resolution(
            world.meeting, n, f"مصوبه آزمایشی شماره {n}", world.today, [(world.varzesh_r1.agency, "lead")]
        )
    api = api_for(people.secretariat)
    with django_assert_max_num_queries(5):  # token + user, count, page keys, page rows, assignments
        response = api.get(LIST)
    assert response.json()["count"] == 29


@pytest.mark.parametrize("value", ["9223372036854775808", "99999999999999999999999999", "0", "-1"])
@pytest.mark.parametrize("name", ["agency", "body", "meeting"])
def test_an_id_out_of_range_in_a_filter_is_a_persian_400(people, api_for, world, name, value):
    # SQLite cannot bind an integer beyond 64 bits: this was a server error.
    response = api_for(people.secretariat).get("/api/v1/resolutions/", {name: value})
    assert response.status_code == 400
    [message] = response.json()["error"]["fields"][name]
    assert message.startswith("شناسه ") and message.endswith("معتبر نیست.")


def test_an_officers_agency_filter_accepts_only_its_own_agency(people, api_for, world):
    """r1 is shared by sports and cooperatives: the sports officer filtering its list by the
    cooperatives agency would learn that; another agency finds nothing instead."""
    api = api_for(people.varzesh)
    own = ids(api.get(LIST, {"agency": world.varzesh_r1.agency_id}))
    assert world.r1.pk in own
    assert ids(api.get(LIST, {"agency": world.taavon_r1.agency_id})) == set()
    # The secretariat still filters by any agency of its province.
    assert world.r1.pk in ids(api_for(people.secretariat).get(LIST, {"agency": world.taavon_r1.agency_id}))
