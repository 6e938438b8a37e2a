"""``presslens train verdict-confidence``: how often each kind of verdict is right on the verification triples'
dev half, written beside the entailment model (claim cards show it as the verdict's confidence)."""
from __future__ import annotations

from pathlib import Path


def train(out: str | Path, log=print) -> dict:
    """Write ``verdict_confidence.json`` into the entailment model folder ``out``; log a line per kind of verdict."""
    from ..evaluation.verification import write_verdict_confidence

    table = write_verdict_confidence(out)
    for kind, cell in table["by_kind"].items():
        log(f"{kind:32} right {cell['right']:3d} of {cell['total']:3d}  confidence {cell['confidence']:.2f}")
    return table
