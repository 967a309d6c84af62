"""The demo's follow-up activity: played through the services, once."""

from io import StringIO

from django.core.management import call_command

from qarargah.resolutions.models import (
    AssignmentStatus,
    DeadlineExtension,
    ExtensionStatus,
    ProgressReport,
    ReviewStatus,
)


def test_load_demo_plays_reports_reviews_and_an_extension_once(people):
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    reports = ProgressReport.objects.select_related("assignment", "author")
    assert {r.review_status for r in reports} == {
        ReviewStatus.ACCEPTED,
        ReviewStatus.RETURNED,
        ReviewStatus.PENDING,
    }
    # Each report was written by an officer of the agency it reports for.
    assert all(r.author.agency_id == r.assignment.agency_id for r in reports)
    accepted = reports.get(review_status=ReviewStatus.ACCEPTED)
    assert accepted.assignment.status == AssignmentStatus.ACCEPTED
    returned = reports.get(review_status=ReviewStatus.RETURNED)
    assert returned.assignment.status == AssignmentStatus.RETURNED
    assert DeadlineExtension.objects.filter(status=ExtensionStatus.PENDING).exists()

    counts = (ProgressReport.objects.count(), DeadlineExtension.objects.count())
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    assert (ProgressReport.objects.count(), DeadlineExtension.objects.count()) == counts


def test_load_demo_links_resolutions_that_name_a_target_neighbourhood(people, client_for):
    from qarargah.organisations.models import TargetNeighbourhood
    from qarargah.resolutions.models import Resolution

    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    hesar = TargetNeighbourhood.objects.get(name="حصار")
    linked = Resolution.objects.filter(neighbourhoods=hesar)
    assert linked.exists()
    assert all("حصار" in r.text for r in linked)
    # The house manager reads what concerns the neighbourhood and what the house is assigned.
    assigned = Resolution.objects.filter(assignments__agency__neighbourhood=hesar)
    assert set(Resolution.objects.visible_to(people.hesar_manager)) == set(linked) | set(assigned)
    html = client_for(people.hesar_manager).get("/resolutions/").content.decode()
    assert "۰ مصوبه" not in html


def test_the_demo_house_manager_has_a_house_assignment_in_the_inbox(people, client_for):
    """Sample minutes 000 assign «فرمانداران محترم تابعه و مسئولین خانه محلات»: the group
    description reaches «خانه محله حصار», whose manager acts for it (decision 0022)."""
    from qarargah.resolutions.models import Assignment

    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    house = Assignment.objects.filter(agency__name="خانه محله حصار")
    assert house.exists()
    html = client_for(people.hesar_manager).get("/resolutions/inbox/").content.decode()
    assert f"/resolutions/assignments/{house.first().pk}/" in html
