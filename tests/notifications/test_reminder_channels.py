"""Reminder channels and recipients: SMS behind the same interface (off by default), each role
gets only its own items, and a quiet run for cron."""

from __future__ import annotations

import io
import logging

import pytest
from django.core import mail
from django.core.management import call_command

from qarargah.notifications.channels import SmsChannel, reminder_channels
from qarargah.notifications.models import Notification, NotificationPreference, ReminderLog
from qarargah.notifications.sms import get_sms_backend, sms_enabled
from tests.api.world import submit_report

pytestmark = pytest.mark.django_db

SENT_SMS: list[dict] = []


class RecordingSms:
    """A test double named in QARARGAH_SMS_BACKEND; the product itself ships no provider."""

    def __init__(self, **options) -> None:
        self.options = options

    def send(self, *, to: str, text: str) -> None:
        SENT_SMS.append({"to": to, "text": text, "options": self.options})


@pytest.fixture(autouse=True)
def clear_sms():
    SENT_SMS.clear()
    yield
    SENT_SMS.clear()


@pytest.fixture
def sms_on(settings):
    settings.QARARGAH_SMS_BACKEND = f"{__name__}.RecordingSms"
    settings.QARARGAH_SMS_OPTIONS = {"api_key": "k-123", "sender": "3000"}
    return settings


def run(world, *args: str, capture) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_reminders", "--date", world.today.isoformat(), *args, stdout=out)
    return out.getvalue()


# --- SMS ------------------------------------------------------------------------------------------


def test_sms_is_off_by_default(world, people, django_capture_on_commit_callbacks):
    assert not sms_enabled()
    assert get_sms_backend() is None
    NotificationPreference.objects.create(user=people.varzesh, mobile="09121234567")
    run(world, capture=django_capture_on_commit_callbacks)
    assert SENT_SMS == []
    assert not ReminderLog.objects.filter(channel="sms").exists()
    assert SmsChannel().address(people.varzesh) is None


def test_sms_goes_once_a_day_to_those_with_a_mobile_number(
    world, people, sms_on, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=people.varzesh, mobile="09121234567")
    output = run(world, capture=django_capture_on_commit_callbacks)
    [sms] = SENT_SMS
    assert sms["to"] == "09121234567"
    assert sms["options"] == {"api_key": "k-123", "sender": "3000"}
    assert sms["text"] == (
        "سامانه قرارگاه: ۱ تکلیف با مهلت امروز یا فردا؛ ۱ تکلیف با مهلت تا ۳ روز آینده. "
        "http://127.0.0.1:8000/resolutions/inbox/"
    )
    assert "پیامک (09121234567): فرستاده شد" in output
    # Officers without a number get no SMS; a second run sends none again.
    run(world, capture=django_capture_on_commit_callbacks)
    assert len(SENT_SMS) == 1
    assert ReminderLog.objects.filter(channel="sms").count() == 1


def test_sms_can_be_switched_off_per_person(world, people, sms_on, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=people.varzesh, mobile="09121234567", sms_enabled=False)
    run(world, capture=django_capture_on_commit_callbacks)
    assert SENT_SMS == []


def test_the_three_channels_share_one_interface(sms_on, people):
    channels = reminder_channels()
    assert [c.name for c in channels] == ["in_app", "email", "sms"]
    for channel in channels:
        assert callable(channel.address) and callable(channel.send)


# --- Who gets what ---------------------------------------------------------------------------------


@pytest.fixture
def everyone_has_email(people):
    for user in vars(people).values():
        user.email = f"{user.username}@example.ir"
        user.save(update_fields=["email"])
    return people


def bodies_for(user) -> list[str]:
    return [m.body for m in mail.outbox if user.email in m.to]


def test_each_role_gets_only_its_own_items(world, everyone_has_email, django_capture_on_commit_callbacks):
    people = everyone_has_email
    submit_report(people.taavon, world.taavon_r1)  # a report waiting for the Alborz secretariat
    run(world, capture=django_capture_on_commit_callbacks)

    [alborz] = bodies_for(people.secretariat)
    assert "■ ۱ تکلیف گذشته از مهلت" in alborz and "معرفی سرپرستان" in alborz
    assert "■ ۱ گزارش در انتظار بررسی" in alborz and "ارسال امروز" in alborz
    assert "شناسایی کودکان بازمانده" not in alborz  # Markazi's

    [markazi] = bodies_for(people.markazi_secretariat)
    assert "شناسایی کودکان بازمانده" in markazi
    assert "معرفی سرپرستان" not in markazi and "گزارش در انتظار بررسی" not in markazi

    [behzisti] = bodies_for(people.markazi_officer)
    assert "شناسایی کودکان بازمانده" in behzisti and "معرفی سرپرستان" not in behzisti

    [taavon] = bodies_for(people.taavon)
    assert "معرفی سرپرستان" in taavon
    assert "برگزاری ده دوره" not in taavon  # reported: now the secretariat's move, not the agency's
    assert "تجهیز زمین ورزشی" not in taavon  # the sports directorate's

    # Read-only roles and those with nothing assigned get no digest in any channel.
    for persona in ("leadership", "national", "hesar_manager", "karaj_governorate", "admin"):
        user = getattr(people, persona)
        assert bodies_for(user) == [], persona
        assert not Notification.objects.filter(user=user).exists(), persona


# --- A quiet run for cron ----------------------------------------------------------------------------


def test_verbosity_0_prints_nothing_and_still_sends(
    world, with_emails, django_capture_on_commit_callbacks, capsys, caplog, monkeypatch
):
    from qarargah.notifications.management.commands import send_reminders as command

    # Outside a test the immediate task backend runs each email as its transaction commits, inside
    # the command, and logs two INFO lines per task; stand in for that here, where the commit
    # callbacks only run after the command has returned.
    real = command.send_reminders

    def send_and_log(**kwargs):
        result = real(**kwargs)
        # Probe ids no real task id can contain (those are random letters and digits: «id=x»
        # matched one that began with an x now and then).
        logging.getLogger("django.tasks").info("Task id=probe-info state=SUCCESSFUL")
        logging.getLogger("django.tasks").warning("Task id=probe-warning state=FAILED")
        return result

    monkeypatch.setattr(command, "send_reminders", send_and_log)
    caplog.set_level(logging.INFO)
    output = run(world, "--verbosity", "0", capture=django_capture_on_commit_callbacks)
    assert output == ""
    assert capsys.readouterr().out == ""
    probes = [
        r.getMessage() for r in caplog.records if r.name == "django.tasks" and "id=probe-" in r.getMessage()
    ]
    assert probes == ["Task id=probe-warning state=FAILED"]  # failures still reach the log
    assert len(mail.outbox) >= 3
    # The tasks logger is given back its level for whatever runs next in the process.
    assert logging.getLogger("django.tasks").level == logging.NOTSET


def test_verbosity_2_prints_each_digest(world, with_emails, django_capture_on_commit_callbacks):
    output = run(world, "--verbosity", "2", capture=django_capture_on_commit_callbacks)
    assert "رضا محمدی گرامی، سلام." in output
    assert "تجهیز زمین ورزشی محله سهرابیه" in output
