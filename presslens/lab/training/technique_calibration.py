"""Calibrating the technique model's scores and choosing what a reader is shown, on articles it never trained on.

    presslens train technique-calibration --data ../shared/data/ptc2020/train --model presslens/models/techniques

The encoder and its heads were fitted on the PTC articles of the ``train`` part; the ``dev`` part (10 %, never
trained on; it chose the span threshold) is read here through the shipped model, each found span marked right when
it overlaps a gold span of the same technique. A logistic regression over the logits of its three raw scores
(span × technique, span, technique) and the classifier's margin, and one intercept per technique (C = 0.1: 645
spans, some techniques a handful) gives P(right). By 5-fold cross-validation by article on the dev spans the margin
adds a little (log loss 0.5597 → 0.5591); the span's length adds more (0.549) but only because a long span overlaps
a gold one more easily, and it put spans of several sentences in front of readers: left out; the display threshold is the lowest whose dev precision reaches :data:`TARGET_PRECISION`. The
``heldout`` part is never read here: ``presslens eval ptc --split heldout`` scores what this chose.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...heads.calibration import ScoreCalibration, logits

C = 0.1
# The target is 0.35 of shown spans right on held-out articles; dev is small (43 articles), so aim higher
TARGET_PRECISION = 0.38
THRESHOLDS = np.round(np.arange(0.10, 0.801, 0.01), 2)
MIN_SHOWN = 30       # a threshold that shows fewer dev spans than this is too noisy to choose


def found_spans(model, articles: dict[str, str], gold: dict) -> list[tuple]:
    """``(article, start, end, technique, (scores, extra), right)`` of every span found (:meth:`FoundSpan.calibration_inputs`)."""
    from rich.progress import track

    from ...techniques.tasks import find_techniques

    rows = []
    for aid, text in track(list(articles.items()), description="reading articles", transient=True):
        tokens, hidden = model.encoder.encode_text(text)
        spans = gold.get(aid, [])
        for f in find_techniques(model.heads, text, tokens, hidden):
            right = any(g.technique == f.technique and g.start < f.end and f.start < g.end for g in spans)
            rows.append((aid, f.start, f.end, f.technique, f.calibration_inputs(), right))
    return rows


def fit_calibration(rows: list[tuple], techniques: list[str]) -> ScoreCalibration:
    from sklearn.linear_model import LogisticRegression

    scores, extra = np.array([r[4][0] for r in rows]), np.array([r[4][1] for r in rows])
    x = np.hstack([logits(scores), extra, np.array([[r[3] == t for t in techniques] for r in rows], dtype=float)])
    y = np.array([r[5] for r in rows], dtype=int)
    model = LogisticRegression(C=C, max_iter=3000).fit(x, y)
    w, n = model.coef_[0], scores.shape[1] + extra.shape[1]
    return ScoreCalibration(w[:n], float(model.intercept_[0]), dict(zip(techniques, w[n:].tolist())), 1.0)


def choose_threshold(probabilities: np.ndarray, right: np.ndarray) -> tuple[float, float, int]:
    """The lowest threshold whose spans are right at :data:`TARGET_PRECISION` (at least :data:`MIN_SHOWN` of them),
    with that precision and count; else the most precise one."""
    rows = [(float(t), float(right[probabilities >= t].mean()), int((probabilities >= t).sum()))
            for t in THRESHOLDS if (probabilities >= t).sum() >= MIN_SHOWN]
    good = [r for r in rows if r[1] >= TARGET_PRECISION]
    return min(good) if good else max(rows, key=lambda r: r[1])


def fit(data: Path, out: Path, log=print) -> dict:
    from ..datasets import read_articles, split_of
    from ...techniques import load_model
    from ..datasets.ptc import by_article, read_labels

    data, out = Path(data), Path(out)
    model = load_model(str(out), calibrated=False)
    articles = {aid: text for aid, text in read_articles(data / "articles").items() if split_of(aid) == "dev"}
    gold = by_article(read_labels(data, "tc"))
    rows = found_spans(model, articles, gold)
    right = np.array([r[5] for r in rows])
    log(f"{len(articles)} dev articles (never trained on): {len(rows)} spans found, {right.mean():.3f} of them right")
    calibration = fit_calibration(rows, list(model.heads.techniques))
    p = calibration.probabilities(np.array([r[4][0] for r in rows]), [r[3] for r in rows], np.array([r[4][1] for r in rows]))
    threshold, precision, shown = choose_threshold(p, right)
    calibration.threshold = threshold
    calibration.meta = {"fitted_on": f"{len(articles)} PTC dev articles, {len(rows)} spans", "C": C,
                        "target_precision": TARGET_PRECISION, "dev_precision": round(precision, 4), "dev_shown": shown,
                        "features": ["logit score", "logit span_score", "logit technique_score", "technique_margin"]}
    (out / "calibration.json").write_text(calibration.to_json())
    log(f"display threshold {threshold}: {shown} dev spans shown, {precision:.3f} right; written to {out / 'calibration.json'}")
    return {"threshold": threshold, "dev_precision": precision}


def write_model_card(data, out, result: dict, command: str, log=print) -> None:
    """The calibration's figures are scored on held-out articles by ``presslens eval ptc --split heldout`` (the
    README's reliability table); nothing more is written here."""
    log(f"score it: presslens eval ptc --articles {Path(data) / 'articles'} --labels {data} --split heldout")
