"""Heads: every neural analysis is a small head on the document's one shared encoder pass.

- :mod:`.stage` — the encoder stage (the ``encoding`` analysis runs it): the body encoded once, token vectors
  written onto the document as :class:`~.stage.Encoding`. Nothing else runs the shared encoder over a document.
- :mod:`.poolers` — token vectors into vectors of spans (sentences, mentions), paragraphs and the article.
- :mod:`.files` — the one file format of fitted heads (``config.json`` + arrays in ``.npz``, the encoder's
  fingerprint) and its one loader, which refuses heads fitted to another encoder.
- :mod:`.decoders` — from scores to findings: sigmoid/softmax, labels over thresholds, top evidence paragraphs.
- :mod:`.linear` — the linear head (standardise, one matrix product) most analyses are made of.

Adding a head (see README, "How it is built"): fit arrays on pooled vectors in ``presslens/lab/training/``, write
them with :func:`~.files.write_head`, and add one module to ``presslens/analyzers/`` that ``requires``
``("encoding",)``, loads them with :func:`~.files.load_head` and decodes ``doc.encoding`` with the poolers and
decoders here. The narratives analysis is built that way.
"""
from .decoders import gelu, labels_over, sigmoid, softmax, top_rows
from .files import load_head, write_head
from .linear import LinearHead
from .stage import Encoding, encoding_of

__all__ = ["Encoding", "LinearHead", "encoding_of", "gelu", "labels_over", "load_head", "sigmoid", "softmax",
           "top_rows", "write_head"]
