"""The change timeline on a phone (390 px): the longest one of the demo (a meeting's, with its
bursts collapsed) and an officer's resolution page fit the screen without sideways scrolling.
Screenshots go to var/screenshots/."""

from __future__ import annotations

import re

import pytest

from .conftest import SCREENSHOTS, screenshot
from .test_followup_in_browser import _logged_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

GREGORIAN = re.compile(r"[0-9۰-۹]{4}-[0-9۰-۹]{2}-[0-9۰-۹]{2}")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_meeting_timeline_on_a_phone(browser, live_app):
    context, page = _logged_in(browser, live_app, "dabir.alborz", width=390, height=844)
    # The demo's first meeting: seven resolutions and 29 assignments written in one import.
    page.goto(f"{live_app}/meetings/1/")
    timeline = page.locator("section.timeline")
    timeline.scroll_into_view_if_needed()
    burst = timeline.locator("details.timeline-burst").first
    assert "مورد" in timeline.inner_text()
    burst.locator("summary").click()
    assert _fits(page)
    assert not GREGORIAN.search(timeline.inner_text())
    screenshot(page, "timeline-meeting-mobile")
    timeline.screenshot(path=str(SCREENSHOTS / "timeline-meeting-mobile-section.png"))
    context.close()


def test_officer_resolution_timeline_on_a_phone(browser, live_app):
    context, page = _logged_in(browser, live_app, "varzesh.alborz", width=390, height=844)
    page.goto(f"{live_app}/resolutions/inbox/")
    href = page.locator(".inbox-table a[href^='/resolutions/']").first.get_attribute("href")
    page.goto(f"{live_app}{href}")
    timeline = page.locator("section.timeline")
    timeline.scroll_into_view_if_needed()
    assert _fits(page)
    assert not GREGORIAN.search(timeline.inner_text())
    screenshot(page, "timeline-officer-resolution-mobile")
    timeline.screenshot(path=str(SCREENSHOTS / "timeline-officer-resolution-mobile-section.png"))
    context.close()
