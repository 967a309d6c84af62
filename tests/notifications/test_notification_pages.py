"""The notification list page, the unread badge in the navbar, and marking notifications read."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from qarargah.notifications.models import Notification
from qarargah.notifications.services import notify

pytestmark = pytest.mark.django_db

LIST = "/notifications/"


@pytest.fixture
def notes(people):
    first = notify(
        people.varzesh,
        "agency_digest",
        "یادآوری مهلت تکالیف",
        "۱ تکلیف گذشته از مهلت.",
        "/resolutions/inbox/",
    )
    second = notify(people.varzesh, "report_returned", "گزارش شما برگشت داده شد", "عکس‌ها را هم بفرستید.")
    other = notify(people.taavon, "agency_digest", "یادآوری تعاون", "۲ تکلیف گذشته از مهلت.")
    return first, second, other


def badge(html: str) -> str | None:
    marker = 'data-testid="unread-count">'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_the_navbar_shows_the_unread_count_in_persian_digits(people, client_for, notes):
    html = client_for(people.varzesh).get("/").content.decode()
    assert badge(html) == "۲"
    assert 'aria-label="اعلان‌ها، ۲ خوانده‌نشده"' in html


def test_no_badge_without_unread_notifications(people, client_for, notes):
    html = client_for(people.secretariat).get("/").content.decode()
    assert 'data-testid="notification-bell"' in html
    assert badge(html) is None


def test_the_list_shows_only_ones_own_notifications_newest_first(people, client_for, notes):
    response = client_for(people.varzesh).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="notification"') == 2
    assert html.index("گزارش شما برگشت داده شد") < html.index("یادآوری مهلت تکالیف")
    assert "یادآوری تعاون" not in html
    assert "علامت خوانده‌شده برای همه (۲)" in html


def test_an_empty_list_says_so(people, client_for):
    html = client_for(people.leadership).get(LIST).content.decode()
    assert "هنوز اعلانی برای شما نیامده است." in html
    # Leadership is told of nothing automatically, and the page does not promise otherwise.
    assert "برای نقش شما اعلان خودکاری پیش‌بینی نشده است" in html
    assert "تکلیف تازه‌ای که به دستگاه شما سپرده شود" not in html


def test_marking_one_read_lowers_the_badge(people, client_for, notes):
    _, second, _ = notes
    client = client_for(people.varzesh)
    response = client.post(f"{LIST}{second.pk}/read/", {"next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    second.refresh_from_db()
    assert second.read_at is not None
    assert badge(client.get(LIST).content.decode()) == "۱"
    unread_page = client.get(LIST, {"unread": "1"}).content.decode()
    assert "یادآوری مهلت تکالیف" in unread_page and "گزارش شما برگشت داده شد" not in unread_page


def test_opening_a_notification_marks_it_read_and_follows_its_link(people, client_for, notes):
    first, _, _ = notes
    response = client_for(people.varzesh).post(f"{LIST}{first.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/resolutions/inbox/"
    first.refresh_from_db()
    assert first.read_at is not None


def test_reading_twice_keeps_the_first_read_time(people, client_for, notes):
    first, _, _ = notes
    client = client_for(people.varzesh)
    client.post(f"{LIST}{first.pk}/read/")
    first.refresh_from_db()
    read_at = first.read_at
    client.post(f"{LIST}{first.pk}/read/")
    first.refresh_from_db()
    assert first.read_at == read_at


def test_an_outside_next_address_is_ignored(people, client_for, notes):
    first, _, _ = notes
    response = client_for(people.varzesh).post(f"{LIST}{first.pk}/read/", {"next": "https://evil.example/"})
    assert response["Location"] == LIST


def test_mark_all_read(people, client_for, notes):
    client = client_for(people.varzesh)
    response = client.post(f"{LIST}read-all/")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["۲ اعلان خوانده‌شده علامت خورد."]
    assert not Notification.objects.filter(user=people.varzesh, read_at__isnull=True).exists()
    # Someone else's notifications are untouched.
    assert Notification.objects.filter(user=people.taavon, read_at__isnull=True).count() == 1
    again = client.post(f"{LIST}read-all/", follow=True)
    assert "اعلان خوانده‌نشده‌ای نداشتید." in again.content.decode()


def test_someone_elses_notification_is_a_404_and_stays_unread(people, client_for, notes):
    _, _, other = notes
    response = client_for(people.varzesh).post(f"{LIST}{other.pk}/read/")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_anonymous_visitors_are_sent_to_the_login_page(client, notes):
    first, _, _ = notes
    for response in (
        client.get(LIST),
        client.post(f"{LIST}{first.pk}/read/"),
        client.post(f"{LIST}read-all/"),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    first.refresh_from_db()
    assert first.read_at is None


def test_wrong_methods_are_405(people, client_for, notes):
    first, _, _ = notes
    client = client_for(people.varzesh)
    assert client.post(LIST).status_code == 405
    assert client.get(f"{LIST}{first.pk}/read/").status_code == 405
    assert client.get(f"{LIST}read-all/").status_code == 405
    first.refresh_from_db()
    assert first.read_at is None


def test_the_list_keeps_the_digits_in_a_quoted_text(people, client_for):
    """A notification quotes people's words (a report, a return reason); the page shows them as
    typed rather than turning «3 محله» into «۳ محله» (decision 0003)."""
    notify(people.varzesh, "report_returned", "گزارش شما برگشت داده شد", "«در 3 محله» کافی نیست.")
    html = client_for(people.varzesh).get(LIST).content.decode()
    assert "«در 3 محله» کافی نیست." in html
