"""What the model compares: names, dates and fields read the same however agencies wrote them."""

from __future__ import annotations

import pytest

from qarargah.linkage.fields import parse_birth_date, parse_mobile, parse_sex
from qarargah.linkage.prepare import features, name_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("علی", "علي"),  # Arabic ye
        ("کاظمی", "كاظمي"),  # Arabic kaf and ye
        ("محمدرضا", "محمد رضا"),  # spacing in a compound name
        ("محمدرضا", "محمد\u200cرضا"),  # ZWNJ
        ("محمدرضا", " محمد  رضا "),
        ("حسینی\u200cنژاد", "حسینی نژاد"),
        ("مُحَمَّد", "محمد"),  # diacritics
    ],
)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a, first=True) == name_key(b, first=True)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("سید علی", "علی"),
        ("سیدعلی", "علی"),
        ("سيد علي", "علی"),
        ("سیده فاطمه", "فاطمه"),
        ("فاطمه سادات", "فاطمه"),
        ("میر احمد", "احمد"),
    ],
)
def test_seyyed_is_a_flag_not_part_of_the_name(text: str, key: str) -> None:
    assert name_key(text, first=True) == (key, True)


def test_a_surname_that_starts_like_an_honorific_stays_whole() -> None:
    assert name_key("سیدی") == ("سیدی", False)
    assert name_key("میرزایی") == ("میرزایی", False)
    assert name_key("علی", first=True) == ("علی", False)


def test_features_turn_empty_values_into_nulls_and_invalid_codes_away() -> None:
    cols = features(
        [
            {
                "key": "a",
                "national_code": "0012345679",
                "first_name": "سید محمد",
                "last_name": "حسيني",
                "father_name": "",
                "birth_date": "1990-03-21",
                "sex": "m",
                "mobile": "",
                "address": "کرج، خیابان  بهار",
                "county": "کرج",
                "neighbourhood": "",
            },
            {"key": "b", "national_code": "0012345678", "birth_date": ""},
        ]
    )
    assert cols["fn"] == ["محمد", None]
    assert cols["ln"] == ["حسینی", None]
    assert cols["fa"] == [None, None]
    assert (cols["dob"], cols["byear"], cols["bmonth"], cols["bday"]) == (
        ["1990-03-21", None],
        [1990, None],
        [3, None],
        [21, None],
    )
    assert cols["code"] == ["0012345679", None]
    assert cols["addr"] == ["کرجخیابانبهار", None]
    assert cols["unique_id"] == [0, 1]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1369/01/01", "1990-03-21"),
        ("۱۳۶۹/۰۱/۰۱", "1990-03-21"),
        ("01/01/1369", "1990-03-21"),  # day first
        ("1369-1-1", "1990-03-21"),
        ("1369.01.01", "1990-03-21"),
        ("69/01/01", "1990-03-21"),  # two-digit year
        ("۳۸/۱۲/۲۲", "1960-03-13"),  # read 1338, not 1438: a birth date is never in the future
        ("1438/12/22", None),  # a written-out future year is refused
        ("", ""),
        ("1369/13/01", None),
        ("نامعلوم", None),
    ],
)
def test_birth_dates_in_mixed_formats(text: str, iso: str | None) -> None:
    assert parse_birth_date(text) == iso


@pytest.mark.parametrize(
    ("text", "sex"),
    [("مرد", "m"), ("زن", "f"), ("م", "m"), ("ز", "f"), ("1", "m"), ("۲", "f"), ("", ""), ("x", None)],
)
def test_sex_as_people_write_it(text: str, sex: str | None) -> None:
    assert parse_sex(text) == sex


@pytest.mark.parametrize(
    ("text", "mobile"),
    [
        ("09121234567", "09121234567"),
        ("+989121234567", "09121234567"),
        ("989121234567", "09121234567"),
        ("۰۹۱۲ ۱۲۳ ۴۵۶۷", "09121234567"),
        ("", ""),
        ("02112345678", None),
    ],
)
def test_mobiles_in_every_format(text: str, mobile: str | None) -> None:
    assert parse_mobile(text) == mobile


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("آرش", "ارش"),  # madda dropped
        ("رضائی", "رضایی"),  # hamza seat
        ("مؤمنی", "مومنی"),
        ("عبداله", "عبدالله"),  # «اله» for «الله» at the end of a compound
        ("روح‌اله", "روح الله"),
        ("حاج رضا", "رضا"),  # pilgrimage titles
        ("کربلایی حسن", "حسن"),
        ("مرحوم حسن", "حسن"),  # a father's name in memoriam
    ],
)
def test_letter_variants_and_titles_share_a_key(a: str, b: str) -> None:
    assert name_key(a, first=True)[0] == name_key(b, first=True)[0]


def test_names_that_only_look_like_variants_stay_apart() -> None:
    assert name_key("لاله", first=True)[0] == "لاله"
    assert name_key("ژاله", first=True)[0] == "ژاله"
    # A title alone is a name (a surname «حاجی»), not an empty key.
    assert name_key("حاجی")[0] == "حاجی"
