"""`qarargah parse` (pure, no database) and `qarargah import` on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from qarargah.minutes_parser import parse_file, to_json
from tests.meetings.samples import SAMPLE_000, SAMPLE_002, SAMPLE_003

KEYS = {
    "title",
    "body",
    "number",
    "date",
    "weekday",
    "time",
    "place",
    "invitation",
    "chair",
    "secretary",
    "agenda",
    "speakers",
    "resolutions",
    "warnings",
}
EMPTY_MESSAGE = "فایل بارگذاری‌شده خالی است؛ لطفاً فایل صورتجلسه را دوباره انتخاب کنید."
QARARGAH = Path(sys.executable).with_name("qarargah")


@pytest.fixture
def empty_file(tmp_path) -> Path:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    return path


# No django_db mark: pytest-django refuses any database access in these tests.
def test_parse_json_is_exactly_the_parsers_json_without_touching_the_database():
    out = StringIO()
    call_command("parse", str(SAMPLE_000), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == to_json(parse_file(SAMPLE_000))
    assert set(data) == KEYS
    assert set(data["resolutions"][0]) == {"number", "text", "assignees_raw", "assignees", "deadline"}
    assert set(data["resolutions"][0]["deadline"]) == {"raw", "kind", "due_date"}
    assert data["date"] == "1401-01-24"
    assert data["time"] == "14:30"
    assert "\\u" not in out.getvalue()  # ensure_ascii=False: Persian stays readable


def test_parse_several_files_gives_a_list_and_a_joint_meeting_its_bodies():
    out = StringIO()
    call_command("parse", str(SAMPLE_002), str(SAMPLE_003), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [d["number"] for d in data] == [12, None]
    assert set(data[1]) == KEYS | {"bodies"}


def test_parse_a_bad_file_among_good_ones_exits_2_after_the_others(empty_file):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as info:
        call_command(
            "parse", str(SAMPLE_000), str(empty_file), str(SAMPLE_002), "--json", stdout=out, stderr=err
        )
    assert info.value.code == 2
    assert [d["number"] for d in json.loads(out.getvalue())] == [3, 12]
    assert err.getvalue().strip() == f"{empty_file}: {EMPTY_MESSAGE}"


def test_parse_without_json_prints_a_persian_summary():
    out = StringIO()
    call_command("parse", str(SAMPLE_003), stdout=out)
    text = out.getvalue()
    assert "نشست مشترک: شورای اجتماعی (جلسه ۵)" in text
    assert "تاریخ: ۱۴۰۲/۱۲/۱۵" in text
    assert "مصوبات (۷):" in text


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QARARGAH_TESTING", "QARARGAH_TEST_DATABASE_URL")}
    # A database that does not exist: parsing must never need one.
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/nothing"
    return subprocess.run([str(QARARGAH), *args], capture_output=True, text=True, env=env, timeout=120)


def test_parse_console_script_exit_code_and_stderr(empty_file):
    result = _run("parse", str(SAMPLE_000), str(empty_file), "--json")
    assert result.returncode == 2, result.stderr
    assert json.loads(result.stdout)[0]["body"] == "قرارگاه اجتماعی استان"
    assert result.stderr.strip() == f"{empty_file}: {EMPTY_MESSAGE}"
    ok = _run("parse", str(SAMPLE_003), "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == to_json(parse_file(SAMPLE_003))


@pytest.mark.django_db
def test_import_command_saves_reports_and_is_idempotent(empty_file, people):
    from qarargah.meetings.models import Meeting

    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as info:
        call_command(
            "import",
            str(SAMPLE_000),
            str(empty_file),
            str(SAMPLE_002),
            "--province",
            "alborz",
            "--user",
            "dabir.alborz",
            stdout=out,
            stderr=err,
        )
    assert info.value.code == 2
    assert err.getvalue().strip() == f"{empty_file}: {EMPTY_MESSAGE}"
    assert Meeting.objects.count() == 2
    assert f"{SAMPLE_000}: ثبت شد" in out.getvalue()
    again = StringIO()
    call_command("import", str(SAMPLE_000), "--user", "dabir.alborz", "--json", stdout=again)
    [entry] = json.loads(again.getvalue())
    assert entry["outcome"] == "unchanged"
    assert Meeting.objects.count() == 2


@pytest.mark.django_db
def test_import_dry_run_saves_nothing_and_names_pending_agencies(tmp_path, people):
    from qarargah.meetings.models import Meeting

    path = tmp_path / "x.txt"
    path.write_text(
        SAMPLE_002.read_text(encoding="utf-8").replace(
            "فرمانداری طالقان\tیک ماه", "سازمان نوپدید استان\tیک ماه"
        ),
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "import",
        str(path),
        "--body",
        "قرارگاه اجتماعی استان",
        "--province",
        "alborz",
        "--dry-run",
        "--json",
        stdout=out,
    )
    [entry] = json.loads(out.getvalue())
    assert entry["outcome"] == "new"
    assert entry["pending_agencies"] == ["سازمان نوپدید استان"]
    assert Meeting.objects.count() == 0


def test_parse_a_batch_of_every_kind_of_bad_file_names_each_with_its_reason(tmp_path):
    text = SAMPLE_002.read_text(encoding="utf-8")
    latin = text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    files = {
        "empty.txt": b"",
        "scan.bin": bytes(range(256)) * 40,
        "utf16.txt": text.encode("utf-16"),
        "windows.txt": latin.replace("ی", "ي").replace("ک", "ك").encode("cp1256"),
        "minutes.pdf": b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        "huge.txt": b"a" * (10 * 1024 * 1024 + 1),
        "broken.docx": b"PK\x03\x04 not really a zip archive",
        "note.txt": "سلام، این یک متن معمولی درباره آب و هوای امروز است.".encode(),
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("parse", *paths, "--json", stdout=out, stderr=err)
    assert info.value.code == 2
    parsed = json.loads(out.getvalue())
    expected = {k: v for k, v in to_json(parse_file(SAMPLE_002)).items() if k != "warnings"}
    assert [{k: v for k, v in d.items() if k != "warnings"} for d in parsed] == [expected, expected]
    assert err.getvalue().strip().splitlines() == [
        f"{tmp_path / 'empty.txt'}: {EMPTY_MESSAGE}",
        f"{tmp_path / 'scan.bin'}: این فایل متنی یا Word نیست و قابل خواندن نیست؛ لطفاً صورتجلسه را به قالب .docx یا .txt بارگذاری کنید.",
        f"{tmp_path / 'minutes.pdf'}: فایل PDF هنوز پشتیبانی نمی‌شود؛ لطفاً آن را در Word به قالب .docx ذخیره و دوباره بارگذاری کنید.",
        f"{tmp_path / 'huge.txt'}: حجم فایل بیش از ۱۰ مگابایت است؛ لطفاً تصاویر را از صورتجلسه حذف یا فشرده کنید و دوباره بارگذاری کنید.",
        f"{tmp_path / 'broken.docx'}: فایل Word آسیب دیده است یا قالب .docx ندارد؛ لطفاً آن را در Word باز کرده، دوباره با قالب .docx ذخیره و بارگذاری کنید.",
        f"{tmp_path / 'note.txt'}: در این فایل نشانه‌ای از صورتجلسه (عنوان، تاریخ جلسه یا جدول مصوبات) پیدا نشد؛ لطفاً فایل درست را بارگذاری کنید.",
    ]
