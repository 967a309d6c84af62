"""The demo: the registry's lists of Alborz, once linked, feed the month's neighbourhood indicators."""

from __future__ import annotations

import pytest

from qarargah.neighbourhoods.models import IndicatorValue
from qarargah.neighbourhoods.rollup import rollup_differences
from qarargah.organisations.models import TargetNeighbourhood
from qarargah.registries.feed import current_period

pytestmark = pytest.mark.django_db


def test_the_registry_demo_feeds_every_alborz_neighbourhood(alborz):
    from qarargah.demo.registry import load_demo_registry

    lines: list[str] = []
    load_demo_registry(lines.append)
    year, month = current_period()
    fed = IndicatorValue.objects.filter(indicator__entered_by="registry", year=year, part=month)
    hoods = set(TargetNeighbourhood.objects.filter(county__province=alborz).values_list("pk", flat=True))
    assert set(fed.values_list("neighbourhood_id", flat=True)) == hoods
    assert any(line.startswith("ثبت یکپارچه: شاخص‌های ") for line in lines)
    assert rollup_differences() == []
    # Loading again writes nothing new.
    before = sorted(fed.values_list("pk", "value"))
    load_demo_registry(lines.append)
    assert sorted(fed.values_list("pk", "value")) == before


def test_the_demo_gives_an_agency_officer_its_own_list_and_people_in_target_neighbourhoods(alborz):
    from qarargah.accounts.models import User
    from qarargah.demo.registry import load_demo_registry
    from qarargah.registries.models import Person, SourceRecord

    load_demo_registry(lambda _line: None)
    taavon = User.objects.get(username="taavon.alborz")
    mine = SourceRecord.objects.visible_to(taavon)
    # The directorate's own list, and nobody else's.
    assert mine.exists()
    assert set(mine.values_list("source__agency_id", flat=True)) == {taavon.agency_id}
    assert Person.objects.visible_to(taavon).count() < Person.objects.filter(province=alborz).count()
    # Most people live in the province's target neighbourhoods, so the programme's pages have counts.
    records = SourceRecord.objects.filter(source__province=alborz)
    assert records.filter(neighbourhood__isnull=False).count() > records.count() / 2
