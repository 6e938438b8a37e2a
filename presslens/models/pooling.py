"""Pooling token vectors of the shared encoder pass into vectors of character spans (sentences)."""
from __future__ import annotations

import numpy as np

from .windows import TokenizedText


def span_vectors(tokens: TokenizedText, hidden: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """``[n_spans, 2 * dim]``: the mean and the max of the vectors of the tokens that start inside
    each ``(start, end)``; zeros for a span without tokens (e.g. past the encoder's length limit)."""
    dim = hidden.shape[1] if hidden.ndim == 2 and hidden.shape[0] else 384
    out = np.zeros((len(spans), 2 * dim), dtype=np.float32)
    for row, (start, end) in enumerate(spans):
        first, stop = np.searchsorted(tokens.starts, [start, end])
        if stop > first:
            vectors = hidden[first:stop]
            out[row, :dim] = vectors.mean(axis=0)
            out[row, dim:] = vectors.max(axis=0)
    return out
