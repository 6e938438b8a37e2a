"""The encoder stage: the document's body encoded once, for every head.

The ``encoding`` analysis (:mod:`presslens.analyzers.encoding`) runs before every analysis that requires it and
writes :class:`Encoding` onto ``doc.encoding``: the body paragraphs (the headline among them) cut into windows,
each token's vector from the shared encoder, and each token's paragraph. Heads read it through the poolers;
none runs the encoder itself. :func:`encoding_of` is the one place a document is encoded: by the stage, and
for a model under evaluation that brings an encoder of its own (``--model DIR`` of a self-contained model) or
the linear model of ``--fast``, which reads word features instead of vectors.

Non-body paragraphs are not encoded: windows pack neighbouring paragraphs, so encoding them too would change
every shipped head's inputs near an appeal or a caption, and non-body detection runs before the pass (at
ingestion), so it could not read them yet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..models.encoder import windows_for
from ..models.windows import TokenizedText

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
    units = body_units(doc)
    tokens = encoder.tokenize(doc.text, units)
    if len(tokens) > MAX_ENCODED_TOKENS:
        cut = MAX_ENCODED_TOKENS
        doc.warnings.append(f"the article is very long: techniques, genre, frames and narratives read its first "
                            f"{doc.text[:int(tokens.starts[cut])].count(' ') + 1:,} words only")
        tokens = TokenizedText(tokens.ids[:cut], tokens.starts[:cut], tokens.ends[:cut], tokens.units[:cut])
    return Encoding(tokens, encoder.encode(tokens, windows_for(tokens)), units, encoder)


def encoding_of(doc, encoder) -> Encoding:
    """The document's pass by ``encoder``: the stage's (``doc.encoding``) when it was made by this encoder (the
    shipped heads all read the shared one), else made once now and kept for every head that reads the same."""
    if doc.encoding is not None and doc.encoding.encoder is encoder:
        return doc.encoding
    key = ("encoding", id(encoder))
    if key not in doc.cache:
        doc.cache[key] = encode(doc, encoder)
    return doc.cache[key]
