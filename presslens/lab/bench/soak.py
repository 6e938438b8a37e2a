"""``presslens bench --soak``: a real server under mixed requests for a long time; does it creep?

``clients`` threads send, for ``minutes``, a mix of normal articles and hostile shapes
(:mod:`.shapes`, at sizes a paste could have, and one over the word limit) to a real
``presslens serve`` on loopback. Every minute it prints requests/s, unexpected answers, the
p95 latency of the normal articles and the resident memory of every server process (the median of
samples every 5 s). At the end, the total resident memory of the last minute is compared with where it
was after the warm-up (the second minute): it must not have grown by more than 10 %.
"""
from __future__ import annotations

import json
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from . import EXAMPLES, percentile, post_analyze

MAX_GROWTH = 0.10


def request_mix() -> list[tuple[str, bytes, set[int]]]:
    """``(name, JSON body, accepted statuses)``: normal articles four times as often as hostile ones."""
    from .shapes import build

    normal = [(path.stem, json.dumps({"text": path.read_text(encoding="utf-8")}).encode(), {200})
              for path in sorted(EXAMPLES.glob("*.txt"))]
    hostile = []
    for shape, chars in (("one-paragraph", 60_000), ("tiny-paragraphs", 30_000), ("html-small-blocks", 200_000),
                         ("html-nested", 100_000), ("long-tokens", 100_000), ("mixed-scripts", 40_000)):
        kind, data = build(shape, chars)
        hostile.append((shape, json.dumps({kind: data}).encode(), {200, 400, 503}))
    over = json.dumps({"text": build("one-paragraph", 800_000)[1]}).encode()  # > 100,000 words: refused at once
    hostile.append(("over-word-limit", over, {413}))
    mix = []
    for k, item in enumerate(hostile):
        mix += normal[k % len(normal):] + normal[:k % len(normal)] + [item]
    return mix


def process_memory_mb(pid: int) -> dict[int, float]:
    """Resident memory of a process and of each of its children (the analysis workers)."""
    import psutil

    parent = psutil.Process(pid)
    memory = {}
    for proc in [parent, *parent.children(recursive=True)]:
        try:
            memory[proc.pid] = proc.memory_info().rss / 2**20
        except psutil.Error:
            pass
    return memory


def run_soak_benchmark(minutes: float = 30.0, clients: int = 8, warm_up_minutes: float = 2.0) -> dict:
    from ...server.process import start_server

    mix = request_mix()
    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_server(Path(tmp) / "history.sqlite")
        lock = threading.Lock()
        tally = {"requests": 0, "unexpected": 0, "rejected": 0, "normal_ms": []}
        stop_at = time.monotonic() + minutes * 60

        def client(offset: int) -> None:
            k = offset
            while time.monotonic() < stop_at:
                name, body, accepted = mix[k % len(mix)]
                k += 1
                status, ms, _ = post_analyze(url, body, timeout=300)
                with lock:
                    tally["requests"] += 1
                    tally["unexpected"] += status not in accepted
                    tally["rejected"] += status in (413, 503)
                    if accepted == {200}:
                        tally["normal_ms"].append(ms)

        threads = [threading.Thread(target=client, args=(7 * i,), daemon=True) for i in range(clients)]
        try:
            started = time.monotonic()
            for thread in threads:
                thread.start()
            print(f"soak        {clients} clients for {minutes:g} min, mixed requests ({len(mix)} in the cycle, "
                  f"normal articles and hostile shapes), server with its default budgets")
            minutes_log, last, baseline = [], {"requests": 0, "unexpected": 0}, None
            minute = 0
            while time.monotonic() < stop_at:
                # memory sampled every 5 s: a worker's size depends on the article in it at that instant,
                # so each minute reports the median of its samples, per process (over the samples in which it
                # lived: a worker replaced mid-minute is not counted as 0 MB) and in all
                samples: list[dict[int, float]] = []
                minute_ends = min(stop_at, time.monotonic() + 60)
                while time.monotonic() < minute_ends:
                    samples.append(process_memory_mb(server.pid))
                    time.sleep(max(0.0, min(5.0, minute_ends - time.monotonic())))
                minute += 1
                with lock:
                    done, unexpected = tally["requests"], tally["unexpected"]
                    normal = list(tally["normal_ms"])
                    tally["normal_ms"].clear()
                total = statistics.median(sum(sample.values()) for sample in samples)
                if baseline is None and minute >= warm_up_minutes:
                    baseline = total
                per_process = {pid: round(statistics.median(s[pid] for s in samples if pid in s)) for pid in samples[-1]}
                entry = {"minute": minute, "requests_per_s": round((done - last["requests"]) / 60, 2),
                         "unexpected": unexpected - last["unexpected"],
                         "normal_p95_ms": round(percentile(normal, 0.95)) if normal else None,
                         "rss_mb": per_process, "rss_total_mb": round(total)}
                minutes_log.append(entry)
                last = {"requests": done, "unexpected": unexpected}
                print(f"minute {minute:3}  {entry['requests_per_s']:5.2f} req/s  unexpected {entry['unexpected']}  "
                      f"normal p95 {entry['normal_p95_ms'] or 0:6} ms  RSS (median of the minute) "
                      + " ".join(f"{mb}" for mb in entry["rss_mb"].values()) + f" = {entry['rss_total_mb']} MB",
                      flush=True)
            for thread in threads:
                thread.join(timeout=330)
            elapsed = time.monotonic() - started
            with urllib.request.urlopen(url + "/v1/health", timeout=10) as response:
                workers = json.loads(response.read())["worker_status"]
        finally:
            server.terminate()
            server.wait(timeout=30)
    end = minutes_log[-1]["rss_total_mb"] if minutes_log else 0
    growth = (end - baseline) / baseline if baseline else 0.0
    result = {"minutes": minutes, "clients": clients, "requests": tally["requests"],
              "requests_per_s": round(tally["requests"] / elapsed, 2), "unexpected": tally["unexpected"],
              "rejected": tally["rejected"], "rss_after_warm_up_mb": round(baseline or 0), "rss_end_mb": end,
              "rss_growth": round(growth, 3), "workers": workers, "per_minute": minutes_log}
    print(f"soak        {result['requests']} requests ({result['requests_per_s']}/s), {result['unexpected']} "
          f"unexpected answers, {result['rejected']} refused or over budget (413/503) as expected; workers recycled "
          f"{workers['recycled']}")
    print(f"memory      {result['rss_after_warm_up_mb']} MB after warm-up, {end} MB at the end: "
          f"{growth:+.1%} ({'within' if growth <= MAX_GROWTH else 'OVER'} +{MAX_GROWTH:.0%})")
    return result
