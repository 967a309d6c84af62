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
