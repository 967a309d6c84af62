"""An agency's name is stored as the secretariat typed it (decision 0003) and found by its match
key: «شهرداری منطقه 5» keeps its «5» and is found by «۵» too."""

from __future__ import annotations

import pytest

from qarargah.organisations.models import Agency

pytestmark = pytest.mark.django_db


def test_a_typed_agency_name_keeps_its_digits_and_is_found_by_either(people, client_for):
    client = client_for(people.secretariat)
    response = client.post("/registry/agencies/new/", {"name": "شهرداري منطقه 5 كرج", "kind": "municipality"})
    assert response.status_code == 302
    agency = Agency.objects.get(name_key__contains="منطقه5")
    # Arabic ي/ك become Persian; the digit stays as typed.
    assert agency.name == "شهرداری منطقه 5 کرج"
    detail = client.get(f"/registry/agencies/{agency.pk}/").content.decode()
    assert "شهرداری منطقه 5 کرج" in detail and "منطقه ۵" not in detail
    for query in ("منطقه ۵", "منطقه 5"):
        listed = client.get("/registry/agencies/", {"q": query}).content.decode()
        assert "شهرداری منطقه 5 کرج" in listed, query
