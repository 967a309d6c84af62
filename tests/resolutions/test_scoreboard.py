"""The agency scoreboard on a small known dataset: per agency and per county."""

from __future__ import annotations

import datetime

import pytest

from qarargah.resolutions import scoreboard, services

from .factories import KARAJ, TAAVON, VARZESH, assignment_of, make_resolution, report, today

pytestmark = pytest.mark.django_db

KARAJ_MUNICIPALITY = "شهرداری کرج"


@pytest.fixture
def dataset(people):
    past = today() - datetime.timedelta(days=5)
    future = today() + datetime.timedelta(days=5)

    def accept(resolution, officer, agency_name=VARZESH):
        submitted = report(officer, assignment_of(resolution, agency_name))
        services.review_progress_report(actor=people.secretariat, report=submitted, decision="accept")

    accept(make_resolution(people.secretariat, due=future), people.varzesh)  # on time
    accept(make_resolution(people.secretariat, due=past), people.varzesh)  # late
    make_resolution(people.secretariat, due=past)  # overdue, still new
    make_resolution(people.secretariat, due=future)  # open
    report(people.taavon, assignment_of(make_resolution(people.secretariat, agencies=(TAAVON,)), TAAVON))
    make_resolution(people.secretariat, agencies=(KARAJ,), due=past)  # county governorate, overdue
    shared = make_resolution(people.secretariat, agencies=(KARAJ_MUNICIPALITY,), due=future)
    # The municipality has no officer account; the secretariat's data fix marks it accepted on time.
    from qarargah.resolutions.models import Assignment

    Assignment.objects.filter(pk=assignment_of(shared, KARAJ_MUNICIPALITY).pk).update(
        status="accepted", accepted_at=datetime.datetime.now(datetime.UTC)
    )
    # A write past the services: the stored tallies are recounted, as after bulk data (decision 0018).
    from qarargah.resolutions.tallies import rebuild_tallies

    rebuild_tallies()
    # Markazi's numbers never show in Alborz.
    from .factories import MARKAZI_BEHZISTI, MARKAZI_COUNCIL, make_meeting

    make_resolution(
        people.markazi_secretariat,
        meeting=make_meeting(people.markazi_secretariat, body_name=MARKAZI_COUNCIL),
        agencies=(MARKAZI_BEHZISTI,),
        due=past,
    )


def _by_name(scores):
    return {s.agency.name: s for s in scores}


def test_agency_numbers(people, dataset):
    scores = _by_name(scoreboard.agency_scoreboard(people.secretariat))
    varzesh = scores[VARZESH]
    assert (varzesh.open, varzesh.overdue, varzesh.accepted_on_time, varzesh.accepted_late) == (2, 1, 1, 1)
    assert varzesh.on_time_rate == 50
    taavon = scores[TAAVON]
    assert (taavon.open, taavon.overdue, taavon.accepted_on_time, taavon.accepted_late) == (1, 0, 0, 0)
    assert taavon.on_time_rate is None
    assert scores[KARAJ].overdue == 1
    assert scores[KARAJ_MUNICIPALITY].on_time_rate == 100
    assert next(iter(scores)) in (VARZESH, KARAJ)  # most overdue first


def test_county_numbers(people, dataset):
    counties = {s.county.name: s for s in scoreboard.county_scoreboard(people.secretariat)}
    assert set(counties) == {"کرج"}
    karaj = counties["کرج"]
    assert (karaj.open, karaj.overdue, karaj.accepted_on_time, karaj.accepted_late) == (1, 1, 1, 0)
    assert karaj.on_time_rate == 100


def test_scoreboard_page(people, client_for, dataset):
    html = client_for(people.leadership).get("/resolutions/scoreboard/").content.decode()
    assert "کارنامه دستگاه‌ها" in html
    assert "۵۰٪" in html and "۱۰۰٪" in html
    assert "به تفکیک شهرستان" in html and "کرج" in html


def test_national_viewer_picks_a_province(people, client_for, dataset, markazi):
    client = client_for(people.national)
    everything = client.get("/resolutions/scoreboard/").content.decode()
    assert VARZESH in everything
    only_markazi = client.get("/resolutions/scoreboard/", {"province": markazi.pk}).content.decode()
    assert VARZESH not in only_markazi
    assert "استان مرکزی" in only_markazi


def test_markazi_secretariat_sees_only_markazi(people, dataset):
    assert VARZESH not in _by_name(scoreboard.agency_scoreboard(people.markazi_secretariat))
