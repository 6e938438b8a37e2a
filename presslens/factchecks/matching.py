"""Matching a claim against the fact-checks of an evidence collection: has it been checked before?

Two candidate lists, as for evidence sentences: BM25 over the fact-checks' claims and headlines (in memory, :mod:`.lexical`), and the cosine of
the claim's embedding with each fact-check's claim and headline embeddings (the better of the two), best
:data:`CANDIDATES` of each. Their union is re-ranked by a logistic regression over a dozen features of the pair
(:data:`FEATURES`: the two cosines, BM25 and its share of the query's best, the ranks in each list, the words and
figures the two texts share), trained on CLEF CheckThat! 2022 task 2 (tweets against Snopes' checks, debate
sentences against PolitiFact's; ``presslens train fact-checks``). Its probability is the score; a match is shown
on a claim card from :attr:`Matcher.threshold` on, chosen on the tasks' dev queries for precision (see the model
card), counting queries whose true fact-check was taken out of the archive: most claims of an article have none.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelMissing
from .lexical import ArchiveTexts, content_words, figures
from .records import FactCheck

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "fact_checks"
CANDIDATES = 50     # per list (BM25, cosine) before re-ranking
MAX_SHOWN = 3       # matches a claim card shows at most
FEATURES = ("cos_claim", "cos_title", "cos_best", "cos_gap", "bm25_share", "bm25_log", "cos_rank", "bm25_rank",
            "query_words_found", "check_words_found", "check_figures_found", "check_has_figures")

_URL = re.compile(r"(?:https?://|pic\.twitter\.com/|www\.)\S+")
# a tweet's signature as CheckThat! gives it: "— Name (@handle) March 3, 2020"
_SIGNATURE = re.compile(r"\s*[—–-]+\s*[^—–()]{0,80}\(@\w+\)\s*\w+\s+\d{1,2},\s+\d{4}\s*$")


@dataclass(frozen=True)
class FactCheckMatch:
    fact_check: FactCheck
    score: float      # the re-ranker's probability that this fact-check checks the claim
    cosine: float     # the better of the claim's and the headline's cosine with the query
    bm25: float | None

    def to_dict(self) -> dict:
        check = self.fact_check
        return {"claim": check.claim, "rating": check.rating, "reviewer": check.reviewer, "date": check.date,
                "url": check.url, "title": check.title, "speaker": check.speaker, "id": check.id,
                "score": round(self.score, 4)}


def query_text(text: str) -> str:
    """What is matched of a query: without links and a tweet's signature."""
    return " ".join(_URL.sub(" ", _SIGNATURE.sub("", text)).split())


@dataclass
class Candidates:
    """The candidates of one query: rowids and their feature rows."""
    rowids: np.ndarray
    features: np.ndarray
    cosines: np.ndarray
    bm25: dict[int, float]     # rowid -> BM25, the candidates BM25 found


_EMPTY = Candidates(np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURES)), dtype=np.float32), np.zeros(0), {})


def candidates(index, query: str, vector: np.ndarray | None, texts: ArchiveTexts, limit: int = CANDIDATES,
               exclude: set[str] | None = None, cosines: tuple[np.ndarray, np.ndarray] | None = None) -> Candidates:
    """The union of the best ``limit`` fact-checks by BM25 and by cosine, with their features. ``cosines``: the
    query's cosines with every fact-check's claim and headline, when the caller computed them for many queries at
    once. ``exclude``: fact-check ids left out, as if the archive did not hold them (calibration)."""
    ids, claims, titles = index.fact_check_vectors()
    if len(ids) == 0:
        return _EMPTY
    archive = texts.get(index)
    if len(archive.ids) != len(ids):   # written to by another process between the two reads: read both again
        texts.clear()
        ids, claims, titles = index.fact_check_vectors()
        archive = texts.get(index)
    cos_claim, cos_title = cosines if cosines is not None else (claims @ vector, titles @ vector)
    best = np.maximum(cos_claim, cos_title)
    want = min(limit + len(exclude or ()), len(ids))
    by_cosine = np.argpartition(-best, want - 1)[:want] if want < len(ids) else np.arange(len(ids))
    bm25 = archive.bm25(query, want)
    rows = np.unique(np.concatenate([by_cosine, np.fromiter(bm25, dtype=np.int64, count=len(bm25))]))
    if exclude:
        rows = rows[np.array([archive.ids[r] not in exclude for r in rows], dtype=bool)]
    if len(rows) == 0:
        return _EMPTY
    b = np.array([bm25.get(int(r), 0.0) for r in rows], dtype=np.float32)
    cos_rank = np.empty(len(rows), dtype=np.float32)
    cos_rank[np.argsort(-best[rows], kind="stable")] = np.arange(1, len(rows) + 1)
    bm25_rank = np.zeros(len(rows), dtype=np.float32)   # BM25's order among the candidates it found
    found = np.flatnonzero(b > 0)
    bm25_rank[found[np.argsort(-b[found], kind="stable")]] = np.arange(1, len(found) + 1)
    q_words, q_figures = content_words(query), figures(query)
    words = [archive.words[r] for r in rows]
    numbers = [archive.figures[r] for r in rows]
    shared = np.array([len(q_words & w) for w in words], dtype=np.float32)
    features = np.stack([
        cos_claim[rows], cos_title[rows], best[rows], best[rows] - best[rows].max(),
        b / b.max() if b.max() > 0 else b, np.log1p(b),
        1.0 / cos_rank, np.where(bm25_rank > 0, 1.0 / np.maximum(bm25_rank, 1), 0.0),
        shared / max(1, len(q_words)), shared / np.array([max(1, len(w)) for w in words], dtype=np.float32),
        np.array([len(q_figures & n) / max(1, len(n)) for n in numbers], dtype=np.float32),
        np.array([float(bool(n)) for n in numbers], dtype=np.float32),
    ], axis=1).astype(np.float32)
    return Candidates(ids[rows], features, best[rows], {int(ids[r]): v for r, v in bm25.items()})


class Matcher:
    """The re-ranker: a logistic regression over :data:`FEATURES`, and the score from which a match is shown."""

    def __init__(self, folder: str | Path = MODEL_DIR):
        path = Path(folder) / "config.json"
        if not path.is_file():
            raise ModelMissing(f"no fact-check matcher in {folder}: rebuild it with `presslens train fact-checks`")
        self.folder = Path(folder)
        config = json.loads(path.read_text())
        if tuple(config["features"]) != FEATURES:
            raise ModelMissing(f"the fact-check matcher in {folder} reads other features: rebuild it with "
                               "`presslens train fact-checks`")
        self.config = config
        self.mean = np.asarray(config["mean"], dtype=np.float32)
        self.scale = np.asarray(config["scale"], dtype=np.float32)
        self.weight = np.asarray(config["weight"], dtype=np.float32)
        self.bias = float(config["bias"])
        self.threshold = float(config["threshold"])
        self.texts = ArchiveTexts()

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        if len(features) == 0:
            return np.zeros(0, dtype=np.float32)
        return 1.0 / (1.0 + np.exp(-(((features - self.mean) / self.scale) @ self.weight + self.bias)))

    def rank(self, index, queries: list[str], vectors: np.ndarray | None = None, k: int = 20) -> list[list[FactCheckMatch]]:
        """The ``k`` best fact-checks of ``index`` for each query, best first (empty lists when it holds none)."""
        if index.fact_check_count() == 0:
            return [[] for _ in queries]
        cleaned = [query_text(q) for q in queries]
        if vectors is None:
            vectors = index.embedder.embed(cleaned)   # one at a time: a vector independent of its neighbours
        ids, claims, titles = index.fact_check_vectors()
        vectors = np.asarray(vectors, dtype=np.float32)
        by_claim, by_title = claims @ vectors.T, titles @ vectors.T   # one product for all the queries
        out = []
        for column, query in enumerate(cleaned):
            found = candidates(index, query, None, self.texts,
                               cosines=(by_claim[:, column], by_title[:, column]))
            scores = self.probabilities(found.features)
            order = np.argsort(-scores)[:k]
            records = index.fact_checks([int(found.rowids[i]) for i in order])
            out.append([FactCheckMatch(records[int(found.rowids[i])], float(scores[i]), float(found.cosines[i]),
                                       found.bm25.get(int(found.rowids[i]))) for i in order])
        return out

    def shown(self, matches: list[FactCheckMatch]) -> list[FactCheckMatch]:
        """What a claim card shows: the matches from the threshold on, at most :data:`MAX_SHOWN`."""
        return [m for m in matches if m.score >= self.threshold][:MAX_SHOWN]


@lru_cache(maxsize=2)
def load_matcher(folder: str | None = None) -> Matcher:
    return Matcher(folder or MODEL_DIR)
