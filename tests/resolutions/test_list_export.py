"""The resolution list as an Excel file: right to left, Persian headers, the page's filters and
scope, texts as typed, Jalali dates in Persian digits, a row cap with a Persian message."""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest

from qarargah.persian import format_jalali
from qarargah.resolutions import spreadsheets
from qarargah.resolutions.models import Assignment

from .factories import (
    MARKAZI_BEHZISTI,
    MARKAZI_COUNCIL,
    TAAVON,
    VARZESH,
    agency,
    make_meeting,
    make_resolution,
    today,
)
from .xlsx import read_xlsx

pytestmark = pytest.mark.django_db

URL = "/resolutions/export.xlsx"
# Starting with «=»: written as a text, never as a formula.
FORMULA_TEXT = "=SUM(1;2) مقرر شد ماده 12 اجرا شود"


@pytest.fixture
def world(people):
    meeting = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=30), number=7)
    sport = make_resolution(people.secretariat, meeting=meeting, text=FORMULA_TEXT, agencies=(VARZESH,))
    both = make_resolution(
        people.secretariat, meeting=meeting, text="مصوبه مشترک دو دستگاه", agencies=(VARZESH, TAAVON)
    )
    labour = make_resolution(people.secretariat, meeting=meeting, text="مصوبه ویژه تعاون", agencies=(TAAVON,))
    markazi = make_resolution(
        people.markazi_secretariat,
        meeting=make_meeting(people.markazi_secretariat, body_name=MARKAZI_COUNCIL),
        text="مصوبه استان مرکزی",
        agencies=(MARKAZI_BEHZISTI,),
    )
    return {"meeting": meeting, "sport": sport, "both": both, "labour": labour, "markazi": markazi}


def _rows(sheet):
    """The data rows (after the title row and the header row)."""
    return [row for row in sheet.rows[2:] if row]


def _numbers(sheet) -> set[int]:
    return {int(row[0]) for row in _rows(sheet)}


def test_secretariat_export_is_rtl_with_persian_headers_and_rows(people, client_for, world):
    response = client_for(people.secretariat).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote("مصوبات") in disposition  # the Persian file name, RFC 5987-encoded
    sheets = read_xlsx(b"".join(response.streaming_content))
    assert [s.name for s in sheets] == ["مصوبات"]
    sheet = sheets[0]
    assert sheet.right_to_left
    assert sheet.rows[0][0].startswith("مصوبات — بدون فیلتر")
    assert sheet.rows[1] == [header for header, _width in spreadsheets.LIST_COLUMNS]
    assert _numbers(sheet) == {world["sport"].number, world["both"].number, world["labour"].number}
    row = next(r for r in _rows(sheet) if int(r[0]) == world["sport"].number)
    # As stored (the text the minutes gave, normalised once at the boundary), and a text, not a
    # formula, although it starts with «=».
    world["sport"].refresh_from_db()
    assert row[1] == world["sport"].text
    assert row[1].startswith("=SUM(")
    assert row[2] == world["meeting"].body.name
    assert row[3] == 7
    assert row[4] == format_jalali(world["meeting"].date)
    assert row[4][0] in "۰۱۲۳۴۵۶۷۸۹"  # Jalali in Persian digits
    assert row[6] == f"{VARZESH}: {Assignment.objects.get(resolution=world['sport']).get_status_display()}"
    assert row[8] == world["sport"].get_status_display()


def test_export_follows_the_filters_of_the_page(people, client_for, world):
    taavon = agency(TAAVON)
    response = client_for(people.secretariat).get(URL, {"agency": taavon.pk, "q": "مصوبه"})
    sheet = read_xlsx(b"".join(response.streaming_content))[0]
    assert _numbers(sheet) == {world["both"].number, world["labour"].number}
    assert f"دستگاه: {TAAVON}" in sheet.rows[0][0]
    assert "جستجو: «مصوبه»" in sheet.rows[0][0]


def test_officer_export_holds_only_what_their_list_shows(people, client_for, world):
    client = client_for(people.varzesh)
    page = client.get("/resolutions/")
    shown = {r.number for r in page.context["page"].object_list}
    sheet = read_xlsx(b"".join(client.get(URL).streaming_content))[0]
    assert _numbers(sheet) == shown == {world["sport"].number, world["both"].number}
    shared = next(r for r in _rows(sheet) if int(r[0]) == world["both"].number)
    # The other agency of a shared resolution is not the officer's to see, on the page or here.
    assert TAAVON not in shared[6]
    assert VARZESH in shared[6]
    # Asking for another agency's rows gives none, as on the page.
    other = read_xlsx(b"".join(client.get(URL, {"agency": agency(TAAVON).pk}).streaming_content))[0]
    assert _numbers(other) == set()


def test_other_province_exports_nothing_of_alborz(people, client_for, world):
    sheet = read_xlsx(b"".join(client_for(people.markazi_secretariat).get(URL).streaming_content))[0]
    assert _numbers(sheet) == {world["markazi"].number}


def test_row_cap_refuses_with_a_persian_message(people, client_for, world, monkeypatch):
    monkeypatch.setattr(spreadsheets, "LIST_ROW_CAP", 2)
    client = client_for(people.secretariat)
    response = client.get(URL, {"axis": ""})
    assert response.status_code == 302
    assert response["Location"].startswith("/resolutions/?")
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "بیش از ۲ مصوبه" in text and "فایل Excel" in text
    # Narrowed below the cap, the file is made.
    narrowed = client.get(URL, {"agency": agency(TAAVON).pk})
    assert narrowed.status_code == 200


def test_list_page_carries_its_query_to_the_export_button(people, client_for, world):
    response = client_for(people.secretariat).get("/resolutions/", {"q": "مشترک", "order": "number"})
    link = response.content.decode().split('data-testid="export-xlsx" href="')[1].split('"')[0]
    assert link.startswith(URL + "?")
    assert "q=%D9%85%D8%B4%D8%AA%D8%B1%DA%A9" in link and "order=number" in link


def test_overdue_shows_as_a_badge_with_a_legend_not_a_row_colour(people, client_for, world):
    Assignment.objects.filter(resolution=world["sport"]).update(due_date=today() - datetime.timedelta(days=3))
    from qarargah.resolutions.services import refresh_resolution_status

    refresh_resolution_status(world["sport"])
    html = client_for(people.secretariat).get("/resolutions/").content.decode()
    assert "table-danger" not in html
    assert 'class="badge text-bg-danger overdue-badge"' in html
    assert 'data-testid="badge-legend"' in html
    legend = html.split('data-testid="badge-legend"')[1].split("</div>")[0]
    assert "گذشته از سررسید" in legend and "جدید" in legend


def test_export_wrong_method_and_login(people, client_for, client):
    assert client.get(URL).status_code == 302  # to the login page
    secretariat = client_for(people.secretariat)
    for url in (URL, "/resolutions/scoreboard/export.xlsx"):
        assert secretariat.post(url).status_code == 405
        assert secretariat.put(url).status_code == 405
