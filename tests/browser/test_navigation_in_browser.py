"""The secretariat's menu fits one line on a 1366 px screen, opens its groups, marks one page."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_secretariats_menu_fits_one_line_and_marks_one_page(login, live_app):
    page = login("dabir.alborz")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_app}/meetings/import/")
    tops = page.eval_on_selector_all(
        "#main-nav > .navbar-nav > .nav-item",
        "items => items.map(i => Math.round(i.getBoundingClientRect().top))",
    )
    assert len(tops) >= 4 and len(set(tops)) == 1, tops
    assert page.locator("#main-nav [aria-current=page]").count() == 1
    # A group opens on click and leads to its pages.
    page.locator("#main-nav .dropdown-toggle", has_text="پیگیری مصوبات").click()
    link = page.locator("#main-nav .dropdown-menu.show a", has_text="بررسی مصوبات گذشته")
    assert link.is_visible()
    screenshot(page, "menu-secretariat-1366")
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/resolutions/past-review/")
