"""Survey uploads: Excel or CSV, Persian or field-name headers, all or nothing, row numbers in
the errors, and the same file twice saves nothing new."""

from __future__ import annotations

import csv
import io

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied

from qarargah.core.errors import ServiceError
from qarargah.neighbourhoods import services, tables
from qarargah.neighbourhoods.models import Need, NeedSource

pytestmark = pytest.mark.django_db

HEADER = ["محله", "محور", "عنوان مسئله", "شدت (۱ تا ۵)", "خانوارهای درگیر", "ساکنان مطرح‌کننده"]


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for c, v in enumerate(header):
        sheet.write(0, c, v)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.close()
    return out.getvalue()


def five_hundred(bad_at: int | None = None):
    rows = [
        ["حصار", "سلامت" if i % 2 else "health", f"مسئله شماره {i}", str(1 + i % 5), "10", "3"]
        for i in range(500)
    ]
    if bad_at is not None:
        rows[bad_at][3] = "9"
    return rows


def test_an_excel_file_with_500_rows_is_saved_whole(hoods, people):
    before = Need.objects.count()
    rows = five_hundred()
    rows[0][1] = "بهداشت و سلامت"
    result = services.import_needs(
        actor=people.hesar_manager, filename="نظرسنجی.xlsx", data=xlsx_bytes(rows), dry_run=False
    )
    assert result.ok and len(result.created) == 500
    assert Need.objects.count() == before + 500
    assert {n.source for n in result.created} == {NeedSource.SURVEY}


def test_one_bad_row_among_500_saves_nothing_and_names_the_row(hoods, people):
    before = Need.objects.count()
    result = services.import_needs(
        actor=people.hesar_manager,
        filename="survey.csv",
        data=csv_bytes(five_hundred(bad_at=241)),
        dry_run=False,
    )
    assert not result.ok and result.created == []
    # The header is row 1, so the 242nd data row is row 243 of the sheet.
    assert [(e.row, e.field) for e in result.errors] == [(243, "severity")]
    assert "۱ تا ۵" in result.errors[0].message
    assert Need.objects.count() == before


def test_the_same_file_twice_saves_nothing_new(hoods, people):
    data = csv_bytes([["حصار", "health", "نبود پزشک خانواده", "4", "", ""]])
    first = services.import_needs(actor=people.hesar_manager, filename="a.csv", data=data, dry_run=False)
    assert len(first.created) == 1
    again = services.import_needs(actor=people.hesar_manager, filename="a.csv", data=data, dry_run=False)
    assert again.already_imported and again.created == []
    # Another file repeating an open need of the neighbourhood skips that row.
    other = csv_bytes(
        [
            ["حصار", "health", "نبود  پزشک خانواده", "3", "", ""],
            ["حصار", "legal", "مشاوره حقوقی", "2", "", ""],
        ]
    )
    third = services.import_needs(actor=people.hesar_manager, filename="b.csv", data=other, dry_run=False)
    assert third.duplicates == [2] and [n.title for n in third.created] == ["مشاوره حقوقی"]


def test_a_dry_run_checks_and_saves_nothing(hoods, people):
    before = Need.objects.count()
    result = services.import_needs(
        actor=people.hesar_manager, filename="a.csv", data=csv_bytes(five_hundred()[:3]), dry_run=True
    )
    assert result.ok and len(result.valid) == 3 and result.created == []
    assert Need.objects.count() == before


def test_field_names_as_headers_and_the_own_neighbourhood_by_default(hoods, people):
    data = csv_bytes([["culture", "کتابخانه محله", "2"]], header=["axis", "title", "severity"])
    result = services.import_needs(actor=people.hesar_manager, filename="a.csv", data=data, dry_run=False)
    assert [n.neighbourhood for n in result.created] == [hoods.hesar]


def test_another_neighbourhoods_rows_are_refused_by_row(hoods, people):
    data = csv_bytes(
        [
            ["حصار", "health", "الف", "2", "", ""],
            ["سهرابیه", "health", "ب", "2", "", ""],
            ["ناکجا", "health", "ج", "2", "", ""],
        ]
    )
    result = services.import_needs(actor=people.hesar_manager, filename="a.csv", data=data, dry_run=False)
    assert [e.row for e in result.errors] == [3, 4]
    assert Need.objects.filter(title="الف").count() == 0


@pytest.mark.parametrize(
    ("filename", "data", "code"),
    [
        ("a.csv", b"", "empty"),
        ("a.pdf", b"%PDF-1.4", "unsupported"),
        ("a.csv", "عنوان\n".encode("cp1256"), "unreadable"),
        ("a.xlsx", b"PK\x03\x04garbage", "unreadable"),
        ("a.csv", csv_bytes([["x"]], header=["محله", "رنگ"]), "unknown_column"),
        ("a.csv", csv_bytes([["x"]], header=["محله"]), "missing_columns"),
        ("a.csv", b"a" * (tables.MAX_IMPORT_BYTES + 1), "too_large"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused_whole(hoods, people, filename, data, code):
    with pytest.raises(ServiceError) as exc:
        services.import_needs(actor=people.hesar_manager, filename=filename, data=data, dry_run=True)
    assert exc.value.code == code


def test_too_many_rows(hoods, people, monkeypatch):
    monkeypatch.setattr(tables, "MAX_IMPORT_ROWS", 10)
    with pytest.raises(ServiceError) as exc:
        services.import_needs(
            actor=people.hesar_manager, filename="a.csv", data=csv_bytes(five_hundred()[:11]), dry_run=True
        )
    assert exc.value.code == "too_many_rows"


@pytest.mark.parametrize("persona", ["varzesh", "leadership", "karaj_governorate"])
def test_only_registrars_import(hoods, people, persona):
    with pytest.raises(PermissionDenied):
        services.import_needs(
            actor=getattr(people, persona), filename="a.csv", data=csv_bytes([]), dry_run=True
        )


def test_the_templates_have_the_persian_headers(hoods):
    text = tables.template_csv().decode("utf-8-sig")
    assert text.splitlines()[0].split(",")[:3] == ["شهرستان", "محله", "محور"]
    rows = tables.read_rows(
        "t.xlsx", tables.template_xlsx([["کرج", "حصار", "health", "الف", "", "3", "", "", ""]])
    )
    assert rows[0].values["neighbourhood"] == "حصار" and rows[0].number == 2
