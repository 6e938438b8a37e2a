"""Scoring the quantity reader (``presslens eval quantities``) on sentences written with their expected readings.

``presslens/lab/evaluation/data/quantities.jsonl`` holds 100 news sentences written for this test by someone who had not
read the reader's code, from a specification of what it should return (the data README): each line
``{"sentence", "quantities": [{"text", "value", "high", "bound", "unit"}]}``. A sentence is read as expected when
the reader finds exactly its quantities (none, for a sentence with only years, ordinals or names with digits), each
over the same words with the same value, high end, bound and unit.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ...claims.quantities import Quantity, find_quantities
from ..datasets import label_lines
from ...errors import InvalidRecord

DEFAULT_SET = Path(__file__).resolve().parent / "data" / "quantities.jsonl"
FIELDS = ("text", "value", "high", "bound", "unit")


@dataclass
class QuantityScores:
    sentences: int = 0
    as_expected: int = 0
    expected: int = 0
    found: int = 0
    fields_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[tuple[str, list[dict], list[dict]]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.as_expected / self.sentences if self.sentences else 0.0

    def as_dict(self) -> dict:
        return {"sentences": self.sentences, "as_expected": self.as_expected, "rate": round(self.rate, 4),
                "quantities_expected": self.expected, "quantities_found": self.found,
                "fields_right": {k: round(v / self.expected, 4) if self.expected else 0.0
                                 for k, v in self.fields_right.items()}}


def read_written(path: str | Path = DEFAULT_SET) -> list[dict]:
    rows = []
    for number, line in label_lines(path):
        try:
            row = json.loads(line)
            sentence, quantities = row["sentence"], row["quantities"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidRecord(f"{path}: line {number} is not a written sentence ({exc})") from None
        for q in quantities:
            missing = [k for k in ("text", "value", "bound") if not isinstance(q, dict) or k not in q]
            if missing:
                raise InvalidRecord(f"{path}: line {number}: a quantity without {', '.join(missing)}")
            if q["text"] not in sentence:
                raise InvalidRecord(f"{path}: line {number}: {q['text']!r} is not in its sentence")
        rows.append(row)
    return rows


def reading(q: Quantity) -> dict:
    return {"text": q.text, "value": q.value, "high": q.high, "bound": q.bound, "unit": q.unit}


def _same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-3, abs_tol=0.01)


def _agree(expected: dict, found: dict) -> dict[str, bool]:
    return {"text": expected["text"] == found["text"], "value": _same_number(expected["value"], found["value"]),
            "high": _same_number(expected.get("high"), found["high"]), "bound": expected["bound"] == found["bound"],
            "unit": (expected.get("unit") or None) == (found["unit"] or None)}


def evaluate_quantities(path: str | Path = DEFAULT_SET) -> QuantityScores:
    scores = QuantityScores()
    for row in read_written(path):
        sentence, expected = row["sentence"], row["quantities"]
        found = [reading(q) for q in find_quantities(sentence)]
        scores.sentences += 1
        scores.expected += len(expected)
        scores.found += len(found)
        right = len(found) == len(expected)
        for want in expected:
            # the found quantity over the same words, else the one that overlaps it most
            start = sentence.find(want["text"])
            overlapping = [f for f in found if sentence.find(f["text"]) < start + len(want["text"])
                           and start < sentence.find(f["text"]) + len(f["text"])]
            match = next((f for f in found if f["text"] == want["text"]), overlapping[0] if overlapping else None)
            agree = _agree(want, match) if match else dict.fromkeys(FIELDS, False)
            for name, ok in agree.items():
                scores.fields_right[name] += ok
            right = right and all(agree.values())
        scores.as_expected += right
        if not right:
            scores.misses.append((sentence, expected, found))
    return scores
