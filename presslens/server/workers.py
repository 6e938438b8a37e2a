"""Where the server's analyses run: in its own process, one at a time, or in worker processes.

One analysis uses both cores only while the encoder runs; ingestion, spaCy and
the heads are single-threaded Python. Two worker processes, each giving the
encoder one core, keep both cores busy and answer 1.6–1.9 times as many
requests per second on 2 cores as one process does (the README's load
figures). Each worker loads the models once, when the server starts.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from ..errors import PresslensError
from ..ingest.sources import RawInput
from ..report import Report

WARM_UP_TEXT = "Warm-up text for presslens."


class WorkerCrashed(PresslensError):
    """A worker process died during an analysis (out of memory, killed); the server starts a new one."""

    code = "internal"


def default_workers() -> int:
    """Two workers on two cores or more, one on a single core."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def analyse(raw: RawInput, evidence_path=None, only=None, skip=None) -> Report:
    """One analysis in this process; the report comes back without its (unpicklable) options."""
    from ..pipeline import analyze_raw, process_options

    report = analyze_raw(raw, only=only, skip=skip, options=process_options(evidence_path))
    report.document.options = {}
    return report


def _start_worker(threads: int, evidence_path) -> None:
    from ..models.encoder import use_threads

    use_threads(threads)  # the encoder of each worker takes its share of the cores, not all of them
    analyse(RawInput(id="warm-up", data=WARM_UP_TEXT, kind="text"), evidence_path)  # load every model now


class AnalysisWorkers:
    """Runs analyses for the server's request threads.

    ``workers == 1``: in this process, one at a time (ONNX Runtime already uses
    every core for the encoder). ``workers > 1``: in that many processes; when
    one dies, the pool is started anew and the analyses in flight are tried once more.
    """

    def __init__(self, workers: int, evidence_path=None):
        self.workers = max(1, workers)
        self.evidence_path = evidence_path
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Load the models (in every worker) before the first request, not during it."""
        if self.workers == 1:
            self.run(RawInput(id="warm-up", data=WARM_UP_TEXT, kind="text"))
            return
        with self._lock:
            self._pool = self._new_pool()
            # workers are spawned on demand: as many simultaneous tasks as workers start them all
            warm_ups = [self._pool.submit(os.getpid) for _ in range(self.workers)]
        for future in warm_ups:
            future.result()

    def _new_pool(self) -> ProcessPoolExecutor:
        from ..models.encoder import cores_per_worker

        threads = cores_per_worker(self.workers)
        return ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"),
                                   initializer=_start_worker, initargs=(threads, self.evidence_path))

    def run(self, raw: RawInput, only=None, skip=None) -> Report:
        if self.workers == 1:
            with self._lock:
                return analyse(raw, self.evidence_path, only, skip)
        # A worker that dies takes the whole pool down with it, and every analysis in flight: each is tried
        # once more in a new pool, so only an input that kills its worker twice fails.
        for attempt in (1, 2):
            pool = self._pool
            try:
                return pool.submit(analyse, raw, self.evidence_path, only, skip).result()
            except BrokenProcessPool:
                with self._lock:
                    if self._pool is pool:  # not yet replaced by another request thread
                        pool.shutdown(wait=False, cancel_futures=True)
                        self._pool = self._new_pool()
        raise WorkerCrashed("the analysis stopped its worker process twice (too large or too complex an input?); "
                            "the server has started new ones", raw.label)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
