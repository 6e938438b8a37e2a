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

from ..heads.poolers import article_vector

_QUOTE = re.compile(r"[\"“”]")
_FIRST_PERSON = re.compile(r"\b(I|me|my|we|our|us)\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(you|your)\b", re.IGNORECASE)
_SAID = re.compile(r"\b(said|says|told|according to|reported)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
N_STYLE = 6


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
    return np.concatenate([article_vector(paragraphs), style]).astype(np.float32)
