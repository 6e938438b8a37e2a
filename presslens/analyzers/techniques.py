"""The ``techniques`` analysis: spans of persuasion techniques in the body, with a score and an explanation.

A MiniLM encoder fine-tuned on PTC-2020 (see ``presslens/models/techniques/MODEL_CARD.md``)
runs once over the body paragraphs; a tagging head finds the spans and a
classification head names their technique. With the ``fast`` option (``--fast``)
linear heads over hashed word features stand in for the encoder
(``presslens/models/techniques-fast/MODEL_CARD.md``): less accurate, many times faster. Spans may overlap other analyses'
spans; each is ``text[start:end]`` exactly. Each span's score is calibrated on articles the model never trained on
(``shown``: over the display threshold), says whose words it is in (:mod:`presslens.techniques.voice`) and names
the words that do the work (:mod:`presslens.techniques.explain`).
"""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..document import Document
from ..models.provenance import model_ref
from ..heads.stage import encoding_of
from ..techniques import FAST_MODEL_DIR, load_model
from ..techniques.explain import explain
from ..techniques.model import TextCues
from ..techniques.phrases import from_phrase_start, merge_split_phrases, to_head_noun
from ..techniques.tasks import find_techniques, reader_scores
from ..techniques.voice import VoiceReader
from ..techniques.taxonomy import BY_PTC
from ..results import TechniqueSpan
from .registry import register



@register
class Techniques:
    name = "techniques"
    requires: tuple[str, ...] = ("encoding",)
    follows: tuple[str, ...] = ("nlp", "entities")   # spaCy's sentences and entities, for whose voice a span is in, when it ran
    description = "persuasion-technique spans (14 PTC-2020 techniques) with score and explanation"
    result_model = Annotated[list[TechniqueSpan], Field(description="technique spans over the body, sorted by start; "
                                                                     "they may overlap")]

    def __call__(self, doc: Document) -> None:
        model = load_model(str(FAST_MODEL_DIR) if doc.options.get("fast") else None)
        tokens, hidden = encoding_of(doc, model.encoder)
        spans = []
        found_spans = find_techniques(model.heads, doc.text, tokens, hidden)
        voices = VoiceReader(doc)
        if doc.tokens:   # with the parse (the nlp analysis ran): one phrase split in two becomes one span
            found_spans = merge_split_phrases(doc.text, doc.tokens, found_spans)
        scored = reader_scores(model, found_spans)   # as calibrated: before the phrase carries below
        if doc.tokens:   # a span never stops before its head noun nor starts after its adjectives
            for found in found_spans:
                found.end = to_head_noun(doc.text, doc.tokens, found.start, found.end)
                found.start = from_phrase_start(doc.text, doc.tokens, found.start)
        cues = TextCues.of(doc.text)
        for found, (score, shown) in zip(found_spans, scored):
            technique = BY_PTC[found.technique]
            fragment = doc.text[found.start:found.end]
            spans.append({
                "start": found.start, "end": found.end, "text": fragment,
                "technique": technique.id, "name": technique.name,
                "score": score, "shown": shown, "voice": voices.voice(found.start, found.end),
                "span_score": round(found.span_score, 4),
                "technique_score": round(found.technique_score, 4),
                "explanation": explain(technique, doc.text, found.start, found.end, voices.sentence_at(found.start),
                                       voices.entities_near(found.start, found.end),
                                       cues.repeats(" ".join(fragment.split()).lower(), found.start)
                                       if len(fragment.strip()) >= 3 else 0,
                                       voices.tokens_in(found.start, found.end)),
            })
        doc.models[self.name] = model_ref(model.folder)
        doc.results[self.name] = sorted(spans, key=lambda s: (s["start"], -s["end"]))
