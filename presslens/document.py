"""The document model: one text and typed, offset-exact layers over it.

Every layer is a list of spans whose ``start``/``end`` are Python string
indices into ``Document.text``; ``text[start:end]`` is always the fragment.
Nothing is ever deleted from ``text``: parts that are not article body
(appeals, bios, captions, boilerplate) are *marked* as regions, so offsets
keep pointing at what the user gave us.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import Any

from .budget import count_words

# The kinds of non-body region, in the report contract.
REGION_KINDS = ("appeal", "bio", "caption", "boilerplate", "byline", "embed", "teaser", "heading")


@dataclass(frozen=True, slots=True)
class Span:
    """A character span ``text[start:end]``, with an optional label."""

    start: int
    end: int
    label: str | None = None

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"invalid span ({self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``(start, end)`` past leading and trailing whitespace of ``text``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


def cut_at_spaces(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most ``limit`` characters, covering it all: each cut after the
    last sentence end (". ") in the second half of its piece where there is one, else at its last space
    (so words stay whole), else at the limit."""
    pieces = []
    while end - start > limit:
        low, high = start + limit // 2, start + limit
        ends = [m.end() - 1 for m in _SENTENCE_END.finditer(text, low, high)]
        cut = ends[-1] if ends else text.rfind(" ", low, high)
        if cut <= start:
            cut = high
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    site: str | None = None
    url: str | None = None
    path: str | None = None


@dataclass(eq=False)
class Document:
    """An article: its text, metadata, structure layers and analysis results.

    Layers (all lists of :class:`Span`, sorted by start):

    - ``paragraphs`` — every paragraph of the text, body or not;
    - ``regions`` — non-body parts, ``label`` one of :data:`REGION_KINDS`;
    - ``sentences`` / ``tokens`` — over body paragraphs only (a token's ``label`` is its Penn Treebank tag);
    - ``entities`` — named entities over the body, ``label`` a spaCy type.

    ``results`` holds one entry per analysis that ran (keyed by analysis
    name); ``warnings`` and ``timings_ms`` record what happened on the way, and ``models``
    which model each analysis used.
    ``encoding`` is the encoder stage's one pass over the body, which every head
    reads; ``cache`` holds other intermediate products that several analyses
    share. Neither is part of the report. ``options`` holds what the
    caller asked of the analyses (``evidence``: an open evidence index for
    claim verification).
    """

    text: str
    id: str = "document"
    meta: Metadata = field(default_factory=Metadata)
    language: str | None = None
    paragraphs: list[Span] = field(default_factory=list)
    regions: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Span] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    models: dict[str, dict] = field(default_factory=dict)  # analysis -> the model it used (provenance.model_ref)
    encoding: Any = field(default=None, repr=False)   # the encoder stage's pass (presslens.heads.stage.Encoding)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    options: dict[str, Any] = field(default_factory=dict, repr=False)

    # -- access -----------------------------------------------------------
    def fragment(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def region_at(self, span: Span) -> Span | None:
        """The non-body region containing ``span``, if any."""
        for region in self.regions:
            if region.contains(span):
                return region
        return None

    def body_paragraphs(self) -> list[Span]:
        """Paragraphs that are article body (not inside any non-body region)."""
        if not self.regions:
            return list(self.paragraphs)
        # one pass over both layers sorted by start, not every region for every paragraph (20,000 tiny
        # paragraphs and as many regions took seconds)
        regions = sorted(self.regions, key=lambda r: r.start)
        body, k = [], 0
        for paragraph in self.paragraphs:
            while k < len(regions) and regions[k].end <= paragraph.start:
                k += 1
            j = k
            while j < len(regions) and regions[j].start < paragraph.end and not regions[j].overlaps(paragraph):
                j += 1
            if not (j < len(regions) and regions[j].start < paragraph.end):
                body.append(paragraph)
        return body

    def headline(self) -> Span:
        """The first paragraph when it is the title (an empty span otherwise): a headline states a topic,
        so it is neither a claim nor evidence of the article's genre or frames."""
        first = next((p for p in self.body_paragraphs()), Span(0, 0))   # a badge above it is set apart
        title = " ".join((self.meta.title or "").split())
        return first if title and " ".join(self.fragment(first).split()) == title else Span(0, 0)

    @property
    def word_count(self) -> int:
        return count_words(self.text)
