"""The document's entity layer: the entity head's names, with spaCy's finer types where the head admits them.

The head (trained on CoNLL-2003 and WNUT-17) decides *where* the names are and whether each is a person, an
organisation, a place or another name; spaCy's small model is right about far fewer of them (about 0.6 F1 on
CoNLL-2003's held-out articles, mapped to the same four types) but finer: a place is a country or a region, another
name a nationality, an event or a law. ``tables/types.tsv`` says which of spaCy's labels each head type admits and
what a reader is told for each label. Dates, figures and amounts are spaCy's alone (the head does not read them),
kept where they do not overlap a name.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..document import Span

TABLES_DIR = Path(__file__).resolve().parent / "tables"
# Where the head and spaCy give the same span different types, the head is right 571 times of 726 on CoNLL-2003
# testa and spaCy 133; below this confidence of the head (the least P(tag) of the name's words) spaCy's type is
# taken: 585 of 726 (measured on testa, the head's validation part; 0.5: 584, 0.7: 578, 0.9: 516).
SPACY_DECIDES_BELOW = 0.6
# A name that spaCy does not see at all (no entity of any type overlaps it) is kept only when the head is at least
# this sure: chosen on the first 30 labelled news articles (presslens/labels/news_entities.tsv, round 1): listed
# actors that are not actors 9.2 % -> 8.0 %, names F1 0.836 -> 0.834 (0.5: 8.6 %, 0.9: 7.8 % at F1 0.833)
UNSEEN_NAME_BELOW = 0.8
# An article alone is never a name: the head can cut "The" off "The Sacramento Bee" as a name of its own (read on an
# unseen HuffPost article: "The" listed among the places).
NOT_A_NAME = frozenset({"the", "a", "an"})


@dataclass(frozen=True)
class TypeTable:
    words: dict[str, str]           # label -> what a reader is told ("GPE" -> "place (country, city, state)")
    admitted: dict[str, frozenset]  # head type -> the labels it admits
    default: dict[str, str]         # head type -> the label it gives when spaCy's is not admitted

    @property
    def name_labels(self) -> frozenset:
        return frozenset(label for labels in self.admitted.values() for label in labels)


@lru_cache(maxsize=1)
def type_table() -> TypeTable:
    words, admitted, default = {}, {}, {}
    for line in (TABLES_DIR / "types.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, said, head_type, is_default = (line.split("\t") + ["", "", ""])[:4]
        words[label] = said
        if head_type:
            admitted.setdefault(head_type, set()).add(label)
            if is_default == "yes":
                default[head_type] = label
    return TypeTable(words, {k: frozenset(v) for k, v in admitted.items()}, default)


def type_in_words(label: str | None) -> str:
    """What a reader is told an entity label means ("NORP" -> "nationality, religious or political group")."""
    return type_table().words.get(label or "", (label or "").lower())


def consistent_types(head_entities: list[tuple[int, int, str, float]], text: str | None
                     ) -> list[tuple[int, int, str, float]]:
    """One type for one name in one article: where the head typed the same string differently ("Carrowmore" a
    person once, a place once), every occurrence takes the type with the most confidence summed over them."""
    if text is None:
        return head_entities
    totals: dict[str, dict[str, float]] = {}
    for start, end, kind, confidence in head_entities:
        by_kind = totals.setdefault(text[start:end], {})
        by_kind[kind] = by_kind.get(kind, 0.0) + confidence
    chosen = {name: max(kinds, key=kinds.get) for name, kinds in totals.items() if len(kinds) > 1}
    if not chosen:
        return head_entities
    return [(s, e, chosen.get(text[s:e], k), c) for s, e, k, c in head_entities]


def merged_entities(head_entities: list[tuple[int, int, str, float]], spacy_entities: list[Span],
                    unread: list[tuple[int, int]] = (), text: str | None = None) -> list[Span]:
    """The entity layer: every name the head found, labelled with spaCy's finer label when an entity of spaCy's
    overlapping it has one the head's type admits (else the head type's default label), and spaCy's other entities
    (dates, figures) that overlap no name. spaCy's names that the head does not find are dropped: the head decides
    what is a name, except over ``unread`` words (those the encoder knows only as unknown, such as "🇺🇦Ukraine"
    written as one word), where spaCy's names stay. With ``text``, one string gets one type in the article
    (:func:`consistent_types`)."""
    table = type_table()
    spacy_entities = sorted(spacy_entities, key=lambda e: e.start)
    starts = [e.start for e in spacy_entities]
    names: list[Span] = []
    type_of = {label: kind for kind, labels in table.admitted.items() for label in labels}
    read: list[tuple[int, int, str, float]] = []
    for start, end, kind, confidence in head_entities:
        if text is not None and text[start:end].lower() in NOT_A_NAME:
            continue
        overlapping = _overlapping(spacy_entities, starts, start, end)
        if not overlapping and confidence < UNSEEN_NAME_BELOW:
            continue   # a name spaCy does not see at all, and the head is unsure of
        same = [e for e in overlapping if (e.start, e.end) == (start, end) and e.label in type_of]
        if same and confidence < SPACY_DECIDES_BELOW:
            kind = type_of[same[0].label]   # the same name, typed otherwise by spaCy, where the head is unsure
        read.append((start, end, kind, confidence))
    # one type per name once every mention is read (spaCy's corrections included), then spaCy's finer label
    for start, end, kind, _ in consistent_types(read, text):
        overlapping = _overlapping(spacy_entities, starts, start, end)
        admitted = table.admitted.get(kind, frozenset())
        finer = [e for e in overlapping if e.label in admitted]
        # the spaCy entity that shares most characters with the name gives its label
        finer.sort(key=lambda e: -(min(end, e.end) - max(start, e.start)))
        names.append(Span(start, end, finer[0].label if finer else table.default.get(kind, kind)))
    name_starts = [n.start for n in names]
    unread = sorted((Span(s, e) for s, e in unread), key=lambda u: u.start)
    unread_starts = [u.start for u in unread]
    kept = [e for e in spacy_entities if (e.label not in table.name_labels or _overlaps(unread, unread_starts, e))
            and not _overlaps(names, name_starts, e)]
    return sorted(names + kept, key=lambda e: (e.start, e.end))


def _overlapping(entities: list[Span], starts: list[int], start: int, end: int) -> list[Span]:
    """The entities (sorted by start, ``starts`` theirs) that overlap ``(start, end)``."""
    low = max(0, bisect_left(starts, start) - 4)
    return [e for e in entities[low:bisect_left(starts, end)] if e.start < end and start < e.end]


def _overlaps(spans: list[Span], starts: list[int], span: Span) -> bool:
    stop = bisect_left(starts, span.end)
    return any(other.overlaps(span) for other in spans[max(0, stop - 4):stop])
