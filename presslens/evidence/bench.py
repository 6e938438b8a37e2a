"""Search latency of an evidence collection, and a ~100k-sentence collection to measure it on.

The collection is built at bench time from the labelled data in
``../shared/data`` (never copied into the repository): every *distinct*
sentence of the PTC-2020 and SemEval-2023 articles (the English articles, the
only language in this copy), the ClaimBuster crowdsourced and ground-truth
debate sentences and the 33 debate transcripts, LIAR statements, CheckThat!
2021 tweets and SemEval-2021 meme texts. That gives fewer than 100,000
distinct sentences (65,466 of three or more words: ClaimBuster sentences
23.4k, PTC 15.1k, LIAR 12.8k, transcripts 10.3k, tweets 2.0k, memes 1.4k,
SemEval-2023 0.5k beyond PTC), so the rest (about 34.5k) is made up with
copies of the PTC articles, each marked by an unindexed ``[bench copy N]``
header line (so it is not skipped as a duplicate document); their sentences
repeat earlier ones, which leaves the search cost unchanged.
"""
from __future__ import annotations

import csv
import json
import random
import statistics
import time
from pathlib import Path
from typing import Iterator

from .readers import EvidenceDocument, normalise_text, read_text_header

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
TARGET_SENTENCES = 100_000


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def benchmark_search(db_path: str | Path, n_queries: int = 200, k: int = 5, seed: int = 13) -> dict:
    """Latency of :meth:`EvidenceIndex.search` (query embedding included) over ``n_queries`` queries.

    Queries are the first 12 words of sentences drawn at random from the
    collection. The first search, which loads the vector matrix, is timed on
    its own (``cold_ms``) and not counted in the percentiles.
    """
    from .store import EvidenceIndex

    index = EvidenceIndex(db_path)
    stats = index.stats()
    rows = index._db.execute("SELECT text FROM sentences ORDER BY random() LIMIT ?", (n_queries + 1,)).fetchall()
    rng = random.Random(seed)
    queries = [" ".join(row[0].split()[:12]) for row in rows]
    rng.shuffle(queries)
    if not queries:
        raise ValueError(f"{db_path}: the collection is empty")
    t0 = time.perf_counter()
    index.search(queries[0], k=k)
    cold_ms = (time.perf_counter() - t0) * 1000
    embedder = index.embedder
    latencies, embed_ms = [], []
    for query in queries[1:] or queries:
        t0 = time.perf_counter()
        index.search(query, k=k)
        latencies.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        embedder.embed([query], batch_size=1)
        embed_ms.append((time.perf_counter() - t0) * 1000)
    index.close()
    return {
        "db": str(db_path),
        "sentences": stats["sentences"],
        "documents": stats["documents"],
        "queries": len(latencies),
        "k": k,
        "cold_ms": round(cold_ms, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(_percentile(latencies, 0.95), 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
        "embed_p50_ms": round(statistics.median(embed_ms), 2),
    }


# ---------------------------------------------------------------------- the bench collection


def _read(path: Path) -> str:
    # newline="": keep the text byte-for-byte (see ../shared/data/README.md)
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        return handle.read()


def _source_documents(data: Path) -> Iterator[EvidenceDocument]:
    """Every document of the shared data, as it comes (sentences still repeat across sources)."""
    for path in sorted((data / "ptc2020" / "train" / "articles").glob("*.txt")):
        doc = EvidenceDocument(id=f"ptc2020/{path.stem}", text=_read(path), source="PTC-2020 article")
        read_text_header(doc)
        yield doc
    for path in sorted((data / "semeval2023t3" / "train").glob("articles-subtask-*/*.txt")):
        doc = EvidenceDocument(id=f"semeval2023t3/{path.parent.name}/{path.stem}", text=_read(path),
                               source="SemEval-2023 Task 3 article")
        read_text_header(doc)
        yield doc
    for name in ("crowdsourced.csv", "groundtruth.csv"):
        path = data / "claimbuster" / name
        if not path.is_file():
            continue
        debates: dict[str, list[tuple[int, str]]] = {}
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                debates.setdefault(row["File_id"], []).append((int(float(row["Line_number"] or 0)), row["Text"]))
        for file_id, lines in sorted(debates.items()):
            text = "\n".join(t for _, t in sorted(lines))
            yield EvidenceDocument(id=f"claimbuster/{name}/{file_id}", text=text, title=f"Debate of {file_id[:10]}",
                                   source="ClaimBuster debate sentences")
    for path in sorted((data / "claimbuster" / "debate_transcripts").glob("*.txt")):
        yield EvidenceDocument(id=f"claimbuster/transcripts/{path.stem}", text=_read(path),
                               title=f"Debate transcript {path.stem}", source="ClaimBuster debate transcripts")
    for split in ("train", "valid"):
        path = data / "liar" / f"{split}.tsv"
        if not path.is_file():
            continue
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) > 4:
                    yield EvidenceDocument(id=f"liar/{row[0]}", text=row[2], source=f"LIAR statement ({row[4]})")
    for path in sorted((data / "checkthat2021_t1a_en" / "train").glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                yield EvidenceDocument(id=f"checkthat2021/{row['tweet_id']}", text=row["tweet_text"],
                                       source="CheckThat! 2021 tweet")
    path = data / "semeval2021t6" / "train" / "training_set_task1.json"
    if path.is_file():
        for meme in json.loads(path.read_text(encoding="utf-8")):
            yield EvidenceDocument(id=f"semeval2021t6/{meme['id']}", text=meme["text"], source="SemEval-2021 meme text")


def bench_documents(data: Path = SHARED_DATA, target: int = TARGET_SENTENCES) -> tuple[list[EvidenceDocument], dict]:
    """Documents holding each distinct sentence once, padded with marked copies up to ``target`` sentences."""
    from .selection import split_sentences
    from .selection import is_evidence_sentence

    seen: set[str] = set()
    documents: list[EvidenceDocument] = []
    for doc in _source_documents(data):
        fresh = []
        for s, e in split_sentences(doc.text, doc.body_start):
            sentence = doc.text[s:e]
            key = normalise_text(sentence)
            if key not in seen and is_evidence_sentence(sentence):
                seen.add(key)
                fresh.append(" ".join(sentence.split()))  # one line each: re-splitting gives the same sentences
        if fresh:
            documents.append(EvidenceDocument(id=doc.id, text="\n".join(fresh), title=doc.title, source=doc.source,
                                              origin=doc.id, size=1))
    distinct = len(seen)
    originals = [d for d in documents if d.id.startswith("ptc2020/")]
    total, copy = distinct, 1
    while total < target and originals:
        copy += 1
        for doc in originals:
            if total >= target:
                break
            marker = f"[bench copy {copy}]\n"
            documents.append(EvidenceDocument(id=f"{doc.id}#copy{copy}", text=marker + doc.text, title=doc.title,
                                              source=doc.source, origin=doc.id, size=1, body_start=len(marker)))
            total += doc.text.count("\n") + 1
    return documents, {"distinct_sentences": distinct, "padded_sentences": max(0, total - distinct)}


def build_bench_collection(db_path: str | Path, data: str | Path = SHARED_DATA, target: int = TARGET_SENTENCES,
                           progress: bool = False) -> dict:
    """Build the benchmark collection at ``db_path`` (a new file) from ``data``; returns counts and timings."""
    from .store import EvidenceIndex

    db_path, data = Path(db_path), Path(data)
    if db_path.exists():
        raise FileExistsError(f"{db_path} exists: give a new path")
    if not (data / "ptc2020").is_dir():
        raise FileNotFoundError(f"no labelled data in {data} (expected ../shared/data with ptc2020/)")
    t0 = time.perf_counter()
    documents, counts = bench_documents(data, target)
    prepare_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    with EvidenceIndex(db_path, create=True) as index:
        result = index.add_documents(documents, progress=progress, progress_total=len(documents))
        stats = index.stats()
    build_s = time.perf_counter() - t0
    return {**counts, "documents": stats["documents"], "sentences": stats["sentences"],
            "errors": len(result.errors), "prepare_s": round(prepare_s, 1), "index_s": round(build_s, 1),
            "size_mb": round(stats["size_bytes"] / 2**20, 1)}


def main(argv: list[str] | None = None) -> None:
    """``python -m presslens.evidence.bench DB``: build DB from ../shared/data if missing, then time searches."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m presslens.evidence.bench", description=main.__doc__)
    parser.add_argument("db", type=Path, help="the collection to search (built first when the file does not exist)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(json.dumps({"build": build_bench_collection(args.db, args.data, progress=True)}))
    print(json.dumps({"search": benchmark_search(args.db, args.queries)}))


if __name__ == "__main__":
    main()
