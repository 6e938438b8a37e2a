"""The ``encoding`` analysis: the encoder stage that every neural analysis reads (:mod:`presslens.heads.stage`).

It runs once, before the first analysis that requires it, and writes ``doc.encoding`` (token vectors of the
body); techniques, genre, frames, narratives, claims and actors decode it with their heads. It adds nothing to
the report but its time (``timings_ms.encoding``). When the only reader is ``techniques --fast`` (whose linear
model reads word features, not vectors), nothing is encoded.
"""
from __future__ import annotations

from ..document import Document
from ..heads.stage import encode
from ..models.encoder import load_shared_encoder
from .registry import get, register


@register
class Encoding:
    name = "encoding"
    requires: tuple[str, ...] = ()
    description = "the shared encoder's one pass over the body (token vectors every neural analysis reads)"
    schema = None   # writes ``doc.encoding``, never part of the report

    def __call__(self, doc: Document) -> None:
        readers = [n for n in doc.options.get("analyses", ()) if n != self.name and self.name in get(n).requires]
        if doc.options.get("fast") and readers == ["techniques"]:
            return
        doc.encoding = encode(doc, load_shared_encoder())
