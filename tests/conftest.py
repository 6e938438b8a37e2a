import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "presslens" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PTC_ARTICLES = ROOT.parent / "shared" / "data" / "ptc2020" / "train" / "articles"


def assert_offsets(report: dict) -> None:
    """The offset invariant over every layer of a JSON report."""
    text = report["text"]
    n = len(text)
    for layer in ("regions", "paragraphs", "sentences", "entities"):
        for span in report[layer]:
            assert 0 <= span["start"] < span["end"] <= n, (layer, span)
            fragment = text[span["start"] : span["end"]]
            assert fragment.strip() == fragment, (layer, span, fragment)  # trimmed
            if "text" in span:
                assert fragment == span["text"], (layer, span)
    for span in report.get("techniques", []):
        assert 0 <= span["start"] < span["end"] <= n, ("techniques", span)
        fragment = text[span["start"] : span["end"]]
        assert fragment == span["text"] and fragment.strip() == fragment, ("techniques", span)
        for region in report["regions"]:
            assert span["end"] <= region["start"] or span["start"] >= region["end"], ("technique in a non-body region", span)
    for card in report.get("claims", []):
        assert text[card["start"]:card["end"]] == card["text"], ("claim", card)
        parts = card["quantities"] + card["times"] + card["places"] + card["actors"] + [card["attribution"] or card]
        for part in parts:
            assert card["start"] <= part["start"] < part["end"] <= card["end"], ("claim part outside its claim", part)
            assert text[part["start"]:part["end"]] == part["text"], ("claim part", part)
    sentences = report["sentences"]
    for a, b in zip(sentences, sentences[1:]):
        assert a["end"] <= b["start"], ("overlapping sentences", a, b)
    for region in report["regions"]:
        for sent in sentences:
            assert sent["end"] <= region["start"] or sent["start"] >= region["end"], ("sentence in a non-body region", sent, region)


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


os.environ.setdefault("HF_HUB_OFFLINE", "1")
