"""Layouts that are not in the three samples, each with exact expected values."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement

from qarargah.minutes_parser import parse_bytes, parse_file, parse_text, to_json

LAYOUTS = Path(__file__).parent / "layouts"


def _res(j, n):
    return j["resolutions"][n - 1]


def test_labelled_lines_header_numbered_list_letterhead_attendance_copy_to():
    j = to_json(parse_file(LAYOUTS / "labelled_lines_list.txt"))
    assert j["title"] == "صورتجلسه دهمین جلسه شورای اجتماعی شهرستان ساوه"
    assert j["body"] == "شورای اجتماعی شهرستان ساوه"
    assert j["number"] == 10
    # The letterhead's «تاریخ: ۱۴۰۲/۰۸/۰۵» is the letter's date, not the meeting's.
    assert j["date"] == "1402-08-01"
    assert j["weekday"] == "دوشنبه"
    assert j["time"] == "10:00"
    assert j["place"] == "سالن اجتماعات فرمانداری"
    assert j["invitation"] == {"number": "۵۵/۱۲۳", "date": "1402-07-25"}
    assert j["chair"] == {"name": "مهندس رضایی", "role": "فرماندار محترم"}
    assert j["secretary"] == {"name": "احمدی", "role": "مسئول دفتر امور اجتماعی فرمانداری"}
    assert j["agenda"] == ["بررسی وضعیت کودکان کار و خیابان", "گزارش خانه محله نمونه"]
    assert j["speakers"] == [
        {"name": "مهندس رضایی", "role": "فرماندار شهرستان"},
        {"name": "دکتر کریمی", "role": "رئیس شبکه بهداشت شهرستان"},
    ]
    # Three resolutions: the attendance table and the copy-to list are not resolutions.
    assert len(j["resolutions"]) == 3
    assert _res(j, 1) == {
        "number": 1,
        "text": "مقرر گردید اداره بهزیستی شهرستان نسبت به شناسایی کودکان کار اقدام نماید.",
        "assignees_raw": "اداره بهزیستی شهرستان",
        "assignees": ["اداره بهزیستی شهرستان"],
        "deadline": {"raw": "دو هفته", "kind": "relative", "due_date": "1402-08-15"},
    }
    # Agency and deadline only inside the sentence.
    assert _res(j, 2)["assignees"] == ["شهرداری ساوه", "اداره آموزش و پرورش شهرستان"]
    assert _res(j, 2)["deadline"] == {"raw": "ظرف مدت یک ماه", "kind": "relative", "due_date": "1402-09-01"}
    assert _res(j, 3)["assignees_raw"] == "کمیته امداد امام خمینی (ره) شهرستان"
    assert _res(j, 3)["deadline"] == {"raw": "در اسرع وقت", "kind": "asap", "due_date": None}


def test_markdown_header_table_and_resolutions_table():
    j = to_json(parse_file(LAYOUTS / "markdown_tables.md"))
    assert j["title"] == "صورتجلسه جلسه شماره ۷ کمیته ساماندهی کودکان کار استان"
    assert j["body"] == "کمیته ساماندهی کودکان کار استان"
    assert j["number"] == 7
    assert (j["date"], j["weekday"], j["time"]) == ("1402-05-03", "سه‌شنبه", "09:30")
    assert j["place"] == "دفتر معاونت اجتماعی"
    assert j["chair"] == {"name": "دکتر موسوی", "role": "معاون سیاسی امنیتی و اجتماعی"}
    assert j["agenda"] == ["بررسی آمار کودکان کار", "هماهنگی دستگاهها برای طرح تابستانی"]
    assert j["speakers"] == [{"name": "دکتر موسوی", "role": "معاون سیاسی امنیتی و اجتماعی"}]
    assert [r["number"] for r in j["resolutions"]] == [1, 2, 3]
    assert _res(j, 1)["text"] == "اداره کل بهزیستی آمار کودکان کار را به دبیرخانه ارسال نماید."
    assert _res(j, 1)["deadline"] == {"raw": "۱۰ روز", "kind": "relative", "due_date": "1402-05-13"}
    assert _res(j, 2)["assignees"] == ["فرماندهی انتظامی استان", "شهرداری مرکز استان"]
    assert _res(j, 2)["deadline"]["kind"] == "continuous"
    assert _res(j, 3)["deadline"] == {"raw": "پایان شهریور", "kind": "date", "due_date": "1402-06-31"}


def test_header_only_in_body_text_and_lettered_list():
    j = to_json(parse_file(LAYOUTS / "body_text_lettered.txt"))
    assert j["title"] == "شورای اجتماعی شهرستان خمین"
    assert j["body"] == "شورای اجتماعی شهرستان خمین"
    assert j["number"] == 12
    assert (j["date"], j["weekday"], j["time"]) == ("1402-07-29", "شنبه", "09:00")
    assert j["place"] == "سالن اجتماعات فرمانداری"
    assert j["chair"] == {"name": "حسینی", "role": "فرماندار محترم"}
    assert j["invitation"] == {"number": None, "date": None}
    assert len(j["resolutions"]) == 3
    assert _res(j, 1)["assignees"] == ["اداره کل امور زنان و خانواده"]
    assert _res(j, 1)["deadline"] == {"raw": "ظرف مدت یک هفته", "kind": "relative", "due_date": "1402-08-06"}
    # «(مسئول: ... ، مهلت: ...)» inside the item
    assert (
        _res(j, 2)["text"]
        == "مقرر شد آموزش و پرورش شهرستان و اداره ورزش و جوانان نسبت به برگزاری اردو اقدام نمایند."
    )
    assert _res(j, 2)["assignees"] == ["آموزش و پرورش شهرستان", "اداره ورزش و جوانان"]
    assert _res(j, 2)["deadline"] == {"raw": "تا پایان مهر", "kind": "date", "due_date": "1402-07-30"}
    assert _res(j, 3) == {
        "number": 3,
        "text": "موضوع تامین مسکن مددجویان در جلسه آینده بررسی شود.",
        "assignees_raw": None,
        "assignees": [],
        "deadline": {"raw": None, "kind": "none", "due_date": None},
    }


def test_header_labels_several_per_line_and_table_without_header_row():
    text = (
        "صورتجلسه بیست و سومین جلسه کمیته فرهنگی شهرستان\n"
        "تاریخ جلسه: ۱۴۰۲/۰۳/۱۰ ساعت: ۱۶:۰۰ مکان: فرمانداری\n"
        "دبیر: آقای نوری\n\n"
        "مصوبات:\n"
        "۱\tاداره فرهنگ و ارشاد اسلامی برنامه هفته فرهنگی محلات را تدوین و به دبیرخانه ارسال نماید.\tاداره فرهنگ و ارشاد اسلامی\tیک ماه\n"
        "۲\tبرگزاری مسابقات ورزشی محلات با همکاری شهرداری انجام شود.\tاداره ورزش و جوانان/شهرداری\t۱۴۰۲/۰۴/۳۱\n"
    )
    j = to_json(parse_text(text))
    assert j["number"] == 23
    assert j["body"] == "کمیته فرهنگی شهرستان"
    assert (j["date"], j["time"], j["place"]) == ("1402-03-10", "16:00", "فرمانداری")
    assert j["weekday"] == "چهارشنبه"  # derived: 1402-03-10 was a Wednesday
    assert j["secretary"] == {"name": "نوری", "role": None}
    assert [r["assignees"] for r in j["resolutions"]] == [
        ["اداره فرهنگ و ارشاد اسلامی"],
        ["اداره ورزش و جوانان", "شهرداری"],
    ]
    assert j["resolutions"][0]["deadline"]["due_date"] == "1402-04-10"
    assert j["resolutions"][1]["deadline"] == {"raw": "۱۴۰۲/۰۴/۳۱", "kind": "date", "due_date": "1402-04-31"}


def test_repeated_header_row_and_column_order_text_deadline_assignee():
    text = (
        "موضوع: پنجمین صورتجلسه کارگروه اجتماعی استان\n"
        "تاریخ تشکیل: ۱۴۰۲/۰۱/۲۰\n"
        "ردیف\tمتن مصوبه\tزمان اجرا\tدستگاه مسئول\n"
        "۱\tبرگزاری جشنواره محلات با مشارکت خیرین انجام شود.\tدو ماه\tاداره کل ورزش و جوانان\n"
        "ردیف\tمتن مصوبه\tزمان اجرا\tدستگاه مسئول\n"
        "۲\tتشکیل کمیته مشترک پیشگیری از آسیب های اجتماعی در محلات هدف انجام شود.\tمستمر\tسازمان بهزیستی استان - فرمانداری ها\n"
    )
    j = to_json(parse_text(text))
    assert len(j["resolutions"]) == 2
    assert j["resolutions"][0]["deadline"] == {"raw": "دو ماه", "kind": "relative", "due_date": "1402-03-20"}
    assert j["resolutions"][1]["assignees"] == ["سازمان بهزیستی استان", "فرمانداری ها"]


def test_is_agency_predicate_decides_splits():
    text = (
        "موضوع: اولین صورتجلسه قرارگاه اجتماعی شهرستان\nتاریخ جلسه: ۱۴۰۲/۰۱/۲۰\n"
        "ردیف\tمصوبات\tاقدام کننده\tمهلت\n"
        "۱\tمقرر گردید گزارش محلات هدف تهیه و به دبیرخانه ارسال شود.\tهلال احمر و صندوق کارآفرینی امید\tیک هفته\n"
    )
    default = to_json(parse_text(text))["resolutions"][0]["assignees"]
    assert default == ["هلال احمر", "صندوق کارآفرینی امید"]
    registry = {"هلال احمر و صندوق کارآفرینی امید"}
    joined = to_json(parse_text(text, is_agency=lambda s: s in registry))["resolutions"][0]["assignees"]
    assert joined == ["هلال احمر و صندوق کارآفرینی امید"]


def _docx(build) -> bytes:
    doc = Document()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_word_auto_numbered_lists_and_left_to_right_table():
    def build(doc):
        doc.add_paragraph("صورتجلسه چهارمین جلسه کمیته سلامت استان")
        doc.add_paragraph("تاریخ جلسه: ۱۴۰۲/۰۶/۰۶\tساعت: ۸ صبح\tمحل جلسه: دانشگاه علوم پزشکی")
        doc.add_paragraph("دستور جلسه:")
        doc.add_paragraph("بررسی وضعیت واکسیناسیون", style="List Number")
        doc.add_paragraph("گزارش مراکز بهداشتی", style="List Number")
        doc.add_paragraph("در ادامه آقای دکتر صالحی، معاون بهداشت دانشگاه گزارشی ارائه کرد.")
        # A table typed left to right (no bidiVisual): «ردیف» is the last cell of each row.
        table = doc.add_table(rows=3, cols=4)
        cells = [
            ["مهلت اقدام", "مسئول پیگیری", "شرح مصوبه", "ردیف"],
            ["یک ماه", "دانشگاه علوم پزشکی", "پوشش واکسیناسیون در محلات هدف به ۹۵ درصد برسد.", "۱"],
            ["۱۰ روز", "شبکه بهداشت شهرستان", "آمار مراکز بهداشتی فعال به دبیرخانه ارسال شود.", "۲"],
        ]
        for r, row in enumerate(cells):
            for c, value in enumerate(row):
                table.cell(r, c).text = value

    j = to_json(parse_bytes(_docx(build), "x.docx"))
    assert j["number"] == 4
    assert (j["date"], j["time"], j["place"]) == ("1402-06-06", "08:00", "دانشگاه علوم پزشکی")
    assert j["agenda"] == ["بررسی وضعیت واکسیناسیون", "گزارش مراکز بهداشتی"]
    assert j["speakers"] == [{"name": "دکتر صالحی", "role": "معاون بهداشت دانشگاه"}]
    assert [(r["number"], r["assignees"], r["deadline"]["raw"]) for r in j["resolutions"]] == [
        (1, ["دانشگاه علوم پزشکی"], "یک ماه"),
        (2, ["شبکه بهداشت شهرستان"], "۱۰ روز"),
    ]


def test_word_bold_runs_mark_speakers_and_text_boxes_are_read():
    def build(doc):
        p = doc.add_paragraph("موضوع: ششمین صورتجلسه قرارگاه اجتماعی استان")
        p = doc.add_paragraph("تاریخ جلسه: ۱۴۰۲/۰۲/۰۲")
        p = doc.add_paragraph()
        p.add_run("خانم مهندس رحیمی، مدیرکل امور بانوان").bold = True
        p.add_run(" بر توانمندسازی زنان سرپرست خانوار تاکید کرد.")
        doc.add_paragraph("مصوبات:")
        doc.add_paragraph(
            "۱- مقرر گردید اداره کل بهزیستی استان ظرف مدت دو هفته فهرست خانوارها را ارسال نماید."
        )
        # A vertically merged cell of an unrelated table must not break anything.
        t = doc.add_table(rows=2, cols=2)
        t.cell(0, 0).merge(t.cell(1, 0)).text = "رونوشت"
        t.cell(0, 1).text = "استانداری"
        bidi = OxmlElement("w:bidiVisual")
        t._tbl.tblPr.append(bidi)

    j = to_json(parse_bytes(_docx(build), "x.docx"))
    assert j["speakers"] == [{"name": "مهندس رحیمی", "role": "مدیرکل امور بانوان"}]
    assert len(j["resolutions"]) == 1
    assert j["resolutions"][0]["assignees"] == ["اداره کل بهزیستی استان"]
    assert j["resolutions"][0]["deadline"]["due_date"] == "1402-02-16"


def test_joint_meeting_named_in_the_title_with_extra_table_columns():
    text = (
        "صورتجلسه هفتمین جلسه شورای فرهنگ عمومی و چهارمین جلسه کمیته عفاف و حجاب شهرستان\n"
        "زمان برگزاری: یکشنبه ۱۴۰۲/۰۹/۱۲ ساعت ۱۰:۳۰\n"
        "محل: سالن اجتماعات فرمانداری\n"
        "ریاست جلسه: حجت الاسلام موسوی، امام جمعه شهرستان\n\n"
        "مصوبات جلسه:\n"
        "ردیف\tشرح مصوبه\tمسئول اجرا\tدستگاه همکار\tزمان اجرا\tتوضیحات\n"
        "۱\tبرگزاری نشست های تخصصی در مدارس شهرستان با محوریت خانواده انجام شود.\tآموزش و پرورش شهرستان\t"
        "تبلیغات اسلامی\tتا پایان آذر\t-\n"
    )
    j = to_json(parse_text(text))
    assert j["number"] is None
    assert j["bodies"] == [
        {"body": "شورای فرهنگ عمومی", "number": 7},
        {"body": "کمیته عفاف و حجاب شهرستان", "number": 4},
    ]
    assert j["body"] == "شورای فرهنگ عمومی و کمیته عفاف و حجاب شهرستان"
    assert (j["date"], j["weekday"], j["time"]) == ("1402-09-12", "یکشنبه", "10:30")
    assert j["chair"] == {"name": "حجت الاسلام موسوی", "role": "امام جمعه شهرستان"}
    # The partner column («دستگاه همکار») and remarks are not the assignee.
    assert j["resolutions"][0]["assignees"] == ["آموزش و پرورش شهرستان"]
    assert j["resolutions"][0]["deadline"] == {
        "raw": "تا پایان آذر",
        "kind": "date",
        "due_date": "1402-09-30",
    }
