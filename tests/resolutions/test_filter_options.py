"""The list's agency and neighbourhood filters load their options on demand when there are too
many to write into the page (a national reader's 6,200 agencies, issue 12)."""

from __future__ import annotations

import pytest

from qarargah.organisations.models import Agency, AgencyStatus, TargetNeighbourhood
from qarargah.resolutions import views

from .factories import MARKAZI_BEHZISTI, VARZESH, agency

pytestmark = pytest.mark.django_db

URL = "/resolutions/filter-options/"


def test_a_long_agency_list_is_not_written_into_the_page(people, client_for, monkeypatch):
    monkeypatch.setattr(views, "INLINE_OPTIONS_MAX", 3)
    varzesh = agency(VARZESH)
    html = client_for(people.national).get(f"/resolutions/?agency={varzesh.pk}").content.decode()
    assert f'data-options-url="{URL}?field=agency"' in html
    assert f'data-options-url="{URL}?field=neighbourhood"' in html
    # The chosen agency stays in the page, selected; the others are not written.
    picker = html.split('id="f-agency"', 1)[1].split("</select>", 1)[0]
    assert picker.count("<option") == 2  # «all agencies» and the chosen one
    assert (
        f'<option value="{varzesh.pk}" data-search="{varzesh.name_key}" selected>{VARZESH}</option>' in picker
    )


def test_a_short_agency_list_is_written_whole(people, client_for):
    html = client_for(people.secretariat).get("/resolutions/").content.decode()
    assert "data-options-url" not in html
    for pk in (
        Agency.objects.visible_to(people.secretariat)
        .filter(status=AgencyStatus.ACTIVE)
        .values_list("pk", flat=True)
    ):
        assert f'<option value="{pk}" data-search="' in html


def test_options_match_what_was_typed_the_way_persian_search_does(people, client_for):
    # «ورزش» typed with an Arabic yeh/kaf-free spelling and a ZWNJ still finds the directorate.
    response = client_for(people.secretariat).get(URL, {"field": "agency", "q": "ورز\u200cش"})
    assert response.status_code == 200
    varzesh = agency(VARZESH)
    assert response.json()["results"] == [
        {"value": str(varzesh.pk), "text": VARZESH, "search": varzesh.name_key}
    ]


def test_a_national_reader_sees_each_agency_with_its_province(people, client_for):
    response = client_for(people.national).get(URL, {"field": "agency", "q": "بهزیستی"})
    texts = [row["text"] for row in response.json()["results"]]
    assert f"{MARKAZI_BEHZISTI} (مرکزی)" in texts


def test_options_are_scoped_to_the_reader(people, client_for):
    # Markazi's secretariat is not offered Alborz's agencies, nor Alborz's neighbourhoods.
    client = client_for(people.markazi_secretariat)
    agencies = client.get(URL, {"field": "agency", "q": "ورزش"}).json()["results"]
    assert {int(row["value"]) for row in agencies} <= set(
        Agency.objects.filter(province__code="markazi").values_list("pk", flat=True)
    )
    assert str(agency(VARZESH).pk) not in {row["value"] for row in agencies}
    hesar = TargetNeighbourhood.objects.get(name="حصار")
    hoods = client.get(URL, {"field": "neighbourhood", "q": "حصار"}).json()["results"]
    assert str(hesar.pk) not in {row["value"] for row in hoods}
    hoods = client_for(people.secretariat).get(URL, {"field": "neighbourhood", "q": "حصار"}).json()["results"]
    assert str(hesar.pk) in {row["value"] for row in hoods}


def test_an_unknown_field_is_refused_in_persian(people, client_for):
    response = client_for(people.secretariat).get(URL, {"field": "body"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "فیلتر خواسته‌شده شناخته نیست؛ field باید agency یا neighbourhood باشد."
    }


def test_wrong_method_and_anonymous(people, client_for, client):
    assert client_for(people.secretariat).post(URL, {"field": "agency"}).status_code == 405
    response = client.get(URL, {"field": "agency"})
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]
