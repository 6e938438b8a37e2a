"""The spaCy pipeline: a long-running process does not keep every word it has ever seen."""
import random
import string

from presslens.document import Span
from presslens.nlp import parse_paragraphs, spacy_pipeline

SAMPLE = "Councillor Helen Strand spoke in London on Tuesday. She said 40 percent of riders live in Millbrook."


def _parse(text):
    parsed = parse_paragraphs(text, [Span(0, len(text))])
    return parsed.sentences, parsed.tokens, parsed.entities


def test_vocabulary_growth_reloads_the_pipeline_with_the_same_results(monkeypatch):
    monkeypatch.setattr(spacy_pipeline, "MAX_NEW_STRINGS", 2_000)
    before = _parse(SAMPLE)
    first = spacy_pipeline.get_nlp()
    rng = random.Random(7)
    for _ in range(10):  # about 4,000 words spaCy has never seen
        text = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(9)) for _ in range(400))
        _parse(text)
    fresh = spacy_pipeline.get_nlp()
    assert fresh is not first
    assert len(fresh.vocab.strings) < len(first.vocab.strings)
    assert _parse(SAMPLE) == before
