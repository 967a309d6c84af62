"""Reads of meetings, already scoped to the user asking."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from qarargah.persian import digits_only, match_key, normalise, parse_jalali_iso, to_latin_digits
from qarargah.resolutions.models import Assignment, Resolution

from .models import Meeting

if TYPE_CHECKING:
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
    return qs.annotate(resolution_count=Count("resolutions", distinct=True)).order_by(
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
