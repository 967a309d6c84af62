"""The review of past resolutions as a Word file to attach to the next meeting's agenda.

Persian in Word needs more than text: each paragraph is marked right-to-left (``w:bidi``), each
run as right-to-left text (``w:rtl``) with a complex-script font and language, and each table
laid out right-to-left (``w:bidiVisual``) so its first column sits on the right. Digits are
written as Persian digits because Word shows stored digits as they are.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from urllib.parse import quote

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from qarargah.persian import format_jalali, to_persian_digits

from .models import AssignmentStatus
from .review import AgencyReview, ResolutionReview

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The font Iranian offices use for letters; Vazirmatn for the Latin/ASCII slots.
COMPLEX_SCRIPT_FONT = "B Nazanin"
LATIN_FONT = "Vazirmatn"


def _set_run_rtl(run, *, bold: bool = False, size: float = 12) -> None:
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)
    if bold:
        rpr.append(OxmlElement("w:bCs"))
        run.bold = True
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    rpr.append(size_cs)
    run.font.size = Pt(size)
    rtl = OxmlElement("w:rtl")
    rpr.append(rtl)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "fa-IR")
    rpr.append(lang)


def _set_paragraph_rtl(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert(0, OxmlElement("w:bidi"))


def _paragraph(container, text: str, *, bold: bool = False, size: float = 12, center: bool = False):
    paragraph = container.add_paragraph()
    _set_paragraph_rtl(paragraph)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    _set_run_rtl(run, bold=bold, size=size)
    return paragraph


def _cell_text(cell, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    _set_paragraph_rtl(paragraph)
    run = paragraph.add_run(text)
    _set_run_rtl(run, bold=bold, size=10)


def _insert_in_schema_order(parent, element, successors: tuple[str, ...]) -> None:
    """Word validates the order of property elements and calls a file with them out of order
    unreadable, so insert ``element`` before the first of its schema successors present."""
    for name in successors:
        found = parent.find(qn(name))
        if found is not None:
            found.addprevious(element)
            return
    parent.append(element)


# CT_TblPr: tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize, tblStyleColBandSize, tblW, …
_TBLPR_AFTER_BIDI = (
    "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
)  # fmt: skip
# CT_SectPr: …, textDirection, bidi, rtlGutter, docGrid, printerSettings, sectPrChange
_SECTPR_AFTER_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def _table_rtl(table) -> None:
    _insert_in_schema_order(table._tbl.tblPr, OxmlElement("w:bidiVisual"), _TBLPR_AFTER_BIDI)


COLUMNS = ("ردیف", "جلسه", "شماره مصوبه", "متن مصوبه", "سررسید", "وضعیت", "آخرین گزارش")
# Grouped by resolution: one row per resolution, its agencies in one cell, a line each.
RESOLUTION_COLUMNS = ("ردیف", "جلسه", "شماره مصوبه", "متن مصوبه", "دستگاه‌ها: سررسید و وضعیت")


def _status_text(row) -> str:
    text = AssignmentStatus(row.assignment.status).label
    if row.overdue:
        text += " (گذشته از سررسید)"
    return text


def _report_text(row) -> str:
    report = row.latest_report
    if report is None:
        return "گزارشی نرسیده است."
    text = report.text if len(report.text) <= 400 else report.text[:400] + "…"
    return f"{format_jalali(report.submitted_at)}: {text}"


def _meeting_text(meeting) -> str:
    return f"{to_persian_digits(str(meeting.number or ''))} ({format_jalali(meeting.date)})".strip()


def _agencies_text(group: ResolutionReview) -> str:
    lines = []
    for row in group.rows:
        due = format_jalali(row.assignment.due_date) if row.assignment.due_date else "بدون سررسید"
        lines.append(f"{row.assignment.agency.name}: {_status_text(row)}، سررسید {due}")
    return "\n".join(lines)


def _header_row(table, columns: tuple[str, ...]) -> None:
    for cell, title in zip(table.rows[0].cells, columns, strict=True):
        _cell_text(cell, title, bold=True)


def _cell_lines(cell, text: str) -> None:
    """Each line its own right-to-left paragraph (a line break inside a run would not carry
    the paragraph's direction in every Word version)."""
    lines = text.split("\n")
    _cell_text(cell, lines[0])
    for line in lines[1:]:
        paragraph = cell.add_paragraph()
        _set_paragraph_rtl(paragraph)
        _set_run_rtl(paragraph.add_run(line), size=10)


def _resolution_table(document, resolutions: list[ResolutionReview]) -> None:
    table = document.add_table(rows=1, cols=len(RESOLUTION_COLUMNS))
    table.style = "Table Grid"
    _table_rtl(table)
    _header_row(table, RESOLUTION_COLUMNS)
    for index, group in enumerate(resolutions, start=1):
        cells = table.add_row().cells
        values = (
            to_persian_digits(str(index)),
            _meeting_text(group.resolution.meeting),
            to_persian_digits(str(group.resolution.number)),
            group.resolution.text,
        )
        for cell, value in zip(cells, values, strict=False):
            _cell_text(cell, value)
        _cell_lines(cells[4], _agencies_text(group))


def past_review_document(
    *,
    body,
    meeting_date: datetime.date,
    since: datetime.date | None,
    groups: Iterable[AgencyReview] = (),
    since_is_last_meeting: bool = True,
    resolutions: Iterable[ResolutionReview] | None = None,
) -> bytes:
    """The .docx bytes of the review: a title with the body and the Jalali date, then one
    right-to-left table per agency, or (``resolutions`` given: the review grouped by
    resolution) one table with a row per resolution."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    _insert_in_schema_order(section._sectPr, OxmlElement("w:bidi"), _SECTPR_AFTER_BIDI)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    normal_fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)

    _paragraph(document, f"بررسی مصوبات گذشته — {body.name}", bold=True, size=16, center=True)
    _paragraph(document, f"برای جلسه مورخ {format_jalali(meeting_date)}", size=12, center=True)
    if since:
        _paragraph(
            document,
            f"مصوبات باز و مصوباتی که از تاریخ {format_jalali(since)}"
            f"{' (آخرین جلسه)' if since_is_last_meeting else ''} انجام و پذیرفته شده‌اند.",
            size=11,
            center=True,
        )
    groups = list(groups)
    by_resolution = list(resolutions) if resolutions is not None else None
    if not (groups or by_resolution):
        _paragraph(document, "مصوبه باز یا پذیرفته‌شده‌ای برای بررسی در این جلسه وجود ندارد.")
    if by_resolution:
        _resolution_table(document, by_resolution)
    for group in groups:
        fa = to_persian_digits
        summary = f"{group.agency.name} — باز: {fa(str(group.open_count))}، پذیرفته‌شده: {fa(str(group.accepted_count))}"
        if group.overdue_count:
            summary += f"، گذشته از سررسید: {fa(str(group.overdue_count))}"
        _paragraph(document, summary, bold=True, size=13)
        table = document.add_table(rows=1, cols=len(COLUMNS))
        table.style = "Table Grid"
        _table_rtl(table)
        _header_row(table, COLUMNS)
        for index, row in enumerate(group.rows, start=1):
            cells = table.add_row().cells
            values = (
                to_persian_digits(str(index)),
                _meeting_text(row.resolution.meeting),
                to_persian_digits(str(row.resolution.number)),
                row.resolution.text,
                format_jalali(row.assignment.due_date) if row.assignment.due_date else "بدون سررسید",
                _status_text(row),
                _report_text(row),
            )
            for cell, value in zip(cells, values, strict=True):
                _cell_text(cell, value)
        _paragraph(document, "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def content_disposition(filename: str) -> str:
    """An attachment header with a Persian file name (RFC 6266) and an ASCII fallback."""
    return f"attachment; filename=\"past-review.docx\"; filename*=UTF-8''{quote(filename)}"
