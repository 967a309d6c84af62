"""The Persian shell: RTL pages, role home pages, login and lockout, error pages, headers."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ALL_PERSONAS = [
    "secretariat",
    "varzesh",
    "karaj_governorate",
    "hesar_manager",
    "leadership",
    "national",
    "admin",
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_every_role_lands_on_a_persian_home_page(people, client_for, persona):
    user = getattr(people, persona)
    response = client_for(user).get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fa" dir="rtl">' in body
    assert f"پیشخوان {user.get_role_display()}" in body
    # Today's date in the footer is Jalali with Persian digits (years 13xx/14xx).
    assert re.search(r"[۱][۳۴][۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}", body)
    assert "vazirmatn" not in body.lower() or "/static/" in body


def test_secretariat_home_shows_pending_agencies_panel(people, client_for):
    body = client_for(people.secretariat).get("/").content.decode()
    assert "دستگاه‌های در انتظار تأیید" in body
    assert "موردی برای تأیید نیست" in body


def test_officer_home_shows_own_agency_and_not_pending(people, client_for):
    body = client_for(people.varzesh).get("/").content.decode()
    assert "اداره کل ورزش و جوانان" in body
    assert "دستگاه‌های در انتظار تأیید" not in body


def test_national_home_lists_both_provinces(people, client_for):
    body = client_for(people.national).get("/").content.decode()
    assert "البرز" in body and "مرکزی" in body


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_persian_and_rtl(client):
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="fa" dir="rtl">' in body
    assert "ورود به سامانه قرارگاه" in body


def test_login_with_demo_password_works(client, people):
    from qarargah.demo.data import DEMO_PASSWORD

    response = client.post("/accounts/login/", {"username": "dabir.alborz", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_gives_persian_message(client, people):
    response = client.post("/accounts/login/", {"username": "dabir.alborz", "password": "wrong"})
    assert response.status_code == 200
    assert "نام کاربری و گذرواژه" in response.content.decode()


def test_repeated_failures_lock_the_account(client, people, settings):
    from qarargah.demo.data import DEMO_PASSWORD

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "varzesh.alborz", "password": "wrong"})
    response = Client().post("/accounts/login/", {"username": "varzesh.alborz", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "ورود موقتاً ممکن نیست" in response.content.decode()


def test_404_page_is_persian(people, client_for):
    response = client_for(people.secretariat).get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "صفحه‌ای که به دنبال آن هستید پیدا نشد." in body
    assert 'dir="rtl"' in body


def test_csp_allows_only_own_assets(people, client_for):
    response = client_for(people.secretariat).get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "http" not in csp


def test_no_page_links_to_a_cdn(people, client_for):
    body = client_for(people.secretariat).get("/").content.decode()
    for src in re.findall(r'(?:src|href)="([^"]+)"', body):
        assert not src.startswith(("http://", "https://", "//")), src


def test_logout_needs_post(people, client_for):
    client = client_for(people.secretariat)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302


def test_session_expires(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_admin_is_persian(people, client_for):
    body = client_for(people.admin).get("/admin/").content.decode()
    assert 'dir="rtl"' in body
    assert "مدیریت سامانه قرارگاه" in body


def test_admin_user_page_shows_dates_in_jalali_and_has_no_gregorian_inputs(people, client_for):
    body = (
        client_for(people.admin).get(f"/admin/accounts/user/{people.secretariat.pk}/change/").content.decode()
    )
    assert "تاریخ ساخت حساب" in body
    assert 'name="date_joined_0"' not in body  # Django's Gregorian split date/time input is gone
    from qarargah.ui.templatetags.persian_tags import jalali_datetime

    people.secretariat.refresh_from_db()
    assert jalali_datetime(people.secretariat.date_joined) in body


def test_pagination_links_keep_the_filters_and_change_only_the_page():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/resolutions/?status=open&page=2")
    html = render_to_string(
        "web/pagination.html", {"page": Paginator(list(range(30)), 10).page(2)}, request=request
    )
    assert 'href="?status=open&amp;page=1"' in html
    assert 'href="?status=open&amp;page=3"' in html
    assert "??" not in html
    assert "صفحه ۲ از ۳" in html


def test_choice_fields_offer_a_persian_blank_choice(people, client_for):
    html = client_for(people.secretariat).get("/meetings/import/").content.decode()
    assert "Select an option" not in html
    assert "— انتخاب کنید —" in html


def test_page_titles_use_persian_digits(people, client_for):
    import re

    from qarargah.demo.sample_minutes import import_demo_minutes
    from qarargah.resolutions.models import Resolution

    import_demo_minutes(lambda _line: None)
    resolution = Resolution.objects.visible_to(people.secretariat).filter(number__gte=2).first()
    html = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert not re.search(r"[0-9]", title), title
    assert "مصوبه" in title
