"""`qarargah send_reminders`: daily digests to agency officers and secretariats, once per day."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from qarargah.notifications import reminders
from qarargah.notifications.models import Notification, ReminderLog
from qarargah.persian import format_jalali, jalali_iso
from tests.api.world import submit_report

pytestmark = pytest.mark.django_db


def run(*args: str, capture=None) -> str:
    out = io.StringIO()
    if capture is not None:
        with capture(execute=True):
            call_command("send_reminders", *args, stdout=out)
    else:
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def today_arg(world) -> str:
    return world.today.isoformat()


def mail_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


def test_officer_digest_lists_due_soon_due_tomorrow_and_overdue(
    world, with_emails, django_capture_on_commit_callbacks
):
    people = with_emails
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    [varzesh] = mail_to("varzesh.alborz@example.ir")
    today_fa = format_jalali(world.today)
    assert varzesh.subject == f"یادآوری مهلت تکالیف اداره کل ورزش و جوانان — {today_fa}"
    body = varzesh.body
    assert "رضا محمدی گرامی، سلام." in body
    assert "■ ۱ تکلیف با مهلت امروز یا فردا" in body
    assert "■ ۱ تکلیف با مهلت تا ۳ روز آینده" in body
    assert "گذشته از مهلت" not in body
    assert "مصوبه ۳ — بیست و سومین جلسه قرارگاه" in body
    assert "تجهیز زمین ورزشی محله سهرابیه" in body
    assert f"مهلت: {format_jalali(world.varzesh_r3.due_date)} (۱ روز مانده)" in body
    assert f"مهلت: {format_jalali(world.varzesh_r1.due_date)} (۳ روز مانده)" in body
    assert (
        f"http://127.0.0.1:8000/resolutions/assignments/{world.varzesh_r3.pk}/" in body
        or "http://127.0.0.1:8000/" in body
    )
    # Persian digits only in what the person reads (the links keep Latin digits).
    assert not any(ch.isdigit() and ch.isascii() for ch in body.split("http")[0])
    # The HTML alternative is right-to-left.
    html, mimetype = varzesh.alternatives[0]
    assert mimetype == "text/html" and 'dir="rtl"' in html

    [taavon] = mail_to("taavon.alborz@example.ir")
    assert "■ ۱ تکلیف گذشته از مهلت" in taavon.body
    assert "معرفی سرپرستان خانوار بیکار" in taavon.body
    assert "(۲ روز گذشته)" in taavon.body
    assert "■ ۱ تکلیف با مهلت تا ۳ روز آینده" in taavon.body

    # The same digest arrives in the app, with a link to the inbox.
    note = Notification.objects.get(user=people.varzesh, kind="agency_digest")
    assert note.title == varzesh.subject
    assert note.body == "۱ تکلیف با مهلت امروز یا فردا؛ ۱ تکلیف با مهلت تا ۳ روز آینده."
    assert note.url.startswith("/")


def test_nothing_due_means_no_digest(world, with_emails, django_capture_on_commit_callbacks):
    later = world.today - datetime.timedelta(days=60)  # before any due date comes near
    output = run("--date", later.isoformat(), capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert "امروز یادآوری‌ای برای فرستادن نیست." in output


def test_second_run_the_same_day_sends_nothing(world, with_emails, django_capture_on_commit_callbacks):
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    notes = Notification.objects.count()
    logs = ReminderLog.objects.count()
    assert sent >= 3 and notes >= 3
    output = run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == sent
    assert Notification.objects.count() == notes
    assert ReminderLog.objects.count() == logs
    assert "۰ پیام فرستاده شد" in output
    assert "پیش‌تر در همین روز فرستاده شده بود" in output


def test_next_day_sends_again(world, with_emails, django_capture_on_commit_callbacks):
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    tomorrow = world.today + datetime.timedelta(days=1)
    run("--date", tomorrow.isoformat(), capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) > sent
    assert ReminderLog.objects.filter(period=jalali_iso(tomorrow)).exists()


def test_a_concurrent_run_that_logged_first_wins(
    world, with_emails, monkeypatch, django_capture_on_commit_callbacks
):
    """Two runs pass the cheap check together; the unique row lets only the first one send."""
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    monkeypatch.setattr(reminders, "_already_logged", lambda digest, channel: False)
    with django_capture_on_commit_callbacks(execute=True):
        deliveries = reminders.send_reminders(today=world.today)
    assert deliveries and {d.status for d in deliveries} == {reminders.ALREADY_SENT}
    assert len(mail.outbox) == sent


def test_secretariat_digest_has_overdue_items_and_reports_waiting(
    world, with_emails, django_capture_on_commit_callbacks
):
    people = with_emails
    submit_report(people.varzesh, world.varzesh_r1)
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    [digest] = mail_to("dabir.alborz@example.ir")
    assert digest.subject == f"گزارش روزانه پیگیری مصوبات استان البرز — {format_jalali(world.today)}"
    assert "■ ۱ تکلیف گذشته از مهلت" in digest.body
    assert "اداره کل تعاون، کار و رفاه اجتماعی" in digest.body
    assert "■ ۱ گزارش در انتظار بررسی" in digest.body
    assert "ده دوره برگزار شد" in digest.body
    assert "(ارسال امروز)" in digest.body
    # Each province's secretariat hears only about its own province.
    [markazi] = mail_to("dabir.markazi@example.ir")
    assert "شناسایی کودکان بازمانده از تحصیل" in markazi.body
    assert "معرفی سرپرستان" not in markazi.body
    assert "اداره کل ورزش" not in markazi.body


def test_a_reported_assignment_is_not_nagged(world, with_emails, django_capture_on_commit_callbacks):
    people = with_emails
    submit_report(people.varzesh, world.varzesh_r1)
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    [varzesh] = mail_to("varzesh.alborz@example.ir")
    assert "برگزاری ده دوره" not in varzesh.body
    assert "تجهیز زمین ورزشی" in varzesh.body


def test_officers_of_other_agencies_see_nothing_of_each_other(
    world, with_emails, django_capture_on_commit_callbacks
):
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    [varzesh] = mail_to("varzesh.alborz@example.ir")
    assert "معرفی سرپرستان" not in varzesh.body  # the labour directorate's own assignment
    assert mail_to("farmandari.karaj@example.ir") == []  # nothing assigned to the governorate


def test_dry_run_prints_and_sends_nothing(world, with_emails, django_capture_on_commit_callbacks):
    output = run("--dry-run", "--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert not ReminderLog.objects.exists()
    assert f"پیش‌نمایش یادآوری‌ها (چیزی فرستاده نمی‌شود) — {format_jalali(world.today)}" in output
    assert "رضا محمدی (varzesh.alborz): یادآوری مهلت تکالیف اداره کل ورزش و جوانان" in output
    assert "رایانامه (varzesh.alborz@example.ir): فرستاده می‌شود" in output
    assert "اعلان درون سامانه (varzesh.alborz): فرستاده می‌شود" in output


def test_dry_run_after_a_real_run_says_already_sent(world, with_emails, django_capture_on_commit_callbacks):
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    output = run("--dry-run", "--date", today_arg(world))
    assert "پیش‌تر در همین روز فرستاده شده بود" in output
    assert "فرستاده می‌شود\n" not in output


def test_jalali_date_is_accepted(world, with_emails, django_capture_on_commit_callbacks):
    from qarargah.persian import to_persian_digits

    jalali = to_persian_digits(jalali_iso(world.today).replace("-", "/"))
    run("--date", jalali, capture=django_capture_on_commit_callbacks)
    assert ReminderLog.objects.filter(period=jalali_iso(world.today)).exists()


def test_a_bad_date_is_refused_in_persian(db):
    with pytest.raises(CommandError, match="تاریخ «فردا» خوانده نشد"):
        run("--date", "فردا")


def test_without_a_date_nothing_is_sent_before_the_morning(world, with_emails, settings):
    settings.QARARGAH_REMINDER_EARLIEST_HOUR = 24  # "too early" whatever the hour now
    output = run()
    assert "یادآوری‌ها از ساعت ۲۴ فرستاده می‌شوند" in output
    assert not ReminderLog.objects.exists()


def test_without_a_date_the_run_is_as_of_today(
    world, with_emails, settings, django_capture_on_commit_callbacks
):
    settings.QARARGAH_REMINDER_EARLIEST_HOUR = 0
    run(capture=django_capture_on_commit_callbacks)
    assert ReminderLog.objects.filter(period=jalali_iso(world.today)).exists()


def test_no_email_address_means_in_app_only(world, people, django_capture_on_commit_callbacks):
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.filter(user=people.varzesh).count() == 1
    assert set(ReminderLog.objects.values_list("channel", flat=True)) == {"in_app"}


def test_email_can_be_switched_off(world, with_emails, django_capture_on_commit_callbacks):
    from qarargah.notifications.models import NotificationPreference

    NotificationPreference.objects.create(user=with_emails.varzesh, email_enabled=False)
    run("--date", today_arg(world), capture=django_capture_on_commit_callbacks)
    assert mail_to("varzesh.alborz@example.ir") == []
    assert Notification.objects.filter(user=with_emails.varzesh).exists()


def test_mail_leaves_only_when_the_transaction_commits(world, with_emails):
    # Without the commit (the test's transaction is never committed) nothing is sent, although
    # the log rows and in-app notifications are written inside the transaction.
    run("--date", today_arg(world))
    assert mail.outbox == []
    assert ReminderLog.objects.filter(channel="email").exists()
