"""Issue 11 A.3 in the API: a resolution's ``shown_due_date`` follows a granted extension; its
``due_date`` stays what the minutes said."""

from __future__ import annotations

import datetime

import pytest

from tests.resolutions.factories import make_resolution, today
from tests.resolutions.test_extension_shows import _extend

pytestmark = pytest.mark.django_db


def test_a_granted_extension_moves_shown_due_date(people, api_for):
    old = today() + datetime.timedelta(days=3)
    resolution = make_resolution(people.secretariat, due=old, kind="date")
    later = _extend(people, resolution)
    data = api_for(people.secretariat).get(f"/api/v1/resolutions/{resolution.pk}/").json()
    assert data["due_date"] == old.isoformat()
    assert data["shown_due_date"] == later.isoformat()
    assert data["shown_due_date_jalali"]
    (row,) = [
        r
        for r in api_for(people.secretariat).get("/api/v1/resolutions/").json()["results"]
        if r["id"] == resolution.pk
    ]
    assert row["shown_due_date"] == later.isoformat()
