"""Build the shipped default Word templates (``minutes.docx``, ``invitation.docx``) with python-docx.

Run ``python -m qarargah.meetings.document_templates.build_default`` after changing this file and
commit the two .docx files beside it: the files are what docxtpl renders (and what an
administrator copies to make a body's own letterhead), this script is their source.

The layout follows the real minutes in ``shared/samples``: a letterhead line, «موضوع: …», a header
table (date, weekday, time, place, invitation number and date), «دستور کار:», the narrative and
statements, «در ادامه جلسه موارد ذیل مصوب گردید:» and the resolutions table (row, resolution,
responsible, deadline), then attendance and the signature block. The verification code, its QR
code and «صفحه ۱ از ۳» sit in the footer, outside ``word/document.xml``, so the minutes importer
reads the body of an issued file exactly as it reads a typed one.

Right to left everywhere Word looks: the section and every paragraph carry ``w:bidi``, every
table ``w:bidiVisual``, every run ``w:rtl`` with a complex-script font (``w:rFonts w:cs``), its
size (``w:szCs``), bold (``w:bCs``) and language (``w:lang w:bidi="fa-IR"``).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
COMPLEX_SCRIPT_FONT = "B Nazanin"
LATIN_FONT = "Vazirmatn"

# CT_TblPr and CT_SectPr element orders: Word refuses a file whose property elements are out of
# schema order, so bidi elements go before their successors.
_TBLPR_AFTER_BIDI = (
    "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
    "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
)  # fmt: skip
_SECTPR_AFTER_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
# CT_PPr: pStyle, keepNext, … autoSpaceDN, bidi, adjustRightInd, snapToGrid, spacing, ind, …, jc, …
_PPR_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _insert_before(parent, element, successors: tuple[str, ...]) -> None:
    for name in successors:
        found = parent.find(qn(name))
        if found is not None:
            found.addprevious(element)
            return
    parent.append(element)


def _rtl_run(run, *, bold: bool = False, size: float = 12) -> None:
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)
    run.font.size = Pt(size)
    if bold:
        run.bold = True
    # CT_RPr order: … b, bCs, … sz, szCs, … rtl, … lang.
    if bold:
        rpr.find(qn("w:b")).addnext(OxmlElement("w:bCs"))
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(int(size * 2)))
    rpr.find(qn("w:sz")).addnext(size_cs)
    rpr.append(OxmlElement("w:rtl"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "fa-IR")
    rpr.append(lang)


def _rtl_paragraph(paragraph, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        _insert_before(ppr, OxmlElement("w:bidi"), _PPR_AFTER_BIDI)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def para(container, *runs: tuple[str, bool], size: float = 12, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    """A right-to-left paragraph of (text, bold) runs."""
    paragraph = _rtl_paragraph(container.add_paragraph(), align=align)
    for text, bold in runs:
        _rtl_run(paragraph.add_run(text), bold=bold, size=size)
    return paragraph


def tag(container, text: str):
    """A paragraph holding only a docxtpl block tag (``{%p … %}``): docxtpl drops the paragraph."""
    return para(container, (text, False))


def _rtl_table(table) -> None:
    _insert_before(table._tbl.tblPr, OxmlElement("w:bidiVisual"), _TBLPR_AFTER_BIDI)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER


def cell(table, row: int, col: int, text: str, *, bold: bool = False, size: float = 11, center: bool = True):
    target = table.cell(row, col)
    paragraph = _rtl_paragraph(
        target.paragraphs[0], align=WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    )
    _rtl_run(paragraph.add_run(text), bold=bold, size=size)


def _field(paragraph, instruction: str, placeholder: str, *, size: float) -> None:
    """A complex field (PAGE, NUMPAGES) whose cached result is a Persian digit until Word updates it."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", placeholder), ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        _rtl_run(run, size=size)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            run._element.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)


def _document(*, landscape: bool = False):
    document = Document()
    section = document.sections[0]
    # A4 with office margins.
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin, section.bottom_margin = Cm(2), Cm(2.5)
    _insert_before(section._sectPr, OxmlElement("w:bidi"), _SECTPR_AFTER_BIDI)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)
    # The default paragraph of the style is right to left too (a paragraph Word adds on Enter).
    _insert_before(normal.element.get_or_add_pPr(), OxmlElement("w:bidi"), _PPR_AFTER_BIDI)
    return document


def _footer(document) -> None:
    footer = document.sections[0].footer
    first = footer.paragraphs[0]
    _rtl_paragraph(first, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rtl_run(first.add_run("{% if verification %}{{ verification.qr }}{% endif %}"), size=9)
    para(
        footer,
        ("{% if verification %}کد تصدیق: {{ verification.code }} — {{ verification.url }}{% else %}"
         "{{ draft_notice }}{% endif %}", False),
        size=9,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )  # fmt: skip
    pages = _rtl_paragraph(footer.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER)
    _rtl_run(pages.add_run("صفحه "), size=10)
    # \* HINDIARABIC: Word writes the number in Arabic-Indic digits, shown as Persian in a fa run.
    _field(pages, " PAGE \\* HINDIARABIC ", "۱", size=10)
    _rtl_run(pages.add_run(" از "), size=10)
    _field(pages, " NUMPAGES \\* HINDIARABIC ", "۱", size=10)


def _table(document, rows: int, cols: int, *, grid: bool = True):
    table = document.add_table(rows=rows, cols=cols)
    if grid:
        table.style = "Table Grid"
    _rtl_table(table)
    return table


def build_minutes() -> Document:
    document = _document()
    para(document, ("{{ letterhead }}", True), size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, ("موضوع: {{ title }}", True), size=14, align=WD_ALIGN_PARAGRAPH.CENTER)

    header = _table(document, 2, 6)
    labels = ("تاریخ تشکیل:", "روز:", "ساعت:", "محل تشکیل جلسه:", "شماره دعوتنامه:", "تاریخ دعوتنامه:")
    values = ("{{ date }}", "{{ weekday }}", "{{ time }}", "{{ place }}", "{{ invitation_number }}", "{{ invitation_date }}")  # fmt: skip
    for col, (label, value) in enumerate(zip(labels, values, strict=True)):
        cell(header, 0, col, label, bold=True, size=10)
        cell(header, 1, col, value, size=10)

    para(document, ("دستور کار:", True))
    tag(document, "{%p for item in agenda %}")
    para(document, ("{{ item }}", False))
    tag(document, "{%p endfor %}")
    tag(document, "{%p for text in narrative %}")
    para(document, ("{{ text }}", False))
    tag(document, "{%p endfor %}")
    tag(document, "{%p for s in statements %}")
    para(document, ("{{ s.speaker }}", True), ("{{ s.text }}", False))
    tag(document, "{%p endfor %}")

    para(document, ("در ادامه جلسه موارد ذیل مصوب گردید:", True))
    resolutions = _table(document, 4, 4)
    for col, label in enumerate(("ردیف", "مصوبات جلسه:", "اقدام کننده", "زمان اقدام")):
        cell(resolutions, 0, col, label, bold=True)
    cell(resolutions, 1, 0, "{%tr for r in resolutions %}")
    for col, field in enumerate(("number", "text", "responsible", "deadline")):
        cell(resolutions, 2, col, f"{{{{ r.{field} }}}}", center=field != "text")
    cell(resolutions, 3, 0, "{%tr endfor %}")
    widths = (Cm(1.2), Cm(10.3), Cm(3.8), Cm(2.2))
    for row in resolutions.rows:
        for width, c in zip(widths, row.cells, strict=True):
            c.width = width

    tag(document, "{%p if attendance %}")
    para(document, ("حاضران جلسه:", True))
    tag(document, "{%p for a in attendance %}")
    para(document, ("{{ a }}", False))
    tag(document, "{%p endfor %}")
    tag(document, "{%p endif %}")

    signatures = _table(document, 3, 2, grid=False)
    cell(signatures, 0, 0, "{{ secretary_title }}", bold=True)
    cell(signatures, 1, 0, "{{ secretary }}")
    cell(signatures, 2, 0, "امضا")
    cell(signatures, 0, 1, "{{ chair_title }}", bold=True)
    cell(signatures, 1, 1, "{{ chair }}")
    cell(signatures, 2, 1, "امضا")
    para(document, ("{{ signing_state }}", False), size=10, align=WD_ALIGN_PARAGRAPH.CENTER)
    _footer(document)
    return document


def build_invitation() -> Document:
    document = _document()
    para(document, ("{{ letterhead }}", True), size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, ("شماره: {{ invitation_number }}", False), size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(document, ("تاریخ: {{ invitation_date }}", False), size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    para(document, ("دعوتنامه {{ title }}", True), size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, ("{{ salutation }}", True))
    para(document, ("با سلام و احترام،", False))
    para(document, ("{{ invitation_text }}", False))

    header = _table(document, 2, 4)
    labels = ("تاریخ تشکیل:", "روز:", "ساعت:", "محل تشکیل جلسه:")
    values = ("{{ date }}", "{{ weekday }}", "{{ time }}", "{{ place }}")
    for col, (label, value) in enumerate(zip(labels, values, strict=True)):
        cell(header, 0, col, label, bold=True, size=10)
        cell(header, 1, col, value, size=10)

    para(document, ("دستور کار:", True))
    tag(document, "{%p for item in agenda %}")
    para(document, ("{{ item }}", False))
    tag(document, "{%p endfor %}")
    para(document, ("{{ closing }}", False))
    signatures = _table(document, 2, 1, grid=False)
    cell(signatures, 0, 0, "{{ secretary }}", bold=True)
    cell(signatures, 1, 0, "{{ secretary_title }}")
    _footer(document)
    return document


def main() -> None:
    for name, build in (("minutes.docx", build_minutes), ("invitation.docx", build_invitation)):
        build().save(HERE / name)
        print(HERE / name)


if __name__ == "__main__":
    main()
