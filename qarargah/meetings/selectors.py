"""Reads of meetings, already scoped to the user asking."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from qarargah.accounts.scoping import scope_for
from qarargah.organisations.models import BodyMembership
from qarargah.persian import digits_only, match_key, normalise, parse_jalali_iso, to_latin_digits
from qarargah.resolutions.models import Assignment, Resolution

from .documents import signed_q
from .models import Meeting

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.models import User


def meetings_for_user(user: User, *, query: str = "") -> QuerySet[Meeting]:
    """Meetings the user may see, newest first; ``query`` searches titles, bodies, places,
    invitation numbers and resolution texts (normalised), or a Jalali date / a meeting number."""
    qs = Meeting.objects.visible_to(user).select_related("body", "body__province")
    query = (query or "").strip()
    if query:
        text = normalise(query)
        key = match_key(query)
        condition = (
            Q(title__icontains=text)
            | Q(place__icontains=text)
            | Q(body__name_key__contains=key)
            | Q(invitation_number__icontains=text)
        )
        matching = Resolution.objects.filter(text_key__contains=key).values("meeting_id")
        condition |= Q(pk__in=matching)
        number = digits_only(text)
        if number is not None:
            condition |= Q(number=int(number))
        with contextlib.suppress(ValueError):
            condition |= Q(date=parse_jalali_iso(to_latin_digits(text)))
        qs = qs.filter(condition)
    # A count per row returned, not a join of every meeting with every resolution grouped back
    # (that read the province's 100,000 resolutions to show a page of 25 meetings).
    per_meeting = (
        Resolution.objects.filter(meeting_id=OuterRef("pk"))
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("pk"))
    )
    return qs.annotate(resolution_count=Coalesce(Subquery(per_meeting.values("n")), 0)).order_by(
        "-date", "-number", "-pk"
    )


def meeting_resolutions(user: User, meeting: Meeting) -> QuerySet[Resolution]:
    """The meeting's resolutions the user may see, with the assignments of them the user may see
    and their agencies, in the minutes' order. The meeting page reads them for the whole
    secretariat today, but an agency's officer is shown its own part only, like everywhere else."""
    assignments = (
        Assignment.objects.visible_to(user).select_related("agency").order_by("role", "agency__name")
    )
    return (
        Resolution.objects.visible_to(user)
        .filter(meeting=meeting)
        .order_by("number")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
    )


def meetings_for_document_reader(user: User | AnonymousUser) -> QuerySet[Meeting]:
    """Meetings whose documents the user may download (see access.get_meeting_for_document_reader):
    the province's for those who browse meetings; for an agency's officer, the signed minutes of
    bodies its agency is a member of, and of meetings that assign it work (issue 13); none for
    anyone else."""
    scope = scope_for(user)
    if scope.can_browse_meetings:
        return Meeting.objects.visible_to(user)
    if scope.agency_id is None:
        return Meeting.objects.none()
    assigned = Resolution.objects.filter(assignments__agency_id=scope.agency_id).values("meeting_id")
    member_of = BodyMembership.objects.filter(agency_id=scope.agency_id).values("body_id")
    return Meeting.objects.filter(signed_q()).filter(Q(pk__in=assigned) | Q(body_id__in=member_of))
