"""The OpenAPI 3 schema and the Swagger UI page, served from the app's own static files."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/auth/token/",
    "/api/v1/resolutions/",
    "/api/v1/resolutions/{id}/",
    "/api/v1/assignments/",
    "/api/v1/assignments/{id}/",
    "/api/v1/assignments/{id}/reports/",
    "/api/v1/reports/{id}/review/",
    "/api/v1/meetings/import/",
]


def test_schema_is_openapi_3_with_our_paths(db):
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Qarargah API"
    for path in PATHS:
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/v1/assignments/{id}/reports/"]
    assert (
        "multipart/form-data"
        in schema["paths"]["/api/v1/assignments/{id}/reports/"]["post"]["requestBody"]["content"]
    )
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    params = {p["name"] for p in schema["paths"]["/api/v1/resolutions/"]["get"]["parameters"]}
    assert {"agency", "status", "overdue", "body", "meeting", "page"} <= params


def test_schema_is_yaml_by_default(db):
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_docs_page_uses_only_local_assets_and_no_inline_script(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls
    for url in urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
    assert "cdn" not in html.lower()
    # No inline script or style: every <script> has a src, and there is no <style> element.
    assert len(re.findall(r"<script\b", html)) == len(re.findall(r"<script\b[^>]*\bsrc=", html)) == 3
    assert "<style" not in html
    assert "style=" not in html
    # The site's strict policy applies unchanged to this page.
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_docs_assets_are_served_by_the_app(db):
    html = Client().get("/api/docs/").content.decode()
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert finders.find(url.removeprefix("/static/")), url


def test_docs_start_up_script_is_javascript_pointing_at_the_schema(db):
    html = Client().get("/api/docs/").content.decode()
    script_url = next(u for u in re.findall(r'src="([^"]+)"', html) if not u.startswith("/static/"))
    response = Client().get(script_url.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()
    assert "/api/schema/" in response.content.decode()


def test_schema_validates_against_the_openapi_3_specification(db):
    # drf-spectacular's own check: the generated document against the official OpenAPI 3.0 JSON
    # schema (what `qarargah spectacular --validate` runs).
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert "/api/v1/attachments/{id}/" in schema["paths"]


# --- The schema says what the views answer (issue 11, C.7) -----------------------------------------


def _schema() -> dict:
    return Client().get("/api/schema/", {"format": "json"}).json()


@pytest.mark.parametrize("path", ["/api/v1/resolutions/", "/api/v1/assignments/"])
def test_lists_document_the_invalid_page_404_and_page_size_bounds(db, path):
    operation = _schema()["paths"][path]["get"]
    assert "invalid_page" in operation["responses"]["404"]["description"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}


def test_token_post_documents_the_refusals_it_really_gives(db):
    responses = _schema()["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"200", "400", "401", "415", "429"} <= set(responses)
    # A bad token sent along is refused before the credentials are read.
    response = Client(HTTP_AUTHORIZATION="Token nonsense").post(
        "/api/v1/auth/token/", {"username": "x", "password": "y"}, content_type="application/json"
    )
    assert response.status_code == 401
    response = Client().post("/api/v1/auth/token/", "x", content_type="text/plain")
    assert response.status_code == 415


def test_review_documents_415(db):
    assert "415" in _schema()["paths"]["/api/v1/reports/{id}/review/"]["post"]["responses"]


def test_attachment_download_declares_the_types_it_serves(db):
    from qarargah.resolutions.attachments import KINDS

    content = _schema()["paths"]["/api/v1/attachments/{id}/"]["get"]["responses"]["200"]["content"]
    assert set(content) == {kind.content_type for kind in KINDS}
    assert "application/pdf" in content


@pytest.mark.parametrize("component", ["ReportCreateRequest", "Report"])
def test_achieved_quantity_schema_is_the_range_validation_accepts(db, component):
    from qarargah.api.serializers import ReportCreateSerializer

    pattern = re.compile(
        _schema()["components"]["schemas"][component]["properties"]["achieved_quantity"]["pattern"]
    )
    field = ReportCreateSerializer().fields["achieved_quantity"]
    for value in ["0", "2.5", "999999999999.99", "-1", "-0.01", "1000000000000", "1.234"]:
        try:
            field.run_validation(value)
            accepted = True
        except Exception:
            accepted = False
        assert bool(pattern.match(value)) == accepted, value
