"""List pages run a bounded number of SQL queries whatever the number of rows: the same bound
holds for 5 rows and for 40."""

from __future__ import annotations

import pytest

from qarargah.resolutions import services

from .factories import (
    TAAVON,
    VARZESH,
    assignment_of,
    body,
    make_meeting,
    make_resolution,
    pdf_bytes,
    report,
    upload,
)

pytestmark = pytest.mark.django_db

# A fixed number whatever the data: each home panel costs its own query or two (16 since the
# registry's panel for an agency that sends lists, which a house's manager may see too).
BUDGET = 16


def _world(people, rows: int):
    meeting = make_meeting(people.secretariat)
    for i in range(rows):
        resolution = make_resolution(
            people.secretariat, meeting=meeting, agencies=(VARZESH, TAAVON), neighbourhoods=("حصار",)
        )
        submitted = report(
            people.varzesh, assignment_of(resolution), files=[upload(f"r{i}.pdf", pdf_bytes())]
        )
        if i % 3 == 0:
            services.review_progress_report(actor=people.secretariat, report=submitted, decision="accept")


PAGES = [
    ("secretariat", "/resolutions/"),
    ("secretariat", "/resolutions/?overdue=on&due_this_week=on&q=گزارش&order=due_date"),
    ("secretariat", "/resolutions/reviews/"),
    ("secretariat", "/resolutions/past-review/"),
    ("secretariat", "/resolutions/scoreboard/"),
    ("leadership", "/resolutions/"),
    ("hesar_manager", "/resolutions/"),
    ("varzesh", "/resolutions/inbox/?show=all"),
    ("varzesh", "/resolutions/inbox/"),
    # Every role's home page (issue 12): panels read stored tallies or bounded lists.
    ("secretariat", "/"),
    ("leadership", "/"),
    ("national", "/"),
    ("varzesh", "/"),
    ("karaj_governorate", "/"),
    ("hesar_manager", "/"),
    ("leadership", "/resolutions/scoreboard/"),
    ("national", "/resolutions/scoreboard/"),
]


@pytest.mark.parametrize("rows", [5, 40])
@pytest.mark.parametrize(("who", "url"), PAGES)
def test_list_pages_have_a_fixed_query_budget(
    people, client_for, django_assert_max_num_queries, rows, who, url
):
    _world(people, rows)
    client = client_for(getattr(people, who))
    client.get("/")  # session and the per-process caches warmed
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 40])
def test_body_filtered_list_and_past_review_with_body(
    people, client_for, django_assert_max_num_queries, rows
):
    _world(people, rows)
    client = client_for(people.secretariat)
    client.get("/")
    hq = body()
    with django_assert_max_num_queries(BUDGET):
        assert client.get(f"/resolutions/?body={hq.pk}").status_code == 200
    with django_assert_max_num_queries(BUDGET):
        assert client.get(f"/resolutions/past-review/?body={hq.pk}").status_code == 200
    with django_assert_max_num_queries(BUDGET):
        assert client.get(f"/resolutions/past-review/export.docx?body={hq.pk}").status_code == 200
