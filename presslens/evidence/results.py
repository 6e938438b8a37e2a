"""What the evidence index returns: search hits, stored documents, the outcome of an add."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..errors import PresslensError


@dataclass(frozen=True)
class EvidenceHit:
    sentence: str          # the evidence sentence, == document text[start:end]
    start: int
    end: int
    document_id: str
    title: str | None
    source: str | None
    url: str | None
    date: str | None
    score: float           # fused score (reciprocal rank fusion; higher is better)
    bm25: float | None     # BM25 (higher is better); None when no query word matched the sentence
    cosine: float | None   # cosine similarity of query and sentence embeddings

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class StoredDocument:
    id: str
    title: str | None
    source: str | None
    url: str | None
    date: str | None
    origin: str | None
    added: float
    sha256: str
    text: str


@dataclass
class AddResult:
    files_read: int = 0
    documents_added: int = 0       # new documents
    documents_replaced: int = 0    # an id already there, with new text
    duplicates_skipped: int = 0    # text already in the collection
    sentences_added: int = 0
    fact_checks_added: int = 0
    fact_checks_replaced: int = 0     # an id already there, with other fields
    fact_checks_unchanged: int = 0    # the same record again
    errors: list[PresslensError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # records kept with a problem (a rating on an unknown scale)

    @property
    def documents_ok(self) -> int:
        """Documents now in the collection as given (added, replaced or already there)."""
        return self.documents_added + self.documents_replaced + self.duplicates_skipped

    def summary(self) -> str:
        parts = [f"added {_count(self.documents_added, 'document')} ({_count(self.sentences_added, 'sentence')})"]
        if self.documents_replaced:
            parts.append(f"replaced {self.documents_replaced}")
        parts.append(f"skipped {_count(self.duplicates_skipped, 'duplicate')}")
        if self.fact_checks_added or self.fact_checks_replaced or self.fact_checks_unchanged:
            checks = f"fact-checks: added {self.fact_checks_added:,}"
            if self.fact_checks_replaced:
                checks += f", replaced {self.fact_checks_replaced:,}"
            if self.fact_checks_unchanged:
                checks += f", {self.fact_checks_unchanged:,} already there"
            parts.append(checks)
        if self.errors:
            parts.append(_count(len(self.errors), "error"))
        return "; ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
