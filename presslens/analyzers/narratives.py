"""The ``narratives`` analysis: which storylines of the war in Ukraine or of climate change the article pushes
(SemEval-2025 Task 10 subtask 2), with the paragraphs that carry each."""
from __future__ import annotations

from ..document import Document
from ..models.provenance import model_ref
from ..narratives import load_model, narratives_of
from .registry import register

_SCORED = {"type": "object", "required": ["label", "score"], "additionalProperties": False,
           "properties": {"label": {"type": "string"}, "score": {"type": "number", "minimum": 0, "maximum": 1}}}
_EVIDENCE = {"type": "object", "required": ["start", "end", "score"], "additionalProperties": False,
             "properties": {"start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0},
                            "score": {"type": "number", "minimum": 0, "maximum": 1}}}


@register
class Narratives:
    name = "narratives"
    requires: tuple[str, ...] = ("encoding",)
    description = "storylines the article pushes (Ukraine war, climate change: SemEval-2025 narratives) with their paragraphs"
    schema = {
        "type": "array",
        "minItems": 1,
        "description": "the narratives named, most likely first; one item 'Other' (no subnarratives, no evidence, "
                       "its score P(Other)) when none of the inventory's applies",
        "items": {
            "type": "object",
            "required": ["narrative", "score", "subnarratives", "evidence"],
            "properties": {
                "narrative": {"type": "string", "description": "a line of subtask2_narratives.txt ('URW: …', 'CC: …') or 'Other'"},
                "score": {"type": "number", "minimum": 0, "maximum": 1},
                "subnarratives": {"type": "array", "items": _SCORED,
                                  "description": "lines of subtask2_subnarratives.txt under the narrative, or "
                                                 "'<narrative>: Other' when none of its listed ones applies"},
                "evidence": {"type": "array", "items": _EVIDENCE,
                             "description": "the body paragraphs that carry the narrative most strongly"},
            },
            "additionalProperties": False,
        },
    }

    def __call__(self, doc: Document) -> None:
        model = load_model()
        doc.models[self.name] = model_ref(model.folder)
        doc.results[self.name] = [
            {"narrative": n.label, "score": round(n.score, 4),
             "subnarratives": [{"label": label, "score": round(score, 4)} for label, score in n.subnarratives],
             "evidence": [{"start": s, "end": e, "score": round(score, 4)} for s, e, score in n.evidence]}
            for n in narratives_of(doc, model)]
