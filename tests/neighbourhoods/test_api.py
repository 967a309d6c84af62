"""The programme's API: role boundaries, bad input, import and the ranked list."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qarargah.api.tokens import issue_token
from qarargah.neighbourhoods.models import Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for():
    def make(user) -> Client:
        _, key = issue_token(user=user)
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make


def need_body(place, **kw):
    return {"neighbourhood": place.pk, "axis": "health", "title": "کمبود درمانگاه", "severity": 3, **kw}


def csv_file(rows, name="survey.csv"):
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["neighbourhood", "axis", "title", "severity", "households", "residents", "source"])
    w.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8-sig"), content_type="text/csv")


# --- Neighbourhoods ---------------------------------------------------------------------------------


def test_list_filters_by_county(hoods, people, api_for):
    api = api_for(people.secretariat)
    body = api.get("/api/v1/neighbourhoods/", {"county": hoods.hesar.county_id}).json()
    names = {r["name"] for r in body["results"]}
    assert {"حصار", "سهرابیه"} <= names and "منظریه" not in names
    hesar = next(r for r in body["results"] if r["name"] == "حصار")
    assert hesar["open_needs"] == 2 and hesar["house_status"] == "active" and hesar["zone"] == "پهنه ۲"


@pytest.mark.parametrize("county", ["abc", "0", "999999"])
def test_a_bad_or_unknown_county_is_400_on_the_field(hoods, people, api_for, county):
    response = api_for(people.secretariat).get("/api/v1/neighbourhoods/", {"county": county})
    assert response.status_code == 400 and "county" in response.json()["error"]["fields"]


def test_a_county_of_another_province_is_unknown(hoods, people, api_for):
    response = api_for(people.markazi_secretariat).get(
        "/api/v1/neighbourhoods/", {"county": hoods.hesar.county_id}
    )
    assert response.status_code == 400


def test_detail_has_indicators_and_open_needs_by_axis(hoods, people, api_for):
    body = api_for(people.karaj_governorate).get(f"/api/v1/neighbourhoods/{hoods.hesar.pk}/").json()
    assert body["indicators"]["open_needs"] == 2
    assert body["indicators"]["needs_by_status"]["referred"] == 1
    culture = next(a for a in body["open_needs_by_axis"] if a["axis"] == "culture")
    assert culture["count"] == 1 and culture["needs"][0]["title"] == "نبود فضای ورزشی برای نوجوانان"
    assert body["staff"][0]["phone"] == "09121234567"


def test_detail_roles(hoods, people, api_for):
    assert api_for(people.varzesh).get(f"/api/v1/neighbourhoods/{hoods.hesar.pk}/").status_code == 403
    assert (
        api_for(people.markazi_secretariat).get(f"/api/v1/neighbourhoods/{hoods.hesar.pk}/").status_code
        == 404
    )
    assert (
        api_for(people.hesar_manager).get(f"/api/v1/neighbourhoods/{hoods.sohrabieh.pk}/").status_code == 404
    )
    # The national viewer reads needs but not the staff's contacts.
    body = api_for(people.national).get(f"/api/v1/neighbourhoods/{hoods.hesar.pk}/").json()
    assert body["staff"] == []


# --- Needs --------------------------------------------------------------------------------------------


def test_an_agency_officer_lists_only_needs_referred_to_it(hoods, people, api_for):
    body = api_for(people.varzesh).get("/api/v1/needs/").json()
    assert [n["id"] for n in body["results"]] == [hoods.sports.pk]
    assert api_for(people.taavon).get("/api/v1/needs/").json()["results"] == []


def test_the_house_manager_posts_for_its_own_neighbourhood(hoods, people, api_for):
    response = api_for(people.hesar_manager).post(
        "/api/v1/needs/", need_body(hoods.hesar), content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (
        body["neighbourhood"]["id"] == hoods.hesar.pk
        and body["status"] == "registered"
        and body["county"]["name"] == "کرج"
    )


def test_posting_for_another_neighbourhood_is_404_or_403(hoods, people, api_for):
    # Sohrabieh is hidden from Hesar's manager: the same 404 as a missing neighbourhood.
    r = api_for(people.hesar_manager).post(
        "/api/v1/needs/", need_body(hoods.sohrabieh), content_type="application/json"
    )
    assert r.status_code == 404
    # Visible but not theirs to register: 403.
    for persona in ("karaj_governorate", "leadership", "varzesh"):
        r = api_for(getattr(people, persona)).post(
            "/api/v1/needs/", need_body(hoods.hesar), content_type="application/json"
        )
        assert r.status_code == 403, persona
    assert not Need.objects.filter(title="کمبود درمانگاه").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"axis": "sport"}, "axis"),
        ({"severity": 9}, "severity"),
        ({"severity": 0}, "severity"),
        ({"title": ""}, "title"),
        ({"households": -2}, "households"),
        ({"source": "x"}, "source"),
        ({"neighbourhood": "x"}, "neighbourhood"),
    ],
)
def test_bad_input_is_400_on_its_field(hoods, people, api_for, changes, field):
    r = api_for(people.hesar_manager).post(
        "/api/v1/needs/", need_body(hoods.hesar, **changes), content_type="application/json"
    )
    assert r.status_code == 400
    assert field in r.json()["error"]["fields"]


def test_a_whitespace_title_is_refused_by_the_service(hoods, people, api_for):
    r = api_for(people.hesar_manager).post(
        "/api/v1/needs/", need_body(hoods.hesar, title="\u200c "), content_type="application/json"
    )
    assert r.status_code == 400 and "title" in r.json()["error"]["fields"]


def test_list_filters_and_bad_filters(hoods, people, api_for):
    api = api_for(people.secretariat)
    body = api.get("/api/v1/needs/", {"axis": "health"}).json()
    assert [n["title"] for n in body["results"]] == ["آب آشامیدنی ناسالم"]
    assert api.get("/api/v1/needs/", {"axis": "sport"}).status_code == 400
    assert api.get("/api/v1/needs/", {"status": "done"}).status_code == 400


# --- Import --------------------------------------------------------------------------------------------


def test_import_dry_run_then_for_real_then_again(hoods, people, api_for):
    api = api_for(people.hesar_manager)
    rows = [["حصار", "education", "کلاس کنکور رایگان", "3", "40", "12", "survey"]]
    dry = api.post("/api/v1/needs/import/", {"file": csv_file(rows), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["ok"] and dry.json()["created"] == []
    assert dry.json()["valid"][0]["row"] == 2
    real = api.post("/api/v1/needs/import/", {"file": csv_file(rows)})
    assert real.status_code == 201 and len(real.json()["created"]) == 1
    again = api.post("/api/v1/needs/import/", {"file": csv_file(rows)})
    assert again.status_code == 200 and again.json()["already_imported"] and again.json()["created"] == []
    assert Need.objects.filter(title="کلاس کنکور رایگان").count() == 1


def test_import_with_persian_headers_from_excel(hoods, people, api_for):
    from qarargah.neighbourhoods.tables import template_xlsx

    data = template_xlsx([["کرج", "حصار", "رفاهی", "سقف‌های فرسوده", "", "4", "", "", ""]])
    r = api_for(people.hesar_manager).post(
        "/api/v1/needs/import/", {"file": SimpleUploadedFile("s.xlsx", data)}
    )
    assert r.status_code == 201
    assert Need.objects.get(title="سقف‌های فرسوده").axis == "welfare"


def test_import_one_bad_row_among_500_saves_nothing(hoods, people, api_for):
    rows = [["حصار", "health", f"مسئله {i}", "2", "", "", ""] for i in range(500)]
    rows[376][3] = "9"
    r = api_for(people.hesar_manager).post("/api/v1/needs/import/", {"file": csv_file(rows)})
    assert r.status_code == 400
    assert r.json()["error"]["fields"]["file"] == ["ردیف ۳۷۸: شدت باید عددی از ۱ تا ۵ باشد."]
    dry = api_for(people.hesar_manager).post("/api/v1/needs/import/?dry_run=true", {"file": csv_file(rows)})
    assert dry.status_code == 200 and [e["row"] for e in dry.json()["errors"]] == [378]
    assert not Need.objects.filter(title__startswith="مسئله ").exists()


def test_import_refusals(hoods, people, api_for):
    assert api_for(people.varzesh).post("/api/v1/needs/import/", {"file": csv_file([])}).status_code == 403
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 ...")
    assert api_for(people.hesar_manager).post("/api/v1/needs/import/", {"file": pdf}).status_code == 415
    assert api_for(people.hesar_manager).post("/api/v1/needs/import/", {}).status_code == 400


# --- Priorities ----------------------------------------------------------------------------------------


def test_priorities_rank_with_formula(hoods, people, api_for):
    body = (
        api_for(people.karaj_governorate).get("/api/v1/priorities/", {"county": hoods.hesar.county_id}).json()
    )
    first = body["needs"][0]
    assert first["id"] == hoods.sports.pk and first["rank"] == 1
    assert first["formula"].startswith("۱۰۰ × (۴×۴/۵ + ۳×۳۰۰/۵۰۰ + ۲×۱۲۰/۲۰۰ + ۱×")
    assert [c["name"] for c in first["components"]] == ["severity", "households", "residents", "age"]
    hesar = next(n for n in body["neighbourhoods"] if n["id"] == hoods.hesar.pk)
    assert hesar["open_needs"] == 2 and hesar["formula"].startswith("جمع امتیاز ۲ مسئله باز")
    assert body["weights"]["severity"] == 4


def test_priorities_refusals(hoods, people, api_for, markazi):
    assert api_for(people.secretariat).get("/api/v1/priorities/").status_code == 400
    assert (
        api_for(people.markazi_secretariat)
        .get("/api/v1/priorities/", {"county": hoods.hesar.county_id})
        .status_code
        == 404
    )
    assert (
        api_for(people.varzesh).get("/api/v1/priorities/", {"county": hoods.hesar.county_id}).status_code
        == 403
    )


# --- Wrong methods and no token --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/neighbourhoods/"),
        ("delete", "/api/v1/neighbourhoods/1/"),
        ("put", "/api/v1/needs/"),
        ("get", "/api/v1/needs/import/"),
        ("post", "/api/v1/priorities/"),
    ],
)
def test_wrong_methods(hoods, people, api_for, method, url):
    r = getattr(api_for(people.secretariat), method)(url)
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("url", ["/api/v1/neighbourhoods/", "/api/v1/needs/", "/api/v1/priorities/?county=1"])
def test_no_token_is_401(hoods, url):
    assert Client().get(url).status_code == 401
