"""From input to report: ingestion, then the chosen analyses."""
from __future__ import annotations

import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from . import analyzers
from .budget import Budget, release_freed_memory
from .errors import PresslensError, UsageError
from .ingest import DEFAULT_MAX_BYTES, RawInput, load, read_path
from .ingest.sources import check_size, is_url, open_url
from .report import Report


def analyze_raw(raw: RawInput, only=None, skip=None, names: list[str] | None = None,
                options: dict | None = None, budget: Budget | None = None) -> Report:
    """Ingest ``raw`` and run the analyses, within ``budget`` (words and time) when one is given."""
    budget = budget or Budget()
    with budget.time_limit(raw.label):
        started = time.perf_counter()
        doc = load(raw, budget)
        release_freed_memory(len(doc.text))
        doc.options.update(options or {})
        doc.timings_ms["ingest"] = round((time.perf_counter() - started) * 1000, 2)
        try:
            analyzers.run(doc, names if names is not None else analyzers.resolve(only, skip))
        finally:
            doc.cache.clear()  # encoder vectors are large and not part of the report
            doc.encoding = None
            release_freed_memory(len(doc.text))
    return Report(doc)


def analyze(
    source: str | os.PathLike | bytes,
    *,
    html: bool | None = None,
    only: str | Iterable[str] | None = None,
    skip: str | Iterable[str] | None = None,
    fetch: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    id: str | None = None,
    taxonomy: str = "presslens",
    evidence: str | os.PathLike | None = None,
    fast: bool = False,
    max_words: int | None = None,
    timeout: float | None = None,
) -> Report:
    """Analyse one article and return its :class:`~presslens.report.Report`.

    ``source`` is article text, HTML, raw bytes, a path to a ``.txt``/``.html``
    file, or (with ``fetch=True`` only) an ``http(s)://`` URL. ``html`` forces
    how a string is read (``None`` sniffs it). ``only``/``skip`` choose analyses
    by name (see :func:`presslens.analyzers.all_names`). ``taxonomy``
    ("presslens" or "ptc2020") chooses the technique labels of the report.
    ``evidence`` is the path of an evidence index (``presslens evidence add``):
    each claim card then gets a verdict and the evidence behind it. ``fast``
    finds techniques with the linear model instead of the encoder model.
    ``max_words`` refuses longer articles (:class:`~presslens.errors.InputTooLarge`);
    ``timeout`` (seconds) stops an analysis that runs longer
    (:class:`~presslens.errors.AnalysisTimeout`; see :mod:`presslens.budget`).

    Raises :class:`~presslens.errors.PresslensError` subclasses for bad input.
    """
    raw = _raw_input(source, html=html, fetch=fetch, max_bytes=max_bytes)
    if id is not None:
        raw.id = id
    if taxonomy not in ("presslens", "ptc2020"):
        raise UsageError(f"unknown taxonomy '{taxonomy}' (use 'presslens' or 'ptc2020')")
    report = analyze_raw(raw, only=only, skip=skip, options=analysis_options(evidence, fast),
                         budget=Budget(max_words, timeout))
    report.taxonomy = taxonomy
    return report


def _raw_input(source, *, html, fetch, max_bytes) -> RawInput:
    if isinstance(source, os.PathLike):
        return read_path(source, max_bytes=max_bytes)
    if isinstance(source, bytes):
        check_size(len(source), max_bytes, "text")
        return RawInput(id="text", data=source, kind=_kind(html))
    if not isinstance(source, str):
        raise TypeError(f"analyze() takes text, bytes or a path, not {type(source).__name__}")
    if is_url(source.strip()) and "\n" not in source.strip():
        return open_url(source.strip(), fetch=fetch, max_bytes=max_bytes)
    if len(source) < 4096 and "\n" not in source and _is_file(source):
        return read_path(source, max_bytes=max_bytes)
    check_size(len(source.encode("utf-8")), max_bytes, "text")
    return RawInput(id="text", data=source, kind=_kind(html))


def _kind(html: bool | None) -> str:
    return "auto" if html is None else ("html" if html else "text")


def _is_file(candidate: str) -> bool:
    try:
        return Path(candidate).is_file()
    except (OSError, ValueError):
        return False


def analysis_options(evidence: str | os.PathLike | None = None, fast: bool = False) -> dict:
    """Options of the analyses: the evidence index (claims) and the fast technique model."""
    return {**evidence_options(evidence), **({"fast": True} if fast else {})}


@lru_cache(maxsize=8)
def process_options(evidence: str | os.PathLike | None = None, fast: bool = False) -> dict:
    """:func:`analysis_options` opened once per process and shared by its analyses (worker processes)."""
    return analysis_options(evidence, fast)


def evidence_options(evidence: str | os.PathLike | None) -> dict:
    """Analysis options for an evidence index path (opened once, reused for every article)."""
    if evidence is None:
        return {}
    from .evidence import EvidenceIndex

    return {"evidence": EvidenceIndex(evidence)}


WARM_UP_TEXT = "Warm-up text for presslens. It loads every model the analyses need."


def warm_up(names: list[str] | None = None, options: dict | None = None) -> None:
    """Load the models of the analyses ``names`` (all by default) now, so that a time budget measures
    analyses, not the loading of models (a few seconds, once per process)."""
    analyze_raw(RawInput(id="warm-up", data=WARM_UP_TEXT, kind="text"),
                names=names if names is not None else analyzers.resolve(None, None), options=options)


def analyze_many(inputs: Iterable[RawInput | PresslensError], only=None, skip=None,
                 options: dict | None = None, budget: Budget | None = None) -> Iterator[Report | PresslensError]:
    """Analyse a stream of inputs; a bad one yields its error and the rest go on."""
    names = analyzers.resolve(only, skip)
    if budget is not None and budget.timeout_s:
        warm_up(names, options)
    for item in inputs:
        if isinstance(item, PresslensError):
            yield item
            continue
        try:
            yield analyze_raw(item, names=names, options=options, budget=budget)
        except PresslensError as exc:
            if exc.source is None:
                exc.source = item.label
            yield exc
