"""POST /api/v1/resolutions/{id}/close/ and /reopen/: the secretariat closes or reopens a
resolution with a reason."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_close_and_reopen(people, api_for, world):
    client = api_for(people.secretariat)
    closed = client.post(f"/api/v1/resolutions/{world.r1.pk}/close/", {"reason": "منتفی شد"})
    assert closed.status_code == 200
    data = closed.json()
    assert data["status"] == "done" and data["closed_at"] and data["closure_reason"] == "منتفی شد"
    again = client.post(f"/api/v1/resolutions/{world.r1.pk}/close/", {"reason": "باز هم"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"
    reopened = client.post(f"/api/v1/resolutions/{world.r1.pk}/reopen/", {"reason": "دوباره"})
    assert reopened.status_code == 200 and reopened.json()["closed_at"] is None


def test_a_reason_is_required(people, api_for, world):
    response = api_for(people.secretariat).post(f"/api/v1/resolutions/{world.r1.pk}/close/", {})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"reason": ["دلیل (reason) را بنویسید."]}


@pytest.mark.parametrize(("who", "code"), [("varzesh", 403), ("markazi_secretariat", 404)])
def test_others_cannot_close(people, api_for, world, who, code):
    response = api_for(getattr(people, who)).post(
        f"/api/v1/resolutions/{world.r1.pk}/close/", {"reason": "x"}
    )
    assert response.status_code == code
    world.r1.refresh_from_db()
    assert world.r1.closed_at is None
