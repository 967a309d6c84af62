"""Agency services, the agencies proposed for a need, and the coverage grid (gap, overlap,
covered) on pages and in the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from qarargah.api.tokens import issue_token
from qarargah.core.errors import ServiceError
from qarargah.neighbourhoods import selectors, services
from qarargah.neighbourhoods.coverage import COVERED, EMPTY, GAP, OVERLAP, build_cells
from qarargah.neighbourhoods.models import AgencyService

# --- The verdict of one cell (pure) --------------------------------------------------------------------


def test_cells_gap_overlap_covered_empty():
    cells = build_cells(
        [1, 2],
        ["health", "legal"],
        open_needs=[(10, 1, "health", None), (11, 1, "health", 7), (12, 2, "health", 7), (13, 2, "legal", 8)],
        services=[(9, 2, "legal"), (7, 3, "health")],
    )
    assert cells[(1, "health")].state == GAP  # need 10 has no agency, whatever else acts
    assert cells[(2, "legal")].state == OVERLAP and cells[(2, "legal")].agency_ids == {8, 9}
    assert cells[(2, "health")].state == COVERED
    assert cells[(1, "legal")].state == EMPTY
    assert (3, "health") not in cells  # a neighbourhood outside the grid is ignored


# --- Services and proposals -----------------------------------------------------------------------------


@pytest.fixture
def sports_service(hoods, people):
    return services.declare_service(
        actor=people.varzesh,
        agency=hoods.varzesh,
        axis="culture",
        name="کلاس ورزشی نوجوانان",
        unit="نفر",
        capacity=120,
        period="month",
        counties=[hoods.hesar.county],
        neighbourhoods=[hoods.hesar],
    )


@pytest.mark.django_db
def test_an_agency_declares_its_own_services_only(hoods, people, sports_service):
    assert sports_service.counties.get() == hoods.hesar.county
    with pytest.raises(PermissionDenied):
        services.declare_service(
            actor=people.varzesh,
            agency=hoods.taavon,
            axis="employment",
            name="x",
            unit="نفر",
            capacity=1,
            period="month",
        )
    # The secretariat declares for any agency of its province.
    assert services.declare_service(
        actor=people.secretariat,
        agency=hoods.taavon,
        axis="employment",
        name="وام خوداشتغالی",
        unit="خانوار",
        capacity=30,
        period="season",
    ).pk


@pytest.mark.django_db
def test_bad_service_input(hoods, people, markazi):
    from qarargah.organisations.models import County

    with pytest.raises(ServiceError):
        services.declare_service(
            actor=people.varzesh,
            agency=hoods.varzesh,
            axis="sport",
            name="x",
            unit="نفر",
            capacity=1,
            period="month",
        )
    with pytest.raises(ServiceError):
        services.declare_service(
            actor=people.varzesh,
            agency=hoods.varzesh,
            axis="culture",
            name="x",
            unit="نفر",
            capacity=1,
            period="month",
            counties=[County.objects.filter(province=markazi).first()],
        )


@pytest.mark.django_db
def test_agencies_serving_the_axis_and_county_are_proposed(hoods, people, sports_service):
    need = services.register_need(
        actor=people.hesar_manager,
        data=services.NeedData(
            neighbourhood=hoods.hesar, axis="culture", title="مسابقات فوتبال محله", severity=2
        ),
    )
    assert [p.agency for p in selectors.proposed_agencies(need)] == [hoods.varzesh]
    assert selectors.proposed_agencies(hoods.jobs) == []  # employment: nobody offered
    page = Client()
    page.force_login(people.karaj_governorate)
    text = page.get(reverse("neighbourhoods:need_detail", args=[need.pk])).content.decode()
    assert 'id="proposals"' in text and "کلاس ورزشی نوجوانان" in text


@pytest.mark.django_db
def test_services_page_roles(hoods, people, client_for, sports_service):
    listing = client_for(people.taavon).get(reverse("neighbourhoods:services")).content.decode()
    assert "کلاس ورزشی نوجوانان" not in listing  # another agency's offer
    assert (
        "کلاس ورزشی نوجوانان"
        in client_for(people.leadership).get(reverse("neighbourhoods:services")).content.decode()
    )
    # Leadership reads but declares nothing.
    assert (
        client_for(people.leadership).post(reverse("neighbourhoods:services"), {"name": "x"}).status_code
        == 403
    )
    assert (
        client_for(people.taavon)
        .post(reverse("neighbourhoods:service_remove", args=[sports_service.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(people.karaj_governorate)
        .post(reverse("neighbourhoods:service_remove", args=[sports_service.pk]))
        .status_code
        == 403
    )
    assert (
        client_for(people.varzesh)
        .get(reverse("neighbourhoods:service_remove", args=[sports_service.pk]))
        .status_code
        == 405
    )
    assert (
        client_for(people.varzesh)
        .post(reverse("neighbourhoods:service_remove", args=[sports_service.pk]))
        .status_code
        == 302
    )
    assert not AgencyService.objects.filter(pk=sports_service.pk).exists()


@pytest.mark.django_db
def test_an_agency_declares_on_the_page_and_bad_input_stays(hoods, people, client_for):
    c = client_for(people.taavon)
    bad = c.post(
        reverse("neighbourhoods:services"),
        {
            "agency": hoods.taavon.pk,
            "axis": "employment",
            "name": "بازارچه زنان",
            "unit": "",
            "capacity": "۱۰",
            "period": "month",
        },
    )
    assert (
        bad.status_code == 200
        and "واحد خدمت را بنویسید" in bad.content.decode()
        and "بازارچه زنان" in bad.content.decode()
    )
    other = c.post(
        reverse("neighbourhoods:services"),
        {
            "agency": hoods.varzesh.pk,
            "axis": "employment",
            "name": "x",
            "unit": "نفر",
            "capacity": "1",
            "period": "month",
        },
    )
    assert "این گزینه در فهرست نیست." in other.content.decode()
    ok = c.post(
        reverse("neighbourhoods:services"),
        {
            "agency": hoods.taavon.pk,
            "axis": "employment",
            "name": "بازارچه زنان",
            "unit": "غرفه",
            "capacity": "۱۰",
            "period": "month",
            "neighbourhoods": [hoods.hesar.pk],
        },
    )
    assert ok.status_code == 302
    assert AgencyService.objects.get(name="بازارچه زنان").capacity == 10


# --- The grid -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_grid_on_the_page_and_the_cell_behind_it(hoods, people, client_for, sports_service):
    c = client_for(people.karaj_governorate)
    response = c.get(reverse("neighbourhoods:coverage"), {"county": hoods.hesar.county_id})
    grid = response.context["grid"]
    hesar = next(r for r in grid.rows if r.neighbourhood == hoods.hesar)
    states = {cell.axis: cell.state for cell in hesar.cells}
    assert states["employment"] == GAP  # «بیکاری زنان» has no agency
    assert states["culture"] == COVERED  # referred to sports, which also serves there
    assert states["legal"] == EMPTY
    cell = c.get(
        reverse("neighbourhoods:coverage"),
        {"county": hoods.hesar.county_id, "neighbourhood": hoods.hesar.pk, "axis": "culture"},
    ).context["cell"]
    assert cell.needs == [hoods.sports] and [s.name for s in cell.services] == ["کلاس ورزشی نوجوانان"]
    # Another agency serving Hesar's culture axis makes it an overlap.
    services.declare_service(
        actor=people.secretariat,
        agency=hoods.taavon,
        axis="culture",
        name="اردوی فرهنگی",
        unit="نفر",
        capacity=40,
        period="season",
        neighbourhoods=[hoods.hesar],
    )
    grid = c.get(reverse("neighbourhoods:coverage"), {"county": hoods.hesar.county_id}).context["grid"]
    hesar = next(r for r in grid.rows if r.neighbourhood == hoods.hesar)
    assert {cell.axis: cell.state for cell in hesar.cells}["culture"] == OVERLAP


@pytest.mark.django_db
def test_grid_refusals(hoods, people, client_for):
    assert client_for(people.varzesh).get(reverse("neighbourhoods:coverage")).status_code == 403
    c = client_for(people.secretariat)
    assert (
        c.get(
            reverse("neighbourhoods:coverage"),
            {"county": hoods.hesar.county_id, "neighbourhood": hoods.hesar.pk, "axis": "sport"},
        ).status_code
        == 404
    )
    assert c.post(reverse("neighbourhoods:coverage")).status_code == 405


@pytest.mark.django_db
def test_the_grid_in_the_api(hoods, people, sports_service):
    _, key = issue_token(user=people.secretariat)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    body = api.get("/api/v1/coverage/", {"county": hoods.hesar.county_id}).json()
    hesar = next(r for r in body["rows"] if r["neighbourhood"]["id"] == hoods.hesar.pk)
    employment = next(c for c in hesar["cells"] if c["axis"] == "employment")
    assert employment["state"] == "gap" and employment["unreferred_needs"] == [hoods.jobs.pk]
    assert body["counts"]["gap"] >= 2
    assert api.get("/api/v1/coverage/").status_code == 400
    _, other = issue_token(user=people.markazi_secretariat)
    assert (
        Client(HTTP_AUTHORIZATION=f"Token {other}")
        .get("/api/v1/coverage/", {"county": hoods.hesar.county_id})
        .status_code
        == 404
    )
    _, officer = issue_token(user=people.varzesh)
    assert (
        Client(HTTP_AUTHORIZATION=f"Token {officer}")
        .get("/api/v1/coverage/", {"county": hoods.hesar.county_id})
        .status_code
        == 403
    )
