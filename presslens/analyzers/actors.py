"""The ``actors`` analysis: who the article names, the role it casts each in, and the words attached to them.

Actors are the people, organisations, countries and groups of the entity layer, their mentions merged by name
(:mod:`presslens.actors.aliases`), and the common-noun groups of people the article names more than once
(:mod:`presslens.actors.groups`). Each mention's role is read by the role head over the shared encoder pass
(:mod:`presslens.actors.roles`, SemEval-2025 Task 10 subtask 1) and pooled per actor. When ``techniques`` and
``claims`` ran, their spans and cards are attached to the actors they target (:mod:`presslens.actors.evidence`).
"""
from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import Field

from ..actors.aliases import find_actors
from ..actors.evidence import attach_evidence
from ..actors.groups import group_actors
from ..actors.roles import MAIN_ROLES, actor_features, load_model, role_probabilities
from ..document import Document
from ..models.provenance import model_ref
from ..results import Actor
from .registry import register


@register
class Actors:
    name = "actors"
    requires: tuple[str, ...] = ("nlp", "encoding", "entities")
    follows: tuple[str, ...] = ("techniques", "claims")
    description = "actors named (people, organisations, countries, groups), their role (protagonist, antagonist, " \
                  "innocent) and the techniques, claims and quotes attached to them"
    result_model = Annotated[list[Actor], Field(description="actors, most mentioned first")]

    def __call__(self, doc: Document) -> None:
        model = load_model(doc.options.get("actors_model"))
        doc.models[self.name] = model_ref(model.folder)
        actors = find_actors(doc.text, doc.entities, doc.body_paragraphs(), doc.headline())
        actors += group_actors(doc.text, doc.tokens, doc.entities, [m for actor in actors for m in actor.mentions])
        actors.sort(key=lambda a: (-len(a.mentions), a.mentions[0].start))
        doc.results[self.name] = []
        if not actors:
            return
        head = model.head
        stance, main, fine = role_probabilities(doc, model, [(m.start, m.end) for actor in actors for m in actor.mentions])
        attached = attach_evidence(doc, actors, doc.results.get("techniques"), doc.results.get("claims"))
        bounds = np.cumsum([0] + [len(actor.mentions) for actor in actors])
        cast = head.cast(actor_features(doc, actors, [float(stance[a:b].mean()) for a, b in zip(bounds, bounds[1:])]))
        out = []
        for number, (actor, evidence, first, stop, p_cast) in enumerate(zip(actors, attached, bounds, bounds[1:], cast), 1):
            pooled_main, pooled_fine = main[first:stop].mean(axis=0), fine[first:stop].mean(axis=0)
            chosen, fines = head.decide(pooled_main, pooled_fine)
            is_cast = head.shows(float(p_cast), pooled_main)
            out.append({
                "id": f"a{number}", "name": actor.name, "type": actor.type,
                "mentions": [{"start": m.start, "end": m.end, "text": doc.text[m.start:m.end]} for m in actor.mentions],
                "role": {"main": chosen if is_cast else None, "fine": fines if is_cast else [],
                         "scores": {r: round(float(p), 4) for r, p in zip(MAIN_ROLES, pooled_main)},
                         "stance": round(float(p_cast), 4)},
                **evidence,
            })
        doc.results[self.name] = out
