"""The synthetic truth generator: deterministic by seed, messy as agencies are, truth kept."""

from __future__ import annotations

from collections import Counter

from qarargah.linkage.codes import is_valid_national_code, normalise_national_code
from qarargah.linkage.synthetic import SOURCES, clean_records, generate, truth

FIELDS = {
    "source",
    "source_id",
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "sex",
    "mobile",
    "address",
    "county",
    "neighbourhood",
    "head_national_code",
    "true_person",
}


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    assert generate(300, seed=4) == generate(300, seed=4)
    assert generate(300, seed=4) != generate(300, seed=5)


def test_rows_have_the_standard_fields_and_each_person_appears_in_one_to_four_sources() -> None:
    rows = generate(2000, sources=6, seed=1)
    assert all(set(r) == FIELDS for r in rows)
    people = {r["true_person"] for r in rows}
    assert len(people) == 2000
    per_person = Counter(r["true_person"] for r in rows)
    assert set(per_person.values()) <= {1, 2, 3, 4}
    assert {r["source"] for r in rows} == set(SOURCES[:6])
    # A person never appears twice in one source.
    assert len({(r["true_person"], r["source"]) for r in rows}) == len(rows)
    assert len({(r["source"], r["source_id"]) for r in rows}) == len(rows)


def test_every_error_of_the_issue_appears() -> None:
    rows = generate(3000, seed=2)
    codes = [r["national_code"] for r in rows]
    missing = sum(1 for c in codes if not c) / len(rows)
    invalid = sum(1 for c in codes if c and normalise_national_code(c) is None) / len(rows)
    assert 0.09 < missing < 0.15
    assert 0.02 < invalid < 0.06
    text = " ".join(r["first_name"] + " " + r["last_name"] for r in rows)
    assert "ي" in text and "ك" in text  # Arabic letters
    assert "سید" in text  # seyyed written in some rows
    assert any(r["first_name"] == "محمد رضا" or r["first_name"] == "محمد\u200cرضا" for r in rows)
    dates = [r["birth_date"] for r in rows if r["birth_date"]]
    assert any(d[:4].isdigit() and d[4] == "/" for d in dates)  # 1369/01/01
    assert any(d[2] == "/" for d in dates)  # 01/01/1369
    assert any("۱" in d or "۳" in d for d in dates)  # Persian digits
    by_person: dict[str, set[str]] = {}
    for r in rows:
        by_person.setdefault(r["true_person"], set()).add(r["first_name"])
    # Shortened compound names: «محمدرضا» in one list, «محمد» in another.
    assert any({"محمدرضا", "محمد"} <= names for names in by_person.values())


def test_true_codes_are_valid_and_clean_records_read_the_messy_values() -> None:
    rows = generate(1000, seed=3)
    records = clean_records(rows)
    keys = truth(rows)
    assert len(keys) == len(records) == len(rows)
    assert all(r["key"] in keys for r in records)
    codes = [r["national_code"] for r in records if r["national_code"]]
    assert codes and all(is_valid_national_code(c) for c in codes)
    assert {r["sex"] for r in records} <= {"m", "f", ""}
    assert all(
        r["mobile"] == "" or (r["mobile"].startswith("09") and len(r["mobile"]) == 11) for r in records
    )
    dates = [r["birth_date"] for r in records if r["birth_date"]]
    assert len(dates) > 0.9 * len(records)
    assert all(len(d) == 10 and d[4] == "-" and 1900 < int(d[:4]) < 2030 for d in dates)
    # One true person's valid codes never differ (a mistyped code is never valid).
    code_of: dict[str, str] = {}
    for r in records:
        if r["national_code"]:
            assert code_of.setdefault(keys[r["key"]], r["national_code"]) == r["national_code"]
