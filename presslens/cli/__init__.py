"""The ``presslens`` command line."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from .. import __version__
from ..errors import EXIT_CODES, PARTIAL_FAILURE_EXIT, InputNotFound, PresslensError, UsageError
from ..ingest import DEFAULT_MAX_BYTES
from ..lab import DATA_ROOT  # the labelled data: `--data`, else $PRESSLENS_DATA, else ../shared/data


_EXIT_HELP = "\n\n".join(f"{code}  {meaning}" for code, meaning in sorted(EXIT_CODES.items()))

app = typer.Typer(
    name="presslens",
    help="Read a news article and show how it argues: article text and metadata, non-body parts "
    "(appeals, bios, captions), named entities, persuasion techniques, genre and frames, and check-worthy "
    "claims checked against your own evidence collection. Every finding points at exact characters of the text.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Taxonomy(str, Enum):
    presslens = "presslens"
    ptc2020 = "ptc2020"


class Format(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"
    html = "html"


def _error(message: str) -> None:
    typer.echo(f"presslens: {message}", err=True)


def print_specs(columns: tuple[str, ...], rows: list[tuple[str, ...]], as_json: bool, about: str = "{}") -> None:
    """The specs of ``presslens train list`` / ``presslens eval list``: JSON objects, or one block per row (its
    first column as a title, the second in brackets after it as ``about`` words it, the others as labelled lines)."""
    if as_json:
        typer.echo(json.dumps([dict(zip(columns, row)) for row in rows], indent=1))
        return
    width = max(len(c) for c in columns[2:]) + 2
    for name, second, *rest in rows:
        typer.echo(f"{name} ({about.format(second)})" + "".join(f"\n  {(c.replace('_', ' ') + ':').ljust(width)}{v}"
                                                for c, v in zip(columns[2:], rest)))


def _parse_size(value: str) -> int:
    units = {"kb": 1024, "k": 1024, "mb": 1024**2, "m": 1024**2, "gb": 1024**3, "g": 1024**3, "b": 1, "": 1}
    text = value.strip().lower().replace(" ", "")
    number = text.rstrip("kmgb")
    unit = text[len(number):]
    try:
        return int(float(number) * units[unit])
    except (ValueError, KeyError):
        raise typer.BadParameter(f"'{value}' is not a size (examples: 5000000, 5MB, 800kb, 0 for no limit)") from None


@contextmanager
def _output(path: Optional[Path]) -> Iterator:
    if path is None:
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise InputNotFound(f"cannot write the output file ({exc.strerror or exc})", str(path)) from None
    with handle:
        yield handle


@contextmanager
def reported_errors(debug: bool = False) -> Iterator[None]:
    """For sub-commands: a user error as one line on stderr with its exit code; a bug as one line
    too, with the traceback only under --debug."""
    try:
        yield
    except PresslensError as exc:
        _error(f"error: {exc}")
        raise typer.Exit(exc.exit_code)
    except KeyboardInterrupt:
        _error("interrupted")
        raise typer.Exit(130)
    except BrokenPipeError:
        raise typer.Exit(0)
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # a bug
        if debug:
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details; please report it)")
        raise typer.Exit(1)


def _error_object(exc: PresslensError) -> dict:
    from ..report.schema import SCHEMA_VERSION

    return {"schema_version": SCHEMA_VERSION, **exc.to_dict()}


@app.command(epilog=f"Exit codes:\n\n{_EXIT_HELP}")
def analyze(
    inputs: List[str] = typer.Argument(
        None,
        help="Articles: .txt/.html files, .jsonl files of records (id, text or html, url, title, date, source), "
        "URLs (with --fetch), or '-' for stdin (the default).",
        show_default=False,
    ),
    fmt: Optional[Format] = typer.Option(
        None, "--format", "-f", help="Output format. Default: text on a terminal, json for one input, jsonl for several."
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    only: Optional[str] = typer.Option(None, "--only", help="Run only these analyses (comma-separated) and what they need."),
    skip: Optional[str] = typer.Option(None, "--skip", help="Do not run these analyses (comma-separated)."),
    fetch: bool = typer.Option(False, "--fetch", help="Allow downloading URL inputs (off by default: presslens stays offline)."),
    max_bytes: str = typer.Option(str(DEFAULT_MAX_BYTES), "--max-bytes", help="Refuse inputs larger than this (e.g. 5MB; 0 = no limit)."),
    taxonomy: Taxonomy = typer.Option(Taxonomy.presslens, "--taxonomy", help="Technique labels: presslens ids, or the exact PTC-2020 label strings."),
    evidence_db: Optional[Path] = typer.Option(None, "--evidence", help="Check each claim against this evidence index "
                                            "(built with `presslens evidence add`): verdicts with the evidence shown."),
    fast: bool = typer.Option(False, "--fast", help="Find techniques with the linear model: many times faster, "
                              "less accurate (see the README); the other analyses are unchanged."),
    max_words: int = typer.Option(0, "--max-words", min=0, help="Refuse articles with more words (exit code 6; "
                                  "0 = no limit)."),
    timeout: float = typer.Option(0, "--timeout", min=0, help="Stop an analysis that takes longer than this many "
                                  "seconds (exit code 12; 0 = no limit)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of unexpected errors."),
) -> None:
    """Analyse articles and print a report for each.

    Examples:

      presslens analyze article.txt                 # readable summary

      presslens analyze page.html -f json -o r.json # the JSON report contract

      cat article.txt | presslens analyze -f html > report.html

      presslens analyze corpus.jsonl -f jsonl       # one JSON object per line; bad records become error objects

      presslens analyze article.txt --evidence evidence.db   # claim cards with verdicts

      presslens analyze corpus.jsonl --only techniques --fast -f jsonl   # techniques only, linear model
    """
    from .. import analyzers
    from ..budget import Budget
    from ..ingest import iter_inputs
    from ..pipeline import analysis_options, analyze_many

    limit = _parse_size(max_bytes)
    inputs = inputs or ["-"]
    many = len(inputs) > 1 or any(i.lower().endswith((".jsonl", ".ndjson")) for i in inputs)
    if fmt is None:
        if output is None and sys.stdout.isatty():
            fmt = Format.text
        else:
            fmt = Format.jsonl if many else Format.json
    if fmt is Format.html and many:
        _error("--format html takes one article; use -f jsonl for several")
        raise typer.Exit(UsageError.exit_code)
    try:
        analyzers.resolve(only, skip)
        options = analysis_options(evidence_db, fast)
    except PresslensError as exc:
        _error(f"error: {exc}")
        raise typer.Exit(exc.exit_code)

    failures: list[PresslensError] = []
    successes = 0
    collected: list[dict] = []
    try:
        with _output(output) as out:
            for result in analyze_many(iter_inputs(inputs, fetch=fetch, max_bytes=limit), only=only, skip=skip,
                                       options=options, budget=Budget(max_words or None, timeout or None)):
                if isinstance(result, PresslensError):
                    failures.append(result)
                    _error(f"error: {result}")
                    if fmt is Format.jsonl:
                        out.write(json.dumps(_error_object(result), ensure_ascii=False) + "\n")
                        out.flush()
                    continue
                successes += 1
                result.taxonomy = taxonomy.value
                for warning in result.warnings:
                    _error(f"warning: {result.document.id}: {warning}")
                if fmt is Format.jsonl:
                    out.write(result.render("jsonl") + "\n")
                    out.flush()
                elif fmt is Format.json and many:
                    collected.append(result.to_dict())
                else:
                    rendered = result.render(fmt.value)
                    out.write(rendered if rendered.endswith("\n") else rendered + "\n")
            if collected or (fmt is Format.json and many):
                out.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    except KeyboardInterrupt:
        _error("interrupted")
        raise typer.Exit(130)
    except BrokenPipeError:
        raise typer.Exit(0)
    except PresslensError as exc:
        _error(f"error: {exc}")
        raise typer.Exit(exc.exit_code)
    except Exception as exc:  # a bug: one line, unless asked for the traceback
        if debug:
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details; please report it)")
        raise typer.Exit(1)
    if failures:
        raise typer.Exit(failures[0].exit_code if successes == 0 else PARTIAL_FAILURE_EXIT)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report (schema version 1)."""
    from ..report import report_schema

    typer.echo(json.dumps(report_schema(), indent=2))


@app.command(name="analyses")
def list_analyses() -> None:
    """List the analyses that can be chosen with --only / --skip."""
    from .. import analyzers

    for name in analyzers.all_names():
        analyzer = analyzers.get(name)
        needs = f" (needs: {', '.join(analyzer.requires)})" if analyzer.requires else ""
        typer.echo(f"{name:12} {analyzer.description}{needs}")


@app.command()
def bench(
    corpus: Optional[Path] = typer.Option(None, help="Folder of .txt articles (default: the PTC training articles, else the bundled examples)."),
    limit: int = typer.Option(200, help="Analyse at most this many articles."),
    only: Optional[str] = typer.Option(None, "--only", help="Analyses to run."),
    skip: Optional[str] = typer.Option(None, "--skip", help="Analyses to skip."),
    load: bool = typer.Option(False, "--load", help="Instead: load-test a real `presslens serve` on loopback."),
    clients: int = typer.Option(8, "--clients", help="With --load: concurrent clients."),
    seconds: float = typer.Option(30.0, "--seconds", help="With --load: how long to run."),
    server_workers: Optional[int] = typer.Option(None, "--server-workers", min=1, help="With --load: the server's "
                                                 "analysis processes (default: what `presslens serve` chooses)."),
    batch_articles: int = typer.Option(0, "--batch", help="Instead: presslens batch throughput on this many articles "
                              "(PTC articles repeated), with 1 and 2 workers."),
    evidence_db: Optional[Path] = typer.Option(None, "--evidence-search", help="Instead: evidence search latency on "
                                               "this collection (built from ../shared/data, ~100,000 sentences, when missing)."),
    verifier: bool = typer.Option(False, "--verifier", help="Instead: the time the entailment model adds to each "
                                  "claim's verdict (bundled claims article and evidence)."),
    fact_checks: Optional[Path] = typer.Option(None, "--fact-checks", help="Instead: index this archive of "
                                               "fact-checks and time what matching adds to an article (e.g. "
                                               "../shared/data/checkthat2022_t2b_en/vclaims.jsonl.gz)."),
    fast: bool = typer.Option(False, "--fast", help="Techniques from the fast linear model (with or without --batch)."),
    stress: bool = typer.Option(False, "--stress", help="Instead: time and peak memory of one analysis of each "
                                "hostile shape (one huge paragraph, tiny paragraphs, huge and nested HTML, long "
                                "tokens, mixed scripts), each in a fresh process (several minutes)."),
    soak: bool = typer.Option(False, "--soak", help="Instead: a real server under mixed normal and hostile "
                              "requests for --minutes; requests/s, errors and memory of each process every minute."),
    minutes: float = typer.Option(30.0, "--minutes", help="With --soak: how long to run."),
) -> None:
    """Measure throughput: articles/s, words/s, latency percentiles, peak memory (or, with --load, requests/s
    and latency of the HTTP API under concurrent clients; with --stress and --soak, bounded cost on hostile input)."""
    from ..lab.bench import (run_benchmark, run_corpus_benchmark, run_evidence_benchmark, run_fact_check_benchmark,
                         run_load_benchmark, run_verifier_benchmark)

    if stress:
        from ..lab.bench.stress import run_stress_benchmark

        run_stress_benchmark()
    elif soak:
        from ..lab.bench.soak import run_soak_benchmark

        run_soak_benchmark(minutes=minutes, clients=clients)
    elif verifier:
        run_verifier_benchmark()
    elif fact_checks is not None:
        run_fact_check_benchmark(fact_checks)
    elif evidence_db is not None:
        run_evidence_benchmark(evidence_db)
    elif batch_articles:
        run_corpus_benchmark(articles=batch_articles, corpus=corpus, only=only, skip=skip, fast=fast)
    elif load:
        run_load_benchmark(clients=clients, seconds=seconds, workers=server_workers)
    else:
        run_benchmark(corpus=corpus, limit=limit, only=only, skip=skip, fast=fast)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"presslens {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """presslens: how a news article argues."""


from . import batch, evaluate, evidence, serve, stats, train  # noqa: E402,F401  (sub-commands register themselves on ``app``)

if __name__ == "__main__":
    app()
