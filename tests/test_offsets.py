"""The offset invariant: text[start:end] is exactly every reported fragment."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import presslens
from conftest import EXAMPLES, PTC_ARTICLES, assert_offsets

WORDS = ["the", "council", "voted", "Madrid", "Jane Doe", "said", "191", "people", "1,800", "café", "naïve",
         "—", "“quoted”", "U.S.", "Dr.", "e.g.", "über", "€5", "2004", "!", "?", ".", ",", "(", ")", "🙂",
         "Subscribe", "today", "By", "Photo:", "is a writer", "@handle", "\t", "  "]
_sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)
_paragraph = st.lists(_sentence, min_size=1, max_size=4).map(lambda s: ". ".join(s) + ".")
_separator = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\n\n\n"])


@st.composite
def documents(draw):
    paragraphs = draw(st.lists(_paragraph, min_size=1, max_size=8))
    seps = draw(st.lists(_separator, min_size=len(paragraphs), max_size=len(paragraphs)))
    lead = draw(st.sampled_from(["", " ", "\ufeff", "\n"]))
    return lead + "".join(p + s for p, s in zip(paragraphs, seps))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_offsets_on_generated_documents(text):
    report = presslens.analyze(text, html=False).to_dict()
    assert report["text"] == text  # plain text is kept verbatim
    assert_offsets(report)


@pytest.mark.parametrize("name", ["opinion.txt", "report.txt", "unseen_opinion.txt", "opinion.html", "report.html"])
def test_offsets_on_examples(name):
    report = presslens.analyze(EXAMPLES / name).to_dict()
    assert_offsets(report)
    assert report["sentences"] and report["entities"]


@pytest.mark.skipif(not PTC_ARTICLES.is_dir(), reason="PTC articles not present in ../shared/data")
def test_offsets_on_real_ptc_articles_keep_the_text_verbatim():
    files = sorted(PTC_ARTICLES.glob("*.txt"))[:25]
    for path in files:
        with open(path, encoding="utf-8", newline="") as handle:
            original = handle.read()
        report = presslens.analyze(path).to_dict()
        # The dataset's offsets count the BOM and the exact line endings: so must ours.
        assert report["text"] == original, path
        assert_offsets(report)
