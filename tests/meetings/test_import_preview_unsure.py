"""The import preview marks every field the parser is unsure of, with its message beside it."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qarargah.meetings.importer import preview_minutes
from qarargah.meetings.planning import ImportContext, PlannedFile, build_plan, preview
from qarargah.minutes_parser import parse_text

pytestmark = pytest.mark.django_db

NO_DATE = """صورتجلسه قرارگاه اجتماعی استان البرز
حاضران: اعضای قرارگاه و نمایندگان دستگاه‌ها
مصوبات:
۱- مقرر شد اداره کل بهزیستی ظرف یک ماه طرح حمایتی خانواده‌ها را اجرا کند.
۳- مقرر شد اداره کل ورزش و جوانان مسابقات محلی برگزار کند.
"""


def _preview_page(client, text: str) -> str:
    upload = SimpleUploadedFile("no-date.txt", text.encode(), content_type="text/plain")
    response = client.post("/meetings/import/", {"files": [upload]})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def _block(html: str, marker: str) -> str:
    """The element marked ``data-unsure="<marker>"``, up to its closing tag's neighbourhood."""
    start = html.index(f'data-unsure="{marker}"')
    return html[start : start + 3000]


def test_a_missing_date_is_marked_beside_the_date_field(people, client_for):
    html = _preview_page(client_for(people.secretariat), NO_DATE)
    block = _block(html, "date")
    # The marker, the field itself and the parser's message, together.
    assert "⚠ بررسی کنید" in block
    assert 'name="date"' in block
    assert 'data-testid="unsure-date"' in block and "⚠ تاریخ جلسه پیدا نشد." in block
    # Other unsure header fields are marked too; fields the parser read are not.
    assert 'data-unsure="chair_name"' in html and 'data-unsure="number"' in html
    assert 'data-unsure="title"' not in html
    # The skipped number of the second resolution is marked on its row.
    assert 'data-unsure="res-1-number"' in html and 'data-unsure="res-0-number"' not in html


def test_a_guessed_date_is_marked_with_its_message(people, client_for, alborz):
    """The parser's own list decides, whatever it says: here a date it guessed."""
    text = NO_DATE.replace("حاضران:", "تاریخ جلسه: ۱۴۰۲/۰۹/۱۴\nحاضران:")
    pm = parse_text(text)
    assert "date" not in dict(pm.unsure)
    guessed = dataclasses.replace(
        pm,
        unsure=(
            ("date", "تاریخ جلسه از متن صورتجلسه برداشت شد؛ لطفاً بررسی کنید."),
            ("resolutions[1].deadline", "مصوبه 3: مهلت روشن نیست."),
            ("resolutions[0].assignees", "مصوبه 1: مسئول اجرا از متن مصوبه برداشت شد."),
        ),
    )
    reg = ImportContext().registry(alborz)
    plan = build_plan(guessed, reg=reg, body=None, overrides={})
    shown = preview(PlannedFile("x.txt", guessed, plan, "0" * 64, reg, {}))
    assert shown.unsure_fields == {"date": ["تاریخ جلسه از متن صورتجلسه برداشت شد؛ لطفاً بررسی کنید."]}
    first, second = shown.resolutions
    assert first.unsure == {"assignees": ["مصوبه 1: مسئول اجرا از متن مصوبه برداشت شد."]}
    assert second.unsure == {"deadline": ["مصوبه 3: مهلت روشن نیست."]}


def test_a_file_the_parser_is_sure_of_has_no_marker(people, client_for):
    text = NO_DATE.replace(
        "حاضران:",
        "جلسه شماره ۱۲ مورخ ۱۴۰۲/۰۹/۱۴ ساعت ۱۰ به ریاست آقای احمدی در سالن شهدا برگزار شد.\nحاضران:",
    )
    text = text.replace("۳- مقرر شد", "۲- مقرر شد")
    preview_data = preview_minutes(actor=people.secretariat, body=None, filename="ok.txt", data=text.encode())
    assert preview_data.unsure_fields.get("date") is None
    html = _preview_page(client_for(people.secretariat), text)
    assert 'data-unsure="date"' not in html
    assert not re.search(r'data-unsure="res-\d+-number"', html)
