"""The three PTC tasks on one encoder pass: SI (spans), TC (label given spans), FLC (both)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..models.windows import TokenizedText
from .model import TechniqueHeads


@dataclass
class FoundSpan:
    start: int
    end: int
    technique: str   # PTC label
    score: float     # P(span) × P(technique | span)
    span_score: float
    technique_score: float


def find_techniques(heads: TechniqueHeads, text: str, tokens: TokenizedText, hidden: np.ndarray,
                    threshold: float | None = None) -> list[FoundSpan]:
    """Detected spans, each with its most likely technique (SI + FLC)."""
    detected = heads.detect(text, tokens, hidden, threshold)
    probs = heads.classify(text, tokens, hidden, [(d.start, d.end) for d in detected])
    found = []
    for span, p in zip(detected, probs):
        best = int(p.argmax())
        found.append(FoundSpan(span.start, span.end, heads.techniques[best], span.score * float(p[best]),
                               span.score, float(p[best])))
    return found


def label_spans(heads: TechniqueHeads, text: str, tokens: TokenizedText, hidden: np.ndarray,
                spans: list[tuple[int, int]]) -> list[str]:
    """A technique for each given span (TC). A span listed k times gets its k most likely techniques."""
    counts = Counter(spans)
    unique = list(counts)
    probs = heads.classify(text, tokens, hidden, unique)
    ranked = {span: [heads.techniques[i] for i in np.argsort(-p)] for span, p in zip(unique, probs)}
    seen: Counter = Counter()
    labels = []
    for span in spans:
        labels.append(ranked[span][seen[span] % len(heads.techniques)])
        seen[span] += 1
    return labels
