"""Fit the actor-role head (``presslens train actors``) on SemEval-2025 Task 10 subtask 1.

Data: ``../shared/data/semeval2025t10_en/train``: 551 role-labelled mentions in 160 articles (end offsets
inclusive). Each article is read as presslens reads any article (ingestion, spaCy, the one encoder pass over the
body), so the head sees in training what it sees in analysis. Examples of *no stance*: the actor mentions
(:func:`presslens.actors.aliases.find_actors`) of the same articles whose actor has no labelled mention.

Parts by article (a hash of the file name): :data:`HELDOUT_PERCENT` of the labelled articles are held out,
scored once for the model card, never fitted or tuned on. Choices (``C``, the weight of a mention's own reading
against its actor's, the stance threshold, the second fine role) are made on out-of-fold predictions of the
training articles (5 folds by article).
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...actors.aliases import find_actors
from ...actors.roles import (ACTOR_FEATURES, ALL_FINE_ROLES, CONTEXT_TOKENS, MAIN_ROLES, MODEL_DIR, RoleHead,
                            actor_features, mention_features, write_model)
from ...document import Span
from ..evaluation.entity_framing import Mention, RoleLabel, read_labels, score
from ..evaluation.semeval2025 import HELDOUT_PERCENT, exact_span, part_of_article, read_article
from ...models.encoder import encoder_beside, load_shared_encoder
from ...models.provenance import save_model_card

FOLDS = 5
C_GRID = (0.001, 0.003, 0.01)
OWN_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
SECOND_FINE = (0.35, 0.45, 1.01)   # 1.01: never a second fine role
EXTRA_WEIGHTS = (0.0, 0.5, 1.0, 2.0)   # an annotated Narrative Frames entity against a SemEval mention


def semeval_folder(data: str | Path) -> Path:
    return Path(data) / "semeval2025t10_en" / "train"


@dataclass
class LabelledArticle:
    file: str
    doc: object                               # the analysed Document (ingestion + nlp)
    mentions: list[tuple[Mention, tuple[int, int], RoleLabel]]
    actors: list = field(default_factory=list)          # find_actors over the body
    gold_features: np.ndarray | None = None
    actor_of: list[int] = field(default_factory=list)    # for each labelled mention: its actor's index or -1
    actor_features: list[np.ndarray] = field(default_factory=list)  # per actor: features of its mentions
    actor_stance: list[int] = field(default_factory=list)           # per actor: 1 when a labelled mention is its


def read_articles(data: str | Path, encoder, log=print, labels_file: Path | None = None,
                  articles_dir: Path | None = None) -> list[LabelledArticle]:
    """Every labelled article, analysed as presslens analyses an article, with its mentions' features."""
    folder = semeval_folder(data)
    labels = read_labels(labels_file or folder / "subtask-1-annotations.txt")
    by_file: dict[str, list[tuple[Mention, RoleLabel]]] = {}
    for mention, label in labels.items():
        by_file.setdefault(mention.file, []).append((mention, label))
    articles = []
    started = time.perf_counter()
    for number, (file, items) in enumerate(sorted(by_file.items()), 1):
        doc = read_article(articles_dir or folder / "raw-documents", file)
        mentions = [(m, exact_span(doc.text, m), label) for m, label in sorted(items, key=lambda i: i[0].start)]
        article = LabelledArticle(file, doc, mentions)
        article_features(article, encoder)
        articles.append(article)
        doc.cache.clear()
        if number % 40 == 0:
            log(f"  {number} articles read ({time.perf_counter() - started:.0f} s)")
    return articles


def article_features(article: LabelledArticle, encoder) -> None:
    doc = article.doc
    spans = [span for _, span, _ in article.mentions]
    article.gold_features = mention_features(doc, encoder, spans)
    article.actors = find_actors(doc.text, doc.entities, doc.body_paragraphs(), doc.headline())
    article.actor_of = [next((i for i, actor in enumerate(article.actors)
                              if any(m.overlaps(Span(*span)) for m in actor.mentions)), -1) for span in spans]
    labelled = set(article.actor_of)
    article.actor_features = [mention_features(doc, encoder, [(m.start, m.end) for m in actor.mentions])
                              for actor in article.actors]
    article.actor_stance = [int(i in labelled) for i in range(len(article.actors))]


# -- the Narrative Frames Corpus's roles: extra main-role examples ---------------------------------------------

# hero, villain and victim are close to SemEval-2025's main roles (the corpus's own definitions: the one who fixes,
# causes or suffers the problem)
NARRATIVE_ROLES = {"hero": "protagonist", "villain": "antagonist", "victim": "innocent"}
_PRONOUNS = {"i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they", "them", "who", "this", "that",
             "these", "those", "our", "their", "his", "its", "everyone", "anyone", "someone", "people"}


@dataclass
class ExtraMentions:
    """Main-role examples from another corpus: features, main-role indices, weights, and the article of each."""
    x: np.ndarray
    y: np.ndarray
    weights: np.ndarray
    articles: np.ndarray


def narrative_frames_mentions(data: str | Path, encoder, log=print, exclude: set[str] = frozenset()) -> ExtraMentions:
    """Every occurrence of each hero, villain or victim the Narrative Frames Corpus's annotators extracted
    (``roles.jsonl.gz``: strings, no offsets; found again in the article, whole words, any case), read on the
    article's pass as the actors analysis reads a mention; pronouns and phrases of more than six words are left
    out. Each annotated entity weighs 1 in all, shared by its occurrences (a name said ten times is not ten
    examples). ``exclude``: article ids kept out (labelled for another evaluation)."""
    import gzip
    import re

    from ..datasets.corpora import narrative_frames_text
    from ...ingest import RawInput
    from ...pipeline import analyze_raw

    path = Path(data) / "narrative_frames_climate" / "roles.jsonl.gz"
    by_article: dict[str, dict[str, str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for row in map(json.loads, f):
            entity = " ".join(str(row.get("entity", "")).split())
            role = NARRATIVE_ROLES.get(row.get("role"))
            if role and entity and entity.lower() not in _PRONOUNS and len(entity.split()) <= 6 \
                    and str(row["id"]) not in exclude:
                by_article.setdefault(str(row["id"]), {}).setdefault(entity.lower(), role)
    xs, ys, ws, ids = [], [], [], []
    for number, (article_id, entities) in enumerate(sorted(by_article.items()), 1):
        text = narrative_frames_text(data, article_id)
        doc = analyze_raw(RawInput(id=article_id, data=text, kind="text"), names=["nlp", "encoding", "entities"]).document
        for entity, role in entities.items():
            spans = [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)%s(?!\w)" % re.escape(entity), doc.text,
                                                               flags=re.IGNORECASE)]
            if not spans:
                continue
            xs.append(mention_features(doc, encoder, spans))
            ys += [MAIN_ROLES.index(role)] * len(spans)
            ws += [1.0 / len(spans)] * len(spans)
            ids += [article_id] * len(spans)
        doc.cache.clear()
        if number % 100 == 0:
            log(f"  {number} Narrative Frames articles read")
    return ExtraMentions(np.concatenate(xs), np.array(ys), np.array(ws, dtype=np.float32), np.array(ids))


def entity_labelled_articles() -> set[str]:
    """The Narrative Frames articles labelled for ``presslens eval entities`` (kept out of every fit)."""
    from ..evaluation.news_entities import read_entity_labels

    return {m.article.split("/", 1)[1] for m in read_entity_labels() if m.article.startswith("narrative_frames/")}


# -- fitting ---------------------------------------------------------------------------------------------------

def _fit_logistic(x: np.ndarray, y: np.ndarray, c: float, weights: np.ndarray | None = None):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, y, sample_weight=weights)
    return model


def fit_head(articles: list[LabelledArticle], c: float, stance_threshold: float = 0.5, own_weight: float = 0.5,
             second_fine: float = 1.01, extra: ExtraMentions | None = None, extra_weight: float = 0.0) -> RoleHead:
    """The three heads on ``articles``; the main-role head also on ``extra`` mentions (each annotated entity of
    them weighing ``extra_weight`` against a SemEval mention's 1)."""
    gold_x = np.concatenate([a.gold_features for a in articles])
    mains = np.array([MAIN_ROLES.index(label.main) for a in articles for _, _, label in a.mentions])
    mean, std = gold_x.mean(axis=0), gold_x.std(axis=0) + 1e-6
    scale = lambda x: (x - mean) / std  # noqa: E731
    if extra is not None and extra_weight > 0:
        main = _fit_logistic(scale(np.concatenate([gold_x, extra.x])), np.concatenate([mains, extra.y]), c,
                             np.concatenate([np.ones(len(mains), dtype=np.float32), extra.weights * extra_weight]))
    else:
        main = _fit_logistic(scale(gold_x), mains, c)
    main_w = np.zeros((len(MAIN_ROLES), gold_x.shape[1]), dtype=np.float32)
    main_b = np.full(len(MAIN_ROLES), -30.0, dtype=np.float32)
    main_w[main.classes_], main_b[main.classes_] = main.coef_, main.intercept_   # three classes: a row each
    # fine roles: one row per (mention, fine role), so a two-role mention teaches both
    rows, fines, weights = [], [], []
    for a in articles:
        for (_, _, label), x in zip(a.mentions, a.gold_features):
            for fine in label.fine:
                rows.append(x)
                fines.append(ALL_FINE_ROLES.index(fine))
                weights.append(1.0 / len(label.fine))
    fine = _fit_logistic(scale(np.stack(rows)), np.array(fines), c, np.array(weights))
    fine_w = np.zeros((len(ALL_FINE_ROLES), gold_x.shape[1]), dtype=np.float32)
    fine_b = np.full(len(ALL_FINE_ROLES), -30.0, dtype=np.float32)
    fine_w[fine.classes_], fine_b[fine.classes_] = fine.coef_, fine.intercept_
    # stance: actor mentions of the same articles, labelled by whether their actor has a role
    stance_x = [x for a in articles for feats in a.actor_features for x in feats]
    stance_y = [s for a in articles for feats, s in zip(a.actor_features, a.actor_stance) for _ in feats]
    stance = _fit_logistic(scale(np.stack(stance_x)), np.array(stance_y), c)
    return RoleHead(mean.astype(np.float32), std.astype(np.float32), stance.coef_[0].astype(np.float32),
                    float(stance.intercept_[0]), main_w, main_b, fine_w, fine_b, stance_threshold, own_weight,
                    second_fine, _POOLED_STANCE_ONLY.copy(), 0.0)


def mention_predictions(head: RoleHead, article: LabelledArticle) -> list[tuple[np.ndarray, np.ndarray]]:
    """(main, fine) probabilities of each labelled mention: its own reading mixed with its actor's."""
    own_main, own_fine = head.main(article.gold_features), head.fine(article.gold_features)
    out = []
    for i, actor in enumerate(article.actor_of):
        feats = article.actor_features[actor] if actor >= 0 else None
        out.append((head.mixed(own_main[i], None if feats is None else head.main(feats).mean(axis=0)),
                    head.mixed(own_fine[i], None if feats is None else head.fine(feats).mean(axis=0))))
    return out


def predicted_labels(head: RoleHead, articles: list[LabelledArticle]) -> dict[Mention, RoleLabel]:
    predicted = {}
    for article in articles:
        for (mention, _, _), (main, fine) in zip(article.mentions, mention_predictions(head, article)):
            chosen, fines = head.decide(main, fine)
            predicted[mention] = RoleLabel(chosen, tuple(fines))
    return predicted


def gold_labels(articles: list[LabelledArticle]) -> dict[Mention, RoleLabel]:
    return {mention: label for a in articles for mention, _, label in a.mentions}


# the actor stage before it is fitted: P(cast) is the pooled mention stance itself
_POOLED_STANCE_ONLY = np.array([1.0] + [0.0] * (len(ACTOR_FEATURES) - 1), dtype=np.float32)
ACTOR_C_GRID = (0.1, 1.0)
CAST_THRESHOLDS = tuple(np.round(np.arange(0.1, 0.86, 0.05), 2))


def actor_rows(head: RoleHead, article: LabelledArticle) -> np.ndarray:
    """The actor stage's inputs for the actors found in ``article`` (pooled stance from ``head``)."""
    pooled = [float(head.stance(feats).mean()) for feats in article.actor_features]
    return actor_features(article.doc, article.actors, pooled)


def shown_roles(head: RoleHead, articles: list[LabelledArticle]) -> dict:
    """What a reader is shown for the labelled mentions: the role of the actor each belongs to, shown when the
    article casts the actor and the head is sure enough (:meth:`RoleHead.shows`), decided over the actor's mentions
    as the actors analysis decides it. ``shown``: the share of labelled mentions with a role shown; ``right``: the share of
    those whose shown main role is the labelled one."""
    labelled = shown = right = 0
    for article in articles:
        cast = head.cast(actor_rows(head, article)) if article.actors else np.zeros(0)
        for i, (_, _, label) in enumerate(article.mentions):
            labelled += 1
            actor = article.actor_of[i]
            if actor < 0:
                continue
            feats = article.actor_features[actor]
            main = head.main(feats).mean(axis=0)
            if not head.shows(float(cast[actor]), main):
                continue
            chosen, _ = head.decide(main, head.fine(feats).mean(axis=0))
            shown += 1
            right += chosen == label.main
    return {"mentions": labelled, "shown": round(shown / labelled, 4) if labelled else 0.0,
            "shown_right": round(right / shown, 4) if shown else 0.0}


ROLE_PRECISION = 0.75   # shown roles right at least this often, out of fold, where a threshold reaches it
# (0.80 sits on a flat stretch of the curve: 0.7 gave 0.79 or 0.80 as the entity layer changed, and the threshold
# jumped between 0.7 and 0.8, showing 26 % or 15 % of the labelled mentions)
ROLE_THRESHOLDS = (0.0, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def choose_role_threshold(heads: list[RoleHead], folds: list[list[LabelledArticle]], stage: dict, log=print) -> dict:
    """The pooled P(main role) below which a cast actor's role is not shown: the lowest whose out-of-fold
    precision (shown roles right) reaches :data:`ROLE_PRECISION`, else the most precise; each fold's head reads its
    own articles, with the actor stage chosen."""
    rows = []   # (shown by the stance, confidence, right) per labelled mention
    for head, fold in zip(heads, folds):
        head.actor_w, head.actor_b, head.stance_threshold = stage["actor_w"], stage["actor_b"], stage["stance_threshold"]
        for article in fold:
            cast = head.cast(actor_rows(head, article)) if article.actors else np.zeros(0)
            for i, (_, _, label) in enumerate(article.mentions):
                actor = article.actor_of[i]
                if actor < 0:
                    rows.append((False, 0.0, False))
                    continue
                main = head.main(article.actor_features[actor]).mean(axis=0)
                rows.append((bool(cast[actor] >= head.stance_threshold), float(main.max()),
                             MAIN_ROLES[int(np.argmax(main))] == label.main))
    cast, confidence, right = (np.array(c) for c in zip(*rows))
    curve = []
    for threshold in ROLE_THRESHOLDS:
        shown = cast & (confidence >= threshold)
        curve.append({"threshold": threshold, "shown": round(float(shown.mean()), 4),
                      "right": round(float(right[shown].mean()), 4) if shown.any() else 0.0})
    reaching = [c for c in curve if c["right"] >= ROLE_PRECISION and c["shown"] > 0]
    chosen = reaching[0] if reaching else max(curve, key=lambda c: c["right"])
    log("  shown roles out of fold (threshold: share of labelled mentions shown, share right): "
        + ", ".join(f"{c['threshold']}: {c['shown']:.2f}/{c['right']:.2f}" for c in curve))
    return {"role_threshold": chosen["threshold"], "cv_shown": chosen["shown"], "cv_shown_right": chosen["right"],
            "role_curve": curve}


def _f1(said: np.ndarray, gold: np.ndarray) -> float:
    """F1 of the positive class, over boolean arrays (the scores' ``binary_prf`` rounds; the choice here does not)."""
    tp, fp, fn = int((said & gold).sum()), int((said & ~gold).sum()), int((~said & gold).sum())
    return 2 * tp / max(1, 2 * tp + fp + fn)


def stance_f1(head: RoleHead, articles: list[LabelledArticle], threshold: float) -> float:
    """F1 of "the article casts this actor" over the actors found: P(cast) against ``threshold``."""
    found = [a for a in articles if a.actors]
    if not found:
        return 0.0
    said = np.concatenate([head.cast(actor_rows(head, a)) >= threshold for a in found])
    return _f1(said, np.concatenate([np.array(a.actor_stance, dtype=bool) for a in found]))


def fit_actor_stage(heads: list[RoleHead], folds: list[list[LabelledArticle]], log=print) -> dict:
    """The actor stage, stacked on the mention heads: its inputs made with each fold's head for that fold's
    articles (out of fold), its C and threshold chosen out of fold again; the weights fitted on all of them."""
    rows, gold, fold_of = [], [], []
    for k, (head, fold) in enumerate(zip(heads, folds)):
        for article in fold:
            if article.actors:
                rows.append(actor_rows(head, article))
                gold += article.actor_stance
                fold_of += [k] * len(article.actors)
    x, y, fold_of = np.concatenate(rows), np.array(gold), np.array(fold_of)
    best = None
    for c in ACTOR_C_GRID:
        oof = np.zeros(len(y))
        for k in range(len(folds)):
            model = _fit_logistic(x[fold_of != k], y[fold_of != k], c)
            oof[fold_of == k] = model.predict_proba(x[fold_of == k])[:, 1]
        for threshold in CAST_THRESHOLDS:
            f1 = _f1(oof >= threshold, y.astype(bool))
            if best is None or f1 > best["cv_stance_f1"]:
                best = {"actor_C": c, "stance_threshold": float(threshold), "cv_stance_f1": round(f1, 4)}
    pooled_only = max(_f1(1 / (1 + np.exp(-x[:, 0])) >= t, y.astype(bool)) for t in CAST_THRESHOLDS)
    log(f"  actor stage: out of fold stance F1 {best['cv_stance_f1']:.3f} (C={best['actor_C']}, threshold "
        f"{best['stance_threshold']}; the pooled mention stance alone, at its best threshold: {pooled_only:.3f})")
    model = _fit_logistic(x, y, best["actor_C"])
    return {**best, "actor_w": model.coef_[0].astype(np.float32), "actor_b": float(model.intercept_[0])}


def cross_validate(articles: list[LabelledArticle], log=print, extra: ExtraMentions | None = None) -> dict:
    """Out-of-fold choice of C and of the weight of the ``extra`` mentions, then of the mixing weight and the
    second fine role; then the actor stage (whether the article casts an actor at all) on the chosen fold heads."""
    folds = [[a for a in articles if int(hashlib.sha256(a.file.encode()).hexdigest(), 16) % FOLDS == k]
             for k in range(FOLDS)]
    results, heads_of = [], {}
    for c in C_GRID:
        for extra_weight in (EXTRA_WEIGHTS if extra is not None else (0.0,)):
            heads = heads_of[c, extra_weight] = [
                fit_head([a for j, f in enumerate(folds) if j != k for a in f], c, extra=extra,
                         extra_weight=extra_weight) for k in range(FOLDS)]
            for own in OWN_WEIGHTS:
                for second in SECOND_FINE:
                    predicted, gold = {}, {}
                    for head, fold in zip(heads, folds):
                        head.own_weight, head.second_fine = own, second
                        predicted.update(predicted_labels(head, fold))
                        gold.update(gold_labels(fold))
                    scores = score(gold, predicted)
                    results.append({"C": c, "extra_weight": extra_weight, "own_weight": own, "second_fine": second,
                                    **scores})
            mine = [r for r in results if r["C"] == c and r["extra_weight"] == extra_weight]
            log(f"  C={c}, extra weight {extra_weight}: best EMR {max(r['emr'] for r in mine):.3f}, main accuracy "
                f"{max(r['main_accuracy'] for r in mine):.3f}")
    # the official metric first, main-role accuracy to break ties
    best = max(results, key=lambda r: (round(r["emr"] + r["main_accuracy"], 4), r["emr"]))
    heads = heads_of[best["C"], best["extra_weight"]]
    for head in heads:
        head.own_weight, head.second_fine = best["own_weight"], best["second_fine"]
    stage = fit_actor_stage(heads, folds, log)
    return {**best, **stage, **choose_role_threshold(heads, folds, stage, log)}


def train(data: str | Path, out: str | Path = MODEL_DIR, log=print) -> dict:
    started = time.perf_counter()
    out = Path(out)
    encoder_dir = encoder_beside(out)
    encoder = load_shared_encoder(encoder_dir)
    log("reading the labelled SemEval-2025 articles through presslens (ingestion, spaCy, encoder pass)")
    articles = read_articles(data, encoder, log)
    train_part = [a for a in articles if part_of_article(a.file) == "train"]
    heldout = [a for a in articles if part_of_article(a.file) == "heldout"]
    log(f"{len(train_part)} training articles ({sum(len(a.mentions) for a in train_part)} mentions), "
        f"{len(heldout)} held out ({sum(len(a.mentions) for a in heldout)} mentions)")
    extra = None
    if (Path(data) / "narrative_frames_climate" / "roles.jsonl.gz").is_file():
        log("reading the Narrative Frames Corpus's heroes, villains and victims (main roles only)")
        extra = narrative_frames_mentions(data, encoder, log, exclude=entity_labelled_articles())
        log(f"  {len(extra.y)} occurrences of {int(round(extra.weights.sum()))} entities in "
            f"{len(set(extra.articles))} articles")
    chosen = cross_validate(train_part, log, extra)
    log(f"chosen out of fold: C={chosen['C']}, own weight {chosen['own_weight']}, second fine role at "
        f"{chosen['second_fine']}, stance threshold {chosen['stance_threshold']}: EMR {chosen['emr']:.3f}, "
        f"main accuracy {chosen['main_accuracy']:.3f}")
    head = fit_head(train_part, chosen["C"], chosen["stance_threshold"], chosen["own_weight"], chosen["second_fine"],
                    extra, chosen["extra_weight"])
    head.actor_w, head.actor_b, head.role_threshold = chosen["actor_w"], chosen["actor_b"], chosen["role_threshold"]
    config = {
        "head": f"logistic regressions (stance, main role, fine role) over mention, context and sentence vectors, "
                f"C={chosen['C']}",
        "stance_threshold": chosen["stance_threshold"], "actor_C": chosen["actor_C"], "own_weight": chosen["own_weight"],
        "extra_weight": chosen["extra_weight"], "role_threshold": chosen["role_threshold"],
        "role_curve": chosen["role_curve"],
        "extra_mentions": 0 if extra is None else int(len(extra.y)),
        "extra_articles": 0 if extra is None else len(set(extra.articles)),
        "second_fine": chosen["second_fine"],
        "cv": {k: chosen[k] for k in ("emr", "main_accuracy", "fine_f1", "cv_stance_f1", "cv_shown", "cv_shown_right")},
        "fit_articles": len(train_part), "fit_mentions": sum(len(a.mentions) for a in train_part),
        "heldout_percent": HELDOUT_PERCENT,
        "minutes": round((time.perf_counter() - started) / 60, 1),
    }
    write_model(out, head, config)
    heldout_scores = score(gold_labels(heldout), predicted_labels(head, heldout))
    heldout_scores["stance_f1"] = round(stance_f1(head, heldout, head.stance_threshold), 4)
    heldout_scores["shown_roles"] = shown_roles(head, heldout)
    heldout_scores["articles"] = len(heldout)
    (out / "heldout_scores.json").write_text(json.dumps(heldout_scores, indent=2) + "\n")
    log(f"held-out ({len(heldout)} articles, {heldout_scores['mentions']} mentions): EMR {heldout_scores['emr']:.3f}, "
        f"main accuracy {heldout_scores['main_accuracy']:.3f}, fine F1 {heldout_scores['fine_f1']:.3f}; roles shown "
        f"for {heldout_scores['shown_roles']['shown']:.1%} of the labelled mentions, right "
        f"{heldout_scores['shown_roles']['shown_right']:.1%} of the time")
    return {**config, "heldout": heldout_scores}


def write_model_card(data: str | Path, out: str | Path, result: dict, command: str, log=print) -> None:
    out = Path(out)
    held = result["heldout"]
    cv = result["cv"]
    card = f"""# Actor roles (SemEval-2025 Task 10 subtask 1, entity framing)

Three logistic-regression heads over the **shared encoder pass** (no second pass): for each mention, the mean of
its own token vectors, the mean of the {CONTEXT_TOKENS} word pieces either side, the mean and max of its sentence.

- **stance**: does the article cast the actor at all (positives: the 551 labelled mentions' actors; negatives:
  the other actors presslens finds in the same articles), per mention; then, per actor, a logistic regression
  (C={result['actor_C']}, stacked out of fold) over the pooled mention stance and how prominent the actor is
  ({', '.join(ACTOR_FEATURES)});
- **main role**: protagonist, antagonist, innocent; **fine role**: the 22 fine roles (softmax; only those under
  the chosen main role are read; a second one when its share reaches {result['second_fine']}).

An actor's role pools its mentions (mean of probabilities); a given mention (`eval semeval2025`) mixes its own
reading ({result['own_weight']}) with its actor's.

## Data and split
`../shared/data/semeval2025t10_en/train` (not redistributed): {result['fit_articles']} training articles
({result['fit_mentions']} mentions); {held['articles']} articles ({held['mentions']} mentions) held out by a hash
of the file name ({HELDOUT_PERCENT} %), never fitted or tuned on. Settings chosen out of fold (5 folds by
article) on the training articles: {result['head']}; stance threshold {result['stance_threshold']}.

The main-role head was {'also fitted on' if result.get('extra_weight') else 'offered, and the cross-validation declined,'} {result.get('extra_mentions', 0)} occurrences of the heroes, villains and victims of
{result.get('extra_articles', 0)} climate articles of 36 outlets (`../shared/data/narrative_frames_climate/roles.jsonl.gz`,
as protagonist, antagonist, innocent; strings found again in the text; the {len(entity_labelled_articles())} articles labelled for
`presslens eval entities` left out), each annotated entity weighing {result.get('extra_weight', 0)} against a SemEval
mention's 1 (chosen out of fold among {', '.join(map(str, EXTRA_WEIGHTS))}).

## Scores
| | out of fold (train) | held-out |
|---|---|---|
| EMR (official) | {cv['emr']:.3f} | {held['emr']:.3f} |
| main-role accuracy | {cv['main_accuracy']:.3f} | {held['main_accuracy']:.3f} |
| fine-role micro F1 | {cv['fine_f1']:.3f} | {held['fine_f1']:.3f} |
| stance F1 (actors found) | {cv['cv_stance_f1']:.3f} | {held['stance_f1']:.3f} |
| labelled mentions whose actor's role is shown | {cv['cv_shown']:.3f} | {held['shown_roles']['shown']:.3f} |
| shown roles right (main role) | {cv['cv_shown_right']:.3f} | {held['shown_roles']['shown_right']:.3f} |

A role is shown when the article casts the actor (P(cast) >= {result['stance_threshold']}) and the pooled P(main
role) reaches {result['role_threshold']}: the lowest threshold whose out-of-fold precision reaches
{ROLE_PRECISION} (else the most precise). Out of fold, threshold: share shown / share right:
{', '.join(f"{c['threshold']}: {c['shown']:.2f} / {c['right']:.2f}" for c in result['role_curve'])}.

Targets of the issue (held-out main-role accuracy >= 0.85, EMR >= 0.35; shown roles right >= 0.85 while shown for
>= 70 % of the labelled mentions) are missed: the majority class (antagonist) alone gives about 0.68 main-role
accuracy. Reproduce the held-out figures with
`presslens eval semeval2025 --subtask entity-framing --part heldout` (see the README).

## Command
`{command}` ({result['minutes']} min on 2 CPU cores)
"""
    save_model_card(out, card)
    log(f"model card written to {out / 'MODEL_CARD.md'}")
