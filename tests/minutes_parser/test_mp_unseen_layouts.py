"""Minutes in layouts the parser was not written against, with their fields decided by hand
first (the .json beside each file): county council minutes with «label: value» lines and a
lettered list with «مسئول پیگیری:»/«مهلت اقدام:» lines, a joint meeting with month-name dates,
a header-less resolutions table with reversed rows and two-digit years, Markdown typed with
Arabic letters and Latin digits, a one-line header with parenthesised labels, and two Word
files (body-text header with a real right-to-left table broken across a page; a header grid
of labels over values).  Each text file is also checked as a Word file and as an Arabic-letter
/ Latin-digit variant."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mp_helpers import arabic_variant, build_docx
from unseen_docx import WORD_FIXTURES

from qarargah.minutes_parser import parse_bytes, parse_file, to_json

UNSEEN = Path(__file__).parent / "unseen"
TEXT_FILES = sorted(p for p in UNSEEN.iterdir() if p.suffix in (".txt", ".md"))


def _expected(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def _fields(j: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Every leaf field of the JSON form (lists of dicts by index), warnings left out."""
    out: dict[str, Any] = {}
    for k, v in j.items():
        if k == "warnings":
            continue
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_fields(v, f"{name}."))
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            out[f"{name}#"] = len(v)
            for i, item in enumerate(v):
                out.update(_fields(item, f"{name}[{i}]."))
        else:
            out[name] = v
    return out


def _assert_fields(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    want, got = _fields(expected), _fields(actual)
    wrong = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}
    assert not wrong, wrong
    assert set(got) == set(want), set(got) ^ set(want)


@pytest.mark.parametrize("path", TEXT_FILES, ids=[p.stem for p in TEXT_FILES])
def test_every_field_of_an_unseen_text_layout(path):
    _assert_fields(to_json(parse_file(path)), _expected(path))


@pytest.mark.parametrize("path", TEXT_FILES, ids=[p.stem for p in TEXT_FILES])
def test_the_same_minutes_typed_with_arabic_letters_and_latin_digits(path):
    data = arabic_variant(path.read_text(encoding="utf-8")).encode("utf-8")
    _assert_fields(to_json(parse_bytes(data, path.name)), _expected(path))


@pytest.mark.parametrize(
    "path",
    [p for p in TEXT_FILES if p.suffix == ".txt"],
    ids=[p.stem for p in TEXT_FILES if p.suffix == ".txt"],
)
def test_the_same_minutes_saved_from_word(path):
    data = build_docx(path.read_text(encoding="utf-8"), merged_title=None)
    _assert_fields(to_json(parse_bytes(data, path.stem + ".docx")), _expected(path))


@pytest.mark.parametrize("name", sorted(WORD_FIXTURES))
def test_every_field_of_an_unseen_word_layout(name):
    build, expected = WORD_FIXTURES[name]
    _assert_fields(to_json(parse_bytes(build(), name)), expected)


def test_a_joint_meeting_lists_each_body_with_its_own_number():
    j = to_json(parse_file(UNSEEN / "joint_month_names.txt"))
    assert j["number"] is None
    assert j["bodies"] == [
        {"body": "شورای فرهنگ عمومی", "number": 6},
        {"body": "کمیته امور بانوان و خانواده شهرستان ساوجبلاغ", "number": 3},
    ]


def test_a_day_first_two_digit_invitation_date_is_read_near_the_meeting_year():
    j = to_json(parse_file(UNSEEN / "headerless_table.txt"))
    assert j["date"] == "1402-03-08"
    assert j["invitation"]["date"] == "1402-02-25"  # «۲۵/۰۲/۰۲», not 1425/02/02


def test_a_two_digit_meeting_date_is_read_near_a_year_written_elsewhere_in_the_minutes():
    text = (
        "صورتجلسه دومین جلسه کمیته ساماندهی کودکان کار استان در سال ۱۴۰۳\n"
        "تاریخ جلسه: ۱۰/۰۵/۰۳\n"
        "مصوبات:\n"
        "۱- مقرر شد اداره کل بهزیستی استان آمار کودکان کار را ظرف یک هفته ارسال نماید.\n"
    )
    j = to_json(parse_bytes(text.encode(), "x.txt"))
    assert j["date"] == "1403-05-10"  # not 1410/05/03
