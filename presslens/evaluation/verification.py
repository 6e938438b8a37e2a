"""Scoring claim verification on claim/evidence/verdict triples (``presslens eval verification``).

The set (``presslens/evaluation/data/verification.jsonl``) was written by the
project for evaluation. It is split in two by a hash of each triple's id:
``dev`` may be looked at while developing the verifier, ``test`` is for the
reported figure only.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import InputNotFound, InvalidRecord

DEFAULT_SET = Path(__file__).resolve().parent / "data" / "verification.jsonl"
VERDICTS = ("supported", "contradicted", "mixed", "not_enough_evidence")


def split_of(triple_id: str) -> str:
    return "dev" if int(hashlib.sha256(f"presslens-verify-{triple_id}".encode()).hexdigest(), 16) % 2 == 0 else "test"


def read_triples(path: str | Path = DEFAULT_SET) -> list[dict]:
    path = Path(path)
    if not path.is_file():
        raise InputNotFound("no such file", str(path))
    triples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if record["verdict"] not in VERDICTS or not record["evidence"] or not record["claim"]:
                raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, with a claim and evidence")
            for item in record["evidence"]:
                item["text"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidRecord(f"line {number}: not a claim/evidence/verdict triple ({exc})", str(path)) from None
        triples.append(record)
    return triples


@dataclass
class VerificationResult:
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    tags: list[list[str]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.predicted)) / max(1, len(self.gold))

    def macro_f1(self) -> float:
        return sum(self.per_verdict()[v]["f1"] for v in VERDICTS) / len(VERDICTS)

    def per_verdict(self) -> dict[str, dict]:
        out = {}
        for verdict in VERDICTS:
            tp = sum(g == p == verdict for g, p in zip(self.gold, self.predicted))
            n_pred, n_gold = self.predicted.count(verdict), self.gold.count(verdict)
            p, r = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
            out[verdict] = {"precision": round(p, 4), "recall": round(r, 4),
                            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "gold": n_gold}
        return out

    def per_tag(self) -> dict[str, tuple[int, int]]:
        right: Counter = Counter()
        total: Counter = Counter()
        for tags, g, p in zip(self.tags, self.gold, self.predicted):
            for tag in tags:
                total[tag] += 1
                right[tag] += g == p
        return {tag: (right[tag], total[tag]) for tag in sorted(total, key=lambda t: -total[t])}

    def confusion(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(VERDICTS, 0))
        for g, p in zip(self.gold, self.predicted):
            table[g][p] += 1
        return {g: table[g] for g in VERDICTS}

    def as_dict(self) -> dict:
        return {"triples": len(self.gold), "accuracy": round(self.accuracy, 4), "macro_f1": round(self.macro_f1(), 4),
                "per_verdict": self.per_verdict(), "confusion": self.confusion(),
                "per_tag": {t: {"right": r, "total": n} for t, (r, n) in self.per_tag().items()}}


def evaluate_verification(path: str | Path = DEFAULT_SET, split: str | None = "test", misses: list | None = None) -> VerificationResult:
    """Verdicts for every triple of ``split`` ("dev", "test" or None for all), against the gold ones."""
    from ..claims.verify import facts, verify
    from ..models.sentence import load_embedder

    triples = [t for t in read_triples(path) if split is None or split_of(str(t["id"])) == split]
    embedder = load_embedder()
    result = VerificationResult()
    for triple in triples:
        base = date.fromisoformat(triple["article_date"]) if triple.get("article_date") else None
        evidence_texts = [item["text"] for item in triple["evidence"]]
        vectors = embedder.embed([triple["claim"], *evidence_texts])
        cosines = [float(vectors[0] @ v) for v in vectors[1:]]
        verdict = verify(facts(triple["claim"], base), [facts(t, base) for t in evidence_texts], cosines)
        result.gold.append(triple["verdict"])
        result.predicted.append(verdict.verdict)
        result.tags.append(list(triple.get("tags", [])))
        result.ids.append(str(triple["id"]))
        if misses is not None and verdict.verdict != triple["verdict"]:
            misses.append((triple, verdict))
    return result
