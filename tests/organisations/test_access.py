"""organisations.access: registry objects fetched by id in one place.

Seeing follows each model's scope (another province's agency, or a pending agency for an
officer, is the same 404 as a missing one); changing the registry needs the scope's
``can_edit_registry`` (403 with the Persian message otherwise).
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from qarargah.organisations import access
from qarargah.organisations.models import Agency, AgencyStatus, Body, County, Province, TargetNeighbourhood

pytestmark = pytest.mark.django_db

NO_REGISTRY_WRITE = "شما اجازه تغییر این اطلاعات را ندارید."
MISSING = 987_654_321
GARBAGE_IDS = ["abc", "", None, -1, 2**70]
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def body_of(response) -> bytes:
    return _CSRF.sub(b'name="csrfmiddlewaretoken"', response.content)


def _404(fetch, user, pk):
    with pytest.raises(Http404) as info:
        fetch(user, pk)
    assert info.value.args == ()


@pytest.fixture
def things(people, alborz, markazi):
    return {
        "agency": (
            Agency.objects.get(province=alborz, name="اداره کل ورزش و جوانان"),
            Agency.objects.filter(province=markazi).first(),
        ),
        "body": (
            Body.objects.get(province=alborz, name="قرارگاه اجتماعی استان", county=None),
            Body.objects.get(province=markazi, name="شورای اجتماعی استان", county=None),
        ),
        "county": (
            County.objects.filter(province=alborz).first(),
            County.objects.filter(province=markazi).first(),
        ),
        "neighbourhood": (
            TargetNeighbourhood.objects.filter(county__province=alborz).first(),
            TargetNeighbourhood.objects.filter(county__province=markazi).first(),
        ),
        "province": (alborz, markazi),
    }


FETCH = {
    "agency": (access.get_agency_for_user, access.get_agency_for_writer),
    "body": (access.get_body_for_user, access.get_body_for_writer),
    "county": (access.get_county_for_user, None),
    "neighbourhood": (access.get_neighbourhood_for_user, None),
    "province": (access.get_province_for_user, None),
}


@pytest.mark.parametrize("kind", FETCH)
def test_own_province_is_found_another_province_is_the_same_404_as_missing(people, things, kind):
    mine, theirs = things[kind]
    for fetch in filter(None, FETCH[kind]):
        assert fetch(people.secretariat, mine.pk) == mine
        _404(fetch, people.secretariat, theirs.pk)
        _404(fetch, people.secretariat, MISSING)
        for pk in GARBAGE_IDS:
            _404(fetch, people.secretariat, pk)


@pytest.mark.parametrize("kind", ["agency", "body"])
@pytest.mark.parametrize("persona", ["varzesh", "leadership", "hesar_manager", "karaj_governorate"])
def test_who_sees_but_may_not_edit_the_registry_gets_403(people, things, kind, persona):
    user = getattr(people, persona)
    for_user, for_writer = FETCH[kind]
    mine = things[kind][0]
    assert for_user(user, mine.pk) == mine
    with pytest.raises(PermissionDenied) as info:
        for_writer(user, mine.pk)
    assert str(info.value) == NO_REGISTRY_WRITE


def test_admin_writes_everywhere(people, things):
    for kind in ("agency", "body"):
        for obj in things[kind]:
            assert FETCH[kind][1](people.admin, obj.pk) == obj


def test_a_pending_agency_is_hidden_from_an_officer_like_a_missing_one(people, alborz, client_for):
    pending = Agency.objects.create(
        province=alborz, name="ستاد نوپدید", kind="council", status=AgencyStatus.PENDING
    )
    assert access.get_agency_for_writer(people.secretariat, pending.pk) == pending
    _404(access.get_agency_for_user, people.varzesh, pending.pk)
    client = client_for(people.varzesh)
    hidden = client.get(f"/registry/agencies/{pending.pk}/")
    missing = client.get(f"/registry/agencies/{MISSING}/")
    assert hidden.status_code == missing.status_code == 404
    assert body_of(hidden) == body_of(missing)


def test_a_county_officer_sees_its_own_county_only(people):
    officer = people.karaj_governorate
    own = County.objects.get(pk=officer.county_id)
    other = County.objects.filter(province_id=own.province_id).exclude(pk=own.pk).first()
    assert access.get_county_for_user(officer, own.pk) == own
    _404(access.get_county_for_user, officer, other.pk)


def test_a_house_manager_sees_its_own_neighbourhood_only(people):
    manager = people.hesar_manager
    own = TargetNeighbourhood.objects.get(pk=manager.neighbourhood_id)
    other = TargetNeighbourhood.objects.exclude(pk=own.pk).first()
    assert access.get_neighbourhood_for_user(manager, own.pk) == own
    _404(access.get_neighbourhood_for_user, manager, other.pk)


def test_the_national_viewer_sees_every_province_but_writes_none(people, markazi):
    assert access.get_province_for_user(people.national, markazi.pk) == markazi
    assert Province.objects.visible_to(people.national).count() >= 2


def test_registry_pages_answer_hidden_and_missing_alike(people, client_for, things):
    client = client_for(people.secretariat)
    for pattern, kind in (
        ("/registry/agencies/{}/", "agency"),
        ("/registry/agencies/{}/edit/", "agency"),
        ("/registry/bodies/{}/", "body"),
    ):
        theirs = things[kind][1]
        hidden = client.get(pattern.format(theirs.pk))
        missing = client.get(pattern.format(MISSING))
        assert hidden.status_code == missing.status_code == 404
        assert body_of(hidden) == body_of(missing)
