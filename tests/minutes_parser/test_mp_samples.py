"""Every field of the three real minutes, from the text export, from Word versions of them,
and from variants typed with Arabic letter forms and Latin digits."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from expected_samples import EXPECTED_000, EXPECTED_002, EXPECTED_003
from mp_helpers import SAMPLE_000, SAMPLE_002, SAMPLE_003, arabic_variant, build_docx

from qarargah.minutes_parser import ParsedMinutes, parse_bytes, parse_file, parse_text, to_json

CASES = [(SAMPLE_000, EXPECTED_000), (SAMPLE_002, EXPECTED_002), (SAMPLE_003, EXPECTED_003)]
IDS = ["000", "002", "003"]

SCALAR_KEYS = (
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
)


def _without_warnings(j: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in j.items() if k != "warnings"}


def _assert_same(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    # Field by field first, so a failure names the field.
    for k in (*SCALAR_KEYS, "agenda", "speakers"):
        assert actual[k] == expected[k], k
    assert len(actual["resolutions"]) == len(expected["resolutions"])
    for got, want in zip(actual["resolutions"], expected["resolutions"], strict=True):
        assert got == want, want["number"]
    assert _without_warnings(actual) == expected


@pytest.mark.parametrize(("path", "expected"), CASES, ids=IDS)
def test_text_export(path, expected):
    _assert_same(to_json(parse_file(path)), expected)


def test_json_has_exactly_the_documented_keys():
    j = to_json(parse_file(SAMPLE_000))
    assert set(j) == {
        "title", "body", "number", "date", "weekday", "time", "place", "invitation",
        "chair", "secretary", "agenda", "speakers", "resolutions", "warnings",
    }  # fmt: skip
    assert set(j["resolutions"][0]) == {"number", "text", "assignees_raw", "assignees", "deadline"}
    assert set(j["resolutions"][0]["deadline"]) == {"raw", "kind", "due_date"}
    # «bodies» only for a joint meeting
    assert "bodies" in to_json(parse_file(SAMPLE_003))


def test_python_values_are_gregorian_and_frozen():
    pm = parse_file(SAMPLE_000)
    assert isinstance(pm, ParsedMinutes)
    assert pm.date == datetime.date(2022, 4, 13)  # 1401-01-24
    assert pm.time == datetime.time(14, 30)
    assert pm.invitation.date == datetime.date(2022, 4, 11)
    assert pm.resolutions[0].deadline.due_date == datetime.date(2022, 4, 17)
    with pytest.raises(AttributeError):
        pm.title = "x"  # type: ignore[misc]


def test_reversed_rows_are_reported_as_a_warning():
    pm = parse_file(SAMPLE_000)
    assert any("معکوس" in w for w in pm.warnings)


@pytest.mark.parametrize(("path", "expected"), CASES, ids=IDS)
def test_arabic_letters_and_latin_digits_give_the_same_json(path, expected):
    variant = arabic_variant(path.read_text(encoding="utf-8"))
    assert "ي" in variant and "ك" in variant and ("1401" in variant or "1402" in variant)
    _assert_same(to_json(parse_text(variant)), expected)


@pytest.mark.parametrize(("path", "expected"), CASES, ids=IDS)
def test_encodings_utf8_bom_utf16_cp1256(path, expected):
    text = path.read_text(encoding="utf-8")
    for data in (
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("utf-16"),  # with BOM, as Word's "Unicode text"
        text.encode("utf-16-le"),  # without BOM
    ):
        _assert_same(to_json(parse_bytes(data, "minutes.txt")), expected)


def test_windows_1256():
    # Windows-1256 has Arabic ي and no Persian/Arabic digits: files saved in it carry the
    # Arabic letter forms and Latin digits, which normalisation turns back.
    text = arabic_variant(SAMPLE_002.read_text(encoding="utf-8")).replace("ہ", "ه")
    data = text.encode("cp1256", errors="strict")
    _assert_same(to_json(parse_bytes(data, "minutes.txt")), EXPECTED_002)


@pytest.mark.parametrize(
    ("path", "expected", "split_row", "vmerge"),
    [
        (SAMPLE_000, EXPECTED_000, None, ((2, 3), 3)),  # rows 2–3 share one «یک هفته» cell
        (SAMPLE_002, EXPECTED_002, 3, ((4, 5), 3)),  # rows 4–5 share «یک ماه»
        (SAMPLE_003, EXPECTED_003, 6, ((5, 6), 2)),  # rows 5–6 share «اسرع وقت»
    ],
    ids=IDS,
)
def test_word_version(path, expected, split_row, vmerge):
    data = build_docx(
        path.read_text(encoding="utf-8"), split_row=split_row, vmerge_rows=vmerge[0], vmerge_col=vmerge[1]
    )
    _assert_same(to_json(parse_bytes(data, "minutes.docx")), expected)


@pytest.mark.parametrize(("path", "expected"), CASES, ids=IDS)
def test_word_version_with_arabic_letters(path, expected, tmp_path):
    data = build_docx(arabic_variant(path.read_text(encoding="utf-8")))
    target = tmp_path / "minutes.docx"
    target.write_bytes(data)
    _assert_same(to_json(parse_file(target)), expected)
