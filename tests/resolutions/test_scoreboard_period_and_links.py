"""The scoreboard over a period of due dates, its rows' links to the filtered resolution list
(whose length is the number clicked), its agencies filter and its Excel file."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from qarargah.persian import jalali_iso
from qarargah.resolutions import scoreboard, services, spreadsheets
from qarargah.resolutions.models import Assignment

from .factories import TAAVON, VARZESH, agency, assignment_of, make_resolution, report, today
from .xlsx import read_xlsx

pytestmark = pytest.mark.django_db

URL = "/resolutions/scoreboard/"


def jalali_input(day: datetime.date) -> str:
    return jalali_iso(day).replace("-", "/")


@pytest.fixture
def dataset(people):
    """Sport: one overdue 10 days ago, one open due in 40 days, one accepted on time (due in 5
    days), one accepted late (due 5 days ago). Labour: one overdue 60 days ago."""
    old_overdue = make_resolution(people.secretariat, due=today() - datetime.timedelta(days=10))
    later = make_resolution(people.secretariat, due=today() + datetime.timedelta(days=40))
    done = make_resolution(people.secretariat, due=today() + datetime.timedelta(days=5))
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment_of(done)), decision="accept"
    )
    late = make_resolution(people.secretariat, due=today() - datetime.timedelta(days=5))
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment_of(late)), decision="accept"
    )
    labour = make_resolution(
        people.secretariat, agencies=(TAAVON,), due=today() - datetime.timedelta(days=60)
    )
    return {"overdue": old_overdue, "later": later, "done": done, "late": late, "labour": labour}


def _scores(user, **kwargs):
    return {s.agency.name: s for s in scoreboard.agency_scoreboard(user, **kwargs)}


def test_period_keeps_assignments_due_in_it(people, dataset):
    everything = _scores(people.secretariat)
    assert (everything[VARZESH].open, everything[VARZESH].overdue) == (2, 1)
    period = scoreboard.Period(
        due_from=today() - datetime.timedelta(days=30), due_to=today() + datetime.timedelta(days=30)
    )
    scores = _scores(people.secretariat, period=period)
    sport = scores[VARZESH]
    assert (sport.open, sport.overdue, sport.accepted_on_time, sport.accepted_late) == (1, 1, 1, 1)
    assert TAAVON not in scores  # its only assignment fell due 60 days ago
    # One end only.
    assert (
        _scores(people.secretariat, period=scoreboard.Period(due_to=today() - datetime.timedelta(days=30)))[
            TAAVON
        ].overdue
        == 1
    )


def test_page_filters_by_period_and_explains_it(people, client_for, dataset):
    client = client_for(people.secretariat)
    response = client.get(
        URL,
        {
            "due_from": jalali_input(today() - datetime.timedelta(days=30)),
            "due_to": jalali_input(today() + datetime.timedelta(days=30)),
        },
    )
    assert response.status_code == 200
    names = [s.agency.name for s in response.context["agency_scores"]]
    assert names == [VARZESH]
    assert "سررسید هر تکلیف" in response.content.decode()


def test_bad_period_is_told_at_the_field_and_kept(people, client_for, dataset):
    client = client_for(people.secretariat)
    response = client.get(URL, {"due_from": "۱۴۰۵/۱۳/۴۰", "due_to": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "معتبر نیست" in html
    assert 'value="۱۴۰۵/۱۳/۴۰"' in html  # what was typed stays in the field
    # The rest of the scoreboard still shows, without the broken bound.
    assert {s.agency.name for s in response.context["agency_scores"]} == {VARZESH, TAAVON}
    reversed_period = client.get(
        URL, {"due_from": jalali_input(today()), "due_to": jalali_input(today() - datetime.timedelta(days=1))}
    )
    assert "پایان دوره پیش از آغاز آن است" in reversed_period.content.decode()


def _links(html: str, agency_pk: int) -> dict[str, str]:
    row = html.split(f'<tr data-agency="{agency_pk}">')[1].split("</tr>")[0]
    links = {}
    for piece in row.split('<a href="')[1:]:
        href = piece.split('"')[0].replace("&amp;", "&")
        state = parse_qs(urlsplit(href).query).get("agency_state", ["all"])[0]
        links[state] = href
    return links


def test_each_number_links_to_a_list_of_that_many_resolutions(people, client_for, dataset):
    client = client_for(people.secretariat)
    period = {
        "due_from": jalali_input(today() - datetime.timedelta(days=30)),
        "due_to": jalali_input(today() + datetime.timedelta(days=30)),
    }
    html = client.get(URL, period).content.decode()
    sport = agency(VARZESH)
    links = _links(html, sport.pk)
    assert set(links) == {"all", "open", "overdue", "on_time", "late"}
    for href in links.values():
        query = parse_qs(urlsplit(href).query)
        assert urlsplit(href).path == "/resolutions/"
        assert query["agency"] == [str(sport.pk)]
        assert query["due_from"] == [period["due_from"]] and query["due_to"] == [period["due_to"]]
    score = next(s for s in client.get(URL, period).context["agency_scores"] if s.agency == sport)
    expected = {
        "all": {dataset["overdue"].number, dataset["done"].number, dataset["late"].number},
        "open": {dataset["overdue"].number},
        "overdue": {dataset["overdue"].number},
        "on_time": {dataset["done"].number},
        "late": {dataset["late"].number},
    }
    counts = {
        "open": score.open,
        "overdue": score.overdue,
        "on_time": score.accepted_on_time,
        "late": score.accepted_late,
    }
    for state, href in links.items():
        listed = {r.number for r in client.get(href).context["page"].object_list}
        assert listed == expected[state], state
        if state in counts:
            assert len(listed) == counts[state], state


def test_list_filters_by_agency_state_and_period_without_an_agency(people, client_for, dataset):
    client = client_for(people.secretariat)
    listed = client.get("/resolutions/", {"agency_state": "overdue"}).context["page"].object_list
    assert {r.number for r in listed} == {dataset["overdue"].number, dataset["labour"].number}
    listed = (
        client.get("/resolutions/", {"due_from": jalali_input(today() + datetime.timedelta(days=30))})
        .context["page"]
        .object_list
    )
    assert {r.number for r in listed} == {dataset["later"].number}


def test_officer_cannot_learn_another_agencys_numbers_through_the_list(people, client_for, dataset):
    shared = make_resolution(
        people.secretariat, agencies=(VARZESH, TAAVON), due=today() - datetime.timedelta(days=2)
    )
    Assignment.objects.filter(resolution=shared, agency__name=VARZESH).update(status="accepted")
    client = client_for(people.varzesh)
    # Without an agency, the state is of the officer's own assignments: the shared resolution
    # is not «overdue» for sport, whatever labour's assignment is.
    listed = client.get("/resolutions/", {"agency_state": "overdue"}).context["page"].object_list
    assert {r.number for r in listed} == {dataset["overdue"].number}
    assert (
        list(
            client.get("/resolutions/", {"agency": agency(TAAVON).pk, "agency_state": "overdue"})
            .context["page"]
            .object_list
        )
        == []
    )


def test_agencies_filter_keeps_the_chosen_ones(people, client_for, dataset):
    client = client_for(people.secretariat)
    response = client.get(URL, {"agencies": [agency(TAAVON).pk]})
    assert [s.agency.name for s in response.context["agency_scores"]] == [TAAVON]
    html = response.content.decode()
    assert "data-agency-picker" in html and "data-search=" in html


def test_scoreboard_export(people, client_for, dataset):
    client = client_for(people.secretariat)
    period = {"due_from": jalali_input(today() - datetime.timedelta(days=30))}
    page = client.get(URL, period)
    link = (
        page.content.decode().split('data-testid="export-xlsx" href="')[1].split('"')[0].replace("&amp;", "&")
    )
    assert link.startswith("/resolutions/scoreboard/export.xlsx?")
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert quote("کارنامه") in response["Content-Disposition"]
    by_agency, by_county = read_xlsx(b"".join(response.streaming_content))
    assert by_agency.name == "به تفکیک دستگاه" and by_county.name == "به تفکیک شهرستان"
    assert by_agency.right_to_left and by_county.right_to_left
    assert "سررسید از" in by_agency.rows[0][0]
    assert by_agency.rows[1][:4] == ["دستگاه", "استان", "شهرستان", "باز"]
    rows = {row[0]: row for row in by_agency.rows[2:] if row}
    assert set(rows) == {VARZESH}  # labour's only assignment fell due before the period
    sport = rows[VARZESH]
    assert sport[3:7] == [2.0, 1.0, 1.0, 1.0]  # open, overdue, on time, late
    assert sport[7] == 50.0


def test_scoreboard_export_is_refused_to_officers(people, client_for):
    assert client_for(people.varzesh).get("/resolutions/scoreboard/export.xlsx").status_code == 403
    assert client_for(people.varzesh).get(URL).status_code == 403
