"""Scorers for SemEval-2020 Task 11 (PTC), written from the task definitions.

SI (span identification), per Da San Martino et al. (2020), with partial
credit by character overlap. With S the predicted and T the gold spans (each
side's overlapping spans merged within an article first, as the task does):

    C(s, t, h) = |s ∩ t| / h
    P(S, T) = 1/|S| · Σ_{s∈S, t∈T} C(s, t, |s|)
    R(S, T) = 1/|T| · Σ_{s∈S, t∈T} C(s, t, |t|)
    F1 = 2PR / (P + R)

FLC (fragment-level classification, the NLP4IF-2019 scorer) is the same with
C multiplied by δ(label(s), label(t)): a span only earns credit from gold
spans of its own technique; spans are merged per article *and technique*.

TC (technique classification of gold spans) is micro-F1 over (article, start,
end) keys: a gold span annotated twice with two techniques needs both
predicted to earn both, as in the official scorer.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from .metrics import PRF, f1 as _f1


def merge_spans(spans) -> list[tuple[int, int]]:
    """Overlapping (or touching-by-overlap) character spans merged into one."""
    merged: list[list[int]] = []
    for s, e in sorted((int(s), int(e)) for s, e in spans if e > s):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _overlap_sums(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[float, float]:
    """Σ |s∩t|/|s| and Σ |s∩t|/|t| over all pairs (both lists merged, so sorted and disjoint)."""
    by_pred = by_gold = 0.0
    j = 0
    for s0, s1 in pred:
        while j < len(gold) and gold[j][1] <= s0:
            j += 1
        k = j
        while k < len(gold) and gold[k][0] < s1:
            t0, t1 = gold[k]
            inter = min(s1, t1) - max(s0, t0)
            if inter > 0:
                by_pred += inter / (s1 - s0)
                by_gold += inter / (t1 - t0)
            k += 1
    return by_pred, by_gold


def si_score(pred: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]) -> PRF:
    """Span identification P/R/F1. Keys are article IDs; both sides are merged per article."""
    sum_p = sum_r = 0.0
    n_pred = n_gold = 0
    for aid in set(pred) | set(gold):
        p = merge_spans(pred.get(aid, []))
        g = merge_spans(gold.get(aid, []))
        n_pred += len(p)
        n_gold += len(g)
        a, b = _overlap_sums(p, g)
        sum_p += a
        sum_r += b
    precision = sum_p / n_pred if n_pred else 0.0
    recall = sum_r / n_gold if n_gold else 0.0
    return PRF(precision, recall, _f1(precision, recall), n_gold, n_pred)


def flc_score(pred: dict[str, list[tuple[int, int, str]]], gold: dict[str, list[tuple[int, int, str]]]) -> PRF:
    """Span + technique P/R/F1 (micro over techniques), with per-technique figures."""
    totals = defaultdict(lambda: [0.0, 0.0, 0, 0])  # label -> sum_p, sum_r, n_pred, n_gold
    for aid in set(pred) | set(gold):
        labels = {l for *_, l in pred.get(aid, [])} | {l for *_, l in gold.get(aid, [])}
        for label in labels:
            p = merge_spans((s, e) for s, e, l in pred.get(aid, []) if l == label)
            g = merge_spans((s, e) for s, e, l in gold.get(aid, []) if l == label)
            a, b = _overlap_sums(p, g)
            t = totals[label]
            t[0] += a
            t[1] += b
            t[2] += len(p)
            t[3] += len(g)
    per_label = {}
    for label, (a, b, n_p, n_g) in totals.items():
        p, r = (a / n_p if n_p else 0.0), (b / n_g if n_g else 0.0)
        per_label[label] = PRF(p, r, _f1(p, r), n_g, n_p)
    sum_p = sum(t[0] for t in totals.values())
    sum_r = sum(t[1] for t in totals.values())
    n_pred = sum(t[2] for t in totals.values())
    n_gold = sum(t[3] for t in totals.values())
    precision = sum_p / n_pred if n_pred else 0.0
    recall = sum_r / n_gold if n_gold else 0.0
    return PRF(precision, recall, _f1(precision, recall), n_gold, n_pred, per_label)


def tc_score(pred: list[tuple[str, int, int, str]], gold: list[tuple[str, int, int, str]]) -> PRF:
    """Micro P/R/F1 of techniques given to gold spans; items are (article, start, end, technique)."""
    gold_at: dict[tuple, Counter] = defaultdict(Counter)
    pred_at: dict[tuple, Counter] = defaultdict(Counter)
    for aid, s, e, label in gold:
        gold_at[(aid, s, e)][label] += 1
    for aid, s, e, label in pred:
        pred_at[(aid, s, e)][label] += 1
    correct = Counter()
    for key, labels in pred_at.items():
        correct.update(labels & gold_at.get(key, Counter()))
    gold_count = Counter(l for c in gold_at.values() for l in c.elements())
    pred_count = Counter(l for c in pred_at.values() for l in c.elements())
    per_label = {}
    for label in set(gold_count) | set(pred_count):
        p = correct[label] / pred_count[label] if pred_count[label] else 0.0
        r = correct[label] / gold_count[label] if gold_count[label] else 0.0
        per_label[label] = PRF(p, r, _f1(p, r), gold_count[label], pred_count[label])
    n_correct, n_pred, n_gold = sum(correct.values()), len(pred), len(gold)
    precision = n_correct / n_pred if n_pred else 0.0
    recall = n_correct / n_gold if n_gold else 0.0
    return PRF(precision, recall, _f1(precision, recall), n_gold, n_pred, per_label)


# --- running the shipped model over a PTC-format folder ------------------------

@dataclass
class PTCResult:
    articles: int
    si: PRF
    tc: PRF | None
    flc: PRF | None
    by_score: list[dict] = field(default_factory=list)   # see score_bins
    shown: dict | None = None                              # see shown_figures (a calibrated model)


SCORE_BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)


def score_bins(found: list[tuple[str, int, int, str, float]], gold: dict[str, list[tuple[int, int, str]]]) -> list[dict]:
    """How often a found span is right, by its score: for the spans whose score falls in each bin, the share that
    overlaps a gold span, and the share that overlaps a gold span of the same technique. What the reports'
    display threshold (``presslens.report.SHOWN_FROM``) was chosen from."""
    bins = []
    for low, high in zip(SCORE_BINS, SCORE_BINS[1:]):
        inside = [(a, s, e, t) for a, s, e, t, score in found if low <= score < high]
        hits = [[g for g in gold.get(a, []) if g[0] < e and s < g[1]] for a, s, e, _ in inside]
        bins.append({"from": low, "to": min(high, 1.0), "spans": len(inside),
                     "overlap_gold": round(sum(map(bool, hits)) / max(1, len(inside)), 3),
                     "same_technique": round(sum(any(g[2] == t for g in h) for (_, _, _, t), h in zip(inside, hits))
                                             / max(1, len(inside)), 3)})
    return bins


RELIABILITY_BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 1.01)


def shown_figures(reader: list[tuple[str, int, int, str, float, bool]],
                  gold: dict[str, list[tuple[int, int, str]]]) -> dict:
    """What a reader is shown, scored: of the shown spans, the share that overlaps a gold span of the same technique
    (precision); of the gold spans, the share overlapped by a shown span of the same technique (recall); and the
    reliability of the calibrated scores, by score bin and per technique (mean score against the share right)."""
    def right(a, s, e, t):
        return any(g[2] == t and g[0] < e and s < g[1] for g in gold.get(a, []))

    marked = [(a, s, e, t, p, shown, right(a, s, e, t)) for a, s, e, t, p, shown in reader]
    shown = [m for m in marked if m[5]]
    by_article: dict[str, list] = {}
    for m in shown:
        by_article.setdefault(m[0], []).append(m)
    n_gold = sum(len(spans) for spans in gold.values())
    found = sum(any(m[3] == t and m[1] < ge and gs < m[2] for m in by_article.get(a, []))
                for a, spans in gold.items() for gs, ge, t in spans)

    def summary(rows):
        return {"spans": len(rows), "mean_score": round(float(np.mean([m[4] for m in rows])), 3) if rows else None,
                "right": round(float(np.mean([m[6] for m in rows])), 3) if rows else None}

    bins = [{"from": low, "to": min(high, 1.0), **summary([m for m in marked if low <= m[4] < high])}
            for low, high in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:])]
    techniques = {}
    for t in sorted({m[3] for m in marked}):
        rows = [m for m in marked if m[3] == t]
        techniques[t] = {**summary(rows), "shown": len([m for m in rows if m[5]]),
                         "shown_right": summary([m for m in rows if m[5]])["right"],
                         "gold": sum(g[2] == t for spans in gold.values() for g in spans)}
    return {"shown": len(shown), "precision": round(float(np.mean([m[6] for m in shown])), 4) if shown else 0.0,
            "recall": round(found / n_gold, 4) if n_gold else 0.0, "gold": n_gold, "found_spans": len(marked),
            "by_score": bins, "by_technique": techniques}


class PTCPredictions:
    """SI, FLC and TC predictions of the technique heads, article by article, and their scores.

    Shared by ``presslens eval ptc`` (ONNX encoder) and training (the PyTorch encoder on dev articles).
    """

    def __init__(self, heads, classify_gold: bool = True, model=None):
        self.heads, self.classify_gold, self.model = heads, classify_gold, model
        self.reader: list[tuple[str, int, int, str, float, bool]] = []   # with a calibrated model: score, shown
        self.si: dict[str, list[tuple[int, int]]] = {}
        self.flc: dict[str, list[tuple[int, int, str]]] = {}
        self.tc: list[tuple[str, int, int, str]] = []
        self.scored: list[tuple[str, int, int, str, float]] = []   # each found span with its score

    def add(self, article_id: str, text: str, tokens, hidden, gold) -> None:
        """Predict one article; ``gold`` (its TC spans) is only read to label those spans (the TC task)."""
        from ...techniques.tasks import find_techniques, label_spans

        found = find_techniques(self.heads, text, tokens, hidden)
        self.si[article_id] = [(f.start, f.end) for f in found]
        self.flc[article_id] = [(f.start, f.end, f.technique) for f in found]
        self.scored += [(article_id, f.start, f.end, f.technique, f.score) for f in found]
        if self.model is not None and self.model.calibration is not None:
            from ...techniques.tasks import reader_scores

            self.reader += [(article_id, f.start, f.end, f.technique, p, shown)
                            for f, (p, shown) in zip(found, reader_scores(self.model, found))]
        if self.classify_gold and gold:
            labels = label_spans(self.heads, text, tokens, hidden, [(g.start, g.end) for g in gold])
            self.tc += [(article_id, g.start, g.end, label) for g, label in zip(gold, labels)]

    def score(self, tc_gold: dict, si_gold: dict | None = None) -> PTCResult:
        """Scores against gold spans by article (TC spans; SI spans default to them), over predicted articles."""
        ids = set(self.si)
        si_gold = si_gold or tc_gold
        si = si_score(self.si, {a: [(g.start, g.end) for g in spans] for a, spans in si_gold.items() if a in ids})
        if not tc_gold:
            return PTCResult(len(ids), si, None, None)
        flc_gold = {a: [(g.start, g.end, g.technique) for g in spans] for a, spans in tc_gold.items() if a in ids}
        tc = tc_score(self.tc, [(a, s, e, t) for a, spans in flc_gold.items() for s, e, t in spans]) \
            if self.classify_gold else None
        return PTCResult(len(ids), si, tc, flc_score(self.flc, flc_gold), score_bins(self.scored, flc_gold),
                         shown_figures(self.reader, flc_gold) if self.reader else None)

    def write(self, out_dir) -> None:
        """The official prediction files: si.labels, flc.labels and tc.labels (IDs without 'article')."""
        from pathlib import Path

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "si.labels").write_text("".join(
            f"{aid}\t{s}\t{e}\n" for aid in sorted(self.si) for s, e in self.si[aid]))
        (out / "flc.labels").write_text("".join(
            f"{aid}\t{t}\t{s}\t{e}\n" for aid in sorted(self.flc) for s, e, t in self.flc[aid]))
        (out / "tc.labels").write_text("".join(f"{aid}\t{t}\t{s}\t{e}\n" for aid, s, e, t in self.tc))


def evaluate_ptc(articles_dir, labels, out_dir=None, split: str | None = None, model_folder=None,
                 progress=None) -> PTCResult:
    """Predict on every article, write the official prediction files, score against gold.

    ``split`` ('heldout', 'dev', 'train') keeps only the articles of that part
    of presslens's fixed split of the PTC training data.
    """
    from ..datasets import read_articles, split_of
    from ...techniques import load_model
    from ..datasets.ptc import by_article, read_labels

    articles = read_articles(articles_dir)
    if split:
        articles = {aid: t for aid, t in articles.items() if split_of(aid) == split}
    tc_gold = by_article(read_labels(labels, "tc"))
    si_gold = by_article(read_labels(labels, "si"))
    model = load_model(str(model_folder) if model_folder else None)
    predictions = PTCPredictions(model.heads, model=model)
    for aid, text in (progress(articles.items()) if progress else articles.items()):
        predictions.add(aid, text, *model.encoder.encode_text(text), tc_gold.get(aid, []))
    if out_dir is not None:
        predictions.write(out_dir)
    return predictions.score(tc_gold, si_gold)
