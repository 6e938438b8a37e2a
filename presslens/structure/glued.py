"""Page furniture glued inside a paragraph: cut out and set apart, the rest of the paragraph kept as body.

Text pasted from a page, or a page flattened into one block, loses the line breaks that make furniture a paragraph
of its own: a licensing notice, a credit line, the author's bio or a share prompt ends the article's last paragraph,
and a promotion sits mid-story ("CLICK HERE TO GET THE FOX NEWS APPThe …", "(RELATED: …)"). Two passes:

* **inline pieces**, by rules (``tables/glued.txt``): each match is cut out of its paragraph and set apart whole
  (:func:`cut_inline`);
* **a glued tail**: the last body paragraph's last sentences are read by the non-body detector as if each were a
  paragraph of its own, in the article's place, and the run of them it sets apart at the very end is cut off
  (:func:`cut_glued_tail`); the paragraph's first sentence always stays body, so no paragraph vanishes.

Cutting makes new paragraphs (spans into the same text: offsets do not move), so a region always covers whole
paragraphs and :meth:`~presslens.document.Document.body_paragraphs` reads the body as before.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..document import Span, trim
from ..nlp import sentence_splitter
from .embeds import POST_MAX_WORDS
from .nonbody import HeaderInfo, paragraph_kinds, score_paragraph
from .rule_tables import read_groups

TABLE = Path(__file__).resolve().parent / "tables" / "glued.txt"
TAIL_SENTENCES = 6          # a glued tail is at most this many sentences of the last body paragraph
CONTEXT_PARAGRAPHS = 3      # paragraphs before it the detector reads with it (its neighbour features look one back)
LEAD_WORDS = 80             # of the sentences before a tail, the last this many words are read with it
FURNITURE = ("appeal", "bio", "caption", "boilerplate", "embed", "teaser")   # what a glued tail may be


@lru_cache(maxsize=1)
def _groups() -> dict[str, list[re.Pattern]]:
    # a tail's start is read in its case (a name is capitalised); furniture cut inline is matched in any case
    return {name: [re.compile(line, 0 if name.startswith("tail-start:") else re.I) for line in lines]
            for name, lines in read_groups(TABLE).items()}


def patterns() -> list[tuple[str, re.Pattern]]:
    """(region kind, pattern) of the furniture cut inline, from :data:`TABLE`."""
    return [(kind, p) for kind, group in _groups().items() if ":" not in kind for p in group]


def may_start_tail(kind: str, sentence: str) -> bool:
    """Whether a glued tail of ``kind`` may start with ``sentence``: where :data:`TABLE` has a ``tail-start:``
    group for the kind, one of its patterns matches; otherwise the sentence carries a cue of that kind (the
    non-body cue table's): inside a paragraph of prose, a sentence's form and place alone do not make it furniture
    ("In March, James McClintock, a marine biologist …" as the last paragraph but one reads as a credit line)."""
    starts = _groups().get(f"tail-start:{kind}")
    if starts is not None:
        return any(p.search(sentence) for p in starts)
    return getattr(score_paragraph(sentence, 0, len(sentence.split())), kind, 0.0) > 0


def inline_pieces(text: str, paragraph: Span) -> list[Span]:
    """The furniture the rules find inside ``paragraph``, as labelled spans in text order, never overlapping."""
    found: list[Span] = []
    for kind, pattern in patterns():
        for match in pattern.finditer(text, paragraph.start, paragraph.end):
            start, end = trim(text, match.start(), match.end())
            if start < end and not any(s.start < end and start < s.end for s in found):
                found.append(Span(start, end, kind))
    return sorted(found, key=lambda s: s.start)


def _cut(text: str, paragraph: Span, pieces: list[Span]) -> list[Span]:
    """``paragraph`` as consecutive parts: the ``pieces`` (labelled) and the text between them (unlabelled)."""
    parts, at = [], paragraph.start
    for piece in pieces:
        rest = trim(text, at, piece.start)
        if rest[0] < rest[1]:
            parts.append(Span(*rest))
        parts.append(piece)
        at = piece.end
    rest = trim(text, at, paragraph.end)
    if rest[0] < rest[1]:
        parts.append(Span(*rest))
    return parts


def cut_inline(text: str, paragraphs: list[Span]) -> tuple[list[Span], list[Span], list[Span]]:
    """Paragraphs with the inline furniture cut out as paragraphs of their own; the regions it makes; and the
    body text the furniture was glued to (the parts left of a cut paragraph), which stays body: the detector's
    reading of such a part is not to be trusted (a story's last 160 words, once a promotion was cut from their
    start, read as a bio by their position alone)."""
    out, regions, rest = [], [], []
    for paragraph in paragraphs:
        pieces = inline_pieces(text, paragraph)
        parts = _cut(text, paragraph, pieces) if pieces else []
        if all(part.label for part in parts) or _a_post_with_its_signature(text, paragraph, pieces):
            out.append(paragraph)   # nothing glued: a paragraph that is all furniture is the paragraph rules' to read
            continue
        for part in parts:
            out.append(Span(part.start, part.end))
            (regions if part.label else rest).append(part)
    return out, regions, rest


def _a_post_with_its_signature(text: str, paragraph: Span, pieces: list[Span]) -> bool:
    """A paragraph that is an embedded post ending in its signature ("… pic.twitter.com/x — Jane Roe (@jroe) May 7,
    2018"): the post, not a story its signature was glued to; the paragraph rules set it apart whole."""
    return (len(pieces) == 1 and pieces[0].label == "embed" and not text[pieces[0].end:paragraph.end].strip()
            and len(text[paragraph.start:pieces[0].start].split()) <= POST_MAX_WORDS)


def _last_words(text: str) -> str:
    """The end of a long paragraph, as the detector reads the body before a tail: its cue patterns searched over a
    whole one-block article, and over the paragraphs before, for each candidate tail, doubled the cost of
    structuring it, and a body paragraph of :data:`LEAD_WORDS` words reads as body as surely as one of 800."""
    words = text.split()
    return text if len(words) <= LEAD_WORDS else " ".join(words[-LEAD_WORDS:])


def cut_glued_tail(text: str, paragraphs: list[Span], regions: list[Span], header: HeaderInfo | None = None,
                   glued_to: list[Span] = ()) -> tuple[list[Span], list[Span]]:
    """Paragraphs and regions with the furniture glued onto the end of the last body paragraph cut off (see the
    module's docstring); unchanged when there is none.

    A tail starts at a sentence that reads as furniture on its own (each sentence read as a paragraph in the
    article's place) and is then read whole, as the paragraph it would have been, after the sentences before it:
    the longest tail of at most :data:`TAIL_SENTENCES` sentences the detector sets apart both ways is cut. Read
    whole, a bio box's "He is a winner of …" is the bio's, as it is not alone; and a story's last sentences are
    not taken with the credit line after them, since none of them reads as furniture alone. Where the last body
    paragraph is what an inline cut left (``glued_to``: "CLICK HERE TO GET THE FOX NEWS APPCorrection: A previous
    version …"), its first sentence may start the tail too: nothing says the story goes on there."""
    covered = [any(r.start <= p.start and p.end <= r.end for r in regions) for p in paragraphs]
    last = next((i for i in range(len(paragraphs) - 1, -1, -1) if not covered[i]), None)
    if last is None:
        return paragraphs, regions
    units = [Span(*s) for s in sentence_splitter.split_text_sentences(text, paragraphs[last].start,
                                                                       paragraphs[last].end)]
    left_by_a_cut = any((g.start, g.end) == (paragraphs[last].start, paragraphs[last].end) for g in glued_to)
    if len(units) < (1 if left_by_a_cut else 2):
        return paragraphs, regions
    before = [_last_words(text[p.start:p.end]) for p in paragraphs[max(0, last - CONTEXT_PARAGRAPHS):last]]
    after = [text[p.start:p.end] for p in paragraphs[last + 1:]]
    # where a tail may start: a sentence that reads as furniture on its own, each of the last ones read as a
    # paragraph, after the sentences before them as one (a one-block article is not read sentence by sentence)
    first = max(0 if left_by_a_cut else 1, len(units) - TAIL_SENTENCES)
    lead = [_last_words(text[units[0].start:units[first - 1].end])] if first else []
    alone = paragraph_kinds([*before, *lead, *(text[u.start:u.end] for u in units[first:]), *after],
                            header if not before else None)[len(before) + len(lead):len(before) + len(lead)
                                                            + len(units) - first]
    cut, kind = len(units), None
    for k in range(1, len(units) - first + 1):
        if alone[-k] not in FURNITURE or not may_start_tail(alone[-k], text[units[-k].start:units[-k].end]):
            continue
        tail = Span(units[-k].start, units[-1].end)
        head = [_last_words(text[units[0].start:units[-k - 1].end])] if k < len(units) else []
        texts = [*before, *head, text[tail.start:tail.end], *after]
        decided = paragraph_kinds(texts, header if not before else None)[len(before) + len(head)]
        if decided in FURNITURE and may_start_tail(decided, text[tail.start:tail.end]):
            cut, kind = len(units) - k, decided
    if kind is None:
        return paragraphs, regions
    tail = Span(units[cut].start, units[-1].end, kind)
    body = [Span(units[0].start, units[cut - 1].end)] if cut else []
    return [*paragraphs[:last], *body, Span(tail.start, tail.end), *paragraphs[last + 1:]], [*regions, tail]
