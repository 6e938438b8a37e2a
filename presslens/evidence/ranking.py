"""Hybrid ranking: BM25 and embedding cosine, fused by reciprocal rank fusion.

Two ranked candidate lists are made for a query:

- **BM25** over the FTS5 index: the query's content words (stop words
  dropped), any of which may match, best ``CANDIDATES`` sentences;
- **cosine** similarity of the query's embedding with every sentence's
  embedding (one matrix-vector product over the in-memory matrix), best
  ``CANDIDATES``.

They are fused by **reciprocal rank fusion** (Cormack et al., 2009):
``score = sum over the lists of 1 / (RRF_K + rank)``, ranks from 1, RRF_K = 60.
RRF needs no calibration between BM25 (unbounded) and cosine scores, and a
sentence that both lists rank well beats one that only one list likes. Equal
fused scores (rank 1 + rank 2 against rank 2 + rank 1) are ordered by
``cosine + bm25 / best bm25``. The fused score only orders hits; callers that
threshold should use a hit's cosine (always given) or BM25 score.
"""
from __future__ import annotations

import re
from typing import Callable

import numpy as np

from ..nlp.stop_words import STOP_WORDS

CANDIDATES = 100   # per ranked list, before fusion
RRF_K = 60

_WORD = re.compile(r"\w+")
# More query words make a BM25 query slower (every sentence matching any word is scored) without
# finding better candidates; the likely rarest are kept: numbers ("191", "2004") and long words.
MAX_QUERY_TERMS = 12


def fts_match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression for the content words of ``query`` (at most ``MAX_QUERY_TERMS``),
    or None when it has none.

    Each word is quoted, so FTS5 syntax in a query (AND, NEAR, ``*``, ``:``)
    is never interpreted; words are OR-ed, since a sentence that states a
    claim's fact rarely repeats all of the claim's words.
    """
    words = _WORD.findall(query.lower())
    # single characters are possessive "s", "t" of "don't", the "u" and "s" of "U.S.": in most sentences
    terms = list(dict.fromkeys(w for w in words if len(w) > 1 and w not in STOP_WORDS))
    if not terms:
        return None
    if len(terms) > MAX_QUERY_TERMS:
        kept = set(sorted(terms, key=_rarity, reverse=True)[:MAX_QUERY_TERMS])
        terms = [t for t in terms if t in kept]
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _rarity(term: str) -> int:
    """A guess at how rare a word is, without a lookup: numbers and long words are rare."""
    return len(term) + (4 if any(c.isdigit() for c in term) else 0)


def top_by_cosine(cosines: np.ndarray, n: int = CANDIDATES) -> np.ndarray:
    """Row numbers of the ``n`` highest cosines, best first."""
    n = min(n, len(cosines))
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    top = np.argpartition(-cosines, n - 1)[:n]
    return top[np.argsort(-cosines[top], kind="stable")]


def fuse(by_cosine: list[int], by_bm25: dict[int, float], cosine_of: Callable[[int], float]) -> list[tuple[int, float]]:
    """``(sentence id, fused score)``, best first, over both candidate lists (``by_bm25`` in rank order)."""
    fused: dict[int, float] = {}
    for rank, sentence_id in enumerate(by_cosine, start=1):
        fused[sentence_id] = 1.0 / (RRF_K + rank)
    for rank, sentence_id in enumerate(by_bm25, start=1):
        fused[sentence_id] = fused.get(sentence_id, 0.0) + 1.0 / (RRF_K + rank)
    best_bm25 = max(by_bm25.values(), default=0.0) or 1.0

    def order(sentence_id: int) -> tuple[float, float]:
        tie_break = cosine_of(sentence_id) + by_bm25.get(sentence_id, 0.0) / best_bm25
        return (-round(fused[sentence_id], 12), -tie_break)

    return [(sentence_id, fused[sentence_id]) for sentence_id in sorted(fused, key=order)]
