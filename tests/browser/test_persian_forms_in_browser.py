"""The browser's own words are Persian too: validation bubbles, file inputs, date picker digits."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_an_empty_required_field_is_explained_in_persian(page, live_app):
    page.goto(f"{live_app}/accounts/login/")
    # What the browser does when a form that validates is submitted.
    page.evaluate("document.querySelector('#id_username').reportValidity()")
    assert page.evaluate("document.querySelector('#id_username').validationMessage") == (
        "لطفاً این بخش را پر کنید."
    )
    # Typing clears the message, so a corrected field is not held back.
    page.fill("#id_username", "dabir.alborz")
    assert page.evaluate("document.querySelector('#id_username').validity.valid")


def test_file_inputs_are_labelled_in_persian(login, live_app, tmp_path):
    page = login("dabir.alborz")
    page.goto(f"{live_app}/meetings/import/")
    wrapper = page.locator(".fa-file").first
    assert "انتخاب فایل‌ها" in wrapper.inner_text()
    assert "فایلی انتخاب نشده است." in wrapper.inner_text()
    files = []
    for name in ("یک.txt", "دو.txt"):
        path = tmp_path / name
        path.write_text("صورتجلسه", encoding="utf-8")
        files.append(str(path))
    page.set_input_files("#id_files", files)
    assert "۲ فایل انتخاب شد." in wrapper.inner_text()
    screenshot(page, "import-file-input")


def test_the_date_picker_writes_persian_digits(login, live_app):
    page = login("dabir.alborz")
    page.goto(f"{live_app}/meetings/new/")
    field = page.locator("input[data-jdp]").first
    field.click()
    page.locator(".jdp-day:not(.disabled-day)").first.click()
    value = field.input_value()
    assert value and all(not ch.isascii() or not ch.isdigit() for ch in value), value
