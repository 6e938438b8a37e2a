"""``presslens evidence``: build and search a local evidence collection."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List

import typer

from ..errors import PARTIAL_FAILURE_EXIT
from . import _error, _parse_size, app, reported_errors

DEFAULT_DB = Path("evidence.db")

evidence_app = typer.Typer(
    name="evidence",
    help="Your own evidence collection: index trusted documents (.txt, .html, .jsonl) sentence by sentence "
    "into one SQLite file, then search it by words and meaning.\n\n"
    "  presslens evidence add reports/ facts.jsonl      # creates ./evidence.db\n\n"
    "  presslens evidence search \"How many died in the Madrid bombings?\"",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(evidence_app, name="evidence")

_DB_OPTION = typer.Option(DEFAULT_DB, "--db", help="The collection file (SQLite).")


class HitFormat(str, Enum):
    text = "text"
    json = "json"


_DEBUG_OPTION = typer.Option(False, "--debug", help="Show tracebacks of unexpected errors.")


@evidence_app.command("add")
def add(
    files: List[Path] = typer.Argument(..., help="Files (.txt, .html, .htm, .json, .jsonl, .jsonl.gz) and folders "
                                       "(searched recursively).",
                                       show_default=False),
    db: Path = _DB_OPTION,
    max_bytes: str = typer.Option("64MB", "--max-bytes", help="Refuse .txt/.html files larger than this (0 = no limit)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    debug: bool = _DEBUG_OPTION,
) -> None:
    """Index documents into the collection (created if missing).

    Each document is split into sentences; every sentence is indexed for
    word search (BM25) and meaning search (sentence embeddings). A document
    whose text is already in the collection is skipped; one with a known id
    but new text (an edited file, a JSONL record with the same "id")
    replaces the old version. Bad files are reported and skipped; the rest
    are indexed (exit code 10 when some failed).

    .txt: an optional title line, then optional "Source: ...", "URL: ..." and
    "Date: ..." lines, then the text. .html: the article body, with <title>
    and <meta name="source"/"author"/"date">. .jsonl: one record per line,
    {"id", "text" or "html", "title", "source", "url", "date"}.

    Fact-checks are stored beside the documents and matched against claim
    cards: schema.org ClaimReview records (a page's ld+json markup, a .json
    file of one or an array, or .jsonl lines of them) and CLEF CheckThat!
    verified claims ({"vclaim_id", "vclaim", "title", ...} lines, .jsonl.gz).
    A record without claimReviewed is reported and skipped; one with a
    rating on an unknown scale is kept without it, with a note.

    Examples:

      presslens evidence add presslens/examples/evidence/

      presslens evidence add reports/*.html facts.jsonl --db ~/checks/evidence.db
    """
    with reported_errors(debug):
        from ..evidence import EvidenceIndex

        limit = _parse_size(max_bytes)
        with EvidenceIndex(db, create=True) as index:
            result = index.add(files, progress=not quiet and sys.stderr.isatty(), max_bytes=limit)
        for error in result.errors:
            _error(f"error: {error}")
        for note in result.notes:
            _error(f"note: {note}")
        typer.echo(f"{db}: {result.summary()}")
        if result.errors:
            indexed = result.documents_ok or result.fact_checks_added or result.fact_checks_replaced or \
                result.fact_checks_unchanged
            raise typer.Exit(PARTIAL_FAILURE_EXIT if indexed else result.errors[0].exit_code)


@evidence_app.command("search")
def search(
    query: str = typer.Argument(..., help="What to look for: a claim, a question or keywords.", show_default=False),
    db: Path = _DB_OPTION,
    k: int = typer.Option(5, "-k", "--top", min=1, max=100, help="How many sentences to show."),
    fmt: HitFormat = typer.Option(HitFormat.text, "--format", "-f", help="text, or json (a list of hits)."),
    debug: bool = _DEBUG_OPTION,
) -> None:
    """Find the evidence sentences that best match a query.

    Word matches (BM25) and meaning matches (embedding cosine) are fused by
    reciprocal rank fusion; each hit shows its fused score, its cosine and
    BM25 scores, the document's title and source, and the sentence.

    Examples:

      presslens evidence search "How many people died in the Madrid train attacks?"

      presslens evidence search "Channel Tunnel length" -k 3 -f json
    """
    with reported_errors(debug):
        from ..evidence import EvidenceIndex

        with EvidenceIndex(db) as index:
            hits = index.search(query, k=k)
        if fmt is HitFormat.json:
            typer.echo(json.dumps([hit.to_dict() for hit in hits], ensure_ascii=False, indent=2))
            return
        if not hits:
            typer.echo("no evidence found (the collection is empty)")
            return
        for rank, hit in enumerate(hits, start=1):
            scores = [f"score {hit.score:.4f}"]
            if hit.cosine is not None:
                scores.append(f"cosine {hit.cosine:.2f}")
            if hit.bm25 is not None:
                scores.append(f"bm25 {hit.bm25:.2f}")
            where = " — ".join(part for part in (hit.title, hit.source, hit.date) if part) or hit.document_id
            typer.echo(f"{rank}. {where}\n   {', '.join(scores)}  [{hit.document_id} {hit.start}:{hit.end}]\n"
                       f"   {hit.sentence}\n")


@evidence_app.command("info")
def info(
    db: Path = _DB_OPTION,
    fmt: HitFormat = typer.Option(HitFormat.text, "--format", "-f", help="text, or json."),
    debug: bool = _DEBUG_OPTION,
) -> None:
    """Show what a collection holds: documents, sentences, sources, the embedder it was built with.

      presslens evidence info --db evidence.db
    """
    with reported_errors(debug):
        from ..evidence import EvidenceIndex

        with EvidenceIndex(db) as index:
            stats = index.stats()
        if fmt is HitFormat.json:
            typer.echo(json.dumps(stats, ensure_ascii=False, indent=2))
            return
        typer.echo(f"collection  {stats['path']} ({stats['size_bytes'] / 2**20:.1f} MB, schema {stats['schema_version']})")
        typer.echo(f"documents   {stats['documents']:,}")
        typer.echo(f"sentences   {stats['sentences']:,}")
        typer.echo(f"sources     {stats['sources']:,}")
        typer.echo(f"fact-checks {stats['fact_checks']:,}")
        typer.echo(f"embedder    {stats['embedder_fingerprint']} (vectors stored as {stats['vector_dtype']})")
        for row in stats["top_sources"]:
            typer.echo(f"  {row['documents']:>6,}  {row['source']}")
