"""Fetching meetings, their minutes documents and import drafts for a user: the one place pages,
API and commands ask.

Meetings are read on pages made for those who browse them (``scope.can_browse_meetings``: the
secretariat, leadership, national viewers, admins); minutes are imported and meetings typed in by
those who may import minutes (``scope.can_import_minutes``), on the pages, in the API and in the
``import`` command alike. A role without the capability gets 403 whatever id it asks for (so the
answer says nothing about the id); one with it gets the same 404 for a missing and a hidden
meeting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404

from qarargah.accounts.scoping import get_object_for_user, scope_for
from qarargah.organisations.models import Body, BodyMembership

from . import drafts
from .models import Meeting, MinutesDocument

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.models import User

__all__ = [
    "NOT_AN_IMPORTER",
    "NOT_A_MEETING_READER",
    "NOT_A_SIGNER",
    "get_document_for_user",
    "get_draft_for_writer",
    "get_import_batch_for_writer",
    "get_meeting_for_document_reader",
    "get_meeting_for_participant",
    "get_meeting_for_signer",
    "get_meeting_for_user",
    "get_meeting_for_writer",
    "require_meeting_reader",
    "require_minutes_importer",
]

NOT_A_MEETING_READER = "صورتجلسه‌ها را دبیرخانه و مدیران استان می‌بینند؛ این صفحه برای نقش شما نیست."
NOT_AN_IMPORTER = "ثبت و ورود صورتجلسه کار دبیرخانه است؛ نقش شما اجازه آن را ندارد."


def require_meeting_reader(user: User | AnonymousUser) -> None:
    if not scope_for(user).can_browse_meetings:
        raise PermissionDenied(NOT_A_MEETING_READER)


def require_minutes_importer(user: User | AnonymousUser, *, message: str = NOT_AN_IMPORTER) -> None:
    """403 unless the user may import minutes files and type meetings in. One capability for
    pages, API and command; ``message`` lets the API keep the wording its clients already read."""
    if not scope_for(user).can_import_minutes:
        raise PermissionDenied(message)


def get_meeting_for_user(user: User | AnonymousUser, pk: object) -> Meeting:
    require_meeting_reader(user)
    return get_object_for_user(
        Meeting.objects.select_related("body", "body__province", "created_by"), user, pk=pk
    )


def get_meeting_for_document_reader(user: User | AnonymousUser, pk: object) -> Meeting:
    """A meeting whose minutes and invitation the user may download. Those who browse meetings:
    as on the meeting page. An agency's officer: the signed meetings that assign their agency
    (issue 13: agencies see only signed minutes of bodies that assign them). Everyone else, and
    any other meeting: the same 404 as a missing one, never a 403 that would confirm the id."""
    from .selectors import meetings_for_document_reader

    if scope_for(user).can_browse_meetings:
        return get_meeting_for_user(user, pk)
    return get_object_for_user(
        meetings_for_document_reader(user).select_related("body", "body__province"), user, pk=pk
    )


def get_meeting_for_writer(user: User | AnonymousUser, pk: object) -> Meeting:
    """A meeting the user may change: one who imports minutes, for a meeting of a province it covers."""
    meeting = get_meeting_for_user(user, pk)
    scope = scope_for(user)
    if not (scope.can_import_minutes and scope.covers_province(meeting.body.province_id)):
        raise PermissionDenied(NOT_AN_IMPORTER)
    return meeting


def get_document_for_user(user: User | AnonymousUser, meeting_pk: object, pk: int | str) -> MinutesDocument:
    """A minutes file of a meeting the user may read; 404 unless it belongs to that meeting
    and still has its file."""
    meeting = get_meeting_for_user(user, meeting_pk)
    # A document is seen by those who see its meeting: no scope of its own to apply.
    try:
        document = MinutesDocument.objects.get(meeting=meeting, pk=pk)
    except (MinutesDocument.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    if not document.file:
        raise Http404
    return document


def get_draft_for_writer(user: User | AnonymousUser, token: str) -> drafts.Draft:
    """The user's own uploaded minutes waiting for confirmation (another user's token is 404)."""
    require_minutes_importer(user)
    # Past that check the user is a person (an anonymous one has no capability).
    return drafts.load_draft(cast("User", user), token)


def get_import_batch_for_writer(user: User | AnonymousUser, token: str) -> list[dict[str, Any]]:
    """The files of one of the user's own uploads."""
    require_minutes_importer(user)
    return drafts.load_batch(cast("User", user), token)


# --- Participation (issue 13): rosters, invitations, attendance, the calendar ------------------

NOT_THE_SECRETARIAT = "دعوتنامه، حضور و غیاب و فهرست اعضای نهاد را دبیرخانه همان نهاد اداره می‌کند؛ نقش شما اجازه این کار را ندارد."
NOT_THEIR_AGENCY = "نماینده هر دستگاه را کارشناس همان دستگاه یا دبیرخانه نهاد معرفی می‌کند."


def runs_body(user: User | AnonymousUser, body: Body) -> bool:
    """The body's secretariat (or an admin): who sends its invitations, records attendance and
    edits its roster. The secretariat of a province runs the bodies of that province."""
    scope = scope_for(user)
    return scope.can_import_minutes and scope.covers_province(body.province_id)


def get_body_for_roster_reader(user: User | AnonymousUser, pk: object) -> Body:
    """A body whose roster the user may read: those who browse meetings, for the bodies they
    see; an agency's officer, for the bodies its agency is a member of. Anything else is the
    same 404 as a missing body."""
    scope = scope_for(user)
    bodies = Body.objects.visible_to(user).select_related("province")
    if not scope.can_browse_meetings:
        if scope.agency_id is None:
            raise Http404
        bodies = bodies.filter(memberships__agency_id=scope.agency_id)
    return get_object_for_user(bodies, user, pk=pk)


def get_body_for_roster_writer(user: User | AnonymousUser, pk: object) -> Body:
    body = get_body_for_roster_reader(user, pk)
    if not runs_body(user, body):
        raise PermissionDenied(NOT_THE_SECRETARIAT)
    return body


def get_membership_for_representative_editor(
    user: User | AnonymousUser, body_pk: object, pk: int | str
) -> BodyMembership:
    """A member agency's row whose representative the user may name: the body's secretariat
    for any member, an officer for its own agency (403 for another member's row)."""
    body = get_body_for_roster_reader(user, body_pk)
    try:
        membership = body.memberships.select_related("agency", "representative").get(pk=pk)
    except (BodyMembership.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    membership.body = body
    if not (runs_body(user, body) or scope_for(user).acts_for(membership.agency_id)):
        raise PermissionDenied(NOT_THEIR_AGENCY)
    return membership


def get_meeting_for_participation_writer(user: User | AnonymousUser, pk: object) -> Meeting:
    """A meeting whose invitation and attendance the user may handle: its body's secretariat."""
    meeting = get_meeting_for_user(user, pk)
    if not runs_body(user, meeting.body):
        raise PermissionDenied(NOT_THE_SECRETARIAT)
    return meeting


NOT_A_SIGNER = "فقط دبیر جلسه و رئیس جلسه صورتجلسه را امضا می‌کنند؛ شما هیچ‌یک نیستید."


def get_meeting_for_participant(user: User | AnonymousUser, pk: object) -> Meeting:
    """A meeting whose circulated minutes the user reads to comment or sign. Those who browse
    meetings: as on the meeting page. Anyone else: a meeting past its draft that names them
    chair or secretary or invites their agency (the attendees); any other, the same 404 as a
    missing one."""
    from django.db.models import Q

    from .models import MeetingStatus

    if scope_for(user).can_browse_meetings:
        return get_meeting_for_user(user, pk)
    person = getattr(user, "pk", None)
    agency = getattr(user, "agency_id", None)
    if person is None:
        raise Http404
    mine = Q(chair_id=person) | Q(secretary_id=person)
    if agency is not None:
        mine |= Q(invited_agencies__id=agency)
    qs = Meeting.objects.exclude(status=MeetingStatus.DRAFT).filter(mine).distinct()
    try:
        return qs.select_related("body", "body__province").get(pk=str(pk))
    except (Meeting.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_meeting_for_signer(user: User | AnonymousUser, pk: object) -> Meeting:
    """A meeting the user signs: reachable as a participant, and its secretary or chair (403)."""
    meeting = get_meeting_for_participant(user, pk)
    if getattr(user, "pk", None) not in (meeting.secretary_id, meeting.chair_id):
        raise PermissionDenied(NOT_A_SIGNER)
    return meeting
