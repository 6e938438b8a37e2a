"""Group actors: the common-noun groups of people an article names ("the protesters", "army chiefs", "aid agencies").

A group is a plural people noun of ``tables/people_nouns.txt`` with the nouns and adjectives right before it that
define it (at most two: "climate scientists", "local farmers"; not "many" or "other",
``tables/group_modifiers_not.txt``), read from spaCy's Penn tags. Mentions with the same words are one group;
the bare noun ("scientists") joins the one defined group it ends when there is only one. A group is an actor
when the article names it at least :data:`MIN_MENTIONS` times: a group named once is scenery, not a party to
the story. A noun right after a name is not a group of its own ("Russian forces", "BT customers" stay with the
name's actor or are no actor).
"""
from __future__ import annotations

from bisect import bisect_left
from ..document import Span
from .aliases import Actor
from .tables import tables

MIN_MENTIONS = 2
_MODIFIER_TAGS = {"JJ", "NN", "NNS", "VBN"}
_NOUN_TAGS = {"NNS", "NN", "NNPS"}
_SENTENCE_ENDS = {".", "!", "?", "\"", "“", ":", ";"}


def group_actors(text: str, tokens: list[Span], entities: list[Span], taken: list[Span]) -> list[Actor]:
    """Group actors of the body's ``tokens`` (spaCy's, Penn tags as labels), most mentioned first; ``taken``:
    the mentions of the named actors (a group never overlaps one)."""
    nouns, not_modifiers = tables().people_nouns, tables().not_group_modifiers
    occupied = sorted(list(entities) + list(taken), key=lambda s: s.start)
    starts = [s.start for s in occupied]

    def named(span: Span) -> bool:
        stop = bisect_left(starts, span.end)
        return any(o.overlaps(span) for o in occupied[max(0, stop - 6):stop])

    groups: dict[str, list[Span]] = {}
    for i, token in enumerate(tokens):
        word = text[token.start:token.end]
        if token.label not in _NOUN_TAGS or word.lower() not in nouns or not word.islower() or named(token):
            continue
        first = i
        while first > 0 and i - first < 2:
            previous = tokens[first - 1]
            before = text[previous.start:previous.end]
            starts_sentence = first == 1 or text[tokens[first - 2].start:tokens[first - 2].end] in _SENTENCE_ENDS
            written = before.islower() or (starts_sentence and before[:1].isupper() and before[1:].islower())
            # "Army chiefs" at a sentence start: spaCy tags the capitalised word a proper noun
            tag_fits = previous.label in _MODIFIER_TAGS or (starts_sentence and previous.label == "NNP")
            if (not tag_fits or not before.isalpha() or not written
                    or before.lower() in not_modifiers or previous.end + 1 < tokens[first].start):
                break
            first -= 1
        if first > 0 and named(tokens[first - 1]) and tokens[first - 1].end + 1 >= tokens[first].start:
            continue   # "Russian forces", "BT customers": the name's
        span = Span(tokens[first].start, token.end, "GROUP")
        groups.setdefault(" ".join(text[span.start:span.end].lower().split()), []).append(span)
    for key in [k for k in groups if " " not in k]:
        longer = [k for k in groups if k.endswith(" " + key)]
        if len(longer) == 1:
            groups[longer[0]] += groups.pop(key)
    actors = [Actor(key, "GROUP", sorted(spans, key=lambda s: s.start), {key})
              for key, spans in groups.items() if len(spans) >= MIN_MENTIONS]
    actors.sort(key=lambda a: (-len(a.mentions), a.mentions[0].start))
    return actors
