"""The notifications page says what each role is told, lists instant notifications, and keeps
each person's own email/SMS preferences."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from qarargah.notifications.models import Notification, NotificationPreference
from qarargah.resolutions.services import assign_resolution

pytestmark = pytest.mark.django_db

LIST = "/notifications/"
PREFS = "/notifications/preferences/"


def test_an_officer_reads_what_reaches_them(people, client_for):
    html = client_for(people.varzesh).get(LIST).content.decode()
    assert "تکلیف تازه‌ای که به دستگاه شما سپرده شود" in html
    assert "پذیرش یا برگشت گزارش‌های دستگاه شما، با دلیل دبیرخانه؛" in html
    assert "گزارش تازه‌ای که دستگاهی برای مصوبات استان شما بفرستد" not in html
    # The demo account has no address, and the page says what that means.
    assert "حساب شما نشانی رایانامه ندارد؛ اعلان‌ها فقط همین‌جا دیده می‌شود." in html


def test_a_secretariat_reads_what_reaches_them(people, client_for):
    people.secretariat.email = "dabir@example.ir"
    people.secretariat.save(update_fields=["email"])
    html = client_for(people.secretariat).get(LIST).content.decode()
    assert "گزارش تازه‌ای که دستگاهی برای مصوبات استان شما بفرستد و در انتظار بررسی باشد" in html
    assert "تکلیف تازه‌ای که به دستگاه شما سپرده شود" not in html
    assert 'به نشانی <span dir="ltr">dabir@example.ir</span> هم فرستاده می‌شود' in html


def test_a_new_assignment_is_listed_and_can_be_marked_read(
    world, people, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_resolution(
            actor=people.secretariat, resolution=world.r2, agency=people.varzesh.agency
        )
    client = client_for(people.varzesh)
    html = client.get(LIST).content.decode()
    assert html.count('data-testid="notification"') == 1
    assert "تکلیف تازه برای اداره کل ورزش و جوانان: مصوبه ۲ — بیست و سومین جلسه قرارگاه" in html
    [note] = Notification.objects.filter(user=people.varzesh)
    response = client.post(f"{LIST}{note.pk}/read/", {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/resolutions/assignments/{assignment.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None
    # Another agency's officer sees nothing of it.
    assert 'data-testid="notification"' not in client_for(people.taavon).get(LIST).content.decode()


def test_the_form_shows_the_email_switches_and_no_sms_while_sms_is_off(people, client_for):
    html = client_for(people.varzesh).get(LIST).content.decode()
    assert "اعلان فوری هر رویداد را با رایانامه هم بفرست" in html
    assert "یادآوری روزانه مهلت‌ها را با رایانامه بفرست" in html
    assert 'name="mobile"' not in html and 'name="sms_enabled"' not in html


def test_saving_preferences_changes_only_ones_own(people, client_for):
    NotificationPreference.objects.create(user=people.taavon)
    response = client_for(people.varzesh).post(PREFS, {"email_enabled": "on"})
    assert response.status_code == 302 and response["Location"] == LIST
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["تنظیمات اعلان‌های شما ذخیره شد."]
    mine = NotificationPreference.objects.get(user=people.varzesh)
    assert (mine.event_email_enabled, mine.email_enabled, mine.sms_enabled) == (False, True, True)
    theirs = NotificationPreference.objects.get(user=people.taavon)
    assert theirs.event_email_enabled and theirs.email_enabled
    # A posted user id is not a field: it changes nothing for anybody else.
    client_for(people.varzesh).post(PREFS, {"user": people.taavon.pk})
    theirs.refresh_from_db()
    assert theirs.event_email_enabled and theirs.email_enabled


def test_the_page_shows_the_saved_choice(people, client_for):
    NotificationPreference.objects.create(user=people.varzesh, event_email_enabled=False)
    html = client_for(people.varzesh).get(LIST).content.decode()
    event = html.split('name="event_email_enabled"', 1)[1].split(">", 1)[0]
    digest = html.split('name="email_enabled"', 1)[1].split(">", 1)[0]
    assert "checked" not in event and "checked" in digest


@pytest.fixture
def sms_on(settings):
    settings.QARARGAH_SMS_BACKEND = "tests.notifications.test_reminder_channels.RecordingSms"
    return settings


def test_with_sms_on_a_persian_typed_mobile_number_is_kept(people, client_for, sms_on):
    client = client_for(people.varzesh)
    assert 'name="mobile"' in client.get(LIST).content.decode()
    response = client.post(PREFS, {"event_email_enabled": "on", "sms_enabled": "on", "mobile": "۰۹۱۲۱۲۳۴۵۶۷"})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=people.varzesh)
    assert (preference.mobile, preference.sms_enabled, preference.email_enabled) == (
        "09121234567",
        True,
        False,
    )


def test_a_bad_mobile_number_is_refused_at_the_field_and_nothing_typed_is_lost(people, client_for, sms_on):
    response = client_for(people.varzesh).post(PREFS, {"sms_enabled": "on", "mobile": "0912"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "شماره همراه را با ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹" in html
    assert 'value="0912"' in html
    assert not NotificationPreference.objects.filter(user=people.varzesh).exists()


def test_preferences_are_post_only_and_need_a_login(people, client_for, client):
    assert client_for(people.varzesh).get(PREFS).status_code == 405
    response = client.post(PREFS, {"email_enabled": "on"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not NotificationPreference.objects.exists()
