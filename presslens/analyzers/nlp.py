"""The ``nlp`` analysis: sentences, tokens and named entities of the body (spaCy).

Every other analysis that works on sentences requires it, so spaCy runs once
per document whatever else is selected.
"""
from __future__ import annotations

from ..actors.tables import corrected_label
from ..document import Document, Span
from ..nlp import get_nlp, parse_paragraphs
from .registry import register


@register
class NLP:
    name = "nlp"
    requires: tuple[str, ...] = ()
    follows: tuple[str, ...] = ("encoding",)   # the encoding stage's second look may set more of the text apart
    description = "sentences, tokens and named entities (PERSON, ORG, GPE, NORP, DATE, CARDINAL, ...) of the body"
    schema = None  # writes the built-in layers ``sentences`` and ``entities``

    def __call__(self, doc: Document) -> None:
        parsed = parse_paragraphs(doc.text, doc.body_paragraphs())
        meta = get_nlp().meta
        doc.models[self.name] = {"model": f"{meta['lang']}_{meta['name']}", "version": meta["version"]}
        doc.sentences, doc.tokens = parsed.sentences, parsed.tokens
        # an entity with no letter or digit (a flag emoji taken for a date) names nothing
        doc.entities = [retyped(doc.text, e) for e in parsed.entities
                        if any(c.isalnum() for c in doc.text[e.start:e.end])]


# spaCy's types of places and groups, corrected by the actor tables for every analysis
def retyped(text: str, entity: Span) -> Span:
    label = corrected_label(text[entity.start:entity.end], entity.label)
    return entity if label == entity.label else Span(entity.start, entity.end, label)
