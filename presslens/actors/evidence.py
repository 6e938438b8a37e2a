"""What the article attaches to each actor: technique spans, claim cards, quotes.

- A technique span *labels* an actor when it touches one of its mentions ("the tyrant Putin", "Putin the
  warmonger"); otherwise it belongs to the actor named nearest to it in the same clause ("Russia's brutal
  invasion", "the West shamelessly looked away"), where clauses are the parts of a sentence between
  semicolons, colons, dashes and a comma or conjunction that opens a new clause. A span in a clause that names
  no actor is attached to none: a wrong attachment would put one actor's words on another.
- A claim card names an actor when one of its mentions lies inside the card's sentence.
- A sentence quotes an actor when the claims module's attribution finds the actor as its source
  ("Macron said the talks had failed", "…, said the minister"; see :mod:`presslens.nlp.attribution`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..document import Document, Span
from ..nlp.attribution import find_attribution
from .aliases import Actor

# Where a new clause starts inside a sentence.
_CLAUSE_BREAK = re.compile(r"\s*[;:—–]\s+|\s+-\s+|,?\s+(?=(?:but|while|whereas|although|though|because|yet|"
                           r"so that|which|who|whom|whose)\b)|,\s+(?=(?:and|or)\s)")
TOUCHING_GAP = 2   # characters between a span and a mention that still touch ("the tyrant Putin", "Putin's lies")


def clauses(text: str, sentence: Span) -> list[tuple[int, int]]:
    cuts = [sentence.start]
    cuts += [m.end() for m in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end)]
    cuts.append(sentence.end)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def attach_evidence(doc: Document, actors: list[Actor], techniques: list[dict] | None,
                    claims: list[dict] | None) -> list[dict]:
    """For each actor: ``{"techniques": [...], "claims": [...], "quotes": [...]}``."""
    owner = sorted(((m.start, m.end, i) for i, actor in enumerate(actors) for m in actor.mentions))
    starts = [o[0] for o in owner]
    attached = [{"techniques": [], "claims": [], "quotes": []} for _ in actors]
    sentence_starts = [s.start for s in doc.sentences]
    entity_starts = [e.start for e in doc.entities]

    def mentions_in(start: int, end: int) -> list[tuple[int, int, int]]:
        return [o for o in owner[bisect_left(starts, start):bisect_left(starts, end)] if o[1] <= end]

    for span in techniques or ():
        s, e = span["start"], span["end"]
        touching = {i for ms, me, i in owner[max(0, bisect_left(starts, s) - 8):bisect_right(starts, e + TOUCHING_GAP)]
                    if ms <= e + TOUCHING_GAP and me >= s - TOUCHING_GAP and _touch(doc.text, s, e, ms, me)}
        targets = touching or _nearest_in_clause(doc, sentence_starts, s, e, mentions_in)
        for i in sorted(targets):
            attached[i]["techniques"].append({"technique": span["technique"], "start": s, "end": e})
    for number, card in enumerate(claims or ()):
        for i in sorted({i for _, _, i in mentions_in(card["start"], card["end"])}):
            attached[i]["claims"].append(number)
    for sentence in doc.sentences:
        named = mentions_in(sentence.start, sentence.end)
        if not named:
            continue
        source = find_attribution(doc.text, sentence.start, sentence.end,
                                  doc.entities[bisect_left(entity_starts, sentence.start):
                                               bisect_left(entity_starts, sentence.end)])
        if source is None:
            continue
        for i in sorted({i for ms, me, i in named if ms < source.end and source.start < me}):
            attached[i]["quotes"].append({"start": sentence.start, "end": sentence.end})
    return attached


def _touch(text: str, s: int, e: int, ms: int, me: int) -> bool:
    if s < me and ms < e:
        return True
    gap = text[e:ms] if e <= ms else text[me:s]
    return len(gap) <= TOUCHING_GAP and not any(c in gap for c in ",;:.!?")


def _nearest_in_clause(doc: Document, sentence_starts: list[int], s: int, e: int, mentions_in) -> set[int]:
    index = bisect_right(sentence_starts, s) - 1
    if index < 0 or not (doc.sentences[index].start <= s < doc.sentences[index].end):
        return set()
    for a, b in clauses(doc.text, doc.sentences[index]):
        if a <= s < b:
            named = [o for o in mentions_in(a, b) if not (o[0] < e and s < o[1])]
            if not named:
                return set()
            distance = lambda o: o[0] - e if o[0] >= e else s - o[1]  # noqa: E731
            nearest = min(distance(o) for o in named)
            return {o[2] for o in named if distance(o) == nearest}
    return set()
