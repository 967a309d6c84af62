"""Who takes part in a body's meetings (issue 13): each member agency's fixed representative
with full authority (نماینده ثابت و تام‌الاختیار) and deputy, the body's quorum rule, asking the
members who have named nobody, and the standing «review of past resolutions» agenda item.

Writes are services (keyword-only, ``actor=``, one transaction, history through
``acting_as``); reads are selectors scoped to the user. Invitations are in
``invitations.py``, attendance and the quorum in ``attendance.py``, the calendar in
``calendar.py``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from qarargah.accounts.models import User
from qarargah.accounts.scoping import scope_for
from qarargah.core.errors import ServiceError
from qarargah.core.locking import lock_for_update, save_new_version
from qarargah.core.messages import Message, tell_on_commit
from qarargah.history.registry import acting_as
from qarargah.organisations.models import Body, BodyMembership, QuorumFraction
from qarargah.persian import clean_input, to_latin_digits, to_persian_digits
from qarargah.resolutions.models import Assignment, Resolution

from .access import NOT_THE_SECRETARIAT, NOT_THEIR_AGENCY, runs_body
from .documents import signing_state
from .models import AgendaItem, Meeting
from .participation_events import ParticipationEvent

if TYPE_CHECKING:
    from qarargah.accounts.system import Actor

MOBILE_RE = re.compile(r"^09[0-9]{9}$")
BAD_MOBILE = "شماره همراه {who} را با ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ وارد کنید."
NO_REPRESENTATIVE = "نام نماینده را بنویسید یا یکی از کاربران دستگاه را برگزینید."
WRONG_AGENCY_USER = "«{user}» کاربر «{agency}» نیست؛ نماینده باید از کارکنان همان دستگاه باشد."
NOBODY_TO_ASK = "همه دستگاه‌های عضو نماینده معرفی کرده‌اند؛ درخواستی فرستاده نشد."
REVIEW_ITEM_EXISTS = "دستور «بررسی مصوبات گذشته» در این جلسه هست و دوباره افزوده نمی‌شود."
MEETING_SIGNED = "صورتجلسه این جلسه امضا شده است و {what} آن دیگر تغییر نمی‌کند."
REVIEW_ITEM_TEXT = "بررسی مصوبات گذشته و گزارش دستگاه‌های اجرایی از اقدامات انجام‌شده"
BAD_QUORUM = "حد نصاب باید عددی از ۱ تا تعداد اعضای نهاد ({members}) باشد."


def _user_actor(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _require_runs_body(actor: Actor, body: Body) -> None:
    if not runs_body(actor, body):
        raise PermissionDenied(NOT_THE_SECRETARIAT)


def _fa(value: object) -> str:
    return to_persian_digits(str(value))


# --- Roster ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RepresentativeData:
    """What the roster form gives: an account, or a name with title and contacts, for each."""

    representative: User | None = None
    representative_name: str = ""
    representative_title: str = ""
    representative_mobile: str = ""
    representative_email: str = ""
    deputy_name: str = ""
    deputy_title: str = ""
    deputy_mobile: str = ""
    deputy_email: str = ""


def roster(body: Body) -> QuerySet[BodyMembership]:
    """The body's member agencies with their representatives, those without one first."""
    return body.memberships.select_related("agency", "representative").order_by("agency__name", "pk")


def bodies_for_roster(user: User) -> QuerySet[Body]:
    """The bodies whose rosters the calendar page links to: for an agency's officer, those its
    agency sits in (with ``own_named``: whether it named its representative there); for the
    secretariat, its province's bodies (with ``unnamed``: members that named nobody); none for
    others (readers reach a roster from a meeting's page)."""
    scope = scope_for(user)
    bodies = Body.objects.visible_to(user).order_by("level", "name")
    no_one = Q(memberships__representative__isnull=True, memberships__representative_name="")
    if scope.agency_id is not None:
        own = BodyMembership.objects.filter(body=OuterRef("pk"), agency_id=scope.agency_id)
        named = own.filter(Q(representative__isnull=False) | ~Q(representative_name=""))
        return bodies.filter(Exists(own)).annotate(own_named=Exists(named))
    if scope.can_import_minutes and scope.province_id is not None:
        return bodies.filter(province_id=scope.province_id).annotate(
            unnamed=Count("memberships", filter=no_one)
        )
    return Body.objects.none()


def members_without_representative(body: Body) -> list[BodyMembership]:
    return [m for m in roster(body) if not m.has_representative]


def _mobile(raw: str, who: str) -> str:
    value = to_latin_digits(clean_input(raw)).replace(" ", "").replace("-", "")
    if value and not MOBILE_RE.match(value):
        raise ServiceError(BAD_MOBILE.format(who=who), code="bad_mobile")
    return value


@transaction.atomic
def name_representative(
    *, actor: Actor, membership: BodyMembership, data: RepresentativeData
) -> BodyMembership:
    """Name the member agency's fixed representative and deputy. The body's secretariat may
    name them for any member, an agency's officer for its own agency."""
    membership = (
        BodyMembership.objects.select_for_update().select_related("body", "agency").get(pk=membership.pk)
    )
    if not (runs_body(actor, membership.body) or scope_for(actor).acts_for(membership.agency_id)):
        raise PermissionDenied(NOT_THEIR_AGENCY)
    user = data.representative
    if user is not None and user.agency_id != membership.agency_id:
        raise ServiceError(
            WRONG_AGENCY_USER.format(user=user, agency=membership.agency), code="wrong_agency_user"
        )
    name = clean_input(data.representative_name)
    if user is None and not name:
        raise ServiceError(NO_REPRESENTATIVE, code="no_representative")
    membership.representative = user
    membership.representative_name = name
    membership.representative_title = clean_input(data.representative_title)
    membership.representative_mobile = _mobile(data.representative_mobile, "نماینده")
    membership.representative_email = data.representative_email.strip()
    membership.deputy_name = clean_input(data.deputy_name)
    membership.deputy_title = clean_input(data.deputy_title)
    membership.deputy_mobile = _mobile(data.deputy_mobile, "جانشین")
    membership.deputy_email = data.deputy_email.strip()
    with acting_as(actor, event=ParticipationEvent.REPRESENTATIVE_NAMED):
        membership.save()
    return membership


def agency_officers(agency_ids: set[int]) -> dict[int, list[User]]:
    """Agency id -> the active accounts acting for it (nobody here names a role: the scope says)."""
    out: dict[int, list[User]] = {}
    for user in User.objects.filter(is_active=True, agency_id__in=agency_ids).order_by("pk"):
        if user.agency_id is not None and scope_for(user).acts_for(user.agency_id):
            out.setdefault(user.agency_id, []).append(user)
    return out


@dataclass(frozen=True)
class RepresentativeRequest:
    asked: list[BodyMembership]
    unreachable: list[BodyMembership]  # members with no account to tell


@transaction.atomic
def ask_for_representatives(*, actor: Actor, body: Body) -> RepresentativeRequest:
    """Ask every member agency that has named no representative to name one: an in-app
    notification and an email (by their preferences) to each of the agency's officers."""
    _require_runs_body(actor, body)
    missing = members_without_representative(body)
    if not missing:
        raise ServiceError(NOBODY_TO_ASK, code="nobody_to_ask")
    officers = agency_officers({m.agency_id for m in missing})
    now = timezone.now()
    url = reverse("meetings:roster", args=[body.pk])
    messages: list[Message] = []
    asked: list[BodyMembership] = []
    unreachable: list[BodyMembership] = []
    for membership in missing:
        people = officers.get(membership.agency_id, [])
        (asked if people else unreachable).append(membership)
        for user in people:
            messages.append(
                {
                    "user_id": user.pk,
                    "kind": "representative_request",
                    # One request per membership and moment: asking again a week later tells again.
                    "event_key": f"representative_request:{membership.pk}:{now:%Y%m%d%H%M%S}",
                    "title": f"معرفی نماینده «{membership.agency}» در «{body}»",
                    "body": (
                        f"دبیرخانه «{body}» از «{membership.agency}» خواسته است نماینده ثابت و "
                        "تام‌الاختیار و جانشین او را برای جلسات این نهاد معرفی کند. "
                        "در صفحه اعضای نهاد، ردیف دستگاه خود را تکمیل کنید."
                    ),
                    "url": url,
                    "email": True,
                }
            )
    with acting_as(actor, event=ParticipationEvent.REPRESENTATIVES_REQUESTED):
        # Saved row by row (a handful of members), so each request is in the body's history.
        for membership in missing:
            membership.representative_requested_at = now
            membership.save(update_fields=["representative_requested_at"])
    tell_on_commit(messages, sender="meetings")
    return RepresentativeRequest(asked=asked, unreachable=unreachable)


# --- Quorum rule -------------------------------------------------------------------------------------

_FRACTIONS = {
    QuorumFraction.MAJORITY: lambda n: n // 2 + 1,
    QuorumFraction.TWO_THIRDS: lambda n: -(-2 * n // 3),
    QuorumFraction.THREE_QUARTERS: lambda n: -(-3 * n // 4),
    QuorumFraction.ALL: lambda n: n,
}


def required_for_quorum(body: Body, members: int) -> int:
    """How many members present make the meeting official under the body's rule."""
    if body.quorum_count:
        return int(body.quorum_count)
    return int(_FRACTIONS[QuorumFraction(body.quorum_fraction or QuorumFraction.MAJORITY)](members))


def quorum_rule_label(body: Body) -> str:
    if body.quorum_count:
        return f"{_fa(body.quorum_count)} عضو"
    return f"{QuorumFraction(body.quorum_fraction).label} اعضا"


@transaction.atomic
def set_quorum_rule(*, actor: Actor, body: Body, count: int | None, fraction: str) -> Body:
    _require_runs_body(actor, body)
    body = lock_for_update(body, expected_version=None)
    members = body.memberships.count()
    if count is not None and not 1 <= count <= max(members, 1):
        raise ServiceError(BAD_QUORUM.format(members=_fa(members)), code="bad_quorum")
    body.quorum_count = count
    body.quorum_fraction = QuorumFraction(fraction)
    with acting_as(actor, event=ParticipationEvent.QUORUM_RULE_CHANGED):
        save_new_version(body, ["quorum_count", "quorum_fraction"])
    return body


# --- The standing review item ------------------------------------------------------------------------


def open_resolutions_for_review(
    user: User, body: Body, *, before: datetime.date | None = None, today: datetime.date | None = None
) -> list[Resolution]:
    """The body's resolutions still open that ``user`` may see, of its meetings before
    ``before`` (the meeting under review: its own and later ones are not yet "past"), overdue
    first (earliest due first), then by due date, then the rest by meeting date and number.
    Each carries ``is_overdue``."""
    today = today or timezone.localdate()
    still_open = Assignment.objects.open().values("resolution_id")
    rows = list(
        Resolution.objects.visible_to(user)
        .filter(body_id=body.pk, pk__in=still_open, **({"meeting_date__lt": before} if before else {}))
        .select_related("meeting")
        .prefetch_related("assignments__agency")
        .order_by(F("open_due_date").asc(nulls_last=True), "meeting_date", "number", "pk")
    )
    for r in rows:
        r.is_overdue = r.open_due_date is not None and r.open_due_date < today  # type: ignore[attr-defined]
    return rows


def has_review_item(meeting: Meeting) -> bool:
    return meeting.agenda_items.filter(is_review_of_past_resolutions=True).exists()


@transaction.atomic
def propose_review_item(*, actor: Actor, meeting: Meeting) -> AgendaItem:
    """Add «review of past resolutions» as the meeting's first agenda item (the standing item
    with which each meeting of a body starts); the items already there move down one place."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    _require_runs_body(actor, meeting.body)
    if signing_state(meeting).signed:
        raise ServiceError(MEETING_SIGNED.format(what="دستور کار"), code="meeting_signed")
    if has_review_item(meeting):
        raise ServiceError(REVIEW_ITEM_EXISTS, code="review_item_exists")
    with acting_as(actor, event=ParticipationEvent.REVIEW_ITEM_PROPOSED):
        # From the last down, so that no two items share an order at any moment.
        for item in meeting.agenda_items.order_by("-order"):
            item.order = item.order + 1
            item.save(update_fields=["order"])
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            text=REVIEW_ITEM_TEXT,
            presenter=meeting.secretary_name or "دبیرخانه",
            is_review_of_past_resolutions=True,
        )
    return item
