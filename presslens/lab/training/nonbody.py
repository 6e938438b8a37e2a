"""Fit the non-body paragraph classifier (``presslens train nonbody``).

Data: the ``train`` part of the real endings (``presslens/labels/real_endings.tsv``, parts by outlet) and the
hand-written development endings (``tests/fixtures/endings.json``, ``endings_dev2.json``, ``endings_dev3.json``).
Never the held-out real endings, never ``endings_heldout3.json``.

Choices (the regularisation ``C``, the threshold and the spread threshold) are made on out-of-fold predictions
of a 5-fold split of the training articles grouped by outlet, under the constraint that at most
:data:`MAX_BODY_SET_APART` of body paragraphs are set apart: a body paragraph set apart vanishes from every
analysis, furniture kept as body only adds noise.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import REPOSITORY
from ..evaluation.nonbody import LEAD, NonBodyScores, as_analyzed, joined, score_decisions
from ..evaluation.real_endings import read_real_endings
from ...models.provenance import save_model_card
from ...structure.nonbody import CLASSES, MODEL_DIR, NonBodyModel, decide, united
from ...structure.nonbody_features import FEATURE_NAMES, paragraph_features

HAND_WRITTEN = ("endings.json", "endings_dev2.json", "endings_dev3.json")
FIXTURES = REPOSITORY / "tests" / "fixtures"   # training runs from a clone of the repo
C_GRID = (0.01, 0.03, 0.1, 0.3)
CLASS_WEIGHTS = ("balanced", None)
THRESHOLDS = tuple(np.round(np.arange(0.3, 0.96, 0.05), 2)) + (0.97, 0.98, 0.99)
SPREAD_THRESHOLDS = (0.05, 0.1, 0.2, 0.3)
MAX_BODY_SET_APART = 0.01
FOLDS = 5


@dataclass
class Article:
    """The paragraphs of one training article, with the gold kind of those labelled (index -> kind)."""

    key: str
    group: str
    texts: list[str]
    gold: dict[int, str]
    features: np.ndarray | None = None
    cue_scores: list | None = None   # each paragraph's cue scores (ParagraphScores)
    text: str = ""                   # the article, and each paragraph's span in it (for the encoder's pass)
    spans: list | None = None
    cue_features: np.ndarray | None = None
    vectors: np.ndarray | None = None   # each paragraph's mean vector as the encoding stage makes it

    @property
    def real(self) -> bool:
        return not self.group.startswith("hand:")


def training_articles(data: str | Path, fixtures: str | Path) -> list[Article]:
    articles = []
    for labelled in read_real_endings(data):
        if labelled.part != "train":
            continue
        texts = [labelled.text[p.start:p.end] for p in labelled.paragraphs]
        gold = {i: k for i, k in labelled.kinds.items() if k != "byline"}  # bylines are the header rules' job
        articles.append(Article(labelled.key, labelled.outlet, texts, gold, text=labelled.text,
                                spans=list(labelled.paragraphs)))
    for name in HAND_WRITTEN:
        for case in json.loads((Path(fixtures) / name).read_text(encoding="utf-8")):
            texts = LEAD + [p["text"] for p in case["paragraphs"]]
            gold = {len(LEAD) + i: p["kind"] for i, p in enumerate(case["paragraphs"])}
            text, spans = joined(texts)
            articles.append(Article(f"{name}:{case['name']}", f"hand:{name}", texts, gold, text=text, spans=spans))
    for article in articles:
        article.features, article.cue_scores = paragraph_features(article.texts, with_scores=True)
        article.cue_features = article.features
    return articles


def _matrix(articles: list[Article]) -> tuple[np.ndarray, np.ndarray]:
    rows, labels = [], []
    for article in articles:
        for i, kind in article.gold.items():
            rows.append(article.features[i])
            labels.append(CLASSES.index(kind))
    return np.asarray(rows, dtype=np.float32), np.asarray(labels)


def fit_model(articles: list[Article], C: float, class_weight: str | None = "balanced", threshold: float = 0.5,
              spread: float = 0.2) -> NonBodyModel:
    from sklearn.linear_model import LogisticRegression

    X, y = _matrix(articles)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-6] = 1.0
    classifier = LogisticRegression(C=C, max_iter=5000, class_weight=class_weight)
    classifier.fit((X - mean) / scale, y)
    weights = np.zeros((len(CLASSES), X.shape[1]), dtype=np.float32)
    bias = np.full(len(CLASSES), -30.0, dtype=np.float32)  # a class absent from the data is never predicted
    for row, label in enumerate(classifier.classes_):
        weights[label] = classifier.coef_[row]
        bias[label] = classifier.intercept_[row]
    return NonBodyModel(FEATURE_NAMES, mean.astype(np.float32), scale.astype(np.float32), weights, bias,
                        threshold, spread)


def _folds(articles: list[Article]) -> list[int]:
    """A fold per article, whole outlets together, folds of similar size."""
    groups: dict[str, int] = {}
    for article in articles:
        groups[article.group] = groups.get(article.group, 0) + len(article.gold)
    load = [0] * FOLDS
    fold_of = {}
    for group, size in sorted(groups.items(), key=lambda kv: -kv[1]):
        fold = int(np.argmin(load))
        fold_of[group] = fold
        load[fold] += size
    return [fold_of[a.group] for a in articles]


def out_of_fold(articles: list[Article], C: float, class_weight: str | None) -> list[np.ndarray]:
    """Probabilities of every paragraph of every article from a model fitted without its fold."""
    folds = _folds(articles)
    out: list[np.ndarray | None] = [None] * len(articles)
    for fold in range(FOLDS):
        model = fit_model([a for a, f in zip(articles, folds) if f != fold], C, class_weight)
        for i, (article, f) in enumerate(zip(articles, folds)):
            if f == fold:
                out[i] = model.probabilities(article.features)
    return out  # type: ignore[return-value]


def score_choice(articles: list[Article], probabilities: list[np.ndarray], threshold: float,
                 spread: float, with_rules: bool = False, first: list[list] | None = None
                 ) -> tuple[NonBodyScores, NonBodyScores]:
    """Out-of-fold scores on the real endings and on the hand-written ones; with ``first`` (each article's kinds
    by the first decision), what either decision sets apart is set apart (the second look's ``union`` policy)."""
    real, hand = NonBodyScores(), NonBodyScores()
    for k, (article, p) in enumerate(zip(articles, probabilities)):
        kinds = decide(p, article.texts, article.cue_scores, threshold, spread, with_rules)
        if first is not None:
            kinds = united(first[k], kinds)
        score_decisions(real if article.real else hand, article.key, article.texts, kinds, article.gold)
    return real, hand


def choose(articles: list[Article], log=print, first: list[list] | None = None) -> dict:
    """The C, threshold and spread threshold with the best mean F1 of the four kinds out of fold, among those
    that set apart at most MAX_BODY_SET_APART of body paragraphs. With ``first`` (the first decision's kinds, out
    of fold), each setting is scored both as a replacement of the first decision and as its union with it, and
    the better ``policy`` is kept."""
    best = None
    policies = ("replace",) if first is None else ("replace", "union")
    for class_weight in CLASS_WEIGHTS:
        for C in C_GRID:
            probabilities = out_of_fold(articles, C, class_weight)
            for threshold in THRESHOLDS:
                for spread in SPREAD_THRESHOLDS:
                    if spread >= threshold:
                        continue
                    for with_rules in (False, True):
                        for policy in policies:
                            real, hand = score_choice(articles, probabilities, threshold, spread, with_rules,
                                                      first if policy == "union" else None)
                            f1, set_apart = real.mean_f1(), real.body_set_apart()
                            candidate = (set_apart <= MAX_BODY_SET_APART, f1, -set_apart, C, str(class_weight),
                                         float(threshold), spread, with_rules, hand.accuracy, policy)
                            if best is None or candidate[:3] > best[:3]:
                                best = candidate
            log(f"class_weight={class_weight} C={C}: best so far: real mean F1 {best[1]:.3f}, body set apart "
                f"{-best[2]:.4f}, hand-written accuracy {best[8]:.3f} (C={best[3]}, class_weight {best[4]}, "
                f"threshold {best[5]}, spread {best[6]}, with rules {best[7]}, policy {best[9]})")
    return {"C": best[3], "class_weight": None if best[4] == "None" else best[4], "threshold": best[5],
            "spread_threshold": float(best[6]), "with_rules": best[7], "cv_real_mean_f1": round(best[1], 4),
            "cv_real_body_set_apart": round(-best[2], 4), "cv_hand_written_accuracy": round(best[8], 4),
            **({"policy": best[9]} if first is not None else {})}


def first_decision_out_of_fold(articles: list[Article]) -> list[list]:
    """Each article's kinds by the first decision's recipe (the shipped model's settings), out of fold, over the
    cue features: what the second look's ``union`` policy is scored against in training."""
    config = NonBodyModel.load(MODEL_DIR).config
    probabilities = out_of_fold(articles, config["C"], config["class_weight"])
    return [decide(p, a.texts, a.cue_scores, config["threshold"], config["spread_threshold"], config["with_rules"])
            for a, p in zip(articles, probabilities)]


# the second look's paragraph vectors, projected onto this many principal directions of the training paragraphs'
# vectors (None: the whole vector), chosen out of fold with the rest
VECTOR_COMPONENTS = (32, 64, None)


def add_vectors(articles: list[Article], log=print) -> None:
    """Each article's paragraph vectors as ``presslens analyze`` makes them: the article structured at ingestion
    (the shipped first decision), its body encoded in the stage's pass and the rest apart
    (:func:`presslens.analyzers.encoding.paragraph_vectors`); a paragraph the ingestion cut into pieces (glued
    furniture) takes the mean of its pieces' vectors."""
    from ...analyzers.encoding import paragraph_vectors
    from ...heads.stage import encode_body_and_apart
    from ...models.encoder import load_shared_encoder

    encoder = load_shared_encoder()
    for number, article in enumerate(articles, 1):
        doc = as_analyzed(article.text, second_look=False)
        vectors = paragraph_vectors(*encode_body_and_apart(doc, encoder))
        rows = np.zeros((len(article.spans), encoder_dim(vectors)), dtype=np.float32)
        for row, span in enumerate(article.spans):
            pieces = [v for (start, end), v in vectors.items() if span.start <= start and end <= span.end]
            if pieces:
                rows[row] = np.mean(pieces, axis=0)
        article.vectors = rows
        if number % 200 == 0:
            log(f"paragraph vectors: {number} of {len(articles)} articles")


def encoder_dim(vectors: dict) -> int:
    return len(next(iter(vectors.values()))) if vectors else 384


def projection_of(articles: list[Article], components: int | None) -> tuple[np.ndarray, np.ndarray | None]:
    """(mean, [dim, components] projection): the principal directions of the labelled training paragraphs'
    vectors (None for the whole vector)."""
    vectors = np.concatenate([a.vectors[sorted(a.gold)] for a in articles])
    mean = vectors.mean(axis=0)
    if components is None:
        return mean.astype(np.float32), None
    _, _, directions = np.linalg.svd(vectors - mean, full_matrices=False)
    return mean.astype(np.float32), directions[:components].T.astype(np.float32)


def with_vectors(article: Article, mean: np.ndarray, projection: np.ndarray | None) -> np.ndarray:
    """An article's cue features and its paragraphs' vectors (centred, projected when ``projection``)."""
    centred = article.vectors - mean
    return np.concatenate([article.cue_features, centred if projection is None else centred @ projection],
                          axis=1).astype(np.float32)


def choose_with_vectors(articles: list[Article], log=print) -> tuple[dict, np.ndarray, np.ndarray]:
    """:func:`choose` for each number of vector components, the best out of fold kept (same criterion)."""
    best = None
    first = first_decision_out_of_fold(articles)   # on the cue features alone, before they are extended
    for components in VECTOR_COMPONENTS:
        mean, projection = projection_of(articles, components)
        for article in articles:
            article.features = with_vectors(article, mean, projection)
        chosen = choose(articles, log, first)
        log(f"vector components {components or 'all'}: out-of-fold mean F1 {chosen['cv_real_mean_f1']}, body set "
            f"apart {chosen['cv_real_body_set_apart']}")
        key = (chosen["cv_real_body_set_apart"] <= MAX_BODY_SET_APART, chosen["cv_real_mean_f1"],
               -chosen["cv_real_body_set_apart"])
        if best is None or key > best[0]:
            best = (key, {**chosen, "vector_components": components}, mean, projection)
    _, chosen, mean, projection = best
    for article in articles:
        article.features = with_vectors(article, mean, projection)
    return chosen, mean, projection


def train(data: str | Path, out: Path = MODEL_DIR, log=print, fixtures: str | Path = FIXTURES,
          vectors: bool = False) -> dict:
    """``presslens train nonbody``: fit on ``data`` (``../shared/data``) and the hand-written development endings
    in ``fixtures``, choose the settings out of fold, and write the model to ``out``. ``vectors``: the second
    look's model, which reads each paragraph's vector from the shared encoder's pass beside the cue features."""
    articles = training_articles(data, fixtures)
    n_labelled = sum(len(a.gold) for a in articles)
    log(f"{len(articles)} training articles, {n_labelled} labelled paragraphs, "
        f"{len({a.group for a in articles})} outlets or groups")
    arrays: dict = {}
    if vectors:
        from ...models.encoder import SHARED_ENCODER_DIR, encoder_fingerprint

        add_vectors(articles, log)
        chosen, arrays["vector_mean"], projection = choose_with_vectors(articles, log)
        if projection is not None:
            arrays["projection"] = projection
        chosen["encoder_fingerprint"] = encoder_fingerprint(SHARED_ENCODER_DIR)
    else:
        chosen = choose(articles, log)
    model = fit_model(articles, chosen["C"], chosen["class_weight"], chosen["threshold"], chosen["spread_threshold"])
    model.with_rules = chosen["with_rules"]
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / "model.npz", mean=model.mean, scale=model.scale, weights=model.weights, bias=model.bias, **arrays)
    config = {"classes": list(CLASSES), **chosen, "fit_articles": len(articles), "fit_paragraphs": n_labelled,
              "feature_names": FEATURE_NAMES}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {out}: {chosen}")
    return config


def write_model_card(data: Path, out: Path, config: dict, command: str, log=print) -> None:
    """Score the held-out real endings and ``endings_heldout3.json`` once and write MODEL_CARD.md."""
    from ..evaluation.nonbody import evaluate_nonbody, evaluate_real_endings

    model = NonBodyModel.load(out)
    if model.reads_vectors:
        write_second_look_card(data, out, model, config, command, log)
        return
    real = evaluate_real_endings(data, part="heldout", model=model)
    rules = evaluate_real_endings(data, part="heldout", model=False)
    hand = evaluate_nonbody(FIXTURES / "endings_heldout3.json", model=model)
    rows = held_out_rows(out, {"real_heldout": real, "real_heldout_rules": rules, "endings_heldout3": hand}, rules, log)
    save_model_card(out, f"""# presslens non-body paragraph classifier

- **What it does:** decides, for every paragraph of an article, whether it is body or an appeal, a bio, a caption
  or boilerplate (bylines stay with the header rules). Runs at ingestion, on plain text and on text extracted
  from HTML; whatever it sets apart is kept in `text`, marked, and left out of every analysis.
- **Model:** multinomial logistic regression (C={config['C']}, class weights {config['class_weight']}) over
  {len(config['feature_names'])} features (`presslens/structure/nonbody_features.py`): each cue pattern of
  `structure/nonbody.py` as a feature, the cue rules' scores, position from the end and the start, length and form
  (URLs, handles, hashtags, quotes, final punctuation, a repeat of earlier text), and the same of the neighbours.
  Decision: the best non-body kind when its probability reaches {config['threshold']}; a paragraph among the last 8
  after a region of its kind, or just before an appeal when at most 15 words long with an appeal cue of its own or a heading's form (a box's lead-in), joins it at {config['spread_threshold']} (the
  other lines of a box); {'what the cue rules alone set apart is set apart too (chosen out of fold); ' if config['with_rules'] else ''}past
  3x the longest furniture a paragraph is body. Inference is NumPy.
- **Data:** {config['fit_paragraphs']:,} labelled paragraphs of {config['fit_articles']} articles: the `train` part of
  `presslens/labels/real_endings.tsv` (real endings of ../shared/data, parts by outlet) and the hand-written
  development endings (`tests/fixtures/endings.json`, `endings_dev2.json`, `endings_dev3.json`).
- **Choices** (C, class weights, thresholds, with or without the rules) on out-of-fold predictions, 5 folds grouped
  by outlet, maximising the mean F1 of the four kinds on the real endings with at most 1 % of body paragraphs set
  apart: mean F1 {config['cv_real_mean_f1']}, body set apart {config['cv_real_body_set_apart']:.2%},
  hand-written accuracy {config['cv_hand_written_accuracy']}.

## Held out: real endings of outlets never trained or tuned on

{len(real.gold):,} paragraphs (`--part heldout`); the last column is the hand-written cue rules alone on the same paragraphs.

| kind | paragraphs | precision | recall | F1 | rules F1 |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Body paragraphs set apart: {real.body_set_apart():.2%} (rules alone {rules.body_set_apart():.2%}); accuracy
{real.accuracy:.3f}. `endings_heldout3.json` (hand-written, never trained on): accuracy {hand.accuracy:.3f}.

Rebuild: `{command}`; score: `presslens eval nonbody --data presslens/labels/real_endings.tsv --articles ../shared/data`.
""")


def held_out_rows(out: Path, scores: dict[str, NonBodyScores], other: NonBodyScores, log=print) -> list[str]:
    """Write ``scores`` (the first is the model's on the held-out real endings) to ``heldout_scores.json`` and
    return the card's table rows: each kind's figures and ``other``'s F1 beside them."""
    (out / "heldout_scores.json").write_text(json.dumps({k: v.as_dict() for k, v in scores.items()}, indent=1) + "\n",
                                             encoding="utf-8")
    real = next(iter(scores.values()))
    log(real.table())
    rows = []
    for kind in ("appeal", "bio", "caption", "boilerplate", "body"):
        a, b = real.per_kind()[kind], other.per_kind()[kind]
        rows.append(f"| {kind} | {a['support']} | {a['precision']:.3f} | {a['recall']:.3f} | **{a['f1']:.3f}** | {b['f1']:.3f} |")
    return rows


def write_second_look_card(data: Path, out: Path, model: NonBodyModel, config: dict, command: str, log=print) -> None:
    """The second look's card: the held-out real endings and ``endings_heldout3.json`` scored once as ``presslens
    analyze`` shows them (the first decision, then this model's), beside the first decision alone."""
    from ..evaluation.nonbody import evaluate_glued_endings, evaluate_nonbody, evaluate_real_endings

    real = evaluate_real_endings(data, part="heldout", second_look=model)
    first = evaluate_real_endings(data, part="heldout", second_look=False)   # as analysed, without this model
    hand = evaluate_nonbody(FIXTURES / "endings_heldout3.json", second_look=model)
    glued = evaluate_glued_endings(data, part="heldout", second_look=model)
    rows = held_out_rows(out, {"real_heldout": real, "real_heldout_first_decision": first, "endings_heldout3": hand,
                               "glued_heldout": glued}, first, log)
    components = config["vector_components"]
    save_model_card(out, f"""# presslens non-body second look (paragraph vectors)

- **What it does:** decides again, in the encoding stage, which paragraphs are body and which are an appeal, a
  bio, a caption or boilerplate, now that each paragraph's vector from the shared encoder's pass is there: the
  first decision (`presslens/models/nonbody`, at ingestion) reads only the words' cues. The body's paragraphs are
  in the stage's pass anyway; the paragraphs set apart at ingestion are encoded in windows of their own, so the
  heads read the same body windows as before wherever the decision stands. Runs whenever an analysis reads the
  shared encoder (not for `--only nlp` or `techniques --fast` alone: there the first decision stands).
- **Model:** the first decision's logistic regression and decision rule, over its
  {len(config['feature_names'])} cue, position and form features and each paragraph's mean token vector
  ({'all 384 dimensions' if components is None else f'projected on the {components} principal directions of the training paragraphs' + chr(39) + ' vectors'});
  C={config['C']}, class weights {config['class_weight']}, threshold {config['threshold']}, spread
  {config['spread_threshold']}{', the cue rules added' if config['with_rules'] else ''}. Fitted to the shared
  encoder `{config['encoder_fingerprint']}` (refused with another). Inference is NumPy.
- **Data:** {config['fit_paragraphs']:,} labelled paragraphs of {config['fit_articles']} articles, as the first
  decision's (the `train` part of `presslens/labels/real_endings.tsv`, parts by outlet, and the hand-written
  development endings); each paragraph's vector made as `presslens analyze` makes it.
- **Choices** (the number of vector components among {', '.join(str(c or 'all') for c in VECTOR_COMPONENTS)}, C, class weights,
  thresholds) on out-of-fold predictions, 5 folds grouped by outlet, maximising the mean F1 of the four kinds on
  the real endings with at most 1 % of body paragraphs set apart: mean F1 {config['cv_real_mean_f1']}, body set
  apart {config['cv_real_body_set_apart']:.2%}, hand-written accuracy {config['cv_hand_written_accuracy']}.

## Held out: real endings of outlets never trained or tuned on

{len(real.gold):,} paragraphs (`--part heldout`), each article analysed whole; the last column is the first
decision alone (`--ingestion-only`) on the same paragraphs.

| kind | paragraphs | precision | recall | F1 | first decision F1 |
|---|---|---|---|---|---|
{chr(10).join(rows)}

Body paragraphs set apart: {real.body_set_apart():.2%} (first decision {first.body_set_apart():.2%}); embeds
found {real.per_kind()['embed']['recall']:.3f}, teasers {real.per_kind()['teaser']['recall']:.3f} (by rules, the same
either way); accuracy {real.accuracy:.3f}.
`endings_heldout3.json` (hand-written, never trained on): accuracy {hand.accuracy:.3f}. Glued endings of held-out
outlets (`presslens/labels/glued_endings.tsv --units`): boilerplate F1 {glued.per_kind()['boilerplate']['f1']:.3f},
body set apart {glued.body_set_apart():.2%}.

Rebuild: `{command}`; score: `presslens eval nonbody --data presslens/labels/real_endings.tsv --articles ../shared/data`.
""")
