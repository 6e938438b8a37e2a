"""Fit the check-worthiness head on CheckThat! 2024 English (ClaimBuster debate sentences).

- **Fit:** ``CT24_checkworthy_english_train.tsv`` (the ClaimBuster crowdsourced sentences), less 10 % by a
  hash of the sentence id, which choose the regularisation and the decision threshold.
- **Held out, scored once for the model card:** ``..._dev.tsv`` (the ClaimBuster expert-labelled ground
  truth) and ``..._dev-test.tsv`` (the CheckThat! 2023 English test set). Sentences whose text also
  occurs in a held-out file are dropped from the fit.
"""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import numpy as np

from ..claims.data import read_checkworthiness
from ..claims.model import sentence_features
from ..evidence.readers import normalise_text
from ..models.encoder import encoder_fingerprint

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
THRESHOLDS = np.round(np.arange(0.2, 0.81, 0.025), 3)
FILES = {"train": "CT24_checkworthy_english_train.tsv", "dev": "CT24_checkworthy_english_dev.tsv",
         "dev-test": "CT24_checkworthy_english_dev-test.tsv"}


def is_validation(sentence_id: str) -> bool:
    return int(hashlib.sha256(f"presslens-cw-{sentence_id}".encode()).hexdigest(), 16) % 100 < 10


def fit(data: Path, out: Path, seed: int = 13, log=print) -> dict:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    from ..techniques import MODEL_DIR as ENCODER_DIR, load_model as load_technique_model

    started = time.time()
    train = read_checkworthiness(data / FILES["train"])
    heldout_texts = {_norm(s.text) for name in ("dev", "dev-test") for s in read_checkworthiness(data / FILES[name])}
    kept = [s for s in train if _norm(s.text) not in heldout_texts]
    log(f"{len(train):,} training sentences, {len(train) - len(kept)} dropped (their text is in a held-out file)")
    encoder = load_technique_model().encoder
    from rich.progress import track

    x = sentence_features(encoder, [s.text for s in kept],
                          progress=lambda items: track(items, description="encoding sentences", transient=True))
    y = np.array([s.label for s in kept])
    validation = np.array([is_validation(s.id) for s in kept])
    mean, std = x[~validation].mean(axis=0), x[~validation].std(axis=0) + 1e-6
    z = (x - mean) / std

    best = (-1.0, None, None)
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=3000, random_state=seed).fit(z[~validation], y[~validation])
        probs = model.predict_proba(z[validation])[:, 1]
        for threshold in THRESHOLDS:
            score = f1_score(y[validation], probs >= threshold)
            if score > best[0]:
                best = (score, c, float(threshold))
    validation_f1, c, threshold = best
    log(f"C={c}, threshold {threshold} (validation F1 {validation_f1:.3f})")
    model = LogisticRegression(C=c, max_iter=3000, random_state=seed).fit(z, y)

    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "head.npz", mean=mean.astype(np.float32), std=std.astype(np.float32),
                        w=model.coef_[0].astype(np.float32), b=np.float32(model.intercept_[0]))
    config = {"threshold": threshold, "C": c, "validation_f1": round(validation_f1, 4),
              "fit_sentences": int(len(kept)), "encoder": "presslens/models/techniques",
              "encoder_fingerprint": encoder_fingerprint(ENCODER_DIR), "seed": seed,
              "minutes": round((time.time() - started) / 60, 1)}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return config


def _norm(text: str) -> str:
    return normalise_text(text).lower()


def write_model_card(data: Path, out: Path, config: dict, command: str, log=print) -> None:
    """Score the shipped head on both held-out files and write MODEL_CARD.md."""
    from ..claims.model import load_model
    from ..evaluation.checkworthiness import evaluate_checkworthiness

    load_model.cache_clear()
    scores = {name: evaluate_checkworthiness(data / FILES[name], model_folder=out).as_dict() for name in ("dev", "dev-test")}
    (out / "heldout_scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    for name, s in scores.items():
        log(f"held out {name}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} ({s['sentences']} sentences)")
    dev, test = scores["dev"], scores["dev-test"]
    (out / "MODEL_CARD.md").write_text(f"""# presslens check-worthiness head

- **What it does:** scores a sentence for check-worthiness (a factual, verifiable statement of public interest, as opposed
  to opinion, question, prediction or rhetoric). The `claims` analysis reports body sentences scoring ≥ {config['threshold']}.
- **Model:** logistic regression (C={config['C']}) over the mean and max of the sentence's token vectors from the shipped
  technique encoder (`presslens/models/techniques`, fingerprint `{config['encoder_fingerprint']}`), so in an article it
  reads the encoder pass the technique analysis already made. NumPy weights, {(out / 'head.npz').stat().st_size // 1024} kB.
- **Data:** CLEF CheckThat! 2024 Task 1 English (`../shared/data/checkthat2024_t1_en`; the ClaimBuster debate sentences of
  Arslan et al. 2020, no licence stated: research use). Fit on `{FILES['train']}` ({config['fit_sentences']:,} sentences, after
  dropping those whose text occurs in a held-out file); 10 % of it (by a hash of the sentence id) chose C and the threshold
  (validation F1 {config['validation_f1']}).
- **Held-out results** (never used for fitting or tuning), check-worthy class:

| file | sentences | precision | recall | F1 |
|---|---|---|---|---|
| `{FILES['dev']}` (ClaimBuster expert ground truth) | {dev['sentences']} | {dev['precision']:.3f} | {dev['recall']:.3f} | **{dev['f1']:.3f}** |
| `{FILES['dev-test']}` (CheckThat! 2023 test) | {test['sentences']} | {test['precision']:.3f} | {test['recall']:.3f} | **{test['f1']:.3f}** |

- **Reproduce:** `{command}` (needs `make install-train`; {config['minutes']} minutes on 2 cores), then
  `presslens eval checkworthiness --data ../shared/data/checkthat2024_t1_en/train/{FILES['dev']}`.
- **Limits:** trained on US presidential debate sentences, not news prose; the threshold was chosen on debate sentences.
  Retraining the technique model changes the encoder, and this head must then be refitted (presslens refuses a mismatch).
""")
