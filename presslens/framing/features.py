"""Article and paragraph features for the genre and frame heads, from the shared encoder pass.

Long articles are never truncated: each paragraph is the mean of its token
vectors, and the article is the mean and the maximum over its paragraphs,
whatever their number. A few style cues that the encoder's windows cannot
count across a whole article (quotation, first person, attribution) are added
for genre.
"""
from __future__ import annotations

import re

import numpy as np

from ..models.windows import TokenizedText

_QUOTE = re.compile(r"[\"“”]")
_FIRST_PERSON = re.compile(r"\b(I|me|my|we|our|us)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(you|your)\b", re.IGNORECASE)
_SAID = re.compile(r"\b(said|says|told|according to|reported)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
N_STYLE = 6


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


def style_features(text: str, units: list[tuple[int, int]]) -> np.ndarray:
    body = " ".join(text[s:e] for s, e in units)
    words = max(1, len(_WORD.findall(body)))
    return np.array([
        len(_QUOTE.findall(body)) / words * 100,
        len(_FIRST_PERSON.findall(body)) / words * 100,
        len(_SECOND_PERSON.findall(body)) / words * 100,
        len(_SAID.findall(body)) / words * 100,
        (body.count("?") + body.count("!")) / words * 100,
        np.log1p(words),
    ], dtype=np.float32)


def article_features(paragraphs: np.ndarray, style: np.ndarray) -> np.ndarray:
    """[mean of paragraph vectors, max of paragraph vectors, style cues]."""
    if len(paragraphs) == 0:
        paragraphs = np.zeros((1, 384), dtype=np.float32)
    return np.concatenate([paragraphs.mean(axis=0), paragraphs.max(axis=0), style]).astype(np.float32)
