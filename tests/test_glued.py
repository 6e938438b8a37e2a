"""Page furniture glued inside a paragraph (structure/glued.py): cut out whole, the rest kept as body."""
import pytest

import presslens
from conftest import ROOT
from presslens.document import Document
from presslens.structure import structure_document

SHARED_DATA = ROOT.parent / "shared" / "data"

STORY = ("The council approved the new tram line on Monday after a vote of 31 to 12. Opponents said the route would "
         "cut through two parks and cost more than planned. The mayor said work would start in the spring and that "
         "the first trams would run in 2027. Residents of the northern districts welcomed the plan, which links them "
         "to the city centre for the first time.")


def _structured(text: str) -> Document:
    doc = Document(text=text)
    structure_document(doc)
    return doc


def _check_offsets(doc: Document) -> None:
    spans = sorted(doc.paragraphs, key=lambda p: p.start)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))          # paragraphs never overlap
    for span in [*doc.paragraphs, *doc.regions]:
        piece = doc.text[span.start:span.end]
        assert piece == piece.strip() and piece                              # trimmed, never empty
    for region in doc.regions:                                               # a region covers whole paragraphs
        assert all(p.end <= region.start or p.start >= region.end or region.start <= p.start and p.end <= region.end
                   for p in doc.paragraphs)


def _regions(doc: Document) -> list[tuple[str, str]]:
    return [(r.label, doc.text[r.start:r.end]) for r in doc.regions]


@pytest.mark.parametrize("promo, kind", [
    ("CLICK HERE TO GET THE FOX NEWS APP", "boilerplate"),
    ("Click to get the Fox News App", "boilerplate"),
    ("(RELATED: Trial Lawyers Handling Cities' Lawsuits Stand To Make Billions)", "teaser"),
    ("(Read more: Five things to know about the tram)", "teaser"),
])
def test_a_promotion_glued_mid_story_is_cut_out_and_the_story_kept(promo, kind):
    text = f"Tram line approved\n\n{STORY} {promo}The opposition will appeal the decision, its leader said on Tuesday."
    doc = _structured(text)
    _check_offsets(doc)
    assert _regions(doc) == [(kind, promo)]
    body = " ".join(doc.text[p.start:p.end] for p in doc.body_paragraphs())
    assert "The opposition will appeal" in body and "first trams would run" in body


def test_a_bulleted_headline_glued_after_a_sentence_is_a_teaser_but_a_list_is_not():
    glued = f"Tram line approved\n\n{STORY}• Who is the city's new mayor?The works start in May."
    assert _regions(_structured(glued)) == [("teaser", "• Who is the city's new mayor?")]
    listed = f"Tram line approved\n\n{STORY}\n\n• The route is 12 km long.\n• It has 18 stops."
    assert not [r for r in _structured(listed).regions if r.label == "teaser"]


@pytest.mark.parametrize("tail, kind", [
    ("The Associated Press contributed to this report.", "boilerplate"),
    ("Content created by The Daily Caller News Foundation is available without charge to any eligible news "
     "publisher that can provide a large audience. For licensing opportunities of our original content, please "
     "contact licensing@example.org.", "boilerplate"),
    ("Like this story? Share it with a friend!", "boilerplate"),
    ("Jane Ruiz is a senior fellow at the Hoover Institution. She is the author of Tram Towns, published in May. "
     "Follow her on Twitter @janeruiz.", "bio"),
    ("Whitney Tome is the Executive Director of Green 2.0", "bio"),
])
def test_furniture_glued_onto_the_end_of_a_one_block_text_is_cut_off_whole(tail, kind):
    text = f"Tram line approved by the council {STORY} {tail}"        # one block: no line break anywhere
    doc = _structured(text)
    _check_offsets(doc)
    assert _regions(doc) == [(kind, tail)]                                 # the whole box, one region
    assert doc.text[doc.body_paragraphs()[-1].end - 20:doc.body_paragraphs()[-1].end] == STORY[-20:]


@pytest.mark.parametrize("ending", [
    "The EPA is currently led by Scott Pruitt, a former Oklahoma attorney general who has sued the agency.",
    "Dr Shah, head of policy at the centre, said the plan was overdue.",
    "The story is breaking through the embargo, officials said, and more will follow.",
    "In March, James McClintock, a marine biologist with the University of Alabama, said the change was dramatic.",
])
def test_a_story_that_ends_on_a_person_or_a_quote_keeps_its_last_sentences(ending):
    doc = _structured(f"Tram line approved\n\n{STORY} {ending}")
    assert doc.regions == []


def test_no_claim_or_technique_comes_from_glued_furniture():
    text = (f"Tram line approved by the council {STORY} CLICK HERE TO GET THE FOX NEWS APPThe opposition leader "
            "said the vote was a disgrace and a betrayal of every taxpayer in the city. Jane Ruiz is a senior fellow "
            "at the Hoover Institution, which has published 40 studies of tram lines since 2010. Follow her on "
            "Twitter @janeruiz.")
    report = presslens.analyze(text, only="claims,techniques").to_dict()
    regions = [(r["start"], r["end"], r["kind"]) for r in report["regions"]]
    assert {kind for *_, kind in regions} == {"boilerplate", "bio"}
    inside = lambda s: any(a < s["end"] and s["start"] < b for a, b, _ in regions)  # noqa: E731
    assert not any(inside(c) for c in report["claims"]) and not any(inside(t) for t in report["techniques"])
    assert any("31 to 12" in c["text"] for c in report["claims"])          # the story is still read


@pytest.mark.skipif(not (SHARED_DATA / "narrative_frames_climate").is_dir(), reason="needs ../shared/data")
def test_glued_endings_labels_lie_in_their_articles_and_parts_split_by_outlet():
    from collections import Counter

    from presslens.lab.evaluation.real_endings import UNIT_KINDS, read_labelled_units

    articles = read_labelled_units(SHARED_DATA)
    assert len(articles) == 428 and sum(len(a.units) for a in articles) == 2140
    for article in articles:
        assert all(u.label in UNIT_KINDS for u in article.units)
        assert all(article.text[u.start:u.end] == article.text[u.start:u.end].strip() for u in article.units)
    parts = {}
    for article in articles:
        parts.setdefault(article.outlet, set()).add(article.part)
    assert all(len(p) == 1 for p in parts.values())                         # an outlet is on one side only
    assert set(Counter(a.part for a in articles)) == {"train", "heldout"}


def test_what_a_promotion_was_cut_from_may_be_furniture_whole():
    text = (f"Tram line approved\n\n{STORY} CLICK HERE TO GET THE FOX NEWS APPCorrection: A previous version of this "
            "story said the line had 20 stops. It has 18.")
    doc = _structured(text)
    _check_offsets(doc)
    assert [kind for kind, _ in _regions(doc)] == ["boilerplate", "boilerplate"]
    assert _regions(doc)[1][1].startswith("Correction: A previous version") and _regions(doc)[1][1].endswith("18.")
    assert doc.text[doc.body_paragraphs()[-1].start:doc.body_paragraphs()[-1].end] == STORY
