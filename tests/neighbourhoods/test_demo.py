"""The demo's neighbourhood programme: Karaj's houses, staff and needs, loaded once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from qarargah.neighbourhoods.models import AgencyService, House, IndicatorValue, Need, NeedStatus, Staff

pytestmark = pytest.mark.django_db


def test_load_demo_fills_the_karaj_neighbourhoods_once(people, client_for):
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    hesar_needs = Need.objects.filter(neighbourhood__name="حصار")
    assert hesar_needs.count() == 7
    assert {n.created_by for n in hesar_needs} == {people.hesar_manager}
    assert set(House.objects.values_list("neighbourhood__name", flat=True)) >= {
        "حصار",
        "سهرابیه",
        "قائمیه",
        "حافظیه",
    }
    assert Staff.objects.filter(neighbourhood__name="حصار").count() == 5
    # The worn-out fabric need is answered by resolution 5 of the twelfth meeting.
    fabric = hesar_needs.get(axis="welfare")
    assert fabric.status == NeedStatus.REFERRED
    assert [(r.meeting.number, r.number) for r in fabric.resolutions.all()] == [(12, 5)]
    assert Need.objects.filter(status=NeedStatus.SOLVED).count() == 1

    # Capacities: the sports directorate serves Hesar and Sohrabieh on the cultural axis.
    sports = AgencyService.objects.get(agency__name="اداره کل ورزش و جوانان")
    assert sorted(n.name for n in sports.neighbourhoods.all()) == ["حصار", "سهرابیه"]

    assert (
        IndicatorValue.objects.filter(neighbourhood__name="حصار", indicator__code="working_children").count()
        == 6
    )

    counts = (
        Need.objects.count(),
        Staff.objects.count(),
        House.objects.count(),
        AgencyService.objects.count(),
    )
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    assert (
        Need.objects.count(),
        Staff.objects.count(),
        House.objects.count(),
        AgencyService.objects.count(),
    ) == counts

    # The demo house manager's home page shows the neighbourhood's open needs.
    home = client_for(people.hesar_manager).get("/").content.decode()
    assert "مسائل باز محله حصار" in home and "ترک تحصیل کودکان" in home
    # The sports officer sees the one need referred to its directorate.
    needs = client_for(people.varzesh).get("/neighbourhoods/needs/").content.decode()
    assert "نبود فضای ورزشی برای بانوان" in needs and "ترک تحصیل" not in needs
