"""``presslens batch``: analyse a corpus into Parquet tables, in parallel, resumably.

Worker processes load the models once each; inputs stream through in parts
of ``part_size`` articles (constant memory in the corpus size); each part is
committed by a manifest (:mod:`.parts`), so a run killed at any moment, even
by ``kill -9``, continues where it stopped when started again.
"""
from __future__ import annotations

import multiprocessing
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable

from .inputs import WorkItem, iter_work
from .parts import PartWriter
from .rows import article_row, span_rows
from .settings import check_settings, run_settings

_names: list[str] = []
_options: dict = {}
_budget = None
_warmed: set = set()


def _init_worker(names: list[str], threads: int | None = None, evidence: str | None = None, fast: bool = False,
                 budget=None) -> None:
    global _names, _options, _budget
    from ..models.encoder import use_threads
    from ..pipeline import process_options

    _names, _budget = names, budget
    use_threads(threads)  # share the cores among the workers instead of each encoder taking them all
    _options = process_options(evidence, fast)  # each worker opens the evidence index once
    if budget is not None and budget.timeout_s and (tuple(names), evidence, fast) not in _warmed:
        from ..pipeline import warm_up

        warm_up(names, _options)  # the time budget is the analysis's, not the loading of its models
        _warmed.add((tuple(names), evidence, fast))  # once per process (Dask calls this for every task)


def analyse_item(item: WorkItem) -> tuple[str, dict | None, list[dict], dict | None]:
    """(key, article row, span rows, error row) for one input; never raises for bad input."""
    from ..errors import InputNotFound, PresslensError
    from ..ingest.sources import RawInput, parse_record, read_path
    from ..pipeline import analyze_raw

    try:
        if item.unreadable is not None:
            raise InputNotFound(item.unreadable, item.key)
        if item.path is not None:
            raw = read_path(item.path)
        elif item.html is not None:
            raw = RawInput(id=item.id, data=item.html, kind="html", url=item.url)
        else:
            raw = parse_record(item.line, item.key, item.id)
        raw.id = item.id
        report = analyze_raw(raw, names=_names, options=_options, budget=_budget).typed()
    except PresslensError as exc:
        return item.key, None, [], {"id": item.id, "input": item.key, "error": exc.code, "reason": exc.reason}
    except Exception as exc:  # a bug on one article must not stop a million-article run
        return item.key, None, [], {"id": item.id, "input": item.key, "error": "internal",
                                    "reason": f"{type(exc).__name__}: {exc}"}
    return item.key, article_row(item.id, item.key, report), span_rows(item.id, report), None


def analyse_item_with(item: WorkItem, names: list[str], evidence: str | None = None, fast: bool = False,
                      budget=None):
    """:func:`analyse_item` for engines that ship the analysis names with each task (Dask)."""
    _init_worker(names, evidence=evidence, fast=fast, budget=budget)
    return analyse_item(item)


def run_batch(inputs: Iterable[str], out: Path, names: list[str], workers: int = 1, part_size: int = 200,
              progress: Callable[[int], None] | None = None, dask: str | None = None,
              evidence: str | None = None, fast: bool = False, budget=None) -> dict:
    """Analyse every input not yet done in ``out``; returns counts of this run.

    ``budget`` (:class:`presslens.budget.Budget`): an article over its word or time limit becomes a row
    of ``errors/`` (``too_large``, ``timeout``) and the run goes on.

    ``evidence``: an evidence index path (on a Dask cluster, a path every worker can read);
    claims are then verified and their span rows carry the verdict as label. ``fast``: techniques
    from the linear model.

    ``dask`` is the address of a Dask distributed scheduler (``tcp://host:port``): the same parts are
    then analysed on its workers (each loads the models once) and written here.
    """
    check_settings(out, run_settings(names, fast, evidence))
    writer = PartWriter(out)
    todo = (item for item in iter_work(inputs) if item.key not in writer.done)
    counts = {"analysed": 0, "errors": 0, "skipped": len(writer.done)}
    client = pool = None
    if dask:
        from distributed import Client, as_completed

        client = Client(dask)
    elif workers > 1:
        from ..models.encoder import cores_per_worker

        threads = cores_per_worker(workers)
        pool = multiprocessing.get_context("spawn").Pool(workers, _init_worker, (names, threads, evidence, fast, budget))
    else:
        _init_worker(names, evidence=evidence, fast=fast, budget=budget)
    try:
        while True:
            part = list(islice(todo, part_size))
            if not part:
                break
            if client is not None:
                futures = client.map(analyse_item_with, part, names=names, evidence=evidence, fast=fast, budget=budget,
                                     pure=False)
                results = (future.result() for future in as_completed(futures))
            elif pool is not None:
                results = pool.imap_unordered(analyse_item, part)
            else:
                results = map(analyse_item, part)
            keys, articles, spans, errors = [], [], [], []
            for key, article, article_spans, error in results:
                keys.append(key)
                if error is not None:
                    errors.append(error)
                else:
                    articles.append(article)
                    spans.extend(article_spans)
                if progress:
                    progress(1)
            writer.write(keys, articles, spans, errors)
            counts["analysed"] += len(articles)
            counts["errors"] += len(errors)
    finally:
        if pool:
            pool.terminate()
        if client is not None:
            client.close()
    return counts


def count_todo(inputs: Iterable[str], out: Path) -> int:
    done = PartWriter(out).done
    return sum(1 for item in iter_work(inputs) if item.key not in done)


__all__ = ["WorkItem", "count_todo", "iter_work", "run_batch"]
