"""The secretariat's lists in the browser: a scoreboard number opens the list of that many
resolutions, and the past review reads one row per resolution."""

from __future__ import annotations

import pytest

from qarargah.persian import to_latin_digits

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_scoreboard_number_opens_a_list_of_that_length(login, live_app):
    page = login("dabir.alborz")
    page.goto(f"{live_app}/resolutions/scoreboard/")
    assert page.locator("[data-testid=badge-legend]").is_visible()
    link = page.locator("table.scoreboard a[data-state=overdue]").first
    count = int(to_latin_digits(link.inner_text().strip()))
    screenshot(page, "scoreboard")
    with page.expect_navigation():
        link.click()
    assert "agency_state=overdue" in page.url
    shown = page.locator("[data-testid=result-count]").inner_text()
    assert int(to_latin_digits(shown.split()[0])) == count
    assert page.locator("table.resolution-table tbody tr").count() == min(count, 50)


def test_past_review_by_resolution(login, live_app):
    page = login("dabir.alborz")
    page.goto(f"{live_app}/resolutions/past-review/")
    page.get_by_role("link", name="به تفکیک مصوبه").click()
    page.wait_for_load_state()
    assert "group=resolution" in page.url
    table = page.locator("[data-testid=review-by-resolution]")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 1
    assert page.locator("a", has_text="دریافت فایل Word").get_attribute("href").endswith("group=resolution")
    screenshot(page, "past-review-by-resolution")
