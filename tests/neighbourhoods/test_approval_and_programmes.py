"""The county's ranked list approved and sent to the province, the Excel exports; programmes
(pages and API); indicator values through the API."""

from __future__ import annotations

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from qarargah.api.tokens import issue_token
from qarargah.history.selectors import history_for
from qarargah.neighbourhoods import services
from qarargah.neighbourhoods.models import IndicatorValue, Programme, ProgrammeTarget, RankedListApproval

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for():
    def make(user) -> Client:
        _, key = issue_token(user=user)
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make


def sheet_xml(body: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(body))
    return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_the_county_governorate_approves_and_the_province_sees_it(hoods, people, client_for):
    karaj = hoods.hesar.county
    gov = client_for(people.karaj_governorate)
    page = gov.get(f"/neighbourhoods/priorities/?county={karaj.pk}").content.decode()
    assert "تأیید فهرست و فرستادن به استان" in page and "هنوز تأیید و به استان فرستاده نشده است" in page
    response = gov.post(f"/neighbourhoods/priorities/{karaj.pk}/approve/", {"note": "با نظر شورای شهرستان"})
    assert response.status_code == 302
    approval = RankedListApproval.objects.get()
    assert approval.approved_by == people.karaj_governorate and approval.note == "با نظر شورای شهرستان"
    assert approval.snapshot["needs"][0]["title"] in {
        n.title for n in (hoods.sports, hoods.jobs, hoods.water)
    }
    assert all("formula" in row for row in approval.snapshot["needs"])
    followed = gov.get(response["Location"]).content.decode()
    assert f"فهرست اولویت شهرستان {karaj.name} تأیید و به استان فرستاده شد." in followed
    # A typed history event.
    assert any(
        "فهرست اولویت شهرستان تأیید و به استان فرستاده شد" in str(e)
        for e in history_for(people.secretariat, [approval])
    )
    # The province hears of it on its home page …
    home = client_for(people.secretariat).get("/").content.decode()
    assert (
        "فهرست‌های اولویت فرستاده‌شده از شهرستان‌ها" in home and f"شهرستان {karaj.name}: تأییدشده به دست" in home
    )
    # … and reads it per county and whole.
    province = client_for(people.secretariat).get("/neighbourhoods/priorities/province/")
    text = province.content.decode()
    assert province.status_code == 200 and "تأییدشده به دست" in text and hoods.sports.title in text
    # Excel: right to left, Persian headers, the needs' titles as typed.
    xlsx = client_for(people.secretariat).get("/neighbourhoods/priorities/province/export.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    xml = sheet_xml(b"".join(xlsx.streaming_content))
    assert 'rightToLeft="1"' in xml and "چرا این رتبه" in xml and hoods.sports.title in xml
    county_xlsx = gov.get(f"/neighbourhoods/priorities/{karaj.pk}/export.xlsx?approved=1")
    assert county_xlsx.status_code == 200
    assert "تأییدشده در" in sheet_xml(b"".join(county_xlsx.streaming_content))


def test_only_the_county_governorate_approves_its_own_list(hoods, people, client_for, markazi):
    karaj = hoods.hesar.county
    refused = client_for(people.secretariat).post(f"/neighbourhoods/priorities/{karaj.pk}/approve/")
    assert refused.status_code == 403
    assert "فهرست اولویت هر شهرستان را فرمانداری همان شهرستان تأیید می‌کند." in refused.content.decode()
    assert (
        client_for(people.hesar_manager).post(f"/neighbourhoods/priorities/{karaj.pk}/approve/").status_code
        == 403
    )
    assert (
        client_for(people.markazi_secretariat)
        .post(f"/neighbourhoods/priorities/{karaj.pk}/approve/")
        .status_code
        == 404
    )
    assert (
        client_for(people.karaj_governorate)
        .get(f"/neighbourhoods/priorities/{karaj.pk}/approve/")
        .status_code
        == 405
    )
    # The county sees no province list; the house manager neither.
    assert client_for(people.karaj_governorate).get("/neighbourhoods/priorities/province/").status_code == 403
    assert (
        client_for(people.hesar_manager).get("/neighbourhoods/priorities/province/export.xlsx").status_code
        == 403
    )
    assert RankedListApproval.objects.count() == 0


def test_programmes_pages_and_api(people, client_for, api_for):
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    names = set(Programme.objects.values_list("name", flat=True))
    assert {
        "پزشک خانواده",
        "طرح سراج (مددکاری اجتماعی محله‌محور)",
        "طرح توانمندسازی ۲۰۲۰ محله",
        "طرح جوانان پیشرو",
    } <= names
    family = Programme.objects.get(name="پزشک خانواده")
    house = client_for(people.hesar_manager)
    listing = house.get("/neighbourhoods/programmes/").content.decode()
    assert "پزشک خانواده" in listing
    detail = house.get(f"/neighbourhoods/programmes/{family.pk}/").content.decode()
    assert "خانوارهای ثبت‌نام‌شده نزد پزشک خانواده" in detail and "۶۱٪" in detail
    hesar_page = house.get(f"/neighbourhoods/{people.hesar_manager.neighbourhood_id}/").content.decode()
    assert "پزشک خانواده" in hesar_page and "میز خدمت محله حصار" in hesar_page
    # The secretariat records progress; the house manager may not.
    target = ProgrammeTarget.objects.get(programme=family)
    sec = client_for(people.secretariat)
    assert (
        sec.post(
            f"/neighbourhoods/programmes/targets/{target.pk}/progress/", {"achieved": "۲۰۰۰"}
        ).status_code
        == 302
    )
    target.refresh_from_db()
    assert target.achieved == 2000 and target.percent == 66
    refused = house.post(f"/neighbourhoods/programmes/targets/{target.pk}/progress/", {"achieved": "1"})
    assert refused.status_code == 403
    assert (
        "طرح‌های استان را دبیرخانه همان استان و طرح‌های ملی را مدیر سامانه تعریف می‌کند."
        in refused.content.decode()
    )
    assert house.get("/neighbourhoods/programmes/new/").status_code == 403
    created = sec.post("/neighbourhoods/programmes/new/", {"name": "طرح محله‌های امن البرز"})
    assert (
        created.status_code == 302
        and Programme.objects.get(name="طرح محله‌های امن البرز").level == "provincial"
    )
    # API.
    body = api_for(people.secretariat).get("/api/v1/programmes/").json()
    family_row = next(r for r in body if r["name"] == "پزشک خانواده")
    assert family_row["level"] == "national" and {n["name"] for n in family_row["neighbourhoods"]} >= {"حصار"}
    assert family_row["targets"][0]["percent"] == 66
    assert [
        r["name"] for r in api_for(people.markazi_secretariat).get("/api/v1/programmes/").json()
    ] and not any(
        r["name"] == "طرح محله‌های امن البرز"
        for r in api_for(people.markazi_secretariat).get("/api/v1/programmes/").json()
    )
    assert api_for(people.secretariat).post("/api/v1/programmes/", {}).status_code == 405
    assert sec.post("/neighbourhoods/programmes/").status_code == 405


def test_indicator_values_through_the_api(hoods, people, api_for):
    url = "/api/v1/indicators/values/"
    body = {
        "neighbourhood": hoods.hesar.pk,
        "indicator": "working_children",
        "year": 1403,
        "part": 5,
        "value": "14",
    }
    created = api_for(people.hesar_manager).post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["value"] == "14.00"
    assert IndicatorValue.objects.get(neighbourhood=hoods.hesar, year=1403, part=5).value == 14
    detail = api_for(people.secretariat).get(f"/api/v1/neighbourhoods/{hoods.hesar.pk}/").json()
    series = next(s for s in detail["indicators"]["series"] if s["code"] == "working_children")
    assert series["values"][-1]["value"] == "14.00"
    # An agency indicator: the house manager may not enter it (403); an agency officer may.
    agency_body = {**body, "indicator": "uninsured_residents", "part": 2}
    refused = api_for(people.hesar_manager).post(url, agency_body, content_type="application/json")
    assert (
        refused.status_code == 403
        and refused.json()["error"]["message"] == "ثبت این شاخص برای این محله در اختیار نقش شما نیست."
    )
    # Bad input.
    bad = api_for(people.hesar_manager).post(
        url, {**body, "indicator": "nope"}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["indicator"][0].startswith(
        "شاخص «nope» شناخته نیست"
    )
    part = api_for(people.hesar_manager).post(url, {**body, "part": 0}, content_type="application/json")
    assert part.status_code == 400 and part.json()["error"]["fields"]["part"] == [
        "ماه یا فصل با دوره این شاخص نمی‌خواند."
    ]
    other = api_for(people.hesar_manager).post(
        url, {**body, "neighbourhood": hoods.sohrabieh.pk}, content_type="application/json"
    )
    assert other.status_code == 404
    assert api_for(people.hesar_manager).get(url).status_code == 405


def test_programme_coverage_is_the_provinces_own(hoods, people):
    programme = services.save_programme(
        actor=people.admin, name="طرح آزمایشی", level="national", province=None
    )
    services.set_programme_coverage(
        actor=people.secretariat,
        programme=programme,
        province=hoods.hesar.county.province,
        neighbourhoods=[hoods.hesar],
    )
    assert list(programme.neighbourhoods.all()) == [hoods.hesar]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_programme(actor=people.secretariat, name="ملی دیگر", level="national", province=None)


def test_the_provinces_secretariat_is_told_when_a_county_sends_its_list(
    hoods, people, django_capture_on_commit_callbacks
):
    """In the app (and by mail, by preference) through the notifications app, after commit."""
    from qarargah.neighbourhoods.approvals import approve_ranked_list
    from qarargah.notifications.models import Notification

    karaj = hoods.hesar.county
    with django_capture_on_commit_callbacks(execute=True):
        approval = approve_ranked_list(actor=people.karaj_governorate, county=karaj, note="با نظر شورا")
    note = Notification.objects.get(user=people.secretariat, kind="ranked_list_sent")
    assert note.title == f"فهرست اولویت مسائل شهرستان {karaj.name} فرستاده شد"
    assert "یادداشت: با نظر شورا" in note.body and note.url == "/neighbourhoods/priorities/province/"
    assert note.event_key == f"ranked_list:{approval.pk}"
    # Nobody outside the province's secretariat hears of it.
    assert not Notification.objects.filter(kind="ranked_list_sent").exclude(user=people.secretariat).exists()
