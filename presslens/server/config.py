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
    workers: int = 1                      # analyses in this many processes (1: in the server's own)
