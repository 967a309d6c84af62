"""`qarargah registry import`: counts printed, exit codes, Persian messages, idempotence."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qarargah.registries.models import QuarantinedRow, Source, SourceRecord

from .conftest import STANDARD_HEADER, csv_bytes, with_check_digit

pytestmark = pytest.mark.django_db

ALI = with_check_digit("001234567")
SARA = with_check_digit("002345678")


def write(tmp_path, name, rows, **kw):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows, **kw))
    return path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("registry", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


ROWS = [
    STANDARD_HEADER,
    [
        "r1",
        ALI,
        "علی",
        "رضایی",
        "حسن",
        "1370/05/12",
        "مرد",
        "09121234567",
        "کرج، خیابان اول",
        "کرج",
        "حصار",
        "",
    ],
    ["r2", SARA, "سارا", "محمدي", "علی", "1375/01/30", "زن", "+989121234568", "", "کرج", "", ALI],
    ["r3", "1111111111", "رضا", "کریمی", "", "1380/13/01", "م", "12345", "", "", "", ""],
]


def test_import_creates_the_source_and_prints_counts(tmp_path, alborz):
    path = write(tmp_path, "list.csv", ROWS)
    out, err = run(
        "import", str(path), "--province", "alborz", "--source", "فهرست بهزیستی", "--group", "beggars"
    )
    assert "loaded=2 updated=0 unchanged=0 quarantined=1" in out
    assert "تازه ۲، به‌روزشده ۰، بدون تغییر ۰، قرنطینه ۱" in out
    assert "ردیف ۴: کد ملی «1111111111» معتبر نیست (همه رقم‌ها یکسان است)." in err
    source = Source.objects.get(name="فهرست بهزیستی")
    assert list(source.groups.values_list("code", flat=True)) == ["beggars"]
    sara = SourceRecord.objects.get(source=source, external_id="r2")
    assert sara.last_name == "محمدی"  # Arabic ي normalised
    assert sara.mobile == "09121234568"
    assert sara.head_national_code == ALI
    assert sara.birth_date.isoformat() == "1996-04-18"
    row = QuarantinedRow.objects.get(upload__source=source)
    assert row.row_number == 4


def test_the_same_file_twice_loads_nothing_new(tmp_path, alborz):
    path = write(tmp_path, "list.csv", ROWS)
    run("import", str(path), "--province", "البرز", "--source", "فهرست بهزیستی")
    out, _ = run("import", str(path), "--province", str(alborz.pk), "--source", "فهرست بهزیستی")
    assert "loaded=0 updated=0 unchanged=2 quarantined=1" in out
    assert SourceRecord.objects.filter(source__name="فهرست بهزیستی").count() == 2
    assert QuarantinedRow.objects.filter(upload__source__name="فهرست بهزیستی").count() == 1


def test_an_unreadable_file_exits_non_zero_with_a_persian_message(tmp_path, alborz):
    path = tmp_path / "list.pdf"
    path.write_bytes(b"%PDF-1.4 nothing")
    with pytest.raises(CommandError) as caught:
        run("import", str(path), "--province", "alborz", "--source", "فهرست")
    assert caught.value.returncode == 1
    assert str(caught.value) == "نوع فایل پذیرفته نیست. فایل Excel (‎.xlsx‎، ‎.xls‎، ‎.ods‎) یا CSV بارگذاری کنید."


def test_a_missing_file_and_an_unknown_province_exit_non_zero(tmp_path, alborz):
    with pytest.raises(CommandError) as caught:
        run("import", str(tmp_path / "none.csv"), "--province", "alborz", "--source", "فهرست")
    assert caught.value.returncode == 1
    assert "خوانده نشد" in str(caught.value)
    with pytest.raises(CommandError) as caught:
        run("import", str(tmp_path / "none.csv"), "--province", "atlantis", "--source", "فهرست")
    assert caught.value.returncode == 2
    assert str(caught.value) == "استانی با نام، کد یا شناسه «atlantis» پیدا نشد."
