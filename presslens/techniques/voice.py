"""Whose words a technique span is in: the author's own, or words the article quotes or reports someone saying.

Users of this field ask for the distinction first: an author who quotes a politician's slur is not using it. A span
is ``quoted`` when it lies inside quotation marks that hold more than a scare quote (a phrase of more than
:data:`SCARE_QUOTE_WORDS` words, or any quotation the sentence attributes to a speaker), or in a sentence whose
words are reported from a source ("the minister said that …", "according to the police, …") outside that source's
own name. The speaker is the claims module's attribution of the sentence (:func:`presslens.nlp.attribution.
find_attribution`), or ``None`` when the quotation names none. Everything else is the author's.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..document import Document, Span
from ..nlp.attribution import find_attribution, find_naming_source
from .phrases import sentence_ends

SCARE_QUOTE_WORDS = 3          # “experts”, so-called “reforms”: the author's irony, not someone's words
_OPENING, _CLOSING = "“\"‘", "”\"’"
# A quotation: an opening mark, then up to a matching closing mark within the paragraph (curly or straight
# quotes; a single quote only when it is not an apostrophe: at a word start).
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"\n]*\"|(?<!\w)‘[^’]*’(?!\w)")


def quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation in the paragraph ``text[start:end]``, marks included; nested quotations (a
    quote within a quote) lie inside their outer one.

    A quotation may run over paragraphs: its first paragraphs open it and never close it, its last closes it without
    opening it (newspapers open each paragraph of a long quotation; pages often lose those marks). So a paragraph
    that opens a quotation and never closes one is quoted from the mark to its end, and one whose first closing mark
    ” comes before any opening mark is quoted from its start to that mark."""
    found = [m.span() for m in _QUOTATION.finditer(text, start, end)]
    paragraph = text[start:end]
    stripped = len(paragraph) - len(paragraph.lstrip())
    if paragraph[stripped:stripped + 1] in ("“", '"') and not any(c in paragraph[stripped + 1:] for c in "”\""):
        found.append((start + stripped, end))
    closing, opening = paragraph.find("”"), paragraph.find("“")
    if closing >= 0 and (opening < 0 or closing < opening) and not paragraph[closing + 1:closing + 2].isalnum():
        # (a ” a word follows opens: 'the Treasury department”deciding”' uses one mark for both)
        found.append((start, start + closing + 1))
    return sorted(found)


def sentences_of(doc: Document) -> list[Span]:
    """The body's sentences: spaCy's when the nlp analysis ran, else each body paragraph cut at its sentence ends."""
    if doc.sentences:
        return doc.sentences
    out = []
    for paragraph in doc.body_paragraphs():
        cuts = [paragraph.start, *sentence_ends(doc.text, paragraph.start, paragraph.end), paragraph.end]
        out += [Span(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    return out


class VoiceReader:
    """Reads the voice of spans of one document (sentences, quotations and attributions found once)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.sentences = sentences_of(doc)
        self.starts = [s.start for s in self.sentences]
        self.entity_starts = [e.start for e in doc.entities]
        self.token_starts = [t.start for t in doc.tokens]
        self.paragraph_starts = [p.start for p in doc.paragraphs]
        self._attributions: dict[int, object] = {}
        self._quotations: dict[int, list[tuple[int, int]]] = {}

    def tokens_in(self, start: int, end: int) -> list[Span]:
        """The parse's tokens inside ``[start, end)`` (none when the nlp analysis did not run)."""
        tokens = self.doc.tokens
        first = bisect_right(self.token_starts, start - 1)
        return [t for t in tokens[first:bisect_right(self.token_starts, end - 1)] if t.end <= end]

    def entities_near(self, start: int, end: int, after: int = 40) -> list[Span]:
        """The entities that start inside ``[start, end + after)``."""
        return self.doc.entities[bisect_right(self.entity_starts, start - 1):bisect_right(self.entity_starts, end + after)]

    def sentence_at(self, position: int) -> Span | None:
        index = bisect_right(self.starts, position) - 1
        if index >= 0 and self.sentences[index].start <= position < self.sentences[index].end:
            return self.sentences[index]
        return None

    def _attribution(self, sentence: Span):
        if sentence.start not in self._attributions:
            entities = self.doc.entities[bisect_right(self.entity_starts, sentence.start - 1):
                                         bisect_right(self.entity_starts, sentence.end)]
            self._attributions[sentence.start] = find_attribution(self.doc.text, sentence.start, sentence.end, entities)
        return self._attributions[sentence.start]

    def _paragraph_quotations(self, position: int) -> list[tuple[int, int]]:
        index = bisect_right(self.paragraph_starts, position) - 1   # by bisection: a book has 20,000 paragraphs
        if index < 0 or not (self.doc.paragraphs[index].start <= position < self.doc.paragraphs[index].end):
            return []
        paragraph = self.doc.paragraphs[index]
        if paragraph.start not in self._quotations:
            self._quotations[paragraph.start] = quotations(self.doc.text, paragraph.start, paragraph.end)
        return self._quotations[paragraph.start]

    def voice(self, start: int, end: int) -> dict:
        """``{"kind": "author" | "quoted", "speaker": {"name", "start", "end"} | None}`` of ``text[start:end]``."""
        text = self.doc.text
        sentence = self.sentence_at(start)
        source = self._attribution(sentence) if sentence is not None else None
        # a span mostly inside a quotation is in its words ("an “ambitious attempt to throttle …”": the quote opens
        # one word into the span)
        inside = [q for q in self._paragraph_quotations(start)
                  if min(end, q[1]) - max(start, q[0]) >= 0.5 * (end - start)]
        speaker = None
        if source is not None and not (source.start < end and start < source.end):
            speaker = {"name": text[source.start:source.end], "start": source.start, "end": source.end}
        if inside:
            outer = max(inside, key=lambda q: q[1] - q[0])
            words = len(text[outer[0] + 1:outer[1] - 1].split())
            if words > SCARE_QUOTE_WORDS or speaker is not None:
                return {"kind": "quoted", "speaker": speaker}
        if speaker is not None:
            return {"kind": "quoted", "speaker": speaker}
        if sentence is not None:   # a label a naming verb gives: "Critics call it a job-killer"
            named, reported = find_naming_source(text, sentence.start, start, self.entities_near(sentence.start, start, 0))
            if reported:
                return {"kind": "quoted", "speaker": None if named is None else
                        {"name": text[named.start:named.end], "start": named.start, "end": named.end}}
        return {"kind": "author", "speaker": None}
