"""Every follow-up view refuses the wrong HTTP method with 405."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

GET_ONLY = [
    "/resolutions/",
    "/resolutions/1/",
    "/resolutions/1/deadline-preview/",
    "/resolutions/inbox/",
    "/resolutions/assignments/1/",
    "/resolutions/reviews/",
    "/resolutions/attachments/1/",
    "/resolutions/past-review/",
    "/resolutions/past-review/export.docx",
    "/resolutions/scoreboard/",
]
POST_ONLY = [
    "/resolutions/1/assignments/add/",
    "/resolutions/1/close/",
    "/resolutions/1/reopen/",
    "/resolutions/assignments/1/remove/",
    "/resolutions/assignments/1/role/",
    "/resolutions/assignments/1/start/",
    "/resolutions/assignments/1/report/",
    "/resolutions/assignments/1/extension/",
    "/resolutions/reports/1/review/",
    "/resolutions/reports/1/edit/",
    "/resolutions/reports/1/withdraw/",
    "/resolutions/extensions/1/decide/",
]


@pytest.mark.parametrize("url", GET_ONLY)
def test_get_only_views_refuse_post_and_put(people, client_for, url):
    client = client_for(people.secretariat)
    assert client.post(url).status_code == 405
    assert client.put(url).status_code == 405


@pytest.mark.parametrize("url", POST_ONLY)
def test_post_only_views_refuse_get(people, client_for, url):
    client = client_for(people.secretariat)
    assert client.get(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_edit_accepts_only_get_and_post(people, client_for):
    assert client_for(people.secretariat).delete("/resolutions/1/edit/").status_code == 405
