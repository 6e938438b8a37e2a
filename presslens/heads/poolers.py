"""Poolers: the token vectors of an encoder pass into vectors of what heads classify.

Token (the technique heads read token vectors as they are), span (a sentence: mean and max of its tokens),
paragraph (the mean of its tokens, a few thousand at a time), article (mean and max over its paragraphs, so a
long article is never truncated), mention (:func:`presslens.actors.roles.mention_features`: a mention, the words
around it and its sentence).
"""
from __future__ import annotations

import numpy as np

from ..models.windows import TokenizedText


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


def paragraph_vector_blocks(tokens: TokenizedText, hidden: np.ndarray, n_units: int, block: int = 4096):
    """``(first unit, [units, dim] mean token vectors)`` for consecutive blocks of units (zeros for a unit
    without tokens). Tokens come in unit order, so each unit's tokens are one run, summed by runs."""
    dim = hidden.shape[1] if hidden.ndim == 2 and hidden.shape[0] else 384
    units = first = stops = np.zeros(0, dtype=np.int64)
    if len(tokens):
        units, first = np.unique(tokens.units, return_index=True)
        stops = np.append(first[1:], len(tokens))
    for low_unit in range(0, n_units, block):
        high_unit = min(low_unit + block, n_units)
        out = np.zeros((high_unit - low_unit, dim), dtype=np.float32)
        a, b = np.searchsorted(units, [low_unit, high_unit])
        if b > a:
            low, high = first[a], stops[b - 1]
            sums = np.add.reduceat(hidden[low:high], first[a:b] - low, axis=0)
            out[units[a:b] - low_unit] = sums / (stops[a:b] - first[a:b]).astype(np.float32)[:, None]
        yield low_unit, out


def paragraph_vectors(tokens: TokenizedText, hidden: np.ndarray, n_units: int) -> np.ndarray:
    """[n_units, dim]: the mean token vector of each unit (zeros for a unit without tokens)."""
    dim = hidden.shape[1] if hidden.ndim == 2 and hidden.shape[0] else 384
    blocks = [vectors for _, vectors in paragraph_vector_blocks(tokens, hidden, n_units)]
    return np.concatenate(blocks) if blocks else np.zeros((0, dim), dtype=np.float32)


def article_vector(paragraphs: np.ndarray, dim: int = 384) -> np.ndarray:
    """``[2 * dim]``: the mean and the max of paragraph vectors (zeros for none)."""
    if len(paragraphs) == 0:
        paragraphs = np.zeros((1, dim), dtype=np.float32)
    return np.concatenate([paragraphs.mean(axis=0), paragraphs.max(axis=0)]).astype(np.float32)
