"""The measures every scorer and training runner uses, in one place: precision, recall and F1 (of a class, of
each label, of label sets), the threshold that reaches a precision, and the ranking measures of CheckThat! task 2.

Scorers (``presslens eval …``) and the training runners' model choices both read these, so a figure chosen on a
development part and the figure printed on a test part are the same measure.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


@dataclass
class PRF:
    """Precision, recall and F1, with the gold and predicted counts behind them and, optionally, per label."""

    precision: float
    recall: float
    f1: float
    support: int = 0          # gold items
    predicted: int = 0
    per_label: dict[str, "PRF"] = field(default_factory=dict)

    @classmethod
    def from_counts(cls, hits: int, predicted: int, gold: int) -> "PRF":
        precision = hits / predicted if predicted else 0.0
        recall = hits / gold if gold else 0.0
        return cls(precision, recall, f1(precision, recall), support=gold, predicted=predicted)

    def as_dict(self) -> dict:
        data = {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "gold": self.support, "predicted": self.predicted}
        if self.per_label:
            data["per_label"] = {k: v.as_dict() for k, v in sorted(self.per_label.items())}
        return data


def label_prf(gold: Sequence, predicted: Sequence, labels: Iterable) -> dict:
    """P/R/F1 of each of ``labels`` over paired gold and predicted labels (a label never predicted scores 0)."""
    out = {}
    for label in labels:
        hits = sum(g == p == label for g, p in zip(gold, predicted))
        out[label] = PRF.from_counts(hits, sum(p == label for p in predicted), sum(g == label for g in gold))
    return out


def binary_prf(gold: Sequence[bool], predicted: Sequence[bool]) -> PRF:
    """P/R/F1 of the positive class (the official CheckThat! Task 1 measure)."""
    hits = sum(bool(g) and bool(p) for g, p in zip(gold, predicted))
    return PRF.from_counts(hits, sum(map(bool, predicted)), sum(map(bool, gold)))


def set_f1(predicted: set[str], gold: set[str]) -> float:
    """F1 of one item's predicted label set against its gold set (1 when both are empty)."""
    if not predicted and not gold:
        return 1.0
    hits = len(predicted & gold)
    return f1(hits / len(predicted), hits / len(gold)) if hits else 0.0


def accuracy(gold: Sequence, predicted: Sequence) -> float:
    return sum(g == p for g, p in zip(gold, predicted)) / max(len(gold), 1)


# thresholds tried by the choices below: the grid every training runner searched before they shared one function
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


def recall_at_precision(gold: Sequence[bool], scores: np.ndarray, precision: float, thresholds=THRESHOLDS,
                        eligible: np.ndarray | None = None) -> tuple[float, float]:
    """``(recall, threshold)``: the most recall of any threshold whose precision reaches ``precision`` (only the
    ``eligible`` items can be predicted positive, when given); ``(0, 0.5)`` when none does."""
    best = (0.0, 0.5)
    for t in thresholds:
        said = scores >= t
        if eligible is not None:
            said = eligible & said
        prf = binary_prf(list(gold), list(said))
        if prf.predicted and prf.precision >= precision and prf.recall > best[0]:
            best = (prf.recall, float(t))
    return best


def best_f1(gold: Sequence[bool], scores: np.ndarray,
            thresholds=np.round(np.arange(0.1, 0.91, 0.025), 3)) -> tuple[float, float]:
    """``(F1, threshold)`` of the threshold with the best F1 of the positive class."""
    return max((binary_prf(list(gold), list(scores >= t)).f1, float(t)) for t in thresholds)


# --- rankings (CheckThat! task 2: earlier fact-checks) -------------------------

def average_precision_at(ranked: list[str], relevant: set[str], k: int) -> float:
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], 1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    return next((1.0 / rank for rank, doc in enumerate(ranked, 1) if doc in relevant), 0.0)


def precision_at(ranked: list[str], relevant: set[str], k: int) -> float:
    return sum(doc in relevant for doc in ranked[:k]) / k
