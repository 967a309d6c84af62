"""Issue 11, A.1 in a real browser: the secretariat corrects a resolution's deadline (an
impossible date is refused at the field with what was typed kept; a good one shows its computed
due date before and after saving), and accepts an agency's report as progress (the assignment
stays open and shows it)."""

from __future__ import annotations

import pytest

from .conftest import screenshot
from .test_followup_in_browser import _logged_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

IMPOSSIBLE = "۱۴۰۳/۱۳/۴۰"
GOOD = "۱۴۰۵/۱۰/۳۰"


def test_secretariat_edits_a_deadline(browser, live_app):
    context, page = _logged_in(browser, live_app, "dabir.alborz")
    detail = _resolution_links(page, live_app)
    assert detail, "the demo gives the Alborz secretariat resolutions"
    page.goto(f"{live_app}{detail[0]}edit/")
    assert page.locator("select[data-agency-picker]").count() == 1

    text_before = page.input_value("#id_text")
    page.fill("#id_deadline", IMPOSSIBLE)
    with page.expect_navigation():
        page.click("button:has-text('ذخیره')")
    error = page.locator(".deadline-error")
    assert "در تقویم شمسی وجود ندارد" in error.inner_text()
    assert "ماه «۱۳» نداریم" in error.inner_text()
    assert page.input_value("#id_deadline") == IMPOSSIBLE  # nothing typed is lost
    assert page.input_value("#id_text") == text_before
    screenshot(page, "resolution-edit-impossible-deadline")

    # The live preview reads the new deadline while it is typed, before anything is saved.
    page.fill("#id_deadline", GOOD)
    preview = page.locator("[data-deadline-preview]")
    preview.filter(has_text=f"سررسید محاسبه‌شده: {GOOD}").wait_for(timeout=10_000)
    with page.expect_navigation():
        page.click("button:has-text('ذخیره')")
    main = page.inner_text("main")
    assert "ذخیره شد" in main
    assert GOOD in page.inner_text(".deadline")
    screenshot(page, "resolution-edit-saved")

    page.goto(f"{live_app}{detail[0]}edit/")
    assert page.input_value("#id_deadline") == GOOD
    assert f"سررسید محاسبه‌شده: {GOOD}" in page.inner_text(".deadline-due")
    context.close()


TAAVON = "اداره کل تعاون، کار و رفاه اجتماعی"


def _resolution_links(page, live_app, query: str = "") -> list[str]:
    page.goto(f"{live_app}/resolutions/{query}")
    return page.locator("a[href^='/resolutions/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href')).filter(h => /^\\/resolutions\\/\\d+\\/$/.test(h))"
    )


def test_secretariat_adds_an_agency_and_accepts_its_report_as_progress(browser, live_app):
    # Self-contained: the secretariat gives the cooperatives directorate a new assignment on an
    # open resolution (the edit page's agency form), so the test needs no particular demo state.
    secretariat_context, secretariat = _logged_in(browser, live_app, "dabir.alborz")
    assignment_url = None
    for link in _resolution_links(secretariat, live_app, "?status=open"):
        secretariat.goto(f"{live_app}{link}edit/")
        option = secretariat.locator("select[data-agency-picker] option", has_text=TAAVON)
        if option.count() != 1:
            continue  # already assigned here
        secretariat.select_option("select[data-agency-picker]", value=option.get_attribute("value"))
        secretariat.select_option("#id_role", value="partner")
        with secretariat.expect_navigation():
            secretariat.click("button:has-text('افزودن دستگاه')")
        assert "به اقدام‌کنندگان این مصوبه افزوده شد" in secretariat.inner_text("main")
        assert secretariat.locator(f"tr[data-agency='{TAAVON}']").count() == 1
        secretariat.goto(f"{live_app}{link}")
        assignment_url = live_app + secretariat.locator("table.assignments a", has_text=TAAVON).get_attribute(
            "href"
        )
        break
    assert assignment_url, "the demo has an open resolution without the cooperatives directorate"

    officer_context, officer = _logged_in(browser, live_app, "taavon.alborz")
    officer.goto(assignment_url)
    officer.fill("textarea[name=text]", "نیمی از کلاس‌های آموزشی محله برگزار شد؛ بقیه ماه آینده.")
    with officer.expect_navigation():
        officer.click("button:has-text('ارسال گزارش')")
    assert "در انتظار بررسی دبیرخانه" in officer.inner_text("main")

    secretariat.goto(f"{live_app}/resolutions/reviews/")
    item = secretariat.locator(".review-item", has_text="نیمی از کلاس‌های آموزشی محله برگزار شد")
    assert item.count() == 1
    with secretariat.expect_navigation():
        item.locator("button[value=accept_progress]").click()
    assert "به‌عنوان پیشرفت پذیرفته شد و تکلیف باز می‌ماند" in secretariat.inner_text("main")
    screenshot(secretariat, "review-accepted-as-progress")

    officer.goto(assignment_url)
    status = officer.locator("h1 .badge").inner_text()
    assert status == "در حال اقدام", status  # still open
    report = officer.locator(".report", has_text="نیمی از کلاس‌های آموزشی محله برگزار شد")
    assert "به‌عنوان پیشرفت پذیرفته شد" in report.inner_text()
    # Still open: the agency may report again on the same assignment.
    assert officer.locator("textarea[name=text]").count() == 1
    screenshot(officer, "officer-sees-progress")
    secretariat_context.close()
    officer_context.close()
