"""``presslens batch``: a corpus in, Parquet tables out, resumably."""
from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

import typer

from . import _error, app, reported_errors


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., help="Folders of .txt/.html/.jsonl/.warc(.gz) files (searched recursively), .jsonl or WARC files, or files."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder: articles/, spans/, errors/ Parquet datasets."),
    workers: int = typer.Option(max(1, min(os.cpu_count() or 1, 4)), "--workers", "-w", help="Worker processes (models load once in each)."),
    part_size: int = typer.Option(200, "--part-size", help="Articles per Parquet part (a crash loses at most one part)."),
    only: Optional[str] = typer.Option(None, "--only", help="Run only these analyses (comma-separated)."),
    skip: Optional[str] = typer.Option(None, "--skip", help="Do not run these analyses."),
    dask: Optional[str] = typer.Option(None, "--dask", help="Run on a Dask distributed cluster: the scheduler's "
                                       "address, e.g. tcp://10.0.0.5:8786 (workers need presslens installed)."),
    evidence: Optional[Path] = typer.Option(None, "--evidence", help="Verify claims against this evidence index "
                                            "(presslens evidence add); the claim rows of spans/ get the verdict as label."),
    fast: bool = typer.Option(False, "--fast", help="Find techniques with the linear model (many times faster, less "
                              "accurate); with --only techniques, no encoder runs at all."),
    max_words: int = typer.Option(0, "--max-words", min=0, help="An article with more words becomes an errors/ "
                                  "row (too_large) instead of being analysed (0: no limit)."),
    timeout: float = typer.Option(120.0, "--timeout", min=0, help="Seconds one article may take; past them it "
                                  "becomes an errors/ row (timeout) and the run goes on (0: no limit)."),
) -> None:
    """Analyse a corpus into Parquet: one row per article, per span, per error.

    Interrupt it (Ctrl-C, kill -9, a crash) and run the same command again: it goes on where it
    stopped, and every input ends up exactly once in the output.

      presslens batch corpus/ feeds.jsonl --out results/ --workers 2

      presslens batch corpus/ --out results/ --dask tcp://scheduler:8786

      presslens batch corpus/ --out results/ --only techniques --fast   # technique counts of a huge corpus
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from .. import analyzers
    from ..batch import count_todo, run_batch
    from ..budget import Budget
    from ..errors import PresslensError

    try:
        names = analyzers.resolve(only, skip)
    except PresslensError as exc:
        _error(f"error: {exc}")
        raise typer.Exit(exc.exit_code)
    if evidence is not None:
        from ..pipeline import evidence_options

        with reported_errors():
            evidence_options(evidence)  # a missing or foreign index fails now, not in every worker
    missing = [i for i in inputs if not Path(i).exists()]
    if missing:
        _error(f"error: {missing[0]}: no such file or folder")
        raise typer.Exit(3)
    if out.exists() and not out.is_dir():
        _error(f"error: {out}: --out must be a folder, and this is a file")
        raise typer.Exit(3)
    from ..batch.settings import check_settings, run_settings

    try:
        # a resumed run must match the settings it started with: checked before counting a big corpus
        check_settings(out, run_settings(names, fast, str(evidence.resolve()) if evidence else None))
        total = count_todo(inputs, out)
    except PresslensError as exc:
        _error(f"error: {exc}")
        raise typer.Exit(exc.exit_code)
    except OSError as exc:
        _error(f"error: {out}: cannot write the output folder ({exc.strerror or exc})")
        raise typer.Exit(3)
    columns = (TextColumn("[bold]analysing"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    try:
        with Progress(*columns, transient=False) as bar:
            task = bar.add_task("batch", total=total, rate="…")

            def advance(n: int) -> None:
                bar.advance(task, n)
                speed = bar.tasks[task].speed
                bar.update(task, rate=f"{speed:.1f}" if speed else "…")

            counts = run_batch(inputs, out, names, workers=workers, part_size=part_size, progress=advance, dask=dask,
                               evidence=str(evidence.resolve()) if evidence else None, fast=fast,
                               budget=Budget(max_words or None, timeout or None))
    except KeyboardInterrupt:
        _error("interrupted: run the same command again to continue where it stopped")
        raise typer.Exit(130)
    typer.echo(f"{counts['analysed']} articles analysed, {counts['errors']} errors (see {out}/errors), "
               f"{counts['skipped']} done before; tables in {out}/articles, {out}/spans, {out}/errors")
