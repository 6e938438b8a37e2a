"""The three PTC tasks on one encoder pass: SI (spans), TC (label given spans), FLC (both)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..models.windows import TokenizedText
from .model import TechniqueHeads
from .phrases import cut_at_sentence_ends, sentence_pieces


@dataclass
class FoundSpan:
    start: int
    end: int
    technique: str   # PTC label
    score: float     # P(span) × P(technique | span)
    span_score: float
    technique_score: float
    technique_margin: float = 0.0   # P(technique) - P(the next likeliest): how sure the classifier is of its choice

    def calibration_inputs(self) -> tuple[list[float], list[float]]:
        """What the calibration reads: the three raw scores (as logits) and the classifier's margin (as it is). Not
        the span's length: it orders spans better for the overlap measure (a long span overlaps a gold one more
        easily: log loss 0.549 against 0.559 on dev) but shows readers spans of several sentences."""
        return [self.score, self.span_score, self.technique_score], [self.technique_margin]


# A model without a calibration (the linear model of --fast, a model under evaluation) shows the spans whose raw
# score reaches this: below it the technique named is seldom the one annotators name (on the PTC dev articles 4 %
# of the spans scoring under 0.1 and 15 % of those from 0.1 to 0.2 carry a gold span's technique).
UNCALIBRATED_SHOWN_FROM = 0.2


def reader_scores(model, found: list[FoundSpan]) -> list[tuple[float, bool]]:
    """For each found span, the score a reader is given and whether the views show it: the calibrated probability
    that the span carries its technique and the calibration's threshold (``model.calibration``), else the raw score
    and :data:`UNCALIBRATED_SHOWN_FROM`. ``shown`` is decided on the score as reported (4 decimals), so that a
    report's scores alone say which spans were shown."""
    if model.calibration is None:
        return [(round(f.score, 4), round(f.score, 4) >= UNCALIBRATED_SHOWN_FROM) for f in found]
    if not found:
        return []
    inputs = [f.calibration_inputs() for f in found]
    p = model.calibration.probabilities(np.array([i[0] for i in inputs]).reshape(-1, 3), [f.technique for f in found],
                                        np.array([i[1] for i in inputs]).reshape(len(found), -1))
    return [(round(float(x), 4), round(float(x), 4) >= model.calibration.threshold) for x in p]


def find_techniques(heads: TechniqueHeads, text: str, tokens: TokenizedText, hidden: np.ndarray,
                    threshold: float | None = None) -> list[FoundSpan]:
    """Detected spans, each with its most likely technique (SI + FLC). A span of a technique that does not run
    across sentences (:func:`cut_at_sentence_ends`) is cut at its sentence ends, each piece classified again."""
    detected = heads.detect(text, tokens, hidden, threshold)
    probs = heads.classify(text, tokens, hidden, [(d.start, d.end) for d in detected])
    cut = cut_at_sentence_ends()
    # each span, or the pieces of a span cut at its sentence ends, with the detection score it keeps
    units: list[tuple[int, int, float, np.ndarray | None]] = []
    for span, p in zip(detected, probs):
        pieces = sentence_pieces(text, span.start, span.end) if heads.techniques[int(p.argmax())] in cut else []
        if len(pieces) > 1:
            units += [(s, e, span.score, None) for s, e in pieces]
        else:
            units.append((span.start, span.end, span.score, p))
    again = [(s, e) for s, e, _, p in units if p is None]
    reclassified = iter(heads.classify(text, tokens, hidden, again) if again else ())   # all pieces in one call
    found = []
    for start, end, span_score, p in units:
        p = next(reclassified) if p is None else p
        best = int(p.argmax())
        found.append(FoundSpan(start, end, heads.techniques[best], span_score * float(p[best]), span_score,
                               float(p[best]), _margin(p)))
    return found


def _margin(p: np.ndarray) -> float:
    top = np.sort(p)[::-1]
    return float(top[0] - top[1]) if len(top) > 1 else float(top[0])


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
