"""Who may reach the registry's objects: the one place pages, API and commands ask.

``get_<thing>_for_user`` gives the object or the same 404 for a missing and a hidden one (a
leadership account asking for a person gets exactly what a missing person gives). The
``require_*`` checks give a 403 with a Persian message for a page a role may not open at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from qarargah.accounts.scoping import get_object_for_user, scope_for
from qarargah.organisations.models import Province

from .models import LinkRun, Person, QuarantinedRow, ReviewItem, Source, SourceRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from qarargah.accounts.system import Actor

    type Who = Actor | AnonymousUser

NOT_A_DATA_OFFICER = "این بخش ثبت یکپارچه فقط در اختیار کارشناس داده دبیرخانه استان است."
NOT_A_SOURCE_USER = "فهرست‌های گروه هدف را کارشناس داده دبیرخانه و کارشناسان دستگاهِ فرستنده می‌بینند."
NOT_AN_AGGREGATE_READER = "آمار گروه‌های هدف برای دبیرخانه، کارشناس داده و مدیران استان است."
NOT_YOUR_SOURCE = "بارگذاری در این منبع در اختیار شما نیست."


def require_data_officer(user: Who) -> None:
    if not scope_for(user).can_see_registry_persons:
        raise PermissionDenied(NOT_A_DATA_OFFICER)


def require_source_user(user: Who) -> None:
    scope = scope_for(user)
    if not (scope.can_see_registry_persons or scope.can_act_for_agency):
        raise PermissionDenied(NOT_A_SOURCE_USER)


def require_aggregate_reader(user: Who) -> None:
    if not scope_for(user).can_see_registry_aggregates:
        raise PermissionDenied(NOT_AN_AGGREGATE_READER)


def can_write_source(user: Who, source: Source) -> bool:
    scope = scope_for(user)
    if scope.can_see_registry_persons and scope.covers_province(source.province_id):
        return True
    return source.agency_id is not None and scope.acts_for(source.agency_id)


def get_source_for_user(user: Who, pk: Any) -> Source:
    return get_object_for_user(Source.objects.select_related("province", "agency"), user, pk=pk)


def get_source_for_writer(user: Who, pk: Any) -> Source:
    source = get_source_for_user(user, pk)
    if not can_write_source(user, source):
        raise PermissionDenied(NOT_YOUR_SOURCE)
    return source


def get_person_for_user(user: Who, pk: Any) -> Person:
    return get_object_for_user(Person.objects.select_related("province"), user, pk=pk)


def get_record_for_user(user: Who, pk: Any) -> SourceRecord:
    return get_object_for_user(SourceRecord.objects.select_related("source"), user, pk=pk)


def get_quarantined_row_for_writer(user: Who, pk: Any) -> QuarantinedRow:
    row = get_object_for_user(QuarantinedRow.objects.select_related("upload__source"), user, pk=pk)
    if not can_write_source(user, row.upload.source):
        raise PermissionDenied(NOT_YOUR_SOURCE)
    return row


def get_review_item_for_user(user: Who, pk: Any) -> ReviewItem:
    require_data_officer(user)
    return get_object_for_user(ReviewItem.objects.all(), user, pk=pk)


def get_link_run_for_user(user: Who, pk: Any) -> LinkRun:
    require_data_officer(user)
    return get_object_for_user(LinkRun.objects.select_related("province"), user, pk=pk)


def get_province_for_data_officer(user: Who, pk: Any) -> Province:
    require_data_officer(user)
    return get_object_for_user(Province.objects.all(), user, pk=pk)
