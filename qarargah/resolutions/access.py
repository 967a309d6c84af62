"""Fetching follow-up objects by id for a user: the one place pages, API and commands ask.

Every function answers in one of three ways (Healthchecks' ``_get_check_for_user`` /
``_get_rw_check_for_user`` are the model):

* the object, when the user may see it (and, for ``*_for_writer``, change it);
* ``Http404`` when it is missing *or* hidden, the same answer for both, so an id says nothing
  about what exists outside the user's scope (garbage and out-of-range ids too);
* ``PermissionDenied`` (403, a Persian message) when the user sees it but may not change it.

Who may change what is read from the user's :class:`~qarargah.accounts.scoping.Scope`
capabilities, never from role names: the agency acts on its own assignments
(``scope.acts_for(agency_id)``); the secretariat of the resolution's province edits it
(``scope.follows_up(province_id)``) and reviews its reports and extension requests
(``can_review_reports`` there), always from the resolution's own copy of its province.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from qarargah.accounts.scoping import get_object_for_user, scope_for

from .models import Assignment, DeadlineExtension, ProgressReport, ReportAttachment, Resolution
from .permissions import NOT_SECRETARIAT, NOT_YOUR_AGENCY

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.models import User

__all__ = [
    "NOT_SECRETARIAT",
    "NOT_YOUR_AGENCY",
    "get_assignment_for_follow_up",
    "get_assignment_for_user",
    "get_assignment_for_writer",
    "get_attachment_for_user",
    "get_extension_for_user",
    "get_extension_for_writer",
    "get_report_for_user",
    "get_report_for_writer",
    "get_resolution_for_user",
    "get_resolution_for_writer",
]

# What the pages and the API read next to each object, fetched in the same query.
_RESOLUTION_RELATED = ("meeting__body__province", "follow_up_owner")
_ASSIGNMENT_RELATED = ("resolution__meeting__body__province", "agency")
_REPORT_RELATED = ("assignment__resolution__meeting__body__province", "assignment__agency", "author")
_EXTENSION_RELATED = ("assignment__resolution__meeting__body__province", "assignment__agency", "requested_by")


def _require_follow_up(user: User | AnonymousUser, province_id: int | None) -> None:
    """Edits resolutions and their assignments in that province."""
    if not scope_for(user).follows_up(province_id):
        raise PermissionDenied(NOT_SECRETARIAT)


def _require_reviewer(user: User | AnonymousUser, province_id: int | None) -> None:
    """Accepts or returns reports, and decides extension requests, in that province."""
    scope = scope_for(user)
    if not (scope.can_review_reports and scope.covers_province(province_id)):
        raise PermissionDenied(NOT_SECRETARIAT)


# --- Resolutions -----------------------------------------------------------------------------------


def get_resolution_for_user(
    user: User | AnonymousUser, pk: object, *, queryset: QuerySet[Resolution] | None = None
) -> Resolution:
    """A resolution the user may see; 404 otherwise. ``queryset`` adds what a caller reads next
    (the API's list columns); the user's scope is applied to it all the same."""
    qs = queryset if queryset is not None else Resolution.objects.select_related(*_RESOLUTION_RELATED)
    return get_object_for_user(qs, user, pk=pk)


def get_resolution_for_writer(user: User | AnonymousUser, pk: object) -> Resolution:
    """A resolution the user may edit, assign and unassign: its province's secretariat or an admin."""
    resolution = get_resolution_for_user(user, pk)
    _require_follow_up(user, resolution.province_id)
    return resolution


# --- Assignments -----------------------------------------------------------------------------------


def get_assignment_for_user(user: User | AnonymousUser, pk: object) -> Assignment:
    return get_object_for_user(Assignment.objects.select_related(*_ASSIGNMENT_RELATED), user, pk=pk)


def get_assignment_for_writer(user: User | AnonymousUser, pk: object) -> Assignment:
    """An assignment the user acts on (starts, reports against, asks more time for): only an
    officer of the assigned agency."""
    assignment = get_assignment_for_user(user, pk)
    if not scope_for(user).acts_for(assignment.agency_id):
        raise PermissionDenied(NOT_YOUR_AGENCY)
    return assignment


def get_assignment_for_follow_up(user: User | AnonymousUser, pk: object) -> Assignment:
    """An assignment the user may take off its resolution: the follow-up side, not the agency."""
    assignment = get_assignment_for_user(user, pk)
    _require_follow_up(user, assignment.resolution.province_id)
    return assignment


# --- Progress reports and their attachments ---------------------------------------------------------


def get_report_for_user(user: User | AnonymousUser, pk: object) -> ProgressReport:
    return get_object_for_user(ProgressReport.objects.select_related(*_REPORT_RELATED), user, pk=pk)


def get_report_for_writer(user: User | AnonymousUser, pk: object) -> ProgressReport:
    """A report the user may review (accept or return). Its agency edits or withdraws it through
    :func:`get_report_for_author` while it waits."""
    report = get_report_for_user(user, pk)
    _require_reviewer(user, report.assignment.resolution.province_id)
    return report


def get_report_for_author(user: User | AnonymousUser, pk: object) -> ProgressReport:
    """A report the user may edit or withdraw while it waits for review: an officer of its
    assignment's agency (the service also checks that it still waits)."""
    report = get_report_for_user(user, pk)
    if not scope_for(user).acts_for(report.assignment.agency_id):
        raise PermissionDenied(NOT_YOUR_AGENCY)
    return report


def get_attachment_for_user(
    user: User | AnonymousUser, pk: object, *, report_id: object = None
) -> ReportAttachment:
    """An attachment of a report the user may see; 404 otherwise. With ``report_id``, also 404
    unless the attachment belongs to that report. Attachments are never changed after upload,
    so there is no writer's version."""
    lookup = {"pk": pk} if report_id is None else {"pk": pk, "report_id": report_id}
    return get_object_for_user(ReportAttachment, user, **lookup)


# --- Deadline extension requests --------------------------------------------------------------------


def get_extension_for_user(user: User | AnonymousUser, pk: object) -> DeadlineExtension:
    return get_object_for_user(DeadlineExtension.objects.select_related(*_EXTENSION_RELATED), user, pk=pk)


def get_extension_for_writer(user: User | AnonymousUser, pk: object) -> DeadlineExtension:
    """An extension request the user may decide: the follow-up side of its resolution's province."""
    extension = get_extension_for_user(user, pk)
    _require_reviewer(user, extension.assignment.resolution.province_id)
    return extension
