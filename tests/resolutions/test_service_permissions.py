"""Each write service checks its actor (decision 0012): the secretariat of the resolution's
province and admins edit, assign and delete; the assigned agency acts; the secretariat reviews;
the system (commands without a user) edits but neither acts nor reviews; everybody else is
refused with the same Persian message the pages and the API show, and nothing changes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from qarargah.accounts.system import SYSTEM
from qarargah.core.errors import ServiceError
from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, DeadlineExtension, ProgressReport, Resolution
from qarargah.resolutions.permissions import NOT_SECRETARIAT, NOT_YOUR_AGENCY

from .factories import TAAVON, VARZESH, agency, assignment_of, make_meeting, make_resolution, report, today

pytestmark = pytest.mark.django_db

# Everybody who may not edit Alborz's resolutions: the other province's secretariat, agency and
# county officers, the house manager, leadership and the national viewer, and no actor at all.
NOT_EDITORS = (
    "markazi_secretariat",
    "varzesh",
    "taavon",
    "markazi_officer",
    "karaj_governorate",
    "hesar_manager",
    "leadership",
    "national",
    None,
)
EDITORS = ("secretariat", "admin", SYSTEM)


def _who(people, name):
    if name is None or name is SYSTEM:
        return name
    return getattr(people, name)


def _refused(call, message: str) -> None:
    with pytest.raises(PermissionDenied) as error:
        call()
    assert str(error.value) == message


# --- Editing resolutions --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NOT_EDITORS)
def test_create_resolution_refuses(people, name):
    meeting = make_meeting(people.secretariat)
    _refused(
        lambda: services.create_resolution(
            actor=_who(people, name),
            meeting=meeting,
            number=1,
            text="متن مصوبه",
            agencies=[(agency(VARZESH), "lead")],
        ),
        NOT_SECRETARIAT,
    )
    _refused(
        lambda: services.create_resolutions(
            actor=_who(people, name),
            meeting=meeting,
            items=[services.NewResolution(number=1, text="متن مصوبه")],
        ),
        NOT_SECRETARIAT,
    )
    assert not Resolution.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("name", EDITORS)
def test_create_resolution_allows_the_secretariat_admins_and_the_system(people, name):
    meeting = make_meeting(people.secretariat)
    resolution = services.create_resolution(
        actor=_who(people, name),
        meeting=meeting,
        number=1,
        text="متن مصوبه",
        agencies=[(agency(VARZESH), "lead")],
    )
    assert resolution.assignments.get().agency.name == VARZESH


@pytest.mark.parametrize("name", NOT_EDITORS)
def test_update_and_target_refuse(people, name):
    resolution = make_resolution(people.secretariat)
    actor = _who(people, name)
    _refused(
        lambda: services.update_resolution(
            actor=actor, resolution=resolution, expected_version=resolution.version, axis="health"
        ),
        NOT_SECRETARIAT,
    )
    _refused(
        lambda: services.set_resolution_target(actor=actor, resolution=resolution, quantity=10, unit="نفر"),
        NOT_SECRETARIAT,
    )
    fresh = Resolution.objects.get(pk=resolution.pk)
    assert (fresh.axis, fresh.target_quantity, fresh.version) == (resolution.axis, None, resolution.version)


@pytest.mark.parametrize("name", NOT_EDITORS)
def test_assign_refuses(people, name):
    resolution = make_resolution(people.secretariat)
    actor = _who(people, name)
    _refused(
        lambda: services.assign_resolution(actor=actor, resolution=resolution, agency=agency(TAAVON)),
        NOT_SECRETARIAT,
    )
    _refused(
        lambda: services.assign_resolutions(actor=actor, items=[(resolution, agency(TAAVON), "partner")]),
        NOT_SECRETARIAT,
    )
    assert list(resolution.assignments.values_list("agency__name", flat=True)) == [VARZESH]


@pytest.mark.parametrize("name", NOT_EDITORS)
def test_unassign_and_delete_refuse(people, name):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON))
    actor = _who(people, name)
    taavon = assignment_of(resolution, TAAVON)
    _refused(lambda: services.unassign_resolution(actor=actor, assignment=taavon), NOT_SECRETARIAT)
    _refused(lambda: services.unassign_resolutions(actor=actor, assignments=[taavon]), NOT_SECRETARIAT)
    _refused(lambda: services.delete_resolution(actor=actor, resolution=resolution), NOT_SECRETARIAT)
    assert resolution.assignments.count() == 2
    assert Resolution.objects.filter(pk=resolution.pk).exists()


@pytest.mark.parametrize("name", EDITORS)
def test_assign_unassign_and_delete_for_those_allowed(people, name):
    resolution = make_resolution(people.secretariat)
    actor = _who(people, name)
    added = services.assign_resolution(
        actor=actor,
        resolution=resolution,
        agency=agency(TAAVON),
        due_date=today() + datetime.timedelta(days=40),
    )
    assert added.due_date == today() + datetime.timedelta(days=40)
    # Assigning the same agency again gives back its assignment and writes nothing.
    assert (
        services.assign_resolution(actor=actor, resolution=resolution, agency=agency(TAAVON)).pk == added.pk
    )
    services.unassign_resolution(actor=actor, assignment=added)
    assert list(resolution.assignments.values_list("agency__name", flat=True)) == [VARZESH]
    services.delete_resolution(actor=actor, resolution=resolution)
    assert not Resolution.objects.filter(pk=resolution.pk).exists()


def test_the_other_provinces_agency_is_refused_on_assignment(people):
    resolution = make_resolution(people.secretariat)
    behzisti = agency("اداره کل بهزیستی استان")
    with pytest.raises(ServiceError) as error:
        services.assign_resolution(actor=people.secretariat, resolution=resolution, agency=behzisti)
    assert error.value.code == "wrong_province"


# --- The workflow ---------------------------------------------------------------------------------

# Who may not act for Varzesh's assignment: everybody but Varzesh's own officer.
NOT_VARZESH = ("secretariat", "admin", *(n for n in NOT_EDITORS if n != "varzesh"), SYSTEM)


@pytest.mark.parametrize("name", NOT_VARZESH)
def test_only_the_agency_starts_reports_and_asks_for_time(people, name):
    assignment = assignment_of(make_resolution(people.secretariat))
    actor = _who(people, name)
    _refused(lambda: services.start_assignment(actor=actor, assignment=assignment), NOT_YOUR_AGENCY)
    _refused(lambda: report(actor, assignment), NOT_YOUR_AGENCY)
    _refused(
        lambda: services.request_deadline_extension(
            actor=actor,
            assignment=assignment,
            requested_due_date=today() + datetime.timedelta(days=40),
            reason="نیاز به اعتبار",
        ),
        NOT_YOUR_AGENCY,
    )
    fresh = Assignment.objects.get(pk=assignment.pk)
    assert (fresh.status, fresh.version) == ("new", assignment.version)
    assert not DeadlineExtension.objects.filter(assignment=assignment).exists()


# Who may not review Alborz's reports: the system has no person behind it to name as reviewer.
NOT_REVIEWERS = (*NOT_EDITORS, SYSTEM)


@pytest.mark.parametrize("name", NOT_REVIEWERS)
def test_only_the_secretariat_reviews_and_decides(people, name):
    assignment = assignment_of(make_resolution(people.secretariat, agencies=(VARZESH, TAAVON)))
    submitted = report(people.varzesh, assignment)
    extension = services.request_deadline_extension(
        actor=people.varzesh,
        assignment=assignment,
        requested_due_date=today() + datetime.timedelta(days=40),
        reason="نیاز به اعتبار",
    )
    actor = _who(people, name)
    _refused(
        lambda: services.review_progress_report(actor=actor, report=submitted, decision="accept"),
        NOT_SECRETARIAT,
    )
    _refused(
        lambda: services.decide_deadline_extension(actor=actor, extension=extension, approve=True),
        NOT_SECRETARIAT,
    )
    assert ProgressReport.objects.get(pk=submitted.pk).review_status == "pending"
    assert DeadlineExtension.objects.get(pk=extension.pk).status == "pending"


def test_a_deleted_assignment_is_refused_with_a_message_not_a_crash(people):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON))
    stale = assignment_of(resolution, VARZESH)
    services.unassign_resolution(actor=people.secretariat, assignment=assignment_of(resolution, VARZESH))
    with pytest.raises(ServiceError) as error:
        report(people.varzesh, stale)
    assert error.value.code == "gone"
    assert error.value.message == "این مورد در همین لحظه حذف شده است؛ صفحه را دوباره باز کنید."
