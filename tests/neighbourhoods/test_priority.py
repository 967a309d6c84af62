"""The need score and the neighbourhood index: pure functions, their formula written out."""

from __future__ import annotations

import datetime

import pytest

from qarargah.neighbourhoods.priority import (
    DEFAULT_WEIGHTS,
    NeedFacts,
    Weights,
    neighbourhood_index,
    rank_needs,
    rank_neighbourhoods,
    score_need,
)

TODAY = datetime.date(2026, 12, 6)


def facts(pk=1, severity=4, households=120, residents=35, days=30):
    return NeedFacts(pk, severity, households, residents, TODAY - datetime.timedelta(days=days))


def test_the_score_is_the_weighted_mean_of_the_capped_parts_times_100():
    s = score_need(facts(), DEFAULT_WEIGHTS, TODAY)
    expected = 100 * (4 * 4 / 5 + 3 * 120 / 500 + 2 * 35 / 200 + 1 * 30 / 180) / 10
    assert s.score == round(expected, 1) == 44.4
    assert s.formula == "۱۰۰ × (۴×۴/۵ + ۳×۱۲۰/۵۰۰ + ۲×۳۵/۲۰۰ + ۱×۳۰/۱۸۰) ÷ ۱۰ = ۴۴٫۴"
    assert [c.name for c in s.components] == ["severity", "households", "residents", "age"]


def test_a_figure_beyond_its_cap_counts_as_the_cap_and_the_formula_says_so():
    s = score_need(facts(households=9000, residents=0, days=0, severity=5), DEFAULT_WEIGHTS, TODAY)
    assert s.score == 70.0
    assert "۳×۵۰۰/۵۰۰" in s.formula
    assert s.formula.endswith("= ۷۰")


def test_the_secretariats_weights_change_the_score():
    only_severity = Weights(severity=1, households=0, residents=0, age=0)
    assert score_need(facts(severity=2), only_severity, TODAY).score == 40.0


def test_all_zero_weights_are_refused():
    with pytest.raises(ValueError):
        score_need(facts(), Weights(0, 0, 0, 0), TODAY)


def test_a_need_registered_in_the_future_has_age_zero():
    assert score_need(facts(days=-3), DEFAULT_WEIGHTS, TODAY).age_days == 0


def test_ranking_highest_first_and_the_older_need_first_on_a_tie():
    ranked = rank_needs(
        [
            facts(1, severity=2),
            facts(2, severity=5),
            facts(3, severity=2, days=30),
            facts(4, severity=2, days=30),
        ],
        Weights(severity=1, households=0, residents=0, age=0),
        TODAY,
    )
    assert [(r.rank, r.score.need_id) for r in ranked] == [(1, 2), (2, 1), (3, 3), (4, 4)]


def test_the_neighbourhood_index_sums_its_open_needs_and_shows_the_sum():
    index = neighbourhood_index(7, [12.0, 52.8, 40.0])
    assert index.index == 104.8
    assert index.formula == "جمع امتیاز ۳ مسئله باز: ۵۲٫۸ + ۴۰ + ۱۲ = ۱۰۴٫۸"
    assert neighbourhood_index(8, []).formula == "بدون مسئله باز = ۰"


def test_a_long_index_formula_sums_the_rest_in_one_term():
    index = neighbourhood_index(7, [10.0] * 10)
    assert "(جمع ۲ مسئله دیگر)" in index.formula
    assert index.formula.endswith("= ۱۰۰")


def test_neighbourhoods_rank_by_index():
    ranked = rank_neighbourhoods(
        [neighbourhood_index(1, [10]), neighbourhood_index(2, [30, 1]), neighbourhood_index(3, [])]
    )
    assert [r.index.neighbourhood_id for r in ranked] == [2, 1, 3]
