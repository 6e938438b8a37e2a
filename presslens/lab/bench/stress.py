"""``presslens bench --stress``: time and peak memory of one analysis of each hostile shape.

Each case runs in a fresh process (``python -m presslens.lab.bench.stress SHAPE CHARS``), so its peak
resident memory is its own: models loaded, then one analysis with every analysis on. The table
compares time per word of one huge paragraph with the same words in paragraphs, and each peak
with the memory caps the README states.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

MB = 1_000_000
# (shape, characters): every shape at 1 MB, the two reference shapes at the 5 MB input limit too
CASES = [
    ("paragraphs", 1 * MB), ("one-paragraph", 1 * MB), ("tiny-paragraphs", 1 * MB), ("html-small-blocks", 2 * MB),
    ("html-nested", 1 * MB), ("long-tokens", 1 * MB), ("mixed-scripts", 1 * MB),
    ("paragraphs", 5 * MB), ("one-paragraph", 5 * MB),
]
PEAK_CAP_MB = {1 * MB: 800, 2 * MB: 1500, 5 * MB: 1500}   # the README's caps on one analysis's peak memory
MAX_WORD_TIME_RATIO = 1.5                                 # one paragraph against the same words in paragraphs


def measure(shape: str, chars: int) -> dict:
    """One analysis of ``shape`` in this process (call it in a fresh one): seconds, words, peak memory."""
    import resource

    from ...ingest import RawInput
    from ...pipeline import analyze_raw
    from .shapes import build

    kind, data = build(shape, chars)
    analyze_raw(RawInput(id="warm-up", data="Warm-up text. It loads every model.", kind="text"))
    loaded_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    outcome, words = "report", len(data.split())
    try:
        report = analyze_raw(RawInput(id=shape, data=data, kind=kind))
        words = report.document.word_count
    except Exception as exc:  # a PresslensError is an outcome to print; anything else too, not a crash
        outcome = getattr(exc, "code", type(exc).__name__)
    seconds = time.perf_counter() - started
    return {"shape": shape, "chars": len(data), "bytes": len(data.encode("utf-8")), "words": words,
            "seconds": round(seconds, 2), "ms_per_1k_words": round(seconds * 1e6 / max(1, words), 1),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "models_mb": round(loaded_mb), "outcome": outcome}


def run_stress_benchmark(cases=CASES, timeout_s: float = 900) -> list[dict]:
    print(f"{'shape':18} {'input':>7} {'words':>9} {'time':>8} {'ms/1k words':>11} {'peak MB':>8} {'cap':>6}  outcome")
    results = []
    for shape, chars in cases:
        try:
            proc = subprocess.run([sys.executable, "-m", "presslens.lab.bench.stress", shape, str(chars)],
                                  capture_output=True, text=True, timeout=timeout_s, env={**os.environ})
            result = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else {
                "shape": shape, "chars": chars, "outcome": f"exit {proc.returncode}: {proc.stderr.strip()[-200:]}"}
        except subprocess.TimeoutExpired:
            result = {"shape": shape, "chars": chars, "outcome": f"still running after {timeout_s:.0f} s"}
        result["size"], result["cap_mb"] = chars, PEAK_CAP_MB.get(chars)
        results.append(result)
        print(f"{shape:18} {chars / MB:>5.0f}MB {result.get('words', 0):>9,} {result.get('seconds', 0):>7.1f}s "
              f"{result.get('ms_per_1k_words', 0):>11.1f} {result.get('peak_mb', 0):>8} {result['cap_mb'] or '':>6}  "
              f"{result['outcome']}", flush=True)
    by_case = {(r["shape"], r["size"]): r for r in results}
    for chars in sorted({c for _, c in cases}):
        one, reference = by_case.get(("one-paragraph", chars)), by_case.get(("paragraphs", chars))
        if one and reference and one.get("ms_per_1k_words") and reference.get("ms_per_1k_words"):
            ratio = one["ms_per_1k_words"] / reference["ms_per_1k_words"]
            print(f"time per word, one paragraph / paragraphs at {chars / MB:.0f} MB: {ratio:.2f} "
                  f"(target <= {MAX_WORD_TIME_RATIO})")
    over = [r for r in results if r.get("peak_mb") and r["cap_mb"] and r["peak_mb"] > r["cap_mb"]]
    print("peak memory: every case within its cap" if not over else
          "peak memory OVER its cap: " + ", ".join(f"{r['shape']} {r['peak_mb']} MB" for r in over))
    return results


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]))))
