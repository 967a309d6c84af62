"""Registry pages in Persian: lists, detail with timeline, create/edit with clear errors."""

from __future__ import annotations

import pytest

from qarargah.organisations.models import Agency, AgencyStatus

pytestmark = pytest.mark.django_db


def test_agency_list_searches_normalised_persian(people, client_for):
    response = client_for(people.secretariat).get("/registry/agencies/", {"q": "ورزش و جوانان"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'lang="fa" dir="rtl"' in body
    assert "اداره کل ورزش و جوانان" in body
    assert "اداره کل بهزیستی استان" not in body  # Markazi's


def test_agency_list_search_by_alias_with_arabic_letters(people, client_for):
    response = client_for(people.secretariat).get("/registry/agencies/", {"q": "راه شهرسازي"})
    assert "اداره کل راه و شهرسازی" in response.content.decode()


def test_empty_search_has_a_written_empty_state(people, client_for):
    response = client_for(people.secretariat).get("/registry/agencies/", {"q": "ناموجود"})
    assert "دستگاهی با این مشخصات پیدا نشد" in response.content.decode()


def test_secretariat_creates_an_agency(people, client_for):
    client = client_for(people.secretariat)
    response = client.post("/registry/agencies/new/", {"name": "اداره کل منابع طبیعی", "kind": "directorate"})
    agency = Agency.objects.get(name="اداره کل منابع طبیعی")
    assert response.status_code == 302
    assert agency.province == people.secretariat.province
    detail = client.get(response["Location"]).content.decode()
    assert "تاریخچه تغییرات" in detail
    assert "کاظمی" in detail  # the actor's name in the timeline


def test_create_with_missing_name_shows_persian_error_and_saves_nothing(people, client_for):
    before = Agency.objects.count()
    response = client_for(people.secretariat).post(
        "/registry/agencies/new/", {"name": "", "kind": "directorate"}
    )
    assert response.status_code == 200
    assert "نام دستگاه را وارد کنید." in response.content.decode()
    assert Agency.objects.count() == before


def test_edit_with_a_stale_version_keeps_what_the_user_typed(people, client_for):
    agency = Agency.objects.get(name="اداره کل ورزش و جوانان")
    stale = agency.version
    client = client_for(people.secretariat)
    client.post(
        f"/registry/agencies/{agency.pk}/edit/",
        {"name": agency.name, "kind": agency.kind, "email": "a@example.ir", "version": stale},
    )
    response = client.post(
        f"/registry/agencies/{agency.pk}/edit/",
        {"name": agency.name, "kind": agency.kind, "email": "typed@example.ir", "version": stale},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "توسط کاربر دیگری تغییر کرده است" in body
    assert "typed@example.ir" in body
    agency.refresh_from_db()
    assert agency.email == "a@example.ir"


def test_officer_cannot_create_agencies(people, client_for):
    response = client_for(people.varzesh).post(
        "/registry/agencies/new/", {"name": "x", "kind": "directorate"}
    )
    assert response.status_code == 403
    assert "اجازه" in response.content.decode()


def test_wrong_method_is_refused(people, client_for):
    agency = Agency.objects.get(name="اداره کل ورزش و جوانان")
    client = client_for(people.secretariat)
    assert client.post("/registry/agencies/").status_code == 405
    assert client.get(f"/registry/agencies/{agency.pk}/merge/").status_code == 405
    assert client.get(f"/registry/agencies/{agency.pk}/aliases/").status_code == 405


def test_pending_agency_merge_through_the_page(people, client_for, alborz):
    pending = Agency.objects.create(
        province=alborz, name="ورزش جوانان", kind="directorate", status=AgencyStatus.PENDING
    )
    target = Agency.objects.get(name="اداره کل ورزش و جوانان")
    client = client_for(people.secretariat)
    assert "ورزش جوانان" in client.get("/registry/agencies/pending/").content.decode()
    response = client.post(f"/registry/agencies/{pending.pk}/merge/", {"target": target.pk})
    assert response.status_code == 302
    assert not Agency.objects.filter(pk=pending.pk).exists()
    assert target.aliases.filter(name="ورزش جوانان").exists()


def test_merge_into_an_agency_of_another_province_is_refused(people, client_for, alborz):
    pending = Agency.objects.create(
        province=alborz, name="نام تازه", kind="directorate", status=AgencyStatus.PENDING
    )
    other = Agency.objects.get(name="اداره کل بهزیستی استان")
    client_for(people.secretariat).post(f"/registry/agencies/{pending.pk}/merge/", {"target": other.pk})
    assert Agency.objects.filter(pk=pending.pk).exists()


def test_body_page_lists_members_and_history(people, client_for):
    from qarargah.organisations.models import Body

    body = Body.objects.get(name="کمیته بانوان و تحکیم بنیان خانواده")
    response = client_for(people.leadership).get(f"/registry/bodies/{body.pk}/")
    text = response.content.decode()
    assert "اداره کل امور زنان و خانواده استانداری" in text
    assert "قرارگاه اجتماعی استان" in text  # parent


def test_neighbourhood_list_is_scoped_for_house_manager(people, client_for):
    text = client_for(people.hesar_manager).get("/registry/neighbourhoods/").content.decode()
    assert "حصار" in text
    assert "سهرابیه" not in text


def test_the_new_agency_button_is_offered_only_to_who_can_use_it(people, client_for):
    # The secretariat adds agencies to its province; an administrator over all provinces has no
    # province to add them to on this page (the admin is theirs), so no dead-end button.
    assert "ثبت دستگاه جدید" in client_for(people.secretariat).get("/registry/agencies/").content.decode()
    assert "ثبت دستگاه جدید" not in client_for(people.admin).get("/registry/agencies/").content.decode()
