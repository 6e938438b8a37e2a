"""Scoring claim verification (``presslens eval verification``), in two layouts.

* Triples: the set ``presslens/lab/evaluation/data/verification.jsonl`` was written by the project for
  evaluation. It is split in two by a hash of each triple's id: ``dev`` may be looked at while developing
  the verifier (it chooses how the entailment model and the rules combine; the model does not train on it),
  ``test`` is for the reported figure only.
* Pairs (``--layout pairs``): any JSON lines of ``{id, claim, evidence, label?}`` (FEVER, VitaminC, NLI sets),
  each pair labelled alone, as Climate-FEVER's pairs are.
* Climate-FEVER (``--layout climate-fever``): claims with five evidence sentences each, labelled per pair
  SUPPORTS / REFUTES / NOT_ENOUGH_INFO. Split by a hash of the claim id (a claim's five pairs stay together):
  75 % train, 10 % dev (thresholds), 15 % test (reported figures, never tuned on).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ...claims.entailment import LABEL_ALIASES, LABELS, untokenised
from ..datasets import label_lines
from ...errors import InputNotFound, InvalidRecord
from .metrics import label_prf

DEFAULT_SET = Path(__file__).resolve().parent / "data" / "verification.jsonl"
VERDICTS = ("supported", "contradicted", "mixed", "not_enough_evidence")
# what presslens may answer beside them: the rules and the model disagree (never a gold verdict of the triples)
PREDICTED_ONLY = ("uncertain",)


def split_of(triple_id: str) -> str:
    return "dev" if int(hashlib.sha256(f"presslens-verify-{triple_id}".encode()).hexdigest(), 16) % 2 == 0 else "test"


def climate_fever_split(claim_id: str) -> str:
    bucket = int(hashlib.sha256(f"presslens-climate-fever-{claim_id}".encode()).hexdigest(), 16) % 100
    return "train" if bucket < 75 else ("dev" if bucket < 85 else "test")


def read_climate_fever(path: str | Path) -> list[dict]:
    """Climate-FEVER's JSONL records: ``claim_id``, ``claim``, ``claim_label`` (optional) and ``evidences``
    (each with ``evidence_id``, ``evidence`` and, when labelled, ``evidence_label``)."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFound("no such file", str(path))
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InvalidRecord("not UTF-8 text: expected Climate-FEVER JSONL", str(path)) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            str(record["claim_id"]), record["claim"].strip()
            if not record["evidences"]:
                raise ValueError("no evidences")
            for item in record["evidences"]:
                item["evidence"].strip(), str(item["evidence_id"])
                if item.get("evidence_label") not in (None, *LABELS):
                    raise ValueError(f"evidence_label must be one of {', '.join(LABELS)}")
        except KeyError as exc:
            raise InvalidRecord(f"line {number}: not a Climate-FEVER record (no {exc} field)", str(path)) from None
        except (ValueError, TypeError, AttributeError) as exc:
            raise InvalidRecord(f"line {number}: not a Climate-FEVER record ({exc})", str(path)) from None
        record["claim_id"] = str(record["claim_id"])
        records.append(record)
    if not records:
        raise InvalidRecord("no Climate-FEVER records", str(path))
    return records


def read_pairs(path: str | Path) -> list[dict]:
    """Claim/evidence pairs, one JSON object a line (``.gz`` read as gzip): ``id``, ``claim``, ``evidence`` and an
    optional ``label`` (SUPPORTS / REFUTES / NOT_ENOUGH_INFO, or a corpus's spelling of them: "NOT ENOUGH INFO",
    NLI's entailment / contradiction / neutral); FEVER's tokenisation ("-LRB-", " ,") undone. Returned as Climate-FEVER-style records of one evidence each, so
    that they are labelled exactly as Climate-FEVER's pairs are."""
    records, seen = [], set()
    for number, line in label_lines(path):
        try:
            row = json.loads(line)
            pair_id, claim, evidence = str(row["id"]), untokenised(row["claim"].strip()), untokenised(row["evidence"].strip())
            if not claim or not evidence:
                raise ValueError("empty claim or evidence")
            label = row.get("label")
            if label is not None:
                if str(label).upper() not in LABEL_ALIASES:
                    raise ValueError(f"label {label!r} is none of {', '.join(LABELS)}")
                label = LABEL_ALIASES[str(label).upper()]
        except KeyError as exc:
            raise InvalidRecord(f"line {number}: not a claim/evidence pair (no {exc} field)", str(path)) from None
        except (ValueError, TypeError, AttributeError) as exc:
            raise InvalidRecord(f"line {number}: not a claim/evidence pair ({exc})", str(path)) from None
        if pair_id in seen:
            raise InvalidRecord(f"line {number}: id {pair_id!r} used twice", str(path))
        seen.add(pair_id)
        records.append({"claim_id": pair_id, "claim": claim,
                        "evidences": [{"evidence_id": pair_id, "evidence": evidence, "evidence_label": label}]})
    if not records:
        raise InvalidRecord("no claim/evidence pairs", str(path))
    return records


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
    signals: list[str] = field(default_factory=list)   # what decided each verdict: rules, model or none

    def reliability(self) -> dict[str, dict]:
        """How often each kind of verdict ("signal/verdict", e.g. "rules/contradicted") was right: ``right``,
        ``total`` and ``confidence``, the right share smoothed towards one half ((right + 1) / (total + 2)), so that
        a kind seen twice does not claim certainty."""
        cells: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for signal, g, p in zip(self.signals, self.gold, self.predicted):
            cell = cells[f"{signal}/{p}"]
            cell[0] += g == p
            cell[1] += 1
        return {key: {"right": r, "total": n, "confidence": round((r + 1) / (n + 2), 4)}
                for key, (r, n) in sorted(cells.items())}

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.predicted)) / max(1, len(self.gold))

    def macro_f1(self) -> float:
        return sum(self.per_verdict()[v]["f1"] for v in VERDICTS) / len(VERDICTS)

    def per_verdict(self) -> dict[str, dict]:
        return {verdict: {"precision": round(prf.precision, 4), "recall": round(prf.recall, 4), "f1": round(prf.f1, 4),
                          "gold": prf.support}
                for verdict, prf in label_prf(self.gold, self.predicted, VERDICTS).items()}

    def per_tag(self) -> dict[str, tuple[int, int]]:
        right: Counter = Counter()
        total: Counter = Counter()
        for tags, g, p in zip(self.tags, self.gold, self.predicted):
            for tag in tags:
                total[tag] += 1
                right[tag] += g == p
        return {tag: (right[tag], total[tag]) for tag in sorted(total, key=lambda t: -total[t])}

    def confusion(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(VERDICTS + PREDICTED_ONLY, 0))
        for g, p in zip(self.gold, self.predicted):
            table[g][p] += 1
        return {g: table[g] for g in VERDICTS}

    def as_dict(self) -> dict:
        return {"triples": len(self.gold), "accuracy": round(self.accuracy, 4), "macro_f1": round(self.macro_f1(), 4),
                "per_verdict": self.per_verdict(), "confusion": self.confusion(),
                "per_tag": {t: {"right": r, "total": n} for t, (r, n) in self.per_tag().items()}}


@dataclass
class ReadTriple:
    """A triple with what its verdict is decided from: the facts of its claim and evidence, their cosines and
    the entailment model's readings (None for the rules alone)."""
    triple: dict
    claim: object
    evidence: list
    cosines: list[float]
    entailment: list | None


def read_for_verdicts(path: str | Path = DEFAULT_SET, split: str | None = "test", model="default") -> list[ReadTriple]:
    """Every triple of ``split`` ("dev", "test" or None for all) read once (embedder, model, facts), so that
    verdicts can be decided under several combinations without reading again."""
    from ...claims.entailment import load_entailment
    from ...claims.verify import facts, read_by_model
    from ...models.sentence import load_embedder

    triples = [t for t in read_triples(path) if split is None or split_of(str(t["id"])) == split]
    embedder = load_embedder()
    model = load_entailment() if model == "default" else model
    read = []
    for triple in triples:
        base = date.fromisoformat(triple["article_date"]) if triple.get("article_date") else None
        evidence_texts = [item["text"] for item in triple["evidence"]]
        vectors = embedder.embed([triple["claim"], *evidence_texts])
        cosines = [float(vectors[0] @ v) for v in vectors[1:]]
        entailment = None if model is None else read_by_model(triple["claim"], evidence_texts, cosines, model)
        read.append(ReadTriple(triple, facts(triple["claim"], base), [facts(t, base) for t in evidence_texts],
                               cosines, entailment))
    return read


def score_verdicts(read: list[ReadTriple], combination=None, misses: list | None = None) -> VerificationResult:
    """The verdicts of triples read by :func:`read_for_verdicts`, decided under ``combination``, against the gold ones."""
    from ...claims.verify import Combination, verify

    result = VerificationResult()
    for item in read:
        verdict = verify(item.claim, item.evidence, item.cosines, item.entailment, combination or Combination())
        triple = item.triple
        result.gold.append(triple["verdict"])
        result.predicted.append(verdict.verdict)
        result.tags.append(list(triple.get("tags", [])))
        result.ids.append(str(triple["id"]))
        result.signals.append(verdict.signal)
        if misses is not None and verdict.verdict != triple["verdict"]:
            misses.append((triple, verdict))
    return result


def evaluate_verification(path: str | Path = DEFAULT_SET, split: str | None = "test", misses: list | None = None,
                          model="default") -> VerificationResult:
    """Verdicts for every triple of ``split`` ("dev", "test" or None for all), against the gold ones, decided as
    ``presslens analyze --evidence`` decides them (``model`` None: by the rules alone)."""
    from ...claims.entailment import load_entailment

    model = load_entailment() if model == "default" else model
    return score_verdicts(read_for_verdicts(path, split, model), model.combination if model is not None else None,
                          misses)


def claim_digest(claim: str) -> str:
    """A short fingerprint of a claim's words: the model config lists those it trained on."""
    return hashlib.sha1(" ".join(claim.lower().split()).encode()).hexdigest()[:12]


def claim_label(pair_labels: list[str]) -> str:
    """A claim's label from its pairs': SUPPORTS or REFUTES when the pairs that take a side all take that one,
    DISPUTED when some support and some refute, NOT_ENOUGH_INFO when none takes a side."""
    sides = {label for label in pair_labels if label != "NOT_ENOUGH_INFO"}
    return "DISPUTED" if len(sides) == 2 else (sides.pop() if sides else "NOT_ENOUGH_INFO")


@dataclass
class PairResult:
    """Pair-level predictions for Climate-FEVER-style records (gold ``None`` where a file has no labels)."""
    rows: list[tuple[str, str, str | None, str]] = field(default_factory=list)   # claim_id, evidence_id, gold, predicted
    claims: list[tuple[str, str | None, str]] = field(default_factory=list)      # claim_id, gold, predicted
    seen_in_training: int = 0

    def _labelled(self):
        return [(g, p) for _, _, g, p in self.rows if g is not None]

    @property
    def pair_accuracy(self) -> float:
        labelled = self._labelled()
        return sum(g == p for g, p in labelled) / max(1, len(labelled))

    def per_label_f1(self) -> dict[str, float]:
        labelled = self._labelled()
        scores = label_prf([g for g, _ in labelled], [p for _, p in labelled], LABELS)
        return {label: round(prf.f1, 4) for label, prf in scores.items()}

    @property
    def pair_macro_f1(self) -> float:
        return sum(self.per_label_f1().values()) / len(LABELS)

    @property
    def claim_accuracy(self) -> float:
        labelled = [(g, p) for _, g, p in self.claims if g is not None]
        return sum(g == p for g, p in labelled) / max(1, len(labelled))

    def as_dict(self) -> dict:
        return {"claims": len(self.claims), "pairs": len(self.rows), "labelled_pairs": len(self._labelled()),
                "pair_accuracy": round(self.pair_accuracy, 4), "pair_macro_f1": round(self.pair_macro_f1, 4),
                "per_label_f1": self.per_label_f1(), "claim_accuracy": round(self.claim_accuracy, 4),
                "claims_seen_in_training": self.seen_in_training}


def evaluate_climate_fever(source: str | Path | list[dict], split: str | None = None, model="default",
                           progress=None) -> PairResult:
    """A label for every (claim, evidence) pair of the records of ``source`` (``split``: only the claims of that part of
    presslens's Climate-FEVER split; None: all), decided as a claim card's verdict is: the numeric, date and
    place rules where they decide, the entailment model's most probable label elsewhere
    (:func:`presslens.claims.verify.pair_label`)."""
    from ...claims.entailment import load_entailment
    from ...claims.verify import Combination, facts, pair_label
    from ...models.sentence import load_embedder

    records = source if isinstance(source, list) else read_climate_fever(source)  # records already read, or a file
    records = [r for r in records if split is None or climate_fever_split(r["claim_id"]) == split]
    model = load_entailment() if model == "default" else model
    trained = set(model.config.get("trained_claims", [])) if model is not None else set()
    embedder = load_embedder()
    # A pair's label: the rules where they decide, else the model's most probable label (its label biases were
    # chosen on Climate-FEVER's dev part); the confidence a claim's verdict asks for is not a pair's concern.
    pair_decision = Combination(confident=0.0, veto_at=model.combination.veto_at) if model is not None else Combination()
    result = PairResult()
    for record in records:
        result.seen_in_training += claim_digest(record["claim"]) in trained
        texts = [e["evidence"] for e in record["evidences"]]
        vectors = embedder.embed([record["claim"], *texts])
        probabilities = model.predict([(record["claim"], t) for t in texts]) if model is not None else [None] * len(texts)
        claim = facts(record["claim"])
        labels = []
        for evidence, text, vector, probability in zip(record["evidences"], texts, vectors[1:], probabilities):
            label = pair_label(claim, facts(text), float(vectors[0] @ vector), probability, pair_decision)
            labels.append(label)
            result.rows.append((record["claim_id"], str(evidence["evidence_id"]), evidence.get("evidence_label"), label))
        result.claims.append((record["claim_id"], record.get("claim_label"), claim_label(labels)))
        if progress:
            progress()
    return result


CONFIDENCE_FILE = "verdict_confidence.json"


def write_verdict_confidence(model_folder: str | Path, path: str | Path = DEFAULT_SET) -> dict:
    """The confidence of each kind of verdict, from the triples' dev half (which chooses how the rules and the model
    combine; the test half stays for the figures), written into the entailment model's folder for claim cards."""
    from ...claims.entailment import EntailmentModel

    model = EntailmentModel(model_folder)
    result = score_verdicts(read_for_verdicts(path, "dev", model), model.combination)
    table = {"split": "dev", "triples": len(result.gold), "by_kind": result.reliability(),
             "note": "right share of the dev triples' verdicts of each kind (signal/verdict), (right+1)/(total+2)"}
    (Path(model_folder) / CONFIDENCE_FILE).write_text(json.dumps(table, indent=1) + "\n")
    return table


def calibration_error(test: VerificationResult, table: dict) -> dict:
    """How the dev confidences hold on ``test``: per kind, the confidence against the right share, and their mean
    absolute gap weighted by the test verdicts (an expected calibration error over the kinds)."""
    kinds = table.get("by_kind", {})
    rows, gap, n = {}, 0.0, 0
    for key, cell in test.reliability().items():
        confidence = kinds.get(key, {}).get("confidence", 0.5)
        share = cell["right"] / cell["total"]
        rows[key] = {"confidence": confidence, "right": cell["right"], "total": cell["total"]}
        gap += abs(confidence - share) * cell["total"]
        n += cell["total"]
    return {"by_kind": rows, "expected_calibration_error": round(gap / max(1, n), 4)}
