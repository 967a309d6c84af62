"""The follow-up loop in a real browser: an agency officer reads the inbox (due dates in words and
Persian digits), reports with a PDF attached; the secretariat opens the attachment from the review
queue and accepts the report; the officer sees the result. Screenshots go to var/screenshots/."""

from __future__ import annotations

import re

import pytest

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
RELATIVE_DUE = re.compile(r"^(?:[۰-۹]+ روز (?:مانده|گذشته)|امروز)$")


def _logged_in(browser, live_app, username: str, *, width: int = 1280, height: int = 900):
    from qarargah.demo.data import DEMO_PASSWORD

    context = browser.new_context(
        locale="fa-IR", timezone_id="Asia/Tehran", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto(f"{live_app}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/accounts/login/" not in page.url, page.inner_text("main")
    return context, page


def test_officer_reports_with_attachment_and_secretariat_accepts(browser, live_app, tmp_path):
    officer_context, officer = _logged_in(browser, live_app, "varzesh.alborz")
    officer.goto(f"{live_app}/resolutions/inbox/")
    labels = [text.strip() for text in officer.locator(".inbox-table .due-label").all_inner_texts()]
    assert labels, "the demo gives the sports directorate open assignments"
    assert all(RELATIVE_DUE.match(label) for label in labels), labels
    assert not re.search(r"[0-9]", " ".join(labels))
    screenshot(officer, "followup-officer-inbox")

    # The demo has already played some reports; take an assignment still waiting for one.
    waiting = officer.locator(".inbox-table tbody tr").filter(
        has=officer.locator(".badge", has_text=re.compile("^(جدید|در حال اقدام|برگشت‌خورده)$"))
    )
    assignment_url = live_app + waiting.first.locator("a").first.get_attribute("href")
    officer.goto(assignment_url)
    attachment = tmp_path / "گزارش-میز-خدمت.pdf"
    attachment.write_bytes(PDF)
    officer.fill("textarea[name=text]", "میز خدمت در محله حصار با حضور ۱۲ دستگاه برگزار شد.")
    officer.set_input_files("input[name=files]", str(attachment))
    officer.click("button:has-text('ارسال گزارش')")
    officer.wait_for_load_state("networkidle")
    assert "گزارش شما فرستاده شد و در انتظار بررسی دبیرخانه است." in officer.inner_text("main")
    assert "در انتظار بررسی" in officer.inner_text(".report")
    screenshot(officer, "followup-officer-reported")

    secretariat_context, secretariat = _logged_in(browser, live_app, "dabir.alborz")
    secretariat.goto(f"{live_app}/resolutions/reviews/")
    item = secretariat.locator(".review-item", has_text="میز خدمت در محله حصار با حضور ۱۲ دستگاه")
    assert item.count() == 1
    with secretariat.expect_download() as download:
        item.locator(".attachments a", has_text="گزارش-میز-خدمت.pdf").click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF
    screenshot(secretariat, "followup-review-queue")
    item.locator("textarea[name=comment]").fill("گزارش کامل است؛ تصاویر را هم در گزارش بعدی بفرستید.")
    # Accept and close (a continuous assignment offers only its period's acceptance, which is last).
    item.locator("button[value=accept_close], button[value=accept_progress]").last.click()
    secretariat.wait_for_load_state("networkidle")
    assert "گزارش «اداره کل ورزش و جوانان» پذیرفته شد." in secretariat.inner_text("main")
    screenshot(secretariat, "followup-review-accepted")

    officer.goto(assignment_url)
    report_card = officer.inner_text(".report")
    assert "پذیرفته شد" in report_card
    assert "گزارش کامل است؛ تصاویر را هم در گزارش بعدی بفرستید." in report_card
    timeline = officer.inner_text(".timeline")
    assert "گزارش پذیرفته شد" in timeline and "مریم کاظمی" in timeline
    assert not re.search(r"\d{4}-\d{2}-\d{2}", timeline), "dates in the timeline are Jalali"
    screenshot(officer, "followup-officer-accepted")
    secretariat_context.close()
    officer_context.close()


def test_officer_inbox_on_a_phone(browser, live_app):
    context, page = _logged_in(browser, live_app, "taavon.alborz", width=390, height=844)
    page.goto(f"{live_app}/resolutions/inbox/")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    labels = [text.strip() for text in page.locator(".inbox-table .due-label").all_inner_texts()]
    assert labels and all(RELATIVE_DUE.match(label) for label in labels), labels
    screenshot(page, "followup-officer-inbox-mobile")
    context.close()


def test_date_picker_opens_on_a_date_written_in_persian_digits(browser, live_app):
    # The server writes «۱۴۰۵/۰۹/۱۰»; the picker reads Latin digits only and used to open empty.
    context, page = _logged_in(browser, live_app, "dabir.alborz")
    page.goto(f"{live_app}/resolutions/past-review/?meeting_date=۱۴۰۵/۰۹/۱۰")
    field = page.locator("input[name=meeting_date]")
    assert field.input_value() == "۱۴۰۵/۰۹/۱۰"
    field.click()
    picker = page.locator("jdp-container")
    picker.wait_for()
    assert picker.locator(".jdp-day").count() >= 28  # the month's days, not an empty grid
    assert picker.locator("select").nth(1).evaluate("e => e.value") == "9"  # آذر
    assert field.input_value() == "1405/09/10"  # the same date, as the picker writes it
    context.close()
