"""National-code checksum and normalisation (no database)."""

from __future__ import annotations

import pytest

from qarargah.linkage.codes import is_valid_national_code, make_code, normalise_national_code


@pytest.mark.parametrize("code", ["0012345679", "1234567891", "4987654326", "0499370899"])
def test_valid_codes_pass(code: str) -> None:
    assert is_valid_national_code(code)


def test_check_digit_rule() -> None:
    # 100000001: 1×10 + 1×2 = 12, r = 1 < 2 → the check digit is r itself.
    assert make_code("100000001") == "1000000011"
    # 000000120: 1×4 + 2×3 = 10 → r = 10 → 11 − 10 = 1.
    assert make_code("000000120") == "0000001201"
    # 000000100: the 7th digit weighs 4 → r = 4 → 11 − 4 = 7.
    assert make_code("000000100") == "0000001007"
    assert is_valid_national_code("1000000011")
    assert not is_valid_national_code("1000000012")


@pytest.mark.parametrize(
    "code",
    [
        "0012345678",  # wrong check digit
        "1234567890",
        "0000000000",  # all alike pass the arithmetic but are fillers
        "1111111111",
        "5555555555",
        "012345679",  # nine digits: not padded here
        "00123456790",
        "00123a5679",
        "",
    ],
)
def test_invalid_codes_fail(code: str) -> None:
    assert not is_valid_national_code(code)


def test_single_digit_error_and_transposition_are_detected() -> None:
    # (Not every code: remainders 1 and 10 share check digit 1, so there some slips pass.)
    code = "4987654326"
    for i in range(10):
        for d in "0123456789":
            if d != code[i]:
                assert not is_valid_national_code(code[:i] + d + code[i + 1 :])
    for i in range(9):
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        if swapped != code:
            assert not is_valid_national_code(swapped)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۴۹۸۷۶۵۴۳۲۶", "4987654326"),  # Persian digits
        ("٤٩٨٧٦٥٤٣٢٦", "4987654326"),  # Arabic-Indic digits
        ("498-765432-6", "4987654326"),
        (" 498 765 4326 ", "4987654326"),
        ("12345679", "0012345679"),  # Excel dropped two leading zeros
        ("۱۲۳۴۵۶۷۹", "0012345679"),
        ("499370899", "0499370899"),
        ("1234567", None),  # too short to pad
        ("4987654327", None),
        ("۰۰۰۰۰۰۰۰۰۰", None),
        ("نامعلوم", None),
        ("", None),
    ],
)
def test_normalise_national_code(text: str, expected: str | None) -> None:
    assert normalise_national_code(text) == expected
