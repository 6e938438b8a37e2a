"""Scoring non-body detection on labelled article endings.

Data: a JSON list of cases ``{"name", "paragraphs": [{"text", "kind"}]}`` where
kind is ``body`` or a region kind. Each case is the end of an article; a few
ordinary body paragraphs are put before it so position cues behave as in a
real article.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..structure.nonbody import classify_paragraphs

LEAD = [
    "The council met on Tuesday to discuss next year's budget, which has grown by 4 percent since 2023.",
    "Opposition members said the plan ignored the needs of the northern districts and asked for a new vote.",
    "Officials said the final figures would be published in the spring, after the audit is complete.",
]
KINDS = ("appeal", "bio", "caption", "boilerplate")


@dataclass
class NonBodyScores:
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.predicted)) / max(len(self.gold), 1)

    def per_kind(self) -> dict[str, dict[str, float]]:
        out = {}
        for kind in (*KINDS, "body"):
            tp = sum(g == p == kind for g, p in zip(self.gold, self.predicted))
            n_pred = sum(p == kind for p in self.predicted)
            n_gold = sum(g == kind for g in self.gold)
            precision = tp / n_pred if n_pred else 0.0
            recall = tp / n_gold if n_gold else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            out[kind] = {"precision": precision, "recall": recall, "f1": f1, "support": n_gold}
        return out

    def table(self) -> str:
        lines = [f"{'kind':12} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
        for kind, s in self.per_kind().items():
            lines.append(f"{kind:12} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['support']:8d}")
        lines.append(f"accuracy {self.accuracy:.3f} over {len(self.gold)} paragraphs")
        return "\n".join(lines)


def evaluate_nonbody(path: str | Path) -> NonBodyScores:
    cases = json.loads(Path(path).read_text(encoding="utf-8"))
    scores = NonBodyScores()
    for case in cases:
        texts = [p["text"] for p in case["paragraphs"]]
        kinds = classify_paragraphs(LEAD + texts)[len(LEAD):]
        for paragraph, kind in zip(case["paragraphs"], kinds):
            predicted = kind or "body"
            scores.gold.append(paragraph["kind"])
            scores.predicted.append(predicted)
            if predicted != paragraph["kind"]:
                scores.misses.append((case["name"], paragraph["kind"], predicted, paragraph["text"]))
    return scores
