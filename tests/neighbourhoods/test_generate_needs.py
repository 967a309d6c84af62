"""`qarargah generate` fills the programme too: needs in every generated neighbourhood, of
varied age and status, seen only inside their province."""

from __future__ import annotations

import pytest

from qarargah.demo.generate import generate
from qarargah.neighbourhoods.models import Need, NeedStatus
from qarargah.organisations.models import TargetNeighbourhood

pytestmark = pytest.mark.django_db

TINY = {"scale": "small", "province": "qom", "resolutions": 20, "assignments": 40, "reports": 40}


def test_generated_needs(people):
    result = generate(**TINY, analyze=False, log=lambda _line: None)
    hoods = TargetNeighbourhood.objects.filter(county__province__code="qom")
    needs = Need.objects.filter(neighbourhood__in=hoods)
    assert result.counts["needs"] == needs.count() == hoods.count() * 5
    assert needs.filter(status=NeedStatus.REGISTERED, referred_agency__isnull=True).exists()
    assert not needs.filter(status=NeedStatus.REFERRED, referred_agency__isnull=True).exists()
    assert needs.values("created_at__date").distinct().count() > 10  # spread over time
    referred = needs.exclude(referred_agency=None).first()
    assert referred.referred_agency.province.code == "qom"
    # Scoped: Alborz's secretariat sees none of Qom's.
    assert not Need.objects.visible_to(people.secretariat).filter(neighbourhood__in=hoods).exists()


def test_generated_programme_data_and_rollup(people):
    from qarargah.neighbourhoods.models import Activity, AgencyService, IndicatorValue, Programme
    from qarargah.neighbourhoods.rollup import rollup_differences

    result = generate(**TINY, analyze=False, log=lambda _line: None)
    hoods = TargetNeighbourhood.objects.filter(county__province__code="qom")
    values = IndicatorValue.objects.filter(neighbourhood__in=hoods)
    # Two years of the four indicators: 21 values a year each.
    assert result.counts["indicator values"] == values.count() == hoods.count() * 42
    assert Activity.objects.filter(province__code="qom").count() == hoods.count()
    assert AgencyService.objects.filter(agency__province__code="qom").exists()
    assert Programme.objects.filter(level="national", neighbourhoods__in=hoods).distinct().count() == 4
    assert Programme.objects.filter(level="provincial", province__code="qom").count() == 1
    # The roll-up was rebuilt after the bulk writes and agrees with a fresh count.
    assert rollup_differences() == []
