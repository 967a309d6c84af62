"""The Swagger UI page really runs under the site's CSP (script-src 'self') in Chromium."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_swagger_ui_renders_every_endpoint_without_csp_violations(page, live_app):
    problems: list[str] = []
    requested: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{live_app}/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/resolutions/" in p for p in paths), paths
    assert any("/api/v1/meetings/import/" in p for p in paths), paths
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert all(url.startswith(live_app) or url.startswith("data:") for url in requested), requested
