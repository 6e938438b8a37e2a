"""The spaCy pipeline: a long-running process does not keep every word it has ever seen."""
import random
import string

import pytest

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


def test_places_the_table_knows_are_places_whatever_spacy_says():
    """spaCy's small model calls "Kherson" a person and "Mariupol" an organisation; the place table corrects
    the entity layer once, so the entities panel, claim cards and actors agree."""
    import presslens

    text = ("Frontline towns\n\nRussian troops moved into the Kherson region from Crimea in March. Kherson, "
            "Mariupol and Sumy were shelled again on Tuesday, Kyiv's governor said.\n")
    report = presslens.analyze(text, only="nlp").to_dict()
    labels = {}
    for e in report["entities"]:
        assert report["text"][e["start"]:e["end"]] == e["text"]
        labels.setdefault(e["text"].removesuffix("’s").removesuffix("'s"), set()).add(e["label"])
    for place in ("Kherson", "Crimea", "Mariupol", "Sumy", "Kyiv"):
        if place in labels:
            assert labels[place] <= {"GPE", "LOC"}, (place, labels[place])
    assert {"Kherson", "Mariupol"} & set(labels)


def test_a_place_word_or_a_nationality_gives_the_entity_its_type():
    from presslens.actors.tables import is_demonym, known_place_type

    assert known_place_type("Ashford Vale") == "LOC" and known_place_type("the Green Line") == "FAC"
    assert known_place_type("Grace Park") is None          # a given name first: a person
    assert known_place_type("Helen Strand") is None
    assert is_demonym("Danes") and is_demonym("the Ukrainians") and not is_demonym("Dana")


@pytest.mark.parametrize("text, sentences", [
    # spaCy cuts before a quotation's bracketed alteration: the claim card showed 't]he government has spent ...'
    ('The minister said that "[t]he government has spent 2 billion dollars," adding more. Then she left.',
     ['The minister said that "[t]he government has spent 2 billion dollars," adding more.', "Then she left."]),
    ("FEMA came here to help with the recovery [process], but we don't see them.",
     ["FEMA came here to help with the recovery [process], but we don't see them."]),
    ("He left the room. [T]he rest stayed.", ["He left the room.", "[T]he rest stayed."]),
    ("[1] A footnote. [2] Another one.", ["[1] A footnote.", "[2] Another one."]),
    ("I believe Mr. McCone was asked. They said no. That was the end.",
     ["I believe Mr. McCone was asked.", "They said no.", "That was the end."]),
    ("That was Version No. 2. It changed.", ["That was Version No. 2.", "It changed."]),
    # a straight quote after a full stop closes the quotation: it stays with its sentence
    ('"It is not about that. We wanted people to take part." Gervais admitted it.',
     ['"It is not about that.', 'We wanted people to take part."', "Gervais admitted it."]),
])
def test_sentences_are_not_cut_inside_brackets_or_after_a_title(text, sentences):
    from presslens.nlp.spacy_pipeline import parse_paragraphs
    from presslens.structure.paragraphs import split_paragraphs

    found = parse_paragraphs(text, split_paragraphs(text), entities=False).sentences
    assert [text[s.start:s.end] for s in found] == sentences


def test_a_mended_sentence_never_crosses_a_paragraph_break():
    from presslens.nlp.spacy_pipeline import parse_paragraphs
    from presslens.structure.paragraphs import split_paragraphs

    text = "The bishops met [\n\nafter the council] in Rome."
    found = parse_paragraphs(text, split_paragraphs(text), entities=False).sentences
    assert all("\n\n" not in text[s.start:s.end] for s in found)
