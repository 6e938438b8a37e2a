"""Which sentences of a document are indexed as evidence."""
from __future__ import annotations

import re

from ..nlp.sentence_splitter import split_text_sentences
from ..structure.paragraphs import split_paragraphs

MIN_WORDS = 3             # shorter fragments ("Thank you.", "Reuters") carry no checkable fact

_WORD = re.compile(r"\w+")
_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
# Attribution lines ("Source: Reuters", "Reference: https://...") say where facts come from, not what they are.
_ATTRIBUTION = re.compile(r"^\W*(sources?|references?|links?|url|via|credits?)\s*:", re.IGNORECASE)


def is_evidence_sentence(sentence: str) -> bool:
    """Worth indexing: at least ``MIN_WORDS`` words besides URLs, and not an attribution line."""
    if _ATTRIBUTION.match(sentence):
        return False
    return len(_WORD.findall(_URL.sub(" ", sentence))) >= MIN_WORDS


def evidence_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Offsets of the sentences of ``text`` (from ``start`` on) that are worth indexing."""
    return [(s, e) for s, e in split_sentences(text, start) if is_evidence_sentence(text[s:e])]


def split_sentences(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of a whole text from ``start`` on: paragraphs first, then sentences in each."""
    spans: list[tuple[int, int]] = []
    for paragraph in split_paragraphs(text):
        if paragraph.end <= start:
            continue
        spans.extend(split_text_sentences(text, max(paragraph.start, start), paragraph.end))
    return spans
