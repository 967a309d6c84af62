"""A neighbourhood house named as an assignee is served by its house manager (decision 0022):
an inbox, starting work, reports and extension requests through the same pages, API and
services as an agency officer, for their own house only."""

from __future__ import annotations

import datetime

import pytest

from qarargah.accounts.models import Role, User
from qarargah.accounts.scoping import scope_for
from qarargah.organisations import services as org_services
from qarargah.organisations.models import Agency, AgencyKind, TargetNeighbourhood
from qarargah.persian import jalali_iso, to_persian_digits
from qarargah.resolutions import scoreboard, services
from qarargah.resolutions.models import AssignmentStatus, DeadlineExtension

from .factories import assignment_of, make_resolution, today

pytestmark = pytest.mark.django_db

HESAR_HOUSE = "خانه محله حصار"
SOHRABIEH_HOUSE = "خانه محله سهرابیه"


@pytest.fixture
def sohrabieh_house(people):
    # Registered by the secretariat without naming the neighbourhood: the name links it.
    return org_services.create_agency(
        actor=people.secretariat,
        province=people.secretariat.province,
        name=SOHRABIEH_HOUSE,
        kind=AgencyKind.NEIGHBOURHOOD_HOUSE,
    )


@pytest.fixture
def houses_world(people, sohrabieh_house):
    overdue = today() - datetime.timedelta(days=5)
    mine = make_resolution(
        people.secretariat,
        text="مقرر گردید: خانه محله حصار کلاس مهارت‌آموزی برگزار کند.",
        agencies=(HESAR_HOUSE,),
        due=overdue,
    )
    other = make_resolution(
        people.secretariat,
        text="مقرر گردید: خانه محله سهرابیه جشن محله برگزار کند.",
        agencies=(SOHRABIEH_HOUSE,),
        due=overdue,
    )
    return {"mine": assignment_of(mine, HESAR_HOUSE), "other": assignment_of(other, SOHRABIEH_HOUSE)}


def test_the_demo_house_is_linked_and_the_manager_acts_for_it(people):
    house = Agency.objects.get(name=HESAR_HOUSE)
    assert house.neighbourhood == people.hesar_manager.neighbourhood
    scope = scope_for(people.hesar_manager)
    assert scope.can_act_for_agency and scope.agency_id == house.pk
    assert scope.neighbourhood_id == house.neighbourhood_id


def test_house_manager_inbox_start_report_and_extension(people, client_for, houses_world):
    mine = houses_world["mine"]
    client = client_for(people.hesar_manager)
    inbox = client.get("/resolutions/inbox/")
    assert inbox.status_code == 200
    html = inbox.content.decode()
    assert "کارتابل خانه محله حصار" in html
    assert "کلاس مهارت‌آموزی" in html and "جشن محله" not in html

    page = client.get(f"/resolutions/assignments/{mine.pk}/").content.decode()
    assert f'action="/resolutions/assignments/{mine.pk}/start/"' in page
    assert client.post(f"/resolutions/assignments/{mine.pk}/start/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.IN_PROGRESS

    response = client.post(
        f"/resolutions/assignments/{mine.pk}/extension/",
        {
            "requested_due_date": to_persian_digits(
                jalali_iso(today() + datetime.timedelta(days=30)).replace("-", "/")
            ),
            "reason": "مربی کلاس تا ماه آینده در دسترس نیست.",
        },
    )
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get(assignment=mine)
    assert extension.requested_by == people.hesar_manager

    response = client.post(
        f"/resolutions/assignments/{mine.pk}/report/",
        {"text": "کلاس خیاطی با ۲۰ نفر از بانوان محله برگزار شد.", "version": mine.version + 0},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.REPORTED
    assert mine.reports.get().author == people.hesar_manager


def test_house_manager_gets_404_for_another_houses_assignment(people, client_for, houses_world):
    other = houses_world["other"]
    client = client_for(people.hesar_manager)
    assert client.get(f"/resolutions/assignments/{other.pk}/").status_code == 404
    assert client.post(f"/resolutions/assignments/{other.pk}/start/").status_code == 404
    assert client.post(f"/resolutions/assignments/{other.pk}/report/", {"text": "x"}).status_code == 404
    assert (
        client.post(
            f"/resolutions/assignments/{other.pk}/extension/", {"requested_due_date": "", "reason": "x"}
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.status == AssignmentStatus.NEW and not other.reports.exists()
    # And the services refuse them whatever the surface.
    with pytest.raises(Exception, match="فقط کارشناس دستگاه مسئول"):
        services.start_assignment(actor=people.hesar_manager, assignment=other)


def test_another_houses_manager_cannot_act_for_hesar(people, client_for, houses_world):
    sohrabieh = TargetNeighbourhood.objects.get(name="سهرابیه")
    manager = User.objects.create_user(
        "khaneh.sohrabieh",
        role=Role.HOUSE_MANAGER,
        province=people.secretariat.province,
        neighbourhood=sohrabieh,
    )
    client = client_for(manager)
    assert client.get(f"/resolutions/assignments/{houses_world['mine'].pk}/").status_code == 404
    assert client.get(f"/resolutions/assignments/{houses_world['other'].pk}/").status_code == 200
    inbox = client.get("/resolutions/inbox/").content.decode()
    assert "جشن محله" in inbox and "کلاس مهارت‌آموزی" not in inbox


def test_a_resolution_concerning_the_neighbourhood_is_still_read_only(people, client_for):
    """What concerns the neighbourhood stays visible; another agency's assignment there is
    readable but not the house manager's to act on."""
    resolution = make_resolution(people.secretariat, neighbourhoods=("حصار",))
    varzesh = assignment_of(resolution)
    client = client_for(people.hesar_manager)
    page = client.get(f"/resolutions/assignments/{varzesh.pk}/")
    assert page.status_code == 200
    assert f'action="/resolutions/assignments/{varzesh.pk}/start/"' not in page.content.decode()
    assert client.post(f"/resolutions/assignments/{varzesh.pk}/start/").status_code == 403
    # Visible once, even though it concerns the neighbourhood through a many-to-many link.
    from qarargah.resolutions.models import Assignment, Resolution

    assert list(Resolution.objects.visible_to(people.hesar_manager)) == [resolution]
    assert Assignment.objects.visible_to(people.hesar_manager).count() == 1


def test_the_scoreboard_row_clears_when_the_house_reports_and_it_is_accepted(people, houses_world):
    mine = houses_world["mine"]

    def hesar_row():
        return next(
            s for s in scoreboard.agency_scoreboard(people.secretariat) if s.agency.name == HESAR_HOUSE
        )

    assert hesar_row().overdue == 1
    report = services.submit_progress_report(actor=people.hesar_manager, assignment=mine, text="انجام شد.")
    services.review_progress_report(actor=people.secretariat, report=report, decision="accept")
    row = hesar_row()
    assert row.overdue == 0 and row.open == 0
    assert row.accepted_late == 1


def test_a_manager_whose_neighbourhood_has_no_house_has_no_inbox(people, client_for):
    qaemiyeh = TargetNeighbourhood.objects.get(name="قائمیه")
    manager = User.objects.create_user(
        "khaneh.qaemiyeh",
        role=Role.HOUSE_MANAGER,
        province=people.secretariat.province,
        neighbourhood=qaemiyeh,
    )
    scope = scope_for(manager)
    assert scope.agency_id is None and not scope.can_act_for_agency
    client = client_for(manager)
    assert client.get("/resolutions/inbox/").status_code == 403
    assert "خانه این محله هنوز" in client.get("/").content.decode()


def test_wrong_method_on_the_inbox(people, client_for):
    assert client_for(people.hesar_manager).post("/resolutions/inbox/").status_code == 405


def test_api_assignments_are_scoped_for_the_house_manager(people, houses_world):
    from django.test import Client

    from qarargah.api.tokens import issue_token

    _, key = issue_token(user=people.hesar_manager)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    mine, other = houses_world["mine"], houses_world["other"]
    listed = api.get("/api/v1/assignments/", {"mine": "true"})
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [mine.pk]
    assert [row["id"] for row in api.get("/api/v1/assignments/").json()["results"]] == [mine.pk]
    assert api.get(f"/api/v1/assignments/{other.pk}/").status_code == 404
    assert api.post(f"/api/v1/assignments/{other.pk}/reports/", {"text": "x"}).status_code == 404
    sent = api.post(f"/api/v1/assignments/{mine.pk}/reports/", {"text": "گزارش از راه API"})
    assert sent.status_code == 201, sent.content
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.REPORTED
