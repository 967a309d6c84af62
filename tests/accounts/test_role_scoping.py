"""For each role, one thing it can see and one it cannot — through the one scoping helper."""

from __future__ import annotations

import pytest
from django.http import Http404

from qarargah.accounts.scoping import get_object_for_user
from qarargah.organisations.models import Agency, AgencyStatus, Body, TargetNeighbourhood

pytestmark = pytest.mark.django_db


def agency(name, province):
    return Agency.objects.get(name=name, province__code=province)


def test_secretariat_sees_own_province_agencies_not_the_other_province(people):
    visible = Agency.objects.visible_to(people.secretariat)
    assert visible.filter(name="اداره کل ورزش و جوانان").exists()
    assert not visible.filter(province__code="markazi").exists()


def test_secretariat_sees_pending_agencies_but_officer_does_not(people, alborz):
    Agency.objects.create(
        province=alborz, name="اداره کل ناشناخته", kind="directorate", status=AgencyStatus.PENDING
    )
    assert Agency.objects.visible_to(people.secretariat).filter(name="اداره کل ناشناخته").exists()
    assert not Agency.objects.visible_to(people.varzesh).filter(name="اداره کل ناشناخته").exists()


def test_agency_officer_sees_province_registry_but_not_another_province(people):
    assert (
        Body.objects.visible_to(people.varzesh)
        .filter(name="قرارگاه اجتماعی استان", province__code="alborz")
        .exists()
    )
    with pytest.raises(Http404):
        get_object_for_user(Body, people.varzesh, name="شورای اجتماعی استان")


def test_county_officer_sees_own_county_neighbourhoods_only(people):
    visible = TargetNeighbourhood.objects.visible_to(people.karaj_governorate)
    assert visible.filter(name="حصار").exists()
    assert not visible.filter(name="منظریه").exists()  # in Fardis


def test_county_officer_sees_province_bodies_and_own_county_body_only(people, alborz):
    from qarargah.organisations.models import County

    fardis = County.objects.get(province=alborz, name="فردیس")
    fardis_hq = Body.objects.create(
        province=alborz, county=fardis, level="county", kind="hq", name="قرارگاه اجتماعی شهرستان فردیس"
    )
    visible = Body.objects.visible_to(people.karaj_governorate)
    assert visible.filter(name="قرارگاه اجتماعی شهرستان کرج").exists()
    assert visible.filter(name="قرارگاه اجتماعی استان").exists()
    assert not visible.filter(pk=fardis_hq.pk).exists()


def test_house_manager_sees_own_neighbourhood_only(people):
    visible = TargetNeighbourhood.objects.visible_to(people.hesar_manager)
    assert list(visible.values_list("name", flat=True)) == ["حصار"]


def test_leadership_sees_province_but_cannot_edit(people, client_for):
    varzesh = agency("اداره کل ورزش و جوانان", "alborz")
    client = client_for(people.leadership)
    assert client.get(f"/registry/agencies/{varzesh.pk}/").status_code == 200
    assert client.get(f"/registry/agencies/{varzesh.pk}/edit/").status_code == 403
    markazi_agency = agency("اداره کل بهزیستی استان", "markazi")
    assert client.get(f"/registry/agencies/{markazi_agency.pk}/").status_code == 404


def test_national_viewer_sees_every_province_but_cannot_edit(people, client_for):
    visible = Agency.objects.visible_to(people.national)
    assert visible.filter(province__code="alborz").exists()
    assert visible.filter(province__code="markazi").exists()
    response = client_for(people.national).get("/registry/agencies/new/")
    assert response.status_code == 403


def test_admin_sees_everything_including_pending(people, markazi):
    Agency.objects.create(
        province=markazi, name="سازمان تازه", kind="directorate", status=AgencyStatus.PENDING
    )
    assert Agency.objects.visible_to(people.admin).filter(name="سازمان تازه").exists()


def test_anonymous_sees_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert not Agency.objects.visible_to(AnonymousUser()).exists()


def test_hidden_and_missing_objects_give_the_same_404(people, client_for):
    client = client_for(people.varzesh)
    hidden = agency("اداره کل بهزیستی استان", "markazi")
    hidden_response = client.get(f"/registry/agencies/{hidden.pk}/")
    missing_response = client.get("/registry/agencies/999999/")
    assert hidden_response.status_code == missing_response.status_code == 404
    assert hidden.name not in hidden_response.content.decode()


def test_users_are_listed_only_to_those_who_manage_them(people):
    from qarargah.accounts.models import User

    assert not User.objects.visible_to(people.varzesh).exists()
    managed = User.objects.visible_to(people.secretariat)
    assert managed.filter(username="varzesh.alborz").exists()
    assert not managed.filter(username="behzisti.markazi").exists()
