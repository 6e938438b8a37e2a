"""The narrative heads (SemEval-2025 Task 10 subtask 2) on the shared encoder pass.

    presslens train narratives --data ../shared/data --out presslens/models/narratives

- **Data:** the 175 labelled English articles of ``semeval2025t10_en`` (Ukraine war and climate change; 52 %
  ``Other``), read as presslens reads any article (non-body parts and the headline left out). Identical texts
  filed under two names are kept in one fold.
- **Features:** the article's paragraph vectors pooled (mean, max) with six style cues, as genre and frames read
  them.
- **Heads** (logistic regressions, NumPy at inference): the domain over all articles (C=1); the ``Other`` gate over
  all articles (C=0.01, class-balanced); each narrative over its domain's articles that push some narrative
  (C=0.1); each subnarrative over the articles that push its narrative (C=0.1; a label seen fewer than twice gets
  its base rate).
- **Decision** (:class:`presslens.narratives.NarrativeHeads`): domain, then Other or not (the gate, or no narrative
  likely enough), then the most likely narrative and any other over a threshold, then subnarratives over a
  threshold, else ``<narrative>: Other`` or the likeliest one. The thresholds and the fallback are chosen by
  cross-validation inside the training folds (nested), never on the articles scored: of the settings within 0.01
  of the best coarse samples-F1, the one whose named narratives are most often right (what a reader is shown).
- **Figures:** 5-fold cross-validation by article, repeated with three shufflings (the mean and its spread), beside
  the trivial answer (``Other`` for every article). The shipped heads are then fitted on all 175 articles.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...errors import InputNotFound
from ..evaluation.narratives import NarrativeLabels, read_labels, read_text, score
from ...heads.linear import LinearHead
from ...models.provenance import save_model_card
from ...narratives import MODEL_DIR, OTHER, NarrativeHeads, features_of, text_inputs

SEMEVAL = "semeval2025t10_en"
# regularisation per head, chosen by the nested cross-validation of several recipes (the model card lists them)
C_DOMAIN, C_OTHER, C_NARRATIVE = 1.0, 0.01, 0.1
OTHER_THRESHOLDS = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
NARRATIVE_THRESHOLDS = (0.0, 0.3, 0.5, 0.7)   # the most likely narrative is named at or over it
ALSO_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.7, 0.9, 1.01)    # 1.01: one narrative only
SUB_THRESHOLDS = (0.1, 0.2, 0.3, 0.5, 0.7, 1.01)          # 1.01: never over the threshold (then the fallback)
SUB_FALLBACKS = ("other", "top")
SEEDS = (0, 1, 2)
FOLDS = 5
# The settings within this much coarse samples-F1 of the best (inside the training folds) compete on the
# precision of what a reader is shown: the named narratives that are right. The metric barely moves across
# settings whose shown precision runs from 0.34 to 0.66, because half the articles are Other.
TOLERANCE = 0.01


@dataclass
class LabelledArticle:
    file: str
    group: int                # identical texts share a group (and a fold)
    labels: NarrativeLabels
    vectors: np.ndarray       # paragraph vectors
    style: np.ndarray


def inventory(data: Path) -> tuple[list[str], list[str]]:
    """The task's narratives and subnarratives, without ``Other``."""
    folder = Path(data) / SEMEVAL
    lines = lambda name: [l.strip() for l in read_text(folder / name).splitlines() if l.strip() and l.strip() != OTHER]  # noqa: E731
    return lines("subtask2_narratives.txt"), lines("subtask2_subnarratives.txt")


def read_articles(data: Path, encoder, log=print) -> list[LabelledArticle]:
    from rich.progress import track

    folder = Path(data) / SEMEVAL / "train"
    labels = read_labels(folder / "subtask-2-annotations.txt")
    groups: dict[str, int] = {}
    out = []
    for file in track(sorted(labels), description="encoding articles", transient=True):
        path = folder / "raw-documents" / file
        if not path.is_file():
            raise InputNotFound("no such article (the labels file names it)", str(path))
        raw = path.read_bytes()
        group = groups.setdefault(hashlib.sha256(raw).hexdigest(), len(groups))
        vectors, style, _ = text_inputs(raw.decode("utf-8"), encoder)
        out.append(LabelledArticle(file, group, labels[file], vectors, style))
    log(f"{len(out)} labelled articles ({len(groups)} distinct texts), "
        f"{sum(a.labels.narratives == (OTHER,) for a in out)} of them Other")
    return out


def _logistic(x: np.ndarray, y: np.ndarray, c: float, balanced: bool = False) -> tuple[np.ndarray, float]:
    """Weights and bias of a logistic regression; a label seen fewer than twice (or always) gets zero weights and
    its base rate."""
    from sklearn.linear_model import LogisticRegression

    positives = int(y.sum())
    if positives < 2 or positives == len(y):
        rate = min(max(positives / max(len(y), 1), 1e-4), 1 - 1e-4)
        return np.zeros(x.shape[1]), float(np.log(rate / (1 - rate)))
    model = LogisticRegression(C=c, class_weight="balanced" if balanced else None, max_iter=3000).fit(x, y)
    return model.coef_[0], float(model.intercept_[0])


def fit_heads(articles: list[LabelledArticle], narratives: list[str], subnarratives: list[str]) -> dict[str, np.ndarray]:
    """The four heads' arrays fitted on ``articles`` (one standardisation, fitted on them)."""
    x = np.stack([features_of(a.vectors, a.style) for a in articles]).astype(np.float64)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / std
    war = np.array([a.file.startswith("EN_UA") for a in articles], dtype=int)   # the task files each domain apart
    other = np.array([a.labels.narratives == (OTHER,) for a in articles], dtype=bool)
    arrays: dict[str, np.ndarray] = {}

    def head(name: str, rows: list[tuple[np.ndarray, float]]) -> None:
        arrays.update(LinearHead(mean, std, np.stack([w for w, _ in rows]), np.array([b for _, b in rows])).arrays(name + "_"))

    head("domain", [_logistic(z, war, C_DOMAIN)])
    head("other", [_logistic(z, other.astype(int), C_OTHER, balanced=True)])
    rows = []
    for label in narratives:   # on the articles of its domain that push some narrative
        has = np.array([label in a.labels.narratives for a in articles])
        fitting = ((war == label.startswith("URW")) | has) & ~other
        rows.append(_logistic(z[fitting], has[fitting].astype(int), C_NARRATIVE))
    head("narratives", rows)
    rows = []
    for label in subnarratives:   # on the articles that push its narrative
        fitting = np.array([label.rsplit(":", 1)[0] in a.labels.narratives for a in articles])
        y = np.array([label in a.labels.subnarratives for a in articles], dtype=int)
        rows.append(_logistic(z[fitting], y[fitting], C_NARRATIVE) if fitting.any() else (np.zeros(z.shape[1]), -9.0))
    head("subnarratives", rows)
    return arrays


def heads_of(arrays: dict, narratives: list[str], subnarratives: list[str]) -> NarrativeHeads:
    """Heads whose thresholds are given to :meth:`NarrativeHeads.choose` (the settings being compared)."""
    return NarrativeHeads.from_arrays(arrays, {"narratives": narratives, "subnarratives": subnarratives,
                                               "other_threshold": 1.0, "also_threshold": 1.0, "sub_threshold": 1.0})


def as_labels(decision) -> NarrativeLabels:
    """A :meth:`NarrativeHeads.choose` decision in the task's terms."""
    named, subs, _ = decision
    if not named:
        return NarrativeLabels((OTHER,), (OTHER,))
    return NarrativeLabels(tuple(label for label, _ in named), tuple(s for label, _ in named for s, _ in subs[label]))


def folds(articles: list[LabelledArticle], seed: int, k: int = FOLDS) -> list[tuple[list[int], list[int]]]:
    """k folds by article (identical texts together), shuffled by ``seed``."""
    groups = sorted({a.group for a in articles})
    np.random.RandomState(seed).shuffle(groups)
    out = []
    for part in np.array_split(np.array(groups), k):
        held = set(part.tolist())
        out.append(([i for i, a in enumerate(articles) if a.group not in held],
                    [i for i, a in enumerate(articles) if a.group in held]))
    return out


def probabilities_of(articles: list[LabelledArticle], train: list[int], test: list[int], narratives, subnarratives
                     ) -> tuple[NarrativeHeads, dict[str, tuple]]:
    """Heads fitted on ``train`` and their probabilities for each article of ``test`` (by file)."""
    heads = heads_of(fit_heads([articles[i] for i in train], narratives, subnarratives), narratives, subnarratives)
    return heads, {articles[i].file: heads.probabilities(features_of(articles[i].vectors, articles[i].style)) for i in test}


def shown_precision(gold: dict[str, NarrativeLabels], predicted: dict[str, NarrativeLabels]) -> tuple[float, int]:
    """Of the narratives named (not Other), the share among the article's gold narratives, and how many."""
    named = [(n, file) for file, p in predicted.items() for n in p.narratives if n != OTHER]
    return (sum(n in gold[file].narratives for n, file in named) / len(named) if named else 0.0), len(named)


def choose_setting(articles: list[LabelledArticle], narratives, subnarratives, seed: int) -> tuple:
    """On 4-fold out-of-fold probabilities of ``articles``: the Other, first- and second-narrative thresholds
    (the most precise named narratives among the settings within :data:`TOLERANCE` of the best coarse
    samples-F1), then the subnarrative threshold and fallback (for fine samples-F1)."""
    gold = {a.file: a.labels for a in articles}
    fitted = [probabilities_of(articles, train, test, narratives, subnarratives) for train, test in folds(articles, seed, 4)]

    def run(setting):
        return {file: as_labels(heads.choose(p, setting)) for heads, probabilities in fitted for file, p in probabilities.items()}

    rows = []
    for t in itertools.product(OTHER_THRESHOLDS, NARRATIVE_THRESHOLDS, ALSO_THRESHOLDS):
        predicted = run((*t, 1.01, "other"))
        precision, named = shown_precision(gold, predicted)
        rows.append((score(gold, predicted).coarse, precision if named >= 5 else 0.0, t))
    best = max(r[0] for r in rows)
    coarse = max((r for r in rows if r[0] >= best - TOLERANCE - 1e-12), key=lambda r: (r[1], r[0]))[2]
    fine = max(itertools.product(SUB_THRESHOLDS, SUB_FALLBACKS), key=lambda t: score(gold, run((*coarse, *t))).fine)
    return (*coarse, *fine)


def cross_validate(articles: list[LabelledArticle], narratives, subnarratives, log=print) -> dict:
    """Nested cross-validation: samples-F1 of each shuffling's out-of-fold predictions, settings chosen inside."""
    coarse, fine, shown, right, settings = [], [], 0, 0, []
    predicted_all: dict[str, NarrativeLabels] = {}
    for seed in SEEDS:
        predicted = {}
        for fold, (train, test) in enumerate(folds(articles, seed)):
            fitting = [articles[i] for i in train]
            setting = choose_setting(fitting, narratives, subnarratives, seed * 100 + fold)
            settings.append(setting)
            heads, probabilities = probabilities_of(articles, train, test, narratives, subnarratives)
            predicted.update({file: as_labels(heads.choose(p, setting)) for file, p in probabilities.items()})
        gold = {a.file: a.labels for a in articles}
        result = score(gold, predicted)
        coarse.append(result.coarse)
        fine.append(result.fine)
        for a in articles:   # what a reader is shown: the narratives named (not Other), right or wrong
            named = [n for n in predicted[a.file].narratives if n != OTHER]
            shown += len(named)
            right += sum(n in a.labels.narratives for n in named)
        predicted_all = predicted
        log(f"  shuffling {seed}: coarse {result.coarse:.3f}, fine {result.fine:.3f}")
    gold = {a.file: a.labels for a in articles}
    trivial = score(gold, {a.file: NarrativeLabels((OTHER,), (OTHER,)) for a in articles})
    narrative_articles = {a.file: a.labels for a in articles if a.labels.narratives != (OTHER,)}
    on_narrative = score(narrative_articles, predicted_all)
    return {"coarse": float(np.mean(coarse)), "coarse_sd": float(np.std(coarse)), "fine": float(np.mean(fine)),
            "fine_sd": float(np.std(fine)), "shown_precision": right / shown if shown else 0.0,
            "shown_per_article": shown / len(SEEDS) / len(articles),
            "narrative_articles": len(narrative_articles), "narrative_articles_coarse": on_narrative.coarse,
            "narrative_articles_fine": on_narrative.fine, "trivial_coarse": trivial.coarse, "trivial_fine": trivial.fine,
            "settings": [list(t) for t in settings], "last_scores": score(gold, predicted_all).as_dict()}


def train(data: str | Path, out: str | Path = MODEL_DIR, log=print, folds_only: bool = False) -> dict:
    from ...heads.files import write_head
    from ...models.encoder import encoder_beside, load_shared_encoder

    started = time.time()
    data, out = Path(data), Path(out)
    encoder = load_shared_encoder(encoder_beside(out))
    narratives, subnarratives = inventory(data)
    articles = read_articles(data, encoder, log)
    log(f"cross-validating ({FOLDS} folds by article x {len(SEEDS)} shufflings; settings chosen inside each fold)")
    cv = cross_validate(articles, narratives, subnarratives, log)
    log(f"cross-validated samples-F1: coarse {cv['coarse']:.3f} ± {cv['coarse_sd']:.3f}, fine {cv['fine']:.3f} ± "
        f"{cv['fine_sd']:.3f} (Other for every article: {cv['trivial_coarse']:.3f} / {cv['trivial_fine']:.3f}); "
        f"narratives shown: {cv['shown_precision']:.3f} right")
    setting = choose_setting(articles, narratives, subnarratives, seed=13)
    arrays = fit_heads(articles, narratives, subnarratives)
    config = write_head(out, "head.npz", arrays, {
        "narratives": narratives, "subnarratives": subnarratives, "other_threshold": setting[0],
        "narrative_threshold": setting[1], "also_threshold": setting[2], "sub_threshold": setting[3],
        "sub_fallback": setting[4],
        "C": {"domain": C_DOMAIN, "other": C_OTHER, "narratives": C_NARRATIVE},
        "features": "article: mean and max of paragraph vectors, six style cues",
        "trained_on": sorted(a.file for a in articles), "minutes": round((time.time() - started) / 60, 1)})
    (out / "heldout_scores.json").write_text(json.dumps({"cross_validated": cv}, indent=2) + "\n")
    log(f"thresholds: Other {setting[0]}, first narrative {setting[1]}, second {setting[2]}, subnarrative "
        f"{setting[3]} (else {setting[4]}); written to {out}")
    return {"config": config, "cv": cv, "articles": len(articles)}


# Recipes compared the same way (nested 5-fold cross-validation x 3 shufflings, samples-F1 coarse / fine), before
# this one was chosen; the trivial answer (Other for every article) scores 0.520 / 0.520.
TRIED = """Recipes tried (a prototype of this training, the same nested cross-validation; coarse / fine samples-F1; Other for all: 0.520 / 0.520):

| recipe | coarse | fine |
|---|---|---|
| the shipped heads (article features; gate class-balanced C=0.01; narratives on their domain's non-Other articles, C=0.1), thresholds for samples-F1 alone | 0.564 ± 0.015 | 0.516 ± 0.022 |
| the same, with this training's own folds | 0.554 ± 0.015 | 0.508 ± 0.009 (named narratives right: 38.6 %) |
| **shipped**: the same, thresholds for the most precise named narratives within 0.01 of the best samples-F1 | see above | |
| one C (0.01) for every head, narratives on all their domain's articles | 0.553 ± 0.013 | 0.510 ± 0.018 |
| no domain step (narratives of both domains compete) | 0.551 ± 0.016 | 0.515 ± 0.018 |
| mean of paragraph vectors only (no max, no style) | 0.542 ± 0.019 | 0.507 ± 0.024 |
| label words as a prior: paragraph–label cosines (max, mean) beside the article features | 0.558 ± 0.018 | 0.517 ± 0.022 |
| label cosines alone | 0.543 ± 0.006 | 0.520 ± 0.008 |
| zero-shot prior from the label cosines mixed in (0.3) | 0.565 ± 0.009 | 0.517 ± 0.018 |
| training-set label frequencies mixed in as a prior (0.5) | 0.556 ± 0.018 | 0.512 ± 0.022 |
| paragraph-level heads, max over paragraphs (multiple instance), mixed 0.5 | 0.561 ± 0.015 | 0.513 ± 0.021 |
| Other decided when no narrative reaches a threshold (no gate) | 0.534 ± 0.017 | 0.503 ± 0.016 |"""


def write_model_card(data, out, result: dict, command: str, log=print) -> None:
    cv, config = result["cv"], result["config"]
    per_label = cv["last_scores"]["per_label"]["coarse"]
    rows = "\n".join(f"| {label} | {s['gold']} | {s['predicted']} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} |"
                     for label, s in per_label.items())
    card = f"""# presslens narrative heads

- **Task:** SemEval-2025 Task 10 subtask 2 (English): the narratives (21) and subnarratives (90) of the Russia–Ukraine
  war and climate change an article pushes, or `Other`.
- **Encoder:** the shipped shared encoder (fingerprint `{config['encoder_fingerprint']}`); the heads read its one pass.
- **Heads:** logistic regressions over the article features (mean and max of the paragraph vectors, six style
  cues): the domain (C={config['C']['domain']}), the `Other` gate (C={config['C']['other']}, class-balanced), each
  narrative on its domain's articles that push one (C={config['C']['narratives']}), each subnarrative on its
  narrative's articles. Thresholds: Other at P ≥ {config['other_threshold']} or when no narrative reaches
  P ≥ {config['narrative_threshold']}, a second narrative at P ≥ {config['also_threshold']}, a subnarrative at P ≥ {config['sub_threshold']} (else: {config['sub_fallback']}).
  A narrative's evidence is the two paragraphs that score highest for it read alone.
- **Data:** `../shared/data/semeval2025t10_en` (175 labelled articles, research use only, not redistributed: only
  weights and the label strings are shipped). Fitted on all of them; the thresholds chosen by cross-validation.

## Cross-validated (5 folds by article × 3 shufflings; thresholds chosen inside each training fold)

| | coarse samples-F1 | fine samples-F1 |
|---|---|---|
| presslens | **{cv['coarse']:.3f}** ± {cv['coarse_sd']:.3f} | **{cv['fine']:.3f}** ± {cv['fine_sd']:.3f} |
| `Other` for every article (52 % are) | {cv['trivial_coarse']:.3f} | {cv['trivial_fine']:.3f} |
| presslens on the {cv['narrative_articles']} articles that push a narrative | {cv['narrative_articles_coarse']:.3f} | {cv['narrative_articles_fine']:.3f} |

What a reader is shown: {cv['shown_per_article']:.2f} narratives per article (not `Other`), of which
**{cv['shown_precision']:.1%}** are among the article's gold narratives.

Per narrative (the last shuffling's out-of-fold predictions):

| narrative | gold | predicted | precision | recall | F1 |
|---|---|---|---|---|---|
{rows}

{TRIED}

Reproduce: `{command}` (prints the same figures); `presslens eval semeval2025 --subtask narratives --articles DIR
--labels FILE` scores other labelled articles (these 175 were fitted on).
"""
    save_model_card(Path(out), card)
    log(f"model card written to {Path(out) / 'MODEL_CARD.md'}")
