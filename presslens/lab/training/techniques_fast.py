"""Fit the fast (linear) technique model of ``--fast`` on PTC-2020 (a few minutes on 2 cores).

    presslens train techniques-fast --data ../shared/data/ptc2020/train --out presslens/models/techniques-fast

Same split as the neural model (:func:`presslens.lab.datasets.split_of`): the
regularisation of both logistic regressions and the span decoding are chosen
on the dev articles; the held-out articles are scored once, for the model card.
"""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np

from ..datasets import read_articles, split_of
from ...models.provenance import save_model_card
from ...models.windows import line_units, tokenize_units
from ...models.encoder import SHARED_ENCODER_DIR
from ..datasets.ptc import by_article, read_labels
from ...techniques.linear import N_BUCKETS, FeatureEncoder, LinearHeads, span_rows, token_rows
from ...techniques.taxonomy import PTC_LABELS
from .techniques import bio_labels, dev_scores, score_heldout, tune_decoding

SI_C = (0.3, 1.0, 3.0)
TC_C = (3.0, 10.0, 30.0)
# a linear tagger is less sure of itself than the encoder: lower thresholds than the neural model's
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)


def _tokenizer():
    from tokenizers import Tokenizer

    # the word pieces of the neural model, so both models cut text the same way
    tokenizer = Tokenizer.from_file(str(SHARED_ENCODER_DIR / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def train(data: Path, out: Path, seed: int = 13, blend_with: Path | None = None, command: str = "",
          log=print) -> dict:
    """Fit the linear model into ``out``; then, when ``blend_with`` holds an encoder model, choose on dev how
    much the linear span classifier weighs in that model's (``tc_blend.json`` there)."""
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    if blend_with is not None and not (Path(blend_with) / "heads.npz").is_file():
        from ...errors import ModelMissing

        raise ModelMissing(f"no encoder technique model in {blend_with} to blend with (--blend-with)")
    started = time.time()
    articles = read_articles(data / "articles")
    gold = by_article(read_labels(data, "tc"))
    encoder = FeatureEncoder(_tokenizer())
    si_x, si_y, tc_x, tc_y, dev = [], [], [], [], []
    for aid, text in articles.items():
        part = split_of(aid)
        if part == "dev":
            dev.append((aid, text, *encoder.encode_text(text)))
        elif part == "train":
            tokens = tokenize_units(encoder.tokenizer, text, line_units(text))
            spans = gold.get(aid, [])
            si_x.append(token_rows(text, tokens).to_scipy())
            si_y.append(bio_labels(tokens, [(g.start, g.end) for g in spans]))
            if spans:
                tc_x.append(span_rows(text, tokens, [(g.start, g.end) for g in spans]).to_scipy())
                tc_y += [PTC_LABELS.index(g.technique) for g in spans]
    si_x, si_y, tc_x, tc_y = vstack(si_x).tocsr(), np.concatenate(si_y), vstack(tc_x).tocsr(), np.array(tc_y)
    log(f"{si_x.shape[0]:,} training word pieces, {len(tc_y):,} training spans, {len(dev)} dev articles")

    def fit(x, y, c):
        import warnings

        from sklearn.exceptions import ConvergenceWarning

        with warnings.catch_warnings():  # at the largest C, 300 iterations stop short of full convergence
            warnings.simplefilter("ignore", ConvergenceWarning)
            return LogisticRegression(C=c, max_iter=300, random_state=seed).fit(x, y)

    tc_model, tc_best, history = None, -1.0, []
    for c in TC_C:
        model = fit(tc_x, tc_y, c)
        heads = _heads(None, model)
        score = dev_scores(heads, dev, gold, tc=True)["tc_f1"]
        history.append({"head": "tc", "C": c, "dev_tc_f1": score})
        log(f"TC C={c}: dev TC F1 {score:.3f}")
        if score > tc_best:
            tc_model, tc_best = model, score
    si_best, heads, decoding = -1.0, None, {}
    for c in SI_C:
        candidate = _heads(fit(si_x, si_y, c), tc_model)
        chosen = tune_decoding(candidate, dev, gold, THRESHOLDS)
        history.append({"head": "si", "C": c, **chosen})
        log(f"SI C={c}: dev SI F1 {chosen['dev_si_f1']:.3f} with {chosen}")
        if chosen["dev_si_f1"] > si_best:
            si_best, heads, decoding = chosen["dev_si_f1"], candidate, chosen
    heads.threshold, heads.merge_gap, heads.min_tokens = decoding["threshold"], decoding["merge_gap"], decoding["min_tokens"]
    dev_final = dev_scores(heads, dev, gold, tc=True)

    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "heads.npz", **{k: v.astype(np.float16) for k, v in heads.w.items()})
    shutil.copy(SHARED_ENCODER_DIR / "tokenizer.json", out / "tokenizer.json")
    (out / "config.json").write_text(json.dumps({
        "kind": "linear", "techniques": list(PTC_LABELS), "threshold": decoding["threshold"],
        "merge_gap": decoding["merge_gap"], "min_tokens": decoding["min_tokens"], "n_buckets": N_BUCKETS}, indent=2) + "\n")
    result = {"seed": seed, "history": history, "decoding": decoding, "dev": dev_final}
    if blend_with is not None:
        from ...techniques import load_model
        from ...techniques.blend import choose_weight, write_blend

        load_model.cache_clear()
        dev_articles = {aid: text for aid, text, *_ in dev}
        served = load_model(str(out)).heads  # the float16 weights as shipped, which the fingerprint names
        weight, accuracy = choose_weight(load_model(str(blend_with), blend=False), served, dev_articles, gold)
        path = write_blend(Path(blend_with), out, weight, accuracy, command)
        result["blend"] = {"with": str(blend_with), "weight": weight, "dev_tc_accuracy": accuracy}
        log(f"span classifiers blended with weight {weight} for the linear one (dev TC {accuracy[0.0]:.3f} alone, "
            f"{accuracy[weight]:.3f} blended): {path}")
    result["minutes"] = round((time.time() - started) / 60, 1)
    (out / "training.json").write_text(json.dumps(result, indent=2) + "\n")
    log(f"dev: {dev_final}")
    return result


def _heads(si_model, tc_model) -> LinearHeads:
    weights = {}
    if si_model is not None:
        weights.update({"si.weight": si_model.coef_, "si.bias": si_model.intercept_})
    if tc_model is not None:
        # classes absent from training (none in PTC train, but a tiny corpus may lack some) get no probability
        coef = np.full((len(PTC_LABELS), N_BUCKETS), 0.0, dtype=np.float32)
        bias = np.full(len(PTC_LABELS), -1e4, dtype=np.float32)
        coef[tc_model.classes_] = tc_model.coef_ if len(tc_model.classes_) > 2 else np.vstack([-tc_model.coef_, tc_model.coef_])
        bias[tc_model.classes_] = tc_model.intercept_ if len(tc_model.classes_) > 2 else [-tc_model.intercept_[0], tc_model.intercept_[0]]
        weights.update({"tc.weight": coef, "tc.bias": bias})
    if si_model is None:  # TC chosen first: detection is not used by the TC score
        weights.update({"si.weight": np.zeros((3, N_BUCKETS), dtype=np.float32), "si.bias": np.zeros(3, dtype=np.float32)})
    # without a detection head yet, detect nothing (threshold above any probability)
    return LinearHeads(weights, list(PTC_LABELS), 0.5 if si_model is not None else 1.1)


def _blend_section(result: dict) -> str:
    if not result.get("blend"):
        return ""
    blend = result["blend"]
    rows = "\n".join(f"| {w} | {a:.3f} |" for w, a in blend["dev_tc_accuracy"].items())
    return f"""## Blended into the encoder model
The span classifier of `{blend['with']}` is blended with this one (`presslens/techniques/blend.py`):
softmax((1 - w) log p_encoder + w log p_linear), w = **{blend['weight']}**, chosen on the dev articles
(TC accuracy of their gold spans; `tc_blend.json` in that folder):

| w | dev TC accuracy |
|---|---|
{rows}

"""


def write_model_card(data: Path, out: Path, result: dict, command: str, log=print) -> None:
    """Score the exported model on the held-out articles and write MODEL_CARD.md."""
    heldout, table = score_heldout(data, out)
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file()) / 1e6
    choices = "\n".join(f"| {h['head']} | {h['C']} | {h.get('dev_tc_f1', h.get('dev_si_f1')):.3f} |" for h in result["history"])
    card = f"""# presslens fast technique model (`--fast`)

The 14 PTC-2020 techniques without an encoder pass: two logistic regressions over hashed word features
(`presslens/techniques/linear.py`), on the word pieces of the neural model's tokenizer and with its span decoding.

- **Token features** (span detection, B/I/O): the word, the two words on each side, word bigrams, suffix, shape,
  first piece of a word or not, paragraph start; {N_BUCKETS:,} hashed buckets (crc32).
- **Span features** (technique): the span's words and bigrams, its first and last word, the words around it,
  its length, and the neural model's hand cues (repetition in the article, question mark, quotes, line start).
- **Files:** `heads.npz` (float16), `tokenizer.json`, `config.json`, `training.json`, `heldout_scores.json`;
  {size:.1f} MB in all. Served in NumPy; scikit-learn only fits it.

## Data and split
PTC-2020 training articles (`{data}`), the neural model's split by article-ID hash: training articles fit
the regressions, dev articles choose the regularisation (C) and the span decoding, held-out articles are scored once, below.

## Training
`{command}` ({result['minutes']} minutes on this machine; span decoding chosen on dev: {result['decoding']})

| head | C | dev F1 |
|---|---|---|
{choices}

## Held-out results ({heldout.articles} articles)
{table}

Reproduce: `presslens eval ptc --fast --articles {data}/articles --labels {data} --split heldout`

{_blend_section(result)}## Limits
Words, not meaning: it finds loaded and labelling words it has seen in training and little else.
Use the default (neural) model wherever single spans matter.
"""
    save_model_card(out, card)
    log(f"held-out: SI F1 {heldout.si.f1:.3f}, TC F1 {heldout.tc.f1:.3f}, FLC F1 {heldout.flc.f1:.3f}; card written to {out}/MODEL_CARD.md")
