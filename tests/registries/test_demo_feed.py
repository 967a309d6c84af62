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
