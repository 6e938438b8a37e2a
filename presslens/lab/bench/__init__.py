"""Throughput benchmark of the analysis pipeline (``make bench``)."""
from __future__ import annotations

import resource
import statistics
import time
from pathlib import Path

from ...ingest import RawInput
from ...pipeline import analyze_raw
from ... import analyzers
from .. import DATA_ROOT, EXAMPLES_DIR

PTC_ARTICLES = DATA_ROOT / "ptc2020" / "train" / "articles"
EXAMPLES = EXAMPLES_DIR


def _corpus(folder: Path | None, limit: int) -> tuple[str, list[RawInput]]:
    if folder is None:
        folder = PTC_ARTICLES if PTC_ARTICLES.is_dir() else EXAMPLES
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"bench: no .txt articles in {folder}")
    # Repeat a small corpus so the figures are not dominated by warm-up.
    while len(files) < limit:
        files = files + files
    files = files[:limit]
    return str(folder), [RawInput(id=f.stem, data=f.read_bytes(), kind="text", path=str(f)) for f in files]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_benchmark(corpus: Path | None = None, limit: int = 200, only=None, skip=None, fast: bool = False) -> dict:
    folder, inputs = _corpus(corpus, limit)
    names = analyzers.resolve(only, skip)
    options = {"fast": True} if fast else {}
    # Warm-up: load models once, as a long-running process would.
    analyze_raw(inputs[0], names=names, options=options)
    latencies, words = [], 0
    stages: dict[str, list[float]] = {}
    started = time.perf_counter()
    for raw in inputs:
        t0 = time.perf_counter()
        report = analyze_raw(raw, names=names, options=options)
        latencies.append((time.perf_counter() - t0) * 1000)
        words += report.document.word_count
        for stage, ms in report.document.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "corpus": folder,
        "articles": len(inputs),
        "analyses": names,
        "articles_per_s": len(inputs) / elapsed,
        "words_per_s": words / elapsed,
        "mean_words": words / len(inputs),
        "p50_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "peak_rss_mb": peak_mb,
        "stages_p50_ms": {k: statistics.median(v) for k, v in stages.items()},
        "stages_p95_ms": {k: percentile(v, 0.95) for k, v in stages.items()},
    }
    print(f"corpus      {folder} ({len(inputs)} articles, {result['mean_words']:.0f} words on average)")
    print(f"analyses    {', '.join(names) or '(ingestion only)'}" + (" (techniques: the fast linear model)" if fast else ""))
    print(f"throughput  {result['articles_per_s']:.1f} articles/s, {result['words_per_s']:,.0f} words/s (1 process)"
          f" = {result['words_per_s'] / 700:.1f} articles/s of 700 words")
    print(f"latency     p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms")
    # Each analysis's own time; the first that reads the encoder pays for the shared pass.
    print("per stage   " + ", ".join(f"{k} p50 {result['stages_p50_ms'][k]:.1f} / p95 {result['stages_p95_ms'][k]:.1f} ms"
                                     for k in stages))
    print(f"peak memory {peak_mb:.0f} MB")
    return result


def run_evidence_benchmark(db: Path, queries: int = 200) -> dict:
    """Search latency on an evidence collection of ~100,000 sentences built from ../shared/data (once, then reused)."""
    from ...evidence.bench import benchmark_search, build_bench_collection

    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        print(f"building the benchmark evidence collection at {db} (once; a few minutes)…")
        built = build_bench_collection(db, progress=True)
        print(f"built       {built['sentences']:,} sentences in {built['documents']:,} documents, "
              f"{built['size_mb']} MB, in {built['prepare_s'] + built['index_s']:.0f} s")
    result = benchmark_search(db, queries)
    print(f"evidence    {result['sentences']:,} sentences, {result['queries']} queries (k={result['k']}, query embedding included)")
    print(f"latency     p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, mean {result['mean_ms']:.1f} ms "
          f"(first search, loading the vectors: {result['cold_ms']:.0f} ms)")
    return result


def run_verifier_benchmark(rounds: int = 5) -> dict:
    """What the entailment model adds to a verdict: per claim, the time of its pairs (at most
    ``MODEL_EVIDENCE``) on the bundled claims article against the bundled evidence collection."""
    import tempfile

    from ...claims.entailment import load_entailment
    from ...claims.verify import EVIDENCE_K, read_by_model
    from ...evidence import EvidenceIndex
    from ...pipeline import analyze

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "evidence.db"
        with EvidenceIndex(db, create=True) as index:
            index.add([EXAMPLES / "evidence"])
        started = time.perf_counter()
        report = analyze(EXAMPLES / "claims.txt", only="claims", evidence=db)
        with_model_s = time.perf_counter() - started
        claims = [c["text"] for c in report.results["claims"]]
        model = load_entailment()
        with EvidenceIndex(db) as index:
            vectors = index.embedder.embed(claims)
            hits = [index.search_vector(v, c, k=EVIDENCE_K) for v, c in zip(vectors, claims)]
        per_claim, pairs = [], 0
        for _ in range(rounds):
            for claim, found in zip(claims, hits):
                cosines = [h.cosine if h.cosine is not None else 0.0 for h in found]
                started = time.perf_counter()
                read = read_by_model(claim, [h.sentence for h in found], cosines, model)
                per_claim.append((time.perf_counter() - started) * 1000)
                pairs += sum(r is not None for r in read)
    result = {"claims": len(claims), "rounds": rounds, "pairs_per_claim": round(pairs / max(1, len(per_claim)), 2),
              "added_p50_ms": round(percentile(per_claim, 0.5), 1), "added_p95_ms": round(percentile(per_claim, 0.95), 1),
              "added_mean_ms": round(sum(per_claim) / max(1, len(per_claim)), 1),
              "analysis_with_verdicts_s": round(with_model_s, 2)}
    print(f"verdicts    {result['claims']} claims of examples/claims.txt x {rounds} rounds, "
          f"{result['pairs_per_claim']} pairs read by the entailment model per claim")
    print(f"added       p50 {result['added_p50_ms']:.1f} ms, p95 {result['added_p95_ms']:.1f} ms, "
          f"mean {result['added_mean_ms']:.1f} ms per claim (the model's time; the rules' is unchanged)")
    return result


def run_fact_check_benchmark(archive: Path, rounds: int = 5) -> dict:
    """Indexing an archive of fact-checks (``archive``: any file ``evidence add`` reads, e.g. CheckThat! 2B's 19,250
    PolitiFact checks), then what matching adds to an article: the time to rank the archive for every claim card of
    the bundled claims article, claim vectors given (the evidence search has made them)."""
    import tempfile

    from ...evidence import EvidenceIndex
    from ...factchecks.matching import load_matcher
    from ...pipeline import analyze

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "archive.db"
        started = time.perf_counter()
        with EvidenceIndex(db, create=True) as index:
            added = index.add([archive], progress=True)
        index_s = time.perf_counter() - started
        claims = [c["text"] for c in analyze(EXAMPLES / "claims.txt", only="claims").results["claims"]]
        matcher = load_matcher()
        with EvidenceIndex(db) as index:
            vectors = index.embedder.embed(claims)
            started = time.perf_counter()
            matcher.rank(index, claims, vectors, k=5)   # the first article reads the archive's vectors and words
            cold_ms = (time.perf_counter() - started) * 1000
            per_article = []
            for _ in range(rounds):
                started = time.perf_counter()
                matcher.rank(index, claims, vectors, k=5)
                per_article.append((time.perf_counter() - started) * 1000)
    result = {"archive": str(archive), "fact_checks": added.fact_checks_added, "index_s": round(index_s, 1),
              "claims": len(claims), "cold_ms": round(cold_ms), "added_p50_ms": round(percentile(per_article, 0.5), 1),
              "added_max_ms": round(max(per_article), 1)}
    print(f"archive     {result['fact_checks']:,} fact-checks indexed in {result['index_s']:.0f} s")
    print(f"matching    {result['claims']} claim cards of examples/claims.txt: p50 {result['added_p50_ms']:.0f} ms, "
          f"max {result['added_max_ms']:.0f} ms per article over {rounds} rounds (first article, reading the "
          f"archive's vectors: {result['cold_ms']} ms)")
    return result


def post_analyze(url: str, body: bytes, timeout: float = 60) -> tuple[int, float, bytes]:
    """POST a JSON body to ``url``'s ``/v1/analyze``: the HTTP status (0: no answer), the milliseconds it took
    and the answer's body (empty without an answer)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url + "/v1/analyze", data=body, headers={"content-type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    except OSError:
        status, payload = 0, b""
    return status, (time.perf_counter() - started) * 1000, payload


def run_load_benchmark(clients: int = 8, seconds: float = 30.0, article: Path | None = None,
                       workers: int | None = None) -> dict:
    """N concurrent clients POST one article to a real ``presslens serve`` on loopback for a bounded time."""
    import json
    import tempfile
    import threading
    import urllib.request

    from ...server.process import start_server

    article = article or EXAMPLES / "opinion.txt"
    text = article.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_server(Path(tmp) / "history.sqlite", *(["--workers", str(workers)] if workers else []))
        try:
            with urllib.request.urlopen(url + "/v1/health", timeout=10) as response:
                workers = json.loads(response.read())["workers"]
            body = json.dumps({"text": text}).encode()
            latencies: list[float] = []
            errors = [0]
            lock = threading.Lock()
            stop_at = time.perf_counter() + seconds

            def client() -> None:
                while time.perf_counter() < stop_at:
                    status, ms, _ = post_analyze(url, body, timeout=60)
                    with lock:
                        latencies.append(ms)
                        errors[0] += 0 if status == 200 else 1

            started = time.perf_counter()
            threads = [threading.Thread(target=client) for _ in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    result = {"clients": clients, "workers": workers, "seconds": round(elapsed, 1), "requests": len(latencies), "errors": errors[0],
              "requests_per_s": len(latencies) / elapsed, "p50_ms": percentile(latencies, 0.5),
              "p95_ms": percentile(latencies, 0.95), "p99_ms": percentile(latencies, 0.99)}
    print(f"load        {clients} concurrent clients for {result['seconds']} s, POST /v1/analyze with "
          f"{article.name} ({len(text.split())} words, all analyses), server with {workers} analysis process(es)")
    print(f"requests    {result['requests']} ({result['requests_per_s']:.1f}/s), errors {result['errors']}")
    print(f"latency     p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms")
    return result


def run_corpus_benchmark(articles: int = 5000, workers: tuple[int, ...] = (1, 2), corpus: Path | None = None,
                         only=None, skip=None, fast: bool = False) -> list[dict]:
    """``presslens batch`` throughput on a corpus of ``articles`` (PTC articles repeated), per number of workers."""
    import json
    import tempfile

    from ...batch import run_batch

    _, inputs = _corpus(corpus, articles)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "corpus.jsonl"
        words = 0
        with feed.open("w", encoding="utf-8") as handle:
            for k, raw in enumerate(inputs):
                text = raw.data.decode("utf-8", errors="replace")
                words += len(text.split())
                handle.write(json.dumps({"id": f"a{k}", "text": text}) + "\n")
        names = analyzers.resolve(only, skip)
        print(f"analyses    {', '.join(names)}" + (" (techniques: the fast linear model)" if fast else ""))
        for n in workers:
            out = Path(tmp) / f"out-{n}"
            started = time.perf_counter()
            counts = run_batch([str(feed)], out, names, workers=n, part_size=200, fast=fast)
            elapsed = time.perf_counter() - started
            usage = resource.getrusage(resource.RUSAGE_CHILDREN if n > 1 else resource.RUSAGE_SELF)
            result = {"workers": n, "articles": counts["analysed"] + counts["errors"], "seconds": elapsed,
                      "articles_per_s": articles / elapsed, "words_per_s": words / elapsed,
                      "peak_rss_mb_per_worker": usage.ru_maxrss / 1024}
            results.append(result)
            print(f"batch       {n} worker(s): {articles} articles ({words / articles:.0f} words on average) in "
                  f"{elapsed:.0f} s = {result['articles_per_s']:.1f} articles/s, {result['words_per_s']:,.0f} words/s, "
                  f"peak {result['peak_rss_mb_per_worker']:.0f} MB per worker")
    return results
