"""The technique of a span from both models: the encoder's classifier and the linear one, blended.

The two read different things (contextual vectors; the words themselves), so
their mistakes differ: a weighted geometric mean of their distributions labels
spans better than either (on the dev articles, TC 0.624 alone and 0.653
blended; figures in the README). Span detection stays the encoder model's.

The weight is chosen on the dev articles by ``presslens train techniques-fast``
and kept in ``tc_blend.json`` next to the encoder model, with the fingerprints
of both models' heads: a retrained model makes it stale, and presslens then
refuses it rather than blending with weights chosen for other models.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..errors import ModelMissing
from ..heads.decoders import softmax

BLEND_FILE = "tc_blend.json"
WEIGHTS = tuple(round(0.1 * k, 1) for k in range(11))
REBUILD = "presslens train techniques-fast"


def blend(neural: np.ndarray, linear: np.ndarray, weight: float) -> np.ndarray:
    """Rows of ``neural`` and ``linear`` distributions, combined: softmax((1-w) log p + w log q)."""
    return softmax((1 - weight) * np.log(neural + 1e-9) + weight * np.log(linear + 1e-9))


class BlendedHeads:
    """The encoder model's heads, whose span classifier is blended with the linear model's."""

    def __init__(self, neural, linear, weight: float):
        self.neural, self.linear, self.weight = neural, linear, weight

    def __getattr__(self, name):  # threshold, techniques, w, ...: the encoder model's
        if name in ("neural", "linear", "weight"):
            raise AttributeError(name)
        return getattr(self.neural, name)

    def detect(self, text, tokens, hidden, threshold=None):
        return self.neural.detect(text, tokens, hidden, threshold)

    def classify(self, text, tokens, hidden, spans):
        probabilities = self.neural.classify(text, tokens, hidden, spans)
        if not spans or self.weight == 0:
            return probabilities
        # both models cut text into the same word pieces, so the linear one reads the encoder's tokens
        return blend(probabilities, self.linear.classify(text, tokens, None, spans), self.weight)


def _fingerprints(neural_folder: Path, linear_folder: Path) -> dict:
    from ..models.encoder import encoder_fingerprint, encoder_folder_of, file_fingerprint

    return {"neural_heads": file_fingerprint(neural_folder / "heads.npz"),
            "neural_encoder": encoder_fingerprint(encoder_folder_of(neural_folder)),
            "linear_heads": file_fingerprint(linear_folder / "heads.npz")}


def with_blend(heads, neural_folder: Path):
    """``heads`` blended as ``tc_blend.json`` in ``neural_folder`` says; unchanged where there is none."""
    path = neural_folder / BLEND_FILE
    if not path.is_file():
        return heads
    config = json.loads(path.read_text())
    linear_folder = (neural_folder / config["linear_model"]).resolve()
    if not (linear_folder / "heads.npz").is_file() or config["fingerprints"] != _fingerprints(neural_folder, linear_folder):
        raise ModelMissing(f"{path} was chosen for other technique models than those in {neural_folder} and "
                           f"{linear_folder}: choose it again with `{REBUILD}`")
    from . import load_model

    return BlendedHeads(heads, load_model(str(linear_folder)).heads, config["weight"])


def choose_weight(neural_model, linear_heads, articles: dict[str, str], gold: dict) -> tuple[float, dict[float, float]]:
    """The blend weight with the best TC accuracy on ``articles`` (dev), and the accuracy of every weight."""
    probabilities, linear, truth = [], [], []
    for aid, text in articles.items():
        spans = [(g.start, g.end) for g in gold.get(aid, [])]
        if not spans:
            continue
        tokens, hidden = neural_model.encoder.encode_text(text)
        probabilities.append(neural_model.heads.classify(text, tokens, hidden, spans))
        linear.append(linear_heads.classify(text, tokens, None, spans))
        truth += [neural_model.heads.techniques.index(g.technique) for g in gold[aid]]
    p, q, y = np.vstack(probabilities), np.vstack(linear), np.array(truth)
    accuracy = {w: round(float((blend(p, q, w).argmax(axis=1) == y).mean()), 4) for w in WEIGHTS}
    best = max(WEIGHTS, key=lambda w: (accuracy[w], -w))  # ties: the smaller weight
    return best, accuracy


def write_blend(neural_folder: Path, linear_folder: Path, weight: float, accuracy: dict, command: str) -> Path:
    import os

    path = neural_folder / BLEND_FILE
    path.write_text(json.dumps({
        "weight": weight, "linear_model": os.path.relpath(linear_folder.resolve(), neural_folder.resolve()),
        "chosen_on": "dev articles (TC accuracy of the gold spans)", "dev_tc_accuracy": accuracy,
        "command": command, "fingerprints": _fingerprints(neural_folder, linear_folder)}, indent=2) + "\n")
    return path
