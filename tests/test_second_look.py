"""The second look: non-body detection decided again in the encoding stage with each paragraph's vector."""
import numpy as np
import pytest

import presslens
from presslens.document import Document, Span
from presslens.heads.stage import body_units, encode, encode_body_and_apart, regrouped, unit_vectors
from presslens.models.encoder import load_shared_encoder
from presslens.structure import revise_regions, split_paragraphs, structure_document
from presslens.structure.nonbody import second_look_model

ARTICLE = """Port traffic falls again

The port authority said on Thursday that container traffic had fallen for the third month running.

Shipping companies blamed higher insurance costs and a slowdown in orders from Europe, officials said.

Subscribe to our newsletter and never miss a story: sign up today and support local journalism.

A spokesman said the authority expected volumes to recover once the new berths open in the autumn.
"""


def test_one_pass_encodes_the_body_and_what_was_set_apart_in_windows_of_their_own():
    doc = Document(text=ARTICLE)
    structure_document(doc)
    encoder = load_shared_encoder()
    body, apart = encode_body_and_apart(doc, encoder)
    alone = encode(doc, encoder)
    assert body.units == alone.units == body_units(doc) and apart.units == [(r.start, r.end) for r in doc.regions]
    assert np.array_equal(body.tokens.ids, alone.tokens.ids)
    assert np.allclose(body.hidden, alone.hidden, atol=0.05)   # the same windows (int8 ranges are per batch)


def test_an_encoding_regrouped_from_two_parts_is_the_units_own_tokens_in_text_order():
    doc = Document(text=ARTICLE)
    units = [(p.start, p.end) for p in split_paragraphs(ARTICLE)]
    doc.paragraphs = [Span(*u) for u in units]
    doc.regions = [Span(*u, "boilerplate") for u in units[1::2]]
    odd, even = encode_body_and_apart(doc, load_shared_encoder())
    chosen = [units[0], units[1], units[4]]
    merged = regrouped([odd, even], chosen)
    assert merged.units == chosen and list(np.unique(merged.tokens.units)) == [0, 1, 2]
    assert np.all(np.diff(merged.tokens.starts) > 0)   # text order
    for k, unit in enumerate(chosen):
        mine = merged.tokens.units == k
        assert np.all((merged.tokens.starts[mine] >= unit[0]) & (merged.tokens.ends[mine] <= unit[1]))
        part = odd if unit in odd.units else even
        theirs = part.tokens.units == part.units.index(unit)
        assert np.array_equal(merged.hidden[mine], part.hidden[theirs])   # the same vectors, no second pass
    assert set(unit_vectors(merged)) == set(chosen)
    assert regrouped([odd], []).units == [] and len(regrouped([odd], []).tokens) == 0


def test_the_second_look_keeps_what_rules_and_markup_decided():
    doc = Document(text=ARTICLE)
    structure_document(doc, marked=[])
    before = list(doc.regions)
    assert [r.label for r in before] == ["appeal"]
    encoder = load_shared_encoder()
    vectors = {**unit_vectors(encode(doc, encoder)), **unit_vectors(encode_body_and_apart(doc, encoder)[1])}
    model = second_look_model()
    assert model is not None and model.reads_vectors
    revise_regions(doc, model, vectors)
    assert [r.label for r in doc.regions] == ["appeal"]   # the appeal stays set apart, the story stays body
    missing = dict(list(vectors.items())[1:])
    assert revise_regions(doc, model, missing) is False   # a paragraph without a vector: the first decision stands


def _model_that_sets_apart(vector, others, kind="bio"):
    """A second-look model (a real one, weights by hand) that sets apart the paragraph whose vector is ``vector``:
    its logit for ``kind`` is large there and negative for the ``others``' vectors."""
    from dataclasses import replace

    shipped = second_look_model()
    cues = len(shipped.feature_names)
    weights = np.zeros_like(shipped.weights)
    bias = np.zeros_like(shipped.bias)
    row = ["body", "appeal", "bio", "caption", "boilerplate"].index(kind)
    centre = np.mean([vector, *others], axis=0)   # centred as the model centres them: what differs stands out
    unit = (vector - centre) / np.linalg.norm(vector - centre)
    nearest = max(float(unit @ (other - centre)) for other in others)
    assert nearest < float(unit @ (vector - centre))
    weights[row, cues:] = 1000 * unit
    bias[row] = -1000 * (nearest + float(unit @ (vector - centre))) / 2
    return replace(shipped, mean=np.zeros_like(shipped.mean), scale=np.ones_like(shipped.scale), weights=weights,
                   bias=bias, vector_mean=centre.astype(np.float32), projection=None,
                   threshold=0.5, spread_threshold=0.5, with_rules=False, config={"policy": "union"})


def test_what_the_second_look_sets_apart_leaves_the_heads_input_and_the_report():
    """The second look sets a paragraph apart: it becomes a region, the heads' encoding drops it (regrouped from
    the one pass, the other paragraphs' vectors unchanged), and spaCy, which runs after it, never parses it."""
    from presslens.analyzers import resolve
    from presslens.analyzers.encoding import paragraph_vectors, second_look

    assert resolve("entities", None) == ["encoding", "nlp", "entities"]   # spaCy reads the body it leaves
    doc = Document(text=ARTICLE)
    structure_document(doc)
    body, apart = encode_body_and_apart(doc, load_shared_encoder())
    vectors = paragraph_vectors(body, apart)
    target = doc.paragraphs[2]   # "Shipping companies blamed …"
    others = [v for unit, v in vectors.items() if unit != (target.start, target.end)]
    looked = second_look(doc, body, apart, _model_that_sets_apart(vectors[(target.start, target.end)], others))
    assert [(r.label, r.start, r.end) for r in doc.regions if r.label == "bio"] == [("bio", target.start, target.end)]
    assert any(r.label == "appeal" for r in doc.regions)   # the first decision's appeal stays (union)
    assert looked.units == body_units(doc) and (target.start, target.end) not in looked.units
    for unit in looked.units:   # the same vectors as the pass made them
        assert np.allclose(unit_vectors(looked)[unit], vectors[unit])
    assert not np.any((looked.tokens.starts >= target.start) & (looked.tokens.starts < target.end))


def test_an_analysed_article_reads_exactly_the_body_paragraphs():
    report = presslens.analyze(ARTICLE + "\nDana Whitlock covers shipping for the Gazette.\n")
    doc = report.document
    full = report.to_dict()
    for finding in [*full["techniques"], *full["claims"], *full["sentences"]]:
        assert not any(r["start"] <= finding["start"] < r["end"] for r in full["regions"] if r["kind"] != "heading")
    assert doc.timings_ms["encoding"] > 0


@pytest.mark.parametrize("only", ["nlp", "genre"])
def test_without_the_encoder_the_first_decision_stands(only):
    report = presslens.analyze(ARTICLE, only=only).to_dict()
    assert [r["kind"] for r in report["regions"]] == ["appeal"]
