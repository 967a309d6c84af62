"""Role boundaries and wrong methods of the second part's views: deleting a need, programme
parts and targets, photos, the ranked-list export."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qarargah.neighbourhoods import services
from qarargah.neighbourhoods.models import Need, Programme
from tests.resolutions.factories import png_bytes

pytestmark = pytest.mark.django_db

NOT_PROGRAMME_OWNER = "طرح‌های استان را دبیرخانه همان استان و طرح‌های ملی را مدیر سامانه تعریف می‌کند."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_house_deletes_its_own_registered_need_only(hoods, people, client_for):
    c = client_for(people.hesar_manager)
    assert c.get(f"/neighbourhoods/needs/{hoods.jobs.pk}/delete/").status_code == 405
    assert c.post(f"/neighbourhoods/needs/{hoods.water.pk}/delete/").status_code == 404  # Sohrabieh's
    referred = c.post(f"/neighbourhoods/needs/{hoods.sports.pk}/delete/", follow=True)
    assert (
        "مسئله‌ای که به دستگاه ارجاع شده یا بسته شده، دیگر در خانه محله ویرایش نمی‌شود."
        in referred.content.decode()
    )
    assert Need.objects.filter(pk=hoods.sports.pk).exists()
    response = c.post(f"/neighbourhoods/needs/{hoods.jobs.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == f"/neighbourhoods/{hoods.hesar.pk}/"
    assert not Need.objects.filter(pk=hoods.jobs.pk).exists()
    # The agency it was referred to may not delete it.
    assert (
        client_for(people.varzesh).post(f"/neighbourhoods/needs/{hoods.sports.pk}/delete/").status_code == 403
    )


def test_programme_parts_are_the_provinces_secretariats(hoods, people, client_for):
    programme = services.save_programme(
        actor=people.admin, name="پزشک خانواده", level="national", province=None
    )
    url = f"/neighbourhoods/programmes/{programme.pk}/"
    sec = client_for(people.secretariat)
    response = sec.post(
        url + "coverage/", {"neighbourhoods": [hoods.hesar.pk], "agencies": [hoods.taavon.pk]}
    )
    assert response.status_code == 302 and list(programme.neighbourhoods.all()) == [hoods.hesar]
    target = sec.post(
        url + "targets/",
        {"title": "ثبت‌نام خانوار", "unit": "خانوار", "target": "۱۰۰", "due_on": "۱۴۰۴/۱۲/۲۹"},
    )
    assert target.status_code == 302
    bad = sec.post(url + "targets/", {"title": "x", "target": "0"})
    assert "مقدار هدف باید بیشتر از صفر باشد." in bad.content.decode()
    for persona in (people.hesar_manager, people.karaj_governorate, people.leadership):
        refused = client_for(persona).post(url + "coverage/", {"neighbourhoods": [hoods.hesar.pk]})
        assert refused.status_code == 403 and NOT_PROGRAMME_OWNER in refused.content.decode()
        assert client_for(persona).post(url + "targets/", {"title": "x", "target": "1"}).status_code == 403
    # Markazi's secretariat keeps its own part; Alborz's neighbourhoods are not in its list.
    markazi = client_for(people.markazi_secretariat).post(
        url + "coverage/", {"neighbourhoods": [hoods.hesar.pk]}
    )
    assert markazi.status_code == 200 and "گزینه انتخاب‌شده در فهرست نیست." in markazi.content.decode()
    assert list(programme.neighbourhoods.all()) == [hoods.hesar]
    for path in ("coverage/", "targets/"):
        assert sec.get(url + path).status_code == 405
    # A provincial programme of Alborz is hidden from Markazi.
    local = services.save_programme(
        actor=people.secretariat, name="طرح استانی", level="provincial", province=hoods.hesar.county.province
    )
    assert (
        client_for(people.markazi_secretariat).get(f"/neighbourhoods/programmes/{local.pk}/").status_code
        == 404
    )
    assert Programme.objects.count() == 2


def test_photos_are_seen_by_the_activitys_readers_only(hoods, people, client_for):
    activity = services.record_activity(
        actor=people.hesar_manager,
        data=services.ActivityData(
            kind="course", title="دوره خیاطی", held_on=datetime.date(2024, 5, 1), neighbourhoods=[hoods.hesar]
        ),
        photos=[SimpleUploadedFile("کلاس.png", png_bytes(), content_type="image/png")],
    )
    photo = activity.photos.get()
    url = f"/neighbourhoods/activities/photos/{photo.pk}/"
    assert client_for(people.karaj_governorate).get(url).status_code == 200
    assert client_for(people.hesar_manager).post(url).status_code == 405
    for persona in (people.markazi_secretariat, people.varzesh, hoods.sohrabieh_manager):
        assert client_for(persona).get(url).status_code == 404
    # Adding photos: the neighbourhood's writers only.
    more = SimpleUploadedFile("دوم.png", png_bytes(), content_type="image/png")
    assert (
        client_for(people.leadership)
        .post(f"/neighbourhoods/activities/{activity.pk}/photos/", {"photos": [more]})
        .status_code
        == 403
    )


def test_the_ranked_list_export_is_scoped(hoods, people, client_for):
    url = f"/neighbourhoods/priorities/{hoods.hesar.county_id}/export.xlsx"
    assert client_for(people.karaj_governorate).get(url).status_code == 200
    assert client_for(people.markazi_secretariat).get(url).status_code == 404
    assert client_for(people.varzesh).get(url).status_code == 403
    assert (
        client_for(people.karaj_governorate).get(url + "?approved=1").status_code == 404
    )  # nothing approved yet
    assert client_for(people.karaj_governorate).post(url).status_code == 405
