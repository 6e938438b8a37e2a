"""Evidence search measured (``presslens eval evidence-search``): does the search find a claim's evidence?

Climate-FEVER gives each claim five evidence sentences, each labelled SUPPORTS, REFUTES or NOT_ENOUGH_INFO. All its
evidence sentences (4,395 unique ones for the 1,225 claims of the release here) are indexed into one collection, as a
user's documents would be;
each claim of the chosen part is searched as a claim card searches, and its gold evidence is the sentences labelled
SUPPORTS or REFUTES for it (claims with none are left out). Measures, averaged over the claims:

- ``recall@k``: the share of a claim's gold sentences among the k best hits;
- ``hit@k``: whether any of them is;
- with the re-ranking: the best :data:`RERANK_DEPTH` hits ordered by the entailment model's P(supports) +
  P(refutes) (how much the sentence bears on the claim) before the k are taken.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

RERANK_DEPTH = 20
DEPTHS = (1, 5, 10)


@dataclass
class SearchScores:
    claims: int = 0
    recall: dict[int, float] = field(default_factory=dict)
    hit: dict[int, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"claims": self.claims, **{f"recall@{k}": round(v, 4) for k, v in self.recall.items()},
                **{f"hit@{k}": round(v, 4) for k, v in self.hit.items()}}


def climate_fever_collection(records: list[dict], db: Path, progress: bool = False):
    """An evidence collection of every evidence sentence of ``records`` (one document each, id = evidence id)."""
    from ...evidence import EvidenceDocument, EvidenceIndex

    index = EvidenceIndex(db, create=True)
    if index.stats()["documents"] == 0:
        seen: dict[str, str] = {}
        for record in records:
            for item in record["evidences"]:
                seen.setdefault(str(item["evidence_id"]), item["evidence"])
        documents = [EvidenceDocument(id=eid, text=text, title=eid.split(":")[0], size=len(text))
                     for eid, text in seen.items()]
        index.add_documents(documents, progress=progress, progress_total=sum(d.size for d in documents))
    return index


def evaluate_search(records: list[dict], index, rerank_model=None, progress=None) -> tuple[SearchScores, SearchScores | None]:
    """Recall and hits of the search (and, with ``rerank_model``, of the search re-ranked by it)."""
    plain, reranked = _Totals(), _Totals()
    for record in records:
        gold = {str(e["evidence_id"]) for e in record["evidences"] if e.get("evidence_label") in ("SUPPORTS", "REFUTES")}
        if not gold:
            continue
        hits = index.search(record["claim"], k=RERANK_DEPTH)
        documents = list(dict.fromkeys(h.document_id for h in hits))   # a sentence split in two is one evidence
        plain.add(documents, gold)
        if rerank_model is not None:
            sentences = {h.document_id: h.sentence for h in reversed(hits)}   # the best-ranked sentence of each
            probabilities = rerank_model.predict([(record["claim"], sentences[d]) for d in documents])
            bearing = probabilities[:, 0] + probabilities[:, 1]
            order = sorted(range(len(documents)), key=lambda i: -bearing[i])
            reranked.add([documents[i] for i in order], gold)
        if progress:
            progress()
    return plain.scores(), reranked.scores() if rerank_model is not None else None


class _Totals:
    def __init__(self):
        self.claims = 0
        self.recall = {k: 0.0 for k in DEPTHS}
        self.hit = {k: 0.0 for k in DEPTHS}

    def add(self, ranked: list[str], gold: set[str]) -> None:
        self.claims += 1
        for k in DEPTHS:
            found = len(gold & set(ranked[:k]))
            self.recall[k] += found / len(gold)
            self.hit[k] += found > 0

    def scores(self) -> SearchScores:
        n = max(1, self.claims)
        return SearchScores(self.claims, {k: v / n for k, v in self.recall.items()}, {k: v / n for k, v in self.hit.items()})
