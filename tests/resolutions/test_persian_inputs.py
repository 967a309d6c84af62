"""Numbers typed on a Persian keyboard and Persian labels on every choice: the report's achieved
quantity, the target and the report period accept «۱۲۰» and show stored values in Persian
digits; no select says "Select an option"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qarargah.resolutions.models import DeadlineKind

from .factories import assignment_of, body, make_resolution

pytestmark = pytest.mark.django_db

TARGET_TEXT = "مقرر گردید: اداره کل ورزش و جوانان آموزش ۳۰۰۰ نفر از بانوان محلات هدف را انجام دهد."


def test_report_quantity_typed_in_persian_digits(people, client_for):
    resolution = make_resolution(people.secretariat, text=TARGET_TEXT)
    assert resolution.target_quantity == Decimal(3000)
    assignment = assignment_of(resolution)
    client = client_for(people.varzesh)
    page = client.get(f"/resolutions/assignments/{assignment.pk}/").content.decode()
    assert 'name="achieved_quantity"' in page and 'inputmode="decimal"' in page
    assert 'type="number"' not in page
    response = client.post(
        f"/resolutions/assignments/{assignment.pk}/report/",
        {"text": "۱٬۲۰۰ نفر آموزش دیدند.", "achieved_quantity": "۱٬۲۰۰", "version": assignment.version},
    )
    assert response.status_code == 302
    assert assignment.reports.get().achieved_quantity == Decimal(1200)


def test_report_quantity_that_is_not_a_number(people, client_for):
    resolution = make_resolution(people.secretariat, text=TARGET_TEXT)
    assignment = assignment_of(resolution)
    response = client_for(people.varzesh).post(
        f"/resolutions/assignments/{assignment.pk}/report/",
        {"text": "انجام شد.", "achieved_quantity": "هزار و دویست", "version": assignment.version},
    )
    assert response.status_code == 200
    assert "عدد را درست وارد کنید، مثلاً ۱۲۰ یا ۲٫۵." in response.content.decode()
    assert not assignment.reports.exists()


def test_edit_form_shows_persian_digits_and_persian_empty_labels(people, client_for):
    resolution = make_resolution(people.secretariat, text=TARGET_TEXT, kind=DeadlineKind.CONTINUOUS)
    client = client_for(people.secretariat)
    html = client.get(f"/resolutions/{resolution.pk}/edit/").content.decode()
    assert 'value="۳۰۰۰"' in html and 'value="۳۰"' in html
    assert "— تعیین نشده —" in html
    assert "Select an option" not in html and "---------" not in html
    response = client.post(
        f"/resolutions/{resolution.pk}/edit/",
        {
            "text": resolution.text,
            "target_quantity": "۲۵۰۰",
            "target_unit": "نفر",
            "report_period_days": "۱۵",
            "version": resolution.version,
        },
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.report_period_days == 15 and resolution.target_quantity == Decimal(2500)


def test_report_period_out_of_range_is_explained(people, client_for):
    resolution = make_resolution(people.secretariat, kind=DeadlineKind.CONTINUOUS)
    response = client_for(people.secretariat).post(
        f"/resolutions/{resolution.pk}/edit/",
        {"text": resolution.text, "report_period_days": "۴۰۰", "version": resolution.version},
    )
    assert response.status_code == 200
    assert "دوره گزارش حداکثر ۳۶۶ روز است." in response.content.decode()


def test_add_agency_and_past_review_selects_speak_persian(people, client_for):
    resolution = make_resolution(people.secretariat)
    client = client_for(people.secretariat)
    detail = client.get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "— دستگاه را انتخاب کنید —" in detail and "Select an option" not in detail
    review = client.get("/resolutions/past-review/", {"body": body().pk}).content.decode()
    assert "— قرارگاه یا شورا را انتخاب کنید —" in review and "Select an option" not in review


def test_edit_form_refuses_an_officer_and_wrong_method(people, client_for):
    resolution = make_resolution(people.secretariat)
    officer = client_for(people.varzesh)
    response = officer.post(f"/resolutions/{resolution.pk}/edit/", {"text": "x", "report_period_days": "۳۰"})
    assert response.status_code == 403
    assert client_for(people.secretariat).put(f"/resolutions/{resolution.pk}/edit/").status_code == 405
