"""A municipality or county governorate named by its county («شهرداری ساوجبلاغ», what the parser
writes for a bare «شهرداری» in minutes of a county body) links to that county's own office in
the registry, named after its city («شهرداری هشتگرد»); a city the minutes name («شهرداری
هشتگرد») links exactly (issue 16)."""

from __future__ import annotations

import pytest

from qarargah.meetings.linking import ProvinceRegistry, link_name
from qarargah.minutes_parser import parse_text
from qarargah.organisations import services
from qarargah.organisations.models import AgencyKind, County

pytestmark = pytest.mark.django_db


def _municipality(people, alborz, name: str, county: str):
    return services.create_agency(
        actor=people.secretariat,
        province=alborz,
        name=name,
        kind=AgencyKind.MUNICIPALITY,
        county=County.objects.get(province=alborz, name=county),
    )


def test_a_bare_municipality_of_a_county_body_links_to_the_countys_municipality(people, alborz):
    hashtgerd = _municipality(people, alborz, "شهرداری هشتگرد", "ساوجبلاغ")
    pm = parse_text(
        "صورتجلسه شورای اجتماعی شهرستان ساوجبلاغ\n"
        "۱- مقرر شد شهرداری نسبت به جمع‌آوری نخاله‌های ساختمانی اقدام کند.\n"
        "۲- مقرر شد شهرداری هشتگرد نسبت به ساماندهی دستفروشان اقدام نماید.\n"
    )
    reg = ProvinceRegistry(alborz)
    first, second = (link_name(reg, r.assignees[0], []) for r in pm.resolutions)
    assert (pm.resolutions[0].assignees, first.kind, first.agencies) == (
        ("شهرداری ساوجبلاغ",),
        "alias",
        [hashtgerd],
    )
    assert (pm.resolutions[1].assignees, second.kind, second.agencies) == (
        ("شهرداری هشتگرد",),
        "exact",
        [hashtgerd],
    )


def test_a_county_governorate_named_with_shahrestan_links_to_it(alborz):
    linked = link_name(ProvinceRegistry(alborz), "فرمانداری شهرستان طالقان", [])
    assert [a.name for a in linked.agencies] == ["فرمانداری طالقان"]


def test_two_municipalities_in_a_county_decide_by_the_countys_name_or_not_at_all(people, alborz):
    _municipality(people, alborz, "شهرداری ماهدشت", "کرج")
    karaj = link_name(ProvinceRegistry(alborz), "شهرداری کرج", [])
    assert [a.name for a in karaj.agencies] == ["شهرداری کرج"]
    _municipality(people, alborz, "شهرداری هشتگرد", "ساوجبلاغ")
    _municipality(people, alborz, "شهرداری چهارباغ", "ساوجبلاغ")
    unsure = link_name(ProvinceRegistry(alborz), "شهرداری ساوجبلاغ", [])
    # The county's name does not say which of its two it is: left for the secretariat.
    assert (unsure.kind, unsure.agencies) == ("unknown", [])


def test_a_place_that_is_no_county_is_left_to_the_other_rules(alborz):
    linked = link_name(ProvinceRegistry(alborz), "شهرداری بندر انزلی", [])
    assert (linked.kind, linked.agencies) == ("unknown", [])
