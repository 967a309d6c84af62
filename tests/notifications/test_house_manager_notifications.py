"""A neighbourhood house's manager hears of the house's work like any officer (decision 0022):
the daily digest of what is due and overdue, and the instant message of a new assignment."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from qarargah.notifications import recipients
from qarargah.notifications.models import Notification
from qarargah.organisations.models import Agency
from tests.resolutions.factories import make_resolution, today

pytestmark = pytest.mark.django_db

HESAR_HOUSE = "خانه محله حصار"


@pytest.fixture
def manager(people):
    people.hesar_manager.email = "khaneh.hesar@example.ir"
    people.hesar_manager.save(update_fields=["email"])
    return people.hesar_manager


def test_the_house_manager_is_among_those_acting_for_the_house(people, manager):
    house = Agency.objects.get(name=HESAR_HOUSE)
    found = recipients.officers_acting_for([house.pk])
    assert manager in found[house.pk]
    # ... and not for any other agency.
    other = Agency.objects.get(name="اداره کل ورزش و جوانان")
    assert manager not in recipients.officers_acting_for([other.pk]).get(other.pk, [])


def test_the_daily_digest_reaches_the_house_manager(people, manager, django_capture_on_commit_callbacks):
    make_resolution(
        people.secretariat,
        text="مقرر گردید: خانه محله حصار کلاس مهارت‌آموزی برگزار کند.",
        agencies=(HESAR_HOUSE,),
        due=today() - datetime.timedelta(days=2),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", today().isoformat(), stdout=io.StringIO())
    [message] = [m for m in mail.outbox if manager.email in m.to]
    assert message.subject.startswith(f"یادآوری مهلت تکالیف {HESAR_HOUSE} — ")
    assert "کلاس مهارت‌آموزی" in message.body
    assert "■ ۱ تکلیف گذشته از مهلت" in message.body
    assert Notification.objects.filter(user=manager, kind="agency_digest").exists()


def test_a_new_assignment_notifies_the_house_manager(people, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_resolution(
            people.secretariat,
            text="مقرر گردید: خانه محله حصار جشن محله برگزار کند.",
            agencies=(HESAR_HOUSE,),
            due=today() + datetime.timedelta(days=10),
        )
    note = Notification.objects.filter(user=manager).exclude(kind="agency_digest").get()
    assert HESAR_HOUSE in note.title
