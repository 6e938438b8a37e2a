"""The ``nlp`` analysis: sentences, tokens and named entities of the body (spaCy).

Every other analysis that works on sentences requires it, so spaCy runs once
per document whatever else is selected.
"""
from __future__ import annotations

from ..actors.tables import is_demonym, known_place_type
from ..document import Document, Span
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
        doc.sentences, doc.tokens = parsed.sentences, parsed.tokens
        doc.entities = [_retyped(doc.text, e) for e in parsed.entities]


# spaCy's small model calls many places people or organisations ("Kherson" PERSON, "Mariupol" ORG, "Ashford Vale"
# PERSON) and nationalities organisations ("Danes" ORG); a name the actor tables know (places.tsv, aliases.tsv,
# place_words.txt, demonyms.txt in presslens/actors/tables/) gets its type there, for every analysis.
_RETYPED = ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC")


def _retyped(text: str, entity: Span) -> Span:
    if entity.label not in _RETYPED:
        return entity
    name = text[entity.start:entity.end]
    kind = "NORP" if is_demonym(name) else known_place_type(name)
    return Span(entity.start, entity.end, kind) if kind and kind != entity.label else entity
