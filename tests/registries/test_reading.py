"""Reading agencies' files: encodings, Excel, headers (standard, Persian, remembered), messy
values, per-column date order, and the Persian reason of every invalid row."""

from __future__ import annotations

import datetime
import io

import pytest

from qarargah.core.errors import ServiceError
from qarargah.registries import reading
from qarargah.registries.reading import DateColumn, Places, parse_mobile, parse_national_code, parse_sex

from .conftest import STANDARD_HEADER, csv_bytes, with_check_digit

CODE = with_check_digit("001234567")
TODAY = datetime.date(2026, 12, 6)
PLACES = Places(
    "البرز", {"کرج": 1, "فردیس": 2}, {(1, "حصار"): 10, (2, "منظریه"): 20}, {"حصار": [1], "منظریه": [2]}
)


def parse(rows, *, remembered=None, chosen=None, name="f.csv", encoding="utf-8"):
    sheet = reading.read_sheet(name, csv_bytes(rows, encoding=encoding))
    return reading.parse_sheet(sheet, places=PLACES, remembered=remembered or {}, chosen=chosen, today=TODAY)


# --- National codes ------------------------------------------------------------------------


def test_national_code_checksum():
    assert parse_national_code(CODE) == (CODE, None)
    assert parse_national_code("۰۰۱-۲۳۴۵۶۷-" + CODE[-1]) == (CODE, None)  # Persian digits, dashes
    assert parse_national_code(CODE.lstrip("0")) == (CODE, None)  # Excel ate the leading zeros
    wrong = CODE[:9] + str((int(CODE[9]) + 1) % 10)
    assert parse_national_code(wrong) == ("", f"کد ملی «{wrong}» معتبر نیست (رقم کنترل نمی‌خواند).")
    assert parse_national_code("2222222222") == ("", "کد ملی «2222222222» معتبر نیست (همه رقم‌ها یکسان است).")
    assert parse_national_code("12345") == ("", "کد ملی «12345» باید ۱۰ رقم باشد.")
    assert parse_national_code("") == ("", None)


def test_a_mistyped_digit_is_caught_by_the_checksum():
    mistyped = "1" + CODE[1:]
    assert parse_national_code(mistyped)[0] == ""


# --- Messy values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09121234567", "09121234567"),
        ("+989121234567", "09121234567"),
        ("989121234567", "09121234567"),
        ("۰۹۱۲ ۱۲۳ ۴۵۶۷", "09121234567"),
        ("9121234567", "09121234567"),
        ("00989121234567", "09121234567"),
    ],
)
def test_mobiles_as_people_write_them(text, expected):
    assert parse_mobile(text) == (expected, None)


def test_a_wrong_mobile_has_a_reason():
    assert parse_mobile("021-1234") == ("", "تلفن همراه «021-1234» معتبر نیست (باید مانند ۰۹۱۲۳۴۵۶۷۸۹ باشد).")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("مرد", "m"), ("زن", "f"), ("م", "m"), ("ز", "f"), ("1", "m"), ("۲", "f"), ("Male", "m"), ("خانم", "f")],
)
def test_sex_as_people_write_it(text, expected):
    assert parse_sex(text) == (expected, None)


def test_an_unknown_sex_has_a_reason():
    assert parse_sex("نامعلوم") == ("", "جنسیت «نامعلوم» شناخته نشد (مرد/زن، م/ز یا ۱/۲ بنویسید).")


def test_jalali_dates_year_first_and_day_first_decided_per_column():
    ymd, warning = DateColumn.decide(["1370/05/12", "۱۳۶۵/۰۱/۰۲"], gregorian=False)
    assert (ymd.order, warning) == ("ymd", None)
    assert ymd.parse("۱۳۶۵/۰۱/۰۲", TODAY) == (datetime.date(1986, 3, 22), None)
    dmy, warning = DateColumn.decide(["12/05/1370", "01/02/1365"], gregorian=False)
    assert (dmy.order, warning) == ("dmy", None)
    assert dmy.parse("12/05/1370", TODAY) == (datetime.date(1991, 8, 3), None)


def test_ambiguous_and_mixed_date_columns_are_warned():
    column, warning = DateColumn.decide(["05/02/03", "10/01/01"], gregorian=False)
    assert warning == "date_ambiguous"
    assert column.parse("65/02/03", TODAY) == (datetime.date(1986, 4, 23), None)
    assert column.parse("05/02/03", TODAY) == (datetime.date(1926, 4, 24), None)
    column, warning = DateColumn.decide(["1370/05/12", "12/05/1370"], gregorian=False)
    assert warning == "date_mixed"
    assert column.parse("12/05/1370", TODAY) == column.parse("1370/05/12", TODAY)


def test_gregorian_when_the_column_says_so_or_the_year_does():
    column, _ = DateColumn.decide(["1990-08-03"], gregorian=True)
    assert column.parse("1990-08-03", TODAY) == (datetime.date(1990, 8, 3), None)
    jalali, _ = DateColumn.decide(["1370/05/12"], gregorian=False)
    assert jalali.parse("1991-08-03", TODAY) == (datetime.date(1991, 8, 3), None)  # an Excel date cell


def test_invalid_and_future_dates_have_reasons():
    column = DateColumn()
    assert column.parse("1370/12/31", TODAY) == (None, "تاریخ تولد «1370/12/31» تاریخ درستی نیست.")
    assert column.parse("1410/01/01", TODAY) == (None, "تاریخ تولد «1410/01/01» پس از امروز است.")
    assert column.parse("دیروز", TODAY) == (None, "تاریخ تولد «دیروز» تاریخ درستی نیست.")
    # Day and month the other way round is read as meant.
    assert column.parse("1370/25/05", TODAY) == column.parse("1370/05/25", TODAY)


# --- Headers and files ---------------------------------------------------------------------


def test_standard_headers_need_no_mapping():
    parsed = parse([STANDARD_HEADER, ["a", CODE, "علی", "رضايي", "", "", "", "", "", "کرج", "حصار", ""]])
    row = parsed.rows[0]
    assert row.valid
    assert row.values["last_name"] == "رضایی"
    assert (row.values["county_id"], row.values["neighbourhood_id"]) == (1, 10)
    assert parsed.unknown_headers == []


def test_persian_headers_and_gregorian_header():
    header = [
        "کد ملی",
        "نام",
        "نام خانوادگی",
        "نام پدر",
        "تاریخ تولد (میلادی)",
        "جنسیت",
        "تلفن همراه",
        "نشانی",
        "شهرستان",
        "محله",
        "کد ملی سرپرست",
    ]
    parsed = parse(
        [
            header,
            [
                CODE,
                "علی",
                "رضایی",
                "حسن",
                "1990/08/03",
                "م",
                "09121234567",
                "",
                "شهرستان فردیس",
                "منظریه",
                "",
            ],
        ]
    )
    row = parsed.rows[0]
    assert row.valid, row.reasons
    assert row.values["birth_date"] == datetime.date(1990, 8, 3)
    assert row.values["county_id"] == 2
    assert row.values["source_id"] == "2"  # no source_id column: the row number
    assert parsed.warnings[0].startswith("ستون «شناسه ردیف» در فایل نیست")


def test_remembered_and_chosen_mappings_and_extra_columns():
    rows = [["شماره", "اسم", "فامیل", "یادداشت"], ["7", "علی", "رضایی", "مستأجر"]]
    parsed = parse(rows, remembered={"شماره": "source_id", "اسم": "first_name"})
    row = parsed.rows[0]
    assert (row.values["source_id"], row.values["first_name"], row.values["last_name"]) == (
        "7",
        "علی",
        "رضایی",
    )
    assert row.attributes == {"یادداشت": "مستأجر"}
    assert parsed.unknown_headers == ["یادداشت"]
    chosen = parse(rows, remembered={"شماره": "source_id"}, chosen={"اسم": "", "یادداشت": "first_name"})
    assert chosen.rows[0].values["first_name"] == "مستأجر"


def test_two_columns_mapped_to_one_field_are_refused():
    with pytest.raises(ServiceError) as caught:
        parse([["نام", "first_name"], ["علی", "علی"]])
    assert (
        caught.value.message
        == "دو ستون «نام» و «first_name» هر دو به «نام» نگاشته شده‌اند؛ فقط یکی را نگه دارید."
    )


def test_windows_1256_and_bom_csv():
    # Windows-1256 has the Arabic ي, not the Persian ی: normalised on reading.
    rows = [STANDARD_HEADER, ["a", CODE, "علي", "رضايي", "", "", "", "", "", "", "", ""]]
    for encoding in ("cp1256", "utf-8-sig"):
        row = parse(rows, encoding=encoding).rows[0]
        assert row.values["first_name"] == "علی", encoding


def test_semicolon_separated_csv():
    data = ("source_id;first_name;last_name\n1;علی;رضایی\n").encode()
    sheet = reading.read_sheet("f.csv", data)
    assert sheet.headers == ["source_id", "first_name", "last_name"]


def test_xlsx():
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for c, value in enumerate(["کد ملی", "نام", "نام خانوادگی", "تاریخ تولد"]):
        sheet.write(0, c, value)
    sheet.write_number(1, 0, int(CODE))  # a number cell: leading zeros gone
    sheet.write(1, 1, "علی")
    sheet.write(1, 2, "رضایی")
    sheet.write_datetime(1, 3, datetime.datetime(1990, 8, 3), book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()
    sheet = reading.read_sheet("list.xlsx", out.getvalue())
    parsed = reading.parse_sheet(sheet, places=PLACES, remembered={}, today=TODAY)
    row = parsed.rows[0]
    assert row.valid, row.reasons
    assert row.values["national_code"] == CODE
    assert row.values["birth_date"] == datetime.date(1990, 8, 3)


def test_quarantine_reasons_carry_the_sheet_row_number():
    rows = [
        STANDARD_HEADER,
        ["a", CODE, "علی", "", "", "", "", "", "", "", "", ""],
        [],
        ["b", "", "", "", "", "", "", "", "", "اصفهان", "", ""],
    ]
    parsed = parse(rows)
    bad = [r for r in parsed.rows if not r.valid]
    assert [r.number for r in bad] == [4]
    assert bad[0].reasons == [
        "شهرستان «اصفهان» در استان البرز پیدا نشد.",
        "نه نام و نام خانوادگی دارد و نه کد ملی؛ این ردیف کسی را نشان نمی‌دهد.",
    ]


def test_repeated_source_id_in_one_file():
    rows = [
        STANDARD_HEADER,
        ["a", CODE, "علی", "", "", "", "", "", "", "", "", ""],
        ["a", "", "رضا", "", "", "", "", "", "", "", "", ""],
    ]
    parsed = parse(rows)
    assert parsed.rows[1].reasons == ["شناسه ردیف «a» در همین فایل تکرار شده است (ردیف ۲)."]


def test_a_neighbourhood_outside_the_target_list_is_kept_as_an_attribute():
    parsed = parse([STANDARD_HEADER, ["a", CODE, "علی", "", "", "", "", "", "", "کرج", "گوهردشت", ""]])
    row = parsed.rows[0]
    assert row.valid
    assert row.values["neighbourhood_id"] is None
    assert row.attributes == {"محله": "گوهردشت"}
    assert parsed.warnings == [
        "۱ ردیف محله‌ای نام برده‌اند که در فهرست محله‌های هدف استان البرز نیست؛ نام محله در «ستون‌های دیگر» آن‌ها نگه داشته شد."
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "f.csv", "فایل هیچ ردیف داده‌ای ندارد."),
        (b"a,b\n", "f.csv", "فایل هیچ ردیف داده‌ای ندارد."),
        (
            b"PK\x03\x04broken",
            "f.xlsx",
            "فایل خوانده نشد. فایل Excel (‎.xlsx‎) یا CSV با کدگذاری UTF-8 یا Windows-1256 بارگذاری کنید.",
        ),
        (
            b"\x00\x01",
            "f.csv",
            "فایل خوانده نشد. فایل Excel (‎.xlsx‎) یا CSV با کدگذاری UTF-8 یا Windows-1256 بارگذاری کنید.",
        ),
    ],
)
def test_unreadable_files(data, name, message):
    with pytest.raises(ServiceError) as caught:
        reading.read_sheet(name, data)
    assert caught.value.message == message


def test_bounded_before_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(ServiceError) as caught:
        reading.read_sheet("f.csv", b"a,b\n1,2\n3,4\n")
    assert caught.value.code == "too_large"
    monkeypatch.setattr(reading, "MAX_UPLOAD_BYTES", 10_000)
    monkeypatch.setattr(reading, "MAX_UPLOAD_ROWS", 2)
    with pytest.raises(ServiceError) as caught:
        reading.read_sheet("f.csv", b"a,b\n1,2\n3,4\n5,6\n7,8\n")
    assert caught.value.message == "فایل بیش از ۲ ردیف دارد؛ فهرست را در چند فایل کوچک‌تر بارگذاری کنید."
