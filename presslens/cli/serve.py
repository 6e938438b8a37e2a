"""``presslens serve``: the HTTP API and the web app."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import _error, _parse_size, app, reported_errors


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default; 0.0.0.0 exposes it)."),
    port: int = typer.Option(8000, "--port"),
    max_body: str = typer.Option("5MB", "--max-body", help="Largest request body accepted (413 above it)."),
    allow_fetch: bool = typer.Option(False, "--allow-fetch", help="Let clients ask for URLs to be fetched "
                                     "(private and loopback addresses are always refused)."),
    history: Path = typer.Option(Path("presslens-history.sqlite"), "--history", help="SQLite file of analysed articles."),
    evidence: Optional[Path] = typer.Option(None, "--evidence", help="Evidence index (presslens evidence add): claim "
                                            "cards get verdicts with the evidence shown."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Analyse in this many processes, each "
                                          "loading the models once (about 400 MB each). Default: 2 on 2 cores or "
                                          "more (1.6-1.9 times the requests per second of 1), else 1."),
    analysis_timeout: float = typer.Option(60.0, "--analysis-timeout", min=0, help="Seconds one analysis may "
                                           "take; past them the request gets a 503 and its worker is recycled "
                                           "(0: no limit)."),
    max_words: int = typer.Option(100_000, "--max-words", min=0, help="Words one article may have; more get a "
                                  "413 (0: no limit)."),
    worker_max_memory: str = typer.Option("1.5GB", "--worker-max-memory", help="A worker whose memory has grown "
                                          "past this after an analysis is replaced by a fresh one (0: never)."),
) -> None:
    """Serve the web app at / and the API at /v1 (OpenAPI docs at /docs).

      presslens serve                     # http://127.0.0.1:8000/

      presslens serve --evidence evidence.db   # claims checked against your evidence collection

      curl -s localhost:8000/v1/analyze -H 'content-type: text/plain' --data-binary @article.txt
    """
    try:
        import uvicorn

        from ..server import ServerConfig, create_app
        from ..server.workers import default_workers
    except ImportError as exc:
        _error(f"error: the server needs {exc.name}: pip install -e .")
        raise typer.Exit(2)
    config = ServerConfig(host=host, port=port, max_body_bytes=_parse_size(max_body), allow_fetch=allow_fetch,
                          history_path=history, evidence_path=evidence, workers=workers or default_workers(),
                          analysis_timeout_s=analysis_timeout or None, max_words=max_words or None,
                          worker_max_mb=(_parse_size(worker_max_memory) / 2**20) or None)
    if evidence is not None:
        from ..pipeline import evidence_options

        with reported_errors():
            evidence_options(evidence)  # a missing or foreign file is an error now, not at the first request
    uvicorn.run(create_app(config), host=host, port=port, log_level="info")
