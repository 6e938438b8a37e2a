"""The entity head: words of a pass, shape features, BIO decoding, the merged layer, its type map and its offsets."""
import numpy as np
import pytest

import presslens
from presslens import analyzers
from presslens.document import Span
from presslens.entities.head import (TAGS, Words, allowed_transitions, decode_entities, decode_tags, load_model,
                                     viterbi, word_features, words_of)
from presslens.entities.layer import merged_entities, type_in_words
from presslens.lab.evaluation.news_entities import read_entity_labels
from presslens.errors import InvalidRecord


def test_words_group_word_pieces_and_split_possessives_and_punctuation():
    model = load_model()
    text = "Obama's unconstitutionally U.S.-based plan"
    tokens = model.encoder.tokenize(text, [(0, len(text))])
    words = words_of(tokens, model.continues)
    fragments = [text[s:e] for s, e in zip(words.starts.tolist(), words.ends.tolist())]
    assert fragments[:3] == ["Obama", "'", "s"]
    assert "unconstitutionally" in fragments, "a word cut into several pieces is one word"
    assert fragments[-1] == "plan"


def test_shape_features_read_capitals_and_sentence_starts():
    text = "The Red Cross said. ALL CAPS HEADLINE"
    model = load_model()
    tokens = model.encoder.tokenize(text, [(0, 19), (20, len(text))])
    words = words_of(tokens, model.continues)
    units = np.asarray(tokens.units)[words.first]
    features = word_features(text, words, units)
    strings = [text[s:e] for s, e in zip(words.starts.tolist(), words.ends.tolist())]
    red = strings.index("Red")
    assert features[red, 0] == 1 and features[red, 6] == 0, "capitalised, not at a sentence start"
    assert features[0, 6] == 1, "the first word starts a sentence"
    assert features[strings.index("ALL"), 10] == 1, "a unit in capitals says so"


def _log_probs(rows):
    p = np.full((len(rows), len(TAGS)), 1e-4, dtype=np.float32)
    for i, tag in enumerate(rows):
        p[i, TAGS.index(tag)] = 1.0
    p /= p.sum(axis=1, keepdims=True)
    return np.log(p)


def test_decoding_never_starts_an_entity_inside_or_crosses_a_paragraph():
    log_probs = _log_probs(["I-PER", "I-PER", "O", "B-ORG", "I-ORG", "I-ORG"])
    units = np.array([0, 0, 0, 0, 0, 1])
    path = viterbi(log_probs, allowed_transitions(), units)
    assert not TAGS[path[0]].startswith("I-"), "no entity starts with I-"
    assert not TAGS[path[5]].startswith("I-"), "a new paragraph starts afresh"
    assert (decode_tags(log_probs, allowed_transitions(), units) == path).all()


def test_decoded_entities_cut_the_text_at_their_words():
    text = "Angela Merkel met the IMF in Paris."
    starts = np.array([0, 7, 14, 18, 22, 26, 29, 34])
    ends = np.array([6, 13, 17, 21, 25, 28, 34, 35])
    log_probs = _log_probs(["B-PER", "I-PER", "O", "O", "B-ORG", "O", "B-LOC", "O"])
    path = decode_tags(log_probs, allowed_transitions(), np.zeros(8, dtype=np.int64))
    found = decode_entities(path, Words(np.arange(8), starts, ends), log_probs)
    assert [(text[s:e], kind) for s, e, kind, _ in found] == [("Angela Merkel", "PER"), ("IMF", "ORG"), ("Paris", "LOC")]
    assert all(0 < confidence <= 1 for *_, confidence in found)


def test_the_layer_keeps_spacys_finer_type_where_the_head_admits_it():
    head = [(0, 6, "LOC", 0.9), (10, 17, "MISC", 0.9), (20, 25, "PER", 0.9)]
    spacy = [Span(0, 6, "GPE"), Span(10, 17, "NORP"), Span(20, 25, "ORG"), Span(30, 34, "DATE"),
             Span(40, 45, "PERSON"), Span(21, 23, "CARDINAL")]
    layer = merged_entities(head, spacy)
    assert [(e.start, e.end, e.label) for e in layer] == [
        (0, 6, "GPE"), (10, 17, "NORP"),      # admitted: kept
        (20, 25, "PERSON"),                   # spaCy's ORG contradicts the head: the head's type
        (30, 34, "DATE")]                     # a date stays; a name the head did not find goes; an overlapped figure goes


def test_types_are_said_in_words_a_reader_knows():
    assert type_in_words("GPE") == "place"
    assert type_in_words("NORP").startswith("group")
    assert type_in_words("PERSON") == "person"


def test_the_entity_analysis_runs_on_the_shared_pass_before_its_readers():
    order = analyzers.resolve("actors")
    assert order.index("entities") > order.index("encoding") and order.index("entities") > order.index("nlp")
    assert order.index("entities") < order.index("actors")
    assert analyzers.resolve("claims").index("entities") < analyzers.resolve("claims").index("claims")


ARTICLE = """Talks stall in Brussels

The World Health Organization (WHO) said on Monday that Angela Merkel had asked the European Commission to act.
A WHO spokesman said Germany's plan would cost €4bn. Chancellor Merkel's office in Berlin declined to comment.
"""


@pytest.fixture(scope="module")
def report():
    return presslens.analyze(ARTICLE, only="actors").to_dict()


def test_every_entity_is_exact_and_names_are_found_by_the_head(report):
    text = report["text"]
    names = {(e["text"], e["label"]) for e in report["entities"]}
    for e in report["entities"]:
        assert text[e["start"]:e["end"]] == e["text"]
    assert ("Angela Merkel", "PERSON") in names and ("Berlin", "GPE") in names
    assert ("World Health Organization", "ORG") in names and ("WHO", "ORG") in names
    assert not any(t.endswith("'s") for t, _ in names), "a possessive is never part of a name"
    assert report["models"]["entities"]


def test_the_labels_file_reads_and_rejects_bad_rows(tmp_path):
    labels = read_entity_labels()
    assert len({m.article for m in labels}) == 50 and {m.round for m in labels} == {1, 2, 3}
    bad = tmp_path / "labels.tsv"
    bad.write_text("article\tstart\tend\ttype\nx\t1\t2\tANIMAL\n")
    with pytest.raises(InvalidRecord):
        read_entity_labels(bad)


@pytest.mark.parametrize("short, long, expected", [
    ("WHO", "World Health Organization", True),
    ("OECD", "Organisation for Economic Co-operation and Development", True),
    ("MSF", "Médecins Sans Frontières", True),
    ("NHS", "National Health Service", True),
    ("IMF", "World Bank", False),
    ("EU", "United Nations", False),
])
def test_a_short_form_spells_its_long_form(short, long, expected):
    from presslens.entities.abbreviations import spells

    assert spells(short, long) is expected


def test_defined_abbreviations_are_linked_wherever_they_are_used():
    from presslens.entities.abbreviations import link_abbreviations

    text = "The World Health Organization (WHO) met. Later WHO said so, and who knows."
    long = Span(4, 29, "ORG")
    linked = link_abbreviations(text, [long], frozenset({"ORG"}), [Span(0, len(text))])
    assert [(text[e.start:e.end], e.label) for e in linked] == [
        ("World Health Organization", "ORG"), ("WHO", "ORG"), ("WHO", "ORG")], "the pronoun 'who' is not linked"


def test_one_name_gets_one_type_in_an_article():
    from presslens.entities.layer import consistent_types

    text = "Carrowmore voted. In Carrowmore, buses run."
    found = [(0, 10, "PER", 0.6), (21, 31, "LOC", 0.5), (21, 31, "LOC", 0.0)]
    assert [k for *_, k, _ in consistent_types(found[:2], text)] == ["PER", "PER"]
    seen = [Span(0, 10, "ORG"), Span(21, 31, "ORG")]
    layer = merged_entities([(0, 10, "PER", 0.7), (21, 31, "LOC", 0.9)], seen, text=text)
    assert [e.label for e in layer] == ["GPE", "GPE"], "the more confident reading types both"


def test_an_article_alone_is_no_name():
    text = "as The Sacramento Bee reported"
    layer = merged_entities([(3, 6, "LOC", 0.99), (7, 21, "ORG", 0.99)], [Span(3, 21, "ORG")], text=text)
    assert [text[e.start:e.end] for e in layer] == ["Sacramento Bee"]


def test_the_window_of_words_stops_at_a_paragraph():
    from presslens.entities.head import windowed_product

    rng = np.random.default_rng(0)
    h = rng.normal(size=(7, 3)).astype(np.float32)
    units = np.array([0, 0, 0, 1, 1, 1, 1])
    w = rng.normal(size=(15, 2)).astype(np.float32)   # a window of 5 words of 3 values
    expected = np.zeros((7, 2), dtype=np.float32)
    for i in range(7):
        for block, shift in enumerate(range(-2, 3)):
            j = i + shift
            if 0 <= j < 7 and units[j] == units[i]:
                expected[i] += h[j] @ w[block * 3:(block + 1) * 3]
    assert np.allclose(windowed_product(h, units, w), expected, atol=1e-5)


def test_a_name_never_ends_on_a_dash_or_starts_on_a_quote():
    import re

    text = 'The UMP - led by him - and "Labour" met.'
    spans = [m.span() for m in re.finditer(r"\w+|[^\w\s]", text)]
    starts, ends = np.array([a for a, _ in spans]), np.array([b for _, b in spans])
    # The UMP - led by him - and " Labour " met .
    rows = ["O", "B-ORG", "I-ORG", "O", "O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O"]
    log_probs = _log_probs(rows)
    path = decode_tags(log_probs, allowed_transitions(), np.zeros(len(rows), dtype=np.int64))
    found = decode_entities(path, Words(np.arange(len(rows)), starts, ends), log_probs, text)
    assert [text[s:e] for s, e, *_ in found] == ["UMP", "Labour"]


def test_storms_and_operations_are_events_and_a_title_alone_names_no_one():
    from presslens.actors.tables import corrected_label, is_bare_title, is_event_name

    assert corrected_label("Hurricane Dorian", "PERSON") == "EVENT" and corrected_label("Storm Ciara", "GPE") == "EVENT"
    assert not is_event_name("Hurricane") and not is_event_name("Stormzy") and is_event_name("Operation Warp Speed")
    assert is_bare_title("Sen") and is_bare_title("Sen.") and not is_bare_title("Cory Booker")
    text = ("Storm warning\n\nSen. Cory Booker said Hurricane Dorian had flooded Ocracoke. Booker asked for aid, "
            "and Sen. Kamala Harris agreed.\n")
    report = presslens.analyze(text, only="actors").to_dict()
    names = {(text[e["start"]:e["end"]], e["label"]) for e in report["entities"]}
    assert ("Hurricane Dorian", "EVENT") in names and not any(n in ("Sen", "Sen.") for n, _ in names)
    actors = [a["name"] for a in report["actors"]]
    assert "Hurricane Dorian" not in actors and "Cory Booker" in actors
