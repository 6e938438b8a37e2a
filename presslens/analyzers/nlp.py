"""The ``nlp`` analysis: sentences, tokens and named entities of the body (spaCy).

Every other analysis that works on sentences requires it, so spaCy runs once
per document whatever else is selected.
"""
from __future__ import annotations

from ..document import Document
from ..nlp import get_nlp, parse_paragraphs
from .registry import register


@register
class NLP:
    name = "nlp"
    requires: tuple[str, ...] = ()
    description = "sentences, tokens and named entities (PERSON, ORG, GPE, NORP, DATE, CARDINAL, ...) of the body"
    schema = None  # writes the built-in layers ``sentences`` and ``entities``

    def __call__(self, doc: Document) -> None:
        parsed = parse_paragraphs(doc.text, doc.body_paragraphs())
        meta = get_nlp().meta
        doc.models[self.name] = {"model": f"{meta['lang']}_{meta['name']}", "version": meta["version"]}
        doc.sentences, doc.tokens, doc.entities = parsed.sentences, parsed.tokens, parsed.entities
