"""The review's per-agency summary leaves out the scope filter only for readers of the body's
whole province (issue 12); for every role it equals a count over the assignments the reader may
see, done with the scope filter."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count, Q

from qarargah.resolutions import review
from qarargah.resolutions.models import OPEN_Q, Assignment, AssignmentStatus, Resolution

from .factories import (
    MARKAZI_BEHZISTI,
    MARKAZI_COUNCIL,
    TAAVON,
    VARZESH,
    body,
    make_meeting,
    make_resolution,
    today,
)

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "leadership", "national", "admin", "varzesh", "taavon", "karaj_governorate",
         "hesar_manager", "markazi_secretariat", "markazi_officer"]  # fmt: skip


def _reference(user, hq, since, day):
    keep = OPEN_Q | Q(status=AssignmentStatus.ACCEPTED, accepted_at__date__gte=since)
    rows = (
        Assignment.objects.visible_to(user)
        .filter(resolution__in=Resolution.objects.filter(body=hq))
        .filter(keep)
        .values("agency_id")
        .annotate(
            open=Count("pk", filter=OPEN_Q),
            overdue=Count("pk", filter=OPEN_Q & Q(due_date__lt=day)),
            accepted=Count("pk", filter=Q(status=AssignmentStatus.ACCEPTED)),
            rows=Count("pk"),
        )
    )
    return {r["agency_id"]: (r["open"], r["overdue"], r["accepted"], r["rows"]) for r in rows}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("body_name", ["alborz", "markazi"])
def test_summary_equals_a_scoped_count_for_every_role(people, who, body_name):
    old = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=40))
    make_resolution(people.secretariat, meeting=old, agencies=(VARZESH, TAAVON), neighbourhoods=("حصار",))
    make_resolution(people.secretariat, meeting=old, agencies=(TAAVON,))
    other = make_meeting(
        people.markazi_secretariat, body_name=MARKAZI_COUNCIL, date=today() - datetime.timedelta(days=30)
    )
    make_resolution(people.markazi_secretariat, meeting=other, agencies=(MARKAZI_BEHZISTI,))
    hq = body() if body_name == "alborz" else body(MARKAZI_COUNCIL)
    since = today() - datetime.timedelta(days=20)
    user = getattr(people, who)
    summary = review.past_review_summary(user, body=hq, since=since, today=today())
    assert {s.agency_id: (s.open, s.overdue, s.accepted, s.rows) for s in summary} == _reference(
        user, hq, since, today()
    )
    # The shortcut itself: taken only by a reader of the body's whole province.
    shortcut = str(review._readable_of_body(user, hq).query) == str(Assignment.objects.all().query)
    assert shortcut == ((who in {"secretariat", "leadership", "national", "admin"} and body_name == "alborz")
                        or (who in {"national", "admin", "markazi_secretariat"} and body_name == "markazi"))  # fmt: skip
