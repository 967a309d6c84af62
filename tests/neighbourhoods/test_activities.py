"""Activities (میز خدمت, festivals, markets …): recorded by the house, the county or the
secretariat on their own neighbourhoods, with photos checked by content; read by the area and
by the agencies that took part; the demo's service desk answers resolution 2 of meeting 12."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from qarargah.api.tokens import issue_token
from qarargah.neighbourhoods import services
from qarargah.neighbourhoods.models import Activity, ActivityPhoto
from qarargah.resolutions.models import Resolution
from tests.resolutions.factories import png_bytes

pytestmark = pytest.mark.django_db

NOT_WRITER = (
    "فعالیت‌های هر محله را مسئول خانه همان محله، فرمانداری شهرستان یا دبیرخانه استان ثبت و ویرایش می‌کند."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def api_for():
    def make(user) -> Client:
        _, key = issue_token(user=user)
        return Client(HTTP_AUTHORIZATION=f"Token {key}")

    return make


def desk(hoods, people, **kw):
    actor = kw.pop("actor", people.hesar_manager)
    data = services.ActivityData(
        kind=kw.pop("kind", "service_desk"),
        title=kw.pop("title", "میز خدمت محله حصار"),
        held_on=kw.pop("held_on", datetime.date(2022, 7, 6)),
        neighbourhoods=kw.pop("neighbourhoods", [hoods.hesar]),
        agencies=kw.pop("agencies", [hoods.varzesh]),
        people_served=kw.pop("people_served", 120),
        volunteer_groups="گروه جهادی شهید همت\nخیرین محله",
        **kw,
    )
    return services.record_activity(actor=actor, data=data)


def form(hoods, **kw):
    return {
        "kind": "market",
        "title": "بازارچه زنان سرپرست خانوار",
        "held_on": "۱۴۰۳/۰۲/۱۰",
        "neighbourhoods": [hoods.hesar.pk],
        "agencies": [hoods.taavon.pk],
        "people_served": "۸۰",
        "volunteer_groups": "خیرین محله",
        "report": "۲۰ غرفه برپا شد.",
        **kw,
    }


# --- Pages ---------------------------------------------------------------------------------------


def test_the_house_manager_records_an_activity_with_photos(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    photo = SimpleUploadedFile("غرفه.png", png_bytes(), content_type="image/png")
    response = c.post("/neighbourhoods/activities/new/", {**form(hoods), "photos": [photo]})
    activity = Activity.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/neighbourhoods/activities/{activity.pk}/"
    )
    assert activity.held_on == datetime.date(2024, 4, 29) and activity.people_served == 80
    assert activity.province == hoods.hesar.county.province
    assert list(activity.neighbourhoods.all()) == [hoods.hesar]
    assert ActivityPhoto.objects.get().content_type == "image/png"
    page = c.get(response["Location"]).content.decode()
    assert "بازارچه زنان سرپرست خانوار" in page and "غرفه.png" in page and "فعالیت محله ثبت شد" in page
    photo_response = c.get(f"/neighbourhoods/activities/photos/{ActivityPhoto.objects.get().pk}/")
    assert photo_response.status_code == 200 and photo_response["Content-Type"] == "image/png"
    # The neighbourhood's page lists it.
    assert "بازارچه زنان سرپرست خانوار" in c.get(f"/neighbourhoods/{hoods.hesar.pk}/").content.decode()


def test_a_photo_that_is_not_an_image_saves_nothing(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    fake = SimpleUploadedFile("عکس.jpg", b"just some text, not a picture", content_type="image/jpeg")
    response = c.post("/neighbourhoods/activities/new/", {**form(hoods), "photos": [fake]})
    assert response.status_code == 200 and Activity.objects.count() == 0
    assert "محتوای فایل «عکس.jpg» با پسوند «.jpg» آن جور نیست" in response.content.decode()
    pdf = SimpleUploadedFile("گزارش.pdf", b"%PDF-1.4 a report", content_type="application/pdf")
    response = c.post("/neighbourhoods/activities/new/", {**form(hoods), "photos": [pdf]})
    assert (
        "فایل «گزارش.pdf» تصویر نیست؛ فقط عکس (PNG، JPEG، GIF یا WebP) بارگذاری کنید."
        in response.content.decode()
    )
    assert Activity.objects.count() == 0 and ActivityPhoto.objects.count() == 0


def test_a_house_manager_cannot_record_or_edit_another_neighbourhoods_activity(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    response = c.post("/neighbourhoods/activities/new/", form(hoods, neighbourhoods=[hoods.sohrabieh.pk]))
    assert response.status_code == 200 and Activity.objects.count() == 0
    assert "گزینه انتخاب‌شده در فهرست نیست." in response.content.decode()
    with pytest.raises(Exception, match="فعالیت‌های هر محله"):
        services.record_activity(
            actor=people.hesar_manager,
            data=services.ActivityData(
                kind="festival",
                title="جشنواره",
                held_on=datetime.date(2024, 1, 1),
                neighbourhoods=[hoods.sohrabieh],
            ),
        )
    theirs = desk(hoods, people, neighbourhoods=[hoods.sohrabieh], actor=hoods.sohrabieh_manager)
    # Hesar's manager does not even see Sohrabieh's activity: 404, like a missing one.
    assert c.get(f"/neighbourhoods/activities/{theirs.pk}/").status_code == 404
    assert c.post(f"/neighbourhoods/activities/{theirs.pk}/edit/", form(hoods)).status_code == 404
    # The county governorate sees both and may edit; leadership sees but may not.
    karaj = client_for(people.karaj_governorate)
    assert karaj.get(f"/neighbourhoods/activities/{theirs.pk}/edit/").status_code == 200
    leader = client_for(people.leadership)
    assert leader.get(f"/neighbourhoods/activities/{theirs.pk}/").status_code == 200
    refused = leader.post(f"/neighbourhoods/activities/{theirs.pk}/edit/", form(hoods))
    assert refused.status_code == 403 and NOT_WRITER in refused.content.decode()
    assert leader.get("/neighbourhoods/activities/new/").status_code == 403


def test_edit_keeps_history_and_checks_the_version(hoods, people, client_for):
    activity = desk(hoods, people)
    c = client_for(people.hesar_manager)
    response = c.post(
        f"/neighbourhoods/activities/{activity.pk}/edit/",
        form(hoods, kind="service_desk", title="میز خدمت حصار (اصلاح)", version=activity.version),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "میز خدمت حصار (اصلاح)" and activity.version == 2
    page = c.get(f"/neighbourhoods/activities/{activity.pk}/").content.decode()
    assert "فعالیت محله ویرایش شد" in page
    stale = c.post(f"/neighbourhoods/activities/{activity.pk}/edit/", form(hoods, version=1))
    assert stale.status_code == 200 and Activity.objects.get().title == "میز خدمت حصار (اصلاح)"


def test_an_agency_officer_sees_only_activities_it_took_part_in(hoods, people, client_for):
    with_sports = desk(hoods, people, agencies=[hoods.varzesh])
    without = desk(hoods, people, title="جشنواره محله", kind="festival", agencies=[hoods.taavon])
    c = client_for(people.varzesh)
    listing = c.get("/neighbourhoods/activities/").content.decode()
    assert "میز خدمت محله حصار" in listing and "جشنواره محله" not in listing
    assert c.get(f"/neighbourhoods/activities/{with_sports.pk}/").status_code == 200
    assert c.get(f"/neighbourhoods/activities/{without.pk}/").status_code == 404
    # And nothing of the neighbourhood's private contacts on the page.
    assert "09121234567" not in c.get(f"/neighbourhoods/activities/{with_sports.pk}/").content.decode()
    assert (
        client_for(people.markazi_secretariat)
        .get(f"/neighbourhoods/activities/{with_sports.pk}/")
        .status_code
        == 404
    )


def test_resolution_of_another_province_and_mixed_provinces_are_refused(hoods, people, markazi):
    other = Resolution.objects.exclude(province=hoods.hesar.county.province).first()
    if other is not None:
        with pytest.raises(Exception, match="مصوبه انتخاب‌شده از استان همین محله‌ها نیست"):
            desk(hoods, people, actor=people.secretariat, resolution=other)
    with pytest.raises(Exception, match="دست‌کم یک محله"):
        desk(hoods, people, neighbourhoods=[])


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/neighbourhoods/activities/"),
        ("delete", "/neighbourhoods/activities/new/"),
        ("get", "/neighbourhoods/activities/{pk}/photos/"),
        ("post", "/neighbourhoods/activities/{pk}/"),
    ],
)
def test_wrong_methods(hoods, people, client_for, method, url):
    activity = desk(hoods, people)
    response = getattr(client_for(people.hesar_manager), method)(url.format(pk=activity.pk))
    assert response.status_code == 405


# --- API -------------------------------------------------------------------------------------------


def test_api_lists_and_records_activities(hoods, people, api_for):
    api = api_for(people.hesar_manager)
    body = {
        "kind": "sports",
        "title": "مسابقه فوتبال نوجوانان",
        "held_on": "1403-05-01",
        "neighbourhoods": [hoods.hesar.pk],
        "agencies": [hoods.varzesh.pk],
        "people_served": 60,
        "volunteer_groups": ["هیئت فوتبال"],
    }
    created = api.post("/api/v1/activities/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["held_on"] == "2024-07-22" and data["kind_label"] == "تیم و مسابقه ورزشی"
    assert data["volunteer_groups"] == ["هیئت فوتبال"] and data["neighbourhoods"][0]["name"] == "حصار"
    listing = api.get("/api/v1/activities/", {"kind": "sports"}).json()
    assert [r["title"] for r in listing["results"]] == ["مسابقه فوتبال نوجوانان"]
    # Another neighbourhood: hidden is 404, visible but not writable 403.
    other = api.post(
        "/api/v1/activities/",
        {**body, "neighbourhoods": [hoods.sohrabieh.pk]},
        content_type="application/json",
    )
    assert other.status_code == 404
    leader = api_for(people.leadership).post("/api/v1/activities/", body, content_type="application/json")
    assert leader.status_code == 403 and leader.json()["error"]["message"] == NOT_WRITER


def test_api_bad_input(hoods, people, api_for):
    api = api_for(people.hesar_manager)
    base = {"kind": "sports", "title": "x", "held_on": "1403-05-01", "neighbourhoods": [hoods.hesar.pk]}
    bad_kind = api.post("/api/v1/activities/", {**base, "kind": "party"}, content_type="application/json")
    assert bad_kind.status_code == 400
    assert bad_kind.json()["error"]["fields"]["kind"][0].startswith("نوع فعالیت «party» شناخته نیست")
    bad_date = api.post("/api/v1/activities/", {**base, "held_on": "دیروز"}, content_type="application/json")
    assert bad_date.json()["error"]["fields"]["held_on"] == [
        "تاریخ را به شکل ۱۴۰۱/۰۴/۱۵ (شمسی) یا 2022-07-06 (میلادی) بدهید."
    ]
    not_image = SimpleUploadedFile("a.png", b"%PDF-1.4 not a picture", content_type="image/png")
    multipart = api.post("/api/v1/activities/", {**base, "photos": [not_image]})
    assert multipart.status_code == 400 and Activity.objects.count() == 0
    assert api.delete("/api/v1/activities/").status_code == 405
    assert Client().get("/api/v1/activities/").status_code == 401


def test_the_demo_service_desk_answers_resolution_2_of_meeting_12(people, client_for):
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    activity = Activity.objects.get(title="میز خدمت محله حصار")
    assert activity.kind == "service_desk" and activity.held_on == datetime.date(2022, 7, 6)
    assert (activity.resolution.meeting.number, activity.resolution.number) == (12, 2)
    assert [n.name for n in activity.neighbourhoods.all()] == ["حصار"]
    page = client_for(people.hesar_manager).get(f"/neighbourhoods/activities/{activity.pk}/").content.decode()
    assert "مصوبه ۲ جلسه ۱۲" in page
    # The form offers the resolutions about Hesar, this one among them, already chosen.
    form_page = client_for(people.hesar_manager).get(f"/neighbourhoods/activities/{activity.pk}/edit/")
    assert f'<option value="{activity.resolution_id}" selected>' in form_page.content.decode()
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    assert Activity.objects.filter(title="میز خدمت محله حصار").count() == 1
