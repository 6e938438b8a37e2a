"""Search the technique model's training recipe on the dev articles (a GPU makes this minutes, not hours).

    python -m presslens.lab.training.techniques_sweep --data ../shared/data/ptc2020/train \\
        --grid "lr=5e-5,8e-5,1.2e-4" --grid "epochs=6,10" --seeds 13,14 --parallel 4 --out sweep.jsonl

Every combination of the grid is fitted once per seed with :func:`presslens.lab.training.techniques.fit`
(the training recipe of ``presslens train techniques``) and scored on the dev articles with its span
decoding chosen there, exactly as the shipped model is. Each result is one JSON line. ``--soup`` also
averages the weights of a recipe's seeds (one model, so no extra cost at inference) and scores that.

Only dev scores are computed: the held-out articles stay unseen until the chosen recipe is exported
by ``presslens train techniques`` and scored once for its model card.
"""
from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import time
from dataclasses import asdict, fields, replace
from pathlib import Path

from .techniques import Recipe, dev_scores, encode_docs, fit, heads_of, tune_decoding

_WINDOW = "window"  # not a Recipe field: the encoder's window length in word pieces (inference must match it)


def parse_grid(specs: list[str]) -> list[dict]:
    """``["lr=5e-5,8e-5", "si_weights=1:3:2,1:1:1"]`` -> every combination, as Recipe overrides."""
    kinds = {f.name: f.type for f in fields(Recipe)}
    axes = []
    for spec in specs:
        name, _, values = spec.partition("=")
        name = name.strip().replace("-", "_")
        if name not in kinds and name != _WINDOW:
            raise SystemExit(f"error: unknown recipe field {name!r} (known: {', '.join(kinds)}, {_WINDOW})")
        try:
            parsed = [tuple(float(v) for v in value.split(":")) if name == "si_weights"
                      else int(value) if name in ("seed", "epochs", "batch_size", _WINDOW) else float(value)
                      for value in values.split(",")]
        except ValueError:
            raise SystemExit(f"error: --grid {spec!r}: the values of {name} must be numbers, separated by commas")
        axes.append([(name, v) for v in parsed])
    return [dict(combo) for combo in itertools.product(*axes)] if axes else [{}]


def _run(job: tuple[dict, int, str, str, str | None]) -> dict:
    overrides, seed, data, device, keep = job
    import torch

    from ...models import encoder

    overrides = dict(overrides)
    if _WINDOW in overrides:  # windows_for reads the module constant when it is called
        encoder.MAX_TOKENS = overrides[_WINDOW]
    recipe = replace(Recipe(), seed=seed, **{k: v for k, v in overrides.items() if k != _WINDOW})
    fitted = fit(Path(data), recipe, device=device, log=lambda *_: None)
    decoding = tune_decoding(heads_of(fitted.model, None), fitted.dev, fitted.gold)
    result = {"recipe": {**asdict(recipe), **overrides}, "history": fitted.history, "decoding": decoding,
              "best": max(fitted.history, key=lambda h: h["select"]), "minutes": fitted.minutes}
    if keep:
        path = Path(keep) / f"{abs(hash(json.dumps(overrides, sort_keys=True)))}-{seed}.pt"
        torch.save({k: v.cpu() for k, v in fitted.model.state_dict().items()}, path)
        result["state"] = str(path)
    return result


def soup(results: list[dict], data: Path, device: str) -> dict:
    """Average the weights of one recipe's seeds and score the average on dev."""
    import torch
    from ..datasets import read_articles, split_of
    from ...models import encoder
    from ..datasets.ptc import by_article, read_labels
    from ...techniques.taxonomy import PTC_LABELS
    from .techniques import _model, pretrained_tokenizer, training_device

    encoder.MAX_TOKENS = results[0]["recipe"].get(_WINDOW, encoder.MAX_TOKENS)
    states = [torch.load(r["state"]) for r in results]
    average = {k: sum(s[k].float() for s in states) / len(states) if states[0][k].is_floating_point() else states[0][k]
               for k in states[0]}
    model = _model(len(PTC_LABELS)).to(training_device(device))
    model.load_state_dict(average)
    tokenizer = pretrained_tokenizer()
    dev_docs = [(aid, text) for aid, text in read_articles(data / "articles").items() if split_of(aid) == "dev"]
    dev = encode_docs(model, tokenizer, dev_docs)
    gold = by_article(read_labels(data, "tc"))
    scores = dev_scores(heads_of(model, None), dev, gold)
    return {"soup_of": [r["recipe"]["seed"] for r in results], "recipe": results[0]["recipe"], "dev": scores,
            "decoding": tune_decoding(heads_of(model, None), dev, gold)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="PTC-2020 training folder")
    parser.add_argument("--grid", action="append", default=[], help="field=v1,v2 (repeatable; si_weights as 1:3:2)")
    parser.add_argument("--recipe", action="append", default=[],
                        help="one more recipe, fields separated by spaces: 'lr=5e-5 epochs=10' (repeatable)")
    parser.add_argument("--seeds", default="13", help="comma-separated seeds, each recipe fitted once per seed")
    parser.add_argument("--parallel", type=int, default=1, help="recipes fitted at once (processes sharing the device)")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--soup", type=Path, help="folder for the fitted weights; average each recipe's seeds")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines, one per fitted recipe")
    args = parser.parse_args(argv)

    if not (args.data / "articles").is_dir():
        raise SystemExit(f"error: no articles/ folder in {args.data}")
    try:
        seeds = [int(s) for s in args.seeds.split(",")]
    except ValueError:
        raise SystemExit(f"error: --seeds {args.seeds!r}: whole numbers separated by commas")
    keep = None
    if args.soup:
        args.soup.mkdir(parents=True, exist_ok=True)
        keep = str(args.soup)
    recipes = (parse_grid(args.grid) if args.grid or not args.recipe else []) + \
        [parse_grid(r.split())[0] for r in args.recipe]
    jobs = [(overrides, seed, str(args.data), args.device, keep) for overrides in recipes for seed in seeds]
    # the processes share the CPU cores for decoding; one BLAS thread pool each would oversubscribe them
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // args.parallel)))
    print(f"{len(jobs)} fits, {args.parallel} at a time", flush=True)
    started = time.time()
    results = []
    with args.out.open("a") as out, multiprocessing.get_context("spawn").Pool(args.parallel) as pool:
        for result in pool.imap_unordered(_run, jobs):
            results.append(result)
            out.write(json.dumps(result) + "\n")
            out.flush()
            best = result["best"]
            print(f"[{time.time() - started:6.0f}s] {json.dumps({k: v for k, v in result['recipe'].items()})} "
                  f"dev SI {result['decoding']['dev_si_f1']:.4f} (epoch {best['epoch']}: SI {best['si_f1']:.4f} "
                  f"TC {best['tc_f1']:.4f}) {result['minutes']} min", flush=True)
        if keep and len(seeds) > 1:
            by_recipe: dict[str, list[dict]] = {}
            for r in results:
                key = json.dumps({k: v for k, v in r["recipe"].items() if k != "seed"}, sort_keys=True)
                by_recipe.setdefault(key, []).append(r)
            for group in by_recipe.values():
                souped = soup(group, args.data, args.device)
                out.write(json.dumps(souped) + "\n")
                print(f"soup {json.dumps(souped['recipe'])}: dev SI {souped['decoding']['dev_si_f1']:.4f} "
                      f"TC {souped['dev']['tc_f1']:.4f}", flush=True)


if __name__ == "__main__":
    main()
