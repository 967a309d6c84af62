"""A need's priority score and a neighbourhood's index, with the reason written out.

Pure Python (no Django: import-linter checks it), so the formula is tested on its own and the
pages, the API and an export all show the same numbers.

A need's score is a weighted mean of four parts, each between 0 and 1, times 100::

    score = 100 × (w_s·severity/5 + w_h·min(households, H)/H + w_r·min(residents, R)/R
                   + w_a·min(age in days, D)/D) ÷ (w_s + w_h + w_r + w_a)

The weights ``w_*`` and the caps ``H``, ``R``, ``D`` are what the province's secretariat sets
(``PriorityWeights``); a cap keeps one huge figure from drowning the others and makes each part
read as «how far towards the cap». Every score carries its formula with the numbers put in
(«why this rank»). A neighbourhood's index is the sum of its open needs' scores: the more, and the
more urgent, its open needs, the higher it ranks.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from qarargah.persian import to_persian_digits


@dataclass(frozen=True)
class Weights:
    severity: int = 4
    households: int = 3
    residents: int = 2
    age: int = 1
    households_cap: int = 500
    residents_cap: int = 200
    age_cap_days: int = 180

    @property
    def total(self) -> int:
        return self.severity + self.households + self.residents + self.age


DEFAULT_WEIGHTS = Weights()
MAX_SEVERITY = 5


@dataclass(frozen=True)
class NeedFacts:
    """What the score reads of one need."""

    id: int
    severity: int
    households: int
    residents: int
    registered_on: datetime.date


@dataclass(frozen=True)
class Component:
    """One part of the score: ``weight × value/cap``, the value capped."""

    name: str  # severity | households | residents | age
    label: str
    value: int
    cap: int
    weight: int

    @property
    def counted(self) -> int:
        return max(0, min(self.value, self.cap))

    @property
    def fraction(self) -> float:
        return self.counted / self.cap

    def term(self) -> str:
        return f"{self.weight}×{self.counted}/{self.cap}"


@dataclass(frozen=True)
class NeedScore:
    need_id: int
    score: float
    components: tuple[Component, ...]
    formula: str  # Persian digits, as the page shows it
    age_days: int

    @property
    def shown(self) -> str:
        return _number(self.score)


@dataclass(frozen=True)
class RankedNeed:
    rank: int
    score: NeedScore


def _number(value: float) -> str:
    """«۵۲٫۸», «۴۰» (one decimal, none when whole), Persian digits."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return to_persian_digits(text.replace(".", "٫"))


def score_need(facts: NeedFacts, weights: Weights, today: datetime.date) -> NeedScore:
    age_days = max(0, (today - facts.registered_on).days)
    components = (
        Component("severity", "شدت", facts.severity, MAX_SEVERITY, weights.severity),
        Component("households", "خانوار درگیر", facts.households, weights.households_cap, weights.households),
        Component("residents", "ساکنان مطرح‌کننده", facts.residents, weights.residents_cap, weights.residents),
        Component("age", "روز از ثبت", age_days, weights.age_cap_days, weights.age),
    )
    total_weight = weights.total
    if total_weight <= 0:
        raise ValueError("at least one weight must be positive")
    raw = sum(c.weight * c.fraction for c in components)
    score = round(100 * raw / total_weight, 1)
    terms = " + ".join(c.term() for c in components)
    formula = to_persian_digits(f"100 × ({terms}) ÷ {total_weight}") + f" = {_number(score)}"
    return NeedScore(facts.id, score, components, formula, age_days)


def rank_needs(facts: Iterable[NeedFacts], weights: Weights, today: datetime.date) -> list[RankedNeed]:
    """Highest score first; equal scores: the older need first, then the lower id (stable)."""
    scores = [score_need(f, weights, today) for f in facts]
    scores.sort(key=lambda s: (-s.score, -s.age_days, s.need_id))
    return [RankedNeed(rank, s) for rank, s in enumerate(scores, start=1)]


# A neighbourhood's formula names at most this many scores; the rest are summed in one term.
SHOWN_TERMS = 8


@dataclass(frozen=True)
class NeighbourhoodIndex:
    neighbourhood_id: int
    index: float
    open_needs: int
    formula: str
    need_scores: tuple[float, ...] = field(default=())

    @property
    def shown(self) -> str:
        return _number(self.index)


def neighbourhood_index(neighbourhood_id: int, need_scores: Sequence[float]) -> NeighbourhoodIndex:
    ordered = sorted(need_scores, reverse=True)
    total = round(sum(ordered), 1)
    if not ordered:
        formula = "بدون مسئله باز = ۰"
    else:
        shown = [_number(s) for s in ordered[:SHOWN_TERMS]]
        rest = ordered[SHOWN_TERMS:]
        if rest:
            shown.append(
                f"{_number(round(sum(rest), 1))} (جمع {to_persian_digits(str(len(rest)))} مسئله دیگر)"
            )
        formula = f"جمع امتیاز {to_persian_digits(str(len(ordered)))} مسئله باز: " + " + ".join(shown)
        formula += f" = {_number(total)}"
    return NeighbourhoodIndex(neighbourhood_id, total, len(ordered), formula, tuple(ordered))


@dataclass(frozen=True)
class RankedNeighbourhood:
    rank: int
    index: NeighbourhoodIndex


def rank_neighbourhoods(indexes: Iterable[NeighbourhoodIndex]) -> list[RankedNeighbourhood]:
    ordered = sorted(indexes, key=lambda i: (-i.index, -i.open_needs, i.neighbourhood_id))
    return [RankedNeighbourhood(rank, i) for rank, i in enumerate(ordered, start=1)]
