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
    assert Resolution.objects.visible_to(people.hesar_manager).count() == linked.count()
    html = client_for(people.hesar_manager).get("/resolutions/").content.decode()
    assert "۰ مصوبه" not in html
