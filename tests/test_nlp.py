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
