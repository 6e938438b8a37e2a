"""Scoring a ranking of earlier fact-checks (``presslens eval fact-checked``), as CLEF CheckThat! task 2 does.

A run ranks, for each query, the archive's fact-checks (TREC run format: ``query_id Q0 doc_id rank score tag``);
the qrels list the relevant ones (``query_id 0 doc_id 1``). Measures, averaged over the queries of the qrels (a
query the run leaves out scores 0):

- ``AP@k``: the sum, over the relevant documents ranked in the top k, of the precision at their rank, divided by the
  number of relevant documents of the query (CheckThat!'s scorer; with one relevant document, ``1/rank`` when it is
  in the top k, else 0). MAP@5 is the task's official measure.
- ``RR``: 1 / the rank of the first relevant document in the whole run for the query (0 when none is).
- ``P@k``: relevant documents in the top k, divided by k.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..datasets import label_lines
from ...errors import InvalidRecord
from .metrics import average_precision_at, precision_at, reciprocal_rank

DEPTHS = (1, 3, 5, 10, 20)
RUN_DEPTH = 20     # the run format keeps the top 20 of each query


def score_run(run: dict[str, list[str]], qrels: dict[str, set[str]], depths=DEPTHS) -> dict[str, float]:
    """MAP@k, MRR and P@k of ``run`` (query → doc ids, best first) against ``qrels`` (query → relevant doc ids)."""
    queries = [q for q, relevant in qrels.items() if relevant]
    if not queries:
        raise InvalidRecord("the qrels list no relevant document", "qrels")
    n = len(queries)
    scores = {f"MAP@{k}": sum(average_precision_at(run.get(q, []), qrels[q], k) for q in queries) / n for k in depths}
    scores["MRR"] = sum(reciprocal_rank(run.get(q, []), qrels[q]) for q in queries) / n
    scores.update({f"P@{k}": sum(precision_at(run.get(q, []), qrels[q], k) for q in queries) / n for k in depths})
    scores["queries"] = n
    return scores


def run_lines(ranking: dict[str, list[tuple[str, float]]], tag: str = "presslens", depth: int = RUN_DEPTH) -> list[str]:
    """The TREC run lines of ``ranking`` (query → (doc id, score), best first), the top ``depth`` of each query."""
    return [f"{query}\tQ0\t{doc}\t{rank}\t{score:.6f}\t{tag}\n"
            for query, ranked in ranking.items() for rank, (doc, score) in enumerate(ranked[:depth], 1)]


def read_run(path: str | Path) -> dict[str, list[str]]:
    """A TREC run file (tab- or space-separated): query → doc ids in rank order (by the rank column)."""
    rows: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for number, fields in _rows(path):
        if len(fields) != 6:
            raise InvalidRecord(f"line {number}: a run line has 6 columns (query Q0 doc rank score tag)", str(path))
        try:
            rows[fields[0]].append((int(fields[3]), fields[2]))
            float(fields[4])
        except ValueError:
            raise InvalidRecord(f"line {number}: rank must be a whole number and score a number", str(path)) from None
    return {query: [doc for _, doc in sorted(ranked)] for query, ranked in rows.items()}


def read_qrels(path: str | Path) -> dict[str, set[str]]:
    """Relevance judgements: TREC qrels (``query 0 doc relevance``; relevance > 0 counts), or JSON lines with
    ``query_id`` and ``vclaim_id`` (CheckThat!'s pairs as staged in ``../shared/data``, one relevant pair a line)."""
    import json

    qrels: dict[str, set[str]] = defaultdict(set)
    path = Path(path)
    if path.name.endswith((".jsonl", ".jsonl.gz")):
        for number, line in label_lines(path):
            try:
                row = json.loads(line)
                qrels[str(row["query_id"])].add(str(row["vclaim_id"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise InvalidRecord(f"line {number}: not a query/vclaim pair ({exc})", str(path)) from None
        return dict(qrels)
    for number, fields in _rows(path):
        if len(fields) != 4:
            raise InvalidRecord(f"line {number}: a qrels line has 4 columns (query 0 doc relevance)", str(path))
        try:
            if float(fields[3]) > 0:
                qrels[fields[0]].add(fields[2])
        except ValueError:
            raise InvalidRecord(f"line {number}: relevance must be a number", str(path)) from None
    return dict(qrels)


def _rows(path: str | Path):
    for number, line in label_lines(path):
        yield number, line.split()


def read_queries(path: str | Path, split: str | None = None) -> dict[str, str]:
    """Queries to match: a TSV of ``query_id<TAB>text`` (a header line ``query_id``/``iclaim_id`` is skipped), or
    JSON lines with ``query_id`` and ``query`` (CheckThat!'s queries as staged in ``../shared/data``; ``split`` keeps
    the rows of that split)."""
    import json

    path = Path(path)
    queries: dict[str, str] = {}
    jsonl = path.name.endswith((".jsonl", ".jsonl.gz"))
    for number, line in label_lines(path):
        if jsonl:
            try:
                row = json.loads(line)
                if split is None or row.get("split") == split:
                    queries[str(row["query_id"])] = str(row["query"])
            except (ValueError, KeyError, TypeError) as exc:
                raise InvalidRecord(f"line {number}: not a query ({exc})", str(path)) from None
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) < 2 or not fields[1].strip():
            raise InvalidRecord(f"line {number}: a query line is query_id<TAB>text", str(path))
        if number == 1 and fields[0].lower() in ("query_id", "iclaim_id", "id"):
            continue
        queries[fields[0]] = "\t".join(fields[1:])
    if not queries:
        raise InvalidRecord("no queries" + (f" of split {split!r}" if split else ""), str(path))
    return queries


def rank_fact_checks(index, queries: dict[str, str], matcher=None, depth: int = RUN_DEPTH, progress=None
                     ) -> dict[str, list[tuple[str, float]]]:
    """Each query's best ``depth`` fact-checks of ``index`` (id, score), best first, as a claim card ranks them."""
    from ...factchecks.matching import load_matcher

    matcher = matcher or load_matcher()
    ranking = {}
    ids = list(queries)
    for start in range(0, len(ids), 64):
        chunk = ids[start:start + 64]
        for qid, matches in zip(chunk, matcher.rank(index, [queries[q] for q in chunk], k=depth)):
            ranking[qid] = [(m.fact_check.id, m.score) for m in matches]
        if progress:
            progress(len(chunk))
    return ranking
