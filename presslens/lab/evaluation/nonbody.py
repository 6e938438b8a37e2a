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

from ...document import Document, Span
from ...ingest import RawInput, load
from ...structure.nonbody import KINDS, classify_paragraphs, paragraph_kinds
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


def as_analyzed(text: str, second_look=True) -> Document:
    """``text`` structured as ``presslens analyze`` does: at ingestion, then decided again by the encoding stage's
    second look (``second_look``: True for the shipped model, a candidate model, or False for none)."""
    doc = load(RawInput(id="labelled", data=text, kind="text"))   # as presslens analyze ingests a text
    if second_look:
        from ...analyzers.encoding import second_look as look, shipped_second_look
        from ...heads.stage import encode_body_and_apart
        from ...models.encoder import load_shared_encoder

        model = shipped_second_look() if second_look is True else second_look
        if model is not None:
            look(doc, *encode_body_and_apart(doc, load_shared_encoder()), model)
    return doc


def kinds_as_analyzed(text: str, paragraphs: list[Span], second_look=True) -> list[str | None]:
    """The kind a reader sees each of ``paragraphs`` in (:func:`shown_kind`) after :func:`as_analyzed`."""
    regions = as_analyzed(text, second_look).regions
    return [shown_kind(p, regions) for p in paragraphs]


def evaluate_real_endings(data: str | Path, labels: str | Path | None = None, part: str = "heldout",
                          model=None, second_look=None) -> NonBodyScores:
    """Scores on the real endings of ``part`` (``heldout``: outlets never trained or tuned on): the paragraph
    classifier ``model`` alone (the shipped one by default; False: the cue rules alone) when ``second_look`` is
    None, else the whole article as ``presslens analyze`` shows it (:func:`as_analyzed`; ``second_look`` True: the
    shipped second-look model, a candidate model, or False: the decision at ingestion alone)."""
    from .real_endings import REAL_ENDINGS, read_real_endings

    scores = NonBodyScores()
    for article in read_real_endings(data, labels or REAL_ENDINGS):
        if part != "all" and article.part != part:
            continue
        texts = [article.text[p.start:p.end] for p in article.paragraphs]
        if second_look is not None:
            decided = kinds_as_analyzed(article.text, article.paragraphs, second_look)
        else:   # a crosshead keeps its text in the body: scored as body (the labels have no heading kind)
            decided = [None if kind == "heading" else kind for kind in paragraph_kinds(texts, model=model)]
        score_decisions(scores, article.key, texts, decided, article.kinds)
    return scores


def evaluate_nonbody(path: str | Path, model=None, second_look=None) -> NonBodyScores:
    """Scores on hand-written endings (a JSON list of cases), as :func:`evaluate_real_endings` makes them."""
    cases = json.loads(Path(path).read_text(encoding="utf-8"))
    scores = NonBodyScores()
    for case in cases:
        texts = LEAD + [p["text"] for p in case["paragraphs"]]
        gold = {len(LEAD) + i: p["kind"] for i, p in enumerate(case["paragraphs"])}
        if second_look is not None:
            text, spans = joined(texts)
            decided = kinds_as_analyzed(text, spans, second_look)
        else:
            decided = classify_paragraphs(texts, model)
        score_decisions(scores, case["name"], texts, decided, gold)
    return scores


def joined(texts: list[str]) -> tuple[str, list[Span]]:
    """One text of ``texts`` as paragraphs (a blank line between them) and each one's span."""
    spans, at = [], 0
    for text in texts:
        spans.append(Span(at, at + len(text)))
        at += len(text) + 2
    return "\n\n".join(texts), spans


def shown_kind(unit: Span, regions: list[Span]) -> str | None:
    """The kind a reader sees ``unit`` as: the region covering most of it when that is at least half of it (a
    heading stays in the body), else None (body)."""
    best, kind = 0, None
    for region in regions:
        overlap = min(unit.end, region.end) - max(unit.start, region.start)
        if overlap > best:
            best, kind = overlap, region.label
    return kind if kind != "heading" and 2 * best >= unit.end - unit.start else None


def evaluate_glued_endings(data: str | Path, labels: str | Path | None = None, part: str = "heldout",
                           second_look=None) -> NonBodyScores:
    """Scores on labelled spans of any extent (``glued_endings.tsv``: the last sentences of articles that came as
    one block), each read as ``presslens analyze`` shows it: the whole article structured, the span taking the
    kind of the region over most of it (:func:`shown_kind`). Units labelled ``mixed`` are counted apart, with how
    many had some furniture cut out. ``second_look`` as :func:`evaluate_real_endings` takes it."""
    from .real_endings import GLUED_ENDINGS, read_labelled_units

    scores = NonBodyScores()
    for article in read_labelled_units(data, labels or GLUED_ENDINGS):
        if part != "all" and article.part != part:
            continue
        doc = as_analyzed(article.text, second_look)
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
