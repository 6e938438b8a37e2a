"""Explanations that name the cue: which words of a span do the work, and how.

Each span is read against ``tables/explanation_cues.tsv`` (kinds of cue: a dehumanising or war metaphor, a
rhetorical question, a doubt marker, a threatened outcome, an asserted cause, an absolute, a superlative, an
intensifier, an appeal to the nation, to authority or to popularity, a slogan's form), the first that matches in
the span (or its sentence, for questions and authorities) naming the words quoted. A label aimed at a person or group
(name calling) names that target when an entity sits in or right after the span. A repeated phrase says how often
it recurs. Otherwise the technique's own sentence is used, with the fragment in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..document import Span
from .taxonomy import Technique

CUES = Path(__file__).resolve().parent / "tables" / "explanation_cues.tsv"
TARGET_LABELS = ("PERSON", "ORG", "NORP", "GPE")
MAX_CUE_CHARS = 70


@dataclass(frozen=True)
class Cue:
    kind: str
    techniques: frozenset[str] | None   # None: any
    where: str                          # "span" or "sentence"
    pattern: re.Pattern
    says: str


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    rows = [line.split("\t") for line in CUES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")][1:]
    return tuple(Cue(kind, None if techniques == "*" else frozenset(techniques.split(",")), where,
                     re.compile(pattern, re.IGNORECASE), says) for kind, techniques, where, pattern, says in rows)


def _short(fragment: str, limit: int = MAX_CUE_CHARS) -> str:
    fragment = " ".join(fragment.split())
    return fragment if len(fragment) <= limit else fragment[: limit - 1].rstrip() + "…"


def target_of(text: str, start: int, end: int, entities: list[Span]) -> str | None:
    """The person or group a label is aimed at: a named entity inside the span or within a few words after it."""
    for entity in entities:
        if entity.label in TARGET_LABELS and start <= entity.start < end + 40 and entity.end > start:
            between = text[end:entity.start] if entity.start >= end else ""
            if len(between.split()) <= 4 and not any(c in between for c in ".;:!?"):
                return text[entity.start:entity.end]
    return None


# The parse's evaluative words, by what a reader calls them, when no cue of the table matches (Penn Treebank tags)
EVALUATIVE = (("adjective", ("JJ", "JJR", "JJS")), ("adverb", ("RB", "RBR", "RBS")),
              ("verb", ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")), ("noun", ("NN", "NNS")))
PLAIN_WORDS = frozenset("not n't also just only even still then now here there more less much many few own other same "
                        "be is are was were been being have has had do does did get got make made say said go went "
                        "come came let alone thing things way people time part able unable likely possible new old "
                        "first last next such".split())
JUDGING = frozenset(("loaded_language", "name_calling", "exaggeration", "doubt", "appeal_to_fear"))


def evaluative_word(text: str, tokens: list[Span], nouns_first: bool = False) -> tuple[str, str] | None:
    """The first adjective of the span's tokens (else adverb, verb, noun; a label's noun first) that is not a plain
    word: ``(word, kind)``."""
    for kind, tags in (EVALUATIVE[3:] + EVALUATIVE[:3] if nouns_first else EVALUATIVE):
        for token in tokens:
            word = text[token.start:token.end]
            if token.label in tags and word.lower() not in PLAIN_WORDS and len(word) > 2:
                return word, kind
    return None


def explain(technique: Technique, text: str, start: int, end: int, sentence: Span | None,
            entities: list[Span] = (), repeats: int = 0, tokens: list[Span] = ()) -> str:
    """One sentence on why ``text[start:end]`` counts as ``technique``, naming the words that do the work."""
    fragment = text[start:end]
    if technique.id == "repetition" and repeats > 0:
        times = "once more" if repeats == 1 else f"{repeats} more times"
        return f"“{_short(fragment)}” recurs {times} in the article: repetition drives a point home without arguing it."
    if technique.id == "name_calling":
        target = target_of(text, start, end, entities)
        label = _short(fragment)
        if target and target not in fragment:
            return f"The label “{label}” is applied to {target} in place of an argument about what they did."
    for cue in cues():
        if cue.techniques is not None and technique.id not in cue.techniques:
            continue
        scope = (text[sentence.start:sentence.end] if cue.where == "sentence" and sentence is not None else fragment)
        match = cue.pattern.search(scope)
        if match is None:
            continue
        said = (match.group(1) if match.groups() and match.group(1) else match.group(0)).strip()
        if cue.kind == "rhetorical question" and not (sentence is not None and sentence.start <= start < sentence.end):
            continue
        target = target_of(text, start, end, entities) if "{target}" in cue.says else None
        sentence_text = cue.says.format(cue=_short(said), target=f" ({target})" if target else "")
        return sentence_text[0].upper() + sentence_text[1:] + ("" if sentence_text.endswith(".") else ".")
    word = evaluative_word(text, tokens, nouns_first=technique.id == "name_calling") if technique.id in JUDGING else None
    if word is not None and technique.id == "name_calling":
        return (f"The label “{_short(fragment, 50)}” names them by a word (“{word[0]}”) that stands in for an "
                "argument about what they did.")
    if word is not None:
        rest = f" in “{_short(fragment, 50)}”" if len(fragment.split()) > 1 else ""
        return (f"The {word[1]} “{word[0]}”{rest} judges instead of describing: {technique.name.lower()} makes the "
                "reader feel before the facts are given.")
    return technique.explanation.format(fragment=_short(fragment, 60))
