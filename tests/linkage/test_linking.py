"""Linking generated agency lists: the accuracy bars, twins, people's decisions, households."""

from __future__ import annotations

from typing import Any

import pytest

from qarargah.linkage import LinkResult, LinkSettings, link_incremental, link_new, link_records
from qarargah.linkage.evaluate import evaluate
from qarargah.linkage.model import settings_dict
from qarargah.linkage.synthetic import clean_records, generate, truth
from qarargah.linkage.synthetic_variant import generate_variant


@pytest.fixture(scope="module")
def world() -> tuple[list[dict[str, Any]], dict[str, str], LinkResult]:
    rows = generate(1000, sources=6, seed=11)
    records = clean_records(rows)
    stages: list[str] = []
    result = link_records(records, progress=lambda stage, fraction: stages.append(stage))
    assert stages[0] == "prepare" and stages[-1] == "done"
    return records, truth(rows), result


def test_generated_lists_link_above_the_bars(world: Any) -> None:
    records, true, result = world
    accuracy = evaluate(result, true, records)
    assert accuracy.precision >= 0.98
    assert accuracy.recall >= 0.95
    assert accuracy.review_share < 0.03
    # Also where the national code cannot have done the work.
    assert accuracy.no_code_true_pairs > 300
    assert accuracy.no_code_precision >= 0.95
    assert accuracy.no_code_recall >= 0.9


def test_result_shape(world: Any) -> None:
    records, _, result = world
    keys = {r["key"] for r in records}
    assert set(result.clusters) == keys == set(result.match) == set(result.households)
    assert set(result.match.values()) <= {"code", "auto", "review", "single", "manual"}
    assert sum(result.counts.values()) == len(records)
    assert result.counts["code"] > 0 and result.counts["auto"] > 0
    # A cluster id is one of its records' keys: stable from run to run.
    assert all(cid in keys for cid in result.clusters.values())
    assert result.model is not None
    for pair in result.review_pairs:
        assert result.clusters[pair.key_a] != result.clusters[pair.key_b]
        assert {label for label, _, _ in pair.contributions} == {
            "نام",
            "نام خانوادگی",
            "نام پدر",
            "تاریخ تولد",
            "جنسیت",
            "تلفن همراه",
            "کد ملی",
            "نشانی",
        }
        # A record is 'review' only when no link places it: a pair between two people already
        # linked elsewhere leaves their classes as they are, never 'single'.
        assert "single" not in (result.match[pair.key_a], result.match[pair.key_b])


def _person(key: str, first: str, **kw: str) -> dict[str, str]:
    base = {
        "key": key,
        "source": key.split(":")[0],
        "national_code": "",
        "first_name": first,
        "last_name": "کاظمی‌نیا",
        "father_name": "غلامرضا",
        "birth_date": "2012-05-14",
        "sex": "m",
        "mobile": "09121112233",
        "address": "کرج، حصار، خیابان بهار، کوچه ۱۲، پلاک ۷",
        "county": "کرج",
        "neighbourhood": "حصار",
        "head_national_code": "",
    }
    base.update(kw)
    return base


def _background(n: int = 400) -> list[dict[str, Any]]:
    """Other people around the hand-made ones, so name frequencies are realistic."""
    return clean_records(generate(n, seed=21))


@pytest.fixture(scope="module")
def trained(world: Any) -> LinkSettings:
    """The model trained on the generated lists, reused (as the incremental mode does)."""
    return LinkSettings(model=world[2].model)


def test_twins_are_not_merged_but_each_twin_links_across_lists(trained: LinkSettings) -> None:
    hand = [
        _person("a:1", "حسن"),
        _person("b:1", "حسن", mobile=""),
        _person("a:2", "حسین"),
        _person("c:2", "حسين"),  # Arabic ye: still حسین
        _person("a:3", "زینب", sex="f"),
        _person("b:3", "زینب", sex="f", birth_date=""),
    ]
    result = link_records(hand + _background(), settings=trained)
    c = result.clusters
    assert c["a:1"] == c["b:1"]
    assert c["a:2"] == c["c:2"]
    assert c["a:3"] == c["b:3"]
    assert len({c["a:1"], c["a:2"], c["a:3"]}) == 3
    # Same household: shared address and the same house.
    assert result.households["a:1"] == result.households["a:2"] == result.households["a:3"]


def test_persian_spelling_errors_still_link(trained: LinkSettings) -> None:
    hand = [
        _person("a:1", "محمدرضا", last_name="حسینی", father_name="علی", birth_date="1985-04-02", mobile=""),
        _person("b:1", "سید محمد", last_name="حسيني", father_name="علي", birth_date="1985-02-04", mobile=""),
        _person("c:1", "حسینی", last_name="محمد رضا", father_name="علی", birth_date="1985-04-02", mobile=""),
    ]
    result = link_records(hand + _background(), settings=trained)
    c = result.clusters
    assert c["a:1"] == c["b:1"] == c["c:1"]
    assert {result.match[k] for k in ("a:1", "b:1", "c:1")} == {"auto"}


def test_decisions_are_honoured_and_survive_a_rerun(trained: LinkSettings) -> None:
    code = "0012345679"
    hand = [
        _person("a:1", "مریم", sex="f", national_code=code),
        _person("b:1", "مریم", sex="f", national_code=code, birth_date="1990-01-01"),
        _person(
            "a:2",
            "رضا",
            last_name="تهرانی",
            father_name="مهدی",
            birth_date="1970-01-01",
            mobile="",
            address="",
        ),
        _person(
            "b:2",
            "رضا",
            last_name="رحیمی",
            father_name="احمد",
            birth_date="1975-06-06",
            mobile="",
            address="",
        ),
    ]
    records = hand + _background()
    first = link_records(records, settings=trained)
    assert first.clusters["a:1"] == first.clusters["b:1"]
    assert first.match["a:1"] == "code"
    assert first.clusters["a:2"] != first.clusters["b:2"]

    decisions = [("a:1", "b:1", "separate"), ("b:2", "a:2", "link")]
    for _ in range(2):  # and again, as a later run would
        result = link_records(records, decisions=decisions, settings=LinkSettings(model=first.model))
        assert result.clusters["a:1"] != result.clusters["b:1"]
        assert result.clusters["a:2"] == result.clusters["b:2"]
        assert result.match["a:2"] == result.match["b:2"] == "manual"
        assert not any({p.key_a, p.key_b} == {"a:1", "b:1"} for p in result.review_pairs)


def test_a_separation_is_not_undone_through_a_third_record(trained: LinkSettings) -> None:
    hand = [
        _person("a:1", "مریم", sex="f"),
        _person("b:1", "مریم", sex="f"),
        _person("c:1", "مریم", sex="f"),
    ]
    result = link_records(hand + _background(), decisions=[("a:1", "b:1", "separate")], settings=trained)
    c = result.clusters
    assert c["a:1"] != c["b:1"]
    assert c["c:1"] in (c["a:1"], c["b:1"])


def test_different_valid_codes_are_two_people(trained: LinkSettings) -> None:
    hand = [
        _person("a:1", "مریم", sex="f", national_code="0012345679"),
        _person("b:1", "مریم", sex="f"),
        _person("c:1", "مریم", sex="f", national_code="1234567891"),
    ]
    result = link_records(hand + _background(), settings=trained)
    assert result.clusters["a:1"] != result.clusters["c:1"]


def test_households_through_the_heads_code(trained: LinkSettings) -> None:
    head = "4987654326"
    hand = [
        _person(
            "a:1", "رضا", national_code=head, address="", head_national_code=head, birth_date="1975-01-01"
        ),
        _person("b:1", "نرگس", sex="f", address="", head_national_code=head, birth_date="2001-01-01"),
        _person(
            "b:2", "نرگس", sex="f", last_name="یزدانی", address="", mobile="", head_national_code="0012345679"
        ),
    ]
    result = link_records(hand + _background(), settings=trained)
    h = result.households
    assert h["a:1"] == h["b:1"]
    assert h["b:2"] != h["a:1"]


def test_incremental_upload_links_new_records_to_existing_people(world: Any) -> None:
    records, true, full = world
    cut = len(records) - 200
    existing, new = records[:cut], records[cut:]
    base = link_records(existing, settings=LinkSettings(model=full.model))
    result = link_incremental(
        new,
        existing,
        base.clusters,
        previous_match=base.match,
        settings=LinkSettings(model=full.model),
    )
    assert set(result.clusters) == {r["key"] for r in records}
    # Existing people are never split.
    for a in existing[:300]:
        for b in existing[:300]:
            if base.clusters[a["key"]] == base.clusters[b["key"]]:
                assert result.clusters[a["key"]] == result.clusters[b["key"]]
    accuracy = evaluate(result, true, records)
    assert accuracy.precision >= 0.98 and accuracy.recall >= 0.95
    # New records were linked to people already there.
    assert any(
        result.clusters[r["key"]] == result.clusters[e["key"]]
        for r in new[:50]
        for e in existing
        if true[e["key"]] == true[r["key"]]
    )


def test_empty_and_single_inputs() -> None:
    assert link_records([]).clusters == {}
    one = link_records([_person("a:1", "علی")])
    assert one.clusters == {"a:1": "a:1"} and one.match == {"a:1": "single"}
    with pytest.raises(ValueError):
        link_records([_person("a:1", "علی"), _person("a:1", "علی")])


def test_an_independently_written_generator_also_meets_the_bars() -> None:
    rows = generate_variant(1000, sources=6, seed=2)
    records = clean_records(rows)
    accuracy = evaluate(link_records(records), truth(rows), records)
    assert accuracy.precision >= 0.98
    assert accuracy.recall >= 0.95
    assert accuracy.review_share < 0.03


def test_the_same_model_is_written_for_spark() -> None:
    duck, spark = settings_dict("duckdb"), settings_dict("spark")
    conditions = [
        (a["sql_condition"], b["sql_condition"])
        for ca, cb in zip(duck["comparisons"], spark["comparisons"], strict=True)
        for a, b in zip(ca["comparison_levels"], cb["comparison_levels"], strict=True)
    ]
    assert any("jaro_winkler_similarity(" in a and "jaro_winkler(" in b for a, b in conditions)
    assert not any("jaro_winkler_similarity" in b or "hamming" in b for _, b in conditions)
    # Identifiers are unquoted: double quotes are string literals in Spark SQL.
    assert not any('"' in b for _, b in conditions)
    assert duck["blocking_rules_to_generate_predictions"] == spark["blocking_rules_to_generate_predictions"]


def test_a_separation_made_since_the_last_run_splits_a_person_in_incremental_mode(
    trained: LinkSettings,
) -> None:
    code = "0012345679"
    existing = [
        _person("a:1", "مریم", sex="f", national_code=code),
        _person("b:1", "مریم", sex="f", national_code=code),
        *_background(),
    ]
    before = link_records(existing, settings=trained)
    assert before.clusters["a:1"] == before.clusters["b:1"]
    new = [_person("c:1", "مریم", sex="f", national_code=code, mobile="")]
    after = link_incremental(
        new,
        existing,
        before.clusters,
        previous_match=before.match,
        decisions=[("a:1", "b:1", "separate")],
        settings=trained,
    )
    assert after.clusters["a:1"] != after.clusters["b:1"]
    assert after.clusters["c:1"] in (after.clusters["a:1"], after.clusters["b:1"])


def test_households_through_a_shared_address(trained: LinkSettings) -> None:
    address = "کرج، گلشهر، بلوار گلزار غربی، کوچه ۱۴، پلاک ۲۳"
    hand = [
        _person("a:1", "رضا", last_name="نادری", address=address, mobile="", birth_date="1970-01-01"),
        _person("b:1", "مینا", sex="f", last_name="صفوی", address=address.replace("،", " "), mobile=""),
        _person("c:1", "سارا", sex="f", last_name="امینی", father_name="کاوه", address="کرج", mobile=""),
    ]
    result = link_records(hand + _background(), settings=trained)
    h = result.households
    assert h["a:1"] == h["b:1"]  # the same address once normalised
    assert h["c:1"] != h["a:1"]  # «کرج» alone is too short to group anyone
    assert h["a:1"].startswith("h-")


def test_incremental_reuses_the_prepared_features_of_the_last_run(trained: LinkSettings) -> None:
    records = _background(300)
    existing, new = records[:-40], records[-40:]
    base = link_records(existing, settings=trained)
    assert base.features is not None and base.features.num_rows == len(existing)
    again = link_incremental(new, existing, base.clusters, previous_match=base.match, settings=trained)
    reused = link_incremental(
        new,
        existing,
        base.clusters,
        previous_match=base.match,
        settings=trained,
        existing_features=base.features,
    )
    assert reused.clusters == again.clusters
    assert reused.match == again.match
    assert reused.households == again.households
    with pytest.raises(ValueError, match="same order"):
        link_incremental(
            new, existing[::-1], base.clusters, settings=trained, existing_features=base.features
        )


def _partition(mapping: dict[str, str], keys: list[str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(mapping[key], []).append(key)
    return sorted(sorted(g) for g in groups.values())


def test_link_new_answers_like_link_incremental_for_the_people_it_touches(world: Any) -> None:
    import random

    records, _true, full = world
    existing, new = records[:-200], records[-200:]
    trained = LinkSettings(model=full.model)
    base = link_records(existing, settings=trained)
    everything = link_incremental(new, existing, base.clusters, previous_match=base.match, settings=trained)
    # The stored features in any order, as a database hands them back.
    order = list(range(base.features.num_rows))
    random.Random(5).shuffle(order)
    shuffled = base.features.take(order)
    answer = link_new(new, shuffled, base.clusters, previous_match=base.match, settings=trained)
    answered = list(answer.clusters)
    assert {r["key"] for r in new} <= set(answered)
    assert len(answered) < len(records) // 2  # only the people the upload touched
    assert _partition(answer.clusters, answered) == _partition(everything.clusters, answered)
    assert {k: answer.match[k] for k in answered} == {k: everything.match[k] for k in answered}
    # Whoever it does not answer for keeps the person and household of the last run.
    others = [r["key"] for r in existing if r["key"] not in answer.clusters]
    assert all(everything.clusters[k] == base.clusters[k] for k in others)
    homes = list(answer.households)
    assert set(answered) <= set(homes)
    assert _partition(answer.households, homes) == _partition(everything.households, homes)
    assert all(everything.households[k] == base.households[k] for k in base.households if k not in homes)

    # The same review pairs, one per two people apart.
    def people(result: LinkResult) -> set[tuple[str, str]]:
        return {
            tuple(sorted((everything.clusters[p.key_a], everything.clusters[p.key_b])))  # type: ignore[misc]
            for p in result.review_pairs
        }

    assert people(answer) == people(everything)
    assert answer.features is not None and answer.features.num_rows == len(records)


def test_link_new_honours_a_separation_and_codes(trained: LinkSettings) -> None:
    code = "0012345679"
    existing = [
        _person("a:1", "مریم", sex="f", national_code=code),
        _person("b:1", "مریم", sex="f", national_code=code),
        *_background(),
    ]
    before = link_records(existing, settings=trained)
    after = link_new(
        [_person("c:1", "مریم", sex="f", national_code=code, mobile="")],
        before.features,
        before.clusters,
        previous_match=before.match,
        decisions=[("a:1", "b:1", "separate")],
        settings=trained,
    )
    # As link_incremental: the separated person comes back in two, the new record joins one
    # part through the code, and both parts are answered for.
    assert after.clusters["a:1"] != after.clusters["b:1"]
    assert after.clusters["c:1"] in (after.clusters["a:1"], after.clusters["b:1"])
    assert after.match["c:1"] == "code"


def test_a_one_letter_slip_in_a_short_first_name_links(trained: LinkSettings) -> None:
    # Jaro–Winkler scores a slip at the start of a short name low («عیسی» / «ویسی» 0.83); one
    # letter replaced, dropped or added is still a typo when the names are not two known ones.
    hand = [
        _person("a:1", "عیسی", mobile=""),
        _person("b:1", "ویسی", mobile=""),
        _person("a:2", "آراز", father_name="بهمن", birth_date="1990-01-05", mobile=""),
        _person("b:2", "راز", father_name="بهمن", birth_date="1990-01-05", mobile=""),
    ]
    result = link_records(hand + _background(), settings=trained)
    c = result.clusters
    assert c["a:1"] == c["b:1"]
    assert c["a:2"] == c["b:2"]
    assert c["a:1"] != c["a:2"]


def test_twins_whose_known_names_are_one_letter_apart_stay_two_people(trained: LinkSettings) -> None:
    # «زهرا» / «زهره» and «حسن» / «حسین» are one letter apart, but both are common names: twins
    # with the same surname, father, date, mobile and address are not one person.
    hand = [
        _person("a:1", "زهرا", sex="f"),
        _person("b:1", "زهره", sex="f"),
        _person("a:2", "حسن", birth_date="2013-06-01"),
        _person("b:2", "حسین", birth_date="2013-06-01"),
    ]
    result = link_records(hand + _background(), settings=trained)
    c = result.clusters
    assert c["a:1"] != c["b:1"]
    assert c["a:2"] != c["b:2"]
    assert result.households["a:1"] == result.households["b:1"]


def test_swapped_names_with_a_slip_link(trained: LinkSettings) -> None:
    hand = [
        _person("a:1", "عزت‌الله", last_name="کردی", father_name="خسرو", birth_date="1988-11-05", mobile=""),
        _person("b:1", "کردی", last_name="عزت‌انله", father_name="خسرو", birth_date="1988-11-05", mobile=""),
    ]
    result = link_records(hand + _background(), settings=trained)
    assert result.clusters["a:1"] == result.clusters["b:1"]


def test_a_compound_name_shortened_to_its_second_part_links(trained: LinkSettings) -> None:
    hand = [
        _person("a:1", "علیرضا", last_name="رضایی", father_name="مرحوم حسن", mobile=""),
        _person("b:1", "رضا", last_name="رضائی", father_name="حسن", mobile=""),
    ]
    result = link_records(hand + _background(), settings=trained)
    assert result.clusters["a:1"] == result.clusters["b:1"]


def test_a_record_without_date_or_father_is_compared_with_its_housemates(trained: LinkSettings) -> None:
    # No rule on dates or fathers' names can pair these: the name in the same house does.
    hand = [
        _person("a:1", "حاج کیومرث", last_name="قلعه‌بیگی", father_name="", birth_date="", mobile=""),
        _person("b:1", "کیومرث", last_name="قلعه بیگی", mobile=""),
    ]
    result = link_records(hand + _background(), settings=trained)
    pairs = {(p.key_a, p.key_b) for p in result.review_pairs} | {
        (p.key_b, p.key_a) for p in result.review_pairs
    }
    assert result.clusters["a:1"] == result.clusters["b:1"] or ("a:1", "b:1") in pairs
