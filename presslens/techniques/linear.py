"""The fast technique model (``--fast``): linear heads over hashed word features, no encoder.

It reads the same word pieces as the neural model and decodes spans with the
same rules (:class:`~presslens.techniques.model.TechniqueHeads`), so offsets,
the report and the PTC evaluation are shared; only the token vectors differ.
Instead of an encoder pass, each word piece gets a sparse row of hashed
features: its word, the words around it, word bigrams, shape and suffix. A
span to classify gets the words inside and around it and the hand features of
the neural model. Two logistic regressions (fitted with scikit-learn by
``presslens train techniques-fast``, served in NumPy) score them.

Less accurate than the encoder model (figures in its model card) and many
times faster: the choice for corpora of millions of articles where technique
counts matter more than each span.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

from ..models.windows import TokenizedText, line_units, tokenize_units
from ..heads.decoders import softmax
from .model import TechniqueHeads, TextCues, span_features, token_range

N_BUCKETS = 2 ** 18
_WORDS = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def _bucket(feature: str) -> int:
    # crc32, not hash(): Python's string hash changes from process to process
    return zlib.crc32(feature.encode("utf-8")) & (N_BUCKETS - 1)


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word.isupper() and len(word) > 1:
        return "X"
    if word[:1].isupper():
        return "Xx"
    return "x" if word.isalpha() else "p"


@dataclass
class SparseRows:
    """Rows of hashed features: row i holds ``indices[indptr[i]:indptr[i+1]]`` with those ``values``."""

    indices: np.ndarray
    values: np.ndarray
    indptr: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[dict[int, float]]) -> "SparseRows":
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(r) for r in rows])
        indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
        values = np.fromiter((v for r in rows for v in r.values()), dtype=np.float32, count=int(indptr[-1]))
        return cls(indices, values, indptr)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def dot(self, weight: np.ndarray) -> np.ndarray:
        """``rows @ weight.T`` for a dense ``[n_out, N_BUCKETS]`` weight: ``[n_rows, n_out]``."""
        out = np.zeros((len(self), weight.shape[0]), dtype=np.float32)
        if len(self.indices) == 0:
            return out
        products = weight[:, self.indices].T * self.values[:, None]   # [nnz, n_out]
        nonempty = self.indptr[:-1] < self.indptr[1:]
        out[nonempty] = np.add.reduceat(products, self.indptr[:-1][nonempty], axis=0)
        return out

    def to_scipy(self):
        """A ``scipy.sparse.csr_matrix`` (for fitting with scikit-learn)."""
        from scipy.sparse import csr_matrix

        return csr_matrix((self.values, self.indices, self.indptr), shape=(len(self), N_BUCKETS))


def _add(row: dict[int, float], feature: str, value: float = 1.0) -> None:
    bucket = _bucket(feature)
    row[bucket] = row.get(bucket, 0.0) + value


class _Words:
    """The words of a text (lowercased), and which word each word piece belongs to."""

    def __init__(self, text: str, tokens: TokenizedText):
        matches = list(_WORDS.finditer(text))
        self.starts = np.array([m.start() for m in matches], dtype=np.int64)
        self.raw = [m.group() for m in matches]
        self.lower = [w.lower() for w in self.raw]
        self.of_token = np.maximum(np.searchsorted(self.starts, tokens.starts, side="right") - 1, 0) \
            if len(matches) else np.zeros(len(tokens), dtype=np.int64)

    def at(self, j: int) -> str:
        return self.lower[j] if 0 <= j < len(self.lower) else "<none>"


def token_rows(text: str, tokens: TokenizedText) -> SparseRows:
    """Hashed features of each word piece: its word in context."""
    words = _Words(text, tokens)
    rows = []
    for i in range(len(tokens)):
        j = int(words.of_token[i]) if len(words.raw) else -1
        row: dict[int, float] = {}
        w = words.at(j)
        _add(row, "bias")
        _add(row, "w:" + w)
        _add(row, "w-1:" + words.at(j - 1))
        _add(row, "w+1:" + words.at(j + 1))
        _add(row, "w-2:" + words.at(j - 2))
        _add(row, "w+2:" + words.at(j + 2))
        _add(row, "b-:" + words.at(j - 1) + "|" + w)
        _add(row, "b+:" + w + "|" + words.at(j + 1))
        _add(row, "sfx:" + w[-3:])
        _add(row, "shape:" + (_shape(words.raw[j]) if j >= 0 else "none"))
        _add(row, "piece:" + ("first" if j >= 0 and tokens.starts[i] == words.starts[j] else "inner"))
        if i == 0 or tokens.units[i] != tokens.units[i - 1]:
            _add(row, "unit-start")
        rows.append(row)
    return SparseRows.from_rows(rows)


def span_rows(text: str, tokens: TokenizedText, spans: list[tuple[int, int]]) -> SparseRows:
    """Hashed features of each span to classify: its words, their neighbours and the neural model's hand cues."""
    words = _Words(text, tokens)
    names = ("repeats", "length", "question", "quoted", "line-start")
    cues = TextCues.of(text)
    rows = []
    for start, end in spans:
        first, stop = token_range(tokens, start, end)
        row: dict[int, float] = {}
        j = int(np.searchsorted(words.starts, start, side="left"))   # words starting inside the span: j..k-1
        k = int(np.searchsorted(words.starts, end, side="left"))
        inside = words.lower[j:k] or ["<none>"]
        weight = 1.0 / np.sqrt(len(inside))
        for w in inside:
            _add(row, "s:" + w, weight)
        for a, b in zip(inside, inside[1:]):
            _add(row, "sb:" + a + "|" + b, weight)
        _add(row, "first:" + inside[0])
        _add(row, "last:" + inside[-1])
        _add(row, "c-1:" + words.at(j - 1))
        _add(row, "c-2:" + words.at(j - 2))
        _add(row, "c+1:" + words.at(k))
        _add(row, "len:" + str(min(len(inside), 12)))
        _add(row, "bias")
        for name, value in zip(names, span_features(text, start, end, max(1, stop - first), cues)):
            _add(row, name, float(value))
        rows.append(row)
    return SparseRows.from_rows(rows)


class FeatureEncoder:
    """Stands where the ONNX encoder stands: word pieces of the same tokenizer, hashed rows for vectors."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def tokenize(self, text: str, units: list[tuple[int, int]]) -> TokenizedText:
        return tokenize_units(self.tokenizer, text, units)

    def encode(self, tokens: TokenizedText, windows=None) -> "TokenFeatures":
        return TokenFeatures(tokens)

    def encode_text(self, text: str, units: list[tuple[int, int]] | None = None):
        tokens = self.tokenize(text, line_units(text) if units is None else units)
        return tokens, self.encode(tokens)


class TokenFeatures:
    """The 'hidden' of the linear heads: its rows are built from the text on first use
    (:meth:`LinearHeads.probabilities_of`), since the encoder protocol hands over tokens only."""

    def __init__(self, tokens: TokenizedText):
        self.tokens = tokens
        self.rows: SparseRows | None = None

    def __len__(self) -> int:
        return len(self.tokens)


class LinearHeads(TechniqueHeads):
    """Span detection and classification as two logistic regressions over hashed features."""

    def probabilities_of(self, text, tokens, features: "TokenFeatures") -> np.ndarray:
        if features.rows is None:  # built once per text, however often spans are decoded from it
            features.rows = token_rows(text, tokens)
        return self.token_probabilities(features.rows)

    def token_probabilities(self, rows: SparseRows) -> np.ndarray:
        return softmax(rows.dot(self.w["si.weight"]) + self.w["si.bias"])

    def classify(self, text, tokens, hidden, spans):
        if not spans:
            return np.zeros((0, len(self.techniques)), dtype=np.float32)
        return softmax(span_rows(text, tokens, spans).dot(self.w["tc.weight"]) + self.w["tc.bias"])
