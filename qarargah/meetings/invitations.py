"""Sending a meeting's invitation (issue 13): who is invited, the delivery recorded per
recipient, the email with the agenda, an ``.ics`` and the Word invitation attached, the in-app
note and the SMS.

Invitations go to each member agency's fixed representative (``BodyMembership``); a member that
has named none is invited through its officers. Sending twice needs the sender's confirmation
and updates each recipient's row instead of adding one. Mail leaves through Django's email
framework in a background task (``django.tasks``), after the transaction commits, like the
notifications app's mail (decision 0020); the in-app note and the SMS go through the
notifications app (``core.messages``, decision 0031).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from qarargah.accounts.models import User
from qarargah.core.errors import ServiceError
from qarargah.core.messages import Message, tell_on_commit
from qarargah.history.registry import acting_as
from qarargah.organisations.models import Agency
from qarargah.persian import JalaliDate, to_persian_digits

from . import calendar, documents
from .models import DeliveryStatus, InvitationDelivery, Meeting
from .participation import _require_runs_body, agency_officers
from .participation_events import ParticipationEvent

log = logging.getLogger(__name__)

PAST_MEETING = "این جلسه در {date} برگزار شده است؛ برای جلسه گذشته دعوتنامه فرستاده نمی‌شود."
ALREADY_SENT = (
    "دعوتنامه این جلسه پیش‌تر در {when} برای {count} نفر فرستاده شده است؛ "
    "اگر می‌خواهید دوباره بفرستید، ارسال دوباره را تأیید کنید."
)
NOBODY_INVITED = (
    "«{body}» هیچ دستگاه عضوی ندارد که دعوت شود؛ نخست اعضای نهاد را در بخش ساختار سازمانی ثبت کنید."
)


@dataclass(frozen=True)
class Invitee:
    key: str
    agency: Agency | None
    user: User | None
    name: str
    title: str
    email: str
    mobile: str
    # True when the member named no representative and its officers are invited instead.
    via_officers: bool = False


def _invited_outside_body(meeting: Meeting, member_ids: set[int]) -> list[Agency]:
    """Agencies the schedule form invited beyond the body's members (``Meeting.invited_agencies``
    of the life cycle, when the meeting has it)."""
    invited = getattr(meeting, "invited_agencies", None)
    if invited is None or not hasattr(invited, "all"):
        return []
    return [a for a in invited.all().order_by("name") if a.pk not in member_ids]


def invitees(meeting: Meeting) -> list[Invitee]:
    """Each member agency's representative, its officers when it has named none; and the
    officers of each agency invited beyond the members (it has no representative in this body)."""
    memberships = list(
        meeting.body.memberships.select_related("agency", "representative").order_by("agency__name")
    )
    guests = _invited_outside_body(meeting, {m.agency_id for m in memberships})
    unnamed = {m.agency_id for m in memberships if not m.has_representative} | {a.pk for a in guests}
    officers = agency_officers(unnamed) if unnamed else {}
    out: list[Invitee] = []
    seen: set[str] = set()

    def add(invitee: Invitee) -> None:
        if invitee.key not in seen:
            seen.add(invitee.key)
            out.append(invitee)

    for m in memberships:
        if m.representative is not None:
            user = m.representative
            add(
                Invitee(
                    key=f"user:{user.pk}",
                    agency=m.agency,
                    user=user,
                    name=m.representative_name or str(user),
                    title=m.representative_title,
                    email=m.representative_email or user.email,
                    mobile=m.representative_mobile,
                )
            )
        elif m.representative_name.strip():
            add(
                Invitee(
                    key=f"person:{m.agency_id}",
                    agency=m.agency,
                    user=None,
                    name=m.representative_name,
                    title=m.representative_title,
                    email=m.representative_email,
                    mobile=m.representative_mobile,
                )
            )
        else:
            for user in officers.get(m.agency_id, []):
                add(
                    Invitee(
                        key=f"user:{user.pk}",
                        agency=m.agency,
                        user=user,
                        name=str(user),
                        title="",
                        email=user.email,
                        mobile="",
                        via_officers=True,
                    )
                )
    for agency in guests:
        for user in officers.get(agency.pk, []):
            add(
                Invitee(
                    key=f"user:{user.pk}",
                    agency=agency,
                    user=user,
                    name=str(user),
                    title="",
                    email=user.email,
                    mobile="",
                    via_officers=True,
                )
            )
    return out


def sms_configured() -> bool:
    # The notifications app's SMS gateway setting (notifications/sms.py), read, not imported.
    return bool(getattr(settings, "QARARGAH_SMS_BACKEND", ""))


@dataclass(frozen=True)
class SendResult:
    deliveries: list[InvitationDelivery]
    resent: bool

    @property
    def emailed(self) -> int:
        return sum(1 for d in self.deliveries if d.email_status == DeliveryStatus.QUEUED)

    @property
    def without_email(self) -> list[InvitationDelivery]:
        return [d for d in self.deliveries if d.email_status == DeliveryStatus.NO_ADDRESS]


def _fa(value: object) -> str:
    return to_persian_digits(str(value))


@transaction.atomic
def send_invitations(*, actor: User, meeting: Meeting, confirm_resend: bool = False) -> SendResult:
    """Invite everyone :func:`invitees` names: one delivery row each (updated on a confirmed
    second send), the email queued on commit, the in-app note and SMS handed to notifications."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    _require_runs_body(actor, meeting.body)
    if meeting.date < timezone.localdate():
        raise ServiceError(
            PAST_MEETING.format(date=JalaliDate.from_gregorian(meeting.date)), code="past_meeting"
        )
    existing = {d.recipient_key: d for d in meeting.invitation_deliveries.all()}
    if existing and not confirm_resend:
        last = max(d.sent_at for d in existing.values())
        when = f"{JalaliDate.from_gregorian(timezone.localtime(last))} ساعت {_fa(timezone.localtime(last).strftime('%H:%M'))}"
        raise ServiceError(ALREADY_SENT.format(when=when, count=_fa(len(existing))), code="already_sent")
    people = invitees(meeting)
    if not people:
        raise ServiceError(NOBODY_INVITED.format(body=meeting.body), code="nobody_invited")
    sms_on = sms_configured()
    deliveries: list[InvitationDelivery] = []
    with acting_as(actor, event=ParticipationEvent.INVITATION_SENT):
        for person in people:
            delivery = existing.get(person.key) or InvitationDelivery(
                meeting=meeting, recipient_key=person.key, send_count=0
            )
            delivery.agency = person.agency
            delivery.user = person.user
            delivery.name = person.name[:200]
            delivery.title = person.title[:300]
            delivery.email = person.email
            delivery.mobile = person.mobile
            delivery.email_status = DeliveryStatus.QUEUED if person.email else DeliveryStatus.NO_ADDRESS
            if not sms_on:
                delivery.sms_status = DeliveryStatus.NOT_CONFIGURED
            else:
                has_number = bool(person.mobile) or person.user is not None
                delivery.sms_status = DeliveryStatus.QUEUED if has_number else DeliveryStatus.NO_ADDRESS
            delivery.error = ""
            delivery.send_count += 1
            delivery.sent_by = actor
            delivery.save()
            deliveries.append(delivery)
    to_mail = [d.pk for d in deliveries if d.email_status == DeliveryStatus.QUEUED]
    if to_mail:
        transaction.on_commit(
            lambda: send_invitation_emails.enqueue(meeting_id=meeting.pk, delivery_ids=to_mail)
        )
    tell_on_commit(_messages(meeting, deliveries), sender="meetings")
    return SendResult(deliveries=deliveries, resent=bool(existing))


def _when(meeting: Meeting) -> str:
    j = JalaliDate.from_gregorian(meeting.date)
    text = f"{j.weekday_name()} {j}"
    if meeting.time:
        text += f" ساعت {_fa(meeting.time.strftime('%H:%M'))}"
    return text


def _messages(meeting: Meeting, deliveries: list[InvitationDelivery]) -> list[Message]:
    title = f"دعوت به {meeting}"
    where = f"، {meeting.place}" if meeting.place else ""
    sms_text = f"دعوت به {meeting}: {_when(meeting)}{where}. دبیرخانه {meeting.body}"
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    out: list[Message] = []
    for d in deliveries:
        if d.user_id is None and d.sms_status != DeliveryStatus.QUEUED:
            continue
        out.append(
            {
                "user_id": d.user_id,
                "kind": "meeting_invitation",
                "event_key": f"meeting_invitation:{meeting.pk}:{stamp}",
                "title": title,
                "body": f"{_when(meeting)}{where}.",
                "url": reverse("meetings:calendar"),
                # The email with its attachments is this app's own (send_invitation_emails).
                "email": False,
                "sms_to": d.mobile,
                "sms_text": sms_text if d.sms_status == DeliveryStatus.QUEUED else "",
            }
        )
    return out


# --- The email -----------------------------------------------------------------------------------


def invitation_email(
    meeting: Meeting, delivery: InvitationDelivery, *, ics: bytes, docx: bytes | None
) -> EmailMultiAlternatives:
    data = documents.invitation_data(meeting)
    context = {
        "meeting": meeting,
        "delivery": delivery,
        "data": data,
        "when": _when(meeting),
        "calendar_url": f"{settings.QARARGAH_SITE_URL}{reverse('meetings:calendar')}",
    }
    message = EmailMultiAlternatives(
        subject=f"دعوتنامه: {data['title']} — {_when(meeting)}",
        body=render_to_string("meetings/participation/invitation_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.email],
    )
    message.attach_alternative(
        render_to_string("meetings/participation/invitation_email.html", context), "text/html"
    )
    message.attach("invitation.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    if docx is not None:
        message.attach(
            f"invitation-{meeting.pk}.docx",
            docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    return message


@task
def send_invitation_emails(*, meeting_id: int, delivery_ids: list[int]) -> int:
    """Mail the invitation to each delivery still queued; the attachments are built once.
    Returns how many were sent; each row says sent or failed (with the reason)."""
    meeting = Meeting.objects.select_related("body", "body__province").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    ics = calendar.calendar_bytes([meeting], name=str(meeting))
    try:
        docx: bytes | None = documents.build_document(meeting, kind="invitation", fmt="docx").content
    except Exception:  # the Word file is a courtesy: the email goes without it
        log.exception("invitation docx for meeting %s could not be built", meeting_id)
        docx = None
    sent = 0
    for delivery in InvitationDelivery.objects.filter(
        pk__in=delivery_ids, email_status=DeliveryStatus.QUEUED
    ):
        try:
            invitation_email(meeting, delivery, ics=ics, docx=docx).send()
        except Exception as exc:  # one bad address must not stop the others
            log.warning("invitation email to delivery %s failed: %s", delivery.pk, exc)
            InvitationDelivery.objects.filter(pk=delivery.pk).update(
                email_status=DeliveryStatus.FAILED, error=f"ارسال رایانامه ناموفق بود: {exc}"[:500]
            )
        else:
            sent += 1
            InvitationDelivery.objects.filter(pk=delivery.pk).update(
                email_status=DeliveryStatus.SENT, error=""
            )
    return sent
