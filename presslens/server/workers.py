"""Where the server's analyses run: in worker processes, each within a budget.

Each worker is a process that loads the models once and then analyses one
article at a time, sent over a pipe. The server's own process only parses
requests and waits: it loads no model, so a hostile input can slow or kill a
worker, never the server, and ``/v1/health`` keeps answering.

Every analysis has a time budget (``--analysis-timeout``). The worker keeps it
itself (:mod:`presslens.budget`: a timer signal in its main thread) and answers
``timeout``; should it not answer a few seconds later (stuck in native code),
the server kills it. Either way the worker is recycled: a new one is started
and the old one's memory is given back. A worker whose memory has grown past
``--worker-max-memory`` after an analysis is recycled too, so a long-running
server cannot creep upwards.

One analysis uses both cores only while the encoder runs; ingestion, spaCy and
the heads are single-threaded Python. Two workers, each giving the encoder one
core, keep both cores busy and answer 1.6–1.9 times as many requests per
second on 2 cores as one does (the README's load figures).
"""
from __future__ import annotations

import os
import queue
import signal
import threading
from multiprocessing import get_context

from ..budget import Budget
from ..errors import AnalysisTimeout, PresslensError
from ..ingest.sources import RawInput
from ..report import Report

# How long past its budget a worker may take to answer before it is killed (the signal interrupts
# Python code at once; native code, one encoder window or spaCy batch, returns within a second).
KILL_GRACE_S = 5.0
START_TIMEOUT_S = 180.0


class WorkerCrashed(PresslensError):
    """A worker process died during an analysis (out of memory, killed); the server starts a new one."""

    code = "internal"


class AnalysisFailed(PresslensError):
    """An unexpected error (a bug) in a worker's analysis of one input; the worker goes on."""

    code = "internal"


class WorkerUnavailable(PresslensError):
    """No worker could be started (the models cannot load)."""

    code = "unavailable"


def default_workers() -> int:
    """Two workers on two cores or more, one on a single core."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def analyse(raw: RawInput, evidence_path=None, only=None, skip=None, budget: Budget | None = None) -> Report:
    """One analysis in this process; the report comes back without its (unpicklable) options."""
    from ..pipeline import analyze_raw, process_options

    report = analyze_raw(raw, only=only, skip=skip, options=process_options(evidence_path), budget=budget)
    report.document.options = {}
    return report


def resident_mb() -> float:
    """This process's resident memory now (Linux ``/proc``; else its peak, from ``getrusage``)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_main(conn, threads: int, evidence_path) -> None:
    """A worker process: load the models, say so, then analyse what comes down the pipe until it closes."""
    from ..models.encoder import use_threads

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it closes the pipes
    use_threads(threads)  # the encoder of each worker takes its share of the cores, not all of them
    try:
        from ..pipeline import process_options, warm_up

        warm_up(options=process_options(evidence_path))  # load every model now, not during a budgeted analysis
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}", resident_mb()))
        return
    conn.send(("ready", os.getpid(), resident_mb()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        raw, only, skip, budget = job
        try:
            reply = ("report", analyse(raw, evidence_path, only, skip, budget))
        except PresslensError as exc:
            reply = ("error", exc)
        except Exception as exc:  # a bug on one input: the answer says so, the worker goes on
            reply = ("error", AnalysisFailed(f"internal error: {type(exc).__name__}: {exc}", raw.label))
        conn.send((*reply, resident_mb()))


class _Worker:
    def __init__(self, context, threads: int, evidence_path):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, threads, evidence_path), daemon=True,
                                       name="presslens-analysis")
        self.process.start()
        child.close()
        self.pid = self.process.pid

    def wait_ready(self) -> None:
        if not self.conn.poll(START_TIMEOUT_S):
            self.kill()
            raise WorkerUnavailable(f"an analysis worker did not load its models in {START_TIMEOUT_S:.0f} s")
        try:
            kind, detail, _ = self.conn.recv()
        except (EOFError, OSError):
            kind, detail = "failed", "it exited while loading the models"
        if kind != "ready":
            self.kill()
            raise WorkerUnavailable(f"an analysis worker could not start: {detail}")

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)
        self.conn.close()


class AnalysisWorkers:
    """Runs analyses for the server's request threads in ``workers`` processes, each within ``budget``.

    A request waits for a free worker, sends it the input and waits for the report. A worker that
    dies (killed, out of memory) is replaced and the analysis tried once more, so only an input
    that kills its worker twice fails; one over budget is not retried.
    """

    def __init__(self, workers: int, evidence_path=None, budget: Budget = Budget(),
                 max_worker_mb: float | None = None):
        from ..models.encoder import cores_per_worker

        self.workers = max(1, workers)
        self.evidence_path = evidence_path
        self.budget = budget
        self.max_worker_mb = max_worker_mb
        self._threads = cores_per_worker(self.workers)
        self._context = get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.recycled = {"timeout": 0, "memory": 0, "crash": 0}

    def start(self) -> None:
        """Start every worker and wait until each has loaded the models (before the first request)."""
        started = [self._spawn() for _ in range(self.workers)]
        for worker in started:
            worker.wait_ready()
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self._threads, self.evidence_path)
        with self._lock:
            self._all.add(worker)
        return worker

    def _recycle(self, worker: _Worker, why: str) -> None:
        """Kill ``worker`` and start its replacement in the background (it joins the idle queue when ready)."""
        with self._lock:
            self._all.discard(worker)
            self.recycled[why] += 1
        worker.kill()
        if self._closed:
            return

        def replace() -> None:
            try:
                fresh = self._spawn()
                fresh.wait_ready()
            except WorkerUnavailable:
                return  # the next request waits, then reports it
            if self._closed:
                fresh.kill()
            else:
                self._idle.put(fresh)

        threading.Thread(target=replace, name="presslens-worker-start", daemon=True).start()

    def run(self, raw: RawInput, only=None, skip=None) -> Report:
        budget = self.budget
        for attempt in (1, 2):
            try:
                # a request may wait for a worker as long as two analyses may last, then is turned away
                worker = self._idle.get(timeout=2 * (budget.timeout_s or 60) + START_TIMEOUT_S)
            except queue.Empty:
                raise WorkerUnavailable("every analysis worker is busy; try again shortly", raw.label) from None
            try:
                worker.conn.send((raw, only, skip, budget))
                answered = worker.conn.poll(budget.timeout_s + KILL_GRACE_S if budget.timeout_s else None)
                if not answered:  # stuck past its budget in native code: killed
                    self._recycle(worker, "timeout")
                    raise AnalysisTimeout(f"the analysis took longer than the server's budget of "
                                          f"{budget.timeout_s:g} s per article", raw.label)
                kind, payload, memory_mb = worker.conn.recv()
            except (EOFError, OSError):  # the worker died (OOM killer, a crash): replaced, tried once more
                self._recycle(worker, "crash")
                continue
            if kind == "error" and isinstance(payload, AnalysisTimeout):
                self._recycle(worker, "timeout")  # interrupted anywhere: a fresh worker, not a doubtful one
                raise AnalysisTimeout(f"the analysis took longer than the server's budget of "
                                      f"{budget.timeout_s:g} s per article", raw.label)
            if self.max_worker_mb and memory_mb > self.max_worker_mb:
                self._recycle(worker, "memory")
            else:
                self._idle.put(worker)
            if kind == "error":
                raise payload
            return payload
        raise WorkerCrashed("the analysis stopped its worker process twice (too large or too complex an input?); "
                            "the server has started new ones", raw.label)

    def status(self) -> dict:
        with self._lock:
            alive = len(self._all)
        return {"workers": self.workers, "alive": alive, "idle": self._idle.qsize(), "recycled": dict(self.recycled)}

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in workers:
            worker.process.join(timeout=5)
            worker.kill()
