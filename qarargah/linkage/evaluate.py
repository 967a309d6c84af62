"""Accuracy of a linkage against known truth: pairwise precision and recall.

A pair of records is *predicted linked* when both records are in one cluster through code,
automatic or manual links (the review queue is not a link until a person decides), and *truly
linked* when both belong to one true person.  Counting is done per cluster with sizes, never
by enumerating pairs, so it runs on a million records.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from qarargah.linkage.engine import LinkResult


@dataclass(frozen=True)
class Accuracy:
    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    precision: float
    recall: float
    review_records: int
    review_share: float
    # The same, for true pairs in which at least one record has no valid national code.
    no_code_true_pairs: int
    no_code_recall: float
    no_code_precision: float

    def lines(self) -> list[str]:
        return [
            f"records {self.records:,}; true pairs {self.true_pairs:,}; predicted pairs {self.predicted_pairs:,}",
            f"precision {self.precision:.4f}  recall {self.recall:.4f}",
            f"pairs with a missing or wrong code: true {self.no_code_true_pairs:,}, "
            f"precision {self.no_code_precision:.4f}  recall {self.no_code_recall:.4f}",
            f"review queue: {self.review_records:,} records ({self.review_share:.2%})",
        ]


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def evaluate(
    result: LinkResult, truth: Mapping[str, str], records: list[dict[str, Any]] | None = None
) -> Accuracy:
    """Pairwise precision/recall of ``result`` against ``truth`` (key → true person).

    ``records`` (the clean records linked) lets the figures be split for pairs where a code
    is missing or wrong: pairs among records of one person that do not all share one code.
    """
    keys = list(truth)
    cluster = result.clusters
    true_sizes = Counter(truth[k] for k in keys)
    pred_sizes = Counter(cluster[k] for k in keys)
    both = Counter((cluster[k], truth[k]) for k in keys)
    true_pairs = sum(_pairs(n) for n in true_sizes.values())
    predicted = sum(_pairs(n) for n in pred_sizes.values())
    correct = sum(_pairs(n) for n in both.values())

    # Pairs where the code cannot have linked them: within a true person, pairs whose records
    # do not both carry the same valid code.
    no_code_true = no_code_correct = no_code_pred = 0
    if records is not None:
        code = {r["key"]: r.get("national_code") or "" for r in records}
        by_person_code = Counter((truth[k], code[k]) for k in keys if code[k])
        same_code_pairs = sum(_pairs(n) for n in by_person_code.values())
        no_code_true = true_pairs - same_code_pairs
        same_code_correct = Counter((cluster[k], truth[k], code[k]) for k in keys if code[k])
        no_code_correct = correct - sum(_pairs(n) for n in same_code_correct.values())
        same_code_pred = Counter((cluster[k], code[k]) for k in keys if code[k])
        no_code_pred = predicted - sum(_pairs(n) for n in same_code_pred.values())
    review_records = sum(1 for k in keys if result.match.get(k) == "review")
    return Accuracy(
        records=len(keys),
        true_pairs=true_pairs,
        predicted_pairs=predicted,
        correct_pairs=correct,
        precision=correct / predicted if predicted else 1.0,
        recall=correct / true_pairs if true_pairs else 1.0,
        review_records=review_records,
        review_share=review_records / len(keys) if keys else 0.0,
        no_code_true_pairs=no_code_true,
        no_code_recall=no_code_correct / no_code_true if no_code_true else 1.0,
        no_code_precision=no_code_correct / no_code_pred if no_code_pred else 1.0,
    )
