"""The ``frames`` analysis: through which frames (SemEval-2023 Task 3) the article sees its issue, and where."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..document import Document
from ..framing import document_features, load_model
from ..models.provenance import model_ref
from ..results import Frame
from .registry import register


@register
class Frames:
    name = "frames"
    requires: tuple[str, ...] = ("encoding",)
    description = "frames of the article (economic, morality, security and defence, ...) with the paragraphs that carry them"
    result_model = Annotated[list[Frame], Field(description="frames above the model's threshold, most likely first")]

    def __call__(self, doc: Document) -> None:
        model = load_model()
        doc.models[self.name] = model_ref(model.folder)
        units, paragraphs, features = document_features(doc, model.encoder)
        probs = model.heads.frame_probabilities(features)
        found = []
        kept, by_paragraph = model.heads.paragraph_frame_probabilities(doc.text, units, paragraphs)
        for index in probs.argsort()[::-1]:
            if probs[index] < model.heads.frame_thresholds[index]:   # each frame has its own threshold
                continue
            evidence = model.heads.frame_evidence(kept, by_paragraph, int(index))
            found.append({"frame": model.heads.frames[index], "score": round(float(probs[index]), 4),
                          "evidence": [{"start": s, "end": e, "score": round(p, 4)} for s, e, p in evidence]})
        doc.results[self.name] = found
