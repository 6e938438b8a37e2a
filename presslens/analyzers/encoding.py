"""The ``encoding`` analysis: the encoder stage that every neural analysis reads (:mod:`presslens.heads.stage`).

It runs once, before the first analysis that requires it, and writes ``doc.encoding`` (token vectors of the
body); techniques, genre, frames, narratives, claims and actors decode it with their heads. It adds nothing to
the report but its time (``timings_ms.encoding``). When the only reader is ``techniques --fast`` (whose linear
model reads word features, not vectors), nothing is encoded.

Its second look (:func:`second_look`) decides the non-body parts again with each paragraph's vector from this
pass; spaCy's ``nlp`` runs after it, so every analysis reads the body it leaves.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..document import Document
from ..heads.stage import MAX_ENCODED_TOKENS, body_units, encode, encode_body_and_apart, regrouped, unit_vectors
from ..heads.stage import Encoding as EncoderPass
from ..models.encoder import SHARED_ENCODER_DIR, check_fitted_to, load_shared_encoder
from ..structure import revise_regions
from ..structure.nonbody import VECTOR_MODEL_DIR, NonBodyModel, second_look_model
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
        model = shipped_second_look()
        if model is None:
            doc.encoding = encode(doc, load_shared_encoder())
            return
        doc.encoding = second_look(doc, *encode_body_and_apart(doc, load_shared_encoder()), model)


def second_look(doc: Document, body: EncoderPass, apart: EncoderPass, model: NonBodyModel) -> EncoderPass:
    """Non-body detection decided again with each paragraph's vector from the pass (the cue classifier at
    ingestion cannot read what a paragraph is about). ``body`` and ``apart`` are the pass
    (:func:`~presslens.heads.stage.encode_body_and_apart`: the paragraphs set apart at ingestion in windows of
    their own, so the body's windows, and every head's input, are those of the first decision); ``model`` (the
    shipped one: ``presslens train nonbody --vectors``) reads the cue features and every paragraph's mean vector;
    where the regions change, the body's encoding is regrouped from the two, without another pass. For a text
    past the encoder's length limit the first decision stands."""
    if len(body.tokens) >= MAX_ENCODED_TOKENS or not doc.paragraphs:
        return body
    if not revise_regions(doc, model, paragraph_vectors(body, apart)):
        return body
    return regrouped([body, apart], body_units(doc))


@lru_cache(maxsize=1)
def shipped_second_look() -> NonBodyModel | None:
    """The shipped second-look model, checked once to be fitted to the shipped shared encoder."""
    model = second_look_model()
    if model is not None:
        check_fitted_to(model.config, VECTOR_MODEL_DIR, SHARED_ENCODER_DIR, "presslens train nonbody --vectors")
    return model


def paragraph_vectors(body: EncoderPass, apart: EncoderPass) -> dict[tuple[int, int], np.ndarray]:
    """Every paragraph's mean vector by its ``(start, end)``, from the pass: what the second look reads, in
    analysis and in training."""
    return {**unit_vectors(body), **unit_vectors(apart)}
