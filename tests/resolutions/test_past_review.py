"""The review of past resolutions for the next meeting: open or accepted since the last meeting,
grouped by agency with the latest report, as a page and as a right-to-left Word file."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from qarargah.persian import format_jalali
from qarargah.resolutions import review, services
from qarargah.resolutions.models import Assignment

from .factories import (
    MARKAZI_COUNCIL,
    TAAVON,
    VARZESH,
    assignment_of,
    body,
    make_meeting,
    make_resolution,
    report,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(people):
    """Two meetings of the HQ: an old one and the last one (10 days ago)."""
    old = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=60))
    last = make_meeting(people.secretariat, date=today() - datetime.timedelta(days=10))
    open_one = make_resolution(
        people.secretariat, meeting=old, text="مصوبه هنوز باز", agencies=(VARZESH, TAAVON)
    )
    accepted_recently = make_resolution(people.secretariat, meeting=last, text="مصوبه تازه پذیرفته")
    accepted_long_ago = make_resolution(people.secretariat, meeting=old, text="مصوبه قدیمی پذیرفته")
    latest = report(people.varzesh, assignment_of(open_one), text="گزارش نخست ورزش")
    services.review_progress_report(
        actor=people.secretariat, report=latest, decision="return", comment="ناقص"
    )
    report(people.varzesh, assignment_of(open_one), text="گزارش دوم ورزش")
    services.review_progress_report(
        actor=people.secretariat,
        report=report(people.varzesh, assignment_of(accepted_recently)),
        decision="accept",
    )
    services.review_progress_report(
        actor=people.secretariat,
        report=report(people.varzesh, assignment_of(accepted_long_ago)),
        decision="accept",
    )
    Assignment.objects.filter(pk=assignment_of(accepted_long_ago).pk).update(
        accepted_at=timezone.now() - datetime.timedelta(days=40)
    )
    return {"old": old, "last": last, "open": open_one}


def test_grouped_by_agency_with_latest_report(people, history):
    since = review.last_meeting_date(body())
    assert since == history["last"].date
    groups = review.past_resolutions_review(people.secretariat, body=body(), since=since)
    by_agency = {g.agency.name: g for g in groups}
    assert set(by_agency) == {VARZESH, TAAVON}
    varzesh_texts = [row.resolution.text for row in by_agency[VARZESH].rows]
    assert "مصوبه هنوز باز" in varzesh_texts and "مصوبه تازه پذیرفته" in varzesh_texts
    assert "مصوبه قدیمی پذیرفته" not in varzesh_texts
    open_row = next(r for r in by_agency[VARZESH].rows if r.resolution.text == "مصوبه هنوز باز")
    assert open_row.latest_report.text == "گزارش دوم ورزش"
    assert by_agency[TAAVON].rows[0].latest_report is None
    assert (by_agency[VARZESH].open_count, by_agency[VARZESH].accepted_count) == (1, 1)


def test_page_defaults_to_the_secretariats_body(people, client_for, history):
    html = client_for(people.secretariat).get("/resolutions/past-review/").content.decode()
    assert "مصوبه هنوز باز" in html and "گزارش دوم ورزش" in html
    assert "مصوبه قدیمی پذیرفته" not in html
    assert f"از {format_jalali(history['last'].date)} (آخرین جلسه)" in html
    assert "دریافت فایل Word" in html
    assert "گزارشی نرسیده است." in html


def test_other_provinces_body_is_refused(people, client_for, history):
    html = (
        client_for(people.secretariat)
        .get("/resolutions/past-review/", {"body": body(MARKAZI_COUNCIL).pk})
        .content.decode()
    )
    assert "این قرارگاه یا شورا در حوزه شما نیست." in html


def test_empty_review_is_a_sentence(people, client_for):
    from qarargah.organisations.models import Body

    committee = Body.objects.get(name="کمیته بانوان و تحکیم بنیان خانواده")
    html = (
        client_for(people.secretariat)
        .get("/resolutions/past-review/", {"body": committee.pk})
        .content.decode()
    )
    assert "مصوبه باز یا تازه پذیرفته‌شده‌ای برای این نهاد نیست" in html


def test_word_export_opens_and_is_right_to_left_with_persian_digits(people, client_for, history):
    response = client_for(people.secretariat).get(
        "/resolutions/past-review/export.docx", {"body": body().pk, "meeting_date": "۱۴۰۴/۰۱/۱۵"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    document = Document(io.BytesIO(response.content))
    title = document.paragraphs[0]
    assert title.text == "بررسی مصوبات گذشته — قرارگاه اجتماعی استان"
    assert "۱۴۰۴/۰۱/۱۵" in document.paragraphs[1].text
    for paragraph in document.paragraphs:
        assert paragraph._p.pPr.find(qn("w:bidi")) is not None
    assert len(document.tables) == 2
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    run = title.runs[0]._element
    assert run.rPr.find(qn("w:rtl")) is not None
    assert run.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == "B Nazanin"
    all_text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "مصوبه هنوز باز" in all_text and "گزارش دوم ورزش" in all_text
    assert not re.search(r"[0-9]", all_text), "every digit is Persian"
    assert re.search(r"[۰-۹]", all_text)


def test_word_export_without_body_explains(people, client_for):
    response = client_for(people.national).get("/resolutions/past-review/export.docx", follow=True)
    assert "برای گرفتن فایل Word، نخست قرارگاه یا شورا را انتخاب کنید." in response.content.decode()


def test_officer_sees_only_their_agency_in_the_review(people, history):
    groups = review.past_resolutions_review(people.taavon, body=body(), since=history["last"].date)
    assert [g.agency.name for g in groups] == [TAAVON]


def _child_names(element) -> list[str]:
    return [child.tag.rsplit("}", 1)[-1] for child in element]


def test_word_export_keeps_the_schema_order_word_requires(people, client_for, history):
    """Word refuses to open a file whose property elements are out of schema order."""
    response = client_for(people.secretariat).get("/resolutions/past-review/export.docx", {"body": body().pk})
    document = Document(io.BytesIO(response.content))
    for table in document.tables:
        names = _child_names(table._tbl.tblPr)
        assert names.index("bidiVisual") < names.index("tblW") < names.index("tblLook")
    names = _child_names(document.sections[0]._sectPr)
    assert names.index("bidi") < names.index("docGrid")
    run_names = _child_names(document.paragraphs[0].runs[0]._element.rPr)
    order = ["rFonts", "b", "bCs", "sz", "szCs", "rtl", "lang"]
    assert [n for n in run_names if n in order] == order


def test_page_lists_every_agency_in_the_summary_and_rows_a_page_at_a_time(
    people, client_for, history, monkeypatch
):
    from qarargah.resolutions import views

    monkeypatch.setattr(views, "PAST_REVIEW_PAGE_SIZE", 1)
    client = client_for(people.secretariat)
    url = f"/resolutions/past-review/?body={body().pk}"
    first = client.get(url)
    assert first.status_code == 200
    # The summary covers both agencies and their totals, whatever page the rows are on.
    summary = {s.agency_name: s for s in first.context["review"]["summary"]}
    assert set(summary) == {VARZESH, TAAVON}
    assert (summary[VARZESH].open, summary[VARZESH].accepted) == (1, 1)
    assert (summary[TAAVON].open, summary[TAAVON].accepted) == (1, 0)
    page = first.context["page"]
    assert page.paginator.count == 3 and len(page.object_list) == 1
    assert "ردیف‌ها ۱ تا ۱ از ۳" in first.content.decode()
    seen = []
    for number in (1, 2, 3):
        response = client.get(f"{url}&page={number}")
        (group,) = response.context["review"]["groups"]
        assert group.summary is not None and group.summary.agency_name == group.agency.name
        seen.append((group.agency.name, group.rows[0].resolution.text))
    assert len(set(seen)) == 3  # every row once, none repeated across pages
    assert 'href="?body=' in first.content.decode()  # the next-page link keeps the chosen body


def test_a_date_typed_in_is_not_called_the_last_meeting(people, client_for, history):
    client = client_for(people.secretariat)
    typed = format_jalali(history["last"].date - datetime.timedelta(days=3))
    html = client.get("/resolutions/past-review/", {"since": typed}).content.decode()
    assert f"مصوبات باز و مصوباتی که از {typed} پذیرفته شده‌اند." in html
    assert "(آخرین جلسه)" not in html
    response = client.get("/resolutions/past-review/export.docx", {"since": typed})
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert f"از تاریخ {typed} انجام و پذیرفته شده‌اند." in text
    default = client.get("/resolutions/past-review/export.docx")
    assert "(آخرین جلسه)" in "\n".join(p.text for p in Document(io.BytesIO(default.content)).paragraphs)


def test_leadership_finds_the_review_in_its_menu_and_reads_it(people, client_for, history):
    client = client_for(people.leadership)
    assert 'href="/resolutions/past-review/"' in client.get("/").content.decode()
    hq = history["last"].body
    html = client.get("/resolutions/past-review/", {"body": hq.pk}).content.decode()
    assert "مصوبه هنوز باز" in html and "گزارش دوم ورزش" in html
    officer_menu = client_for(people.varzesh).get("/").content.decode()
    assert 'href="/resolutions/past-review/"' not in officer_menu


def test_an_empty_review_offers_no_word_file(people, client_for):
    from qarargah.organisations.models import Body

    karaj = Body.objects.get(name="قرارگاه اجتماعی شهرستان کرج")
    html = (
        client_for(people.secretariat).get("/resolutions/past-review/", {"body": karaj.pk}).content.decode()
    )
    assert "دستور «بررسی مصوبات گذشته» این جلسه خالی است" in html
    assert "دریافت فایل Word" not in html


def test_word_export_keeps_the_digits_people_typed(people, client_for, history):
    """The system writes its own numbers in Persian digits, but a resolution's text and an
    agency's report are kept as typed (decision 0003): «بند 12» stays «بند 12»."""
    typed = make_resolution(people.secretariat, meeting=history["old"], text="اجرای بند 12 آیین‌نامه")
    report(people.varzesh, assignment_of(typed), text="در 3 محله برگزار شد")
    response = client_for(people.secretariat).get("/resolutions/past-review/export.docx", {"body": body().pk})
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "اجرای بند 12 آیین‌نامه" in cells
    assert any(cell.endswith("در 3 محله برگزار شد") for cell in cells)
    # ... while the row numbers and dates the system writes are Persian.
    assert "۱" in cells and not any(re.fullmatch(r"[0-9]+", cell) for cell in cells)
