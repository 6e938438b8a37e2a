"""The check-worthiness head over the shared encoder, chosen and calibrated on data unlike its training data.

    presslens train claims --data ../shared/data --out presslens/models/claims

- **Fit, by time:** ClaimBuster's crowdsourced debate sentences (the CheckThat! 2024 train file, dated by their
  transcript) *before 2012*. Two heads compete: the one trained with the encoder (``trained_head.npz``, written by
  ``presslens train encoder``) and a logistic regression refitted here over the exported int8 encoder's sentence
  vectors; the 2012 debates choose between them (F1 of the check-worthy class).
- **Thresholds:** news prose is not debate speech, so the threshold the ``claims`` analysis uses is calibrated on
  the ``calibration`` half of the hand-labelled news sentences (``presslens/labels/news_checkworthiness.tsv``):
  the lowest threshold whose precision reaches 0.80, i.e. the most recall at that precision. The threshold of
  ``presslens eval checkworthiness`` on debate sentences is the one of best F1 on the 2012 debates.
- **Held out, scored once for the card:** the 2016 debates (never read before), the news ``test`` half, the
  CheckThat! 2023 test file (``CT24_checkworthy_english_dev-test.tsv``) and ClaimBuster's expert ground truth
  (``CT24_checkworthy_english_dev.tsv``); LIAR's validation statements for recall.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ...claims.data import read_claimbuster
from ...claims.model import CheckworthinessHead, sentence_features
from ..evaluation.metrics import THRESHOLDS, best_f1, binary_prf, recall_at_precision
from ..datasets.corpora import LABELS_DIR, configured_path, portable_path
from ...heads.files import write_head
from ...models.provenance import save_model_card

C_GRID = (0.003, 0.01, 0.03, 0.1)
FIT_BEFORE, TUNE_YEAR, TEST_YEAR = 2012, 2012, 2016
NEWS_PRECISION = 0.80
NEWS_MARGIN = 0.02      # the threshold is chosen for 0.82 out of fold, so that unseen news keeps 0.80
NEWS_C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
CHECKTHAT = "checkthat2024_t1_en/train"
FILES = {"dev": "CT24_checkworthy_english_dev.tsv", "dev-test": "CT24_checkworthy_english_dev-test.tsv"}


def best_threshold(gold, probabilities) -> tuple[float, float]:
    """(F1, threshold) of the threshold with the best F1."""
    return best_f1(gold, probabilities, THRESHOLDS)


def fit(data: Path, out: Path, seed: int = 13, log=print, labels: Path | None = None) -> dict:
    from rich.progress import track
    from sklearn.linear_model import LogisticRegression

    from ..evaluation.news_checkworthiness import read_news_labels
    from ...models.encoder import encoder_beside, load_shared_encoder

    started = time.time()
    debates = read_claimbuster(data / "claimbuster" / "crowdsourced.csv")
    fit_part = [s for s in debates if s.year < FIT_BEFORE]
    tune_part = [s for s in debates if s.year == TUNE_YEAR]
    log(f"{len(fit_part):,} debate sentences before {FIT_BEFORE} fit the head; {len(tune_part):,} of {TUNE_YEAR} tune it")
    encoder_dir = encoder_beside(out)
    encoder = load_shared_encoder(encoder_dir)
    progress = lambda items: track(items, description="encoding sentences", transient=True)  # noqa: E731
    x_fit = sentence_features(encoder, [s.text for s in fit_part], progress)
    x_tune = sentence_features(encoder, [s.text for s in tune_part], progress)
    y_fit = np.array([s.check_worthy for s in fit_part])
    y_tune = np.array([s.check_worthy for s in tune_part])

    candidates: dict[str, CheckworthinessHead] = {}
    mean, std = x_fit.mean(axis=0), x_fit.std(axis=0) + 1e-6
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=3000, random_state=seed).fit((x_fit - mean) / std, y_fit)
        candidates[f"logistic regression, C={c}"] = CheckworthinessHead(
            mean.astype(np.float32), std.astype(np.float32), model.coef_[0].astype(np.float32),
            float(model.intercept_[0]), 0.5)
    trained = out / "trained_head.npz"
    if trained.is_file():
        with np.load(trained) as arrays:
            dim = arrays["w"].shape[0]
            candidates["trained with the encoder"] = CheckworthinessHead(
                np.zeros(dim, np.float32), np.ones(dim, np.float32), arrays["w"].astype(np.float32), float(arrays["b"]), 0.5)
    tuned = {name: best_threshold(y_tune, head.probabilities(x_tune)) for name, head in candidates.items()}
    for name, (f1, threshold) in tuned.items():
        log(f"  {name}: {TUNE_YEAR} debates F1 {f1:.3f} at threshold {threshold}")
    chosen = max(tuned, key=lambda n: tuned[n][0])
    head = candidates[chosen]
    tune_f1, debate_threshold = tuned[chosen]

    arrays = {"mean": head.mean, "std": head.std, "w": head.w, "b": np.float32(head.b)}
    config = write_head(out, "head.npz", arrays, {
        "threshold": 0.5, "debate_threshold": debate_threshold, "head": chosen, "tune_f1": round(tune_f1, 4),
        "fit_sentences": len(fit_part), "tune_sentences": len(tune_part), "seed": seed})

    # News prose: the head's score read beside cues of the sentence and the logit of the head trained with the
    # encoder (a second view of the same vector), fitted on the calibration half of the hand-labelled news
    # sentences, each read through the whole analysis (spaCy sentences, one encoder pass).
    from ...claims.model import load_model

    load_model.cache_clear()
    news_labels = (Path(labels) if labels else LABELS_DIR) / "news_checkworthiness.tsv"
    calibration = [s for s in read_news_labels(news_labels) if s.part == "calibration"]
    second = candidates.get("trained with the encoder")
    second_w, second_b = (second.w, second.b) if second is not None else (None, 0.0)
    cues, eligible, gold, groups = calibration_cues(calibration, data, out, second_w, second_b)
    news, threshold, chosen_news = fit_news_calibration(cues, eligible, gold, groups, seed)
    if news is not None:
        news.second_w, news.second_b = second_w, second_b
        np.savez_compressed(out / "head.npz", **arrays, **news.arrays())
    config.update({"threshold": threshold, "news_labels": portable_path(news_labels), "news_calibration_sentences": len(calibration),
                   **chosen_news, "minutes": round((time.time() - started) / 60, 1)})
    log(f"chosen: {chosen}; debate threshold {debate_threshold} ({TUNE_YEAR} F1 {tune_f1:.3f}); news calibration "
        f"{chosen_news}")
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    load_model.cache_clear()
    return config


def calibration_cues(sentences, data: Path, head_folder: Path, second_w=None, second_b: float = 0.0):
    """The news calibration's inputs for each labelled sentence (scored by the head in ``head_folder``, not yet
    calibrated; beside the cues, the logit of the second head ``second_w``/``second_b`` where there is one),
    whether it may be a claim at all, its label and its article."""
    from ...claims.cards import scored_sentences, sentence_cues_of, sentence_vectors
    from ...claims.news import NewsCalibration
    from ..evaluation.news_checkworthiness import analysed_articles

    view = NewsCalibration(np.zeros(0), np.zeros(0), np.zeros(0), 0.0, second_w, second_b)
    cues, eligible = None, np.zeros(len(sentences), dtype=bool)
    for doc, wanted in analysed_articles(sentences, data, head_folder):
        scored = scored_sentences(doc)
        inputs = view.inputs(sentence_cues_of(doc, np.array([score for _, score, _ in scored])), sentence_vectors(doc))
        if cues is None:
            cues = np.zeros((len(sentences), inputs.shape[1]), dtype=np.float32)
        for row, (span, _, ok) in zip(inputs, scored):
            for index in wanted.get((span.start, span.end), []):
                cues[index], eligible[index] = row, ok
    gold = np.array([s.check_worthy for s in sentences])
    return cues, eligible, gold, np.array([s.article for s in sentences])


def fit_news_calibration(cues, eligible, gold, groups, seed: int):
    """The news calibration (C by grouped cross-validation over articles, the threshold from the out-of-fold
    probabilities at precision NEWS_PRECISION + NEWS_MARGIN), fitted on all calibration sentences; ``None``
    when there are too few to fit one."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from ...claims.news import CUE_NAMES, NewsCalibration

    rows = eligible
    folds = min(5, len(set(groups[rows])))
    if folds < 2 or len(set(gold[rows])) < 2:
        return None, 0.5, {"news_calibration": "too few labelled news sentences: the head's score, uncalibrated"}
    mean, std = cues[rows].mean(axis=0), cues[rows].std(axis=0) + 1e-6
    z = (cues - mean) / std
    results = {}
    for c in NEWS_C_GRID:
        oof = np.zeros(len(gold))
        for train_idx, test_idx in GroupKFold(folds).split(z, gold, groups):
            train_idx = train_idx[rows[train_idx]]
            if len(set(gold[train_idx])) < 2:
                continue
            model = LogisticRegression(C=c, max_iter=2000, random_state=seed).fit(z[train_idx], gold[train_idx])
            oof[test_idx] = model.predict_proba(z[test_idx])[:, 1]
        results[c] = (recall_at_precision(gold, oof, NEWS_PRECISION + NEWS_MARGIN, eligible=rows), oof)
    c = max(results, key=lambda k: results[k][0][0])
    (recall, threshold), oof = results[c]
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed).fit(z[rows], gold[rows])
    at = binary_prf(list(gold), list(rows & (oof >= threshold)))
    news = NewsCalibration(mean.astype(np.float32), std.astype(np.float32), model.coef_[0].astype(np.float32),
                           float(model.intercept_[0]))
    return news, threshold, {"news_C": c, "news_calibration_precision": round(at.precision, 4),
                             "news_calibration_recall": round(at.recall, 4),
                             "news_calibration": f"logistic regression over the head's logit, {len(CUE_NAMES) - 1} cues"
                                                 + (" and the logit of the head trained with the encoder"
                                                    if len(mean) > len(CUE_NAMES) else "")}


def heldout_scores(data: Path, out: Path) -> dict:
    """Every held-out figure of the card (and of the README): nothing here chose anything."""
    from ...claims.model import load_model
    from ..evaluation.checkworthiness import evaluate_checkworthiness, evaluate_debates
    from ..evaluation.news_checkworthiness import evaluate_news_checkworthiness

    load_model.cache_clear()
    crowdsourced = data / "claimbuster" / "crowdsourced.csv"
    scores = {f"debates {TEST_YEAR}": evaluate_debates(crowdsourced, [TEST_YEAR], model_folder=out).as_dict(),
              f"debates {TUNE_YEAR}-{TEST_YEAR}": evaluate_debates(crowdsourced, [TUNE_YEAR, TEST_YEAR], model_folder=out).as_dict()}
    for name, file in FILES.items():
        scores[name] = evaluate_checkworthiness(data / CHECKTHAT / file, model_folder=out).as_dict()
    scores["liar"] = evaluate_checkworthiness(data / "liar" / "valid.tsv", model_folder=out, layout="liar").as_dict()
    news_labels = configured_path(json.loads((out / "config.json").read_text()).get(
        "news_labels", LABELS_DIR / "news_checkworthiness.tsv"))
    scores["news test"] = evaluate_news_checkworthiness(data, news_labels, part="test", model_folder=out).as_dict()
    return scores


def write_model_card(data: Path, out: Path, config: dict, command: str, log=print) -> None:
    scores = heldout_scores(data, out)
    (out / "heldout_scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    rows = []
    described = {f"debates {TEST_YEAR}": f"ClaimBuster crowdsourced, the {TEST_YEAR} debates (never read before)",
                 f"debates {TUNE_YEAR}-{TEST_YEAR}": f"ClaimBuster crowdsourced, {TUNE_YEAR} and {TEST_YEAR} debates "
                                                     f"({TUNE_YEAR} chose the head and threshold)",
                 "dev-test": f"`{FILES['dev-test']}` (CheckThat! 2023 test)",
                 "dev": f"`{FILES['dev']}` (ClaimBuster expert ground truth)",
                 "news test": "news sentences labelled by hand, test half (threshold of the analysis)"}
    for key, what in described.items():
        s = scores[key]
        rows.append(f"| {what} | {s['sentences']} | {s['threshold']} | {s['precision']:.3f} | {s['recall']:.3f} | **{s['f1']:.3f}** |")
        log(f"held out, {what}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    table = "\n".join(rows)
    save_model_card(out, f"""# presslens check-worthiness head

- **What it does:** scores a sentence for check-worthiness (a factual, verifiable statement of public interest, as
  opposed to opinion, question, prediction or rhetoric). The `claims` analysis reports body statements scoring
  ≥ {config['threshold']}.
- **Model:** {config['head']}, over the mean and max of the sentence's token vectors from the shared encoder
  (fingerprint `{config['encoder_fingerprint']}`), so in an article it reads the encoder pass every analysis shares.
- **Data, split by time:** ClaimBuster's crowdsourced debate sentences (`../shared/data/claimbuster/crowdsourced.csv`,
  the CheckThat! 2024 train sentences with their debate's date; Arslan et al. 2020, research use). Debates before
  {FIT_BEFORE} ({config['fit_sentences']:,} sentences) fit the head; the {TUNE_YEAR} debates ({config['tune_sentences']:,})
  chose the head and the debate threshold {config['debate_threshold']} (F1 {config['tune_f1']}); the {TEST_YEAR} debates
  were never read until the scores below.
- **News calibration and threshold:** {config['news_calibration']} (C={config.get('news_C')}), fitted on the
  {config['news_calibration_sentences']} calibration sentences of `presslens/labels/news_checkworthiness.tsv`;
  threshold {config['threshold']}, the lowest whose out-of-fold precision (5 folds grouped by article) reaches
  {NEWS_PRECISION + NEWS_MARGIN:.2f} (P {config.get('news_calibration_precision', '–')}, R {config.get('news_calibration_recall', '–')} out of fold).
- **Held-out results**, check-worthy class:

| held-out set | sentences | threshold | precision | recall | F1 |
|---|---|---|---|---|---|
{table}

LIAR validation statements (all fact-checked claims): recall {scores['liar']['recall']:.3f} at the debate threshold.

- **Reproduce:** `{command}` (needs `make install-train`; {config['minutes']} minutes on 2 cores), then
  `presslens eval checkworthiness --layout claimbuster --data ../shared/data/claimbuster/crowdsourced.csv --years {TEST_YEAR}`
  and `presslens eval checkworthiness --layout news`.
- **Limits:** debate speech and news prose differ; the head never saw news labels (only the news calibration over its score and its threshold did).
""")
