"""What a user types is kept as typed (decision 0003): Latin digits and diacritics stay in the
stored text and on the page; only search keys fold them, so «لطفا» finds «لطفاً» and «2» finds
«۲» (and the other way round)."""

from __future__ import annotations

import pytest

from qarargah.resolutions import selectors
from qarargah.resolutions.models import Resolution

from .factories import assignment_of, make_resolution, pdf_bytes, upload

pytestmark = pytest.mark.django_db

PROBE = "<script>alert(2)</script> لطفاً 2 نسخه"


def test_report_text_keeps_its_digits_on_the_page_and_in_the_database(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    client = client_for(people.varzesh)
    response = client.post(
        f"/resolutions/assignments/{assignment.pk}/report/",
        {
            "text": "alert(2) — کلاس‌ها در 3 نوبت برگزار شد؛ لطفاً بررسی کنید.",
            "version": assignment.version,
            "files": [upload("markazi2.pdf", pdf_bytes(), "application/pdf")],
        },
    )
    assert response.status_code == 302
    report = assignment.reports.get()
    assert report.text == "alert(2) — کلاس‌ها در 3 نوبت برگزار شد؛ لطفاً بررسی کنید."
    assert report.attachments.get().original_name == "markazi2.pdf"
    page = client.get(f"/resolutions/assignments/{assignment.pk}/").content.decode()
    assert "alert(2)" in page and "alert(۲)" not in page
    assert "در 3 نوبت" in page and "لطفاً" in page
    assert "markazi2.pdf" in page and "markazi۲" not in page
    # The secretariat's review page shows it as typed too.
    review = client_for(people.secretariat).get("/resolutions/reviews/").content.decode()
    assert "alert(2)" in review and "alert(۲)" not in review


def test_markup_typed_in_a_text_is_shown_as_text(people, client_for):
    resolution = make_resolution(people.secretariat, text=PROBE)
    assert resolution.text == PROBE
    html = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "<script>alert(2)" not in html and "alert(۲)" not in html


def test_edited_text_keeps_tanwin_and_digits_and_is_found_by_plain_spellings(people, client_for):
    resolution = make_resolution(people.secretariat)
    client = client_for(people.secretariat)
    response = client.post(
        f"/resolutions/{resolution.pk}/edit/",
        {
            "text": "لطفاً 25 دستگاه رایانه به کتابخانه محله اهدا شود.",
            "report_period_days": "۳۰",
            "version": resolution.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    resolution.refresh_from_db()
    assert resolution.text == "لطفاً 25 دستگاه رایانه به کتابخانه محله اهدا شود."
    # The search key folds what the stored text keeps.
    assert "لطفا25دستگاه" in resolution.text_key
    for query in ("لطفا", "لطفاً", "۲۵ دستگاه", "25 دستگاه"):
        found = selectors.resolutions_for_user(people.secretariat, query=query)
        assert list(found) == [resolution], query
    listed = client.get("/resolutions/", {"q": "لطفا"}).content.decode()
    assert "لطفاً 25 دستگاه" in listed


def test_digits_are_found_both_ways(people):
    latin = make_resolution(people.secretariat, text="برگزاری 120 کلاس آموزش مهارت برای بانوان")
    persian = make_resolution(people.secretariat, text="برگزاری ۳۴۰ کلاس آموزش مهارت برای جوانان")
    assert latin.text.startswith("برگزاری 120") and persian.text.startswith("برگزاری ۳۴۰")

    def found(query: str) -> list[Resolution]:
        return list(selectors.resolutions_for_user(people.secretariat, query=query))

    assert found("۱۲۰ کلاس") == [latin]
    assert found("340 کلاس") == [persian]


def test_control_characters_go_and_arabic_letter_forms_are_unified(people):
    resolution = make_resolution(people.secretariat, text="علي\u0000 كتاب\u202e را\r\nبخواند 2")
    assert resolution.text == "علی کتاب را\nبخواند 2"


def test_the_api_keeps_a_reports_text_as_typed(people):
    from django.test import Client

    from qarargah.api.tokens import issue_token

    assignment = assignment_of(make_resolution(people.secretariat))
    _, key = issue_token(user=people.varzesh)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    sent = api.post(f"/api/v1/assignments/{assignment.pk}/reports/", {"text": "alert(2) لطفاً"})
    assert sent.status_code == 201, sent.content
    assert assignment.reports.get().text == "alert(2) لطفاً"
    assert "alert(2) لطفاً" in sent.content.decode()


def test_system_written_numbers_stay_persian(people, client_for):
    resolution = make_resolution(people.secretariat)
    html = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/").content.decode()
    number = str(resolution.number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert f"<title>مصوبه {number} |" in html
    assert str(resolution) == f"مصوبه {number}: {resolution.text[:60]}"
