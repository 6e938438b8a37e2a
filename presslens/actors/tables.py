"""The rule tables of actor finding (titles, aliases, non-actors, place types, nationality words), read once from
``tables/``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..nlp.entity_kinds import PLACE_LABELS

TABLES_DIR = Path(__file__).resolve().parent / "tables"


def name_key(name: str) -> str:
    """How names are compared: no leading "the", no dots, one space, lower case ("the U.K." -> "uk")."""
    name = re.sub(r"^(?:the)\s+", "", " ".join(name.split()), flags=re.IGNORECASE)
    return name.replace(".", "").lower()


def _lines(file: str) -> list[str]:
    return [line.rstrip("\n") for line in (TABLES_DIR / file).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Tables:
    titles: tuple[tuple[str, ...], ...]      # each title as lower-case words, longest first
    canonical: dict[str, tuple[str, str]]    # name key -> (canonical name, type)
    not_actors: frozenset[str]               # name keys that are never actors
    place_types: dict[str, str]              # name key -> the type that name has (LOC for regions)
    group_nouns: frozenset[str]              # "forces" in "Russian forces": nouns a nationality word makes an actor
    demonyms: frozenset[str]                 # "ukrainian": singular nationality words, whatever spaCy labels them
    postnominals: frozenset[str]             # "obe": letters after a name that do not make another actor
    org_words: frozenset[str]                # "union", "bank": words that make a name an organisation's
    place_words: dict[str, str]              # "line" -> FAC, "vale" -> LOC: last words that make a name a place's
    given_names: frozenset[str]              # "bernard": first words that make an untyped-looking name a person's
    titles_in_names: frozenset[str]          # "general": titles that also begin organisations' names (General Motors)
    not_actor_cues: tuple[tuple[str, str, frozenset[str]], ...] = ()   # (reason, where, words): not_actor_cues.tsv
    people_nouns: frozenset[str] = frozenset()       # "protesters": the head nouns of group actors
    not_group_modifiers: frozenset[str] = frozenset()   # "many", "other": words before them that define no group
    event_words: tuple[tuple[str, ...], ...] = ()     # "hurricane": first words that make a name an event's


@lru_cache(maxsize=1)
def tables() -> Tables:
    titles = sorted({tuple(line.lower().split()) for line in _lines("titles.txt")}, key=len, reverse=True)
    canonical: dict[str, tuple[str, str]] = {}
    for line in _lines("aliases.tsv"):
        name, kind, others = (line.split("\t") + ["", ""])[:3]
        for alias in [name, *filter(None, others.split("|"))]:
            canonical[name_key(alias)] = (name, kind)
    places = {}
    for line in _lines("places.tsv"):
        name, kind = line.split("\t")[:2]
        places[name_key(name)] = kind
    return Tables(tuple(titles), canonical, frozenset(name_key(line) for line in _lines("not_actors.txt")), places,
                  frozenset(line.strip().lower() for line in _lines("group_nouns.txt")),
                  frozenset(line.strip().lower() for line in _lines("demonyms.txt")),
                  frozenset(name_key(line) for line in _lines("postnominals.txt")),
                  frozenset(line.strip().lower() for line in _lines("org_words.txt")),
                  {line.split("\t")[0].strip().lower(): line.split("\t")[1].strip()
                   for line in _lines("place_words.txt")},
                  frozenset(line.strip().lower() for line in _lines("given_names.txt")),
                  frozenset(line.strip().lower() for line in _lines("titles_in_names.txt")),
                  tuple((reason, where, frozenset(words.split("|")))
                        for reason, where, words in (line.split("\t")[:3] for line in _lines("not_actor_cues.tsv"))),
                  frozenset(line.strip().lower() for line in _lines("people_nouns.txt")),
                  frozenset(line.strip().lower() for line in _lines("group_modifiers_not.txt")),
                  tuple(tuple(line.lower().split()) for line in _lines("event_words.txt")))


def known_place_type(name: str) -> str | None:
    """GPE, LOC or FAC for a name the tables know as a place ("Kyiv", "Crimea", "the U.K.") or whose last word makes
    it one ("Ashford Vale"), whatever spaCy labelled it; ``None`` for any other name."""
    t = tables()
    key = name_key(re.sub(r"['’]s?$", "", name))
    kind = t.place_types.get(key) or t.canonical.get(key, ("", ""))[1]
    if kind in PLACE_LABELS:
        return kind
    words = key.split()
    if len(words) > 1 and words[-1] in t.place_words and words[0] not in t.given_names:
        return t.place_words[words[-1]]   # "Ashford Vale", "the Green Line"; not "Grace Park", a person
    return None


def is_demonym(name: str) -> bool:
    """"Ukrainian", "Danes": a nationality word or its plural (a group, NORP), whatever spaCy labelled it."""
    word = re.sub(r"^the\s+", "", name.strip().lower())
    demonyms = tables().demonyms
    return word in demonyms or (word.endswith("s") and word[:-1] in demonyms)


# spaCy's small model calls many places people or organisations ("Kherson" PERSON, "Mariupol" ORG, "Ashford Vale"
# PERSON) and nationalities organisations ("Danes" ORG). What can name a place or a group is corrected; dates,
# figures and the rest keep spaCy's label.
_CORRECTED = ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC")


def is_event_name(name: str) -> bool:
    """"Hurricane Dorian", "Operation Desert Storm": a name whose first words make it an event (event_words.txt),
    followed by a name of its own."""
    words = name_key(name).split()
    return any(len(words) > len(first) and tuple(words[:len(first)]) == first for first in tables().event_words)


def is_bare_title(name: str) -> bool:
    """"Sen", "President": a title alone (titles.txt), which names no one, though a head cutting "Sen. Cory Booker"
    may take it for a name."""
    return tuple(name_key(name).split()) in _title_keys()


@lru_cache(maxsize=1)
def _title_keys() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(word.replace(".", "") for word in title) for title in tables().titles)


def corrected_label(name: str, label: str) -> str:
    """The entity label of ``name`` after the tables (places.tsv, aliases.tsv, place_words.txt, demonyms.txt,
    event_words.txt): the one place every entity layer (the document's, an evidence sentence's) takes its types
    from."""
    if label not in _CORRECTED:
        return label
    if is_event_name(name):
        return "EVENT"
    return "NORP" if is_demonym(name) else known_place_type(name) or label
