"""A real `presslens serve` under 4 clients mixing hostile shapes with normal articles: normal requests
answered, hostile ones refused or finished within budget, /v1/health answering throughout, no worker
leaked, and the memory of the server's processes under a stated cap."""
import json
import threading
import time
import urllib.request

import psutil
import pytest

from conftest import EXAMPLES
from presslens.lab.bench import percentile, post_analyze
from presslens.lab.bench.shapes import build
from presslens.server.process import start_server

TIMEOUT_S = 4           # the server's --analysis-timeout here
GRACE_S = 5             # presslens.server.workers.KILL_GRACE_S
WORKERS = 2
WORKER_CAP_MB = 1536    # --worker-max-memory: a worker past it after an analysis is replaced
TOTAL_CAP_MB = WORKERS * WORKER_CAP_MB + 400   # the stated cap of all the server's processes together
LOAD_SECONDS = 30


def _post(url: str, body: bytes, timeout: float = 120) -> tuple[int, dict, float]:
    status, ms, payload = post_analyze(url, body, timeout)
    assert status, "the server did not answer"
    return status, json.loads(payload), ms / 1000


def _children(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    proc, url = start_server(tmp_path_factory.mktemp("budget") / "history.sqlite", "--workers", str(WORKERS),
                             "--analysis-timeout", str(TIMEOUT_S), "--max-words", "30000",
                             "--worker-max-memory", f"{WORKER_CAP_MB}MB")
    yield proc, url
    proc.terminate()
    proc.wait(timeout=30)


def test_four_clients_with_hostile_shapes_cannot_stall_the_server(server):
    proc, url = server
    normal = [json.dumps({"text": (EXAMPLES / name).read_text(encoding="utf-8")}).encode()
              for name in ("report.txt", "opinion.txt", "claims.txt")]
    hostile = []  # (name, body, statuses it may get)
    for shape, chars, statuses in (("one-paragraph", 170_000, {200, 503}),      # ~28,000 words: over the time budget
                                   ("one-paragraph", 400_000, {413}),           # over the word limit
                                   ("html-small-blocks", 400_000, {200, 400, 503}),
                                   ("html-nested", 150_000, {200, 400, 503}),
                                   ("long-tokens", 120_000, {200, 503}),
                                   ("mixed-scripts", 40_000, {200, 503})):
        kind, data = build(shape, chars)
        hostile.append((f"{shape}-{chars}", json.dumps({kind: data}).encode(), statuses))
    results = {"normal": [], "hostile": [], "health": []}
    memory = {"peak_total": 0.0, "peak_process": 0.0}
    lock = threading.Lock()
    stop_at = time.monotonic() + LOAD_SECONDS

    def normal_client(k):
        while time.monotonic() < stop_at:
            status, body, seconds = _post(url, normal[k % len(normal)])
            with lock:
                results["normal"].append((status, seconds, body.get("error")))
            k += 1

    def hostile_client(k):
        while time.monotonic() < stop_at:
            name, body, statuses = hostile[k % len(hostile)]
            status, answer, seconds = _post(url, body)
            with lock:
                results["hostile"].append((name, status, statuses, seconds, answer.get("error")))
            k += 1

    def watcher():
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            with urllib.request.urlopen(url + "/v1/health", timeout=10) as response:
                ok = response.status == 200
            results["health"].append((ok, time.perf_counter() - started))
            sizes = []
            for p in [psutil.Process(proc.pid), *_children(proc.pid)]:
                try:
                    sizes.append(p.memory_info().rss / 2**20)
                except psutil.Error:
                    pass
            memory["peak_total"] = max(memory["peak_total"], sum(sizes))
            memory["peak_process"] = max(memory["peak_process"], max(sizes))
            time.sleep(0.5)

    threads = [threading.Thread(target=normal_client, args=(0,)), threading.Thread(target=normal_client, args=(1,)),
               threading.Thread(target=hostile_client, args=(0,)), threading.Thread(target=hostile_client, args=(3,)),
               threading.Thread(target=watcher)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 120)

    normal_seconds = [seconds for _, seconds, _ in results["normal"]]
    print(f"\nnormal requests {len(normal_seconds)}, p50 {percentile(normal_seconds, 0.5):.2f} s, "
          f"p95 {percentile(normal_seconds, 0.95):.2f} s; hostile {len(results['hostile'])}: "
          + ", ".join(f"{name} {status} {seconds:.1f}s" for name, status, _, seconds, _ in results["hostile"])
          + f"; peak memory {memory['peak_total']:.0f} MB in all, {memory['peak_process']:.0f} MB in one process")
    assert results["normal"] and all(status == 200 for status, _, _ in results["normal"]), results["normal"]
    # a normal article may wait for a worker busy with a hostile one, never longer than one budget and its grace
    assert percentile(normal_seconds, 0.95) < TIMEOUT_S + GRACE_S + 5
    assert len(results["hostile"]) >= 4
    for name, status, statuses, seconds, error in results["hostile"]:
        assert status in statuses, (name, status, error)
        assert seconds < 2 * (TIMEOUT_S + GRACE_S) + 5, (name, seconds)  # its own budget after waiting for one
        if status == 503:
            assert error == "timeout", (name, error)
    assert any(status == 413 for _, status, _, _, _ in results["hostile"])
    assert results["health"] and all(ok and seconds < 2 for ok, seconds in results["health"]), results["health"]
    assert memory["peak_total"] < TOTAL_CAP_MB and memory["peak_process"] < WORKER_CAP_MB + 300, memory

    # afterwards: every worker back and idle, and no process left over from those recycled
    deadline = time.monotonic() + 90
    while True:
        with urllib.request.urlopen(url + "/v1/health", timeout=10) as response:
            status = json.loads(response.read())["worker_status"]
        if status["idle"] == WORKERS or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert status["alive"] == WORKERS and status["idle"] == WORKERS, status
    assert len([p for p in _children(proc.pid) if "spawn_main" in " ".join(p.cmdline())]) == WORKERS
    if any(s == 503 for _, s, _, _, _ in results["hostile"]):
        assert status["recycled"]["timeout"] >= 1
    status_code, answer, _ = _post(url, normal[0])
    assert status_code == 200 and answer["claims"] is not None


def test_budget_errors_are_in_the_openapi_schema(server):
    _, url = server
    with urllib.request.urlopen(url + "/openapi.json", timeout=10) as response:
        responses = json.loads(response.read())["paths"]["/v1/analyze"]["post"]["responses"]
    assert "--max-words" in responses["413"]["description"]
    assert "--analysis-timeout" in responses["503"]["description"]
    with urllib.request.urlopen(url + "/v1/health", timeout=10) as response:
        health = json.loads(response.read())
    assert health["budget"] == {"analysis_timeout_s": TIMEOUT_S, "max_words": 30000, "max_body_bytes": 5 * 2**20}
