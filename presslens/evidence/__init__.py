"""A user's own evidence collection: documents indexed sentence by sentence, for checking claims.

    from presslens.evidence import EvidenceIndex

    index = EvidenceIndex("evidence.db", create=True)
    index.add([Path("reports/")])                       # .txt, .html/.htm, .jsonl, folders
    for hit in index.search("How many people died in the Madrid train attacks?", k=3):
        print(hit.score, hit.source, hit.sentence)

See :mod:`presslens.evidence.store` for the search and duplicate rules and
:mod:`presslens.evidence.schema` for the file layout.
"""
from __future__ import annotations

from .readers import EvidenceDocument, content_hash, normalise_text
from .results import AddResult, EvidenceHit, StoredDocument
from .store import EmbedderMismatch, EvidenceIndex

__all__ = [
    "AddResult",
    "EmbedderMismatch",
    "EvidenceDocument",
    "EvidenceHit",
    "EvidenceIndex",
    "StoredDocument",
    "benchmark_search",
    "build_bench_collection",
    "content_hash",
    "normalise_text",
]


def __getattr__(name: str):
    # the benchmark helpers load lazily, so `python -m presslens.evidence.bench` runs without a double import
    if name in ("benchmark_search", "build_bench_collection"):
        from . import bench

        return getattr(bench, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
