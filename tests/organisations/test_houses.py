"""A neighbourhood house is an agency linked to its target neighbourhood (decision 0022): linked
by name when unambiguous, on the agency form, when a pending house is confirmed or merged; only
houses, only in their province, one house per neighbourhood."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.meetings.linking import ProvinceRegistry, link_name
from qarargah.organisations import services
from qarargah.organisations.models import Agency, AgencyKind, AgencyStatus, TargetNeighbourhood

pytestmark = pytest.mark.django_db

HOUSE = AgencyKind.NEIGHBOURHOOD_HOUSE


def hood(name: str) -> TargetNeighbourhood:
    return TargetNeighbourhood.objects.select_related("county").get(name=name)


@pytest.mark.parametrize(
    "name", ["خانه محله سهرابیه", "خانه سهرابیه", "خانه‌ محله سهرابیه کرج", "خانه محله سهرابيه"]
)
def test_a_house_is_linked_to_the_neighbourhood_its_name_names(people, alborz, name):
    house = services.create_agency(actor=people.secretariat, province=alborz, name=name, kind=HOUSE)
    assert house.neighbourhood == hood("سهرابیه")
    assert house.county == hood("سهرابیه").county


def test_an_unknown_or_taken_neighbourhood_is_not_guessed(people, alborz):
    unknown = services.create_agency(
        actor=people.secretariat, province=alborz, name="خانه محله ناشناس", kind=HOUSE
    )
    assert unknown.neighbourhood is None
    # حصار already has its house (the demo's): a second house is not linked to it silently.
    second = services.create_agency(actor=people.secretariat, province=alborz, name="خانه حصار", kind=HOUSE)
    assert second.neighbourhood is None


def test_only_houses_of_the_province_and_one_per_neighbourhood(people, alborz, markazi):
    with pytest.raises(ServiceError, match="فقط «خانه محله»"):
        services.create_agency(
            actor=people.secretariat,
            province=alborz,
            name="شهرداری منطقه ۵",
            kind="municipality",
            neighbourhood=hood("قائمیه"),
        )
    with pytest.raises(ServiceError, match="در این استان نیست"):
        services.create_agency(
            actor=people.secretariat,
            province=markazi,
            name="خانه قائمیه",
            kind=HOUSE,
            neighbourhood=hood("قائمیه"),
        )
    with pytest.raises(ServiceError, match="پیش‌تر خانه محله دارد"):
        services.create_agency(
            actor=people.secretariat, province=alborz, name="خانه دوم", kind=HOUSE, neighbourhood=hood("حصار")
        )
    # The database refuses a neighbourhood on an agency that is not a house, whatever writes it.
    varzesh = Agency.objects.get(name="اداره کل ورزش و جوانان")
    with transaction.atomic(), pytest.raises(IntegrityError):
        Agency.objects.filter(pk=varzesh.pk).update(neighbourhood=hood("قائمیه"))


def test_changing_a_house_to_another_kind_lets_go_of_the_neighbourhood(people):
    house = Agency.objects.get(name="خانه محله حصار")
    services.update_agency(actor=people.secretariat, agency=house, expected_version=house.version, kind="ngo")
    house.refresh_from_db()
    assert house.neighbourhood is None
    assert scope_for(type(people.hesar_manager).objects.get(pk=people.hesar_manager.pk)).agency_id is None


def test_a_pending_house_from_minutes_is_linked_and_stays_linked_when_confirmed(people, alborz):
    pending = services.create_pending_agency(actor=None, province=alborz, name="خانه محله قائمیه")
    assert (pending.status, pending.kind, pending.neighbourhood) == (
        AgencyStatus.PENDING,
        HOUSE,
        hood("قائمیه"),
    )
    confirmed = services.confirm_agency(actor=people.secretariat, agency=pending)
    assert confirmed.neighbourhood == hood("قائمیه")
    # Confirmed as something else, it lets the neighbourhood go.
    other = services.create_pending_agency(actor=None, province=alborz, name="خانه محله حافظیه")
    assert services.confirm_agency(actor=people.secretariat, agency=other, kind="ngo").neighbourhood is None


def test_merging_a_pending_house_moves_its_neighbourhood(people, alborz):
    target = services.create_agency(actor=people.secretariat, province=alborz, name="سرای محله", kind=HOUSE)
    assert target.neighbourhood is None
    pending = services.create_pending_agency(actor=None, province=alborz, name="خانه محله قائمیه")
    services.merge_agency(actor=people.secretariat, source=pending, target=target)
    target.refresh_from_db()
    assert target.neighbourhood == hood("قائمیه")


def test_the_group_description_means_every_house_of_the_province(people, alborz):
    services.create_agency(actor=people.secretariat, province=alborz, name="خانه محله سهرابیه", kind=HOUSE)
    linked = link_name(ProvinceRegistry(alborz), "مسئولین خانه محلات", [])
    assert linked.kind == "group"
    assert sorted(a.name for a in linked.agencies) == ["خانه محله حصار", "خانه محله سهرابیه"]
    named = link_name(ProvinceRegistry(alborz), "خانه محله حصار", [])
    assert [a.name for a in named.agencies] == ["خانه محله حصار"]


def test_the_agency_form_links_a_house(people, alborz, client_for):
    client = client_for(people.secretariat)
    form = client.get("/registry/agencies/new/").content.decode()
    assert 'name="neighbourhood"' in form and "سهرابیه" in form
    response = client.post(
        "/registry/agencies/new/",
        {"name": "سرای محله سهرابیه", "kind": HOUSE, "neighbourhood": hood("سهرابیه").pk},
    )
    assert response.status_code == 302
    house = Agency.objects.get(name="سرای محله سهرابیه")
    assert house.neighbourhood == hood("سهرابیه")
    detail = client.get(f"/registry/agencies/{house.pk}/").content.decode()
    assert 'data-testid="house-neighbourhood">سهرابیه' in detail
    refused = client.post(
        "/registry/agencies/new/",
        {"name": "اداره نمونه", "kind": "directorate", "neighbourhood": hood("قائمیه").pk},
    )
    assert refused.status_code == 200
    assert "فقط «خانه محله» به یک محله هدف پیوند می‌خورد." in refused.content.decode()
    assert not Agency.objects.filter(name="اداره نمونه").exists()


def test_the_migration_links_houses_that_existed_before(people):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("qarargah.organisations.migrations.0003_agency_neighbourhood_house")
    Agency.objects.filter(name="خانه محله حصار").update(neighbourhood=None)
    migration.link_existing_houses(apps, None)
    assert Agency.objects.get(name="خانه محله حصار").neighbourhood == hood("حصار")
