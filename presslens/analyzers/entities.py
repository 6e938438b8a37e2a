"""The ``entities`` analysis: the names of the body read by the entity head over the shared encoder pass.

It rewrites the entity layer that ``nlp`` (spaCy) wrote: the head decides where the names are and whether each is a
person, an organisation, a place or another name; spaCy's finer labels (a country or a region, a nationality, an
event) stay where the head's type admits them, and its dates and figures stay as they are
(:mod:`presslens.entities.layer`); a short form the article defines ("the World Health Organization (WHO)") is
that name wherever it is used (:mod:`presslens.entities.abbreviations`). Actors, claim cards and the voice of
technique spans read this layer.
"""
from __future__ import annotations

from ..actors.tables import is_bare_title
from ..document import Document
from ..entities.head import head_entities, load_model, unread_words
from ..entities.abbreviations import link_abbreviations
from ..entities.layer import merged_entities, type_table
from ..heads.stage import encoding_of
from ..models.provenance import model_ref
from .nlp import retyped
from .registry import register


@register
class Entities:
    name = "entities"
    requires: tuple[str, ...] = ("nlp", "encoding")
    description = "names of people, organisations, places and groups, read by the entity head on the shared pass"
    schema = None   # rewrites the built-in layer ``entities``

    def __call__(self, doc: Document) -> None:
        model = load_model(doc.options.get("entities_model"))
        doc.models[self.name] = model_ref(model.folder)
        tokens, hidden = encoding_of(doc, model.encoder)
        # a name has a letter or digit (not a flag emoji), and is more than a title ("Sen" cut from "Sen. Booker")
        found = [e for e in head_entities(doc.text, tokens, hidden, model)
                 if any(c.isalnum() for c in doc.text[e[0]:e[1]]) and not is_bare_title(doc.text[e[0]:e[1]])]
        layer = merged_entities(found, doc.entities, unread_words(tokens, model), doc.text)
        layer = link_abbreviations(doc.text, layer, type_table().name_labels, doc.body_paragraphs())
        doc.entities = [retyped(doc.text, e) for e in layer]
