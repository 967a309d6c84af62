"""Sending a meeting's invitation: an email per representative with the agenda, the .ics
(read back with icalendar) and the Word invitation; deliveries recorded per recipient; a second
send asks first and lists nobody twice; SMS through notifications when configured."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from qarargah.meetings.invitations import send_invitations
from qarargah.meetings.models import AgendaItem, DeliveryStatus, InvitationDelivery
from qarargah.notifications.models import Notification
from qarargah.persian import TEHRAN

from .participation_world import committee, meeting_of, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(people):
    body = committee()
    varzesh = member(body, "ورزش")
    varzesh.representative_name = "مریم احمدی"
    varzesh.representative_title = "معاون توسعه ورزش بانوان"
    varzesh.representative_email = "ahmadi@varzesh.example.ir"
    varzesh.representative_mobile = "09121234567"
    varzesh.save()
    behzisti = member(body, "بهزیستی")
    behzisti.representative_name = "علی رضایی"  # named without an email
    behzisti.save()
    m = meeting_of(body, days=5, title="جلسه سوم کمیته بانوان")
    AgendaItem.objects.create(meeting=m, order=1, text="گزارش طرح ورزش صبحگاهی بانوان")
    AgendaItem.objects.create(meeting=m, order=2, text="برنامه هفته ازدواج")
    return m


def send(client, meeting, **data):
    return client.post(reverse("meetings:invitation_send", args=[meeting.pk]), data)


def test_email_with_agenda_ics_and_word(people, client_for, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client_for(people.secretariat), meeting)
    assert response.status_code == 302
    [email] = [m for m in mail.outbox if "ahmadi@varzesh.example.ir" in m.to]
    assert email.subject.startswith("دعوتنامه: جلسه سوم کمیته بانوان — ")
    assert "مریم احمدی، معاون توسعه ورزش بانوان" in email.body
    assert "1- گزارش طرح ورزش صبحگاهی بانوان" not in email.body  # digits are Persian
    assert "۱- گزارش طرح ورزش صبحگاهی بانوان" in email.body
    assert "محل: سالن شهید رجایی استانداری" in email.body
    assert "ساعت ۱۰:۰۰" in email.body
    names = [a[0] for a in email.attachments]
    assert names == ["invitation.ics", f"invitation-{meeting.pk}.docx"]
    ics = icalendar.Calendar.from_ical(email.attachments[0][1])
    [event] = ics.events
    assert event.start == datetime.datetime.combine(meeting.date, datetime.time(10, 0), tzinfo=TEHRAN)
    assert event.start.utcoffset() == datetime.timedelta(hours=3, minutes=30)
    assert event.end - event.start == datetime.timedelta(hours=2)
    assert str(event["summary"]) == "جلسه سوم کمیته بانوان"
    assert str(event["location"]) == "سالن شهید رجایی استانداری"
    assert "۲- برنامه هفته ازدواج" in str(event["description"])
    assert email.attachments[1][1][:2] == b"PK"  # a Word (zip) file
    html = email.alternatives[0][0]
    assert 'dir="rtl"' in html


def test_deliveries_recorded_and_shown(people, client_for, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(client_for(people.secretariat), meeting)
    rows = {d.name: d for d in InvitationDelivery.objects.filter(meeting=meeting)}
    assert rows["مریم احمدی"].email_status == DeliveryStatus.SENT
    assert rows["علی رضایی"].email_status == DeliveryStatus.NO_ADDRESS
    assert rows["مریم احمدی"].sms_status == DeliveryStatus.NOT_CONFIGURED
    page = (
        client_for(people.secretariat).get(reverse("meetings:invitation", args=[meeting.pk])).content.decode()
    )
    assert "فرستاده شد" in page and "نشانی ندارد" in page and "راه‌اندازی نشده" in page


def test_member_without_representative_is_invited_through_its_officers(
    people, client_for, meeting, django_capture_on_commit_callbacks
):
    people.varzesh.email = "varzesh.alborz@example.ir"
    people.varzesh.save(update_fields=["email"])
    varzesh = member(meeting.body, "ورزش")
    varzesh.representative_name = ""
    varzesh.save()
    with django_capture_on_commit_callbacks(execute=True):
        send(client_for(people.secretariat), meeting)
    assert InvitationDelivery.objects.filter(meeting=meeting, user=people.varzesh).exists()
    assert [m.to for m in mail.outbox] == [["varzesh.alborz@example.ir"]]
    note = Notification.objects.get(user=people.varzesh, kind="meeting_invitation")
    assert note.title == "دعوت به جلسه سوم کمیته بانوان"


def test_second_send_asks_and_does_not_duplicate(
    people, client_for, meeting, django_capture_on_commit_callbacks
):
    c = client_for(people.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        send(c, meeting)
    first = InvitationDelivery.objects.filter(meeting=meeting).count()
    mail.outbox.clear()
    response = send(c, meeting)
    assert response.status_code == 409
    html = response.content.decode()
    assert (
        "دعوتنامه این جلسه پیش‌تر در" in html
        and f"برای {first:,}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in html
    )
    assert "اگر می‌خواهید دوباره بفرستید، ارسال دوباره را تأیید کنید." in html
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = send(c, meeting, confirm="yes")
    assert response.status_code == 302
    assert InvitationDelivery.objects.filter(meeting=meeting).count() == first
    assert set(InvitationDelivery.objects.filter(meeting=meeting).values_list("send_count", flat=True)) == {2}
    assert len(mail.outbox) == 1


def test_sms_through_notifications_when_configured(
    people, client_for, meeting, settings, django_capture_on_commit_callbacks
):
    sent = []

    settings.QARARGAH_SMS_BACKEND = f"{__name__}.RecordingGateway"
    RecordingGateway.sent = sent
    with django_capture_on_commit_callbacks(execute=True):
        send(client_for(people.secretariat), meeting)
    row = InvitationDelivery.objects.get(meeting=meeting, name="مریم احمدی")
    assert row.sms_status == DeliveryStatus.QUEUED
    assert (
        InvitationDelivery.objects.get(meeting=meeting, name="علی رضایی").sms_status
        == DeliveryStatus.NO_ADDRESS
    )
    assert [to for to, _ in sent] == ["09121234567"]
    assert sent[0][1].startswith("دعوت به جلسه سوم کمیته بانوان: ")


class RecordingGateway:
    sent: list = []

    def send(self, *, to, text):
        self.sent.append((to, text))


def test_past_meeting_and_empty_body_refused(people, client_for, meeting):
    meeting.date = meeting.date - datetime.timedelta(days=30)
    meeting.save()
    c = client_for(people.secretariat)
    page = c.post(reverse("meetings:invitation_send", args=[meeting.pk]), follow=True).content.decode()
    assert "برای جلسه گذشته دعوتنامه فرستاده نمی‌شود." in page
    assert not InvitationDelivery.objects.exists()
    meeting.date = meeting.date + datetime.timedelta(days=60)
    meeting.save()
    meeting.body.memberships.all().delete()
    page = c.post(reverse("meetings:invitation_send", args=[meeting.pk]), follow=True).content.decode()
    assert "«کمیته بانوان و تحکیم بنیان خانواده» هیچ دستگاه عضوی ندارد که دعوت شود؛" in page


def test_only_the_secretariat_sends(people, client_for, meeting):
    for who in (people.leadership, people.varzesh, people.national):
        assert send(client_for(who), meeting).status_code == 403
    assert send(client_for(people.markazi_secretariat), meeting).status_code == 404
    assert (
        client_for(people.leadership).get(reverse("meetings:invitation", args=[meeting.pk])).status_code
        == 200
    )
    with pytest.raises(Exception) as exc:
        send_invitations(actor=people.leadership, meeting=meeting)
    assert "دبیرخانه همان نهاد" in str(exc.value)


def test_wrong_methods(people, client_for, meeting):
    c = client_for(people.secretariat)
    assert c.get(reverse("meetings:invitation_send", args=[meeting.pk])).status_code == 405
    assert c.post(reverse("meetings:invitation", args=[meeting.pk])).status_code == 405


def test_officer_may_not_open_the_invitation_page(people, client_for, meeting):
    assert (
        client_for(people.varzesh).get(reverse("meetings:invitation", args=[meeting.pk])).status_code == 403
    )
    assert (
        client_for(people.markazi_secretariat)
        .get(reverse("meetings:invitation", args=[meeting.pk]))
        .status_code
        == 404
    )


def test_agencies_invited_beyond_the_members_are_invited_through_their_officers(people, meeting):
    from qarargah.meetings.invitations import invitees
    from qarargah.meetings.models import Meeting
    from qarargah.organisations.models import Agency

    guest = people.taavon.agency
    if any(f.name == "invited_agencies" for f in Meeting._meta.get_fields()):
        meeting.invited_agencies.set([guest])  # the life cycle's schedule form
    else:  # before the life cycle is merged: the attribute the schedule form will fill
        meeting.invited_agencies = Agency.objects.filter(pk=guest.pk)
    rows = [(i.agency, i.user, i.via_officers) for i in invitees(meeting)]
    assert (guest, people.taavon, True) in rows
    assert [i.name for i in invitees(meeting) if i.agency == guest] == [str(people.taavon)]
