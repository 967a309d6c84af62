"""The review of past resolutions grouped by resolution: one row per resolution listing its
agencies and their states, on the page and in the (right-to-left) Word file."""

from __future__ import annotations

import datetime
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from qarargah.organisations.models import Agency, AgencyStatus
from qarargah.resolutions import exports, review

from .factories import TAAVON, VARZESH, body, make_meeting, make_resolution, today

pytestmark = pytest.mark.django_db

URL = "/resolutions/past-review/"
DOCX = "/resolutions/past-review/export.docx"


@pytest.fixture
def many(people, alborz):
    """One resolution for eight agencies, one for sport alone, one for sport and labour."""
    names = list(
        Agency.objects.filter(province=alborz, status=AgencyStatus.ACTIVE)
        .exclude(name__in=(VARZESH, TAAVON))
        .order_by("name")
        .values_list("name", flat=True)[:6]
    )
    meeting = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=40))
    wide = make_resolution(
        people.secretariat,
        meeting=meeting,
        text="مصوبه همگانی برای همه دستگاه‌ها",
        agencies=(VARZESH, TAAVON, *names),
        due=today() - datetime.timedelta(days=3),
    )
    alone = make_resolution(people.secretariat, meeting=meeting, text="مصوبه ویژه ورزش", agencies=(VARZESH,))
    pair = make_resolution(
        people.secretariat, meeting=meeting, text="مصوبه ورزش و تعاون", agencies=(VARZESH, TAAVON)
    )
    return {"wide": wide, "alone": alone, "pair": pair, "agencies": 2 + len(names)}


def test_grouped_by_resolution_is_one_row_per_resolution(people, many):
    grouped = review.review_by_resolution(people.secretariat, body=body(), since=None, today=today())
    assert [g.resolution.pk for g in grouped] == [many["wide"].pk, many["alone"].pk, many["pair"].pk]
    wide = grouped[0]
    assert len(wide.rows) == many["agencies"]
    assert wide.overdue_count == many["agencies"]
    assert len({row.assignment.agency_id for row in wide.rows}) == many["agencies"]


def test_page_switches_between_groupings(people, client_for, many):
    client = client_for(people.secretariat)
    by_agency = client.get(URL, {"body": body().pk})
    assert by_agency.context["group"] == "agency"
    assert by_agency.content.decode().count("مصوبه همگانی برای همه دستگاه‌ها") == many["agencies"]
    response = client.get(URL, {"body": body().pk, "group": "resolution"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("مصوبه همگانی برای همه دستگاه‌ها") == 1
    table = html.split('data-testid="review-by-resolution"')[1].split("</table>")[0]
    assert table.count("<tr data-resolution=") == 3
    wide_row = table.split(f'<tr data-resolution="{many["wide"].pk}">')[1].split("</tr>")[0]
    assert wide_row.count("<li") == many["agencies"]
    assert wide_row.count("overdue-badge") == many["agencies"]
    assert VARZESH in wide_row and TAAVON in wide_row
    # The switch keeps the chosen body, and the Word link follows the grouping.
    assert "group=agency" in html and f"body={body().pk}" in html
    assert f"{DOCX}?body={body().pk}&amp;group=resolution" in html
    assert 'data-testid="badge-legend"' in html


def test_unknown_grouping_falls_back_to_agency(people, client_for, many):
    response = client_for(people.secretariat).get(URL, {"body": body().pk, "group": "nonsense"})
    assert response.context["group"] == "agency"


def test_resolution_pages_hold_whole_resolutions(people, client_for, many, monkeypatch):
    from qarargah.resolutions import views

    monkeypatch.setattr(views, "PAST_REVIEW_PAGE_SIZE", 2)
    client = client_for(people.secretariat)
    first = client.get(URL, {"body": body().pk, "group": "resolution"})
    assert first.context["page"].paginator.count == 3
    assert [len(g.rows) for g in first.context["review"]["resolutions"]] == [many["agencies"], 1]
    second = client.get(URL, {"body": body().pk, "group": "resolution", "page": 2})
    assert [g.resolution.pk for g in second.context["review"]["resolutions"]] == [many["pair"].pk]


def test_word_file_grouped_by_resolution_has_a_row_per_resolution(people, client_for, many):
    response = client_for(people.secretariat).get(DOCX, {"body": body().pk, "group": "resolution"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    (table,) = document.tables
    assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    assert [c.text for c in table.rows[0].cells] == list(exports.RESOLUTION_COLUMNS)
    assert len(table.rows) == 1 + 3
    wide = table.rows[1].cells
    assert wide[3].text == "مصوبه همگانی برای همه دستگاه‌ها"
    lines = [p for p in wide[4].paragraphs if p.text]
    assert len(lines) == many["agencies"]
    assert all(p._p.pPr.find(qn("w:bidi")) is not None for p in lines)
    assert any(p.text.startswith(f"{VARZESH}:") for p in lines)
    assert all("گذشته از سررسید" in p.text for p in lines)
    # By agency (the default) the same review is a table per agency, the wide one in each.
    by_agency = Document(io.BytesIO(client_for(people.secretariat).get(DOCX, {"body": body().pk}).content))
    assert len(by_agency.tables) == many["agencies"]


def test_officer_sees_only_their_own_row_in_a_shared_resolution(people, client_for, many):
    grouped = review.review_by_resolution(people.taavon, body=body(), since=None, today=today())
    assert {g.resolution.pk for g in grouped} == {many["wide"].pk, many["pair"].pk}
    assert all([row.assignment.agency.name for row in g.rows] == [TAAVON] for g in grouped)


def test_inbox_and_scoreboard_show_overdue_as_a_badge_with_a_legend(people, client_for, many):
    inbox = client_for(people.varzesh).get("/resolutions/inbox/").content.decode()
    assert 'data-testid="badge-legend"' in inbox
    row = next(r for r in inbox.split("<tr>")[1:] if "مصوبه همگانی" in r)
    assert "overdue-badge" in row
    assert "table-danger" not in inbox
    others = [r for r in inbox.split("<tr>")[1:] if "مصوبه ویژه ورزش" in r]
    assert others and "overdue-badge" not in others[0].split("</tr>")[0]
    board = client_for(people.secretariat).get("/resolutions/scoreboard/").content.decode()
    assert 'data-testid="badge-legend"' in board
    sport_row = board.split(
        f'<tr data-agency="{many["wide"].assignments.get(agency__name=VARZESH).agency_id}">'
    )[1]
    assert "overdue-badge" in sport_row.split("</tr>")[0]
