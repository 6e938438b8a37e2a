"""The three PTC tasks on one encoder pass: SI (spans), TC (label given spans), FLC (both)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from functools import lru_cache
from pathlib import Path

import numpy as np

from ..models.windows import TokenizedText
from .data import sentence_ends
from .model import TechniqueHeads, says_nothing, trim_dangling, word_aligned


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


CROSSING_TABLE = Path(__file__).resolve().parent / "tables" / "sentence_crossing.tsv"
# A technique whose gold spans run across a sentence end less often than this is cut at sentence ends when found
# (loaded language 1 %, name calling 1 %: a found span that crosses one ran on); doubt (18 %), appeal to authority
# (21 %) and the other argument-shaped techniques may cross, as the annotators let them.
CUT_BELOW = 0.05


@lru_cache(maxsize=1)
def cut_at_sentence_ends() -> frozenset[str]:
    """The techniques whose found spans are cut at sentence ends (``CROSSING_TABLE`` under ``CUT_BELOW``)."""
    rows = [line.split("\t") for line in CROSSING_TABLE.read_text().splitlines()
            if line.strip() and not line.startswith("#")][1:]
    return frozenset(t for t, _, share in rows if float(share) < CUT_BELOW)


def sentence_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut after each sentence end inside it, each piece trimmed to whole words without dangling
    words; pieces that say nothing are dropped."""
    cuts = sentence_ends(text, start, end)
    pieces = []
    for s, e in zip([start] + cuts, cuts + [end]):
        s, e = trim_dangling(text, *word_aligned(text, s, e))
        while e > s and text[e - 1] in ". ":   # the stop that ended the sentence is not part of the wording
            e -= 1
        if e > s and not says_nothing(text[s:e]):
            pieces.append((s, e))
    return pieces


def find_techniques(heads: TechniqueHeads, text: str, tokens: TokenizedText, hidden: np.ndarray,
                    threshold: float | None = None) -> list[FoundSpan]:
    """Detected spans, each with its most likely technique (SI + FLC). A span of a technique that does not run
    across sentences (:func:`cut_at_sentence_ends`) is cut at its sentence ends, each piece classified again."""
    detected = heads.detect(text, tokens, hidden, threshold)
    probs = heads.classify(text, tokens, hidden, [(d.start, d.end) for d in detected])
    found = []
    cut = cut_at_sentence_ends()
    for span, p in zip(detected, probs):
        best = int(p.argmax())
        pieces = sentence_pieces(text, span.start, span.end) if heads.techniques[best] in cut else []
        if len(pieces) > 1:
            for (s, e), q in zip(pieces, heads.classify(text, tokens, hidden, pieces)):
                k = int(q.argmax())
                found.append(FoundSpan(s, e, heads.techniques[k], span.score * float(q[k]), span.score, float(q[k]),
                                       _margin(q)))
            continue
        found.append(FoundSpan(span.start, span.end, heads.techniques[best], span.score * float(p[best]),
                               span.score, float(p[best]), _margin(p)))
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


# A span that ends on one of these (a modifier: adjective, determiner, possessive, number) has stopped before the
# noun it belongs to; these may stand between it and that noun.
MODIFIER_TAGS = frozenset(("JJ", "JJR", "JJS", "DT", "PRP$", "CD", "PDT"))
BETWEEN_TAGS = frozenset(("JJ", "JJR", "JJS", "HYPH", "VBN", "VBG", "CD", "NN", "NNS", "NNP", "NNPS"))
NOUN_TAGS = frozenset(("NN", "NNS", "NNP", "NNPS"))
MAX_CARRY = 4   # words a span is carried over at most


def to_head_noun(text: str, tokens: list, start: int, end: int) -> int:
    """The end of ``text[start:end]`` carried to the noun its last word modifies ("a horrible" → "a horrible
    concept"), when the parse (``tokens``: spans labelled with Penn Treebank tags, sorted) shows one within
    :data:`MAX_CARRY` words and no punctuation between; else ``end``."""
    from bisect import bisect_left

    index = bisect_left([t.end for t in tokens], end)
    if index >= len(tokens) or tokens[index].end != end or tokens[index].label not in MODIFIER_TAGS:
        return end
    carried = end
    for token in tokens[index + 1:index + 1 + MAX_CARRY]:
        if token.label not in BETWEEN_TAGS or any(c in text[carried:token.start] for c in ",;:.!?()\"“”\n"):
            break
        carried = token.end
        following = tokens[tokens.index(token) + 1] if tokens.index(token) + 1 < len(tokens) else None
        if token.label in NOUN_TAGS and (following is None or following.label not in NOUN_TAGS):
            return carried
    return end


ADJECTIVE_TAGS = frozenset(("JJ", "JJR", "JJS"))
JOINING_TAGS = frozenset(("CC", "DT", "JJ", "JJR", "JJS", "RB", "HYPH"))
MAX_JOIN_WORDS = 2


def from_phrase_start(text: str, tokens: list, start: int) -> int:
    """The start of a span that begins on a noun carried back over the adjectives right before it ("reckless
    [bureaucrats]" → "[reckless bureaucrats]"), never past punctuation; else ``start``."""
    from bisect import bisect_left

    index = bisect_left([t.start for t in tokens], start)
    if index >= len(tokens) or tokens[index].start != start or tokens[index].label not in NOUN_TAGS:
        return start
    carried = start
    for token in reversed(tokens[max(0, index - MAX_CARRY):index]):
        if token.label not in ADJECTIVE_TAGS or any(c in text[token.end:carried] for c in ",;:.!?()\"“”\n"):
            break
        carried = token.start
    return carried


def merge_split_phrases(text: str, tokens: list, found: list[FoundSpan]) -> list[FoundSpan]:
    """Two spans of one technique that the parse shows to be one phrase split in two ("[reckless] and [shameful]
    budget": at most two joining words between them, no punctuation) become one, with the higher scores."""
    from bisect import bisect_left

    starts = [t.start for t in tokens]
    out: list[FoundSpan] = []
    for span in sorted(found, key=lambda f: (f.start, f.end)):
        previous = out[-1] if out else None
        if previous is not None and previous.technique == span.technique and previous.end <= span.start:
            gap = text[previous.end:span.start]
            between = tokens[bisect_left(starts, previous.end):bisect_left(starts, span.start)]
            if (len(between) <= MAX_JOIN_WORDS and all(t.label in JOINING_TAGS for t in between)
                    and not any(c in gap for c in ",;:.!?()\"“”\n")):
                best = max(previous, span, key=lambda f: f.score)
                out[-1] = FoundSpan(previous.start, span.end, span.technique, best.score, best.span_score,
                                    best.technique_score, best.technique_margin)
                continue
        out.append(span)
    return out
