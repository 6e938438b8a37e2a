"""Abbreviations an article defines ("the World Health Organization (WHO)") and every later use of them.

The rule is Schwartz and Hearst's (2003): a short form in brackets right after a name is that name's abbreviation
when its characters can be found in the name in order, right to left, its first character starting one of the
name's words ("Organisation for Economic Co-operation and Development (OECD)", "Médecins Sans Frontières (MSF)").
The entity head reads "WHO" as the pronoun it spells (the encoder is uncased); once the article has defined it,
each later "WHO" written in capitals is the organisation's, whatever the head said.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from ..document import Span

_SHORT_FORM = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9.&-]{1,9})\s*\)")


def spells(short: str, long: str) -> bool:
    """Whether ``short``'s letters and digits appear in ``long`` in order (right to left, Schwartz-Hearst), the
    first one at the start of a word of ``long``."""
    short = [c.lower() for c in short if c.isalnum()]
    long = long.lower()
    if len(short) < 2 or len(long) <= len(short):
        return False
    position = len(long) - 1
    for index in range(len(short) - 1, -1, -1):
        char = short[index]
        while position >= 0 and (long[position] != char
                                 or (index == 0 and position > 0 and long[position - 1].isalnum())):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True


def defined_abbreviations(text: str, names: list[Span]) -> dict[str, Span]:
    """Short form -> the name it abbreviates, for each name followed by its short form in brackets."""
    out: dict[str, Span] = {}
    for name in names:
        match = _SHORT_FORM.match(text, name.end)
        if match and match.group(1) not in out and spells(match.group(1), text[name.start:name.end]):
            out[match.group(1)] = name
    return out


def link_abbreviations(text: str, entities: list[Span], names: frozenset, body: list[Span]) -> list[Span]:
    """``entities`` with every use of a defined short form in the body labelled as the name it abbreviates
    (replacing what overlaps it there: the head's reading of "WHO" as nothing, or as another name)."""
    named = [e for e in entities if e.label in names]
    defined = defined_abbreviations(text, named)
    if not defined:
        return entities
    shorts = "|".join(map(re.escape, sorted(defined, key=len, reverse=True)))
    pattern = re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % shorts)
    uses = [Span(m.start(), m.end(), defined[m.group(0)].label)
            for paragraph in body for m in pattern.finditer(text, paragraph.start, paragraph.end)]
    if not uses:
        return entities
    starts = [u.start for u in uses]
    kept = [e for e in entities if not any(u.overlaps(e) for u in uses[max(0, bisect_left(starts, e.start) - 2):
                                                                         bisect_left(starts, e.end)])]
    return sorted(kept + uses, key=lambda e: (e.start, e.end))
