"""News calibration of check-worthiness: the debate-trained head's score read beside cues of news prose.

The check-worthiness head learnt from debate speech. In news prose the same score means something else:
reported speech ("the ministry said 40 people had died") is a claim more often than in a debate, and opinion
attributed to someone ("the senator said the period was too long") less often. A small logistic regression
over the head's logit and a few cues of the sentence (a figure, an attribution, quotation marks, first or second
person, a modal or a hedge, how many actors, places and figures the entity layer finds in it, its length) turns
the score into the probability that a news sentence is check-worthy. A second view of the sentence sits beside
the cues: the logit of the head trained with the encoder (out of fold on the calibration articles, recall at
precision 0.82 rose from about 0.55 with the cues alone to 0.61; the whole 768-dimensional vector reached 0.66 but
scored sentences 0 or 1 and read rhetoric such as "Crises for banks and airlines get emergency funds" as a claim).
It is fitted on the calibration half of the project's hand-labelled news sentences (``presslens train claims``);
the test half is never read by it.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..heads.decoders import sigmoid
from ..nlp.entity_kinds import ACTOR_LABELS, FIGURE_LABELS, PLACE_LABELS

CUE_NAMES = ("head_logit", "figure", "attribution", "quotation", "first_or_second_person", "modal",
             "hedge_or_stance", "actors", "places", "figures", "log_words")


@lru_cache(maxsize=1)
def _cues() -> dict:
    table = json.loads((Path(__file__).resolve().parent / "tables" / "news_cues.json").read_text(encoding="utf-8"))
    words = lambda key: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in table[key]) + r")\b",  # noqa: E731
                                   0 if key == "first_or_second_person" else re.IGNORECASE)
    return {"attribution": words("attribution"), "first_or_second_person": words("first_or_second_person"),
            "modal": words("modal"), "hedge_or_stance": words("hedge_or_stance"),
            "actors": set(ACTOR_LABELS), "places": set(PLACE_LABELS), "figures": set(FIGURE_LABELS)}


def sentence_cues(text: str, start: int, end: int, entity_labels: list[str], score: float) -> np.ndarray:
    """The calibration's inputs for the sentence ``text[start:end]`` (``entity_labels``: the spaCy labels of
    the entities inside it) whose head score is ``score``."""
    cues = _cues()
    sentence = text[start:end]
    first_person = cues["first_or_second_person"].findall(sentence)
    p = min(max(score, 1e-6), 1 - 1e-6)
    return np.array([
        math.log(p / (1 - p)),
        float(any(ch.isdigit() for ch in sentence)),
        float(bool(cues["attribution"].search(sentence))),
        float(any(q in sentence for q in "\"“”")),
        float(bool(first_person)),
        float(bool(cues["modal"].search(sentence))),
        float(bool(cues["hedge_or_stance"].search(sentence))),
        min(sum(label in cues["actors"] for label in entity_labels), 3),
        min(sum(label in cues["places"] for label in entity_labels), 3),
        min(sum(label in cues["figures"] for label in entity_labels), 3),
        math.log1p(len(sentence.split())),
    ], dtype=np.float32)


@dataclass
class NewsCalibration:
    mean: np.ndarray
    std: np.ndarray
    w: np.ndarray
    b: float
    second_w: np.ndarray | None = None   # a second view of the sentence vector: the head trained with the encoder
    second_b: float = 0.0

    def inputs(self, cues: np.ndarray, features: np.ndarray) -> np.ndarray:
        """Each sentence's cues (:func:`sentence_cues`), then the second head's logit over its vector."""
        if self.second_w is None:
            return cues
        return np.hstack([cues, (features @ self.second_w + self.second_b)[:, None]]).astype(np.float32)

    def probabilities(self, cues: np.ndarray, features: np.ndarray) -> np.ndarray:
        """P(check-worthy) of each news sentence, from its cues and its ``[mean, max]`` vector."""
        return sigmoid(((self.inputs(cues, features) - self.mean) / self.std) @ self.w + self.b)

    def arrays(self) -> dict:
        out = {"news_mean": self.mean, "news_std": self.std, "news_w": self.w, "news_b": np.float32(self.b)}
        if self.second_w is not None:
            out.update({"news_second_w": self.second_w, "news_second_b": np.float32(self.second_b)})
        return out

    @classmethod
    def from_arrays(cls, arrays: dict) -> "NewsCalibration | None":
        if "news_w" not in arrays:
            return None
        return cls(arrays["news_mean"], arrays["news_std"], arrays["news_w"], float(arrays["news_b"]),
                   arrays.get("news_second_w"), float(arrays.get("news_second_b", 0.0)))
