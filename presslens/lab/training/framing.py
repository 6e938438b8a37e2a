"""Fit the genre and frame heads over the shared encoder's pass.

    presslens train framing --data ../shared/data --out presslens/models/framing

Features come from the shipped encoder exactly as at inference (each text read as a ``.txt`` article: non-body
regions and the headline left out; paragraph means aggregated into [mean, max] over the article, plus style
cues). The heads are logistic regressions (scikit-learn at training, NumPy at inference).

* **Genre**: the ``train`` part of presslens's genre corpus (:func:`presslens.lab.datasets.corpora.genre_corpus`:
  BBC reports, editorials, satire sites, fabricated stories under the genre of their form, SemEval-2023, and
  299 SemEval-2025 articles labelled by the project), outlet tells masked
  (:func:`~presslens.lab.datasets.corpora.masked_for_training`), each article weighted so that every genre, and every
  collection within a genre, counts alike. The feature set, C, and a bias per genre are chosen on the ``dev``
  part. The ``heldout`` part (the 58 hand-labelled SemEval-2025 articles, SemEval-2023's held-out split, Fox News
  editorials, 30 % of the satire and fabricated-story sites, one BBC report in seven) is scored once, for the
  card.
* **Frames**: SemEval-2023 Task 3's training + dev articles (the technique model's split) and the calibration
  part of the project's news frame labels (``presslens/labels/news_frames.tsv``: BBC reports, editorials,
  SemEval-2025 articles); C, the news articles' weight and one threshold by 5-fold cross-validation on both. The
  held-out articles of SemEval-2023 and the news labels' test part are scored once, for the card.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ..datasets import read_articles, split_of
from ..evaluation.semeval2023 import read_frames
from ..datasets.corpora import LABELS_DIR, configured_path, portable_path
from ...framing.features import N_STYLE
from ...models.provenance import save_model_card

C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
THRESHOLDS = tuple(np.round(np.arange(0.2, 0.65, 0.05), 2))
GENRES = ("opinion", "reporting", "satire")
BIAS_GRID = tuple(np.round(np.arange(-2.0, 2.01, 0.25), 2))


def semeval_files(data: Path) -> dict[str, Path]:
    semeval = data / "semeval2023t3" / "train"
    return {"articles": semeval / "articles-subtask-2", "frames": semeval / "train-labels-subtask-2.txt",
            "frame_names": data / "semeval2023t3" / "frames_subtask2.txt"}


def encode_texts(texts: dict[str, str], encoder_dir: Path, log=print) -> dict[str, np.ndarray]:
    """Article features of each text, as the genre and frames analyses compute them."""
    from ...framing import text_features
    from ...models.encoder import load_shared_encoder

    encoder = load_shared_encoder(encoder_dir)
    features = {}
    for n, (aid, text) in enumerate(texts.items(), 1):
        features[aid] = text_features(text, encoder)[2]
        if n % 250 == 0:
            log(f"encoded {n}/{len(texts)} articles")
    return features


def feature_sets(n_features: int) -> dict[str, np.ndarray]:
    """Column sets the genre head may use. The article's length is never one of them: the editorials are
    twice as long as the BBC reports, so length would tell the outlet, not the genre."""
    dim = (n_features - N_STYLE) // 2
    style = np.arange(2 * dim, n_features - 1)   # the last style cue is the length
    return {"mean": np.arange(dim), "mean+style": np.r_[np.arange(dim), style],
            "mean+max+style": np.r_[np.arange(2 * dim), style]}


def balanced_weights(articles) -> np.ndarray:
    """Weights under which every genre, and every collection within a genre, counts alike."""
    groups: dict[tuple[str, str], int] = {}
    for a in articles:
        groups[(a.genre, a.collection)] = groups.get((a.genre, a.collection), 0) + 1
    per_genre = {g: sum(1 for (genre, _) in groups if genre == g) for g in GENRES}
    weights = np.array([1.0 / (groups[(a.genre, a.collection)] * per_genre[a.genre]) for a in articles])
    return weights * len(articles) / weights.sum()


def fit_genre(data: Path, encoder_dir: Path, log=print, labels: Path = LABELS_DIR,
              trained: Path | None = None) -> tuple[dict, dict]:
    """Genre head weights (over all features, zeros where unused) and what was chosen on dev: logistic regressions
    over the pass's article features, or the head trained with the encoder (``trained``: its ``.npz``)."""
    from sklearn.linear_model import LogisticRegression

    from ..evaluation.semeval2023 import macro_f1
    from ..datasets.corpora import genre_corpus, genre_part, masked_for_training

    corpus = [a for a in genre_corpus(data, labels) if a.genre in GENRES]
    train = [a for a in corpus if genre_part(a) == "train"]
    dev = [a for a in corpus if genre_part(a) == "dev"]
    log(f"genre: {len(train)} training articles, {len(dev)} dev")
    x_train = np.stack(list(encode_texts({a.id: masked_for_training(a.id, a.text) for a in train}, encoder_dir, log).values()))
    x_dev = np.stack(list(encode_texts({a.id: a.text for a in dev}, encoder_dir, log).values()))
    y_train = np.array([GENRES.index(a.genre) for a in train])
    weights = balanced_weights(train)
    mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-6
    z_train, z_dev = (x_train - mean) / std, (x_dev - mean) / std
    gold = {a.id: a.genre for a in dev}

    def dev_f1(logits: np.ndarray) -> float:
        return macro_f1({a.id: GENRES[int(k)] for a, k in zip(dev, logits.argmax(1))}, gold).f1

    candidates = {}   # name -> (w over standardised features, b, mean, std)
    for name, cols in feature_sets(x_train.shape[1]).items():
        for c in C_GRID:
            model = LogisticRegression(C=c, max_iter=3000).fit(z_train[:, cols], y_train, sample_weight=weights)
            w = np.zeros((len(GENRES), x_train.shape[1]), dtype=np.float32)
            w[:, cols] = model.coef_
            candidates[f"logistic regression over {name}, C={c}"] = (w, model.intercept_.astype(np.float32), mean, std)
    if trained is not None and trained.is_file():
        with np.load(trained) as arrays:
            dim = arrays["genre_w"].shape[1]
            w = np.zeros((len(GENRES), x_train.shape[1]), dtype=np.float32)
            w[:, :dim] = arrays["genre_w"]  # it reads the mean of the paragraph vectors, unstandardised
            candidates["the head trained with the encoder"] = (w, arrays["genre_b"].astype(np.float32),
                                                               np.zeros_like(mean), np.ones_like(std))
    results = {name: dev_f1(((x_dev - m) / s) @ w.T + b) for name, (w, b, m, s) in candidates.items()}
    for name, f1 in sorted(results.items(), key=lambda kv: -kv[1])[:4]:
        log(f"  genre, {name}: dev macro-F1 {f1:.3f}")
    name = max(results, key=results.get)
    f1 = results[name]
    w, b, mean, std = candidates[name]
    # A bias per genre, chosen on dev: how sure the head must be before it calls a piece satire or opinion.
    logits = ((x_dev - mean) / std) @ w.T + b
    best_bias, best_f1 = np.zeros(3, dtype=np.float32), dev_f1(logits)
    for opinion in BIAS_GRID:
        for satire in BIAS_GRID:
            shift = np.array([opinion, 0.0, satire], dtype=np.float32)
            score = dev_f1(logits + shift)
            if score > best_f1 + 1e-9:
                best_bias, best_f1 = shift, score
    log(f"genre: {name}, dev macro-F1 {f1:.3f}; with biases {best_bias.tolist()}: {best_f1:.3f}")
    arrays = {"genre_mean": mean.astype(np.float32), "genre_std": std.astype(np.float32), "genre_w": w,
              "genre_b": (b + best_bias).astype(np.float32)}
    chosen = {"genre_head": name, "genre_bias": best_bias.tolist(), "dev_genre_macro_f1": round(best_f1, 4),
              "dev_genre_macro_f1_before_bias": round(f1, 4), "genre_train_articles": len(train),
              "genre_dev_articles": len(dev)}
    return arrays, chosen


NEWS_WEIGHTS = (0.0, 1.0, 3.0, 10.0)   # how much one hand-labelled news article weighs against one PTC article


def _fit_per_frame(x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float,
                   known: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One weighted logistic regression per frame: ``(w [n_frames, dim], b [n_frames])``. A frame that every
    fitting article has (or none has) gets zero weights and a bias that says always (or never). ``known``
    ``[n, n_frames]``: whether a row's label of a frame is known (articles of another scheme that label only some
    frames); all are by default."""
    from sklearn.linear_model import LogisticRegression

    w, b = np.zeros((y.shape[1], x.shape[1]), dtype=np.float32), np.zeros(y.shape[1], dtype=np.float32)
    for j in range(y.shape[1]):
        frame_weights = weights if known is None else weights * known[:, j]
        present = y[frame_weights > 0, j]
        if present.min() == present.max():
            b[j] = 20.0 if present[0] else -20.0
            continue
        model = LogisticRegression(C=c, max_iter=3000).fit(x, y[:, j], sample_weight=frame_weights)
        w[j], b[j] = model.coef_[0], model.intercept_[0]
    return w, b


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


PTC_TOLERANCE = 0.01   # how much cross-validated micro-F1 on PTC's articles the news articles may cost


def choose_frame_setting(results: list[tuple], tolerance: float = PTC_TOLERANCE) -> tuple:
    """Of ``(PTC F1, news F1, C, weight, threshold)`` rows (out of fold), the best on news among those within
    ``tolerance`` of the best on PTC: news unlike PTC's is learnt, PTC's own articles (SemEval-2023's
    distribution, where the frames target is set) lose at most ``tolerance``. Ties go to the better PTC figure."""
    best_ptc = max(r[0] for r in results)
    return max((r for r in results if r[0] >= best_ptc - tolerance - 1e-12), key=lambda r: (r[1], r[0]))


EXTRA_WEIGHTS = (0.0, 0.5, 1.0)   # how much a Narrative Frames article (its EC and MO labels) weighs


def narrative_frames_extra(data: Path, labels: Path, frame_names) -> list[tuple[str, bool, bool]]:
    """(key, economic, moral) of the Narrative Frames Corpus's articles that the project's frame labels do not hold,
    from outlets with no article in the labels' test part (so the test outlets stay unseen)."""
    import gzip
    import json

    from ..datasets.corpora import narrative_frames_outlet
    from ..evaluation.news_frames import read_news_frames

    path = Path(data) / "narrative_frames_climate" / "articles.jsonl.gz"
    news_file = Path(labels) / "news_frames.tsv"
    if not path.is_file() or not news_file.is_file():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    outlet = {row["id"]: narrative_frames_outlet(data, row["id"]) for row in rows}
    labelled = read_news_frames(news_file, frame_names)
    taken = {a.article.split("/", 1)[1] for a in labelled if a.source == "narrative_frames"}
    test_outlets = {outlet[a.article.split("/", 1)[1]] for a in labelled
                    if a.source == "narrative_frames" and a.part == "test"}
    return [(f"narrative_frames/{row['id']}", bool(row["EC"]), bool(row["MO"])) for row in rows
            if row["id"] not in taken and outlet[row["id"]] not in test_outlets]


FRAME_THRESHOLDS = tuple(np.round(np.arange(0.15, 0.86, 0.05), 2))
MIN_NEWS_POSITIVES = 8   # a frame with fewer positives among the news articles keeps the common threshold


def per_frame_thresholds(p_ptc, y_ptc, p_news, y_news, common: float, tolerance: float = PTC_TOLERANCE,
                         rounds: int = 2) -> list[float]:
    """A threshold per frame, by coordinate ascent on the out-of-fold micro-F1 of the news articles (other outlets:
    what the thresholds are for), each change kept only while PTC's out-of-fold micro-F1 stays within ``tolerance``
    of its figure at the common threshold; a frame the news articles rarely have keeps the common one."""
    from sklearn.metrics import f1_score

    thresholds = np.full(y_news.shape[1], common)
    floor = f1_score(y_ptc, p_ptc >= thresholds, average="micro") - tolerance
    best = f1_score(y_news, p_news >= thresholds, average="micro")
    for _ in range(rounds):
        for j in range(len(thresholds)):
            if y_news[:, j].sum() < MIN_NEWS_POSITIVES:
                continue
            for candidate in FRAME_THRESHOLDS:
                trial = thresholds.copy()
                trial[j] = candidate
                score = f1_score(y_news, p_news >= trial, average="micro")
                if score > best + 1e-9 and f1_score(y_ptc, p_ptc >= trial, average="micro") >= floor:
                    best, thresholds = score, trial
    return [float(t) for t in thresholds]


def fit_frames(data: Path, encoder_dir: Path, log=print, labels: Path = LABELS_DIR) -> tuple[dict, dict]:
    """Frame head over SemEval-2023's fitting articles and the calibration part of the project's news frame labels
    (``labels/news_frames.tsv``; none when the file is absent). C, the news articles' weight and one threshold are
    chosen by 5-fold cross-validation (:func:`choose_frame_setting`: the best out-of-fold micro-F1 on the news
    articles that keeps PTC's within ``PTC_TOLERANCE`` of its best)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import KFold
    from sklearn.preprocessing import MultiLabelBinarizer

    from ..datasets.corpora import article_text
    from ..evaluation.news_frames import read_news_frames

    files = semeval_files(data)
    articles = read_articles(files["articles"])
    frames = read_frames(files["frames"])
    frame_names = [line.strip() for line in files["frame_names"].read_text().splitlines() if line.strip()]
    fit_ids = [a for a in sorted(articles) if split_of(a) != "heldout" and a in frames]
    news_file = Path(labels) / "news_frames.tsv"
    news = [a for a in read_news_frames(news_file, frame_names) if a.part == "calibration"] if news_file.is_file() else []
    ptc_features = encode_texts({a: articles[a] for a in fit_ids}, encoder_dir, log)
    news_features = encode_texts({a.article: article_text(data, a.article) for a in news}, encoder_dir, log)
    binarizer = MultiLabelBinarizer(classes=frame_names).fit([frame_names])
    x_ptc = np.stack([ptc_features[a] for a in fit_ids])
    y_ptc = binarizer.transform([frames[a] for a in fit_ids])
    x_news = np.stack([news_features[a.article] for a in news]) if news else np.zeros((0, x_ptc.shape[1]))
    y_news = binarizer.transform([list(a.frames) for a in news]) if news else np.zeros((0, len(frame_names)), dtype=int)
    x_all = np.vstack([x_ptc, x_news])
    mean, std = x_all.mean(axis=0), x_all.std(axis=0) + 1e-6
    z_ptc, z_news = (x_ptc - mean) / std, (x_news - mean) / std
    # the Narrative Frames Corpus's own economic and moral labels, for Economic and Morality only: its articles not
    # labelled by the project, of outlets none of whose articles is in the test part (held out by outlet)
    extra = narrative_frames_extra(data, labels, frame_names)
    extra_features = encode_texts({key: article_text(data, key) for key, _, _ in extra}, encoder_dir, log)
    z_extra = ((np.stack([extra_features[k] for k, _, _ in extra]) - mean) / std if extra
               else np.zeros((0, x_ptc.shape[1])))
    y_extra = np.zeros((len(extra), len(frame_names)), dtype=int)
    known_extra = np.zeros((len(extra), len(frame_names)))
    for row, (_, economic, moral) in enumerate(extra):
        for frame, value in (("Economic", economic), ("Morality", moral)):
            y_extra[row, frame_names.index(frame)] = int(value)
            known_extra[row, frame_names.index(frame)] = 1.0

    ptc_folds = list(KFold(5, shuffle=True, random_state=13).split(z_ptc))
    news_folds = list(KFold(5, shuffle=True, random_state=13).split(z_news)) if len(news) >= 5 else []

    def out_of_fold(c: float, weight: float, extra_weight: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        p_ptc, p_news = np.zeros(y_ptc.shape), np.zeros(y_news.shape)
        for k, (ptc_train, ptc_test) in enumerate(ptc_folds):
            news_train, news_test = news_folds[k] if news_folds else (np.arange(0), np.arange(0))
            x = np.vstack([z_ptc[ptc_train], z_news[news_train], z_extra])
            y = np.vstack([y_ptc[ptc_train], y_news[news_train], y_extra])
            sw = np.r_[np.ones(len(ptc_train)), np.full(len(news_train), weight), np.full(len(extra), extra_weight)]
            known = np.vstack([np.ones((len(ptc_train) + len(news_train), len(frame_names))), known_extra])
            w, b = _fit_per_frame(x, y, sw, c, known)
            p_ptc[ptc_test] = _sigmoid(z_ptc[ptc_test] @ w.T + b)
            p_news[news_test] = _sigmoid(z_news[news_test] @ w.T + b)
        return p_ptc, p_news

    results = []   # (PTC F1, news F1, C, weight, threshold, extra weight), out of fold
    for c in C_GRID:
        for weight in (NEWS_WEIGHTS if news_folds else (0.0,)):
            for extra_weight in (EXTRA_WEIGHTS if extra else (0.0,)):
                p_ptc, p_news = out_of_fold(c, weight, extra_weight)
                for threshold in THRESHOLDS:
                    f_ptc = f1_score(y_ptc, p_ptc >= threshold, average="micro")
                    f_news = f1_score(y_news, p_news >= threshold, average="micro") if news_folds else f_ptc
                    results.append((f_ptc, f_news, c, weight, float(threshold), extra_weight))
    for each_weight in sorted({r[3] for r in results}):   # the best of each weight: what the news articles buy
        r = choose_frame_setting([r for r in results if r[3] == each_weight])
        log(f"  frames, news weight {r[3]}: C={r[2]}, threshold {r[4]}, Narrative Frames weight {r[5]}: "
            f"cross-validated micro-F1 PTC {r[0]:.3f}, news {r[1]:.3f}")
    for each_extra in sorted({r[5] for r in results}):   # what the other scheme's labels buy
        r = choose_frame_setting([r for r in results if r[5] == each_extra])
        log(f"  frames, Narrative Frames weight {each_extra}: best cross-validated micro-F1 PTC {r[0]:.3f}, news {r[1]:.3f}")
    f_ptc, f_news, c, weight, threshold, extra_weight = choose_frame_setting(results)
    p_ptc, p_news = out_of_fold(c, weight, extra_weight)
    thresholds = per_frame_thresholds(p_ptc, y_ptc, p_news, y_news, threshold) if news_folds else [threshold] * len(frame_names)
    f_ptc_each = f1_score(y_ptc, p_ptc >= np.array(thresholds), average="micro")
    f_news_each = f1_score(y_news, p_news >= np.array(thresholds), average="micro") if news_folds else f_ptc_each
    log(f"  per-frame thresholds {dict(zip(frame_names, thresholds))}: cross-validated micro-F1 PTC {f_ptc_each:.3f}, "
        f"news {f_news_each:.3f} (one threshold: {f_ptc:.3f}, {f_news:.3f})")
    weights = np.r_[np.ones(len(fit_ids)), np.full(len(news), weight), np.full(len(extra), extra_weight)]
    known = np.vstack([np.ones((len(fit_ids) + len(news), len(frame_names))), known_extra])
    w, b = _fit_per_frame(np.vstack([z_ptc, z_news, z_extra]), np.vstack([y_ptc, y_news, y_extra]), weights, c, known)
    log(f"frames: C={c}, news weight {weight}, threshold {threshold} (cross-validated micro-F1 PTC {f_ptc:.3f}, "
        f"news {f_news:.3f}; {len(fit_ids)} SemEval-2023 + {len(news)} news articles)")
    arrays = {"mean": mean.astype(np.float32), "std": std.astype(np.float32), "frames_w": w, "frames_b": b}
    chosen = {"frames": frame_names, "frame_threshold": threshold, "frame_thresholds": thresholds, "frames_C": c,
              "frames_news_weight": weight, "cv_frames_micro_f1": round(f_ptc_each, 4),
              "cv_frames_news_micro_f1": round(f_news_each, 4),
              "cv_one_threshold_micro_f1": {"ptc": round(f_ptc, 4), "news": round(f_news, 4)},
              "fit_articles": len(fit_ids), "fit_news_articles": len(news),
              "narrative_frames_weight": extra_weight, "narrative_frames_articles": len(extra)}
    return arrays, chosen


def kept_genre_head(out: Path, fingerprint: str) -> tuple[dict, dict] | None:
    """The genre head already in ``out`` (its arrays and its config entries), when it was fitted to the encoder
    of this ``fingerprint``; else None."""
    config_file, heads_file = out / "config.json", out / "heads.npz"
    if not (config_file.is_file() and heads_file.is_file()):
        return None
    config = json.loads(config_file.read_text())
    if config.get("encoder_fingerprint") != fingerprint:
        return None
    with np.load(heads_file) as heads:
        arrays = {k: heads[k] for k in heads.files if k.startswith("genre_")}
    return arrays, {k: v for k, v in config.items() if k.startswith(("genre_", "dev_genre_"))}


def fit(data: Path, out: Path, seed: int = 13, log=print, labels: Path = LABELS_DIR, keep_genre: bool = False) -> dict:
    """Fit the genre and frame heads to the encoder beside ``out``. ``keep_genre`` refits the frame head only and
    keeps the genre head already in ``out`` when it was fitted to the same encoder (else the genre head is fitted)."""
    from ...models.encoder import encoder_beside, encoder_fingerprint

    started = time.time()
    encoder_dir = encoder_beside(out)
    kept = kept_genre_head(out, encoder_fingerprint(encoder_dir)) if keep_genre else None
    if kept:
        log(f"genre: keeping the head in {out} ({kept[1].get('genre_head')}), fitted to this encoder")
        genre_arrays, genre_chosen = kept
    else:
        genre_arrays, genre_chosen = fit_genre(data, encoder_dir, log, labels, out / "trained_heads.npz")
    frame_arrays, frame_chosen = fit_frames(data, encoder_dir, log, labels)
    from ...heads.files import write_head

    return write_head(out, "heads.npz", {**genre_arrays, **frame_arrays}, {
        "genres": list(GENRES), **frame_chosen, **genre_chosen, "labels": portable_path(labels), "seed": seed,
        "minutes": round((time.time() - started) / 60, 1)})


def write_model_card(data: Path, out: Path, config: dict, command: str, log=print) -> None:
    """Score the fitted heads on the held-out parts and write MODEL_CARD.md."""
    from ..evaluation.genre import GROUPS, evaluate_genre_corpus
    from ..evaluation.news_frames import evaluate_news_frames
    from ..evaluation.semeval2023 import evaluate_semeval2023
    from ...framing import load_model

    load_model.cache_clear()
    semeval = data / "semeval2023t3" / "train"
    genre_groups = evaluate_genre_corpus(data, "heldout", labels=configured_path(config.get("labels", LABELS_DIR)), model_folder=out)
    frames, n_frames = evaluate_semeval2023("frames", semeval, semeval, split="heldout", model_folder=out)
    news_file = configured_path(config.get("labels", LABELS_DIR)) / "news_frames.tsv"
    news = evaluate_news_frames(data, news_file, "test", model_folder=out) if news_file.is_file() else None
    scores = {"genre": {g.name: g.as_dict() for g in genre_groups}, "frames": frames.as_dict(),
              **({"news_frames": news.as_dict()} if news else {})}
    (out / "heldout_scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    genre_rows = "\n".join(
        f"| {GROUPS[g.name]} | {len(g.gold)} | **{g.prf.f1:.3f}** | "
        + " · ".join(f"{label} {p.f1:.2f} ({p.support})" for label, p in sorted(g.prf.per_label.items())) + " |"
        for g in genre_groups)
    frame_rows = "\n".join(f"| {label} | {p.support} | {p.precision:.3f} | {p.recall:.3f} | {p.f1:.3f} |"
                           for label, p in sorted(frames.per_label.items(), key=lambda kv: -kv[1].support))
    news_rows = "" if news is None else (
        f"Frames, news unlike PTC's (the test part of `presslens/labels/news_frames.tsv`, {len(news.articles)} articles "
        f"never fitted or tuned on), micro-F1 **{news.prf.f1:.3f}** (P {news.prf.precision:.3f}, R {news.prf.recall:.3f}): "
        + " · ".join(f"{source} {p.f1:.3f}" for source, p in news.by_source().items()) + "\n")
    card = f"""# presslens genre and frame heads

- **Encoder:** the shipped shared encoder (fingerprint `{config['encoder_fingerprint']}`); the heads read its pass,
  so genre and frames cost no second pass over the text.
- **Features:** mean token vector per body paragraph (non-body regions and the headline left out); the article is
  [mean, max] over its paragraphs (no truncation, however long) plus style cues (quotation marks, first and second
  person, attribution verbs, ?/!); the article's length is never used (it tells the outlet, not the genre).
- **Genre head:** {config['genre_head']} (chosen on dev among logistic regressions fitted on
  {config['genre_train_articles']} articles with outlet tells masked (outlet names, datelines, British/American
  spelling: `presslens/lab/datasets/data/outlet_tells.json`), each genre and each collection within a genre weighted
  alike, and the head trained with the encoder on the same articles); a bias per genre (opinion, reporting, satire: {config['genre_bias']}) chosen on {config['genre_dev_articles']}
  dev articles (macro-F1 {config['dev_genre_macro_f1_before_bias']} before, {config['dev_genre_macro_f1']} after).
- **Frame head:** one logistic regression per frame (C={config['frames_C']}, one threshold {config['frame_threshold']}),
  on {config['fit_articles']} SemEval-2023 training + dev articles and {config.get('fit_news_articles', 0)} news articles
  labelled by the project (`presslens/labels/news_frames.tsv`, calibration part; each weighing
  {config.get('frames_news_weight', 0)} PTC articles), chosen by 5-fold cross-validation: the best out-of-fold micro-F1
  on the news articles among the settings within {PTC_TOLERANCE} of the best on PTC's (PTC {config['cv_frames_micro_f1']},
  news {config.get('cv_frames_news_micro_f1', '—')}). A frame's evidence is the paragraphs that score highest when each
  is read alone.
- **Data:** `../shared/data` (research use only, not redistributed: only weights are shipped): genre_news, SemEval-2023
  Task 3, SemEval-2025 Task 10 (the 58 of `genre-labels.tsv` held out; 299 others labelled by the project in
  `presslens/labels/semeval2025_genres.tsv`), fabricated stories labelled by their form (`presslens/labels/golbeck_fake_genres.tsv`).

Command: `{command}`

## Held-out results (never fitted or tuned on)
Genre, macro-F1 (per genre: F1, gold articles):

| held-out group | articles | macro-F1 | per genre |
|---|---|---|---|
{genre_rows}

Frames, SemEval-2023 held-out split, {n_frames} articles, micro-F1 **{frames.f1:.3f}** (P {frames.precision:.3f}, R {frames.recall:.3f}):

| frame | gold | precision | recall | F1 |
|---|---|---|---|---|
{frame_rows}

{news_rows}
Reproduce: `presslens eval genre --data {data}`,
`presslens eval semeval2023 --subtask frames --articles {semeval} --labels {semeval} --split heldout` and
`presslens eval frames --data {data} --part test`
"""
    save_model_card(out, card)
    for g in genre_groups:
        log(f"held-out genre, {GROUPS[g.name]}: macro-F1 {g.prf.f1:.3f} ({len(g.gold)} articles)")
    if news:
        log(f"news frames (test part) micro-F1 {news.prf.f1:.3f} ({len(news.articles)} articles)")
    log(f"held-out frames micro-F1 {frames.f1:.3f}; card written to {out}/MODEL_CARD.md")
