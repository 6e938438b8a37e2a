"""Settings of ``presslens serve``."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"               # loopback unless the operator says otherwise
    port: int = 8000
    max_body_bytes: int = 5 * 1024 * 1024  # larger requests get a 413
    allow_fetch: bool = False             # never fetch URLs unless the operator enables it
    history_path: Path = Path("presslens-history.sqlite")
    evidence_path: Path | None = None     # an evidence index: claim cards then get verdicts
    workers: int = 1                      # analysis worker processes
    analysis_timeout_s: float | None = 60.0  # per analysis; past it 503 and the worker is recycled
    max_words: int | None = 100_000       # words of one inline article; more get a 413
    worker_max_mb: float | None = 1536.0  # a worker that has grown past this after an analysis is recycled
