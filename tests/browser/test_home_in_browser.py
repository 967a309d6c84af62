"""A new user logs in through a real browser and sees the Persian, right-to-left home page."""

from __future__ import annotations

import re

import pytest

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_secretariat_logs_in_and_sees_rtl_home_with_jalali_date(login, live_app):
    page = login("dabir.alborz")
    assert page.url.rstrip("/") == live_app
    html = page.locator("html")
    assert html.get_attribute("lang") == "fa"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "پیشخوان کارشناس دبیرخانه" in page.inner_text("h1")
    today = page.inner_text("[data-testid=today-jalali]")
    assert re.fullmatch(r"[۱][۴][۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}", today.strip()), today
    # The Persian font is served by the app and actually used.
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert "Vazirmatn" in page.evaluate("getComputedStyle(document.body).fontFamily")
    path = screenshot(page, "home-secretariat")
    assert path.stat().st_size > 10_000


def test_every_asset_comes_from_the_app_itself(page, login, live_app):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    login("varzesh.alborz")
    page.goto(f"{live_app}/registry/agencies/")
    assert requested
    assert all(url.startswith(live_app) or url.startswith("data:") for url in requested), requested


def test_wrong_password_shows_persian_error(login):
    page = login("dabir.alborz", "not-the-password")
    assert "نام کاربری و گذرواژه" in page.inner_text("main")
    screenshot(page, "login-error")
