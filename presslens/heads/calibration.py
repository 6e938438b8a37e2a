"""Calibrated probabilities: what a head's raw scores mean, measured on articles it never trained on.

A finding's raw scores (a span detector's confidence, a classifier's probability, their product) rank findings
but are not probabilities of being right, and not alike across labels: the technique heads' 0.4 is right 40 % of
the time for loaded language and under 10 % for repetition. A :class:`ScoreCalibration` is a logistic regression
over the logits of the raw scores and one intercept per label, fitted on findings of held-out articles marked right
or wrong (``presslens train technique-calibration``); its probability is the report's ``score``, and a finding is
``shown`` when it reaches the ``threshold`` chosen on those articles for the precision of what a reader sees.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .decoders import sigmoid


def logits(scores) -> np.ndarray:
    p = np.clip(np.asarray(scores, dtype=np.float64), 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


@dataclass
class ScoreCalibration:
    w: np.ndarray                      # weights of the raw scores' logits, then of the extra features
    b: float
    label_b: dict[str, float]          # each label's own intercept (a label not listed: 0)
    threshold: float                   # a finding is shown at or over this probability
    meta: dict = field(default_factory=dict)   # how it was fitted (articles, precision chosen for, ...)

    def probabilities(self, scores: np.ndarray, labels: list[str], extra: np.ndarray | None = None) -> np.ndarray:
        """``[n]`` probabilities of ``[n, n_scores]`` raw scores (read as logits) with their labels, and ``extra``
        ``[n, k]`` features read as they are (the weights after the scores' weigh them)."""
        if not len(labels):
            return np.zeros(0)
        x = logits(scores)
        if extra is not None and len(self.w) > x.shape[1]:
            x = np.hstack([x, np.asarray(extra, dtype=np.float64)[:, :len(self.w) - x.shape[1]]])
        z = x @ self.w + self.b + np.array([self.label_b.get(label, 0.0) for label in labels])
        return sigmoid(z)

    def to_json(self) -> str:
        return json.dumps({"w": [round(float(x), 6) for x in self.w], "b": round(float(self.b), 6),
                           "label_b": {k: round(float(v), 6) for k, v in self.label_b.items()},
                           "threshold": self.threshold, **self.meta}, indent=2) + "\n"

    @classmethod
    def read(cls, path: Path) -> "ScoreCalibration | None":
        """The calibration in ``path``, or None when there is none (a model shipped without one)."""
        if not Path(path).is_file():
            return None
        data = json.loads(Path(path).read_text())
        meta = {k: v for k, v in data.items() if k not in ("w", "b", "label_b", "threshold")}
        return cls(np.asarray(data["w"], dtype=np.float64), float(data["b"]), dict(data["label_b"]),
                   float(data["threshold"]), meta)
