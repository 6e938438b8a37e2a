"""What matching reads of an archive's fact-checks besides their vectors, held in memory: ids, words, figures and a
BM25 index over claim and headline.

An archive is searched for every claim card of every article, and SQLite's FTS5 query (every posting of every query
word scored, then sorted) cost about 2 ms a claim on 19,250 PolitiFact checks, over half of what matching took. Held
in memory (built on the first claim of a process from one read of the table, about half a second for 20,000
records, and again only after the collection changed) a query is a few postings added up: well under a millisecond.

BM25 (k1 1.2, b 0.75, Robertson's idf with its +1 floor) over the content words of claim and headline, lower-cased,
with a light suffix stripping ("bombings" and "bombing" meet; FTS5's Porter stemmer did the same for the evidence
sentences).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..nlp.stop_words import STOP_WORDS

K1, B = 1.2, 0.75
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_SUFFIXES = ("ings", "ing", "edly", "ed", "es", "s")


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1}


def figures(text: str) -> set[str]:
    return {f.replace(",", "") for f in _FIGURE.findall(text)}


def terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1]


@dataclass
class ArchiveText:
    """The records of one collection version, in the row order of its vectors (``EvidenceIndex.fact_check_vectors``)."""
    ids: list[str]
    words: list[frozenset]       # content words of claim and headline (features)
    figures: list[frozenset]     # figures of the claim (features)
    postings: dict[str, tuple[np.ndarray, np.ndarray]]   # term -> (rows, BM25 weights)

    @classmethod
    def build(cls, rows: list[tuple[str, str, str | None]]) -> "ArchiveText":
        """``rows``: (id, claim, headline) in vector row order."""
        ids, words, numbers, docs = [], [], [], []
        for record_id, claim, title in rows:
            text = f"{claim} {title or ''}"
            ids.append(record_id)
            words.append(frozenset(content_words(text)))
            numbers.append(frozenset(figures(claim)))
            docs.append(terms(text))
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        average = float(lengths.mean()) if len(docs) else 1.0
        by_term: dict[str, dict[int, int]] = {}
        for row, doc in enumerate(docs):
            for term in doc:
                counts = by_term.setdefault(term, {})
                counts[row] = counts.get(row, 0) + 1
        n = len(docs)
        postings = {}
        for term, counts in by_term.items():
            rows_of = np.fromiter(counts, dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            idf = np.log(1.0 + (n - len(counts) + 0.5) / (len(counts) + 0.5))
            norm = K1 * (1 - B + B * lengths[rows_of] / max(average, 1e-6))
            postings[term] = (rows_of, (idf * tf * (K1 + 1) / (tf + norm)).astype(np.float32))
        return cls(ids, words, numbers, postings)

    def bm25(self, query: str, limit: int) -> dict[int, float]:
        """Row → BM25 of the best ``limit`` records sharing a word with ``query``, best first."""
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for term in set(terms(query)):   # every word: held in memory, a long query costs little
            found = self.postings.get(term)
            if found is not None:
                scores[found[0]] += found[1]
        matched = np.flatnonzero(scores)
        if len(matched) > limit:
            matched = matched[np.argpartition(-scores[matched], limit - 1)[:limit]]
        matched = matched[np.argsort(-scores[matched], kind="stable")]
        return {int(r): float(scores[r]) for r in matched}


class ArchiveTexts:
    """The :class:`ArchiveText` of a collection, loaded on first use and again after the collection changed."""

    def __init__(self):
        self._text: ArchiveText | None = None
        self._version = None

    def get(self, index) -> ArchiveText:
        version = (str(index.path), index.fact_check_version())
        if version != self._version or self._text is None:
            self._text, self._version = ArchiveText.build(index.fact_check_texts()), version
        return self._text

    def clear(self) -> None:
        self._text, self._version = None, None
