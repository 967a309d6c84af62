"""`qarargah generate`: synthetic data that is deterministic, consistent and still scoped.

The demo world (Alborz, Markazi) is already in the test database, so generated data goes into
Qom, a province the demo does not use, with tiny explicit sizes to keep the tests fast.
"""

from __future__ import annotations

import hashlib
import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from qarargah.accounts.models import Role, User
from qarargah.demo.generate import GENERATED_PASSWORD, generate
from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Agency, Body, County, Province, TargetNeighbourhood
from qarargah.persian import match_key, normalise
from qarargah.resolutions.models import (
    Assignment,
    AssignmentStatus,
    DeadlineKind,
    ProgressReport,
    Resolution,
    ReviewStatus,
)
from qarargah.resolutions.workflow import rollup_status

pytestmark = pytest.mark.django_db

TINY = {"scale": "small", "province": "qom", "resolutions": 60, "assignments": 150, "reports": 400}


def _generate(**overrides):
    return generate(**{**TINY, "analyze": False, "log": lambda _line: None, **overrides})


def _digest() -> str:
    """A fingerprint of the generated world by natural keys (primary keys may differ per run)."""
    qom = Province.objects.filter(code="qom")
    rows = [
        list(qom.values_list("name", "asap_days")),
        list(County.objects.filter(province__in=qom).order_by("name").values_list("name")),
        list(
            TargetNeighbourhood.objects.filter(county__province__in=qom)
            .order_by("county__name", "name")
            .values_list("county__name", "name", "kind", "population", "households")
        ),
        list(
            Agency.objects.filter(province__in=qom).order_by("name").values_list("name", "kind", "county__name")
        ),
        list(Body.objects.filter(province__in=qom).order_by("name").values_list("name", "kind", "parent__name")),
        list(
            User.objects.filter(province__in=qom)
            .order_by("username")
            .values_list("username", "role", "first_name", "last_name", "agency__name", "body__name")
        ),
        list(
            Meeting.objects.filter(body__province__in=qom)
            .order_by("body__name", "number")
            .values_list("body__name", "number", "date", "invitation_number", "chair_name")
        ),
        list(
            Resolution.objects.filter(meeting__body__province__in=qom)
            .order_by("meeting__body__name", "meeting__number", "number")
            .values_list("meeting__number", "number", "text", "deadline_raw", "deadline_kind", "due_date", "status")
        ),
        list(
            Assignment.objects.filter(resolution__meeting__body__province__in=qom)
            .order_by("resolution__meeting__body__name", "resolution__meeting__number", "resolution__number", "agency__name")
            .values_list("agency__name", "role", "status", "due_date", "accepted_at", "last_reported_at")
        ),
        list(
            ProgressReport.objects.filter(assignment__resolution__meeting__body__province__in=qom)
            .order_by("submitted_at", "assignment__agency__name")
            .values_list("assignment__agency__name", "text", "submitted_at", "review_status", "reviewed_at")
        ),
    ]  # fmt: skip
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _run_and_roll_back(**overrides) -> str:
    """Generate into the database, fingerprint it, and undo it: each run starts from the same state."""
    with transaction.atomic():
        _generate(**overrides)
        digest = _digest()
        transaction.set_rollback(True)
    return digest


def test_the_command_creates_the_sizes_asked_for_and_says_so():
    out = io.StringIO()
    call_command(
        "generate",
        "--province=qom",
        "--resolutions=60",
        "--assignments=150",
        "--reports=400",
        "--no-analyze",
        stdout=out,
        stderr=io.StringIO(),
    )
    text = out.getvalue()
    assert "ساخته شد (قم):" in text
    assert "۶۰  مصوبه (resolutions)" in text
    assert "time taken:" in text
    assert f"گذرواژه همه کاربران ساخته‌شده: {GENERATED_PASSWORD}" in text
    qom = Province.objects.get(code="qom")
    assert Resolution.objects.filter(meeting__body__province=qom).count() == 60
    assert Assignment.objects.filter(resolution__meeting__body__province=qom).count() == 150
    assert ProgressReport.objects.filter(assignment__resolution__meeting__body__province=qom).count() == 400
    assert Agency.objects.filter(province=qom).count() == 200
    # Every agency has an officer, and the province a secretariat.
    assert User.objects.filter(agency__province=qom).count() == 200
    assert User.objects.filter(province=qom, role=Role.SECRETARIAT, username="dabir.qom").exists()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = _run_and_roll_back(seed=7)
    second = _run_and_roll_back(seed=7)
    other = _run_and_roll_back(seed=8)
    assert first == second
    assert first != other


def test_statuses_follow_the_state_machine():
    _generate()
    qom = Province.objects.get(code="qom")
    assignments = Assignment.objects.filter(resolution__meeting__body__province=qom)
    reports = ProgressReport.objects.filter(assignment__in=assignments)
    by_assignment: dict[int, list[ProgressReport]] = {}
    for report in reports.order_by("submitted_at", "pk"):
        by_assignment.setdefault(report.assignment_id, []).append(report)
    for a in assignments.select_related("resolution"):
        history = by_assignment.get(a.pk, [])
        outcomes = [r.review_status for r in history]
        if a.status in (AssignmentStatus.NEW, AssignmentStatus.IN_PROGRESS):
            assert outcomes == []
            continue
        # The last report decides the status; only the last may be waiting for review.
        expected_last = {
            AssignmentStatus.ACCEPTED: ReviewStatus.ACCEPTED,
            AssignmentStatus.REPORTED: ReviewStatus.PENDING,
            AssignmentStatus.RETURNED: ReviewStatus.RETURNED,
        }[a.status]
        assert outcomes[-1] == expected_last
        assert ReviewStatus.PENDING not in outcomes[:-1]
        if a.resolution.deadline_kind != DeadlineKind.CONTINUOUS:
            # Only a continuous assignment has reports accepted for earlier periods.
            assert ReviewStatus.ACCEPTED not in outcomes[:-1]
        if a.status == AssignmentStatus.ACCEPTED:
            assert a.accepted_at == history[-1].reviewed_at
        assert a.last_reported_at == history[-1].submitted_at
        for earlier, later in itertools.pairwise(history):
            assert earlier.reviewed_at is not None and earlier.reviewed_at <= later.submitted_at
    # No accepted assignment without an accepted report.
    assert not assignments.filter(status=AssignmentStatus.ACCEPTED).exclude(
        reports__review_status=ReviewStatus.ACCEPTED
    )
    for resolution in Resolution.objects.filter(meeting__body__province=qom).prefetch_related("assignments"):
        assert resolution.status == rollup_status(a.status for a in resolution.assignments.all())


def test_texts_are_normalised_and_searchable():
    _generate()
    for text, key, raw in Resolution.objects.filter(meeting__body__province__code="qom").values_list(
        "text", "text_key", "deadline_raw"
    ):
        assert normalise(text) == text
        assert match_key(text) == key
        assert normalise(raw) == raw
    for name in Agency.objects.filter(province__code="qom").values_list("name", flat=True):
        assert normalise(name) == name


def test_an_officer_sees_only_their_agencys_assignments(client):
    _generate()
    officer = (
        User.objects.filter(province__code="qom", role=Role.AGENCY_OFFICER, agency__assignments__isnull=False)
        .distinct()
        .order_by("username")
        .first()
    )
    visible = Assignment.objects.visible_to(officer)
    assert visible.exists()
    assert set(visible.values_list("agency_id", flat=True)) == {officer.agency_id}
    for resolution in Resolution.objects.visible_to(officer):
        assert resolution.assignments.filter(agency_id=officer.agency_id).exists()
    # The documented password works, and the inbox lists that agency's work only.
    login = client.post(reverse("login"), {"username": officer.username, "password": GENERATED_PASSWORD})
    assert login.status_code == 302
    response = client.get(reverse("resolutions:inbox"), {"show": "all"})
    assert response.status_code == 200
    shown = {a.agency_id for a in response.context["page"].object_list}
    assert shown == {officer.agency_id}


def test_another_provinces_secretariat_sees_nothing_generated(people):
    _generate()
    assert not Resolution.objects.visible_to(people.secretariat).filter(meeting__body__province__code="qom")
    qom_secretariat = User.objects.get(username="dabir.qom")
    assert Resolution.objects.visible_to(qom_secretariat).count() == 60


def test_it_refuses_a_province_that_already_exists():
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "generate", "--province=alborz", "--resolutions=5", stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert str(excinfo.value) == (
        "استان «البرز» از قبل در پایگاه داده هست. داده ساختگی را در پایگاه داده‌ای خالی بسازید "
        "یا با --province استان دیگری را انتخاب کنید."
    )


@override_settings(PRODUCTION=True)
def test_it_refuses_to_run_in_production():
    with pytest.raises(CommandError) as excinfo:
        call_command("generate", "--province=qom", stdout=io.StringIO(), stderr=io.StringIO())
    assert str(excinfo.value) == "ساخت داده ساختگی در محیط production مجاز نیست."
    assert not Province.objects.filter(code="qom").exists()


def test_generated_rows_leave_no_history():
    from auditlog.models import LogEntry

    before = LogEntry.objects.count()
    _generate()
    assert LogEntry.objects.count() == before


@pytest.mark.django_db(transaction=False)
def test_generated_houses_are_linked_and_their_managers_act_for_them():
    """Each generated house belongs to its neighbourhood, so its managers get an inbox (0022)."""
    from qarargah.accounts.models import Role, User
    from qarargah.accounts.scoping import scope_for
    from qarargah.organisations.models import Agency, AgencyKind

    with transaction.atomic():
        _generate()
        houses = Agency.objects.filter(province__code="qom", kind=AgencyKind.NEIGHBOURHOOD_HOUSE)
        assert houses.exists() and not houses.filter(neighbourhood__isnull=True).exists()
        assert all(h.neighbourhood.county.province_id == h.province_id for h in houses)
        managers = User.objects.filter(role=Role.HOUSE_MANAGER, province__code="qom")
        acting = [m for m in managers if scope_for(m).agency_id is not None]
        assert acting and all(scope_for(m).agency_id == m.neighbourhood.house.pk for m in acting)
        transaction.set_rollback(True)
