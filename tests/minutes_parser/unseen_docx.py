"""Two Word minutes built the way secretariats write them, for the unseen-layout tests.

* :func:`hq_body_text_docx`: the header only in the opening sentence, the agenda as Word bullets,
  speakers in bold runs, and a real right-to-left resolutions table with a title row merged
  across all columns, the header row repeated after a page break, a row split across the break
  (its second half without a number) and an assignee cell merged vertically over two rows; an
  attendance table follows.
* :func:`working_group_grid_docx`: the header as a Word table of labels over values, the agenda
  as one paragraph of sentences, a resolutions table with other header names, and a copy-to list.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def _rtl_table(doc, rows: int, cols: int):
    table = doc.add_table(rows=rows, cols=cols)
    table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    return table


def _para(doc, text: str = "", *, bold_prefix: str = "") -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.element.get_or_add_pPr().append(OxmlElement("w:bidi"))
    if bold_prefix:
        p.add_run(bold_prefix).bold = True
    if text:
        p.add_run(text)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


HQ_HEADER = ("ردیف", "شرح مصوبه", "مسئول اجرا", "مهلت انجام")
HQ_ROWS = (
    (
        "۱",
        "مقرر گردید اداره کل بهزیستی استان آمار خانوارهای تحت پوشش در محلات هدف را به تفکیک شهرستان به دبیرخانه قرارگاه ارسال نماید.",
        "اداره کل بهزیستی استان",
        "یک هفته",
    ),
    (
        "۲",
        "مقرر گردید کمیته امداد امام خمینی (ره) استان نسبت به پوشش بیمه ای خانوارهای فاقد بیمه در محله حصار اقدام نماید.",
        "کمیته امداد امام خمینی (ره) استان",
        "یک ماه",
    ),
    (
        "۳",
        "مقرر گردید میز خدمت مشترک دستگاهها در محله اسلام آباد کرج برگزار شود.",
        "فرمانداری کرج / کلیه دستگاههای اجرایی استان",
        "۱۴۰۳/۰۳/۱۰",
    ),
)
# Row 4 breaks across the page: its second half sits below the repeated header, without a number.
HQ_ROW4_A = "مقرر گردید اداره کل آموزش و پرورش استان با همکاری اداره کل ورزش و جوانان فضای ورزشی"
HQ_ROW4_B = "مدارس محلات هدف را در ایام تابستان در اختیار ساکنین محله قرار دهد."
HQ_ROWS_MERGED = (
    (
        "۵",
        "مقرر گردید فرمانداران محترم تابعه گزارش پیشرفت خانه های محله را ماهانه ارسال نمایند.",
        "مستمر",
    ),
    (
        "۶",
        "مقرر گردید فرمانداران محترم تابعه جلسات قرارگاه شهرستان را حداقل ماهی یک بار برگزار نمایند.",
        "اسرع وقت",
    ),
)


def hq_body_text_docx() -> bytes:
    doc = Document()
    _para(doc, "باسمه تعالی")
    _para(doc, "صورتجلسه بیست و یکمین جلسه قرارگاه اجتماعی استان")
    _para(
        doc,
        "بیست و یکمین جلسه قرارگاه اجتماعی استان روز دوشنبه مورخ ۱۴۰۳/۲/۱۷ ساعت ۱۰ صبح در محل سالن شهید "
        "رجایی استانداری به ریاست جناب آقای دکتر سلیمانی معاون محترم سیاسی، امنیتی و اجتماعی استاندار "
        "و با حضور اعضا برگزار گردید.",
    )
    _para(doc, "دستور کار:")
    for item in (
        "بررسی گزارش عملکرد خانه های محله",
        "پوشش بیمه ای خانوارهای نیازمند محلات هدف",
        "برنامه های تابستانی کودکان و نوجوانان",
    ):
        _para(doc, "• " + item)
    _para(
        doc,
        " ضمن خیرمقدم، بر پیگیری جدی مصوبات جلسات گذشته تاکید کرد.",
        bold_prefix="آقای دکتر سلیمانی، معاون محترم سیاسی، امنیتی و اجتماعی استاندار:",
    )
    _para(
        doc,
        " گزارشی از وضعیت پوشش بیمه ای خانوارهای محلات هدف ارائه نمود.",
        bold_prefix="آقای مهندس کریمی، مدیرکل کمیته امداد امام خمینی (ره) استان:",
    )
    _para(doc, "مصوبات جلسه:")
    n_rows = 1 + 1 + len(HQ_ROWS) + 1 + 2 + len(HQ_ROWS_MERGED)
    table = _rtl_table(doc, n_rows, 4)
    title = table.cell(0, 0).merge(table.cell(0, 3))
    title.text = "جدول مصوبات بیست و یکمین جلسه قرارگاه"
    for c, text in enumerate(HQ_HEADER):
        table.cell(1, c).text = text
    _repeat_header(table.rows[1])
    r = 2
    for row in HQ_ROWS:
        for c, text in enumerate(row):
            table.cell(r, c).text = text
        r += 1
    for c, text in enumerate(("۴", HQ_ROW4_A, "اداره کل آموزش و پرورش استان", "")):
        table.cell(r, c).text = text
    r += 1
    # The page breaks here: Word repeats the header row, then the rest of row 4.
    for c, text in enumerate(HQ_HEADER):
        table.cell(r, c).text = text
    r += 1
    for c, text in enumerate(("", HQ_ROW4_B, "", "دو هفته")):
        table.cell(r, c).text = text
    r += 1
    first_merged = r
    for number, text, deadline in HQ_ROWS_MERGED:
        table.cell(r, 0).text = number
        table.cell(r, 1).text = text
        table.cell(r, 3).text = deadline
        r += 1
    merged = table.cell(first_merged, 2).merge(table.cell(r - 1, 2))
    merged.text = "فرمانداران محترم تابعه"
    _para(doc, "حاضرین:")
    attendance = _rtl_table(doc, 3, 4)
    for c, text in enumerate(("ردیف", "نام و نام خانوادگی", "سمت", "امضا")):
        attendance.cell(0, c).text = text
    for c, text in enumerate(("۱", "دکتر سلیمانی", "معاون سیاسی، امنیتی و اجتماعی", "")):
        attendance.cell(1, c).text = text
    for c, text in enumerate(("۲", "مهندس کریمی", "مدیرکل کمیته امداد", "")):
        attendance.cell(2, c).text = text
    return _save(doc)


def _resolution(number: int, text: str, raw: str | None, assignees: list[str], deadline: tuple) -> dict:
    return {
        "number": number,
        "text": text,
        "assignees_raw": raw,
        "assignees": assignees,
        "deadline": {"raw": deadline[0], "kind": deadline[1], "due_date": deadline[2]},
    }


FT = "فرمانداران محترم تابعه"
HQ_EXPECTED: dict = {
    "title": "صورتجلسه بیست و یکمین جلسه قرارگاه اجتماعی استان",
    "body": "قرارگاه اجتماعی استان",
    "number": 21,
    "date": "1403-02-17",
    "weekday": "دوشنبه",
    "time": "10:00",
    "place": "سالن شهید رجایی استانداری",
    "invitation": {"number": None, "date": None},
    "chair": {"name": "دکتر سلیمانی", "role": "معاون محترم سیاسی، امنیتی و اجتماعی استاندار"},
    "secretary": {"name": None, "role": None},
    "agenda": [
        "بررسی گزارش عملکرد خانه های محله",
        "پوشش بیمه ای خانوارهای نیازمند محلات هدف",
        "برنامه های تابستانی کودکان و نوجوانان",
    ],
    "speakers": [
        {"name": "دکتر سلیمانی", "role": "معاون محترم سیاسی، امنیتی و اجتماعی استاندار"},
        {"name": "مهندس کریمی", "role": "مدیرکل کمیته امداد امام خمینی (ره) استان"},
    ],
    "resolutions": [
        _resolution(1, HQ_ROWS[0][1], HQ_ROWS[0][2], [HQ_ROWS[0][2]], ("یک هفته", "relative", "1403-02-24")),
        _resolution(2, HQ_ROWS[1][1], HQ_ROWS[1][2], [HQ_ROWS[1][2]], ("یک ماه", "relative", "1403-03-17")),
        _resolution(
            3,
            HQ_ROWS[2][1],
            HQ_ROWS[2][2],
            ["فرمانداری کرج", "کلیه دستگاههای اجرایی استان"],
            ("۱۴۰۳/۰۳/۱۰", "date", "1403-03-10"),
        ),
        _resolution(
            4,
            f"{HQ_ROW4_A} {HQ_ROW4_B}",
            "اداره کل آموزش و پرورش استان",
            ["اداره کل آموزش و پرورش استان"],
            ("دو هفته", "relative", "1403-02-31"),
        ),
        _resolution(5, HQ_ROWS_MERGED[0][1], FT, [FT], ("مستمر", "continuous", None)),
        _resolution(6, HQ_ROWS_MERGED[1][1], FT, [FT], ("اسرع وقت", "asap", None)),
    ],
}


WG_ROWS = (
    (
        "۱",
        "اداره کل تعاون، کار و رفاه اجتماعی استان طرح اشتغال خانگی زنان سرپرست خانوار محلات هدف را اجرا نماید.",
        "اداره کل تعاون، کار و رفاه اجتماعی استان",
        "دو ماه",
    ),
    (
        "۲",
        "بانک های عامل استان تسهیلات قرض الحسنه اشتغال را با اولویت محلات هدف پرداخت نمایند.",
        "سازمان مدیریت و برنامه ریزی استان - بانک ملی استان",
        "مستمر",
    ),
    (
        "۳",
        "گزارش پیشرفت طرح در جلسه بعدی کارگروه ارائه شود.",
        "دبیرخانه کارگروه",
        "۴ هفته",
    ),
)


def working_group_grid_docx() -> bytes:
    doc = Document()
    _para(doc, "بسمه تعالی")
    _para(doc, "صورتجلسه نهمین جلسه کارگروه اشتغال و توانمندسازی استان")
    grid = _rtl_table(doc, 2, 5)
    labels = ("تاریخ برگزاری", "ساعت شروع", "محل برگزاری", "شماره دعوتنامه", "رئیس جلسه")
    values = (
        "۱۴۰۳/۰۶/۰۵",
        "۱۱:۰۰",
        "سالن کنفرانس سازمان مدیریت و برنامه ریزی",
        "۸۸/۱۴۰۳/۳۲۱",
        "آقای مهندس فتحی، معاون هماهنگی امور اقتصادی استاندار",
    )
    for c, (label, value) in enumerate(zip(labels, values, strict=True)):
        grid.cell(0, c).text = label
        grid.cell(1, c).text = value
    _para(
        doc,
        "دستور جلسه: بررسی طرح اشتغال خانگی زنان سرپرست خانوار. گزارش بانک های عامل از پرداخت تسهیلات. "
        "تعیین سهم محلات هدف از اعتبارات اشتغال.",
    )
    _para(doc, "مصوبات:")
    table = _rtl_table(doc, 1 + len(WG_ROWS), 4)
    for c, text in enumerate(("شماره مصوبه", "متن مصوبه", "دستگاه اجرایی", "زمان اجرا")):
        table.cell(0, c).text = text
    for r, row in enumerate(WG_ROWS, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    _para(doc, "رونوشت:")
    _para(doc, "- دفتر امور اجتماعی و فرهنگی استانداری جهت استحضار")
    _para(doc, "- سازمان مدیریت و برنامه ریزی استان جهت اطلاع")
    doc.paragraphs[-1].runs[-1].add_break(WD_BREAK.LINE)
    return _save(doc)


WG_EXPECTED: dict = {
    "title": "صورتجلسه نهمین جلسه کارگروه اشتغال و توانمندسازی استان",
    "body": "کارگروه اشتغال و توانمندسازی استان",
    "number": 9,
    "date": "1403-06-05",
    "weekday": "دوشنبه",
    "time": "11:00",
    "place": "سالن کنفرانس سازمان مدیریت و برنامه ریزی",
    "invitation": {"number": "۸۸/۱۴۰۳/۳۲۱", "date": None},
    "chair": {"name": "مهندس فتحی", "role": "معاون هماهنگی امور اقتصادی استاندار"},
    "secretary": {"name": None, "role": None},
    "agenda": [
        "بررسی طرح اشتغال خانگی زنان سرپرست خانوار",
        "گزارش بانک های عامل از پرداخت تسهیلات",
        "تعیین سهم محلات هدف از اعتبارات اشتغال",
    ],
    "speakers": [],
    "resolutions": [
        _resolution(1, WG_ROWS[0][1], WG_ROWS[0][2], [WG_ROWS[0][2]], ("دو ماه", "relative", "1403-08-05")),
        _resolution(
            2,
            WG_ROWS[1][1],
            WG_ROWS[1][2],
            ["سازمان مدیریت و برنامه ریزی استان", "بانک ملی استان"],
            ("مستمر", "continuous", None),
        ),
        _resolution(3, WG_ROWS[2][1], WG_ROWS[2][2], [WG_ROWS[2][2]], ("۴ هفته", "relative", "1403-07-02")),
    ],
}

WORD_FIXTURES = {
    "hq_body_text_table.docx": (hq_body_text_docx, HQ_EXPECTED),
    "working_group_grid.docx": (working_group_grid_docx, WG_EXPECTED),
}
