"""Scoring non-body detection on labelled article endings.

Two kinds of data:

- hand-written endings, a JSON list of cases ``{"name", "paragraphs": [{"text", "kind"}]}`` where kind is
  ``body`` or a region kind. Each case is the end of an article; a few ordinary body paragraphs are put before
  it so position cues behave as in a real article;
- real endings, ``presslens/labels/real_endings.tsv`` (article keys and offsets into ``../shared/data``): the
  whole article is structured as ``presslens analyze`` would, and the labelled paragraphs are scored.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..document import Document, Span
from ..structure import structure_document
from ..structure.nonbody import KINDS, classify_paragraphs, paragraph_kinds
from .metrics import accuracy, label_prf

RULE_KINDS = ("embed", "teaser")   # set apart by rules (structure/embeds.py, structure/glued.py), scored where labelled

LEAD = [
    "The council met on Tuesday to discuss next year's budget, which has grown by 4 percent since 2023.",
    "Opposition members said the plan ignored the needs of the northern districts and asked for a new vote.",
    "Officials said the final figures would be published in the spring, after the audit is complete.",
]


@dataclass
class NonBodyScores:
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    mixed: int = 0             # labelled units that glue body and furniture together (scored apart)
    mixed_cut: int = 0         # of those, units some furniture was cut out of

    @property
    def accuracy(self) -> float:
        return accuracy(self.gold, self.predicted)

    def per_kind(self) -> dict[str, dict[str, float]]:
        rule_kinds = [k for k in RULE_KINDS if k in self.gold or k in self.predicted]
        scores = label_prf(self.gold, self.predicted, (*KINDS, *rule_kinds, "body"))
        return {kind: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support}
                for kind, s in scores.items()}

    def mean_f1(self) -> float:
        """Mean F1 of the four non-body kinds that occur in the gold labels."""
        per_kind = self.per_kind()
        present = [per_kind[k]["f1"] for k in KINDS if per_kind[k]["support"]]
        return sum(present) / max(len(present), 1)

    def body_set_apart(self) -> float:
        """Share of body paragraphs set apart as something else (each one vanishes from every analysis)."""
        body = [p for g, p in zip(self.gold, self.predicted) if g == "body"]
        return sum(p != "body" for p in body) / max(len(body), 1)

    def table(self) -> str:
        lines = [f"{'kind':12} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
        for kind, s in self.per_kind().items():
            lines.append(f"{kind:12} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['support']:8d}")
        body = sum(g == "body" for g in self.gold)
        lines.append(f"body paragraphs set apart: {self.body_set_apart() * body:.0f} of {body} "
                     f"({self.body_set_apart():.1%})")
        lines.append(f"accuracy {self.accuracy:.3f} over {len(self.gold)} paragraphs")
        if self.mixed:
            lines.append(f"units mixing body and furniture: {self.mixed}, furniture cut out of {self.mixed_cut}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        out = {"per_kind": self.per_kind(), "accuracy": self.accuracy, "body_set_apart": self.body_set_apart(),
               "paragraphs": len(self.gold)}
        if self.mixed:
            out["mixed"] = {"units": self.mixed, "furniture_cut": self.mixed_cut}
        return out


def score_decisions(scores: NonBodyScores, name: str, texts: list[str], kinds: list[str | None],
                    gold: dict[int, str]) -> None:
    """Add one article's decisions (``kinds``, ``None`` for body) on its labelled paragraphs to ``scores``."""
    for i, kind in sorted(gold.items()):
        predicted = kinds[i] or "body"
        scores.gold.append(kind)
        scores.predicted.append(predicted)
        if predicted != kind:
            scores.misses.append((name, kind, predicted, texts[i]))


def evaluate_real_endings(data: str | Path, labels: str | Path | None = None, part: str = "heldout",
                          model=None) -> NonBodyScores:
    """Scores on the real endings of ``part`` (``heldout``: outlets never trained or tuned on)."""
    from .real_endings import REAL_ENDINGS, read_real_endings

    scores = NonBodyScores()
    for article in read_real_endings(data, labels or REAL_ENDINGS):
        if part != "all" and article.part != part:
            continue
        texts = [article.text[p.start:p.end] for p in article.paragraphs]
        # a crosshead keeps its text in the body: scored as body (the labels have no heading kind)
        decided = [None if kind == "heading" else kind for kind in paragraph_kinds(texts, model=model)]
        score_decisions(scores, article.key, texts, decided, article.kinds)
    return scores


def evaluate_nonbody(path: str | Path, model=None) -> NonBodyScores:
    """Scores on hand-written endings (a JSON list of cases)."""
    cases = json.loads(Path(path).read_text(encoding="utf-8"))
    scores = NonBodyScores()
    for case in cases:
        texts = LEAD + [p["text"] for p in case["paragraphs"]]
        gold = {len(LEAD) + i: p["kind"] for i, p in enumerate(case["paragraphs"])}
        score_decisions(scores, case["name"], texts, classify_paragraphs(texts, model), gold)
    return scores


def shown_kind(unit: Span, regions: list[Span]) -> str | None:
    """The kind a reader sees ``unit`` as: the region covering most of it when that is at least half of it (a
    heading stays in the body), else None (body)."""
    best, kind = 0, None
    for region in regions:
        overlap = min(unit.end, region.end) - max(unit.start, region.start)
        if overlap > best:
            best, kind = overlap, region.label
    return kind if kind != "heading" and 2 * best >= unit.end - unit.start else None


def evaluate_glued_endings(data: str | Path, labels: str | Path | None = None, part: str = "heldout"
                           ) -> NonBodyScores:
    """Scores on labelled spans of any extent (``glued_endings.tsv``: the last sentences of articles that came as
    one block), each read as ``presslens analyze`` shows it: the whole article structured, the span taking the
    kind of the region over most of it (:func:`shown_kind`). Units labelled ``mixed`` are counted apart, with how
    many had some furniture cut out."""
    from .real_endings import GLUED_ENDINGS, read_labelled_units

    scores = NonBodyScores()
    for article in read_labelled_units(data, labels or GLUED_ENDINGS):
        if part != "all" and article.part != part:
            continue
        doc = Document(text=article.text)
        structure_document(doc)
        for unit in article.units:
            text = article.text[unit.start:unit.end]
            if unit.label == "mixed":
                scores.mixed += 1
                scores.mixed_cut += any(r.overlaps(unit) and r.label != "heading" for r in doc.regions)
                continue
            predicted = shown_kind(unit, doc.regions) or "body"
            scores.gold.append(unit.label)
            scores.predicted.append(predicted)
            if predicted != unit.label:
                scores.misses.append((article.key, unit.label, predicted, text))
    return scores
