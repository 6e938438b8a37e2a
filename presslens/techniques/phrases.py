"""Technique spans on sentence and phrase boundaries.

- **Sentence ends** (no parse needed): a technique whose gold spans seldom run across a sentence end (the table
  ``tables/sentence_crossing.tsv``, under :data:`CUT_BELOW`) is cut at the sentence ends of a found span.
- **Phrases** (with the parse: tokens labelled with Penn Treebank tags, sorted): a span never stops before the noun
  its last word modifies nor starts after the adjectives of its first noun, and one phrase split in two spans of one
  technique becomes one span.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from ..document import Span
from .model import says_nothing, trim_dangling, word_aligned

# A sentence end inside a span: a stop, a question or exclamation mark (and closing quotes or brackets), space,
# then what starts a sentence.
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“'‘(\[]?[A-Z0-9])")
ABBREVIATIONS = frozenset(line.strip() for line in (Path(__file__).resolve().parent / "tables" / "abbreviations.txt")
                          .read_text().splitlines() if line.strip() and not line.startswith("#"))
_WORD_BEFORE = re.compile(r"(\w+)$")


def sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each sentence end strictly inside ``text[start:end]`` (where the next sentence starts):
    not after an abbreviation (``tables/abbreviations.txt``) or a single capital letter."""
    out = []
    for m in SENTENCE_END.finditer(text, start, end):
        if m.end() >= end:
            continue
        word = _WORD_BEFORE.search(text, max(start, m.start() - 12), m.start())
        if text[m.start()] == "." and word and (word.group(1) in ABBREVIATIONS or
                                                 (len(word.group(1)) == 1 and word.group(1).isupper())):
            continue
        out.append(m.end())
    return out


CROSSING_TABLE = Path(__file__).resolve().parent / "tables" / "sentence_crossing.tsv"
# A technique whose gold spans run across a sentence end less often than this is cut at sentence ends when found
# (loaded language 1 %, name calling 1 %: a found span that crosses one ran on); doubt (16 %), appeal to authority
# (19 %) and the other argument-shaped techniques may cross, as the annotators let them.
CUT_BELOW = 0.05
# A phrase never runs across these: a span is carried neither past nor over them.
PHRASE_BREAKS = frozenset(",;:.!?()\"“”\n")
# A span that ends on one of these (a modifier: adjective, determiner, possessive, number) has stopped before the
# noun it belongs to; BETWEEN_TAGS may stand between it and that noun.
MODIFIER_TAGS = frozenset(("JJ", "JJR", "JJS", "DT", "PRP$", "CD", "PDT"))
BETWEEN_TAGS = frozenset(("JJ", "JJR", "JJS", "HYPH", "VBN", "VBG", "CD", "NN", "NNS", "NNP", "NNPS"))
NOUN_TAGS = frozenset(("NN", "NNS", "NNP", "NNPS"))
ADJECTIVE_TAGS = frozenset(("JJ", "JJR", "JJS"))
JOINING_TAGS = frozenset(("CC", "DT", "JJ", "JJR", "JJS", "RB", "HYPH"))
MAX_CARRY = 4        # words a span is carried over at most
MAX_JOIN_WORDS = 2   # words between two spans that are one phrase


@lru_cache(maxsize=1)
def cut_at_sentence_ends() -> frozenset[str]:
    """The techniques whose found spans are cut at sentence ends (``CROSSING_TABLE`` under ``CUT_BELOW``)."""
    rows = [line.split("\t") for line in CROSSING_TABLE.read_text().splitlines()
            if line.strip() and not line.startswith("#")][1:]
    return frozenset(t for t, _, share in rows if float(share) < CUT_BELOW)


def sentence_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut after each sentence end inside it, each piece trimmed to whole words without dangling
    words; pieces that say nothing are dropped."""
    cuts = sentence_ends(text, start, end)
    pieces = []
    for s, e in zip([start] + cuts, cuts + [end]):
        s, e = trim_dangling(text, *word_aligned(text, s, e))
        while e > s and text[e - 1] in ". ":   # the stop that ended the sentence is not part of the wording
            e -= 1
        if e > s and not says_nothing(text[s:e]):
            pieces.append((s, e))
    return pieces


def _breaks(text: str, start: int, end: int) -> bool:
    return any(c in PHRASE_BREAKS for c in text[start:end])


def to_head_noun(text: str, tokens: list[Span], start: int, end: int) -> int:
    """The end of ``text[start:end]`` carried to the noun its last word modifies ("a horrible" → "a horrible
    concept"), when the parse shows one within :data:`MAX_CARRY` words and no punctuation between; else ``end``."""
    index = bisect_left(tokens, end, key=lambda t: t.end)
    if index >= len(tokens) or tokens[index].end != end or tokens[index].label not in MODIFIER_TAGS:
        return end
    carried = end
    for position in range(index + 1, min(index + 1 + MAX_CARRY, len(tokens))):
        token = tokens[position]
        if token.label not in BETWEEN_TAGS or _breaks(text, carried, token.start):
            break
        carried = token.end
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if token.label in NOUN_TAGS and (following is None or following.label not in NOUN_TAGS):
            return carried
    return end


def from_phrase_start(text: str, tokens: list[Span], start: int) -> int:
    """The start of a span that begins on a noun carried back over the adjectives right before it ("reckless
    [bureaucrats]" → "[reckless bureaucrats]"), never past punctuation; else ``start``."""
    index = bisect_left(tokens, start, key=lambda t: t.start)
    if index >= len(tokens) or tokens[index].start != start or tokens[index].label not in NOUN_TAGS:
        return start
    carried = start
    for token in reversed(tokens[max(0, index - MAX_CARRY):index]):
        if token.label not in ADJECTIVE_TAGS or _breaks(text, token.end, carried):
            break
        carried = token.start
    return carried


def merge_split_phrases(text: str, tokens: list[Span], found: list) -> list:
    """Two found spans of one technique that the parse shows to be one phrase split in two ("[reckless] and
    [shameful] budget": at most two joining words between them, no punctuation) become one, with the higher scores."""
    from dataclasses import replace

    out: list = []
    for span in sorted(found, key=lambda f: (f.start, f.end)):
        previous = out[-1] if out else None
        if previous is not None and previous.technique == span.technique and previous.end <= span.start:
            between = tokens[bisect_left(tokens, previous.end, key=lambda t: t.start):
                             bisect_left(tokens, span.start, key=lambda t: t.start)]
            if (len(between) <= MAX_JOIN_WORDS and all(t.label in JOINING_TAGS for t in between)
                    and not _breaks(text, previous.end, span.start)):
                out[-1] = replace(max(previous, span, key=lambda f: f.score), start=previous.start, end=span.end)
                continue
        out.append(span)
    return out
