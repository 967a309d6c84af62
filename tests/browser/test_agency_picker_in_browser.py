"""The agency picker: typing part of an agency's name with the Arabic forms of «ی» and «ک»
finds it, choosing it filters the list, and an unknown name says so in Persian."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

BEHZISTI = "اداره کل بهزیستی"


def test_typing_arabic_letter_forms_finds_and_selects_the_agency(login, live_app):
    page = login("dabir.alborz")
    page.goto(f"{live_app}/resolutions/")
    control = page.locator("#f-agency-ts-control")
    control.click()
    # «بهزيستي» with the Arabic yeh (U+064A) twice, as an Arabic keyboard layout types it.
    control.press_sequentially("بهزيستي")
    options = page.locator(".ts-dropdown .option")
    # The dropdown opens with every agency on the click; wait for what was typed to filter it.
    expect(page.locator(".ts-dropdown .option", has_not_text="بهزیستی")).to_have_count(0)
    expect(options.first).to_be_visible()
    texts = options.all_inner_texts()
    assert BEHZISTI in texts
    assert all("بهزیستی" in text for text in texts), texts
    page.locator(".ts-dropdown .option", has_text=re.compile(f"^{BEHZISTI}$")).click()
    assert page.locator("#f-agency").input_value() != ""
    screenshot(page, "agency-picker-chosen")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    query = parse_qs(urlsplit(page.url).query)
    chosen = page.locator("#f-agency").input_value()
    assert query["agency"] == [chosen]
    # The picker shows the agency chosen after the reload.
    assert BEHZISTI in page.locator("#f-agency + .ts-wrapper .item").inner_text()


def test_arabic_kaf_and_no_match_message(login, live_app):
    page = login("dabir.alborz")
    page.goto(f"{live_app}/resolutions/scoreboard/")
    control = page.locator("#id_agencies-ts-control")
    control.click()
    # «كل ورزش» with the Arabic kaf (U+0643) and a space the name has as well.
    control.press_sequentially("كل ورزش")
    option = page.locator(".ts-dropdown .option", has_text="اداره کل ورزش و جوانان")
    option.first.wait_for()
    option.first.click()
    assert page.locator("#id_agencies + .ts-wrapper .item").count() == 1
    control.press_sequentially("ناموجودترین")
    page.locator(".ts-dropdown .no-results").wait_for()
    assert page.locator(".ts-dropdown .no-results").inner_text() == "موردی یافت نشد"
