"""The demo house manager of Hesar: home panel, the neighbourhood page's indicator charts drawn
by the app's own Chart.js under the site's CSP, and the ranked list with its reasons."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_the_house_manager_sees_needs_charts_and_reasons(login, live_app, page):
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    login("khaneh.hesar")
    assert "مسائل باز محله حصار" in page.content()
    page.click("text=صفحه محله")
    page.wait_for_load_state("networkidle")
    assert "محله حصار" in page.inner_text("h1")
    canvas = page.locator("canvas[data-chart='chart-working_children']")
    assert canvas.count() == 1
    # Chart.js drew into the canvas (it registers every chart it makes).
    page.wait_for_function(
        "() => typeof Chart !== 'undefined' && Chart.getChart(document.querySelector(\"canvas[data-chart='chart-working_children']\")) !== undefined"
    )
    assert (
        page.evaluate(
            "Chart.getChart(document.querySelector(\"canvas[data-chart='chart-working_children']\")).data.datasets[0].data.length"
        )
        == 6
    )
    screenshot(page, "neighbourhood-hesar")

    page.goto(f"{live_app}/neighbourhoods/priorities/")
    assert "چرا این رتبه" in page.content()
    assert page.locator("#ranked-needs tbody tr").count() >= 7
    assert not problems, problems
    assert all(url.startswith(live_app) or url.startswith("data:") for url in requested), requested
