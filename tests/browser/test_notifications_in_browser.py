"""Instant notifications on the server `make run` starts (gunicorn, tasks run in the process, no
worker): a county officer's report reaches the secretariat's notifications page, and its return (with
the reason) reaches the officer's, who opens it from there."""

from __future__ import annotations

import re

import pytest

from .conftest import screenshot
from .test_followup_in_browser import _logged_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPORT = "پاکسازی زمین ورزشی محله با کمک شهرداری انجام شد."
REASON = "فهرست شرکت‌کنندگان پیوست نشده است."


def test_a_report_and_its_return_reach_the_notifications_pages(browser, live_app):
    # Karaj's governorate: the demo gives it several new assignments, and no other browser test
    # reports on them (the follow-up test takes the sports directorate's only one).
    officer_context, officer = _logged_in(browser, live_app, "farmandari.karaj")
    officer.goto(f"{live_app}/resolutions/inbox/")
    waiting = officer.locator(".inbox-table tbody tr").filter(
        has=officer.locator(".badge", has_text=re.compile("^(جدید|در حال اقدام|برگشت‌خورده)$"))
    )
    assignment_path = waiting.last.locator("a").first.get_attribute("href")
    officer.goto(live_app + assignment_path)
    officer.fill("textarea[name=text]", REPORT)
    officer.click("button:has-text('ارسال گزارش')")
    officer.wait_for_load_state("networkidle")
    assert "گزارش شما فرستاده شد" in officer.inner_text("main")

    secretariat_context, secretariat = _logged_in(browser, live_app, "dabir.alborz")
    secretariat.goto(f"{live_app}/notifications/")
    waiting_note = secretariat.locator("[data-testid=notification]", has_text=REPORT)
    assert waiting_note.count() == 1
    assert "گزارش تازه در انتظار بررسی" in waiting_note.inner_text()
    screenshot(secretariat, "notifications-secretariat")

    secretariat.goto(f"{live_app}/resolutions/reviews/")
    item = secretariat.locator(".review-item", has_text=REPORT)
    item.locator("textarea[name=comment]").fill(REASON)
    item.locator("button[value=return]").click()
    secretariat.wait_for_load_state("networkidle")

    officer.goto(f"{live_app}/notifications/")
    returned = officer.locator("[data-testid=notification]", has_text=REASON)
    assert returned.count() == 1
    assert "گزارش شما برگشت داده شد" in returned.inner_text()
    assert "تازه" in returned.inner_text()
    screenshot(officer, "notifications-officer")
    with officer.expect_navigation():
        returned.locator("button:has-text('مشاهده')").click()
    assert officer.url == live_app + assignment_path
    officer.goto(f"{live_app}/notifications/")
    assert "تازه" not in officer.locator("[data-testid=notification]", has_text=REASON).inner_text()
    secretariat_context.close()
    officer_context.close()
