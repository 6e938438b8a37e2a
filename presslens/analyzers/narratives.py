"""The ``narratives`` analysis: which storylines of the war in Ukraine or of climate change the article pushes
(SemEval-2025 Task 10 subtask 2), with the paragraphs that carry each."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..document import Document
from ..models.provenance import model_ref
from ..narratives import load_model, narratives_of
from ..results import Narrative
from .registry import register

@register
class Narratives:
    name = "narratives"
    requires: tuple[str, ...] = ("encoding",)
    description = "storylines the article pushes (Ukraine war, climate change: SemEval-2025 narratives) with their paragraphs"
    result_model = Annotated[list[Narrative], Field(
        min_length=1, description="the narratives named, most likely first; one item 'Other' (no subnarratives, no "
                                  "evidence, its score P(Other)) when none of the inventory's applies")]

    def __call__(self, doc: Document) -> None:
        model = load_model()
        doc.models[self.name] = model_ref(model.folder)
        doc.results[self.name] = [
            {"narrative": n.label, "score": round(n.score, 4),
             "subnarratives": [{"label": label, "score": round(score, 4)} for label, score in n.subnarratives],
             "evidence": [{"start": s, "end": e, "score": round(score, 4)} for s, e, score in n.evidence]}
            for n in narratives_of(doc, model)]
