"""Train the fact-check matcher (``presslens train fact-checks``) on CLEF CheckThat! 2022 task 2.

2A: tweets against 14,231 Snopes fact-checks; 2B: debate and speech sentences against 19,250 PolitiFact checks
(``../shared/data/checkthat2022_t2{a,b}_en``). Each archive is indexed once into an evidence collection (kept in
the cache folder, so a rerun reads it); every query's candidates (:func:`presslens.factchecks.matching.candidates`)
get their features, labelled by the qrels. A logistic regression is fitted on the ``train`` queries of both tasks;
the ``dev`` queries (and 2A's ``dev_test``, the 2021 test) score it, never fitted on. The threshold from which a
claim card shows a match is chosen on the dev queries, each asked twice: with the archive as it is and with its
true fact-checks taken out (an article's claims mostly have none), for :data:`SHOWN_PRECISION`.
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from ..datasets import label_lines
from ..evaluation.retrieval import score_run
from ...factchecks.lexical import ArchiveTexts
from ...factchecks.matching import FEATURES, candidates, query_text
from ...models.provenance import save_model_card

TASKS = {"2a": "checkthat2022_t2a_en", "2b": "checkthat2022_t2b_en"}
EVAL_SPLITS = {"2a": ("dev", "dev_test"), "2b": ("dev",)}
SHOWN_PRECISION = 0.9   # of the matches a claim card shows (top match, from the threshold on)
C = 1.0


def _lines(path: Path):
    for _, line in label_lines(path):
        yield json.loads(line)


def task_queries(data: Path, task: str) -> tuple[dict[str, dict[str, str]], dict[str, set[str]]]:
    """split → {query_id: text}, and query_id → its fact-checks' ids."""
    folder = data / TASKS[task]
    queries: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _lines(folder / "queries.jsonl.gz"):
        queries[row["split"]][row["query_id"]] = row["query"]
    qrels: dict[str, set[str]] = defaultdict(set)
    for row in _lines(folder / "pairs.jsonl.gz"):
        qrels[row["query_id"]].add(row["vclaim_id"])
    return dict(queries), dict(qrels)


def archive_index(data: Path, task: str, cache: Path, log=print):
    """The task's archive as an evidence collection in ``cache`` (built on the first call)."""
    from ...evidence import EvidenceIndex

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{TASKS[task]}.db"
    done = cache / f"{TASKS[task]}.done"
    if path.exists() and not done.exists():
        path.unlink()   # an interrupted build: start again
    index = EvidenceIndex(path, create=True)
    if not done.exists():
        started = time.time()
        result = index.add([data / TASKS[task] / "vclaims.jsonl.gz"], progress=True)
        log(f"{task}: {result.summary()} in {time.time() - started:.0f} s")
        done.write_text(result.summary())
    return index


def query_features(index, queries: dict[str, str], qrels: dict[str, set[str]], exclude_gold: bool = False):
    """Per query: (query id, candidate fact-check ids, features, labels)."""
    cleaned = {qid: query_text(text) for qid, text in queries.items()}
    vectors = index.embedder.embed(list(cleaned.values()))   # one at a time, as claim cards embed claims
    out = []
    texts = ArchiveTexts()
    ids = index.fact_check_vectors()[0]
    for (qid, text), vector in zip(cleaned.items(), vectors):
        gold = qrels.get(qid, set())
        found = candidates(index, text, vector, texts, exclude=gold if exclude_gold else None)
        archive = texts.get(index)
        check_ids = [archive.ids[int(np.searchsorted(ids, r))] for r in found.rowids]
        out.append((qid, check_ids, found.features, np.array([c in gold for c in check_ids], dtype=np.int8)))
    return out


def _ranked(rows, scorer) -> dict[str, list[tuple[str, float]]]:
    run = {}
    for qid, check_ids, features, _ in rows:
        scores = scorer(features)
        order = np.argsort(-scores, kind="stable")
        run[qid] = [(check_ids[i], float(scores[i])) for i in order]
    return run


def _map(run, qrels, queries) -> dict:
    scores = score_run({q: [c for c, _ in run[q]] for q in run}, {q: qrels[q] for q in queries if q in qrels})
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}


def train(data: Path, out: Path, cache: Path = Path("/tmp/presslens-factchecks-cache"), log=print) -> dict:
    from sklearn.linear_model import LogisticRegression

    started = time.time()
    per_task = {}
    for task in TASKS:
        index = archive_index(data, task, cache, log)
        queries, qrels = task_queries(data, task)
        per_task[task] = {"qrels": qrels, "queries": queries,
                          "rows": {split: query_features(index, queries[split], qrels)
                                   for split in ("train", *EVAL_SPLITS[task])},
                          "without_gold": {split: query_features(index, queries[split], qrels, exclude_gold=True)
                                           for split in EVAL_SPLITS[task]},
                          "archive": index.fact_check_count()}
        found = np.mean([r[3].any() for r in per_task[task]["rows"]["train"]])
        log(f"{task}: {per_task[task]['archive']} fact-checks; train queries with their check among the candidates: "
            f"{found:.3f}")
    train_rows = [r for t in per_task.values() for r in t["rows"]["train"]]
    x = np.concatenate([r[2] for r in train_rows])
    y = np.concatenate([r[3] for r in train_rows])
    mean, scale = x.mean(0), x.std(0) + 1e-6
    model = LogisticRegression(C=C, max_iter=2000).fit((x - mean) / scale, y)
    weight, bias = model.coef_[0].astype(np.float32), float(model.intercept_[0])

    def score(features):
        return 1.0 / (1.0 + np.exp(-(((features - mean) / scale) @ weight + bias)))

    def baseline(column):
        return lambda features: features[:, FEATURES.index(column)] if len(features) else np.zeros(0)

    results = {}
    for task, t in per_task.items():
        for split in EVAL_SPLITS[task]:
            rows = t["rows"][split]
            ids = [r[0] for r in rows]
            results[f"{task}/{split}"] = {
                "queries": len(rows),
                "matcher": _map(_ranked(rows, score), t["qrels"], ids),
                "bm25 alone": _map(_ranked(rows, baseline("bm25_log")), t["qrels"], ids),
                "cosine alone": _map(_ranked(rows, baseline("cos_best")), t["qrels"], ids),
            }
            log(f"{task} {split}: MAP@5 matcher {results[f'{task}/{split}']['matcher']['MAP@5']}, "
                f"BM25 {results[f'{task}/{split}']['bm25 alone']['MAP@5']}, "
                f"cosine {results[f'{task}/{split}']['cosine alone']['MAP@5']}")
    threshold, shown = choose_threshold(per_task, score)
    log(f"threshold {threshold:.3f}: {shown}")
    t = per_task["2a"]
    held_out = shown_at([(t["rows"]["dev_test"], True), (t["without_gold"]["dev_test"], False)], score, threshold)
    log(f"at {threshold:.3f}, 2a dev_test (held out): {held_out}")
    shown["held_out_2a_dev_test"] = held_out
    out.mkdir(parents=True, exist_ok=True)
    config = {"features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
              "weight": weight.round(6).tolist(), "bias": round(bias, 6), "threshold": round(threshold, 4),
              "trained_on": {task: len(t["rows"]["train"]) for task, t in per_task.items()}, "C": C}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    return {"config": config, "results": results, "shown": shown, "minutes": round((time.time() - started) / 60, 1),
            "archives": {task: t["archive"] for task, t in per_task.items()}}


def _top_matches(asked, score) -> tuple[list[tuple[float, bool]], int]:
    """(score of the top match, right) of each query of ``asked`` ((rows, whether their checks are in the archive)),
    and how many queries had theirs there."""
    tops, with_gold = [], 0
    for rows, gold_there in asked:
        for qid, check_ids, features, labels in rows:
            with_gold += gold_there
            if len(features):
                scores = score(features)
                best = int(np.argmax(scores))
                tops.append((float(scores[best]), bool(gold_there and labels[best])))
    return tops, with_gold


def shown_at(asked, score, threshold: float) -> dict:
    tops, with_gold = _top_matches(asked, score)
    shown = [ok for value, ok in tops if value >= threshold]
    return {"queries_asked": len(tops), "shown": len(shown), "precision": round(sum(shown) / max(1, len(shown)), 4),
            "recall_of_queries_with_their_check": round(sum(shown) / max(1, with_gold), 4)}


def choose_threshold(per_task: dict, score) -> tuple[float, dict]:
    """The lowest score from which the top match is right for :data:`SHOWN_PRECISION` of the dev queries that show
    one, each query asked with its fact-check in the archive and without it (then any match shown is wrong)."""
    tops, with_gold = _top_matches([(t["rows"]["dev"], True) for t in per_task.values()]
                                   + [(t["without_gold"]["dev"], False) for t in per_task.values()], score)
    tops.sort(reverse=True)
    right, shown_n, best = 0, 0, (1.0, 0, 0)
    for value, ok in tops:
        shown_n += 1
        right += ok
        if right / shown_n >= SHOWN_PRECISION:
            best = (value, right, shown_n)
    threshold, right, shown_n = best
    curve = []
    for at in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95):
        shown = [ok for value, ok in tops if value >= at]
        curve.append({"from": at, "shown": len(shown), "precision": round(sum(shown) / max(1, len(shown)), 3),
                      "recall": round(sum(shown) / max(1, with_gold), 3)})
    return threshold, {"dev_queries_asked": len(tops), "shown": shown_n, "right": right,
                       "precision": round(right / max(1, shown_n), 4),
                       "recall_of_queries_with_their_check": round(right / max(1, with_gold), 4), "curve": curve}


def write_model_card(data: Path, out: Path, result: dict, command: str, log=print) -> None:
    config, shown = result["config"], result["shown"]
    table = "\n".join(f"| {name} | {r['queries']} | {r['matcher']['MAP@5']} | {r['matcher']['MAP@1']} | "
                      f"{r['matcher']['MRR']} | {r['bm25 alone']['MAP@5']} | {r['cosine alone']['MAP@5']} |"
                      for name, r in result["results"].items())
    card = f"""# Fact-check matcher (presslens)

Ranks an evidence collection's fact-checks against a claim (`presslens/factchecks/matching.py`): candidates by
BM25 and by embedding cosine (the sentence embedder of the evidence search), re-ranked by a logistic regression
over {len(FEATURES)} features: {", ".join(FEATURES)}.

- **Training data** (read from `../shared/data`, never copied): CLEF CheckThat! 2022 task 2A (tweets ↔ Snopes,
  {result['archives']['2a']:,} fact-checks) and 2B (debate sentences ↔ PolitiFact, {result['archives']['2b']:,}),
  `train` queries: {config['trained_on']}. "Free for general research use" (organisers' README).
- **Held out** (never fitted on; the 2022 test queries are sealed):

| queries | n | MAP@5 | MAP@1 | MRR | MAP@5 BM25 alone | MAP@5 cosine alone |
|---|---|---|---|---|---|---|
{table}

- **Shown on a claim card** from score {config['threshold']}: chosen on the dev queries of both tasks, each asked with
  its fact-check in the archive and with it taken out, for a top match right {SHOWN_PRECISION:.0%} of the time:
  {json.dumps(shown)}.
- {result['minutes']} minutes on 2 CPU cores (the archives' embeddings are cached).

## Rebuild
    {command}
"""
    save_model_card(out, card)
    log(f"model card written to {out / 'MODEL_CARD.md'}")
