"""The check-worthiness head: a logistic regression over sentence vectors of the shared encoder pass.

It reads the document's one shared encoder pass (:mod:`presslens.heads.stage`; no second pass):
a sentence is the mean and the max of its token vectors. Training sentences
(debate transcripts, one per line) are encoded one at a time, each in its own window.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..heads.decoders import sigmoid
from ..heads.files import load_head
from ..models.encoder import MAX_TOKENS, OnnxEncoder
from ..models.windows import Window

if TYPE_CHECKING:
    from .news import NewsCalibration

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "claims"
MAX_SENTENCE_CHARS = 2000   # a "sentence" longer than this is a parsing accident; its start is enough


@dataclass
class CheckworthinessHead:
    mean: np.ndarray
    std: np.ndarray
    w: np.ndarray
    b: float
    threshold: float                     # a news sentence in its article is a claim at or above this
    debate_threshold: float | None = None  # a debate sentence on its own (``eval checkworthiness``); default: threshold

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        return sigmoid(((features - self.mean) / self.std) @ self.w + self.b)


@dataclass
class ClaimModel:
    encoder: OnnxEncoder
    head: CheckworthinessHead
    folder: Path
    news: NewsCalibration | None = None   # the head's score read beside cues of news prose (claims.news)


@lru_cache(maxsize=4)
def load_model(folder: str | None = None, encoder_folder: str | None = None) -> ClaimModel:
    path = Path(folder) if folder else MODEL_DIR
    config, arrays, encoder = load_head(path, "head.npz", "check-worthiness model", "presslens train claims",
                                        encoder_folder)
    head = CheckworthinessHead(arrays["mean"], arrays["std"], arrays["w"], float(arrays["b"]), config["threshold"],
                               config.get("debate_threshold"))
    from .news import NewsCalibration

    return ClaimModel(encoder, head, path, NewsCalibration.from_arrays(arrays))


def sentence_features(encoder: OnnxEncoder, sentences: list[str], progress=None) -> np.ndarray:
    """``[n, 2 * dim]`` features of stand-alone sentences, each encoded in its own window.
    ``progress`` wraps the iteration (e.g. ``rich.progress.track``) on long lists."""
    from ..heads.poolers import span_vectors

    out = []
    for sentence in (progress(sentences) if progress else sentences):
        text = sentence[:MAX_SENTENCE_CHARS]
        tokens = encoder.tokenize(text, [(0, len(text))])
        if len(tokens) == 0:
            out.append(np.zeros(2 * 384, dtype=np.float32))
            continue
        length = min(len(tokens), MAX_TOKENS)
        hidden = encoder.encode(tokens, [Window(0, length, 0, length)])
        out.append(span_vectors(tokens, hidden, [(0, int(tokens.ends[length - 1]))])[0])
    return np.stack(out) if out else np.zeros((0, 2 * 384), dtype=np.float32)
