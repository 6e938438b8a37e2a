"""The encoder stage: the document's body encoded once, for every head.

The ``encoding`` analysis (:mod:`presslens.analyzers.encoding`) runs before every analysis that requires it and
writes :class:`Encoding` onto ``doc.encoding``: the body paragraphs (the headline among them) cut into windows,
each token's vector from the shared encoder, and each token's paragraph. Heads read it through the poolers;
none runs the encoder itself. :func:`encoding_of` is the one place a document is encoded: by the stage, and
for a model under evaluation that brings an encoder of its own (``--model DIR`` of a self-contained model) or
the linear model of ``--fast``, which reads word features instead of vectors.

The paragraphs set apart at ingestion are not packed with the body: windows pack neighbouring paragraphs, so
packing them in would change every shipped head's inputs near an appeal or a caption. The second look encodes
them in windows of their own (:func:`encode_units`), reads every paragraph's vector (:func:`unit_vectors`) and,
where it changes what is body, regroups the two into the body's encoding (:func:`regrouped`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..models.encoder import windows_for
from ..models.windows import TokenizedText, Window
from .poolers import paragraph_vectors

# Token vectors take 1.5 kB per word piece: past this many (about 100,000 words, a book; 200 MB of
# vectors) the encoder analyses read the beginning only and say so, instead of exhausting memory.
MAX_ENCODED_TOKENS = 130_000


@dataclass(eq=False)
class Encoding:
    """One encoder pass over a document: ``tokens`` (word pieces with character offsets and the index of the
    unit each is in), ``hidden`` (``[n_tokens, dim]`` vectors) and ``units`` (the ``(start, end)`` of each
    paragraph encoded, in order)."""

    tokens: TokenizedText
    hidden: np.ndarray
    units: list[tuple[int, int]]
    encoder: object = field(repr=False)   # the OnnxEncoder (or --fast's FeatureEncoder) that made it

    @property
    def dim(self) -> int:
        return self.hidden.shape[1] if self.hidden.ndim == 2 and self.hidden.shape[0] else 384

    def __iter__(self):   # ``tokens, hidden = encoding``
        return iter((self.tokens, self.hidden))


def body_units(doc) -> list[tuple[int, int]]:
    """What the stage encodes: every body paragraph, the headline included."""
    return [(p.start, p.end) for p in doc.body_paragraphs()]


def encode(doc, encoder) -> Encoding:
    """Encode the body of ``doc`` with ``encoder`` (a text past :data:`MAX_ENCODED_TOKENS` is read from its start,
    with a warning)."""
    return encode_body_and_apart(doc, encoder, apart=False)[0]


def encode_body_and_apart(doc, encoder, apart: bool = True) -> tuple[Encoding, Encoding]:
    """The pass: the body of ``doc`` (:func:`encode`) and, with ``apart``, the paragraphs set apart at ingestion,
    in one call of the encoder, each group in windows of its own (the body's windows are the same with or without
    the others). A text past :data:`MAX_ENCODED_TOKENS` is read from its start, with a warning, and nothing set
    apart is encoded."""
    units = body_units(doc)
    tokens = encoder.tokenize(doc.text, units)
    if len(tokens) > MAX_ENCODED_TOKENS:
        cut = MAX_ENCODED_TOKENS
        doc.warnings.append(f"the article is very long: techniques, genre, frames and narratives read its first "
                            f"{doc.text[:int(tokens.starts[cut])].count(' ') + 1:,} words only")
        tokens = TokenizedText(tokens.ids[:cut], tokens.starts[:cut], tokens.ends[:cut], tokens.units[:cut])
        apart = False
    encoded = set(units)
    others = [(p.start, p.end) for p in doc.paragraphs if (p.start, p.end) not in encoded] if apart else []
    more = encoder.tokenize(doc.text, others) if others else None
    windows = windows_for(tokens)
    if more is None or not len(more):
        return Encoding(tokens, encoder.encode(tokens, windows), units, encoder), empty_encoding(encoder, others)
    n = len(tokens)
    both = TokenizedText(*(np.concatenate([a, b]) for a, b in zip(
        (tokens.ids, tokens.starts, tokens.ends, tokens.units), (more.ids, more.starts, more.ends, more.units))))
    windows += [Window(w.start + n, w.end + n, w.own_start + n, w.own_end + n) for w in windows_for(more)]
    hidden = encoder.encode(both, windows)
    return Encoding(tokens, hidden[:n], units, encoder), Encoding(more, hidden[n:], others, encoder)


def empty_encoding(encoder, units: list[tuple[int, int]] = ()) -> Encoding:
    """An encoding of ``units`` that have no tokens (zero vectors for each)."""
    return Encoding(TokenizedText(*(np.zeros(0, dtype=np.int64) for _ in range(4))),
                    np.zeros((0, 384), dtype=np.float32), list(units), encoder)


def unit_vectors(encoding: Encoding) -> dict[tuple[int, int], np.ndarray]:
    """``(start, end)`` of each unit -> the mean vector of its tokens (zeros for a unit without tokens)."""
    vectors = paragraph_vectors(encoding.tokens, encoding.hidden, len(encoding.units))
    return {unit: vectors[k] for k, unit in enumerate(encoding.units)}


def regrouped(parts: list[Encoding], units: list[tuple[int, int]]) -> Encoding:
    """An encoding of ``units`` (in text order) whose tokens and vectors come from whichever of ``parts`` encoded
    each unit: after the second look sets a body paragraph apart or takes one back, the heads read the new body
    without a second pass."""
    first = parts[0]
    ids, starts, ends, numbers, rows = [], [], [], [], []
    where = {unit: (part, k) for part in parts for k, unit in enumerate(part.units)}
    for number, unit in enumerate(units):
        part, k = where[unit]
        chosen = np.flatnonzero(part.tokens.units == k)
        ids.append(part.tokens.ids[chosen])
        starts.append(part.tokens.starts[chosen])
        ends.append(part.tokens.ends[chosen])
        numbers.append(np.full(len(chosen), number, dtype=np.int64))
        rows.append(part.hidden[chosen] if len(chosen) else np.zeros((0, first.dim), dtype=np.float32))
    if not units:
        return empty_encoding(first.encoder)
    return Encoding(TokenizedText(np.concatenate(ids), np.concatenate(starts), np.concatenate(ends),
                                  np.concatenate(numbers)), np.concatenate(rows), list(units), first.encoder)


def encoding_of(doc, encoder) -> Encoding:
    """The document's pass by ``encoder``: the stage's (``doc.encoding``) when it was made by this encoder (the
    shipped heads all read the shared one), else made once now and kept for every head that reads the same."""
    if doc.encoding is not None and doc.encoding.encoder is encoder:
        return doc.encoding
    key = ("encoding", id(encoder))
    if key not in doc.cache:
        doc.cache[key] = encode(doc, encoder)
    return doc.cache[key]
