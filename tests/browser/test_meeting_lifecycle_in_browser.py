"""Issue 13 in a real browser: the secretariat schedules a meeting, sends the invitation, records
attendance (the quorum shown), records two resolutions on
the record page (rows added without a page load, agencies chosen with the picker, the due date
shown live, the autosave restoring the form after the tab is reopened), circulates it; the
secretary and the chair each sign with their password; both documents download; an agency's
officer sees the new assignment in the inbox only after the signing."""

from __future__ import annotations

import datetime

import pytest

from .conftest import screenshot
from .test_followup_in_browser import _logged_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

FIRST = "برگزاری جشنواره ورزشی محله‌های هدف در دهه فجر"
SECOND = "ثبت‌نام بیمه زنان سرپرست خانوار محله حصار"


def _jalali(days: int) -> str:
    from django.utils import timezone

    from qarargah.persian import format_jalali

    return format_jalali(timezone.localdate() + datetime.timedelta(days=days))


def _choose(page, select_id: str, username: str) -> None:
    """Pick a demo user by the full name the option shows."""
    from qarargah.demo.data import USERS

    person = next(u for u in USERS if u["username"] == username)
    name = f"{person['first_name']} {person['last_name']}"
    value = page.locator(f"#{select_id} option", has_text=name).first.get_attribute("value")
    page.select_option(f"#{select_id}", value)


def _pick_agency(page, control_id: str, typed: str, name: str) -> None:
    page.locator(f"#{control_id}").click()
    page.keyboard.type(typed)
    option = page.locator(".ts-dropdown .option:visible", has_text=name)
    option.first.wait_for()
    option.first.click()
    page.keyboard.press("Escape")


def _fill_date(page, selector: str, value: str) -> None:
    page.fill(selector, value)
    page.keyboard.press("Escape")


def test_a_meeting_from_schedule_to_signed_minutes(browser, live_app):
    context, page = _logged_in(browser, live_app, "dabir.alborz")
    # --- Schedule ------------------------------------------------------------------------------
    page.goto(f"{live_app}/meetings/schedule/")
    assert page.input_value("#id_number")  # the next number is proposed
    # Today: the invitation goes out before the meeting (not after it), and attendance and
    # signing come once it is held (not before).
    _fill_date(page, "#id_date", _jalali(0))
    page.fill("#id_time", "۱۰:۰۰")
    page.fill("#id_end_time", "۱۲:۰۰")
    page.fill("#id_place", "سالن جلسات آزمون مرورگر")
    _choose(page, "id_chair", "ostandar.alborz")
    _choose(page, "id_secretary", "dabir.alborz")
    page.fill("#id_chair_role", "استاندار")
    _pick_agency(page, "id_invited_agencies-ts-control", "ورزش", "اداره کل ورزش و جوانان")
    with page.expect_navigation():
        page.click("button:has-text('ثبت برنامه جلسه')")
    assert "برنامه‌ریزی شد" in page.inner_text("main"), page.inner_text("main")
    meeting_url = page.url
    pk = meeting_url.rstrip("/").split("/")[-1]
    assert page.inner_text("[data-testid=meeting-status]") == "پیش‌نویس"

    # --- Agenda --------------------------------------------------------------------------------
    page.fill("[data-testid=agenda-form] #id_text", "بررسی مصوبات جلسات گذشته")
    with page.expect_navigation():
        page.click("button:has-text('افزودن بند')")
    assert "بررسی مصوبات جلسات گذشته" in page.inner_text("[data-testid=agenda]")

    # --- Invitation, from the meeting page's participation links ----------------------------------
    page.click("[data-testid=participation-links] a:has-text('ارسال دعوتنامه')")
    page.wait_for_url(f"**/meetings/{pk}/invitation/")
    with page.expect_navigation():
        page.click("main button:has-text('ارسال دعوتنامه')")
    assert "دعوتنامه برای" in page.inner_text("main") and "فرستاده شد" in page.inner_text("main")
    deliveries = page.inner_text("[data-testid=deliveries]")
    assert "اداره کل ورزش و جوانان" in deliveries  # the invited agency's officer
    screenshot(page, "meeting-invitation-sent")

    # --- Attendance: every member present, the quorum met -------------------------------------------
    page.goto(f"{live_app}/meetings/{pk}/attendance/")
    assert "حضور و غیاب هنوز ثبت نشده است" in page.inner_text("[data-testid=quorum]")
    for select in page.locator("[data-testid=attendance] select[name$='-status']").all():
        select.select_option("present")
    with page.expect_navigation():
        page.click("button:has-text('ثبت حضور و غیاب')")
    assert "حضور و غیاب ثبت شد." in page.inner_text("main"), page.inner_text("main")
    quorum = page.inner_text("[data-testid=quorum]")
    assert "رسمیت یافت" in quorum, quorum

    # --- Record, with the autosave -------------------------------------------------------------
    page.goto(f"{live_app}/meetings/{pk}/record/")
    page.fill("#id_narrative", "جلسه با حضور اعضا برگزار شد.")
    page.fill("#id_row-0-text", FIRST)
    _pick_agency(page, "id_row-0-leads-ts-control", "ورزش", "اداره کل ورزش و جوانان")
    page.fill("#id_row-0-deadline", "دو هفته")
    page.locator("[data-deadline-preview]").first.filter(has_text="سررسید محاسبه‌شده").wait_for(timeout=10_000)
    page.click("[data-add-row]")  # a second row, without leaving the page
    page.fill("#id_row-1-text", SECOND)
    _pick_agency(page, "id_row-1-leads-ts-control", "تعاون", "اداره کل تعاون، کار و رفاه اجتماعی")
    page.fill("#id_row-1-deadline", "یک ماه")
    page.locator("[data-deadline-preview]").nth(1).filter(has_text="سررسید محاسبه‌شده").wait_for(
        timeout=10_000
    )
    page.locator("[data-autosave-status]", has_text="ذخیره خودکار شد").wait_for(timeout=15_000)
    screenshot(page, "meeting-record-autosaved")
    # The tab is closed and opened again: everything typed comes back.
    page.close()
    page = context.new_page()
    page.goto(f"{live_app}/meetings/{pk}/record/")
    page.locator("[data-autosave-status]", has_text="بازگردانده شد").wait_for(timeout=10_000)
    assert page.input_value("#id_row-0-text") == FIRST
    assert page.input_value("#id_row-1-text") == SECOND
    assert page.input_value("#id_row-1-deadline") == "یک ماه"
    with page.expect_navigation():
        page.click("button:has-text('ذخیره صورتجلسه')")
    assert "۲ مصوبه تازه ثبت شد" in page.inner_text("main"), page.inner_text("main")
    assert FIRST in page.inner_text("[data-testid=resolutions]")

    # --- Not yet signed: the agency does not see it ----------------------------------------------
    officer_context, officer = _logged_in(browser, live_app, "varzesh.alborz")
    officer.goto(f"{live_app}/resolutions/inbox/")
    assert FIRST not in officer.inner_text("main")

    # --- Circulate, then the two signatures --------------------------------------------------------
    page.goto(meeting_url)
    _fill_date(page, "#id_deadline_date", _jalali(2))
    with page.expect_navigation():
        page.click("button:has-text('فرستادن برای نظر حاضران')")
    assert page.inner_text("[data-testid=meeting-status]") == "در گردش برای نظر", page.inner_text("main")
    page.goto(f"{live_app}/meetings/{pk}/sign/")
    from qarargah.demo.data import DEMO_PASSWORD

    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button:has-text('امضا می‌کنم')")
    assert "در انتظار امضای دیگر" in page.inner_text("main")

    chair_context, chair = _logged_in(browser, live_app, "ostandar.alborz")
    chair.goto(f"{live_app}/meetings/{pk}/sign/")
    chair.fill("#id_password", DEMO_PASSWORD)
    with chair.expect_navigation():
        chair.click("button:has-text('امضا می‌کنم')")
    assert "امضا و قفل شد" in chair.inner_text("main")
    chair_context.close()

    # --- Both documents --------------------------------------------------------------------------
    page.goto(meeting_url)
    assert page.inner_text("[data-testid=meeting-status]") == "امضاشده و قفل"
    screenshot(page, "meeting-signed")
    for label, suffix in (("صورتجلسه (Word)", ".docx"), ("صورتجلسه (PDF)", ".pdf")):
        with page.expect_download() as download:
            page.click(f"a:has-text('{label}')")
        assert download.value.suggested_filename.endswith(suffix)
        assert download.value.path().stat().st_size > 1000

    # --- Signed: the assignment is in the agency's inbox -------------------------------------------
    officer.goto(f"{live_app}/resolutions/inbox/")
    assert FIRST in officer.inner_text("main")
    assert SECOND not in officer.inner_text("main")  # the other agency's
    officer_context.close()
    context.close()
