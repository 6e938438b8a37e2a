"""Fit the entity head (``presslens train entities``) on CoNLL-2003 and WNUT-17.

Data: ``../shared/data/conll2003_en`` (``eng.train``: fitted; ``eng.testa``: the epoch and the operating point are
chosen on it and the model card reports it) and ``../shared/data/wnut17`` (``train``: fitted, its social-media
types mapped onto CoNLL's: person -> PER, location -> LOC, corporation and group -> ORG, product and creative-work
-> MISC). Each CoNLL article is rebuilt as a text of one sentence per line, its tokens joined by spaces, and each
sentence is a unit of the pass (as a paragraph is in an article), so the head is fitted on exactly the pass that
serves it: the shipped int8 encoder's vectors, windows packed from whole units.

The vectors of every corpus are cached in ``--cache`` (outside the repository, :mod:`presslens.lab.evaluation.conll`)
so that a second run, or one that was stopped, goes on from them.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ...entities.head import SHAPE_FEATURES, TAGS, TYPES, EntityHead
from ..evaluation.conll import (DEFAULT_CACHE, EncodedCorpus, cached_corpus, documents, predict, span_scores,
                                spacy_spans)
from ...models.encoder import load_shared_encoder
from ...models.provenance import save_model_card

# --- fitting ----------------------------------------------------------------------------------------------------

PROJECTION, WINDOW, WINDOW_WIDTH = 384, 5, 192
EPOCHS, CHUNK, CHUNKS_PER_STEP, LEARNING_RATE, DROPOUT = 16, 256, 16, 1e-3, 0.2
# WNUT-17's posts are mostly lower case and noisy: at full weight they took CoNLL testa from 0.88 to 0.87; at 0.3
# they cost nothing there and bring products, works and groups CoNLL lacks
WNUT_WEIGHT = 0.3


def inputs(corpus: EncodedCorpus) -> np.ndarray:
    return np.concatenate([corpus.vectors.astype(np.float32), corpus.shapes], axis=1)


def _torch_head(n_inputs: int):
    import torch

    class Head(torch.nn.Module):
        """The same layers as :class:`presslens.entities.head.EntityHead`, with dropout, to fit."""

        def __init__(self):
            super().__init__()
            self.l1 = torch.nn.Linear(n_inputs, PROJECTION)
            self.l2 = torch.nn.Linear(WINDOW * PROJECTION, WINDOW_WIDTH)
            self.l3 = torch.nn.Linear(WINDOW_WIDTH, len(TAGS))
            self.drop = torch.nn.Dropout(DROPOUT)

        def forward(self, x, unit_ids):
            gelu = torch.nn.functional.gelu
            h = self.drop(gelu(self.l1(self.drop(x)), approximate="tanh"))
            g = gelu(self.l2(torch.cat(torch_neighbours(h, unit_ids), 1)), approximate="tanh")
            return self.l3(self.drop(g))

    return Head()


def torch_neighbours(h, units):
    """The window of :func:`presslens.entities.head.windowed_product` in PyTorch, as blocks to concatenate
    (``units``: each row's unit; rows of one batch that are not consecutive words carry different unit ids)."""
    import torch

    half, out = WINDOW // 2, []
    for shift in range(-half, half + 1):
        if shift == 0:
            out.append(h)
            continue
        shifted = torch.zeros_like(h)
        if shift < 0:
            same = (units[-shift:] == units[:shift]).float()
            shifted[-shift:] = h[:shift] * same[:, None]
        else:
            same = (units[:-shift] == units[shift:]).float()
            shifted[:-shift] = h[shift:] * same[:, None]
        out.append(shifted)
    return out


def to_numpy(model, mean: np.ndarray, std: np.ndarray) -> EntityHead:
    from ...entities.head import allowed_transitions

    w = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    return EntityHead(mean.astype(np.float32), std.astype(np.float32), w["l1.weight"].T.copy(), w["l1.bias"],
                      w["l2.weight"].T.copy(), w["l2.bias"], w["l3.weight"].T.copy(), w["l3.bias"],
                      allowed_transitions())


def fit(train_parts: list[EncodedCorpus], dev: EncodedCorpus, epochs: int = EPOCHS, seed: int = 13,
        log=print, part_weights: list[float] | None = None) -> tuple[EntityHead, list[dict]]:
    """Fit on ``train_parts`` (each word's loss weighted by its part's weight); keep the epoch with the best
    exact-span F1 on ``dev``."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x = np.concatenate([inputs(c) for c in train_parts])
    y = np.concatenate([c.tags for c in train_parts])
    units = np.concatenate([c.units + n * 10 ** 8 for n, c in enumerate(train_parts)])
    weights = np.concatenate([np.full(len(c.tags), w, dtype=np.float32)
                              for c, w in zip(train_parts, part_weights or [1.0] * len(train_parts))])
    wt = torch.tensor(weights)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-4
    xt = torch.tensor((x - mean) / std, dtype=torch.float32)
    yt, ut = torch.tensor(y), torch.tensor(units)
    model = _torch_head(x.shape[1])
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=1e-2)
    n_chunks = len(x) // CHUNK
    steps = epochs * -(-n_chunks // CHUNKS_PER_STEP)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.05, 1 - step / steps))
    best, history, t0 = None, [], time.time()
    for epoch in range(1, epochs + 1):
        model.train()
        order = rng.permutation(n_chunks)
        for first in range(0, n_chunks, CHUNKS_PER_STEP):
            rows = np.concatenate([np.arange(c * CHUNK, (c + 1) * CHUNK) for c in order[first:first + CHUNKS_PER_STEP]])
            # rows of different chunks are never neighbours: each chunk's units are made its own
            chunk_of = torch.tensor(np.repeat(np.arange(len(rows) // CHUNK), CHUNK))
            batch_units = ut[rows] * 4096 + chunk_of
            losses = torch.nn.functional.cross_entropy(model(xt[rows], batch_units), yt[rows], reduction="none")
            loss = (losses * wt[rows]).sum() / wt[rows].sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        model.eval()
        head = to_numpy(model, mean, std)
        scores = span_scores(predict(head, dev), dev.gold)
        history.append({"epoch": epoch, "minutes": round((time.time() - t0) / 60, 1), **{
            k: scores["all"][k] for k in ("precision", "recall", "f1")}})
        log(f"epoch {epoch}: dev P {scores['all']['precision']:.4f} R {scores['all']['recall']:.4f} "
            f"F1 {scores['all']['f1']:.4f}")
        if best is None or scores["all"]["f1"] > best[0]:
            best = (scores["all"]["f1"], head, epoch)
    history.append({"kept_epoch": best[2]})
    return best[1], history


# --- the command ------------------------------------------------------------------------------------------------

def train(data: str | Path, out: str | Path = None, log=print, cache: str | Path = DEFAULT_CACHE,
          epochs: int = EPOCHS, seed: int = 13) -> dict:
    from ...entities.head import MODEL_DIR
    from ...heads.files import write_head
    from ...models.encoder import encoder_beside

    started = time.perf_counter()
    data, out, cache = Path(data), Path(out or MODEL_DIR), Path(cache)
    encoder = load_shared_encoder(encoder_beside(out))
    conll_train = cached_corpus(cache, data, "conll", "train", encoder, log)
    conll_dev = cached_corpus(cache, data, "conll", "testa", encoder, log)
    wnut_train = cached_corpus(cache, data, "wnut17", "train", encoder, log)
    log(f"fitting on {len(conll_train.tags):,} CoNLL and {len(wnut_train.tags):,} WNUT words; "
        f"choosing the epoch on CoNLL testa ({len(conll_dev.gold):,} names)")
    head, history = fit([conll_train, wnut_train], conll_dev, epochs, seed, log, part_weights=[1.0, WNUT_WEIGHT])
    dev = span_scores(predict(head, conll_dev), conll_dev.gold)
    log("spaCy's names on CoNLL testa, for comparison")
    baseline = span_scores(spacy_spans(documents(data, "conll", "testa")), conll_dev.gold)
    config = {
        "head": f"word vectors of the shared pass (first word piece) + {len(SHAPE_FEATURES)} shape features -> "
                f"{PROJECTION} -> window of {WINDOW} words -> {WINDOW_WIDTH} -> BIO tags; allowed-transition Viterbi",
        "tags": list(TAGS), "shape_features": list(SHAPE_FEATURES),
        "fit": {"conll_words": int(len(conll_train.tags)), "wnut_words": int(len(wnut_train.tags)),
                "wnut_weight": WNUT_WEIGHT,
                "epochs": epochs, "seed": seed, "learning_rate": LEARNING_RATE, "dropout": DROPOUT},
        "history": history, "minutes": round((time.perf_counter() - started) / 60, 1),
    }
    write_head(out, "head.npz", head.arrays(), config)
    scores = {"conll_testa": dev, "spacy_conll_testa": baseline}
    (out / "heldout_scores.json").write_text(json.dumps(scores, indent=2) + "\n")
    log(f"CoNLL testa: P {dev['all']['precision']:.4f} R {dev['all']['recall']:.4f} F1 {dev['all']['f1']:.4f} "
        f"(spaCy's names: F1 {baseline['all']['f1']:.4f})")
    return {**config, "scores": scores}


def write_model_card(data: str | Path, out: str | Path, result: dict, command: str, log=print) -> None:
    out = Path(out)
    dev, base = result["scores"]["conll_testa"], result["scores"]["spacy_conll_testa"]
    rows = "\n".join(f"| {k} | {dev[k]['precision']:.3f} | {dev[k]['recall']:.3f} | {dev[k]['f1']:.3f} | "
                     f"{base[k]['f1']:.3f} | {dev[k]['gold']} |" for k in ("all", *TYPES))
    epochs = "\n".join(f"| {h['epoch']} | {h['precision']:.4f} | {h['recall']:.4f} | {h['f1']:.4f} |"
                       for h in result["history"] if "epoch" in h)
    card = f"""# Entity head (names: PER, ORG, LOC, MISC)

A small head over the **shared encoder pass** (no second pass): {result['head']}. The encoder is uncased, so
each word's capitals (and those of its neighbours, and whether it starts a sentence or a line in capitals) are
read as shape features beside its vector. Entities are decoded over whole words, so each `(start, end)` cuts the
text at word boundaries ("Obama's" gives "Obama").

## Data
- `../shared/data/conll2003_en` (Reuters, 1996; not redistributed): `eng.train` fitted
  ({result['fit']['conll_words']:,} words); `eng.testa` chooses the epoch and is reported below (so the figure is
  a validation figure, not a test one: `eng.testb` is held for release acceptance).
- `../shared/data/wnut17` `train` ({result['fit']['wnut_words']:,} words of posts, each word's loss weighted
  {result['fit']['wnut_weight']}): person -> PER, location -> LOC, corporation and group -> ORG, product and
  creative-work -> MISC.
- {result['fit']['epochs']} epochs, AdamW lr {result['fit']['learning_rate']} decaying linearly, dropout
  {result['fit']['dropout']}, seed {result['fit']['seed']}; {result['minutes']} minutes on CPU, the encoder's
  vectors cached.

## CoNLL-2003 testa (exact spans)
| type | precision | recall | F1 | spaCy's names F1 | names |
|---|---|---|---|---|---|
{rows}

spaCy's names: `en_core_web_sm`'s entities mapped PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC, NORP, EVENT,
WORK_OF_ART, PRODUCT, LAW, LANGUAGE -> MISC (what the report listed before this head).

| epoch | P | R | F1 |
|---|---|---|---|
{epochs}

Kept: epoch {[h for h in result['history'] if 'kept_epoch' in h][0]['kept_epoch']}.

## Licences
Upstream encoder: all-MiniLM-L6-v2 (Apache-2.0). CoNLL-2003: Reuters RCV1 text under the Reuters research agreement
(labels by the University of Antwerp); WNUT-17: CC BY 4.0. Only the head's weights are shipped, no text. All the licences: [docs/licences.md](../../../docs/licences.md#entities).

Rebuild: `{command}`
"""
    save_model_card(out, card)
    log(f"wrote {out / 'MODEL_CARD.md'}")
